// Base data and geocoding (基础数据资源管理 · 地理编码) for the district's GIS administrator: one page, one tab per section,
// the section in the URL (/basedata/<section>).
import { lazy, Suspense, type ComponentType } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Result, Spin, Tabs, Typography } from 'antd';
import { hasRole, useUser } from '../auth';
import { useBdI18n, type BdKey } from './messages';
import './basedata.css';

export const SECTIONS = ['geography', 'imports', 'versions', 'components', 'gazetteer', 'basemap'] as const;
export type Section = (typeof SECTIONS)[number];

const SCREENS: Record<Section, ComponentType> = {
  geography: lazy(() => import('./GeographySection')),
  imports: lazy(() => import('./ImportSection')),
  versions: lazy(() => import('./VersionsSection')),
  components: lazy(() => import('./ComponentsSection')),
  gazetteer: lazy(() => import('./GazetteerSection')),
  basemap: lazy(() => import('./BasemapSection')),
};

const isSection = (s: string | undefined): s is Section => (SECTIONS as readonly string[]).includes(s ?? '');

export default function BasedataPage() {
  const user = useUser();
  const { t, lang } = useBdI18n();
  const navigate = useNavigate();
  const first = useParams()['*']?.split('/')[0];
  const section: Section = isSection(first) ? first : 'geography';

  if (!hasRole(user, 'admin')) return <Result status="403" title="403" subTitle={t('bd.forbidden')} data-testid="basedata-forbidden" />;

  const Screen = SCREENS[section];
  return (
    <div className="wg-bd" data-section={section}>
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{t('bd.pageTitle')}</h1>
          <Typography.Text type="secondary">{t('bd.pageHint')}</Typography.Text>
        </div>
      </div>
      <Tabs
        key={lang}
        className="wg-bd-tabs"
        activeKey={section}
        onChange={(key) => navigate(`/basedata/${key}`)}
        aria-label={t('bd.sections')}
        items={SECTIONS.map((s) => ({ key: s, label: t(`bd.tab.${s}` as BdKey) }))}
      />
      <Suspense fallback={<Spin className="wg-bd-spin" />}>
        <Screen key={section} />
      </Suspense>
    </div>
  );
}
