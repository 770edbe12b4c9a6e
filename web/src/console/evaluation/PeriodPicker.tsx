// The evaluation period: day, week (Monday first), month, quarter, year, or custom days; a day inside the period is what
// the API takes, so every picker hands back one day (or the first and last day of a custom period).
import { DatePicker, Segmented, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { dayOf, dayStr, PERIODS, todayShanghai, type PeriodKind, type PeriodSel } from './data';
import { useEvalI18n, type EvalKey } from './messages';

const PICKER: Record<Exclude<PeriodKind, 'custom'>, 'date' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'date',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

export function PeriodPicker({ value, onChange }: { value: PeriodSel; onChange(v: PeriodSel): void }) {
  const { te } = useEvalI18n();
  const today = todayShanghai();
  const future = (d: Dayjs) => dayStr(d) > today;
  return (
    <Space wrap size={8} className="wg-period-picker">
      <span className="wg-eval-label">{te('period.label')}</span>
      <Segmented<PeriodKind>
        value={value.period}
        onChange={(p) =>
          onChange(p === 'custom' ? { period: 'custom', from: value.from ?? today.slice(0, 8) + '01', to: value.to ?? today } : { period: p, date: value.date ?? today })
        }
        options={PERIODS.map((p) => ({ value: p, label: te(`period.${p}` as EvalKey) }))}
        aria-label={te('period.label')}
      />
      {value.period === 'custom' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayOf(value.from), dayOf(value.to ?? value.from)]}
          disabledDate={future}
          onChange={(r) => r?.[0] && r[1] && onChange({ period: 'custom', from: dayStr(r[0]), to: dayStr(r[1]) })}
        />
      ) : (
        <DatePicker
          allowClear={false}
          picker={PICKER[value.period]}
          value={dayOf(value.date ?? today)}
          disabledDate={future}
          onChange={(d) => d && onChange({ period: value.period, date: dayStr(d) })}
          aria-label={te('period.label')}
        />
      )}
    </Space>
  );
}
