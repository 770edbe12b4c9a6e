// The register's state machine: the allowed transitions, dates, partial demolition, and properties over random walks.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allowedBuildingActions,
  applyBuildingAction,
  BUILDING_ACTIONS,
  BUILDING_RULES,
  BUILDING_STATES,
  BuildingError,
  newBuilding,
  remainingArea,
  TERMINAL_BUILDING_STATES,
  type BuildingAction,
  type BuildingActionInputs,
  type BuildingSnapshot,
  type BuildingState,
} from './machine';

const TODAY = '2026-11-20';
const start = () => newBuilding({ areaM2: 120, foundOn: '2026-03-02' });
const go = <A extends BuildingAction>(s: BuildingSnapshot, a: A, i: BuildingActionInputs[A]) => applyBuildingAction(s, a, i, TODAY).next;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof BuildingError ? e.code : String(e);
  }
  return null;
};

describe('illegal building state machine', () => {
  it('walks found → filed → notice served → deadline passed → demolished', () => {
    let s = start();
    s = go(s, 'file', { on: '2026-03-03', caseNo: '绿城管立〔2026〕12号' });
    expect(s.state).toBe('filed');
    s = go(s, 'serveNotice', { on: '2026-03-05', noticeNo: '限拆〔2026〕7号', deadline: '2026-03-20' });
    expect(s).toMatchObject({ state: 'notice_served', deadline: '2026-03-20' });
    s = go(s, 'expire', { on: '2026-03-21' });
    expect(s.state).toBe('deadline_passed');
    const t = applyBuildingAction(s, 'demolish', { on: '2026-04-02', areaM2: 120, method: 'forced', complete: true }, TODAY);
    expect(t.next).toMatchObject({ state: 'demolished', demolishedM2: 120, closedOn: '2026-04-02' });
    expect(t.event).toMatchObject({ action: 'demolish', fromState: 'deadline_passed', toState: 'demolished', areaM2: 120, payload: { method: 'forced', complete: true } });
  });

  it('allows exactly the transitions in the table', () => {
    const expected: Record<BuildingState, BuildingAction[]> = {
      found: ['file', 'dismiss'],
      filed: ['dismiss', 'serveNotice', 'demolish'],
      notice_served: ['expire', 'demolish', 'confiscate', 'retain'],
      deadline_passed: ['demolish', 'confiscate', 'retain'],
      demolished: [],
      confiscated: [],
      retained: [],
      dismissed: [],
    };
    for (const state of BUILDING_STATES) expect(allowedBuildingActions(state).sort()).toEqual(expected[state].sort());
  });

  it('refuses a step from the wrong state', () => {
    expect(code(() => go(start(), 'serveNotice', { on: '2026-03-05', noticeNo: 'x', deadline: '2026-03-20' }))).toBe('BUILDING_TRANSITION_NOT_ALLOWED');
    expect(code(() => go(start(), 'demolish', { on: '2026-03-05', areaM2: 10, method: 'self', complete: false }))).toBe('BUILDING_TRANSITION_NOT_ALLOWED');
  });

  it('partial demolitions add up and keep the state until the whole area is down', () => {
    let s = go(start(), 'file', { on: '2026-03-03' });
    s = go(s, 'serveNotice', { on: '2026-03-05', noticeNo: 'n', deadline: '2026-04-05' });
    s = go(s, 'demolish', { on: '2026-03-10', areaM2: 45.5, method: 'self', complete: false });
    expect(s).toMatchObject({ state: 'notice_served', demolishedM2: 45.5 });
    expect(remainingArea(s)).toBe(74.5);
    s = go(s, 'demolish', { on: '2026-03-12', areaM2: 74.5, method: 'self', complete: false });
    expect(s).toMatchObject({ state: 'demolished', demolishedM2: 120, closedOn: '2026-03-12' });
  });

  it('a partial demolition can end in a penalty for the rest', () => {
    let s = go(start(), 'file', { on: '2026-03-03' });
    s = go(s, 'serveNotice', { on: '2026-03-05', noticeNo: 'n', deadline: '2026-04-05' });
    s = go(s, 'demolish', { on: '2026-03-10', areaM2: 80, method: 'self', complete: false });
    s = go(s, 'retain', { on: '2026-04-10', decisionNo: '罚〔2026〕3号', fineYuan: 8000 });
    expect(s).toMatchObject({ state: 'retained', demolishedM2: 80 });
  });

  it('refuses more demolished area than the structure has (beyond 1 % measuring tolerance), and non-positive areas', () => {
    const filed = go(start(), 'file', { on: '2026-03-03' });
    expect(code(() => go(filed, 'demolish', { on: '2026-03-04', areaM2: 122, method: 'forced', complete: true }))).toBe('DEMOLISHED_AREA_EXCEEDS');
    expect(go(filed, 'demolish', { on: '2026-03-04', areaM2: 121, method: 'forced', complete: true }).demolishedM2).toBe(121);
    expect(code(() => go(filed, 'demolish', { on: '2026-03-04', areaM2: 0, method: 'forced', complete: true }))).toBe('DEMOLISHED_AREA_EXCEEDS');
  });

  it('dates: not in the future, not before the previous step, the deadline not before the notice', () => {
    const filed = go(start(), 'file', { on: '2026-03-03' });
    expect(code(() => go(start(), 'file', { on: '2026-11-21' }))).toBe('BUILDING_DATE_INVALID');
    expect(code(() => go(start(), 'file', { on: '2026-03-01' }))).toBe('BUILDING_DATE_INVALID');
    expect(code(() => go(start(), 'file', { on: '2026-3-5' }))).toBe('BUILDING_DATE_INVALID');
    expect(code(() => go(filed, 'serveNotice', { on: '2026-03-05', noticeNo: 'n', deadline: '2026-03-04' }))).toBe('BUILDING_DATE_INVALID');
  });

  it('the deadline must have passed to record it so', () => {
    const served = go(go(start(), 'file', { on: '2026-03-03' }), 'serveNotice', { on: '2026-03-05', noticeNo: 'n', deadline: '2026-03-20' });
    expect(code(() => go(served, 'expire', { on: '2026-03-20' }))).toBe('DEADLINE_NOT_PASSED');
    expect(go(served, 'expire', { on: '2026-03-21' }).state).toBe('deadline_passed');
  });

  it('property: any sequence of attempts keeps the entry consistent', () => {
    const arbStep = fc.record({
      action: fc.constantFrom(...BUILDING_ACTIONS),
      gap: fc.integer({ min: -3, max: 20 }),
      area: fc.double({ min: -5, max: 150, noNaN: true }),
      complete: fc.boolean(),
      deadlineIn: fc.integer({ min: -2, max: 30 }),
    });
    const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 25 }), (steps) => {
        let s = start();
        let day = s.foundOn;
        for (const st of steps) {
          day = addDays(day, st.gap);
          const inputs: { [A in BuildingAction]: BuildingActionInputs[A] } = {
            file: { on: day },
            dismiss: { on: day, reason: 'r' },
            serveNotice: { on: day, noticeNo: 'n', deadline: addDays(day, st.deadlineIn) },
            expire: { on: day },
            demolish: { on: day, areaM2: st.area, method: 'self', complete: st.complete },
            confiscate: { on: day, decisionNo: 'd' },
            retain: { on: day, decisionNo: 'd', fineYuan: 100 },
          };
          const before = s;
          try {
            const t = applyBuildingAction(s, st.action, inputs[st.action] as never, TODAY);
            s = t.next;
            // Only listed transitions happen, and dates move forward.
            expect(BUILDING_RULES[st.action].from).toContain(before.state);
            expect(t.next.lastOn >= before.lastOn).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(BuildingError);
            expect(s).toBe(before);
          }
          expect(s.demolishedM2).toBeGreaterThanOrEqual(0);
          expect(s.demolishedM2).toBeLessThanOrEqual(s.areaM2 * 1.01 + 1e-6);
          // Terminal states are final, and have a closing day.
          if (TERMINAL_BUILDING_STATES.includes(before.state)) expect(s).toBe(before);
          if (TERMINAL_BUILDING_STATES.includes(s.state)) expect(s.closedOn).not.toBeNull();
          else expect(s.closedOn).toBeNull();
        }
      }),
    );
  });
});
