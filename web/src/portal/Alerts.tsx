// Local alerts (周边提醒) on the portal, without an account: choose a place on the map (and a radius) or a community,
// what to hear about (new cases, closures), confirm the mobile number with a texted code; every message carries the
// private link to this subscription, where it can be seen and stopped.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Radio, Result, Select, Spin, Tag } from 'antd';
import { api, errorText } from '../shared/api';
import { useI18n, type Lang } from '../shared/i18n';
import { fmtDateTime } from '../shared/time';
import { Page } from './App';

const PointPicker = lazy(() => import('./PointPicker'));

const zh = {
  'alerts.title': '周边提醒',
  'alerts.lead': '订阅后，您选择的范围内有新立案的问题或问题办结时，我们会发短信告诉您。无需注册，每条短信都附有管理和退订链接。每天最多 5 条。',
  'alerts.area': '提醒范围',
  'alerts.near': '地图上的位置附近',
  'alerts.community': '某个社区',
  'alerts.radius': '半径',
  'alerts.pick': '在地图上点选位置',
  'alerts.picked': '已选位置：{lng}, {lat}',
  'alerts.chooseCommunity': '选择社区',
  'alerts.events': '提醒内容',
  'alerts.new': '新立案的问题',
  'alerts.closed': '问题办结',
  'alerts.label': '名称（选填，如“我家附近”）',
  'alerts.phone': '手机号',
  'alerts.getCode': '获取验证码',
  'alerts.codeSent': '验证码已发送',
  'alerts.code': '短信验证码',
  'alerts.submit': '订阅',
  'alerts.done': '订阅成功',
  'alerts.keep': '请保存下面的管理链接，可随时查看或退订（短信中也会附上）。',
  'alerts.manage': '管理订阅',
  'alerts.active': '订阅中',
  'alerts.cancelled': '已退订',
  'alerts.cancel': '退订',
  'alerts.cancelledNote': '已退订，不会再收到提醒短信。',
  'alerts.since': '订阅时间：{time}',
  'alerts.notFound': '链接无效或已失效',
  'alerts.needPoint': '请在地图上点选位置',
  'alerts.needCommunity': '请选择社区',
  'alerts.needEvents': '请至少选择一项提醒内容',
  'alerts.within': '{label}半径 {m} 米内',
} as const;
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  'alerts.title': 'Local alerts',
  'alerts.lead': 'We text you when a new case is filed or a case is resolved in the area you choose. No account; every message has a link to manage or stop the alerts. At most 5 a day.',
  'alerts.area': 'Area',
  'alerts.near': 'Near a place on the map',
  'alerts.community': 'A community',
  'alerts.radius': 'Radius',
  'alerts.pick': 'Tap the map to choose the place',
  'alerts.picked': 'Chosen: {lng}, {lat}',
  'alerts.chooseCommunity': 'Choose a community',
  'alerts.events': 'Tell me about',
  'alerts.new': 'New cases filed',
  'alerts.closed': 'Cases resolved',
  'alerts.label': 'Name (optional, e.g. "near home")',
  'alerts.phone': 'Mobile number',
  'alerts.getCode': 'Get a code',
  'alerts.codeSent': 'Code sent',
  'alerts.code': 'Code from the text message',
  'alerts.submit': 'Subscribe',
  'alerts.done': 'Subscribed',
  'alerts.keep': 'Keep the link below to see or stop the alerts at any time (each text message carries it too).',
  'alerts.manage': 'Manage alerts',
  'alerts.active': 'Active',
  'alerts.cancelled': 'Stopped',
  'alerts.cancel': 'Stop these alerts',
  'alerts.cancelledNote': 'Stopped: no more alert messages.',
  'alerts.since': 'Since {time}',
  'alerts.notFound': 'The link is not valid',
  'alerts.needPoint': 'Tap the map to choose the place',
  'alerts.needCommunity': 'Choose a community',
  'alerts.needEvents': 'Choose at least one',
  'alerts.within': '{label}within {m} m',
};

function useA() {
  const { lang } = useI18n();
  return (key: Key, vars?: Record<string, string | number>) => {
    const s: string = (lang === 'en' ? en : zh)[key];
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}

interface AlertView {
  area: 'near' | 'community';
  lng: number | null;
  lat: number | null;
  radiusM: number | null;
  communityName: string | null;
  events: ('new' | 'closed')[];
  label: string | null;
  phoneMasked: string;
  createdAt: string;
  active: boolean;
  manageUrl: string;
}

export function AlertsPage() {
  const a = useA();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [area, setArea] = useState<'near' | 'community'>('near');
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
  const [radius, setRadius] = useState(500);
  const [community, setCommunity] = useState<string | undefined>();
  const [events, setEvents] = useState<('new' | 'closed')[]>(['new', 'closed']);
  const [label, setLabel] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [cooldown, setCooldown] = useState(0);
  const [done, setDone] = useState<(AlertView & { token: string }) | null>(null);
  useEffect(() => {
    if (cooldown <= 0) return;
    const id = setTimeout(() => setCooldown(cooldown - 1), 1000);
    return () => clearTimeout(id);
  }, [cooldown]);
  const communities = useQuery({ queryKey: ['alert-communities'], queryFn: () => api<{ items: { code: string; name: string; streetName: string }[] }>('/api/public/alerts/communities'), staleTime: Infinity, enabled: area === 'community' });
  const sendCode = useMutation({
    mutationFn: () => api('/api/public/sms/code', { method: 'POST', body: { phone } }),
    onSuccess: () => {
      setCooldown(60);
      void message.success(a('alerts.codeSent'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const subscribe = useMutation({
    mutationFn: () =>
      api<AlertView & { token: string }>('/api/public/alerts', {
        method: 'POST',
        body: { phone, code, area, events, label: label.trim() || undefined, ...(area === 'near' ? { lng: point!.lng, lat: point!.lat, radiusM: radius } : { communityCode: community }) },
      }),
    onSuccess: setDone,
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const onSubmit = () => {
    if (area === 'near' && !point) return void message.warning(a('alerts.needPoint'));
    if (area === 'community' && !community) return void message.warning(a('alerts.needCommunity'));
    if (!events.length) return void message.warning(a('alerts.needEvents'));
    subscribe.mutate();
  };

  if (done) {
    const path = done.manageUrl.replace(/^.*\/portal/, '');
    return (
      <Page title={a('alerts.title')}>
        <Result status="success" title={a('alerts.done')} subTitle={describe(done, a, lang)} />
        <p>{a('alerts.keep')}</p>
        <p className="pt-link" data-testid="alert-manage-url">{`${location.origin}${done.manageUrl.replace(/^https?:\/\/[^/]+/, '')}`}</p>
        <Link to={path}>
          <Button type="primary" block>
            {a('alerts.manage')}
          </Button>
        </Link>
      </Page>
    );
  }
  return (
    <Page title={a('alerts.title')}>
      <p className="pt-lead">{a('alerts.lead')}</p>
      <section className="pt-section">
        <div className="fd-label">{a('alerts.area')}</div>
        <Radio.Group value={area} onChange={(e) => setArea(e.target.value)} options={[{ value: 'near', label: a('alerts.near') }, { value: 'community', label: a('alerts.community') }]} />
        {area === 'near' ? (
          <>
            <div className="pt-picker">
              <Suspense fallback={<Spin />}>
                <PointPicker value={point} onChange={setPoint} label={a('alerts.pick')} />
              </Suspense>
            </div>
            <div className="fd-muted fd-small">{point ? a('alerts.picked', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) }) : a('alerts.pick')}</div>
            <div style={{ marginTop: 8 }}>
              {a('alerts.radius')}{' '}
              <Select value={radius} onChange={setRadius} aria-label={a('alerts.radius')} style={{ width: 120 }} options={[200, 500, 1000, 2000].map((m) => ({ value: m, label: `${m} m` }))} />
            </div>
          </>
        ) : (
          <Select
            showSearch
            style={{ width: '100%', marginTop: 8 }}
            placeholder={a('alerts.chooseCommunity')}
            aria-label={a('alerts.chooseCommunity')}
            value={community}
            onChange={setCommunity}
            optionFilterProp="label"
            loading={communities.isPending}
            options={(communities.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.streetName} ${c.name}` }))}
          />
        )}
      </section>
      <section className="pt-section">
        <div className="fd-label">{a('alerts.events')}</div>
        <Checkbox.Group value={events} onChange={(v) => setEvents(v as ('new' | 'closed')[])} options={[{ value: 'new', label: a('alerts.new') }, { value: 'closed', label: a('alerts.closed') }]} />
      </section>
      <section className="pt-section">
        <Input value={label} onChange={(e) => setLabel(e.target.value)} placeholder={a('alerts.label')} aria-label={a('alerts.label')} maxLength={40} />
      </section>
      <section className="pt-section">
        <div className="fd-label">{a('alerts.phone')}</div>
        <div className="pt-lookup">
          <Input value={phone} onChange={(e) => setPhone(e.target.value.trim())} inputMode="tel" maxLength={11} aria-label={a('alerts.phone')} />
          <Button disabled={!/^1\d{10}$/.test(phone) || cooldown > 0} loading={sendCode.isPending} onClick={() => sendCode.mutate()}>
            {cooldown > 0 ? `${cooldown}s` : a('alerts.getCode')}
          </Button>
        </div>
        <Input style={{ marginTop: 8 }} value={code} onChange={(e) => setCode(e.target.value.trim())} inputMode="numeric" maxLength={6} placeholder={a('alerts.code')} aria-label={a('alerts.code')} />
      </section>
      <Button type="primary" size="large" block loading={subscribe.isPending} disabled={!phone || code.length < 4} onClick={onSubmit} data-testid="alert-subscribe">
        {a('alerts.submit')}
      </Button>
    </Page>
  );
}

function describe(v: AlertView, a: ReturnType<typeof useA>, lang: Lang): string {
  const where = v.area === 'community' ? (v.communityName ?? '') : a('alerts.within', { label: v.label ? `${v.label} · ` : '', m: v.radiusM ?? 0 });
  const what = v.events.map((e) => a(e === 'new' ? 'alerts.new' : 'alerts.closed')).join(lang === 'en' ? ', ' : '、');
  return `${where} · ${what} · ${v.phoneMasked}`;
}

export function AlertManagePage() {
  const a = useA();
  const { lang } = useI18n();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const v = useQuery({ queryKey: ['alert', token], queryFn: () => api<AlertView>(`/api/public/alerts/${encodeURIComponent(token)}`) });
  const cancel = useMutation({
    mutationFn: () => api<AlertView>(`/api/public/alerts/${encodeURIComponent(token)}/cancel`, { method: 'POST', body: {} }),
    onSuccess: (d) => qc.setQueryData(['alert', token], d),
  });
  return (
    <Page title={a('alerts.manage')}>
      {v.isPending ? (
        <Spin />
      ) : v.isError ? (
        <Result status="404" title={a('alerts.notFound')} />
      ) : (
        <section className="fd-card" data-testid="alert-view">
          <div className="fd-row">
            <b>{v.data.label ?? a('alerts.title')}</b>
            <Tag color={v.data.active ? 'green' : 'default'}>{v.data.active ? a('alerts.active') : a('alerts.cancelled')}</Tag>
          </div>
          <div>{describe(v.data, a, lang)}</div>
          <div className="fd-muted fd-small">{a('alerts.since', { time: fmtDateTime(v.data.createdAt) })}</div>
          {cancel.error ? <Alert type="error" title={errorText(cancel.error, lang)} /> : null}
          {v.data.active ? (
            <Button danger block style={{ marginTop: 12 }} loading={cancel.isPending} onClick={() => cancel.mutate()} data-testid="alert-cancel">
              {a('alerts.cancel')}
            </Button>
          ) : (
            <Alert style={{ marginTop: 12 }} type="info" showIcon title={a('alerts.cancelledNote')} />
          )}
        </section>
      )}
    </Page>
  );
}
