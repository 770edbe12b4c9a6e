// Report in 30 seconds: photo(s), position (GPS, else the photo's EXIF), class from recent ones or by search, a few
// words, send. Everything goes through the outbox: sent now when online, kept on the phone when not.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Button, Checkbox, Input, Select, Tag } from 'antd';
import { AimOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../shared/i18n';
import { useCatalogue, useRecentClasses } from '../data';
import { useT } from '../messages';
import { enqueue } from '../outbox';
import { choosePosition, currentFix, type Fix } from '../position';
import { reportItem } from '../queue';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';

const RECENT_KEY = 'wangge.field.recentClasses';

function localRecent(): string[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
  } catch {
    return [];
  }
}

export function ReportPage() {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const selfFix = params.get('selfFix') === '1';
  const catalogue = useCatalogue();
  const recent = useRecentClasses();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [after, setAfter] = useState<PickedPhoto[]>([]);
  const [cls, setCls] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [gps, setGps] = useState<Fix | null>(null);
  const [locating, setLocating] = useState(false);
  const [sending, setSending] = useState(false);

  const locate = () => {
    setLocating(true);
    currentFix()
      .then(setGps)
      .catch(() => {})
      .finally(() => setLocating(false));
  };
  useEffect(locate, []);
  const exif = photos.find((p) => p.exif)?.exif ?? null;
  const position = choosePosition(gps, exif);

  const classes = useMemo(() => (catalogue.data ?? []).filter((c) => c.active), [catalogue.data]);
  const byKey = useMemo(() => new Map(classes.map((c) => [`${c.kind}:${c.code}`, c])), [classes]);
  const name = (key: string) => {
    const c = byKey.get(key);
    return c ? (lang === 'en' ? c.nameEn : c.nameZh) : key.split(':')[1];
  };
  // Recent: this phone's own choices first (they work offline), then the server's list.
  const recentKeys = useMemo(() => {
    const keys = [...localRecent(), ...(recent.data ?? []).map((r) => `${r.kind}:${r.code}`)];
    return [...new Set(keys)].filter((k) => byKey.has(k) || !catalogue.data).slice(0, 6);
  }, [recent.data, byKey, catalogue.data]);

  const send = async () => {
    if (!photos.length) return void message.warning(t('report.needPhoto'));
    if (selfFix && !after.length) return void message.warning(t('report.needAfter'));
    if (!cls) return void message.warning(t('report.needClass'));
    if (!note.trim()) return void message.warning(t('report.needNote'));
    if (!position) return void message.warning(t('report.noPosition'));
    const [kind, classCode] = cls.split(':') as ['component' | 'matter', string];
    setSending(true);
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify([cls, ...localRecent().filter((k) => k !== cls)].slice(0, 8)));
      const item = reportItem(
        { kind, classCode, description: note.trim(), lng: position.lng, lat: position.lat, crs: position.crs, urgency: urgent ? 'urgent' : 'normal', selfFix },
        photos.map((p) => p.blob),
        after.map((p) => p.blob),
      );
      const res = await enqueue(item);
      const sent = res.sent.find((s) => s.id === item.id);
      if (sent) {
        void message.success(t('report.sent', { number: sent.number ?? '' }));
        void qc.invalidateQueries({ queryKey: ['recent-classes'] });
        void qc.invalidateQueries({ queryKey: ['stats'] });
      } else {
        const failed = res.failed.find((f) => f.id === item.id);
        if (failed) void message.error(failed.error.message);
        else void message.info(t('report.queued'));
      }
      navigate('/');
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="fd-page fd-report">
      <h2>{selfFix ? t('report.selfFixTitle') : t('report.title')}</h2>
      <section>
        <label className="fd-label">{selfFix ? t('report.before') : t('report.photos')}</label>
        <PhotoPicker photos={photos} onChange={setPhotos} label={selfFix ? t('report.before') : t('report.photos')} testId="photo-input" />
      </section>
      {selfFix ? (
        <section>
          <label className="fd-label">{t('report.after')}</label>
          <PhotoPicker photos={after} onChange={setAfter} label={t('report.after')} testId="after-photo-input" />
        </section>
      ) : null}
      <section>
        <label className="fd-label" htmlFor="fd-class">
          {t('report.class')}
        </label>
        {recentKeys.length ? (
          <div className="fd-chips" aria-label={t('report.recent')}>
            <span className="fd-muted">{t('report.recent')}</span>
            {recentKeys.map((k) => (
              <Tag.CheckableTag key={k} checked={cls === k} onChange={() => setCls(k)}>
                {name(k)}
              </Tag.CheckableTag>
            ))}
          </div>
        ) : null}
        <Select
          id="fd-class"
          style={{ width: '100%' }}
          size="large"
          value={cls}
          onChange={setCls}
          placeholder={t('report.classSearch')}
          loading={catalogue.isPending}
          showSearch={{
            filterOption: (input, option) => {
              const hay = String((option as { search?: string })?.search ?? '');
              return input.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
            },
          }}
          options={classes.map((c) => ({
            value: `${c.kind}:${c.code}`,
            search: `${c.code} ${c.nameZh} ${c.nameEn} ${c.majorNameZh}`.toLowerCase(),
            label: `${lang === 'en' ? c.nameEn : c.nameZh} · ${c.code}`,
          }))}
        />
      </section>
      <section>
        <label className="fd-label" htmlFor="fd-note">
          {t('report.note')}
        </label>
        <Input.TextArea id="fd-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('report.notePlaceholder')} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </section>
      <section className="fd-position">
        <div>
          <label className="fd-label">{t('report.position')}</label>
          <div data-testid="report-position">
            {position ? (
              <>
                {position.lng.toFixed(5)}, {position.lat.toFixed(5)}{' '}
                <Tag>{position.source === 'exif' ? t('report.fromExif') : t('report.fromGps')}</Tag>
                {position.crs !== 'WGS84' ? <Tag color="orange">{position.crs}</Tag> : null}
              </>
            ) : locating ? (
              t('report.locating')
            ) : (
              <span className="fd-warn">{t('report.noPosition')}</span>
            )}
          </div>
        </div>
        <Button icon={<AimOutlined />} onClick={locate} loading={locating}>
          {t('report.locate')}
        </Button>
      </section>
      <section>
        <Checkbox checked={urgent} onChange={(e) => setUrgent(e.target.checked)}>
          {t('report.urgent')}
        </Checkbox>
      </section>
      <Button type="primary" size="large" block icon={<SendOutlined />} loading={sending} onClick={() => void send()}>
        {t('report.send')}
      </Button>
    </div>
  );
}
