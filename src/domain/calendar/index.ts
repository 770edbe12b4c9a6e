// Public surface of the working calendar: deadlines, elapsed working time and traffic lights.
export {
  DEFAULT_WINDOWS,
  CalendarDataError,
  parseCalendarData,
  type CalendarData,
  type WorkingWindow,
} from './calendar-data';
export { CALENDAR_2026, HOLIDAYS_2026, MAKEUP_WORKDAYS_2026 } from './holidays-2026';
export {
  LIMIT_UNITS,
  WorkingCalendar,
  isWorkingUnit,
  type Limit,
  type LimitUnit,
} from './working-calendar';
export { DEFAULT_WARN_SHARE, lightAt, remainingMinutes, type Light, type TimedStep } from './traffic-light';
export { SHANGHAI_OFFSET_MINUTES, shanghaiDay, shanghaiInstant, shanghaiTime } from './shanghai-time';
