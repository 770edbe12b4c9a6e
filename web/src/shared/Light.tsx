// The traffic light of a case step: colour AND icon AND word (正常/将到期/已超时), never colour alone.
import { CheckCircleFilled, ClockCircleFilled, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { LIGHT_LABELS } from './labels';
import { useI18n } from './i18n';
import { fmtDateTime, fmtMinutes, fmtShort } from './time';
import type { Light } from './types';

export const LIGHT_COLORS: Record<Light, { fg: string; bg: string; border: string }> = {
  green: { fg: '#1a7f37', bg: '#e8f5ec', border: '#8fd3a5' },
  yellow: { fg: '#9a6700', bg: '#fff5d6', border: '#f0c75e' },
  red: { fg: '#c62828', bg: '#fdecec', border: '#f19a9a' },
};

const ICONS = { green: CheckCircleFilled, yellow: ClockCircleFilled, red: ExclamationCircleFilled } as const;

/**
 * Time left is in the limit's own kind of minutes (working minutes for working-time limits), so long spans are
 * shown as the deadline itself ("截止 11-27 17:30"), which reads right whatever the kind; short ones as hours/minutes.
 */
const RELATIVE_UP_TO = 8 * 60;

export function LightBadge({ light, remainingMinutes, deadline, compact }: { light: Light | null; remainingMinutes?: number | null; deadline?: string | null; compact?: boolean }) {
  const { lang, pick, t } = useI18n();
  if (!light) {
    return (
      <span className="wg-light wg-light-none" aria-label={t('light.none')}>
        <MinusCircleOutlined aria-hidden /> {t('light.none')}
      </span>
    );
  }
  const Icon = ICONS[light];
  const c = LIGHT_COLORS[light];
  const word = pick(LIGHT_LABELS[light]);
  const left =
    remainingMinutes === null || remainingMinutes === undefined
      ? null
      : Math.abs(remainingMinutes) > RELATIVE_UP_TO && deadline
        ? t('light.due', { time: fmtShort(deadline) })
        : remainingMinutes >= 0
          ? t('light.left', { time: fmtMinutes(remainingMinutes, lang, false) })
          : t('light.over', { time: fmtMinutes(-remainingMinutes, lang, false) });
  return (
    <span className="wg-light" data-light={light} style={{ color: c.fg, background: c.bg, borderColor: c.border }} title={[word, left, deadline ? t('light.deadline', { time: fmtDateTime(deadline) }) : null].filter(Boolean).join(' · ')}>
      <Icon aria-hidden />
      <span className="wg-light-word">{word}</span>
      {left && !compact ? <span className="wg-light-left">{left}</span> : null}
    </span>
  );
}
