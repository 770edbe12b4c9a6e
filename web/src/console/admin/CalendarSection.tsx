// The working calendar editor (工作日历): a month view where a click marks a day off (休) or a make-up workday (班),
// and the daily working hours. Saved as one document; limits in working time follow it from the next computation on.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Card, Col, Row, Select, Space, Spin, TimePicker, Typography } from 'antd';
import { DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../shared/api';
import { shanghai, fmtMinutes } from '../../shared/time';
import { changedDays, dayKind, isoDay, minutesOf, monthWeeks, toggleDay, windowProblems, yearStats, type DayKind } from './calendar';
import { FormError, SectionHead } from './common';
import { KEYS, useAdminMutation, useWorkflowSettings } from './data';
import { useAdminI18n, type AdminKey } from './messages';
import type { WorkflowSettings, WorkflowSettingsInput } from './types';

type Calendar = WorkflowSettings['calendar'];

const KIND_KEY: Record<DayKind, AdminKey> = { normal: 'admin.cal.dayNormal', weekend: 'admin.cal.dayWeekend', holiday: 'admin.cal.dayHoliday', workday: 'admin.cal.dayWorkday' };

export default function CalendarSection() {
  const { t } = useAdminI18n();
  const settings = useWorkflowSettings();
  const [draft, setDraft] = useState<Calendar | null>(null);
  const saved = settings.data?.calendar;
  const cal = draft ?? saved;

  const save = useAdminMutation<Calendar>({
    mutationFn: (calendar) => api('/api/admin/settings/workflow', { method: 'PUT', body: { calendar } satisfies WorkflowSettingsInput }),
    invalidate: [KEYS.workflow],
    success: t('admin.saved'),
    onSuccess: () => setDraft(null),
    toastError: false,
  });

  if (!cal || !saved) return settings.isError ? <FormError error={settings.error} /> : <Spin />;
  const dayChanges = changedDays(saved, cal);
  const windowsChanged = JSON.stringify(saved.windows) !== JSON.stringify(cal.windows);
  const problems = windowProblems(cal.windows);
  const dirty = dayChanges > 0 || windowsChanged;

  return (
    <section aria-label={t('admin.tab.calendar')}>
      <SectionHead hint={t('admin.cal.hint')}>
        {dirty ? (
          <Typography.Text type="warning" role="status">
            {dayChanges ? t('admin.cal.changes', { n: dayChanges }) : t('admin.unsaved')}
          </Typography.Text>
        ) : null}
        <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setDraft(null)}>
          {t('admin.discard')}
        </Button>
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty || problems.invalid.length > 0 || problems.overlap} loading={save.isPending} onClick={() => save.mutate(cal)} data-testid="calendar-save">
          {t('admin.save')}
        </Button>
      </SectionHead>
      <FormError error={save.error} />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <MonthCalendar cal={cal} saved={saved} onToggle={(day) => setDraft(toggleDay(cal, day))} />
        </Col>
        <Col xs={24} xl={9}>
          <WindowsEditor windows={cal.windows} onChange={(windows) => setDraft({ ...cal, windows })} problems={problems} />
        </Col>
      </Row>
    </section>
  );
}

function MonthCalendar({ cal, saved, onToggle }: { cal: Calendar; saved: Calendar; onToggle: (day: string) => void }) {
  const { t, lang } = useAdminI18n();
  const today = shanghai(Date.now());
  const [ym, setYm] = useState({ y: today.year(), m: today.month() + 1 });
  const [focusDay, setFocusDay] = useState(() => isoDay(ym.y, ym.m, Math.min(today.date(), 28)));
  const gridRef = useRef<HTMLTableElement>(null);
  const moved = useRef(false);
  const weeks = useMemo(() => monthWeeks(ym.y, ym.m), [ym]);
  const weekdays = t('admin.cal.weekdays').split(',');
  const stats = yearStats(cal, ym.y);

  // Arrow keys move the focus day by day (roving tabindex: the grid is one Tab stop).
  useEffect(() => {
    if (moved.current) gridRef.current?.querySelector<HTMLButtonElement>(`[data-day="${focusDay}"]`)?.focus();
    moved.current = false;
  }, [focusDay, ym]);

  const go = (y: number, m: number, day?: number) => {
    const ny = m < 1 ? y - 1 : m > 12 ? y + 1 : y;
    const nm = ((m + 11) % 12) + 1;
    setYm({ y: ny, m: nm });
    setFocusDay(isoDay(ny, nm, Math.min(day ?? 1, new Date(Date.UTC(ny, nm, 0)).getUTCDate())));
  };
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, day: string) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (step === undefined && e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    moved.current = true;
    const d = dayjs(day);
    if (e.key === 'PageUp' || e.key === 'PageDown') {
      const n = d.add(e.key === 'PageUp' ? -1 : 1, 'month');
      return go(n.year(), n.month() + 1, d.date());
    }
    const n = d.add(step!, 'day');
    if (n.month() + 1 !== ym.m) setYm({ y: n.year(), m: n.month() + 1 });
    setFocusDay(n.format('YYYY-MM-DD'));
  };

  const years = [ym.y - 2, ym.y - 1, ym.y, ym.y + 1, ym.y + 2];
  const title = t('admin.cal.month', { y: ym.y, m: ym.m });
  return (
    <Card size="small" className="wg-adm-cal-card">
      <div className="wg-adm-cal-head">
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => go(ym.y, ym.m - 1)} aria-label={t('admin.cal.prevMonth')} />
          <Select aria-label={t('admin.cal.year')} value={ym.y} onChange={(y) => go(y, ym.m)} options={years.map((y) => ({ value: y, label: lang === 'en' ? String(y) : `${y}年` }))} style={{ width: 96 }} />
          <Select
            aria-label={t('admin.cal.monthPick')}
            value={ym.m}
            onChange={(m) => go(ym.y, m)}
            options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: lang === 'en' ? dayjs().month(i).locale('en').format('MMM') : `${i + 1}月` }))}
            style={{ width: 84 }}
          />
          <Button icon={<RightOutlined />} onClick={() => go(ym.y, ym.m + 1)} aria-label={t('admin.cal.nextMonth')} />
          <Button onClick={() => go(today.year(), today.month() + 1, today.date())}>{t('admin.cal.today')}</Button>
        </Space>
        <ul className="wg-adm-cal-legend" aria-label={t('admin.cal.legend')}>
          <li>
            <span className="wg-adm-day-mark wg-adm-mark-holiday">{t('admin.cal.holiday')}</span> {t('admin.cal.legendHoliday')}
          </li>
          <li>
            <span className="wg-adm-day-mark wg-adm-mark-workday">{t('admin.cal.workday')}</span> {t('admin.cal.legendWorkday')}
          </li>
          <li>
            <span className="wg-adm-legend-swatch wg-adm-kind-weekend" /> {t('admin.cal.legendWeekend')}
          </li>
          <li>
            <span className="wg-adm-legend-swatch wg-adm-kind-normal" /> {t('admin.cal.legendNormal')}
          </li>
        </ul>
      </div>
      <table className="wg-adm-cal" ref={gridRef} data-month={`${ym.y}-${String(ym.m).padStart(2, '0')}`}>
        <caption className="wg-adm-sr-only">{t('admin.cal.grid', { y: ym.y, m: ym.m })}</caption>
        <thead>
          <tr>
            {weekdays.map((w, i) => (
              <th key={w} scope="col" className={i >= 5 ? 'wg-adm-cal-weekend-head' : undefined}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, wi) => (
            <tr key={wi}>
              {week.map((day, di) =>
                day ? (
                  <td key={day}>
                    <DayButton
                      day={day}
                      kind={dayKind(cal, day)}
                      changed={dayKind(saved, day) !== dayKind(cal, day)}
                      today={day === today.format('YYYY-MM-DD')}
                      weekdayName={weekdays[di]}
                      focusable={day === focusDay}
                      onClick={() => {
                        setFocusDay(day);
                        onToggle(day);
                      }}
                      onKeyDown={(e) => onKey(e, day)}
                    />
                  </td>
                ) : (
                  <td key={`${wi}-${di}`} aria-hidden />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Text type="secondary" className="wg-adm-cal-stats" aria-live="polite">
        {title} · {t('admin.cal.yearStats', { y: ym.y, h: stats.holidays, w: stats.workdays, d: stats.working })}
      </Typography.Text>
    </Card>
  );
}

function DayButton({
  day,
  kind,
  changed,
  today,
  weekdayName,
  focusable,
  onClick,
  onKeyDown,
}: {
  day: string;
  kind: DayKind;
  changed: boolean;
  today: boolean;
  weekdayName: string;
  focusable: boolean;
  onClick: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  const { t } = useAdminI18n();
  const status = t(KIND_KEY[kind]);
  const mark = kind === 'holiday' ? t('admin.cal.holiday') : kind === 'workday' ? t('admin.cal.workday') : null;
  return (
    <button
      type="button"
      data-day={day}
      data-kind={kind}
      tabIndex={focusable ? 0 : -1}
      className={`wg-adm-day wg-adm-kind-${kind}${changed ? ' wg-adm-day-changed' : ''}${today ? ' wg-adm-day-today' : ''}`}
      aria-label={t('admin.cal.dayLabel', { date: day, wd: weekdayName, status }) + (today ? t('admin.cal.todaySuffix') : '') + (changed ? t('admin.cal.unsavedSuffix') : '')}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <span className="wg-adm-day-num">{Number(day.slice(8))}</span>
      {mark ? <span className={`wg-adm-day-mark wg-adm-mark-${kind}`}>{mark}</span> : null}
      {today ? <span className="wg-adm-day-today-word">{t('admin.cal.todayWord')}</span> : null}
    </button>
  );
}

function WindowsEditor({
  windows,
  onChange,
  problems,
}: {
  windows: Calendar['windows'];
  onChange: (w: Calendar['windows']) => void;
  problems: { invalid: number[]; overlap: boolean };
}) {
  const { t, lang } = useAdminI18n();
  const total = windows.reduce((s, w) => {
    const a = minutesOf(w.start);
    const b = minutesOf(w.end);
    return s + (a !== null && b !== null && b > a ? b - a : 0);
  }, 0);
  const set = (i: number, key: 'start' | 'end', v: dayjs.Dayjs | null) => {
    if (!v) return;
    onChange(windows.map((w, j) => (j === i ? { ...w, [key]: v.format('HH:mm') } : w)));
  };
  return (
    <Card size="small" title={t('admin.cal.windows')} className="wg-adm-windows">
      <Typography.Paragraph type="secondary" className="wg-adm-note">
        {t('admin.cal.windowsHint')}
      </Typography.Paragraph>
      <ol className="wg-adm-window-list">
        {windows.map((w, i) => (
          <li key={i}>
            <span className="wg-adm-window-n">{i + 1}</span>
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              needConfirm={false}
              allowClear={false}
              value={dayjs(`2000-01-01T${w.start}`)}
              onChange={(v) => set(i, 'start', v)}
              aria-label={t('admin.cal.windowStart', { n: i + 1 })}
              status={problems.invalid.includes(i) ? 'error' : undefined}
            />
            <span aria-hidden>—</span>
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              needConfirm={false}
              allowClear={false}
              value={dayjs(`2000-01-01T${w.end}`)}
              onChange={(v) => set(i, 'end', v)}
              aria-label={t('admin.cal.windowEnd', { n: i + 1 })}
              status={problems.invalid.includes(i) ? 'error' : undefined}
            />
            <Button
              type="text"
              icon={<DeleteOutlined />}
              disabled={windows.length <= 1}
              onClick={() => onChange(windows.filter((_, j) => j !== i))}
              aria-label={t('admin.cal.removeWindow', { n: i + 1 })}
            />
          </li>
        ))}
      </ol>
      {problems.invalid.map((i) => (
        <Typography.Text key={i} type="danger" role="alert" className="wg-adm-block">
          {t('admin.cal.windowInvalid', { n: i + 1 })}
        </Typography.Text>
      ))}
      {problems.overlap ? (
        <Typography.Text type="danger" role="alert" className="wg-adm-block">
          {t('admin.cal.windowOverlap')}
        </Typography.Text>
      ) : null}
      <div className="wg-adm-window-foot">
        <Button
          icon={<PlusOutlined />}
          disabled={windows.length >= 6}
          onClick={() => {
            const last = windows[windows.length - 1];
            const start = Math.min(minutesOf(last?.end ?? '17:30') ?? 1050, 1380);
            const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
            onChange([...windows, { start: hm(start), end: hm(Math.min(start + 60, 1439)) }]);
          }}
        >
          {t('admin.cal.addWindow')}
        </Button>
        <Typography.Text type="secondary">{t('admin.cal.minutesPerDay', { h: fmtMinutes(total, lang) })}</Typography.Text>
      </div>
    </Card>
  );
}
