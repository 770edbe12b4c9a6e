// The case photos by stage (before / after / on-site checks), zoomable (antd preview: zoom, rotate, flip).
import { Empty, Image } from 'antd';
import { useI18n } from '../../shared/i18n';
import type { CaseDetail } from '../../shared/types';

const STAGES = ['before', 'after', 'other'] as const;

export function CasePhotos({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  if (!c.photos.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('photos.none')} />;
  return (
    <Image.PreviewGroup>
      <div className="wg-photo-stages">
        {STAGES.map((stage) => {
          const list = c.photos.filter((p) => (stage === 'other' ? !['before', 'after'].includes(p.stage) : p.stage === stage));
          if (!list.length) return null;
          return (
            <section key={stage} className="wg-photo-stage" aria-label={t(`photos.${stage}` as const)}>
              <h3>{t(`photos.${stage}` as const)}</h3>
              <div className="wg-photo-row">
                {list.map((p) => (
                  <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={132} height={99} alt={t(`photos.${stage}` as const)} data-stage={stage} />
                ))}
              </div>
            </section>
          );
        })}
      </div>
    </Image.PreviewGroup>
  );
}
