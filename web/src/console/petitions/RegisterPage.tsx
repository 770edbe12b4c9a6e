// 信访登记簿: the one register of petition items from every channel, by step (queues with counts), with deadlines as
// lights in days, the 诉访分离 flag on items still to decide, and the limits configuration.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, InputNumber, Result, Segmented, Select, Space, Statistic, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CalendarOutlined, FileAddOutlined, ReloadOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import { PETITION_CHANNELS, type PetitionChannel } from '../../../../src/domain/petition/states';
import { PETITION_CHANNEL_LABELS, PETITION_ROUTE_LABELS, PETITION_TOPIC_LABELS } from '../../../../src/domain/petition/labels';
import { api, errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { useUser } from '../auth';
import {
  isPetitionStaff,
  maySetLimits,
  QUEUE_ORDER,
  readsPetitions,
  usePetitionLimits,
  usePetitionStats,
  type PetitionLimits,
  type PetitionList,
  type PetitionQueue,
  type PetitionSummary,
} from './data';
import { usePetitionI18n } from './messages';
import { ChannelTag, DeadlineLight, StateTag } from './ui';
import './petitions.css';

function LimitsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { tp, lang } = usePetitionI18n();
  const user = useUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const limits = usePetitionLimits();
  const [form] = Form.useForm<PetitionLimits>();
  const editable = maySetLimits(user);
  useEffect(() => {
    if (limits.data && open) form.setFieldsValue(limits.data);
  }, [limits.data, open, form]);
  const save = useMutation({
    mutationFn: (v: PetitionLimits) => api<PetitionLimits>('/api/petitions/settings', { method: 'PUT', body: v }),
    onSuccess: (v) => {
      qc.setQueryData(['petition-limits'], v);
      void message.success(tp('settings.saved'));
      onClose();
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const days = (name: keyof PetitionLimits, label: string, max: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={name === 'maxExtensionDays' ? 0 : 1} max={max} suffix={tp('settings.days')} disabled={!editable} style={{ width: 160 }} />
    </Form.Item>
  );
  return (
    <Drawer open={open} onClose={onClose} title={tp('settings.title')} size={420} destroyOnHidden>
      {!editable ? <Alert type="info" showIcon title={tp('settings.readOnly')} className="wg-mb" /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="petition-limits">
        {days('acceptDays', tp('settings.acceptDays'), 90)}
        {days('handleDays', tp('settings.handleDays'), 365)}
        {days('maxExtensionDays', tp('settings.maxExtensionDays'), 180)}
        {days('reviewRequestDays', tp('settings.reviewRequestDays'), 180)}
        {days('reviewDecisionDays', tp('settings.reviewDecisionDays'), 180)}
        {days('followUpTaskDays', tp('settings.followUpTaskDays'), 365)}
        <Form.Item name="rollOverDaysOff" label={tp('settings.rollOverDaysOff')} valuePropName="checked">
          <Switch disabled={!editable} />
        </Form.Item>
        <Form.Item name="warnShare" label={tp('settings.warnShare')} rules={[{ required: true }]}>
          <InputNumber min={0.05} max={1} step={0.05} disabled={!editable} style={{ width: 160 }} />
        </Form.Item>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {tp('settings.save')}
          </Button>
        ) : null}
      </Form>
    </Drawer>
  );
}

export default function RegisterPage() {
  const { tp, t, lang, pick } = usePetitionI18n();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queue = (params.get('queue') as PetitionQueue | null) ?? (isPetitionStaff(user) ? 'registered' : 'all');
  const channel = (params.get('channel') as PetitionChannel | null) ?? undefined;
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [search, setSearch] = useState(q);
  const [limitsOpen, setLimitsOpen] = useState(false);
  const allowed = readsPetitions(user);
  const staff = isPetitionStaff(user);
  const stats = usePetitionStats(allowed);
  const list = useQuery({
    queryKey: ['petitions', { queue, channel, q, page }],
    queryFn: () => api<PetitionList>('/api/petitions', { query: { queue, channel, q, page, pageSize: 30 } }),
    enabled: allowed,
    refetchInterval: 60_000,
  });
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };

  if (!allowed) return <Result status="403" title={tp('forbidden')} />;

  const s = stats.data;
  const rated = s ? s.satisfaction.satisfied + s.satisfaction.basic + s.satisfaction.unsatisfied : 0;
  const content = s && rated ? ((s.satisfaction.satisfied + s.satisfaction.basic) / rated) * 100 : null;
  const open = s ? s.queues.registered + s.queues.accepted + s.queues.handling + s.queues.replied + s.queues.reviewing : 0;

  const columns: TableColumnsType<PetitionSummary> = [
    {
      title: tp('col.number'),
      dataIndex: 'number',
      width: 178,
      render: (_, p) => (
        <Link to={`/petitions/${p.id}`} className="wg-mono" onClick={(e) => e.stopPropagation()}>
          {p.number}
        </Link>
      ),
    },
    { title: tp('col.channel'), dataIndex: 'channel', width: 104, render: (v: PetitionChannel) => <ChannelTag channel={v} /> },
    {
      title: tp('col.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (_, p) => (
        <span title={`${p.subject}（${pick(PETITION_TOPIC_LABELS[p.topic])}）`}>
          {p.subject}
          {p.suggestedRoute && p.suggestedRoute !== 'petition' ? (
            <Tooltip title={tp('intake.screeningHint')}>
              <Tag color="magenta" icon={<WarningOutlined />} className="wg-ml">
                {tp('screen.flag', { route: pick(PETITION_ROUTE_LABELS[p.suggestedRoute]) })}
              </Tag>
            </Tooltip>
          ) : null}
          {p.peopleCount >= 5 ? <Tag color="volcano" className="wg-ml">{tp('collective')}</Tag> : null}
        </span>
      ),
    },
    ...(staff ? [{ title: tp('col.petitioner'), dataIndex: 'petitionerName', width: 80, ellipsis: true } as const] : []),
    { title: tp('col.received'), dataIndex: 'receivedAt', width: 132, render: (v: string) => fmtDateTime(v) },
    { title: tp('col.state'), dataIndex: 'state', width: 104, render: (_, p) => <StateTag state={p.state} /> },
    { title: tp('col.body'), dataIndex: 'departmentName', width: 150, ellipsis: true, render: (_, p) => (lang === 'en' ? p.departmentNameEn : p.departmentName) ?? '—' },
    { title: tp('col.deadline'), dataIndex: 'stepDeadline', width: 196, render: (_, p) => <DeadlineLight light={p.light} daysLeft={p.daysLeft} deadline={p.stepDeadline} /> },
  ];

  return (
    <div className="wg-petitions">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tp('register.title')}</h1>
          <Typography.Text type="secondary">{staff ? tp('register.hint') : tp('register.hintDept')}</Typography.Text>
        </div>
        <Space wrap>
          {staff ? (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('/petitions/new')}>
              {tp('register.new')}
            </Button>
          ) : null}
          <Button icon={<CalendarOutlined />} onClick={() => navigate('/petitions/reception')}>
            {tp('menu.reception')}
          </Button>
          <Button icon={<SettingOutlined />} onClick={() => setLimitsOpen(true)}>
            {tp('register.settings')}
          </Button>
        </Space>
      </div>

      <div className="wg-petition-stats">
        <Card size="small">
          <Statistic title={tp('queue.registered')} value={s?.queues.registered ?? 0} />
        </Card>
        <Card size="small">
          <Statistic title={tp('stat.open')} value={open} />
        </Card>
        <Card size="small" className={s?.queues.overdue ? 'wg-stat-red' : ''}>
          <Statistic title={tp('stat.overdue')} value={s?.queues.overdue ?? 0} prefix={s?.queues.overdue ? <WarningOutlined aria-hidden /> : null} />
        </Card>
        <Card size="small">
          <Tooltip title={tp('stat.satisfactionHint')}>
            <Statistic title={tp('stat.satisfaction')} value={content === null ? '—' : content.toFixed(1)} suffix={content === null ? '' : '%'} />
          </Tooltip>
        </Card>
        <Card size="small" className="wg-petition-channels">
          <div className="wg-small">{tp('register.channel')}</div>
          <Space size={[4, 4]} wrap>
            {PETITION_CHANNELS.map((c) => (
              <Tag key={c} variant="filled">
                {pick(PETITION_CHANNEL_LABELS[c])} {s?.byChannel[c] ?? 0}
              </Tag>
            ))}
          </Space>
        </Card>
      </div>

      <div className="wg-petition-filters">
        <Segmented
          value={queue}
          onChange={(v) => set({ queue: v as string })}
          aria-label={tp('col.state')}
          options={QUEUE_ORDER.map((k) => ({
            value: k,
            label: (
              <span data-queue={k}>
                {tp(`queue.${k}`)} <span className={k === 'overdue' && s?.queues.overdue ? 'wg-count-red' : 'wg-count-muted'}>{s?.queues[k] ?? ''}</span>
              </span>
            ),
          }))}
        />
        <Space wrap>
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={tp('register.allChannels')}
            aria-label={tp('register.channel')}
            value={channel}
            onChange={(v) => set({ channel: v })}
            options={PETITION_CHANNELS.map((c) => ({ value: c, label: pick(PETITION_CHANNEL_LABELS[c]) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 260 }}
            placeholder={staff ? tp('register.search') : tp('register.searchNoName')}
            aria-label={staff ? tp('register.search') : tp('register.searchNoName')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching} aria-label={t('common.refresh')} />
        </Space>
      </div>

      {list.isError ? <Alert type="error" showIcon title={errorText(list.error, lang)} /> : null}
      <Table<PetitionSummary>
        rowKey="id"
        size="small"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1180 }}
        locale={{ emptyText: <Empty description={tp('register.empty')} /> }}
        pagination={{ current: page, pageSize: 30, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/petitions/${p.id}`), 'data-number': p.number } as React.HTMLAttributes<HTMLElement>)}
        data-testid="petition-register"
      />
      <LimitsDrawer open={limitsOpen} onClose={() => setLimitsOpen(false)} />
    </div>
  );
}
