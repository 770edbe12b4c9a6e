// Import a work plan from a JSON or xlsx file: check and preview first; a file with problems is refused whole and every
// problem is listed by row and field.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Table, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../shared/api';
import { useMeasures } from './data';
import { usePlanI18n } from './messages';

/** The file's fields by name, as the person who made the file knows them. */
const FIELDS: Record<string, { zh: string; en: string }> = {
  code: { zh: '编号', en: 'code' },
  title: { zh: '计划名称', en: 'title' },
  year: { zh: '年度', en: 'year' },
  tasks: { zh: '任务', en: 'tasks' },
  file: { zh: '文件', en: 'file' },
  section: { zh: '部分', en: 'section' },
  text: { zh: '任务', en: 'text' },
  lead: { zh: '牵头单位', en: 'lead' },
  co: { zh: '配合单位', en: 'co' },
  targetValue: { zh: '目标值', en: 'target' },
  unit: { zh: '单位', en: 'unit' },
  direction: { zh: '方向', en: 'direction' },
  kind: { zh: '类型', en: 'kind' },
  deadline: { zh: '完成时限', en: 'deadline' },
  milestones: { zh: '节点目标', en: 'milestones' },
  measure: { zh: '关联指标', en: 'measure' },
};

interface Preview {
  dryRun: boolean;
  applied: boolean;
  planId: string | null;
  code: string;
  title: string;
  year: number;
  sections: { title: string; tasks: { row: number; code: string; text: string; lead: string; target: string; deadline: string; measure: string | null }[] }[];
}

export default function ImportPage() {
  const { tp, lang } = usePlanI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const measures = useMeasures();
  const [file, setFile] = useState<File | null>(null);
  const [meta, setMeta] = useState<{ code?: string; title?: string; year?: number }>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<{ row: string; field: string; message: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProblems(null);
    const form = new FormData();
    form.append('dryRun', String(dryRun));
    if (meta.code) form.append('code', meta.code);
    if (meta.title) form.append('title', meta.title);
    if (meta.year) form.append('year', String(meta.year));
    form.append('file', file, file.name);
    try {
      const res = await api<Preview>('/api/plan/import', { method: 'POST', body: form });
      if (dryRun) setPreview(res);
      else {
        message.success(tp('imp.done'));
        await qc.invalidateQueries({ queryKey: ['plan'] });
        navigate(`/plan?plan=${res.planId}`);
      }
    } catch (e) {
      setPreview(null);
      if (e instanceof ApiError && e.fields?.length) {
        setProblems(
          e.fields.map((f) => {
            const [row, field] = f.path.split('/');
            const [zh, ...en] = f.message.split(' / ');
            const label = FIELDS[field ?? ''];
            return { row: row === '0' ? '—' : row, field: label ? (lang === 'en' ? label.en : label.zh) : (field ?? ''), message: lang === 'en' ? en.join(' / ') || zh : zh };
          }),
        );
      } else setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const count = preview?.sections.reduce((n, s) => n + s.tasks.length, 0) ?? 0;
  return (
    <div>
      <Link to="/plan">
        <ArrowLeftOutlined aria-hidden /> {tp('back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {tp('imp.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={tp('imp.hint')} style={{ marginBottom: 12 }} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="vertical">
          <Form.Item label={tp('imp.file')}>
            <Upload
              accept=".json,.xlsx,.csv"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setPreview(null);
                setProblems(null);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined aria-hidden />}>{tp('imp.choose')}</Button>
            </Upload>
          </Form.Item>
          <div>
            <Typography.Text type="secondary">{tp('imp.xlsxOnly')}</Typography.Text>
          </div>
          <Space wrap style={{ marginTop: 8 }}>
            <Form.Item label={tp('imp.code')}>
              <Input value={meta.code} onChange={(e) => setMeta({ ...meta, code: e.target.value })} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item label={tp('imp.name')}>
              <Input value={meta.title} onChange={(e) => setMeta({ ...meta, title: e.target.value })} style={{ width: 320 }} />
            </Form.Item>
            <Form.Item label={tp('imp.year')}>
              <InputNumber value={meta.year} min={2000} max={2100} onChange={(v) => setMeta({ ...meta, year: v ?? undefined })} />
            </Form.Item>
          </Space>
          <Space>
            <Button onClick={() => send(true)} disabled={!file} loading={busy}>
              {tp('imp.check')}
            </Button>
            <Button type="primary" onClick={() => send(false)} disabled={!preview} loading={busy}>
              {tp('imp.apply')}
            </Button>
          </Space>
        </Form>
      </Card>
      {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} /> : null}
      {problems ? (
        <Card size="small" title={<Typography.Text type="danger">{tp('imp.problems', { n: problems.length })}</Typography.Text>} style={{ marginBottom: 12 }}>
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={problems}
            columns={[
              { title: tp('imp.row'), dataIndex: 'row', width: 80 },
              { title: tp('imp.field'), dataIndex: 'field', width: 140 },
              { title: tp('imp.problem'), dataIndex: 'message' },
            ]}
          />
        </Card>
      ) : null}
      {preview ? (
        <Card size="small" title={tp('imp.preview', { title: preview.title, n: count })} style={{ marginBottom: 12 }}>
          {preview.sections.map((s) => (
            <div key={s.title} style={{ marginBottom: 12 }}>
              <Typography.Text strong>{s.title}</Typography.Text>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={s.tasks}
                columns={[
                  { title: tp('imp.row'), dataIndex: 'row', width: 60 },
                  { title: tp('col.code'), dataIndex: 'code', width: 60 },
                  { title: tp('col.task'), dataIndex: 'text' },
                  { title: tp('col.lead'), dataIndex: 'lead', width: 160 },
                  { title: tp('col.target'), dataIndex: 'target', width: 140 },
                  { title: tp('col.deadline'), dataIndex: 'deadline', width: 110 },
                  { title: tp('live'), dataIndex: 'measure', width: 200 },
                ]}
              />
            </div>
          ))}
        </Card>
      ) : null}
      <Card size="small" title={tp('imp.measures')}>
        <ul style={{ margin: 0 }}>
          {(measures.data ?? []).map((m) => (
            <li key={m.key}>
              <Typography.Text code>{m.needsCampaign ? `${m.key}:<专项整治名称>` : m.key}</Typography.Text> {lang === 'en' ? m.nameEn : m.name}（{m.unit}）
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
