// Sweeping records: entry of one record (segment, day, method, area), import of a CSV/Excel file (checked whole, all rows
// or none), and the list of records with filters.
import { useMemo, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../shared/api';
import { fmtShort } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { useRecords, useSegments, type SweepRecord } from './data';
import { useSweepI18n } from './messages';

interface EntryForm {
  segmentId: string;
  date: Dayjs;
  method: 'machine' | 'manual';
  areaM2: number;
  note?: string;
}

function EntryCard() {
  const { ts, lang } = useSweepI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const segments = useSegments();
  const [form] = Form.useForm<EntryForm>();
  const segmentId = Form.useWatch('segmentId', form);
  const segment = segments.data?.find((s) => s.id === segmentId);
  const save = useMutation({
    mutationFn: (v: EntryForm) =>
      api<{ record: SweepRecord; replaced: boolean }>('/api/sweeping/records', { body: { segmentId: v.segmentId, date: v.date.format('YYYY-MM-DD'), method: v.method, areaM2: v.areaM2, ...(v.note ? { note: v.note } : {}) } }),
    onSuccess: ({ record, replaced }) => {
      void qc.invalidateQueries({ queryKey: ['sweeping'] });
      const vars = { name: record.segmentName, date: record.date, method: ts(`method.${record.method}`), area: record.areaM2 };
      void message.success(replaced ? ts('record.replaced', vars) : ts('record.saved', vars));
    },
  });
  return (
    <Card size="small" title={ts('record.title')} className="wg-sweep-entry">
      <p className="wg-sweep-muted">{ts('record.hint')}</p>
      <Form<EntryForm> form={form} layout="vertical" initialValues={{ date: dayjs(), method: 'machine' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="segmentId" label={ts('record.segment')} rules={[{ required: true, message: ts('required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={ts('segment.search')}
            options={(segments.data ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
            onChange={(id) => {
              const s = segments.data?.find((x) => x.id === id);
              if (s) form.setFieldValue('areaM2', Math.floor(s.areaM2));
            }}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="date" label={ts('col.date')} rules={[{ required: true, message: ts('required') }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="method" label={ts('col.method')}>
            <Radio.Group optionType="button" options={[{ value: 'machine', label: ts('method.machine') }, { value: 'manual', label: ts('method.manual') }]} />
          </Form.Item>
          <Form.Item name="areaM2" label={ts('col.swept')} rules={[{ required: true, message: ts('required') }]} extra={segment ? `${ts('col.area')} ${Math.round(segment.areaM2).toLocaleString()}` : undefined}>
            <InputNumber min={0} max={segment ? segment.areaM2 : undefined} style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={ts('col.note')}>
          <Input maxLength={200} />
        </Form.Item>
        {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {ts('record.save')}
        </Button>
      </Form>
    </Card>
  );
}

interface ImportResult {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  added: number;
  replaced: number;
}

function ImportCard() {
  const { ts, lang } = useSweepI18n();
  const qc = useQueryClient();
  const [dryRun, setDryRun] = useState(true);
  const run = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('dryRun', String(dryRun));
      form.append('file', file, file.name);
      return api<ImportResult>('/api/sweeping/records/import', { method: 'POST', body: form });
    },
    onSuccess: (r) => {
      if (r.applied) void qc.invalidateQueries({ queryKey: ['sweeping'] });
    },
  });
  const err = run.error instanceof ApiError ? run.error : null;
  return (
    <Card size="small" title={ts('import.title')} className="wg-sweep-import">
      <p className="wg-sweep-muted">{ts('import.hint')}</p>
      <Space wrap>
        <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)}>
          {ts('import.dryRun')}
        </Checkbox>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            run.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={run.isPending}>
            {ts('import.choose')}
          </Button>
        </Upload>
      </Space>
      {run.data ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={run.data.applied ? ts('import.done', { n: run.data.rows, added: run.data.added, replaced: run.data.replaced }) : ts('import.checked', { n: run.data.rows })}
        />
      ) : null}
      {run.isError ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          role="alert"
          title={err?.code === 'VALIDATION_FAILED' ? ts('import.failed') : errorText(run.error, lang)}
          description={
            err?.fields?.length ? (
              <ul className="wg-sweep-errors">
                {err.fields.slice(0, 30).map((f, i) => (
                  <li key={i}>
                    {f.path}：{f.message}
                  </li>
                ))}
              </ul>
            ) : (
              err?.detail
            )
          }
        />
      ) : null}
    </Card>
  );
}

export function RecordsTab() {
  const { ts } = useSweepI18n();
  const user = useUser();
  const segments = useSegments();
  const [filter, setFilter] = useState<{ segmentId?: string; method?: string; from?: string; to?: string }>({});
  const [page, setPage] = useState(1);
  const records = useRecords({ ...filter, offset: (page - 1) * 50 });
  const canRecord = hasRole(user, 'admin', 'department');
  const segmentName = useMemo(() => new Map((segments.data ?? []).map((s) => [s.id, s.name])), [segments.data]);
  const columns: TableColumnsType<SweepRecord> = [
    { title: ts('col.date'), dataIndex: 'date', width: 110 },
    { title: ts('col.code'), dataIndex: 'segmentCode', width: 150, render: (v: string) => <code>{v}</code> },
    { title: ts('col.name'), dataIndex: 'segmentId', ellipsis: true, render: (id: string, r) => segmentName.get(id) ?? r.segmentName },
    { title: ts('col.method'), dataIndex: 'method', width: 90, render: (m: 'machine' | 'manual') => <Tag color={m === 'machine' ? 'blue' : 'default'}>{ts(`method.${m}`)}</Tag> },
    { title: ts('col.swept'), dataIndex: 'areaM2', width: 130, align: 'right', render: (v: number, r) => `${Math.round(v).toLocaleString()} / ${Math.round(r.segmentAreaM2).toLocaleString()}` },
    { title: ts('col.source'), dataIndex: 'source', width: 80, render: (v: string) => ts(`source.${v}` as 'source.entry') },
    { title: ts('col.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
    { title: '', dataIndex: 'enteredAt', width: 110, render: (v: string) => <span className="wg-sweep-muted">{fmtShort(v)}</span> },
  ];
  return (
    <section aria-label={ts('tab.records')} className="wg-sweep-records">
      {canRecord ? (
        <div className="wg-sweep-entry-row">
          <EntryCard />
          <ImportCard />
        </div>
      ) : (
        <Alert type="info" showIcon title={ts('record.notAllowed')} style={{ marginBottom: 12 }} />
      )}
      <Space wrap className="wg-sweep-toolbar">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={ts('record.segment')}
          aria-label={ts('record.segment')}
          style={{ width: 280 }}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
          onChange={(segmentId) => (setPage(1), setFilter((f) => ({ ...f, segmentId })))}
        />
        <Select
          allowClear
          placeholder={ts('col.method')}
          aria-label={ts('col.method')}
          style={{ width: 110 }}
          options={[{ value: 'machine', label: ts('method.machine') }, { value: 'manual', label: ts('method.manual') }]}
          onChange={(method) => (setPage(1), setFilter((f) => ({ ...f, method })))}
        />
        <DatePicker.RangePicker
          aria-label={`${ts('records.filter.from')} – ${ts('records.filter.to')}`}
          onChange={(r) => (setPage(1), setFilter((f) => ({ ...f, from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })))}
        />
        <span className="wg-sweep-muted">{ts('records.total', { n: records.data?.total ?? 0 })}</span>
      </Space>
      <Table<SweepRecord>
        rowKey={(r) => `${r.segmentId}|${r.date}|${r.method}`}
        size="small"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.isPending}
        pagination={{ current: page, pageSize: 50, total: records.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
      />
    </section>
  );
}
