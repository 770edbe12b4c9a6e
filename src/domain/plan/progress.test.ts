// Task progress, status against the milestone curve (and the deadline), and roll-ups: examples and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedBy, rollUp, taskProgress, taskState, TASK_STATUSES, type TaskTerms } from './progress';

// 09:00 Beijing time on a day.
const at = (day: string) => new Date(`${day}T01:00:00Z`);
const demolish: TaskTerms = {
  target: { value: 100_000, unit: 'm²', direction: 'at_least', kind: 'cumulative' },
  startOn: '2018-01-01',
  deadline: '2018-12-31',
  milestones: [
    { on: '2018-06-30', value: 40_000, text: null },
    { on: '2018-09-30', value: 80_000, text: null },
    { on: '2018-03-31', value: null, text: '完成摸底' },
  ],
};
const sweeping: TaskTerms = { target: { value: 85, unit: '%', direction: 'at_least', kind: 'level' }, startOn: '2018-01-01', deadline: '2018-12-31', milestones: [] };
const unemployment: TaskTerms = { target: { value: 4, unit: '%', direction: 'at_most', kind: 'level' }, startOn: '2018-01-01', deadline: '2018-12-31', milestones: [] };

describe('the milestone curve', () => {
  it('runs through start, milestones with values and the target at the deadline', () => {
    expect(expectedBy(demolish, '2018-01-01')).toBe(0);
    expect(expectedBy(demolish, '2018-06-30')).toBe(40_000);
    expect(expectedBy(demolish, '2018-09-30')).toBe(80_000);
    expect(expectedBy(demolish, '2018-12-31')).toBe(100_000);
    expect(expectedBy(demolish, '2019-03-01')).toBe(100_000);
    // halfway between 06-30 and 09-30 (92 days): 46 days in
    expect(expectedBy(demolish, '2018-08-15')).toBeCloseTo(40_000 + (40_000 * 46) / 92, 6);
  });
  it('a level target expects the target all the time', () => {
    expect(expectedBy(sweeping, '2018-02-01')).toBe(85);
  });
});

describe('status', () => {
  it('behind the curve is lagging, on it is on track, the target reached is done', () => {
    expect(taskState(demolish, { value: 30_000, completed: false }, at('2018-07-01')).status).toBe('lagging');
    expect(taskState(demolish, { value: 45_000, completed: false }, at('2018-07-01')).status).toBe('on_track');
    expect(taskState(demolish, { value: 100_000, completed: false }, at('2018-07-01')).status).toBe('done');
    expect(taskState(demolish, { value: null, completed: false }, at('2018-01-01')).status).toBe('on_track');
    expect(taskState(demolish, { value: null, completed: false }, at('2018-02-01')).status).toBe('lagging');
  });
  it('overdue after 24:00 of the deadline, not on the deadline day itself', () => {
    expect(taskState(demolish, { value: 90_000, completed: false }, new Date('2018-12-31T15:59:00Z')).status).toBe('lagging');
    const s = taskState(demolish, { value: 90_000, completed: false }, new Date('2018-12-31T16:00:00Z'));
    expect(s).toMatchObject({ status: 'overdue', daysOverdue: 1, daysLeft: null });
  });
  it('level targets: holding is on track while the period runs and done after it; not holding is lagging', () => {
    expect(taskState(sweeping, { value: 86, completed: false }, at('2018-05-01')).status).toBe('on_track');
    expect(taskState(sweeping, { value: 80, completed: false }, at('2018-05-01')).status).toBe('lagging');
    expect(taskState(sweeping, { value: 86, completed: false }, at('2019-01-02')).status).toBe('done');
    expect(taskState(sweeping, { value: 80, completed: false }, at('2019-01-02')).status).toBe('overdue');
    expect(taskState(unemployment, { value: 3.6, completed: false }, at('2018-05-01')).status).toBe('on_track');
    expect(taskState(unemployment, { value: 4.2, completed: false }, at('2018-05-01')).status).toBe('lagging');
  });
  it('a task declared complete is done and at 100 %', () => {
    expect(taskState(demolish, { value: 10, completed: true }, at('2019-05-01'))).toMatchObject({ status: 'done', progress: 1 });
  });
});

describe('progress', () => {
  it('at_least is value ÷ target, at_most is 1 under the ceiling and ceiling ÷ value over it', () => {
    expect(taskProgress(demolish.target, { value: 25_000, completed: false })).toBe(0.25);
    expect(taskProgress(unemployment.target, { value: 3, completed: false })).toBe(1);
    expect(taskProgress(unemployment.target, { value: 5, completed: false })).toBe(0.8);
  });
  it('is always within 0…1 and grows with the figure (at_least)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 2e6, noNaN: true }), fc.double({ min: 0, max: 2e6, noNaN: true }), (t, a, b) => {
        const target = { value: t, direction: 'at_least' as const };
        const pa = taskProgress(target, { value: Math.min(a, b), completed: false });
        const pb = taskProgress(target, { value: Math.max(a, b), completed: false });
        return pa >= 0 && pb <= 1 && pa <= pb;
      }),
    );
  });
});

describe('the curve and the status, properties', () => {
  const day = fc.integer({ min: 0, max: 364 }).map((i) => new Date(Date.UTC(2018, 0, 1 + i)).toISOString().slice(0, 10));
  it('the curve never falls and stays within 0…target when milestones rise', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 5 }), day, day, (ms, d1, d2) => {
        const sorted = [...ms].sort((a, b) => a[0].localeCompare(b[0]));
        let last = 0;
        const milestones = sorted.map(([on, f]) => {
          last = Math.max(last, f * 1000);
          return { on, value: last, text: null };
        });
        const terms: TaskTerms = { target: { value: 1000, unit: 'x', direction: 'at_least', kind: 'cumulative' }, startOn: '2018-01-01', deadline: '2018-12-31', milestones };
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const ea = expectedBy(terms, a);
        const eb = expectedBy(terms, b);
        return ea >= 0 && eb <= 1000 + 1e-9 && ea <= eb + 1e-9;
      }),
    );
  });
  it('reporting more never makes a task worse', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2e5, noNaN: true }), fc.double({ min: 0, max: 2e5, noNaN: true }), fc.integer({ min: 0, max: 500 }), (a, b, offset) => {
        const when = new Date(Date.UTC(2018, 0, 1, 1) + offset * 86_400_000);
        const lo = taskState(demolish, { value: Math.min(a, b), completed: false }, when);
        const hi = taskState(demolish, { value: Math.max(a, b), completed: false }, when);
        const rank = { done: 0, on_track: 1, lagging: 2, overdue: 3 };
        return rank[hi.status] <= rank[lo.status] && hi.progress >= lo.progress;
      }),
    );
  });
});

describe('roll-up', () => {
  it('averages progress, counts each status and takes the worst', () => {
    const r = rollUp([
      { status: 'done', progress: 1 },
      { status: 'lagging', progress: 0.4 },
      { status: 'on_track', progress: 0.7 },
      { status: 'overdue', progress: 0.5 },
    ]);
    expect(r.progress).toBeCloseTo(0.65, 9);
    expect({ ...r, progress: 0 }).toEqual({ tasks: 4, progress: 0, byStatus: { done: 1, lagging: 1, on_track: 1, overdue: 1 }, worst: 'overdue' });
    expect(rollUp([])).toEqual({ tasks: 0, progress: 0, byStatus: { done: 0, lagging: 0, on_track: 0, overdue: 0 }, worst: null });
  });
  it('counts add up and the mean lies between the smallest and largest progress', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ status: fc.constantFrom(...TASK_STATUSES), progress: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 30 }), (ts) => {
        const r = rollUp(ts);
        const total = Object.values(r.byStatus).reduce((s, n) => s + n, 0);
        const ps = ts.map((t) => t.progress);
        return total === ts.length && r.progress >= Math.min(...ps) - 1e-9 && r.progress <= Math.max(...ps) + 1e-9;
      }),
    );
  });
});
