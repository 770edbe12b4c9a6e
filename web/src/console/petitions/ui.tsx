// Small pieces shared by the petition screens: the deadline light in days, state and channel tags.
import { CheckCircleFilled, ClockCircleFilled, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { PETITION_CHANNEL_LABELS, PETITION_STATE_LABELS } from '../../../../src/domain/petition/labels';
import type { PetitionChannel, PetitionState } from '../../../../src/domain/petition/states';
import { LIGHT_LABELS } from '../../shared/labels';
import { LIGHT_COLORS } from '../../shared/Light';
import { fmtDateTime, shanghai } from '../../shared/time';
import type { Light } from '../../shared/types';
import { usePetitionI18n } from './messages';

const ICONS = { green: CheckCircleFilled, yellow: ClockCircleFilled, red: ExclamationCircleFilled } as const;

/** The last day of a period that ends at `deadline` (24:00 of that day), as MM-DD. */
export function lastDay(deadline: string): string {
  return shanghai(new Date(new Date(deadline).getTime() - 1)).format('MM-DD');
}

/** A deadline: periods end at 24:00 of their last day, shown so ("2026-12-21 24:00"), not as the next midnight. */
export function fmtDeadline(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = shanghai(iso);
  return at.format('HH:mm') === '00:00' ? `${shanghai(new Date(new Date(iso).getTime() - 1)).format('YYYY-MM-DD')} 24:00` : fmtDateTime(iso);
}

/** Colour AND icon AND words: 正常 · 剩 12 天 · 至 12-21. */
export function DeadlineLight({ light, daysLeft, deadline, compact }: { light: Light | null; daysLeft: number | null; deadline: string | null; compact?: boolean }) {
  const { tp, t, pick } = usePetitionI18n();
  if (!light || !deadline) {
    return (
      <span className="wg-light wg-light-none">
        <MinusCircleOutlined aria-hidden /> {t('light.none')}
      </span>
    );
  }
  const Icon = ICONS[light];
  const c = LIGHT_COLORS[light];
  const left = daysLeft === null ? '' : daysLeft > 0 ? tp('light.daysLeft', { n: daysLeft }) : daysLeft === 0 ? tp('light.today') : tp('light.daysOver', { n: -daysLeft });
  return (
    <span
      className="wg-light"
      data-light={light}
      style={{ color: c.fg, background: c.bg, borderColor: c.border }}
      title={`${pick(LIGHT_LABELS[light])} · ${left} · ${t('light.deadline', { time: fmtDeadline(deadline) })}`}
    >
      <Icon aria-hidden />
      <span className="wg-light-word">{pick(LIGHT_LABELS[light])}</span>
      <span className="wg-light-left">
        {left}
        {compact ? '' : ` · ${tp('light.until', { day: lastDay(deadline) })}`}
      </span>
    </span>
  );
}

const STATE_COLORS: Record<PetitionState, string> = {
  registered: 'gold',
  accepted: 'orange',
  handling: 'blue',
  replied: 'cyan',
  reviewing: 'purple',
  reviewed: 'green',
  closed: 'green',
  not_accepted: 'default',
  routed_out: 'magenta',
};

export function StateTag({ state }: { state: PetitionState }) {
  const { pick } = usePetitionI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="petition-state" data-state={state}>
      {pick(PETITION_STATE_LABELS[state])}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: PetitionChannel }) {
  const { pick } = usePetitionI18n();
  return <Tag variant="filled">{pick(PETITION_CHANNEL_LABELS[channel])}</Tag>;
}
