// Workflow settings (working calendar, step limits, warning share), cached and reloaded when an admin changes them.
import { WorkingCalendar, CALENDAR_2026, parseCalendarData, type CalendarData } from '../../domain/calendar';
import { DEFAULT_STEP_LIMITS, URGENT_STEP_LIMITS, type StepLimits } from '../../domain/workflow';
import type { Db } from '../db/client';
import { getSetting } from './settings.repository';

export interface WorkflowSettings {
  calendar: WorkingCalendar;
  calendarData: CalendarData;
  stepLimits: StepLimits;
  urgentStepLimits: StepLimits;
  warnShare: number;
}

export const DEFAULT_CALENDAR: CalendarData = {
  windows: [
    { start: '08:30', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
  holidays: [...CALENDAR_2026.holidays],
  workdays: [...CALENDAR_2026.workdays],
};

export class SettingsCache {
  private cached: WorkflowSettings | null = null;
  constructor(private readonly db: Db) {}

  async get(): Promise<WorkflowSettings> {
    if (this.cached) return this.cached;
    const calendarData = parseCalendarData((await getSetting<CalendarData>(this.db, 'calendar')) ?? DEFAULT_CALENDAR);
    const stepLimits = { ...DEFAULT_STEP_LIMITS, ...((await getSetting<Partial<StepLimits>>(this.db, 'stepLimits')) ?? {}) };
    const warnShare = (await getSetting<number>(this.db, 'warnShare')) ?? 0.8;
    this.cached = {
      calendar: new WorkingCalendar(calendarData),
      calendarData,
      stepLimits,
      urgentStepLimits: URGENT_STEP_LIMITS,
      warnShare,
    };
    return this.cached;
  }

  invalidate(): void {
    this.cached = null;
  }
}
