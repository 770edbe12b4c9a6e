// A register entry: its progress through the enforcement steps, the steps the user may take now (each with its form),
// details with the private owner, photos and documents, linked cases, the full history, and the place with its outline.
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Image, Input, InputNumber, List, Modal, Radio, Result, Row, Select, Skeleton, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, FileAddOutlined, FileTextOutlined, LockOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { BUILDING_RULES } from '../../../../src/domain/illegal-building/machine';
import { STATE_LABELS } from '../../shared/labels';
import { api, ApiError, errorText } from '../../shared/api';
import { fmtDateTime, shanghai } from '../../shared/time';
import type { CaseState } from '../../shared/types';
import { PhotoUploader } from '../common/PhotoUploader';
import { BuildingForm } from './BuildingForm';
import { DOC_TYPES, m2, useBuilding, useBuildingMutation, type BuildingAction, type BuildingDetail } from './data';
import { useBuildingI18n, type BuildingTranslate } from './messages';
import { StateTag } from './RegisterPage';
import './illegal-building.css';

const BuildingMap = lazy(() => import('./BuildingMap'));

const today = () => dayjs(shanghai(Date.now()).format('YYYY-MM-DD'));
const ORDER: BuildingAction[] = ['file', 'serveNotice', 'expire', 'demolish', 'confiscate', 'retain', 'dismiss'];
const DANGER: BuildingAction[] = ['dismiss'];

function actionName(a: BuildingAction, lang: 'zh' | 'en') {
  return lang === 'en' ? BUILDING_RULES[a].labelEn : BUILDING_RULES[a].labelZh;
}

/** found → filed → notice → deadline → outcome, with the outcome named. */
function Progress({ b }: { b: BuildingDetail }) {
  const { tb } = useBuildingI18n();
  const seen = new Set(b.events.map((e) => e.toState));
  const outcome = ['demolished', 'confiscated', 'retained', 'dismissed'].find((s) => s === b.state) as BuildingDetail['state'] | undefined;
  const steps = [
    { key: 'found', title: tb('state.found'), on: b.foundOn },
    { key: 'filed', title: tb('state.filed') },
    { key: 'notice_served', title: tb('state.notice_served'), sub: b.deadline ? `${tb('col.deadline')} ${b.deadline}` : undefined },
    { key: 'deadline_passed', title: tb('state.deadline_passed') },
    { key: 'outcome', title: outcome ? tb(`state.${outcome}`) : tb('d.outcome') },
  ];
  const onOf = (state: string) => b.events.find((e) => e.toState === state && e.fromState !== e.toState)?.on;
  const current = outcome ? 4 : ['found', 'filed', 'notice_served', 'deadline_passed'].indexOf(b.state);
  return (
    <Steps
      size="small"
      current={current}
      status={outcome === 'dismissed' ? 'error' : outcome ? 'finish' : 'process'}
      items={steps.map((s, i) => ({
        title: s.title,
        description: (
          <span className="wg-ib-step-desc">
            {i === 0 ? s.on : i === 4 ? (b.closedOn ?? '') : seen.has(s.key as never) ? onOf(s.key) : ''}
            {s.sub ? <div>{s.sub}</div> : null}
          </span>
        ),
      }))}
      className="wg-ib-steps"
    />
  );
}

function historyDetail(e: BuildingDetail['events'][number], tb: BuildingTranslate, lang: 'zh' | 'en'): string[] {
  const p = e.payload as Record<string, unknown>;
  const out: string[] = [];
  if (e.action === 'demolish' && e.areaM2 !== null) {
    out.push(tb('h.area', { a: m2(e.areaM2), t: m2(Number(p.totalM2 ?? e.areaM2)) }));
    if (p.method) out.push(tb(`method.${p.method as 'self'}`));
  }
  if (p.noticeNo) out.push(tb('h.notice', { no: String(p.noticeNo), deadline: String(p.deadline) }));
  if (p.caseNo) out.push(tb('h.caseNo', { no: String(p.caseNo) }));
  if (p.decisionNo) out.push(tb('h.decision', { no: String(p.decisionNo) }));
  if (p.fineYuan) out.push(tb('h.fine', { fine: Number(p.fineYuan).toLocaleString('en') }));
  if (p.caseNumber) out.push(tb('h.case', { no: String(p.caseNumber) }));
  if (Array.isArray(p.fields)) out.push(tb('h.fields', { fields: (p.fields as string[]).join(lang === 'en' ? ', ' : '、') }));
  return out;
}

function ActionDialog({ b, action, onClose }: { b: BuildingDetail; action: BuildingAction; onClose: () => void }) {
  const { t, tb, lang } = useBuildingI18n();
  const { message } = App.useApp();
  const run = useBuildingMutation((body: Record<string, unknown>) => api<BuildingDetail>(`/api/illegal-buildings/${b.id}/${action}`, { method: 'POST', body }));
  const submit = (v: Record<string, unknown>) => {
    const body: Record<string, unknown> = { ...v, on: (v.on as Dayjs).format('YYYY-MM-DD'), expectedVersion: b.version };
    if (v.deadline) body.deadline = (v.deadline as Dayjs).format('YYYY-MM-DD');
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
    run.mutate(body, {
      onSuccess: () => {
        message.success(tb('a.done', { action: actionName(action, lang) }));
        onClose();
      },
    });
  };
  const required = [{ required: true, message: tb('form.required') }];
  const remaining = b.remainingM2;
  return (
    <Modal open onCancel={onClose} footer={null} destroyOnHidden title={`${actionName(action, lang)} · ${b.code}`} width={560}>
      <Form layout="vertical" onFinish={submit} initialValues={{ on: today(), method: 'forced', complete: false, areaM2: action === 'demolish' ? remaining : undefined, photoIds: [] }} data-action={action}>
        <Form.Item name="on" label={tb('a.on')} rules={required}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(b.lastOn), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        {action === 'file' ? (
          <Form.Item name="caseNo" label={tb('a.caseNo')}>
            <Input maxLength={60} />
          </Form.Item>
        ) : null}
        {action === 'dismiss' ? (
          <Form.Item name="reason" label={tb('a.reason')} rules={required}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        ) : null}
        {action === 'serveNotice' ? (
          <>
            <Form.Item name="noticeNo" label={tb('a.noticeNo')} rules={required}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="deadline" label={tb('a.deadline')} rules={required}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        ) : null}
        {action === 'demolish' ? (
          <>
            <Form.Item name="areaM2" label={tb('a.areaM2')} rules={required} extra={tb('a.areaHint', { r: m2(remaining) })}>
              <InputNumber min={0.1} max={b.areaM2} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="method" label={tb('a.method')} rules={required}>
              <Radio.Group options={(['forced', 'self'] as const).map((m) => ({ value: m, label: tb(`method.${m}`) }))} />
            </Form.Item>
            <Form.Item name="complete" valuePropName="checked">
              <Checkbox>{tb('a.complete')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        {action === 'confiscate' || action === 'retain' ? (
          <Form.Item name="decisionNo" label={tb('a.decisionNo')} rules={required}>
            <Input maxLength={60} />
          </Form.Item>
        ) : null}
        {action === 'retain' ? (
          <Form.Item name="fineYuan" label={tb('a.fineYuan')} rules={required}>
            <InputNumber min={1} max={100_000_000} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={tb('a.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="photoIds" label={tb('a.photos')}>
          <PhotoUploader max={6} />
        </Form.Item>
        {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
        <div className="wg-cmp-form-foot">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={run.isPending} danger={DANGER.includes(action)}>
            {tb('a.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

function AttachDialog({ b, onClose }: { b: BuildingDetail; onClose: () => void }) {
  const { t, tb, lang } = useBuildingI18n();
  const { message } = App.useApp();
  const run = useBuildingMutation((body: Record<string, unknown>) => api<BuildingDetail>(`/api/illegal-buildings/${b.id}/files`, { method: 'POST', body }));
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as 'photo' | 'document' | undefined;
  return (
    <Modal open onCancel={onClose} footer={null} destroyOnHidden title={`${tb('d.attach')} · ${b.code}`}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'document', docType: 'notice', stage: 'during' }}
        onFinish={(v) =>
          run.mutate(
            { photoId: v.photo[0], kind: v.kind, title: v.title ?? '', ...(v.kind === 'document' ? { docType: v.docType, ...(v.docNo ? { docNo: v.docNo } : {}) } : { stage: v.stage }) },
            {
              onSuccess: () => {
                message.success(tb('f.added'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="kind" label={tb('f.kind')}>
          <Radio.Group optionType="button" options={[{ value: 'document', label: tb('f.document') }, { value: 'photo', label: tb('f.photo') }]} />
        </Form.Item>
        {kind === 'photo' ? (
          <Form.Item name="stage" label={tb('f.stage')}>
            <Select options={(['before', 'during', 'after'] as const).map((s) => ({ value: s, label: tb(`stage.${s}`) }))} />
          </Form.Item>
        ) : (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="docType" label={tb('f.docType')}>
                <Select options={DOC_TYPES.map((d) => ({ value: d, label: tb(`doc.${d}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="docNo" label={tb('f.docNo')}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="title" label={tb('f.title')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="photo" label={tb('f.file')} rules={[{ required: true, message: tb('form.required') }]}>
          <PhotoUploader max={1} />
        </Form.Item>
        {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
        <div className="wg-cmp-form-foot">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={run.isPending}>
            {tb('a.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

function RaiseCaseDialog({ b, onClose }: { b: BuildingDetail; onClose: () => void }) {
  const { t, tb, lang } = useBuildingI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const run = useBuildingMutation((body: Record<string, unknown>) => api<{ caseId: string; number: string }>(`/api/illegal-buildings/${b.id}/raise-case`, { method: 'POST', body }));
  return (
    <Modal open onCancel={onClose} footer={null} destroyOnHidden title={`${tb('rc.title')} · ${b.code}`}>
      <Form
        layout="vertical"
        initialValues={{ classCode: b.stock === 'new' ? '08016' : '06001' }}
        onFinish={(v) =>
          run.mutate(
            { classCode: v.classCode, ...(v.description ? { description: v.description } : {}) },
            {
              onSuccess: (r) => {
                message.success(tb('rc.done', { no: r.number }));
                onClose();
                navigate(`/cases/${r.caseId}`);
              },
            },
          )
        }
      >
        <Form.Item name="classCode" label={tb('rc.class')}>
          <Radio.Group options={[{ value: '06001', label: lang === 'en' ? '06001 Unauthorised structure' : '06001 私搭乱建' }, { value: '08016', label: lang === 'en' ? '08016 Construction without a permit' : '08016 无证建设' }]} />
        </Form.Item>
        <Form.Item name="description" label={tb('rc.description')}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={`${b.address}，${b.areaM2} ㎡`} />
        </Form.Item>
        {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
        <div className="wg-cmp-form-foot">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={run.isPending}>
            {tb('a.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

export default function BuildingDetailPage() {
  const { id } = useParams() as { id: string };
  const { tb, lang, pick } = useBuildingI18n();
  const detail = useBuilding(id);
  const [action, setAction] = useState<BuildingAction | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'attach' | 'raise' | null>(null);
  const b = detail.data;
  if (detail.isPending) return <Skeleton active className="wg-pad" />;
  if (detail.isError || !b) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={errorText(detail.error, lang)} extra={<Link to="/illegal-buildings">{tb('d.back')}</Link>} />;
  }
  const actions = ORDER.filter((a) => b.allowedActions.includes(a));
  const photos = b.files.filter((f) => f.kind === 'photo');
  const documents = b.files.filter((f) => f.kind === 'document');
  return (
    <div className="wg-ib-detail" data-testid="building-detail" data-state={b.state} data-code={b.code}>
      <div className="wg-page-head">
        <div>
          <Link to="/illegal-buildings" className="wg-cmp-back">
            <ArrowLeftOutlined /> {tb('d.back')}
          </Link>
          <h1 className="wg-page-title">
            <span className="wg-mono">{b.code}</span> <StateTag state={b.state} /> <Tag color={b.stock === 'new' ? 'volcano' : 'default'}>{tb(`stock.${b.stock}`)}</Tag>
            {b.deadlineOverdue ? <Tag color="red">{tb('d.deadlineOverdue')}</Tag> : null}
          </h1>
          <Typography.Text type="secondary">
            {b.address} · {tb(`type.${b.type}`)} · {m2(b.areaM2)} {tb('unit.m2')}
          </Typography.Text>
        </div>
      </div>

      <Card size="small" title={tb('d.progress')} className="wg-mb">
        <Progress b={b} />
      </Card>

      <Card size="small" title={tb('d.actions')} className="wg-mb">
        <Space wrap>
          {actions.map((a, i) => (
            <Button key={a} type={i === 0 && !DANGER.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => setAction(a)} data-action={a}>
              {actionName(a, lang)}
            </Button>
          ))}
          {b.canEdit ? (
            <>
              <Button icon={<FileAddOutlined />} onClick={() => setDialog('attach')}>
                {tb('d.attach')}
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {tb('d.edit')}
              </Button>
            </>
          ) : null}
          {b.canRaiseCase ? (
            <Button icon={<SendOutlined />} onClick={() => setDialog('raise')}>
              {tb('d.raiseCase')}
            </Button>
          ) : null}
          {!actions.length && !b.canEdit ? <Typography.Text type="secondary">{tb('d.noActions')}</Typography.Text> : null}
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={tb('d.info')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="building-info">
              <Descriptions.Item label={tb('col.type')}>{tb(`type.${b.type}`)}</Descriptions.Item>
              <Descriptions.Item label={tb('col.stock')}>{tb(`stock.${b.stock}`)}</Descriptions.Item>
              <Descriptions.Item label={tb('col.area')}>{m2(b.areaM2)}</Descriptions.Item>
              <Descriptions.Item label={tb('col.demolished')}>
                <span data-testid="demolished-m2">{m2(b.demolishedM2)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={tb('d.remaining')}>{m2(b.remainingM2)}</Descriptions.Item>
              <Descriptions.Item label={tb('col.deadline')}>{b.deadline ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tb('col.foundOn')}>{b.foundOn}</Descriptions.Item>
              <Descriptions.Item label={tb('col.source')}>{tb(`source.${b.source}`)}</Descriptions.Item>
              <Descriptions.Item label={tb('col.street')}>{[b.streetName, b.communityName].filter(Boolean).join(' / ')}</Descriptions.Item>
              <Descriptions.Item label={tb('col.department')}>{(lang === 'en' ? b.departmentNameEn : b.departmentName) ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tb('d.owner')} span="filled">
                {b.owner ? (
                  <span data-testid="owner">
                    {tb(`owner.${b.owner.kind}`)} {b.owner.name ?? ''} {b.owner.phone ? `· ${tb('d.phone')} ${b.owner.phone}` : ''}
                  </span>
                ) : (
                  <Typography.Text type="secondary" data-testid="owner-hidden">
                    <LockOutlined /> {tb('d.ownerHidden')}
                  </Typography.Text>
                )}
              </Descriptions.Item>
              {b.description ? (
                <Descriptions.Item label={tb('d.description')} span="filled">
                  {b.description}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card size="small" title={tb('d.files')} className="wg-mt">
            {!b.files.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tb('d.noFiles')} /> : null}
            {photos.length ? (
              <Image.PreviewGroup>
                <div className="wg-ib-photos">
                  {photos.map((p) => (
                    <div key={p.photoId} className="wg-cmp-shot">
                      <Image src={p.thumbUrl} preview={{ src: p.url }} width={140} height={105} alt={p.stage ? tb(`stage.${p.stage as 'before'}`) : ''} />
                      {p.stage ? <span className={`wg-cmp-shot-label ${p.stage === 'after' ? 'wg-cmp-after' : 'wg-cmp-before'}`}>{tb(`stage.${p.stage as 'before'}`)}</span> : null}
                    </div>
                  ))}
                </div>
              </Image.PreviewGroup>
            ) : null}
            {documents.length ? (
              <List
                size="small"
                header={tb('d.documents')}
                dataSource={documents}
                renderItem={(d) => (
                  <List.Item>
                    <a href={d.url} target="_blank" rel="noreferrer">
                      <FileTextOutlined /> {d.docType ? tb(`doc.${d.docType as 'notice'}`) : ''} {d.docNo ?? ''} {d.title}
                    </a>
                    <Typography.Text type="secondary">{fmtDateTime(d.addedAt)}</Typography.Text>
                  </List.Item>
                )}
              />
            ) : null}
          </Card>
          <Card size="small" title={tb('d.history')} className="wg-mt">
            <Timeline
              items={[...b.events].reverse().map((e) => ({
                color: e.fromState !== e.toState ? 'blue' : 'gray',
                content: (
                  <div className="wg-ib-event" data-event={e.action}>
                    <strong>{lang === 'en' ? e.actionLabelEn : e.actionLabel}</strong> <span className="wg-mono">{e.on}</span>
                    {e.fromState !== e.toState && e.fromState ? (
                      <Typography.Text type="secondary">
                        {' '}
                        {tb(`state.${e.fromState as 'found'}`)} → {tb(`state.${e.toState as 'found'}`)}
                      </Typography.Text>
                    ) : null}
                    <div className="wg-ib-event-meta">
                      {e.actorName ?? ''} · {fmtDateTime(e.at)}
                    </div>
                    {historyDetail(e, tb, lang).map((x) => (
                      <div key={x}>{x}</div>
                    ))}
                    {e.note ? <div className="wg-ib-event-note">{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={tb('d.map')}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <BuildingMap items={[b]} height={320} name="building" center={[b.lng, b.lat]} zoom={17} ariaLabel={tb('d.map')} legend={false} />
            </Suspense>
            <Typography.Text type="secondary" className="wg-coords">
              {tb('d.coords')} WGS84 {b.lng.toFixed(6)}, {b.lat.toFixed(6)}
            </Typography.Text>
          </Card>
          <Card size="small" title={tb('d.cases')} className="wg-mt">
            {b.cases.length ? (
              <List
                size="small"
                dataSource={b.cases}
                renderItem={(c) => (
                  <List.Item>
                    <span>
                      <Tag>{c.relation === 'origin' ? tb('d.origin') : tb('d.raised')}</Tag>
                      <Link to={`/cases/${c.id}`} className="wg-mono">
                        {c.number}
                      </Link>{' '}
                      {c.classCode}
                    </span>
                    <Tag>{pick(STATE_LABELS[c.state as CaseState])}</Tag>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tb('d.noCases')} />
            )}
          </Card>
        </Col>
      </Row>
      {action ? <ActionDialog b={b} action={action} onClose={() => setAction(null)} /> : null}
      {dialog === 'edit' ? <BuildingForm mode={{ kind: 'edit', building: b }} onClose={() => setDialog(null)} /> : null}
      {dialog === 'attach' ? <AttachDialog b={b} onClose={() => setDialog(null)} /> : null}
      {dialog === 'raise' ? <RaiseCaseDialog b={b} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
