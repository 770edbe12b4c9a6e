// Plans with their checklists and draws: commit a draw (publish the frozen lists and the seed's hash), make it with the
// witness value, see the result with the names behind the public codes, and open the public verification page.
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, Collapse, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined, LinkOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { KEYS, MANAGE_ROLES, SECTOR_CODES, useDraw, usePlans, type Draw, type Plan, type Sector } from './data';
import { useInspI18n } from './messages';

type ChecklistItem = Plan['checklist'][number];

export function SectorTag({ sector }: { sector: Sector }) {
  const { ti } = useInspI18n();
  const color: Record<Sector, string> = { construction: 'orange', gas: 'volcano', fire: 'red', food: 'green' };
  return <Tag color={color[sector]}>{ti(`sector.${sector}`)}</Tag>;
}

function ChecklistTable({ items }: { items: ChecklistItem[] }) {
  const { ti, lang } = useInspI18n();
  return (
    <Table<ChecklistItem>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: ti('item.code'), dataIndex: 'code', width: 60 },
        { title: ti('item.text'), key: 'text', render: (_, i) => (lang === 'en' ? i.textEn : i.textZh) },
        { title: ti('item.class'), dataIndex: 'classCode', width: 120, render: (v: string) => <code>{v}</code> },
        { title: ti('item.days'), dataIndex: 'rectifyDays', width: 110, align: 'right' },
      ]}
    />
  );
}

function PlanDialog({ onClose }: { onClose: () => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; sector: Sector; period: [Dayjs, Dayjs]; note?: string }>();
  const sector = Form.useWatch('sector', form);
  const sectors = useQuery({ queryKey: [...KEYS.all, 'sectors'], queryFn: () => api<{ code: Sector; checklist: ChecklistItem[] }[]>('/api/inspections/sectors'), staleTime: Infinity });
  const save = useMutation({
    mutationFn: (v: { name: string; sector: Sector; period: [Dayjs, Dayjs]; note?: string }) =>
      api<Plan>('/api/inspections/plans', { body: { name: v.name, sector: v.sector, periodFrom: v.period[0].format('YYYY-MM-DD'), periodTo: v.period[1].format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}) } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('plan.created'));
      onClose();
    },
  });
  const checklist = sectors.data?.find((s) => s.code === sector)?.checklist ?? [];
  return (
    <Modal open width={720} title={ti('plan.add')} onCancel={onClose} onOk={() => form.submit()} okText={ti('save')} cancelText={ti('cancel')} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" initialValues={{ sector: 'gas', period: [dayjs(), dayjs().add(2, 'month')] }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={ti('plan.name')} rules={[{ required: true, min: 2, message: ti('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="sector" label={ti('sector')}>
            <Select style={{ width: 160 }} options={SECTOR_CODES.map((s) => ({ value: s, label: ti(`sector.${s}`) }))} />
          </Form.Item>
          <Form.Item name="period" label={ti('plan.period')} rules={[{ required: true, message: ti('required') }]}>
            <DatePicker.RangePicker allowClear={false} />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary">{ti('plan.checklistHint')}</Typography.Text>
        <ChecklistTable items={checklist} />
        {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} style={{ marginTop: 12 }} /> : null}
      </Form>
    </Modal>
  );
}

function CommitDialog({ plan, onClose, onDone }: { plan: Plan; onClose: () => void; onDone: (id: string) => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ sampleSize: number; inspectorsPerTarget: number }>();
  const round = plan.draws.length + 1;
  const commit = useMutation({
    mutationFn: (v: { sampleSize: number; inspectorsPerTarget: number }) => api<Draw>(`/api/inspections/plans/${plan.id}/draws`, { body: v }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('draw.committed', { n: d.round }));
      onDone(d.id);
    },
  });
  return (
    <Modal open title={ti('draw.commitTitle')} onCancel={onClose} onOk={() => form.submit()} okText={ti('draw.commit', { n: round })} cancelText={ti('cancel')} confirmLoading={commit.isPending}>
      <Alert type="info" showIcon title={ti('draw.commitHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ sampleSize: 3, inspectorsPerTarget: 2 }} onFinish={(v) => commit.mutate(v)}>
        <Form.Item name="sampleSize" label={ti('draw.sampleSize')} rules={[{ required: true, message: ti('required') }]}>
          <InputNumber min={1} max={500} />
        </Form.Item>
        <Form.Item name="inspectorsPerTarget" label={ti('draw.perTarget')} rules={[{ required: true, message: ti('required') }]}>
          <InputNumber min={2} max={6} />
        </Form.Item>
      </Form>
      {commit.isError ? <Alert type="error" showIcon role="alert" title={errorText(commit.error, lang)} description={(commit.error as { detail?: string }).detail} /> : null}
    </Modal>
  );
}

function ExecuteDialog({ draw, onClose }: { draw: Draw; onClose: () => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [witness, setWitness] = useState('');
  const run = useMutation({
    mutationFn: () => api<Draw>(`/api/inspections/draws/${draw.id}/draw`, { body: { witness } }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('draw.drawn', { n: d.result?.length ?? 0 }));
      onClose();
    },
  });
  return (
    <Modal open title={ti('draw.executeTitle', { n: draw.round })} onCancel={onClose} onOk={() => run.mutate()} okText={ti('draw.execute')} cancelText={ti('cancel')} okButtonProps={{ disabled: !witness.trim() }} confirmLoading={run.isPending}>
      <Alert type="info" showIcon title={ti('draw.witnessHint')} style={{ marginBottom: 16 }} />
      <label htmlFor="draw-witness">{ti('draw.witness')}</label>
      <Input id="draw-witness" value={witness} onChange={(e) => setWitness(e.target.value)} maxLength={100} style={{ marginTop: 6 }} />
      {run.isError ? <Alert type="error" showIcon role="alert" title={errorText(run.error, lang)} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}

function Hash({ value }: { value: string | null }) {
  return value ? (
    <Typography.Text code copyable className="wg-insp-hash">
      {value}
    </Typography.Text>
  ) : (
    <span>—</span>
  );
}

function DrawPanel({ drawId, canManage }: { drawId: string; canManage: boolean }) {
  const { ti } = useInspI18n();
  const draw = useDraw(drawId);
  const [executing, setExecuting] = useState(false);
  const d = draw.data;
  if (!d) return <Spin />;
  const names = new Map(d.inputs.targets.map((t) => [t.code, t.name]));
  return (
    <div className="wg-insp-draw" data-testid={`draw-${d.round}`} data-status={d.status}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={ti('list.status')}>
          <Tag color={d.status === 'drawn' ? 'green' : 'gold'}>{ti(`draw.status.${d.status}`)}</Tag>
          <span className="wg-insp-muted">{ti('draw.candidates', { c: d.candidates, p: d.pool, k: d.sampleSize, i: d.inspectorsPerTarget })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={ti('draw.committedAt')}>{fmtDateTime(d.committedAt)}</Descriptions.Item>
        <Descriptions.Item label={ti('draw.commitment')}>
          <Hash value={d.commitment} />
        </Descriptions.Item>
        <Descriptions.Item label={ti('draw.inputsHash')}>
          <Hash value={d.inputsHash} />
        </Descriptions.Item>
        {d.status === 'drawn' ? (
          <>
            <Descriptions.Item label={ti('draw.drawnAt')}>{fmtDateTime(d.drawnAt)}</Descriptions.Item>
            <Descriptions.Item label={ti('draw.witness')}>{d.witness}</Descriptions.Item>
            <Descriptions.Item label={ti('draw.secret')}>
              <Hash value={d.secret} />
            </Descriptions.Item>
          </>
        ) : null}
      </Descriptions>
      <Space style={{ margin: '10px 0' }} wrap>
        {d.status === 'committed' && canManage ? (
          <Button type="primary" icon={<ExperimentOutlined />} onClick={() => setExecuting(true)}>
            {ti('draw.execute')}
          </Button>
        ) : null}
        <a href={`/portal/inspections/draws/${d.id}`} target="_blank" rel="noreferrer">
          <LinkOutlined /> {ti('draw.verify')}
        </a>
      </Space>
      {d.result ? (
        <Table
          rowKey="target"
          size="small"
          pagination={false}
          dataSource={d.result}
          data-testid="draw-result"
          columns={[
            { title: '#', key: 'n', width: 44, render: (_, __, i) => i + 1 },
            { title: ti('draw.target'), dataIndex: 'target', render: (code: string) => `${names.get(code) ?? code}（${code}）` },
            {
              title: ti('draw.inspectors'),
              dataIndex: 'inspectors',
              render: (codes: string[]) => codes.map((c) => <Tag key={c}>{d.inspectorNames[c] ? `${d.inspectorNames[c]} · ${c}` : c}</Tag>),
            },
          ]}
        />
      ) : null}
      {executing ? <ExecuteDialog draw={d} onClose={() => setExecuting(false)} /> : null}
    </div>
  );
}

function PlanCard({ plan, canManage }: { plan: Plan; canManage: boolean }) {
  const { ti, lang } = useInspI18n();
  const [committing, setCommitting] = useState(false);
  const [openDraw, setOpenDraw] = useState<string | null>(plan.draws[0]?.id ?? null);
  const pending = plan.draws.some((d) => d.status === 'committed');
  return (
    <Card
      size="small"
      className="wg-insp-plan"
      data-testid="plan-card"
      data-plan={plan.name}
      title={
        <Space wrap>
          <SafetyOutlined aria-hidden />
          <span>{plan.name}</span>
          <SectorTag sector={plan.sector} />
        </Space>
      }
      extra={
        canManage ? (
          <Button size="small" type="primary" ghost disabled={pending} onClick={() => setCommitting(true)}>
            {ti('draw.commit', { n: plan.draws.length + 1 })}
          </Button>
        ) : null
      }
    >
      <div className="wg-insp-muted">
        {ti('plan.period')} {plan.periodFrom} — {plan.periodTo} · {ti('plan.progress', { a: plan.counts.assigned, r: plan.counts.recorded, p: plan.counts.published, f: plan.counts.findings })}
      </div>
      <Collapse
        ghost
        size="small"
        items={[{ key: 'c', label: ti('plan.checklist', { n: plan.checklist.length }), children: <ChecklistTable items={plan.checklist} /> }]}
      />
      {plan.draws.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={ti('plan.noDraw')} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            {plan.draws.map((d) => (
              <Button key={d.id} size="small" type={openDraw === d.id ? 'primary' : 'default'} onClick={() => setOpenDraw(d.id)} aria-pressed={openDraw === d.id}>
                {ti('draw.round', { n: d.round })} · {ti(`draw.status.${d.status}`)}
              </Button>
            ))}
          </Space>
          {openDraw ? <DrawPanel drawId={openDraw} canManage={canManage} key={`${openDraw}-${lang}`} /> : null}
        </>
      )}
      {committing ? (
        <CommitDialog
          plan={plan}
          onClose={() => setCommitting(false)}
          onDone={(id) => {
            setCommitting(false);
            setOpenDraw(id);
          }}
        />
      ) : null}
    </Card>
  );
}

export function PlansTab() {
  const { ti, lang } = useInspI18n();
  const user = useUser();
  const plans = usePlans();
  const [adding, setAdding] = useState(false);
  const canManage = hasRole(user, ...MANAGE_ROLES);
  return (
    <section aria-label={ti('tab.plans')}>
      {canManage ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
          {ti('plan.add')}
        </Button>
      ) : null}
      {plans.isError ? <Alert type="error" showIcon title={errorText(plans.error, lang)} /> : null}
      {plans.isPending ? <Spin /> : null}
      <div className="wg-insp-plans">
        {(plans.data ?? []).map((p) => (
          <PlanCard key={p.id} plan={p} canManage={canManage} />
        ))}
      </div>
      {adding ? <PlanDialog onClose={() => setAdding(false)} /> : null}
    </section>
  );
}
