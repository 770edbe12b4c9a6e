// Case detail (案卷详情): what, where, photos, the full timeline, deadlines, the map, nearby duplicates, and the
// actions this user may take now, each with its form.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Modal, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ThunderboltFilled } from '@ant-design/icons';
import { CLOSE_TYPE_LABELS, KIND_LABELS, LIMIT_UNIT_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../shared/labels';
import { STEP_OF_STATE } from '../../../../src/domain/workflow/states';
import { ApiError, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge } from '../../shared/Light';
import { fmtDateTime } from '../../shared/time';
import type { ActionName, CaseDetail } from '../../shared/types';
import { seesAll, useUser } from '../auth';
import { useCase, useFilingConditions } from '../common/data';
import { ActionForm } from './ActionDialog';
import { actionLabel, actionTone, sortActions } from './actionForm';
import { CasePhotos } from './Photos';
import { CaseTimeline } from './Timeline';
import { NearbyDuplicates } from './NearbyDuplicates';
import { PetitionLink } from '../petitions/PetitionLink';
import { CaseProgrammes } from '../campaigns/CaseProgrammes';

const CaseMiniMap = lazy(() => import('./CaseMiniMap'));

function Deadlines({ c }: { c: CaseDetail }) {
  const { t, pick } = useI18n();
  const step = STEP_OF_STATE[c.state];
  return (
    <Descriptions column={1} size="small" className="wg-deadlines" bordered>
      <Descriptions.Item label={t('deadline.step')}>{step ? t(`step.${step}` as const) : t('deadline.noClock')}</Descriptions.Item>
      <Descriptions.Item label={t('deadline.light')}>
        <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} deadline={c.stepDeadline} />
      </Descriptions.Item>
      <Descriptions.Item label={t('deadline.stepStarted')}>{fmtDateTime(c.stepStartedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('deadline.stepDeadline')}>{fmtDateTime(c.stepDeadline)}</Descriptions.Item>
      <Descriptions.Item label={t('deadline.handleLimit')}>
        {c.handleLimit ? `${c.handleLimit.amount} ${pick(LIMIT_UNIT_LABELS[c.handleLimit.unit], c.handleLimit.unit)}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('deadline.handleStarted')}>{fmtDateTime(c.handleStartedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('deadline.handleDeadline')}>{fmtDateTime(c.handleDeadline)}</Descriptions.Item>
      <Descriptions.Item label={t('deadline.handledAt')}>{fmtDateTime(c.handledAt)}</Descriptions.Item>
      {c.closedAt ? <Descriptions.Item label={t('deadline.closedAt')}>{fmtDateTime(c.closedAt)} {c.closeType ? <Tag>{pick(CLOSE_TYPE_LABELS[c.closeType])}</Tag> : null}</Descriptions.Item> : null}
      <Descriptions.Item label={t('deadline.counts')}>{t('deadline.countsValue', { rework: c.reworkCount, ret: c.returnCount, ext: c.extensionCount })}</Descriptions.Item>
    </Descriptions>
  );
}

export default function CaseDetailPage() {
  const { id } = useParams() as { id: string };
  const { t, lang, pick } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const detail = useCase(id);
  const [action, setAction] = useState<{ name: ActionName; preset?: Record<string, unknown> } | null>(null);
  const c = detail.data;
  const actions = useMemo(() => sortActions(c?.allowedActions ?? []), [c?.allowedActions]);
  const conditions = useFilingConditions(c?.filingCondition ? c.kind : undefined, c?.classCode);
  const condition = conditions.data?.find((f) => f.code === c?.filingCondition);

  useEffect(() => {
    // "a" opens the main action, as in the queues.
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (action || e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('.ant-modal, .ant-select')) return;
      if (e.key === 'a' && actions[0]) {
        e.preventDefault();
        setAction({ name: actions[0] });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, action]);

  if (detail.isPending) return <Skeleton active className="wg-pad" />;
  if (detail.isError || !c) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('case.notFoundTitle') : t('common.error')}
        subTitle={<span data-testid="case-error">{errorText(detail.error, lang)}</span>}
        extra={<Button onClick={() => navigate(-1)}>{t('common.back')}</Button>}
      />
    );
  }

  const className = lang === 'en' ? c.classNameEn : c.className;
  const dept = lang === 'en' ? (c.departmentNameEn ?? c.departmentName) : c.departmentName;
  return (
    <div className="wg-case-page" data-case-number={c.number} data-state={c.state}>
      <div className="wg-case-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <div className="wg-case-title">
          <h1>
            <span className="wg-mono">{c.number}</span>
            <Tag color="blue" className="wg-state-tag" data-testid="case-state">
              {pick(STATE_LABELS[c.state])}
            </Tag>
            {c.urgency === 'urgent' ? (
              <Tag color="red" variant="solid" icon={<ThunderboltFilled />}>
                {t('common.urgent')}
              </Tag>
            ) : null}
            {c.pending ? <Tag color="orange">{t(`pending.${c.pending.kind}` as 'pending.cancel')}{lang === 'en' ? ': ' : '：'}{c.pending.reason}</Tag> : null}
          </h1>
          <div className="wg-case-sub">
            <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} deadline={c.stepDeadline} />
            <span>
              {pick(KIND_LABELS[c.kind])} · <code>{c.classCode}</code> {className}
            </span>
            <span>{pick(SOURCE_LABELS[c.source])}</span>
            <span>{fmtDateTime(c.createdAt)}</span>
          </div>
        </div>
      </div>

      <Card size="small" className="wg-actions-card" title={t('case.actions')}>
        {actions.length ? (
          <Space wrap>
            {actions.map((a, i) => {
              const tone = actionTone(a);
              return (
                <Button
                  key={a}
                  type={tone === 'primary' && i === 0 ? 'primary' : 'default'}
                  danger={tone === 'danger'}
                  onClick={() => setAction({ name: a })}
                  data-action={a}
                >
                  {actionLabel(a, lang)}
                  {i === 0 ? <kbd className="wg-kbd-hint">a</kbd> : null}
                </Button>
              );
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('case.info')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('col.class')}>
                <span>
                  {className} <Typography.Text type="secondary">{c.classCode}</Typography.Text>
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.filingCondition')}>
                {condition ? (
                  <span>
                    {lang === 'en' ? condition.nameEn : condition.nameZh} <Typography.Text type="secondary">{condition.code}</Typography.Text>
                  </span>
                ) : (c.filingCondition ?? '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t('col.place')} span="filled">
                {c.locationText}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.area')} span="filled">
                <span>
                  {[c.streetName, c.communityName].filter(Boolean).join(' / ')} {c.gridCode ? <Tag className="wg-mono">{t('case.grid')} {c.gridCode}</Tag> : null}
                  {c.areaClass ? <Tag>{t('case.areaClass', { cls: c.areaClass })}</Tag> : null}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.department')}>{dept ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('col.source')}>{pick(SOURCE_LABELS[c.source])}</Descriptions.Item>
              {c.reporter && (c.reporter.name || c.reporter.phone) ? (
                <Descriptions.Item label={t('case.reporter')} span="filled">
                  {c.reporter.name} {c.reporter.phone}
                </Descriptions.Item>
              ) : null}
              {c.duplicateOf ? <Descriptions.Item label={t('field.duplicateOf')} span="filled">{c.duplicateOf}</Descriptions.Item> : null}
              <Descriptions.Item label={t('case.description')} span="filled">
                <Typography.Paragraph className="wg-description">{c.description}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('case.photos')} className="wg-mt">
            <CasePhotos c={c} />
          </Card>
          <Card size="small" title={t('case.timeline', { n: c.events.length })} className="wg-mt">
            <CaseTimeline c={c} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('case.deadlines')}>
            <Deadlines c={c} />
          </Card>
          <PetitionLink caseId={c.id} source={c.source} />
          <CaseProgrammes c={c} />
          <Card size="small" title={t('case.location')} className="wg-mt">
            <Suspense fallback={<Skeleton.Node active className="wg-mini-map" />}>
              <CaseMiniMap c={c} />
            </Suspense>
            <Typography.Text type="secondary" className="wg-coords">
              WGS84 {c.lng.toFixed(6)}, {c.lat.toFixed(6)}
            </Typography.Text>
          </Card>
          {seesAll(user) ? (
            <Card size="small" title={t('case.nearby')} className="wg-mt">
              <NearbyDuplicates c={c} onMerge={(number) => setAction({ name: 'reject', preset: { duplicateOf: number, reason: t('nearby.mergeReason', { number }) } })} />
            </Card>
          ) : null}
        </Col>
      </Row>

      <Modal open={!!action} onCancel={() => setAction(null)} footer={null} destroyOnHidden width={580} title={action ? `${actionLabel(action.name, lang)} · ${c.number}` : ''}>
        {action ? (
          c.allowedActions.includes(action.name) ? (
            <ActionForm c={c} action={action.name} preset={action.preset} onCancel={() => setAction(null)} onDone={() => setAction(null)} />
          ) : (
            <Alert type="warning" showIcon title={t('action.notAllowedNow')} />
          )
        ) : null}
      </Modal>
    </div>
  );
}
