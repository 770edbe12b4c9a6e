// Shared bits of the plan screens: the status tag (colour, icon and word) and the progress bar with the milestone mark.
import { CheckCircleFilled, ClockCircleFilled, ExclamationCircleFilled, RiseOutlined } from '@ant-design/icons';
import { STATUS_COLORS, type TaskStatus } from './data';
import { usePlanI18n } from './messages';
import './plan.css';

const ICONS = { done: CheckCircleFilled, on_track: RiseOutlined, lagging: ClockCircleFilled, overdue: ExclamationCircleFilled } as const;

export function StatusTag({ status }: { status: TaskStatus }) {
  const { tp } = usePlanI18n();
  const c = STATUS_COLORS[status];
  const Icon = ICONS[status];
  return (
    <span className="wg-plan-status" data-status={status} style={{ color: c.fg, background: c.bg, borderColor: c.border }}>
      <Icon aria-hidden /> {tp(`status.${status}`)}
    </span>
  );
}

/** Progress 0…1; `expected` (0…1) marks where the milestone curve stands today. */
export function ProgressBar({ progress, expected, status, label, text }: { progress: number; expected?: number | null; status: TaskStatus; label: string; text?: string }) {
  const c = STATUS_COLORS[status];
  const pct = Math.round(progress * 1000) / 10;
  return (
    <div>
      <div className="wg-plan-bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="wg-plan-bar-fill" style={{ width: `${Math.min(100, pct)}%`, background: c.fg }} />
        {expected !== undefined && expected !== null && expected > 0 && expected < 1 ? <div className="wg-plan-bar-mark" style={{ left: `${expected * 100}%` }} aria-hidden /> : null}
      </div>
      <div className="wg-plan-bar-text">
        {pct}%{text ? ` · ${text}` : ''}
      </div>
    </div>
  );
}
