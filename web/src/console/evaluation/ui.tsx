// Small pieces of the evaluation screens: the grade (colour AND letter), the change against the previous period (▲▼ and
// the number, never colour alone), and the page frame.
import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { GRADE_COLORS, type Grade } from './data';
import { useEvalI18n } from './messages';

export function GradeBadge({ grade, size = 'default' }: { grade: Grade | null; size?: 'default' | 'large' }) {
  const { te } = useEvalI18n();
  if (!grade) return <span className="wg-eval-muted">—</span>;
  return (
    <span
      className={`wg-grade wg-grade-${size}`}
      data-grade={grade}
      style={{ background: GRADE_COLORS[grade] }}
      title={te('grade.label', { g: grade })}
      aria-label={te('grade.label', { g: grade })}
    >
      {grade}
    </span>
  );
}

/** ▲ 2.25 / ▼ 0.50 / — ; `better` says which direction is good (for the colour). */
export function Change({ value, better = 'higher', digits = 2, suffix = '' }: { value: number | null | undefined; better?: 'higher' | 'lower'; digits?: number; suffix?: string }) {
  if (value === null || value === undefined) return <span className="wg-eval-muted">—</span>;
  if (Math.abs(value) < 10 ** -digits / 2) return <span className="wg-change wg-change-flat">＝ 0</span>;
  const up = value > 0;
  const good = better === 'higher' ? up : !up;
  return (
    <span className={`wg-change ${good ? 'wg-change-good' : 'wg-change-bad'}`} data-change={value}>
      {up ? '▲' : '▼'} {Math.abs(value).toFixed(digits)}
      {suffix}
    </span>
  );
}

export function PageHead({ title, hint, extra }: { title: ReactNode; hint?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="wg-eval-head">
      <div>
        <Typography.Title level={4} className="wg-eval-title">
          {title}
        </Typography.Title>
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </div>
      {extra ? <div className="wg-eval-head-extra">{extra}</div> : null}
    </div>
  );
}
