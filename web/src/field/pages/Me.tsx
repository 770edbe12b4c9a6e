// Me: this month's figures (from the evaluation rules), the outbox, settings (device coordinates, language), sign-out.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, List, Segmented, Statistic, Tag } from 'antd';
import { useI18n } from '../../shared/i18n';
import { fmtShort } from '../../shared/time';
import { useLogout, useMe, useStats, type Rate } from '../data';
import { useT } from '../messages';
import { discardItem, retryItem, sendNow, useOutbox } from '../outbox';
import { deviceCrs, setDeviceCrs } from '../position';

const pct = (r: Rate | undefined) => (r && r.rate !== null ? `${(r.rate * 100).toFixed(1)}%` : '—');

export function MePage() {
  const t = useT();
  const { lang, setLang } = useI18n();
  const me = useMe();
  const stats = useStats();
  const outbox = useOutbox();
  const logout = useLogout();
  const navigate = useNavigate();
  const [crs, setCrs] = useState(deviceCrs());
  const s = stats.data;
  return (
    <div className="fd-page">
      <h2>
        {me.data?.displayName} <span className="fd-muted">{me.data?.username}</span>
      </h2>
      <section className="fd-card">
        <div className="fd-label">{t('me.month', { label: s?.period.label ?? '' })}</div>
        <div className="fd-stats" data-testid="my-stats">
          <Statistic title={t('me.reports')} value={s?.reports ?? '—'} />
          <Statistic title={t('me.valid')} value={pct(s?.validReportRate)} />
          <Statistic title={t('me.verifyOnTime')} value={pct(s?.verifyOnTimeRate)} />
          <Statistic title={t('me.checkOnTime')} value={pct(s?.checkOnTimeRate)} />
        </div>
        <div className="fd-muted fd-small">{t('me.statsNote')}</div>
      </section>
      <section className="fd-card" id="outbox">
        <div className="fd-row">
          <span className="fd-label">{t('outbox.title')}</span>
          {outbox.length ? (
            <Button size="small" onClick={() => void sendNow()}>
              {t('outbox.sendNow')}
            </Button>
          ) : null}
        </div>
        <List
          size="small"
          locale={{ emptyText: t('outbox.empty') }}
          dataSource={outbox}
          renderItem={(i) => (
            <List.Item
              actions={
                i.status === 'failed'
                  ? [
                      <Button key="r" size="small" onClick={() => void retryItem(i.id)}>
                        {t('outbox.retry')}
                      </Button>,
                      <Button key="d" size="small" danger onClick={() => void discardItem(i.id)}>
                        {t('outbox.discard')}
                      </Button>,
                    ]
                  : []
              }
            >
              <div>
                <div>
                  {i.kind === 'report'
                    ? t('outbox.report', { cls: `${i.body.classCode} ${i.body.description.slice(0, 12)}` })
                    : t('outbox.answer', { action: i.body.action === 'verify' ? t('tasks.verify') : t('tasks.check'), number: i.caseNumber })}{' '}
                  {i.status === 'failed' ? <Tag color="red">{i.lastError}</Tag> : null}
                </div>
                <div className="fd-muted fd-small">
                  {fmtShort(i.createdAt)} · {t('report.photoCount', { n: i.photos.length + (i.kind === 'report' ? i.afterPhotos.length : 0) })}
                </div>
              </div>
            </List.Item>
          )}
        />
      </section>
      <section className="fd-card">
        <div className="fd-label">{t('me.settings')}</div>
        <div className="fd-row">
          <span>{t('me.crs')}</span>
          <Segmented
            size="small"
            value={crs}
            onChange={(v) => {
              setDeviceCrs(v as 'WGS84');
              setCrs(v as 'WGS84');
            }}
            options={['WGS84', 'GCJ02']}
          />
        </div>
        <div className="fd-muted fd-small">{t('me.crsHelp')}</div>
        <div className="fd-row">
          <span>{t('me.language')}</span>
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'English', value: 'en' }]} />
        </div>
      </section>
      <Button block danger onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
        {t('me.logout')}
      </Button>
    </div>
  );
}
