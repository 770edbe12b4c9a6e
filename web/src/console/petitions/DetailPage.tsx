// 信访件详情: the matter, the petitioner (petition staff only), the 诉访分离 screening, deadlines with lights, the full
// timeline with what the petitioner was told at each step, the linked city-management case, reception-day visit and
// follow-up tasks, and the steps this user may take now, each with its form.
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Radio, Result, Row, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, LinkOutlined, LockOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { PETITION_ACTION_RULES, type PetitionActionName } from '../../../../src/domain/petition/actions';
import { guidanceFor } from '../../../../src/domain/petition/screening';
import { REVIEW_DECISIONS, ROUTES_OUT, SATISFACTION, type PetitionState, type RouteOut } from '../../../../src/domain/petition/states';
import {
  PETITION_ROUTE_LABELS,
  PETITION_SATISFACTION_LABELS,
  PETITION_STATE_LABELS,
  PETITION_STEP_LABELS,
  PETITION_TOPIC_LABELS,
  REVIEW_DECISION_LABELS,
} from '../../../../src/domain/petition/labels';
import { ROLE_LABELS, STATE_LABELS } from '../../shared/labels';
import { api, ApiError, errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import type { CaseState } from '../../shared/types';
import { useUser } from '../auth';
import { useDepartments } from '../common/data';
import { isPetitionStaff, usePetition, type PetitionDetail, type ReceptionTask } from './data';
import { usePetitionI18n } from './messages';
import { ChannelTag, DeadlineLight, fmtDeadline, StateTag } from './ui';
import './petitions.css';

const ConvertDialog = lazy(() => import('./ConvertDialog'));

/** The main step first, then the others, notes last. */
const ORDER: PetitionActionName[] = ['accept', 'assign', 'reply', 'decideReview', 'close', 'routeOut', 'reject', 'extend', 'returnToOffice', 'requestReview', 'rate', 'comment'];
const DANGER = new Set<PetitionActionName>(['reject', 'routeOut', 'returnToOffice']);

export function actionLabel(a: string, lang: 'zh' | 'en'): string {
  const rule = PETITION_ACTION_RULES[a as PetitionActionName];
  return rule ? (lang === 'en' ? rule.labelEn : rule.labelZh) : a;
}

function ActionForm({ p, action, onDone, onCancel }: { p: PetitionDetail; action: PetitionActionName; onDone: () => void; onCancel: () => void }) {
  const { tp, lang, pick } = usePetitionI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const depts = useDepartments();
  const [form] = Form.useForm<Record<string, unknown>>();
  const run = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<PetitionDetail>(`/api/petitions/${p.id}/${action}`, { method: 'POST', body, query: { expectedVersion: p.version } }),
    onSuccess: (next) => {
      qc.setQueryData(['petition', p.id], next);
      qc.setQueryData(['petition', p.number], next);
      void qc.invalidateQueries({ queryKey: ['petitions'] });
      void qc.invalidateQueries({ queryKey: ['petition-stats'] });
      void message.success(tp('action.done', { action: actionLabel(action, lang) }));
      onDone();
    },
  });
  const clean = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
  const text = (name: string, label: string, required: boolean, min = 2, rows = 3) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, min, message: `${label} ≥ ${min}` }] : []}>
      <Input.TextArea autoSize={{ minRows: rows }} maxLength={name === 'text' || name === 'guidance' || name === 'opinion' ? 5000 : 2000} showCount />
    </Form.Item>
  );
  const initial: Record<string, unknown> =
    action === 'extend' ? { days: p.limits.maxExtensionDays } : action === 'routeOut' ? { route: 'litigation', guidance: guidanceFor('litigation')[lang === 'en' ? 'en' : 'zh'] } : action === 'decideReview' ? { decision: 'upheld' } : {};
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => run.mutate(clean(v))} data-action={action}>
      {action === 'accept' || action === 'close' ? text('note', tp('field.note'), false, 0, 2) : null}
      {action === 'reject' ? (
        <>
          {text('reason', tp('field.reason'), true)}
          <Form.Item name="referTo" label={tp('field.referTo')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      ) : null}
      {action === 'routeOut' ? (
        <>
          <Form.Item name="route" label={tp('field.route')} rules={[{ required: true }]}>
            <Radio.Group
              onChange={(e) => form.setFieldValue('guidance', guidanceFor(e.target.value as RouteOut)[lang === 'en' ? 'en' : 'zh'])}
              options={ROUTES_OUT.map((r) => ({ value: r, label: pick(PETITION_ROUTE_LABELS[r]) }))}
            />
          </Form.Item>
          <Form.Item name="basis" label={tp('field.basis')}>
            <Input maxLength={500} />
          </Form.Item>
          {text('guidance', tp('field.guidance'), true, 10, 4)}
        </>
      ) : null}
      {action === 'assign' ? (
        <>
          <Form.Item name="departmentId" label={tp('field.department')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={depts.isPending}
              options={(depts.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))}
            />
          </Form.Item>
          {text('note', tp('field.note'), false, 0, 2)}
        </>
      ) : null}
      {action === 'returnToOffice' || action === 'requestReview' ? text('reason', tp('field.reason'), true) : null}
      {action === 'extend' ? (
        <>
          <Form.Item name="days" label={tp('field.days', { max: p.limits.maxExtensionDays })} rules={[{ required: true }]}>
            <InputNumber min={1} max={p.limits.maxExtensionDays} />
          </Form.Item>
          {text('reason', tp('field.reason'), true)}
        </>
      ) : null}
      {action === 'reply' ? text('text', tp('field.text'), true, 10, 6) : null}
      {action === 'rate' ? (
        <>
          <Form.Item name="satisfaction" label={tp('field.satisfaction')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={SATISFACTION.map((s) => ({ value: s, label: pick(PETITION_SATISFACTION_LABELS[s]) }))} />
          </Form.Item>
          <Form.Item name="comment" label={tp('field.comment')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      ) : null}
      {action === 'decideReview' ? (
        <>
          <Form.Item name="decision" label={tp('field.decision')} rules={[{ required: true }]}>
            <Radio.Group options={REVIEW_DECISIONS.map((d) => ({ value: d, label: pick(REVIEW_DECISION_LABELS[d]) }))} />
          </Form.Item>
          {text('opinion', tp('field.opinion'), true, 10, 4)}
        </>
      ) : null}
      {action === 'comment' ? text('note', tp('field.note'), true) : null}
      {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={run.isPending} danger={DANGER.has(action)} data-testid="petition-action-submit">
          {tp('action.submit')}
        </Button>
        <Button onClick={onCancel}>{tp('action.cancel')}</Button>
      </Space>
    </Form>
  );
}

function Events({ p }: { p: PetitionDetail }) {
  const { tp, lang, pick } = usePetitionI18n();
  const depts = useDepartments();
  const byId = new Map((depts.data ?? []).map((d) => [d.id, lang === 'en' ? d.nameEn : d.nameZh]));
  return (
    <Timeline
      className="wg-timeline"
      data-testid="petition-timeline"
      items={p.events.map((e) => {
        const moved = e.fromState !== e.toState;
        const facts: string[] = [];
        const pl = e.payload as Record<string, unknown>;
        if (typeof pl.departmentId === 'string' && byId.get(pl.departmentId) && (e.action === 'assign' || e.action === 'returnToOffice')) facts.push(`${tp('field.department')}：${byId.get(pl.departmentId)}`);
        if (typeof pl.days === 'number') facts.push(tp('detail.extension', { n: pl.days }));
        if (typeof pl.satisfaction === 'string') facts.push(`${tp('detail.rating')}：${pick(PETITION_SATISFACTION_LABELS[pl.satisfaction as 'satisfied'])}`);
        if (typeof pl.decision === 'string') facts.push(pick(REVIEW_DECISION_LABELS[pl.decision as 'upheld']));
        if (typeof pl.route === 'string' && e.action === 'routeOut') facts.push(tp('detail.routedTo', { route: pick(PETITION_ROUTE_LABELS[pl.route as RouteOut]) }));
        if (typeof pl.caseNumber === 'string') facts.push(`${tp('detail.linkedCase')}：${pl.caseNumber}`);
        return {
          key: e.seq,
          color: e.inTime === false ? 'red' : e.inTime === true ? 'green' : 'blue',
          icon: e.inTime === false ? <ExclamationCircleOutlined /> : e.inTime === true ? <CheckCircleOutlined /> : <ClockCircleOutlined />,
          content: (
            <div className="wg-event" data-action={e.action}>
              <div className="wg-event-head">
                <span className="wg-event-time">{fmtDateTime(e.at)}</span>
                <strong className="wg-event-action">{lang === 'en' ? e.actionLabelEn : e.actionLabel}</strong>
                <span className="wg-event-actor">
                  {e.actorName ?? pick(ROLE_LABELS[e.role])} · {pick(ROLE_LABELS[e.role])}
                </span>
                {moved ? (
                  <Tag variant="filled">
                    {e.fromState ? `${pick(PETITION_STATE_LABELS[e.fromState as PetitionState], e.fromState)} → ` : ''}
                    {pick(PETITION_STATE_LABELS[e.toState as PetitionState], e.toState)}
                  </Tag>
                ) : null}
              </div>
              {e.note && !e.notice?.includes(e.note) ? <Typography.Paragraph className="wg-event-note wg-petition-text">{e.note}</Typography.Paragraph> : null}
              {facts.length ? (
                <div className="wg-event-facts">
                  {facts.map((f) => (
                    <span key={f}>{f}</span>
                  ))}
                </div>
              ) : null}
              {e.notice ? (
                <div className="wg-notice">
                  <div className="wg-notice-label">{tp('detail.notice')}</div>
                  {e.notice}
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}

function Tasks({ p }: { p: PetitionDetail }) {
  const { tp, lang } = usePetitionI18n();
  const user = useUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const depts = useDepartments();
  const [adding, setAdding] = useState(false);
  const [doneOf, setDoneOf] = useState<ReceptionTask | null>(null);
  const staff = isPetitionStaff(user);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['petition', p.id] });
  const add = useMutation({
    mutationFn: (v: { departmentId: string; text: string; days?: number }) => api('/api/reception/tasks', { method: 'POST', body: { petitionId: p.id, ...v } }),
    onSuccess: () => {
      setAdding(false);
      refresh();
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const done = useMutation({
    mutationFn: (v: { note: string }) => api(`/api/reception/tasks/${doneOf!.id}/done`, { method: 'POST', body: v }),
    onSuccess: () => {
      setDoneOf(null);
      refresh();
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  if (!p.tasks.length && !staff) return null;
  return (
    <Card
      size="small"
      title={tp('detail.tasks')}
      className="wg-mt"
      extra={staff ? <Button size="small" onClick={() => setAdding(true)}>{tp('detail.addTask')}</Button> : null}
      data-testid="petition-tasks"
    >
      <List
        size="small"
        locale={{ emptyText: tp('reception.noTasks') }}
        dataSource={p.tasks}
        renderItem={(k) => (
          <List.Item
            actions={
              k.status === 'open' && (staff || k.departmentId === user.departmentId)
                ? [
                    <Button key="d" size="small" onClick={() => setDoneOf(k)}>
                      {tp('detail.taskDone')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{k.text}</span>
                  <Tag>{lang === 'en' ? k.departmentNameEn : k.departmentName}</Tag>
                  {k.status === 'open' ? <DeadlineLight light={k.light} daysLeft={k.daysLeft} deadline={k.deadline} /> : <Tag color="green" icon={<CheckCircleOutlined />}>{tp('detail.taskClosed')}</Tag>}
                </Space>
              }
              description={k.doneNote ? `${fmtDateTime(k.doneAt)} · ${k.doneNote}` : null}
            />
          </List.Item>
        )}
      />
      <Modal open={adding} onCancel={() => setAdding(false)} footer={null} title={tp('detail.addTask')} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ days: p.limits.followUpTaskDays, departmentId: p.departmentId ?? undefined }}>
          <Form.Item name="departmentId" label={tp('detail.taskBody')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(depts.data ?? []).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
          </Form.Item>
          <Form.Item name="text" label={tp('detail.taskText')} rules={[{ required: true, min: 4 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
          </Form.Item>
          <Form.Item name="days" label={tp('detail.taskDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            {tp('action.submit')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!doneOf} onCancel={() => setDoneOf(null)} footer={null} title={tp('detail.taskDone')} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => done.mutate(v)}>
          <Form.Item name="note" label={tp('detail.taskDoneNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={done.isPending}>
            {tp('action.submit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

function Deadlines({ p }: { p: PetitionDetail }) {
  const { tp, pick } = usePetitionI18n();
  return (
    <Descriptions column={1} size="small" bordered className="wg-deadlines">
      <Descriptions.Item label={tp('detail.currentStep')}>{p.step ? pick(PETITION_STEP_LABELS[p.step]) : tp('detail.noClock')}</Descriptions.Item>
      <Descriptions.Item label={tp('col.deadline')}>
        <DeadlineLight light={p.light} daysLeft={p.daysLeft} deadline={p.stepDeadline} />
      </Descriptions.Item>
      <Descriptions.Item label={tp('detail.receivedAt')}>{fmtDateTime(p.receivedAt)}</Descriptions.Item>
      <Descriptions.Item label={tp('detail.acceptedAt')}>{fmtDateTime(p.acceptedAt)}</Descriptions.Item>
      <Descriptions.Item label={tp('detail.handleDeadline')}>
        {fmtDeadline(p.handleDeadline)} {p.extensionDays ? <Tag color="orange">{tp('detail.extension', { n: p.extensionDays })}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={tp('detail.repliedAt')}>{fmtDateTime(p.repliedAt)}</Descriptions.Item>
      <Descriptions.Item label={tp('detail.reviewUntil')}>{fmtDeadline(p.reviewUntil)}</Descriptions.Item>
      {p.reviewRequestedAt ? <Descriptions.Item label={tp('detail.reviewDeadline')}>{fmtDeadline(p.reviewDeadline)}</Descriptions.Item> : null}
      {p.satisfaction ? <Descriptions.Item label={tp('detail.rating')}>{pick(PETITION_SATISFACTION_LABELS[p.satisfaction])}</Descriptions.Item> : null}
      {p.closedAt ? <Descriptions.Item label={tp('detail.closedAt')}>{fmtDateTime(p.closedAt)}</Descriptions.Item> : null}
    </Descriptions>
  );
}

export default function PetitionDetailPage() {
  const { id } = useParams() as { id: string };
  const { tp, t, lang, pick } = usePetitionI18n();
  const navigate = useNavigate();
  const detail = usePetition(id);
  const [action, setAction] = useState<PetitionActionName | null>(null);
  const [converting, setConverting] = useState(false);
  const p = detail.data;

  if (detail.isPending) return <Skeleton active className="wg-pad" />;
  if (detail.isError || !p) {
    const notFound = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? tp('detail.notFound') : t('common.error')}
        subTitle={errorText(detail.error, lang)}
        extra={<Button onClick={() => navigate(-1)}>{t('common.back')}</Button>}
      />
    );
  }
  const actions = ORDER.filter((a) => p.allowedActions.includes(a));
  const screening = p.screening;
  return (
    <div className="wg-petitions wg-petition-page" data-petition-number={p.number} data-state={p.state}>
      <div className="wg-petition-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <div>
          <h1>
            <span className="wg-mono">{p.number}</span>
            <StateTag state={p.state} />
            <ChannelTag channel={p.channel} />
            {p.peopleCount >= 5 ? <Tag color="volcano">{tp('collective')}</Tag> : null}
          </h1>
          <div className="wg-petition-sub">
            <DeadlineLight light={p.light} daysLeft={p.daysLeft} deadline={p.stepDeadline} />
            <span>{pick(PETITION_TOPIC_LABELS[p.topic])}</span>
            <strong>{p.subject}</strong>
            <span>{fmtDateTime(p.receivedAt)}</span>
          </div>
        </div>
      </div>

      <Card size="small" className="wg-actions-card wg-mb" title={tp('detail.actions')}>
        {actions.length || p.canConvert ? (
          <Space wrap>
            {actions.map((a, i) => (
              <Button key={a} type={i === 0 && !DANGER.has(a) && a !== 'comment' ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => setAction(a)} data-action={a}>
                {actionLabel(a, lang)}
              </Button>
            ))}
            {p.canConvert ? (
              <Button icon={<NodeIndexOutlined />} onClick={() => setConverting(true)} data-action="convert">
                {tp('detail.convert')}
              </Button>
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">{tp('detail.noActions')}</Typography.Text>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={tp('detail.info')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={tp('intake.topic')}>{pick(PETITION_TOPIC_LABELS[p.topic])}</Descriptions.Item>
              <Descriptions.Item label={tp('detail.people')}>{tp('people', { n: p.peopleCount })}</Descriptions.Item>
              <Descriptions.Item label={tp('col.subject')} span="filled">
                <strong>{p.subject}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={tp('intake.content')} span="filled">
                <Typography.Paragraph className="wg-petition-text" data-testid="petition-content">
                  {p.content}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={tp('detail.location')} span="filled">
                {[p.locationText, p.streetName, p.communityName].filter(Boolean).join(' · ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tp('col.body')} span="filled">
                {(lang === 'en' ? p.departmentNameEn : p.departmentName) ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>

          <Card size="small" title={tp('detail.screening')} className="wg-mt" data-testid="petition-screening">
            {p.route && p.route !== 'petition' ? (
              <Alert type="warning" showIcon title={tp('detail.routedTo', { route: pick(PETITION_ROUTE_LABELS[p.route]) })} />
            ) : screening.route && screening.route !== 'petition' ? (
              <Alert type="warning" showIcon title={tp('detail.screeningSuggested', { route: pick(PETITION_ROUTE_LABELS[screening.route]), words: (screening.matched ?? []).join('、') })} description={lang === 'en' ? screening.basisEn : screening.basisZh} />
            ) : (
              <Typography.Text type="secondary">{tp('detail.screeningNone')}</Typography.Text>
            )}
          </Card>

          {p.linkedCase ? (
            <Card size="small" title={tp('detail.linkedCase')} className="wg-mt" data-testid="petition-linked-case">
              <Space wrap>
                <LinkOutlined aria-hidden />
                <Link to={`/cases/${p.linkedCase.id}`} className="wg-mono">
                  {p.linkedCase.number}
                </Link>
                <Tag color="blue">{pick(STATE_LABELS[p.linkedCase.state as CaseState], p.linkedCase.state)}</Tag>
                {(lang === 'en' ? p.linkedCase.departmentNameEn : p.linkedCase.departmentName) ?? null}
              </Space>
            </Card>
          ) : null}

          {p.reception ? (
            <Card size="small" title={tp('detail.reception')} className="wg-mt">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={tp('reception.day')}>
                  <Link to={`/petitions/reception?day=${p.reception.day.id}`}>
                    {p.reception.day.day} {p.reception.day.startTime}–{p.reception.day.endTime}
                  </Link>{' '}
                  · {tp(`reception.kind.${p.reception.day.kind}`)}
                </Descriptions.Item>
                <Descriptions.Item label={tp('reception.host')}>
                  {p.reception.day.hostTitle} {p.reception.day.hostName}
                </Descriptions.Item>
                <Descriptions.Item label={tp('reception.place')}>{p.reception.day.place}</Descriptions.Item>
                {p.reception.leaderInstruction ? <Descriptions.Item label={tp('detail.leaderInstruction')}>{p.reception.leaderInstruction}</Descriptions.Item> : null}
              </Descriptions>
            </Card>
          ) : null}

          <Tasks p={p} />

          <Card size="small" title={tp('detail.timeline', { n: p.events.length })} className="wg-mt">
            <Events p={p} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={tp('detail.petitioner')} className="wg-private" data-testid="petitioner-card" extra={<LockOutlined aria-label={tp('hidden')} />}>
            {p.petitioner ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={tp('intake.name')}>{p.petitioner.name}</Descriptions.Item>
                <Descriptions.Item label={tp('intake.phone')}>{p.petitioner.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={tp('intake.idNumber')}>{p.petitioner.idNumber ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={tp('intake.address')}>{p.petitioner.address ?? '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tp('detail.petitionerHidden')} />
            )}
          </Card>
          <Card size="small" title={tp('detail.deadlines')} className="wg-mt">
            <Deadlines p={p} />
          </Card>
        </Col>
      </Row>

      <Modal open={!!action} onCancel={() => setAction(null)} footer={null} destroyOnHidden width={620} title={action ? `${actionLabel(action, lang)} · ${p.number}` : ''}>
        {action ? <ActionForm p={p} action={action} onCancel={() => setAction(null)} onDone={() => setAction(null)} /> : null}
      </Modal>
      <Suspense fallback={null}>{converting ? <ConvertDialog p={p} onClose={() => setConverting(false)} /> : null}</Suspense>
    </div>
  );
}
