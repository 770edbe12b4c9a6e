// The full timeline of a case: every event with who (name and role), when, what, the state it moved to, the note,
// whether the step ended in time, and its photos.
import { Image, Tag, Timeline, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { CLOSE_TYPE_LABELS, LIMIT_UNIT_LABELS, ROLE_LABELS, STATE_LABELS } from '../../shared/labels';
import { useI18n } from '../../shared/i18n';
import { fmtDateTime } from '../../shared/time';
import type { CaseDetail, CaseEvent, CaseState, Department } from '../../shared/types';
import { useDepartments, useFilingConditions } from '../common/data';

function PayloadFacts({ e, depts, conditions }: { e: CaseEvent; depts: Map<string, Department>; conditions: Map<string, string> }) {
  const { t, lang, pick } = useI18n();
  const p = e.payload as Record<string, unknown>;
  const facts: string[] = [];
  const sep = lang === 'en' ? ': ' : '：';
  const dept = (id: unknown) => {
    const d = typeof id === 'string' ? depts.get(id) : undefined;
    return d ? (lang === 'en' ? d.nameEn : d.nameZh) : null;
  };
  if (typeof p.departmentId === 'string' && dept(p.departmentId)) facts.push(`${t('field.department')}${sep}${dept(p.departmentId)}`);
  if (Array.isArray(p.coDepartmentIds) && p.coDepartmentIds.length) facts.push(`${t('field.coDepartments')}${sep}${p.coDepartmentIds.map(dept).filter(Boolean).join('、')}`);
  if (typeof p.filingCondition === 'string') facts.push(`${t('field.filingCondition')}${sep}${conditions.get(p.filingCondition) ?? p.filingCondition}`);
  if (typeof p.result === 'string') facts.push(`${t('field.result')}${sep}${t(`result.${p.result}` as 'result.true')}`);
  if (typeof p.duplicateOf === 'string') facts.push(`${t('field.duplicateOf')}${sep}${p.duplicateOf}`);
  if (typeof p.closeType === 'string') facts.push(`${t('field.closeType')}${sep}${pick(CLOSE_TYPE_LABELS[p.closeType as 'normal'], p.closeType)}`);
  const extra = p.extra as { amount?: number; unit?: string } | undefined;
  if (extra?.amount) facts.push(`${t('field.extra')}${sep}${extra.amount} ${pick(LIMIT_UNIT_LABELS[extra.unit ?? ''], extra.unit)}`);
  if (typeof p.reason === 'string' && p.reason !== e.note) facts.push(`${t('field.reason')}${sep}${p.reason}`);
  if (!facts.length) return null;
  return (
    <div className="wg-event-facts">
      {facts.map((f) => (
        <span key={f}>{f}</span>
      ))}
    </div>
  );
}

export function CaseTimeline({ c }: { c: CaseDetail }) {
  const { t, lang, pick } = useI18n();
  const depts = useDepartments();
  const byId = new Map((depts.data ?? []).map((d) => [d.id, d]));
  const filed = c.events.some((e) => typeof e.payload.filingCondition === 'string');
  const fcs = useFilingConditions(filed ? c.kind : undefined, c.classCode);
  const conditions = new Map((fcs.data ?? []).map((f) => [f.code, lang === 'en' ? f.nameEn : f.nameZh]));
  return (
    <Timeline
      className="wg-timeline"
      data-testid="timeline"
      items={c.events.map((e) => {
        const label = lang === 'en' ? e.actionLabelEn : e.actionLabel;
        const moved = e.fromState !== e.toState;
        return {
          key: e.seq,
          color: e.inTime === false ? 'red' : e.inTime === true ? 'green' : 'blue',
          icon: e.inTime === false ? <ExclamationCircleOutlined /> : e.inTime === true ? <CheckCircleOutlined /> : <ClockCircleOutlined />,
          content: (
            <div className="wg-event" data-action={e.action}>
              <div className="wg-event-head">
                <span className="wg-event-time">{fmtDateTime(e.at)}</span>
                <strong className="wg-event-action">{label}</strong>
                <span className="wg-event-actor">
                  {e.actorName ?? t('common.system')} · {pick(ROLE_LABELS[e.role])}
                </span>
                {moved ? (
                  <Tag variant="filled">
                    {e.fromState ? `${pick(STATE_LABELS[e.fromState as CaseState], e.fromState)} → ` : ''}
                    {pick(STATE_LABELS[e.toState as CaseState], e.toState)}
                  </Tag>
                ) : null}
                {e.inTime === true ? (
                  <Tag color="green" icon={<CheckCircleOutlined />}>{t('timeline.inTime')}</Tag>
                ) : e.inTime === false ? (
                  <Tag color="red" icon={<ExclamationCircleOutlined />}>{t('timeline.late')}</Tag>
                ) : null}
              </div>
              {e.note ? <Typography.Paragraph className="wg-event-note">{e.note}</Typography.Paragraph> : null}
              <PayloadFacts e={e} depts={byId} conditions={conditions} />
              {e.photoIds.length ? (
                <Image.PreviewGroup>
                  <div className="wg-event-photos">
                    {e.photoIds.map((id) => (
                      <Image key={id} src={`/api/photos/${id}/thumb`} preview={{ src: `/api/photos/${id}` }} width={72} height={54} alt={t('photos.alt', { action: label })} />
                    ))}
                  </div>
                </Image.PreviewGroup>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
