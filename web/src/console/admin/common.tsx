// Small pieces the administration screens share: the limit control (amount + unit), the form error, the page section head.
import type { ReactNode } from 'react';
import { Alert, InputNumber, Select, Space, Typography } from 'antd';
import { LIMIT_UNIT_LABELS } from '../../shared/labels';
import { apiErrorText } from './data';
import { useAdminI18n } from './messages';
import { LIMIT_UNITS, type Limit } from './types';

/** A time limit: amount and unit, each labelled for screen readers. */
export function LimitInput({ value, onChange, id, disabled }: { value?: Limit; onChange?: (v: Limit) => void; id?: string; disabled?: boolean }) {
  const { t, pick, lang } = useAdminI18n();
  const v = value ?? { amount: 1, unit: 'working_days' as const };
  return (
    <Space.Compact className="wg-adm-limit">
      <InputNumber
        id={id}
        aria-label={t('admin.limitAmount')}
        min={0.1}
        max={10_000}
        step={1}
        value={v.amount}
        disabled={disabled}
        onChange={(amount) => onChange?.({ ...v, amount: amount ?? v.amount })}
        style={{ width: 96 }}
      />
      <Select
        aria-label={t('admin.limitUnit')}
        value={v.unit}
        disabled={disabled}
        onChange={(unit) => onChange?.({ ...v, unit })}
        options={LIMIT_UNITS.map((u) => ({ value: u, label: pick(LIMIT_UNIT_LABELS[u]) }))}
        style={{ width: lang === 'en' ? 172 : 112 }}
        popupMatchSelectWidth={false}
      />
    </Space.Compact>
  );
}

export function limitText(limit: { amount: number; unit: string } | null | undefined, pick: (l: { zh: string; en: string } | undefined, f?: string) => string, lang: 'zh' | 'en'): string {
  if (!limit) return '—';
  const unit = pick(LIMIT_UNIT_LABELS[limit.unit], limit.unit);
  return lang === 'en' ? `${limit.amount} ${limit.amount === 1 ? unit.replace(/s$/, '') : unit}` : `${limit.amount}${unit}`;
}

/** The error of a form's last submit, in the current language, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  const { lang } = useAdminI18n();
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" className="wg-adm-form-error" title={apiErrorText(error, lang)} />;
}

/** The head of one administration section: its hint on the left, its buttons on the right. */
export function SectionHead({ hint, children }: { hint: string; children?: ReactNode }) {
  return (
    <div className="wg-adm-section-head">
      <Typography.Text type="secondary">{hint}</Typography.Text>
      {children ? <Space wrap>{children}</Space> : null}
    </div>
  );
}

/** The active/inactive word with its dot: colour is never the only signal. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useAdminI18n();
  return <span className={active ? 'wg-adm-on' : 'wg-adm-off'}>{active ? t('admin.active') : t('admin.inactive')}</span>;
}
