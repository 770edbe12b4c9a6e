// A plan task: target, milestones, the live or latest figure, progress reports with evidence, the 督办 history; the lead
// department's report form and the leaders' 督办 button.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Image, Input, InputNumber, Modal, Row, Skeleton, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, BellOutlined, ThunderboltOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, uploadPhoto } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { fmtValue, roundExpected, usePlanMutation, useTask, type TaskDetail, type TaskStatus } from './data';
import { usePlanI18n } from './messages';
import { ProgressBar, StatusTag } from './ui';

function ReportForm({ d }: { d: TaskDetail }) {
  const { tp, lang } = usePlanI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<{ id: string; thumbUrl: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const send = usePlanMutation((v: { value?: number | null; text: string; completed: boolean; on?: string; photoIds: string[] }) => api<TaskDetail>(`/api/plan/tasks/${d.task.id}/reports`, { body: v }));
  const live = d.task.live;
  return (
    <Card size="small" title={tp('form.report')} style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ completed: false, on: dayjs() }}
        onFinish={async (v: { value?: number; text: string; completed: boolean; on?: Dayjs }) => {
          try {
            await send.mutateAsync({ value: live ? undefined : (v.value ?? null), text: v.text, completed: v.completed, on: v.on?.format('YYYY-MM-DD'), photoIds: photos.map((p) => p.id) });
            message.success(tp('form.saved'));
            form.resetFields();
            setPhotos([]);
          } catch (e) {
            message.error(errorText(e, lang));
          }
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            {live ? (
              <Alert type="info" showIcon message={tp('form.value.live')} style={{ marginBottom: 16 }} />
            ) : (
              <Form.Item name="value" label={tp('form.value', { unit: d.task.target.unit })}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="on" label={tp('form.on')}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(x) => x.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="completed" valuePropName="checked" label=" ">
              <Checkbox>{tp('form.completed')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="text" label={tp('form.text')} rules={[{ required: true, whitespace: true, message: tp('form.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={tp('form.text.ph')} />
        </Form.Item>
        <Form.Item label={tp('form.evidence')}>
          <Space wrap className="wg-plan-evidence" data-testid="report-evidence">
            {photos.map((p) => (
              <img key={p.id} src={p.thumbUrl} alt={tp('report.evidence')} />
            ))}
            <Upload
              accept="image/*"
              showUploadList={false}
              customRequest={async ({ file, onSuccess, onError }) => {
                setUploading(true);
                try {
                  const p = await uploadPhoto(file as File);
                  setPhotos((xs) => [...xs, { id: p.id, thumbUrl: p.thumbUrl }]);
                  onSuccess?.(p);
                } catch (e) {
                  message.error(errorText(e, lang));
                  onError?.(e as Error);
                } finally {
                  setUploading(false);
                }
              }}
            >
              <Button icon={<UploadOutlined aria-hidden />} loading={uploading} aria-label={tp('form.evidence')}>
                {tp('form.upload')}
              </Button>
            </Upload>
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          {tp('form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function UrgeButton({ d }: { d: TaskDetail }) {
  const { tp, lang } = usePlanI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const send = usePlanMutation((v: { text: string; replyBy?: string }) => api<TaskDetail>(`/api/plan/tasks/${d.task.id}/urges`, { body: v }));
  return (
    <>
      <Button danger type="primary" icon={<BellOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {tp('urge')}
      </Button>
      <Modal
        open={open}
        title={tp('urge.title', { code: d.task.code })}
        okText={tp('urge.send')}
        confirmLoading={send.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ replyBy: dayjs().add(7, 'day') }}
          onFinish={async (v: { text: string; replyBy?: Dayjs }) => {
            try {
              await send.mutateAsync({ text: v.text, replyBy: v.replyBy?.format('YYYY-MM-DD') });
              message.success(tp('urge.sent'));
              setOpen(false);
              form.resetFields();
            } catch (e) {
              message.error(errorText(e, lang));
            }
          }}
        >
          <Form.Item name="text" label={tp('urge.text')} rules={[{ required: true, whitespace: true, message: tp('form.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder={tp('urge.text.ph')} />
          </Form.Item>
          <Form.Item name="replyBy" label={tp('urge.replyBy.label')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(x) => x.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function TaskDetailPage() {
  const { id = '' } = useParams();
  const { tp, lang } = usePlanI18n();
  const q = useTask(id);
  if (q.isLoading) return <Skeleton active />;
  if (q.error || !q.data) return <Alert type="error" message={errorText(q.error, lang)} />;
  const d = q.data;
  const t = d.task;
  const name = (x: { name: string; nameEn: string }) => (lang === 'en' ? x.nameEn : x.name);
  const unit = t.target.unit;
  return (
    <div>
      <Link to={`/plan?plan=${d.plan.id}`}>
        <ArrowLeftOutlined aria-hidden /> {tp('back')}
      </Link>
      <Space style={{ width: '100%', justifyContent: 'space-between', margin: '8px 0 12px' }} wrap align="start">
        <div>
          <Typography.Text type="secondary">{d.plan.title}</Typography.Text>
          <Typography.Title level={3} style={{ margin: '4px 0' }}>
            {t.code} {t.text}
          </Typography.Title>
          <Space wrap>
            <StatusTag status={t.status} />
            {t.live ? (
              <Tag icon={<ThunderboltOutlined aria-hidden />} color="blue">
                {tp('live')}
              </Tag>
            ) : null}
            {t.daysOverdue ? <Typography.Text type="danger">{tp('daysOverdue', { n: t.daysOverdue })}</Typography.Text> : t.daysLeft !== null && t.status !== 'done' ? <Typography.Text type="secondary">{tp('daysLeft', { n: t.daysLeft })}</Typography.Text> : null}
          </Space>
        </div>
        {d.canUrge ? <UrgeButton d={d} /> : null}
      </Space>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={tp('task.section')}>{d.section}</Descriptions.Item>
              <Descriptions.Item label={tp('task.deadline')}>{t.deadline}</Descriptions.Item>
              <Descriptions.Item label={tp('task.lead')}>{name(t.lead)}</Descriptions.Item>
              <Descriptions.Item label={tp('task.co')}>{t.co.map(name).join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={tp('task.target')}>
                {tp(`dir.${t.target.direction}`)} {fmtValue(t.target.value, unit, lang)}（{tp(`kind.${t.target.kind}`)}）
              </Descriptions.Item>
              <Descriptions.Item label={tp('task.current')}>
                <Typography.Text strong>{t.value === null ? tp('noValue') : fmtValue(t.value, unit, lang)}</Typography.Text>
                {t.valueOn ? <Typography.Text type="secondary"> （{t.valueOn}）</Typography.Text> : null}
              </Descriptions.Item>
              {t.measure ? (
                <Descriptions.Item label={tp('task.measure')} span={2}>
                  {lang === 'en' ? t.measure.nameEn : t.measure.name} — {lang === 'en' ? t.measure.definitionEn : t.measure.definition}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <div style={{ marginTop: 8 }}>
              <ProgressBar
                progress={t.progress}
                status={t.status}
                label={tp('col.progress')}
                expected={t.target.kind === 'cumulative' && t.target.direction === 'at_least' && t.target.value > 0 ? t.expected / t.target.value : null}
                text={t.target.kind === 'cumulative' && t.status !== 'done' ? tp('expected', { v: fmtValue(roundExpected(t.expected, t.target.value), unit, lang) }) : undefined}
              />
            </div>
          </Card>
          {d.canReport ? <ReportForm d={d} /> : null}
          <Card size="small" title={tp('reports')} style={{ marginBottom: 12 }}>
            {d.reports.length === 0 ? (
              <Empty description={tp('reports.none')} />
            ) : (
              <Timeline
                items={d.reports.map((r) => ({
                  key: r.id,
                  children: (
                    <div data-testid="plan-report">
                      <Space wrap size={8}>
                        <Typography.Text strong>{r.on}</Typography.Text>
                        {r.value !== null ? <Tag>{tp('report.value', { v: fmtValue(r.value, unit, lang) })}</Tag> : null}
                        {r.completed ? <Tag color="green">{tp('report.completed')}</Tag> : null}
                        <Typography.Text type="secondary">{tp('report.by', { dept: (lang === 'en' ? r.departmentEn : r.department) ?? '—', by: r.by ?? '—' })}</Typography.Text>
                      </Space>
                      <div>{r.text}</div>
                      {r.evidence.length ? (
                        <Image.PreviewGroup>
                          <Space wrap className="wg-plan-evidence" style={{ marginTop: 4 }}>
                            {r.evidence.map((e) => (
                              <Image key={e.photoId} src={e.thumbUrl} preview={{ src: e.url }} alt={tp('report.evidence')} width={96} height={72} />
                            ))}
                          </Space>
                        </Image.PreviewGroup>
                      ) : null}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={tp('task.milestones')} style={{ marginBottom: 12 }}>
            {t.milestones.length === 0 ? (
              <Typography.Text type="secondary">{tp('task.noMilestones')}</Typography.Text>
            ) : (
              <Timeline
                items={t.milestones.map((m) => ({
                  key: m.on,
                  color: m.on <= dayjs().format('YYYY-MM-DD') ? 'gray' : 'blue',
                  children: (
                    <span>
                      <Typography.Text strong>{m.on}</Typography.Text> {m.value !== null ? fmtValue(m.value, unit, lang) : ''} {m.text ?? ''}
                    </span>
                  ),
                }))}
              />
            )}
          </Card>
          <Card size="small" title={tp('urges')}>
            {d.urges.length === 0 ? (
              <Typography.Text type="secondary">{tp('urges.none')}</Typography.Text>
            ) : (
              <Timeline
                items={d.urges.map((u) => ({
                  key: u.id,
                  color: 'red',
                  children: (
                    <div data-testid="plan-urge">
                      <Typography.Text type="secondary">
                        {fmtDateTime(u.at)} · {tp('urge.by', { by: u.by ?? '—', status: tp(`status.${u.statusThen as TaskStatus}`) })}
                      </Typography.Text>
                      <div>{u.text}</div>
                      {u.replyBy ? <Typography.Text type="warning">{tp('urge.replyBy', { day: u.replyBy })}</Typography.Text> : null}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
