// The notification centre (/notifications): my notifications, newest first, and my notification settings
// (/notifications/settings): channels per kind, quiet hours, e-mail and webhook.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Segmented, Spin, Switch, Table, Tabs, Tag, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, errorText } from '../../shared/api';
import { NotificationItem, useOpenNotification } from './Bell';
import { NOTIFY_KEY, useMarkRead, useNotifications, usePreferences, type Channel, type Preferences } from './data';
import { useNotifyI18n } from './messages';
import './notify.css';

export default function NotificationsPage() {
  const { tn } = useNotifyI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const tab = location.pathname.endsWith('/settings') ? 'settings' : 'list';
  return (
    <div className="wg-notify-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tn('page.title')}</h1>
          <Typography.Text type="secondary">{tn('page.hint')}</Typography.Text>
        </div>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === 'settings' ? '/notifications/settings' : '/notifications')}
        items={[
          { key: 'list', label: tn('page.title'), children: tab === 'list' ? <NotificationList /> : null },
          { key: 'settings', label: tn('page.settings'), children: tab === 'settings' ? <PreferencesForm /> : null },
        ]}
      />
    </div>
  );
}

function NotificationList() {
  const { tn } = useNotifyI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [limit, setLimit] = useState(30);
  const list = useNotifications({ unread: unreadOnly, limit });
  const markRead = useMarkRead();
  const open = useOpenNotification();
  return (
    <Card size="small">
      <div className="wg-notify-toolbar">
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: tn('page.all') },
            { value: 'unread', label: tn('page.unreadOnly') },
          ]}
        />
        <Button onClick={() => markRead.mutate('all')} disabled={!list.data?.unread} data-testid="mark-all-read">
          {tn('bell.markAll')} {list.data?.unread ? `(${list.data.unread})` : ''}
        </Button>
      </div>
      {list.isPending ? (
        <Spin />
      ) : list.data?.items.length ? (
        <div className="wg-notify-list" data-testid="notification-list">
          {list.data.items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={open} />
          ))}
          {list.data.items.length >= limit ? (
            <Button block onClick={() => setLimit(limit + 30)}>
              {tn('page.more')}
            </Button>
          ) : null}
        </div>
      ) : (
        <Empty description={tn('bell.empty')} />
      )}
    </Card>
  );
}

const CHANNELS: Channel[] = ['inApp', 'sms', 'email', 'webhook'];

function PreferencesForm() {
  const { tn, lang } = useNotifyI18n();
  const prefs = usePreferences();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Preferences | null>(null);
  useEffect(() => setDraft(prefs.data ?? null), [prefs.data]);
  const save = useMutation({
    mutationFn: (p: Preferences) =>
      api<Preferences>('/api/notifications/preferences', {
        method: 'PUT',
        body: {
          channels: Object.fromEntries(p.kinds.map((k) => [k.kind, k.channels])),
          quietHours: p.quietHours,
          email: p.email || null,
          webhookUrl: p.webhookUrl || null,
          lang: p.lang,
        },
      }),
    onSuccess: (p) => {
      qc.setQueryData([...NOTIFY_KEY, 'prefs'], p);
      message.success(tn('prefs.saved'));
    },
  });
  if (!draft) return prefs.isError ? <Alert type="error" title={errorText(prefs.error, lang)} /> : <Spin />;
  const setChannel = (kind: string, ch: Channel, on: boolean) =>
    setDraft({ ...draft, kinds: draft.kinds.map((k) => (k.kind === kind ? { ...k, channels: on ? [...k.channels, ch] : k.channels.filter((c) => c !== ch) } : k)) });
  const usable = (ch: Channel) => ch === 'inApp' || (ch === 'sms' ? !!draft.phone : ch === 'email' ? draft.available.email && !!draft.email : !!draft.webhookUrl);
  return (
    <Card size="small" className="wg-notify-prefs">
      <Typography.Paragraph type="secondary">{tn('prefs.hint')}</Typography.Paragraph>
      {save.error ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} style={{ marginBottom: 12 }} /> : null}
      <Table
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={draft.kinds}
        columns={[
          {
            title: tn('prefs.kind'),
            key: 'kind',
            render: (_, k) => (
              <span>
                {lang === 'en' ? k.labelEn : k.labelZh} {k.urgent ? <Tag color="red">{tn('prefs.urgentTag')}</Tag> : null}
              </span>
            ),
          },
          ...CHANNELS.map((ch) => ({
            title: tn(`prefs.ch.${ch}`),
            key: ch,
            width: 96,
            align: 'center' as const,
            render: (_: unknown, k: Preferences['kinds'][number]) => (
              <Checkbox
                checked={k.channels.includes(ch) || (ch === 'inApp' && k.urgent)}
                disabled={(ch === 'inApp' && k.urgent) || (!usable(ch) && !k.channels.includes(ch))}
                onChange={(e) => setChannel(k.kind, ch, e.target.checked)}
                aria-label={`${lang === 'en' ? k.labelEn : k.labelZh}: ${tn(`prefs.ch.${ch}`)}`}
                data-testid={`pref-${k.kind}-${ch}`}
              />
            ),
          })),
        ]}
      />
      <Form layout="vertical" className="wg-notify-prefs-form">
        <Form.Item label={tn('prefs.quiet')} extra={tn('prefs.quietHint')}>
          <Switch checked={!!draft.quietHours} onChange={(on) => setDraft({ ...draft, quietHours: on ? { start: '22:00', end: '07:00' } : null })} aria-label={tn('prefs.quietOn')} />{' '}
          {draft.quietHours ? (
            <TimePicker.RangePicker
              format="HH:mm"
              order={false}
              value={[dayjs(`2000-01-01T${draft.quietHours.start}`), dayjs(`2000-01-01T${draft.quietHours.end}`)]}
              onChange={(v) => v?.[0] && v[1] && setDraft({ ...draft, quietHours: { start: v[0].format('HH:mm'), end: v[1].format('HH:mm') } })}
              aria-label={tn('prefs.quiet')}
            />
          ) : null}
        </Form.Item>
        <Form.Item label={tn('prefs.phone')}>
          <Typography.Text type={draft.phone ? undefined : 'secondary'}>{draft.phone ?? tn('prefs.noPhone')}</Typography.Text>
        </Form.Item>
        <Form.Item label={tn('prefs.email')} extra={draft.available.email ? null : tn('prefs.emailOff')}>
          <Input type="email" value={draft.email ?? ''} onChange={(e) => setDraft({ ...draft, email: e.target.value || null })} aria-label={tn('prefs.email')} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item label={tn('prefs.webhook')} extra={tn('prefs.webhookHint')}>
          <Input value={draft.webhookUrl ?? ''} onChange={(e) => setDraft({ ...draft, webhookUrl: e.target.value || null })} placeholder="https://" aria-label={tn('prefs.webhook')} style={{ maxWidth: 480 }} />
          {draft.webhookSecret ? (
            <div className="wg-notify-secret">
              {tn('prefs.secret')}: <Typography.Text code copyable>{draft.webhookSecret}</Typography.Text>
            </div>
          ) : null}
        </Form.Item>
        <Form.Item label={tn('prefs.lang')}>
          <Segmented value={draft.lang} onChange={(v) => setDraft({ ...draft, lang: v as 'zh' | 'en' })} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)} data-testid="prefs-save">
          {tn('prefs.save')}
        </Button>
      </Form>
    </Card>
  );
}
