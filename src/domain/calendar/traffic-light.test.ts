// Unit tests for traffic lights and remaining time.
import { describe, expect, it } from 'vitest';
import { lightAt, remainingMinutes, type TimedStep } from './traffic-light';
import { WorkingCalendar } from './working-calendar';

const cal = WorkingCalendar.default();
const at = (s: string): Date => new Date(`${s.replace(' ', 'T')}+08:00`);

// A 30 working-minute verify step started at 17:20, due 08:50 the next workday.
const verify: TimedStep = { startedAt: at('2026-03-10 17:20'), deadline: at('2026-03-11 08:50'), unit: 'working_minutes' };

describe('lightAt', () => {
  it('is green before 80 % of the working time is used, even across the night', () => {
    expect(lightAt(cal, verify, at('2026-03-10 17:25'))).toBe('green'); // 5 of 30
    expect(lightAt(cal, verify, at('2026-03-11 07:00'))).toBe('green'); // still 10 of 30
    expect(lightAt(cal, verify, at('2026-03-11 08:43'))).toBe('green'); // 23 of 30
  });
  it('turns yellow at 80 % and stays yellow up to and including the deadline', () => {
    expect(lightAt(cal, verify, at('2026-03-11 08:44'))).toBe('yellow'); // 24 of 30 = 0.8
    expect(lightAt(cal, verify, at('2026-03-11 08:50'))).toBe('yellow');
  });
  it('turns red strictly after the deadline', () => {
    expect(lightAt(cal, verify, new Date(at('2026-03-11 08:50').getTime() + 1))).toBe('red');
    expect(lightAt(cal, verify, at('2026-03-20 10:00'))).toBe('red');
  });
  it('honours a custom warning share', () => {
    expect(lightAt(cal, verify, at('2026-03-11 08:35'), 0.5)).toBe('yellow'); // 15 of 30
    expect(lightAt(cal, verify, at('2026-03-11 08:34'), 0.5)).toBe('green');
    expect(lightAt(cal, verify, verify.startedAt, 0)).toBe('yellow');
    expect(() => lightAt(cal, verify, verify.startedAt, 1.5)).toThrow(RangeError);
  });
  it('uses clock time for clock units', () => {
    const urgent: TimedStep = { startedAt: at('2026-10-01 22:00'), deadline: at('2026-10-02 04:00'), unit: 'clock_hours' };
    expect(lightAt(cal, urgent, at('2026-10-02 02:47'))).toBe('green'); // 4h47 of 6h
    expect(lightAt(cal, urgent, at('2026-10-02 02:48'))).toBe('yellow'); // 4h48 = 80 %
    expect(lightAt(cal, urgent, at('2026-10-02 04:01'))).toBe('red');
  });
  it('measures the share against the extended deadline', () => {
    const extended = { ...verify, deadline: at('2026-03-11 09:50') }; // 90 working minutes in all
    expect(lightAt(cal, extended, at('2026-03-11 08:50'))).toBe('green'); // 30 of 90
    expect(lightAt(cal, extended, at('2026-03-11 09:31'))).toBe('green'); // 71 of 90
    expect(lightAt(cal, extended, at('2026-03-11 09:32'))).toBe('yellow'); // 72 of 90 = 0.8
  });
  it('is yellow, not green, for a step whose limit holds no time', () => {
    const instant: TimedStep = { startedAt: at('2026-03-10 10:00'), deadline: at('2026-03-10 10:00'), unit: 'working_minutes' };
    expect(lightAt(cal, instant, at('2026-03-10 10:00'))).toBe('yellow');
    expect(lightAt(cal, instant, at('2026-03-10 10:01'))).toBe('red');
  });
});

describe('remainingMinutes', () => {
  it('counts working minutes left, ignoring the night', () => {
    expect(remainingMinutes(cal, verify, at('2026-03-10 17:20'))).toBe(30);
    expect(remainingMinutes(cal, verify, at('2026-03-11 06:00'))).toBe(20);
    expect(remainingMinutes(cal, verify, at('2026-03-11 08:50'))).toBe(0);
  });
  it('is negative once overdue working time accrues', () => {
    expect(remainingMinutes(cal, verify, at('2026-03-11 09:20'))).toBe(-30);
    expect(remainingMinutes(cal, verify, at('2026-03-11 13:30'))).toBe(-(190 + 30));
  });
  it('is 0 (never -0) while overdue outside working hours', () => {
    const dueAtClose: TimedStep = { startedAt: at('2026-03-10 17:00'), deadline: at('2026-03-10 17:30'), unit: 'working_minutes' };
    const r = remainingMinutes(cal, dueAtClose, at('2026-03-10 20:00'));
    expect(Object.is(r, 0)).toBe(true);
    expect(lightAt(cal, dueAtClose, at('2026-03-10 20:00'))).toBe('red');
  });
  it('uses clock minutes for clock units', () => {
    const urgent: TimedStep = { startedAt: at('2026-10-01 22:00'), deadline: at('2026-10-02 04:00'), unit: 'clock_minutes' };
    expect(remainingMinutes(cal, urgent, at('2026-10-02 03:00'))).toBe(60);
    expect(remainingMinutes(cal, urgent, at('2026-10-02 05:30'))).toBe(-90);
  });
});
