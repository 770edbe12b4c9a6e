// Inspections after the draw: the list (the centre sees all, a pool member their own), and the record in a drawer —
// the drawn inspectors answer every checklist item; a reviewer (not one of them) approves, which files every failed item
// as a rectification case and publishes the result, or returns it with a reason.
import { useState } from 'react';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Radio, Select, Space, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { STATE_LABELS } from '../../shared/labels';
import { api, errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { KEYS, usePlans, useInspection, useInspections, type InspectionDetail, type InspectionSummary } from './data';
import { useInspI18n } from './messages';
import { SectorTag } from './PlansTab';

const STATUS_COLOR = { assigned: 'gold', recorded: 'blue', published: 'green' } as const;

export function StatusTag({ status }: { status: InspectionSummary['status'] }) {
  const { ti } = useInspI18n();
  return <Tag color={STATUS_COLOR[status]}>{ti(`status.${status}`)}</Tag>;
}

interface RecordForm {
  inspectedOn: Dayjs;
  note?: string;
  items: Record<string, { passed?: boolean; note?: string }>;
}

function RecordPanel({ d }: { d: InspectionDetail }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<RecordForm>();
  const items = Form.useWatch('items', form) ?? {};
  const save = useMutation({
    mutationFn: (v: RecordForm) =>
      api<InspectionDetail>(`/api/inspections/${d.id}/record`, {
        body: {
          inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
          results: d.checklist.map((c) => ({ code: c.code, passed: v.items[c.code]?.passed === true, note: v.items[c.code]?.passed === false ? v.items[c.code]?.note?.trim() || null : null })),
          ...(v.note ? { note: v.note } : {}),
          expectedVersion: d.version,
        },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('detail.submitted'));
    },
  });
  const initial: RecordForm = {
    inspectedOn: d.inspectedOn ? dayjs(d.inspectedOn) : dayjs(),
    note: d.note ?? undefined,
    items: Object.fromEntries(d.checklist.map((c) => {
      const r = d.results?.find((x) => x.code === c.code);
      return [c.code, { passed: r?.passed, note: r?.note ?? undefined }];
    })),
  };
  const complete = d.checklist.every((c) => typeof items[c.code]?.passed === 'boolean');
  return (
    <Form<RecordForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} className="wg-insp-record">
      <Form.Item name="inspectedOn" label={ti('detail.date')} rules={[{ required: true, message: ti('required') }]}>
        <DatePicker allowClear={false} disabledDate={(x) => x.isAfter(dayjs(), 'day') || (!!d.drawnAt && x.isBefore(dayjs(d.drawnAt), 'day'))} />
      </Form.Item>
      <div className="wg-insp-checklist" role="group" aria-label={ti('detail.checklist')}>
        {d.checklist.map((c) => (
          <div key={c.code} className={`wg-insp-item ${items[c.code]?.passed === false ? 'wg-insp-item-failed' : ''}`} data-item={c.code}>
            <div className="wg-insp-item-text">
              <b>{c.code}</b> {lang === 'en' ? c.textEn : c.textZh}
            </div>
            <Form.Item name={['items', c.code, 'passed']} noStyle>
              <Radio.Group
                aria-label={`${c.code} ${lang === 'en' ? c.textEn : c.textZh}`}
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: true, label: <span><CheckCircleFilled aria-hidden /> {ti('detail.passed')}</span> },
                  { value: false, label: <span><CloseCircleFilled aria-hidden /> {ti('detail.failed')}</span> },
                ]}
              />
            </Form.Item>
            {items[c.code]?.passed === false ? (
              <Form.Item name={['items', c.code, 'note']} noStyle>
                <Input className="wg-insp-item-note" placeholder={ti('detail.note')} aria-label={`${c.code} ${ti('detail.note')}`} maxLength={300} />
              </Form.Item>
            ) : null}
          </div>
        ))}
      </div>
      <Form.Item name="note" label={ti('detail.overall')} style={{ marginTop: 12 }}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
      </Form.Item>
      {!complete ? <Alert type="warning" showIcon title={ti('detail.answerAll')} style={{ marginBottom: 12 }} /> : null}
      {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" disabled={!complete} loading={save.isPending}>
        {ti('detail.submit')}
      </Button>
    </Form>
  );
}

function ReviewPanel({ d }: { d: InspectionDetail }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'return') => api<InspectionDetail>(`/api/inspections/${d.id}/review`, { body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void qc.invalidateQueries({ queryKey: ['queues'] });
      void message.success(r.status === 'published' ? ti('detail.approved') : ti('detail.returned'));
    },
  });
  return (
    <div className="wg-insp-review">
      <Alert type="info" showIcon title={ti('detail.reviewHint')} style={{ marginBottom: 8 }} />
      <label htmlFor="review-note">{ti('detail.reviewNote')}</label>
      <Input.TextArea id="review-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} style={{ margin: '6px 0 10px' }} />
      {review.isError ? <Alert type="error" showIcon role="alert" title={errorText(review.error, lang)} style={{ marginBottom: 8 }} /> : null}
      <Space>
        <Button type="primary" loading={review.isPending && review.variables === 'approve'} onClick={() => review.mutate('approve')}>
          {ti('detail.approve')}
        </Button>
        <Button danger disabled={note.trim().length < 2} title={note.trim().length < 2 ? ti('detail.returnReason') : undefined} loading={review.isPending && review.variables === 'return'} onClick={() => review.mutate('return')}>
          {ti('detail.return')}
        </Button>
      </Space>
    </div>
  );
}

function Results({ d }: { d: InspectionDetail }) {
  const { ti, lang } = useInspI18n();
  return (
    <List
      size="small"
      header={<b>{ti('detail.checklist')}</b>}
      dataSource={d.checklist}
      renderItem={(c) => {
        const r = d.results?.find((x) => x.code === c.code);
        return (
          <List.Item data-item={c.code}>
            <span>
              <b>{c.code}</b> {lang === 'en' ? c.textEn : c.textZh}
              {r && !r.passed && r.note ? <div className="wg-insp-muted">{r.note}</div> : null}
            </span>
            {r ? (
              r.passed ? (
                <span className="wg-insp-pass"><CheckCircleFilled aria-hidden /> {ti('detail.passed')}</span>
              ) : (
                <span className="wg-insp-fail"><CloseCircleFilled aria-hidden /> {ti('detail.failed')}</span>
              )
            ) : null}
          </List.Item>
        );
      }}
    />
  );
}

function DetailDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { ti, lang, pick } = useInspI18n();
  const q = useInspection(id);
  const d = q.data;
  return (
    <Drawer open width={720} onClose={onClose} title={d ? `${ti('detail.title')} · ${d.entity.name}` : ti('detail.title')} destroyOnHidden>
      {q.isError ? <Alert type="error" showIcon title={errorText(q.error, lang)} /> : null}
      {!d ? (
        <Spin />
      ) : (
        <div data-testid="inspection-detail" data-status={d.status}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={ti('list.status')}>
              <StatusTag status={d.status} /> <SectorTag sector={d.sector} />
            </Descriptions.Item>
            <Descriptions.Item label={ti('list.plan')}>
              {d.planName} · {ti('draw.round', { n: d.round })}
              {d.drawnAt ? <div className="wg-insp-muted">{ti('detail.drawn', { time: fmtDateTime(d.drawnAt) })}</div> : null}
            </Descriptions.Item>
            <Descriptions.Item label={ti('detail.entity')}>
              {d.entity.name}（{d.entity.code}）
            </Descriptions.Item>
            <Descriptions.Item label={ti('detail.address')}>{d.entity.address}</Descriptions.Item>
            {d.entityDetail?.contactName ? (
              <Descriptions.Item label={ti('detail.contact')}>
                {d.entityDetail.contactName} {d.entityDetail.contactPhone}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={ti('list.inspectors')}>
              {d.inspectors.map((i) => (
                <Tag key={i.userId}>
                  {i.name} · {i.code}
                </Tag>
              ))}
            </Descriptions.Item>
            {d.recordedAt ? <Descriptions.Item label={ti('detail.date')}>{d.inspectedOn} · {ti('detail.recordedBy', { name: d.recordedBy ?? '', time: fmtDateTime(d.recordedAt) })}</Descriptions.Item> : null}
            {d.reviewedAt ? (
              <Descriptions.Item label={ti('detail.reviewNote')}>
                {d.status === 'assigned' && d.reviewNote ? <Alert type="warning" showIcon title={ti('detail.returnedNote', { note: d.reviewNote })} /> : d.reviewNote}
                <div className="wg-insp-muted">{ti('detail.reviewedBy', { name: d.reviewedBy ?? '', time: fmtDateTime(d.reviewedAt) })}</div>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <div style={{ marginTop: 16 }}>{d.canRecord ? <RecordPanel d={d} key={d.version} /> : d.results ? <Results d={d} /> : null}</div>
          {d.canReview ? (
            <div style={{ marginTop: 16 }}>
              {d.canRecord ? <Results d={d} /> : null}
              <ReviewPanel d={d} />
            </div>
          ) : null}
          {d.status === 'published' ? (
            <div style={{ marginTop: 16 }} data-testid="findings">
              <b>{ti('detail.findings')}</b>
              {d.findings.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={ti('detail.noFindings')} />
              ) : (
                <List
                  size="small"
                  dataSource={d.findings}
                  renderItem={(f) => (
                    <List.Item>
                      <span>
                        <b>{f.itemCode}</b> {lang === 'en' ? f.textEn : f.textZh}
                        <div className="wg-insp-muted">{ti('detail.rectifyBy', { date: f.rectifyBy })}</div>
                      </span>
                      {f.caseId ? (
                        <Space>
                          <Link to={`/cases/${f.caseId}`} data-testid="finding-case">
                            {f.caseNumber}
                          </Link>
                          {f.caseState ? <Tag>{pick(STATE_LABELS[f.caseState as keyof typeof STATE_LABELS])}</Tag> : null}
                        </Space>
                      ) : null}
                    </List.Item>
                  )}
                />
              )}
            </div>
          ) : null}
        </div>
      )}
    </Drawer>
  );
}

export function InspectionsTab({ mine = false }: { mine?: boolean }) {
  const { ti } = useInspI18n();
  const plans = usePlans(!mine);
  const [status, setStatus] = useState<string>();
  const [planId, setPlanId] = useState<string>();
  const [onlyMine, setOnlyMine] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useInspections({ status, planId, mine: mine || onlyMine, offset: (page - 1) * 50 });
  const columns: TableColumnsType<InspectionSummary> = [
    { title: ti('list.status'), dataIndex: 'status', width: 90, render: (s: InspectionSummary['status']) => <StatusTag status={s} /> },
    { title: ti('list.entity'), key: 'entity', render: (_, r) => <Button type="link" size="small" onClick={() => setOpen(r.id)} className="wg-insp-open">{r.entity.name}</Button> },
    { title: ti('entity.street'), key: 'street', width: 110, render: (_, r) => r.entity.streetName ?? '' },
    { title: ti('list.plan'), key: 'plan', ellipsis: true, render: (_, r) => <span><SectorTag sector={r.sector} />{r.planName} · {ti('draw.round', { n: r.round })}</span> },
    { title: ti('list.inspectors'), key: 'insp', width: 230, render: (_, r) => r.inspectors.map((i) => <Tag key={i.userId}>{i.name}</Tag>) },
    { title: ti('list.inspectedOn'), dataIndex: 'inspectedOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: ti('list.failed'), dataIndex: 'failed', width: 90, align: 'right', render: (v: number | null) => (v === null ? '—' : v > 0 ? <Tag color="red">{v}</Tag> : <span className="wg-insp-pass">0</span>) },
  ];
  return (
    <section aria-label={ti('tab.inspections')}>
      <Space wrap className="wg-insp-toolbar">
        <Select
          allowClear
          placeholder={ti('list.status')}
          aria-label={ti('list.status')}
          style={{ width: 130 }}
          value={status}
          onChange={(v) => (setStatus(v), setPage(1))}
          options={(['assigned', 'recorded', 'published'] as const).map((s) => ({ value: s, label: ti(`status.${s}`) }))}
        />
        {!mine ? (
          <>
            <Select allowClear placeholder={ti('list.plan')} aria-label={ti('list.plan')} style={{ width: 320 }} value={planId} onChange={(v) => (setPlanId(v), setPage(1))} options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
            <Checkbox checked={onlyMine} onChange={(e) => (setOnlyMine(e.target.checked), setPage(1))}>
              {ti('list.mine')}
            </Checkbox>
          </>
        ) : null}
        <span className="wg-insp-muted">{ti('total', { n: list.data?.total ?? 0 })}</span>
      </Space>
      <Table<InspectionSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        locale={{ emptyText: ti('list.empty') }}
        onRow={(r) => ({ 'data-entity': r.entity.code, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true, onChange: setPage }}
      />
      {open ? <DetailDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
