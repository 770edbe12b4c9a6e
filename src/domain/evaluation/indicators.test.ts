// Unit tests of every indicator on hand-built event logs (run through the real workflow machine), and the published figures.
import { describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../calendar';
import { DEFAULT_EVALUATION_CONFIG } from './config';
import { countBy, type CountQuery } from './counts';
import { deriveAll, evaluate, type CaseLog } from './evaluate';
import { deriveFacts } from './facts';
import { emptyCounts, indicatorValue, type Counts, type IndicatorKey, type ScopeKind } from './indicators';
import { ACTORS, TEST_CALENDAR, drive, newCase } from './log-factory';

/** Shanghai wall time on Monday 2026-11-16 (a plain workday), or on another day. */
const t = (hhmm: string, day = '2026-11-16') => shanghaiInstant(day, hhmm);
const NOVEMBER = { from: shanghaiInstant('2026-11-01'), to: shanghaiInstant('2026-12-01') };
const photo = ['00000000-0000-4000-8000-000000000001'];

function query(now: Date, period = NOVEMBER): CountQuery {
  const c = DEFAULT_EVALUATION_CONFIG;
  return { ...period, now, publicSources: c.publicSources, hotlineSources: c.hotlineSources, satisfiedLevels: c.satisfiedLevels };
}

function counts(logs: CaseLog[], now: Date, scope: ScopeKind = 'all', lookups = {}): Map<string, Counts> {
  const { facts, tasks } = deriveAll(logs, {
    respondDeadline: (at) => TEST_CALENDAR.addLimit(at, { amount: 30, unit: 'working_minutes' }),
  });
  return countBy(scope, facts, tasks, query(now), lookups);
}

const total = (logs: CaseLog[], now: Date) => counts(logs, now).get('all') ?? emptyCounts();
const pct = (key: IndicatorKey, c: Counts) => indicatorValue(key, c).percent;

describe('the published check figures (DOMAIN.md §6)', () => {
  it('996 filed, 972 due, 911 closed → 结案率 93.72 %; 737 in time → 按期结案率 75.82 %', () => {
    const logs: CaseLog[] = [];
    let n = 0;
    const make = (at: Date) => newCase({ id: `c${++n}`, at });
    for (let i = 0; i < 737; i++) logs.push(drive(make(t('09:00')), 'closed').log());
    for (let i = 0; i < 174; i++) {
      // Handled at 12:00, an hour past the 2-working-hour limit (11:00), then checked and closed.
      const b = drive(make(t('09:00')), 'handling').until(t('12:00'));
      b.act('handle', { photoIds: photo }, ACTORS.deptA).act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator);
      logs.push(b.act('check', { result: 'fixed' }, ACTORS.inspector).act('close', {}, ACTORS.chief).log());
    }
    for (let i = 0; i < 61; i++) logs.push(drive(make(t('09:00')), 'handled').log()); // handled, waiting for check
    for (let i = 0; i < 20; i++) logs.push(drive(make(t('16:00')), 'handling').log()); // limit runs to 09:00 tomorrow
    for (let i = 0; i < 4; i++) {
      // Suspended (挂账) past their limit: never due.
      const b = drive(make(t('09:00')), 'handling').act('requestSuspension', { reason: '季节性' }, ACTORS.deptA);
      logs.push(b.act('approveSuspension', {}, ACTORS.dispatcher).log());
    }
    const c = total(logs, t('17:00'));
    expect(c.filed).toBe(996);
    expect(c.dueToClose).toBe(972);
    expect(c.closed).toBe(911);
    expect(c.closedOnTime).toBe(737);
    expect(pct('closeRate', c)).toBe(93.72);
    expect(pct('closeOnTimeRate', c)).toBe(75.82);
    expect(c.handledOnTime).toBe(737 + 61);
    expect(pct('handleOnTimeRate', c)).toBe(82.1);
  });
});

describe('inspector indicators', () => {
  it('有效上报率: inspectors’ reports that were filed or approved as self-fix', () => {
    const filed = drive(newCase({ id: 'a', at: t('09:00') }), 'filed').log();
    const rejected = newCase({ id: 'b', at: t('09:00') }).act('reject', { reason: '重复上报' }, ACTORS.operator).log();
    const selfFix = newCase({ id: 'c', at: t('09:00'), selfFix: true }).act('approveSelfFix', {}, ACTORS.operator).log();
    const pending = newCase({ id: 'd', at: t('09:00'), reporter: ACTORS.inspector2 }).log();
    const hotline = drive(newCase({ id: 'e', at: t('09:00'), source: 'hotline' }), 'filed').log(); // not an inspector's report
    const byInspector = counts([filed, rejected, selfFix, pending, hotline], t('10:00'), 'inspector');
    expect(byInspector.get('inspector-1')).toMatchObject({ reports: 3, validReports: 2 });
    expect(pct('validReportRate', byInspector.get('inspector-1')!)).toBe(66.67);
    expect(byInspector.get('inspector-2')).toMatchObject({ reports: 1, validReports: 0 });
    expect(total([filed, rejected, selfFix, pending, hotline], t('10:00'))).toMatchObject({ reports: 4, validReports: 2 });
  });

  it('按时核实率: verify tasks due (answered, or past the 30-working-minute limit) and answered in time, per assignee', () => {
    const send = (id: string, to = ACTORS.inspector) => newCase({ id, at: t('09:00') }).act('sendVerify', { inspectorId: to.id }, ACTORS.operator);
    const logs = [
      send('in-time').wait(20).act('verify', { result: 'true' }, ACTORS.inspector).log(),
      send('late').wait(40).act('verify', { result: 'false' }, ACTORS.inspector).log(), // the result does not matter, the time does
      send('taken-over-late').wait(45).act('register', {}, ACTORS.operator).log(), // missed, then the operator registered it
      send('taken-over-early').wait(10).act('register', {}, ACTORS.operator).log(), // withdrawn in time: never due
      send('open-overdue').log(), // deadline 09:30, still open at 10:00
      send('other', ACTORS.inspector2).wait(5).act('verify', { result: 'true' }, ACTORS.inspector2).log(),
      newCase({ id: 'open-fresh', at: t('09:50') }).act('sendVerify', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).log(),
    ];
    const c = counts(logs, t('10:00'), 'inspector');
    expect(c.get('inspector-1')).toMatchObject({ toVerify: 4, verifyOnTime: 1 });
    expect(c.get('inspector-2')).toMatchObject({ toVerify: 1, verifyOnTime: 1 });
    expect(pct('verifyOnTimeRate', c.get('inspector-1')!)).toBe(25);
    // Later the fresh task falls due too.
    expect(counts(logs, t('10:30'), 'inspector').get('inspector-1')!.toVerify).toBe(5);
  });

  it('按时核查率: each check task counts, rework loops included', () => {
    const b = drive(newCase({ id: 'x', at: t('09:00') }), 'handled');
    b.act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).wait(10).act('check', { result: 'not_fixed' }, ACTORS.inspector);
    b.act('accept', {}, ACTORS.deptA).act('handle', { photoIds: photo }, ACTORS.deptA);
    b.act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).wait(50).act('check', { result: 'fixed' }, ACTORS.inspector);
    const c = counts([b.log()], t('12:00'), 'inspector').get('inspector-1')!;
    expect(c).toMatchObject({ toCheck: 2, checkOnTime: 1 });
    expect(pct('checkOnTimeRate', c)).toBe(50);
  });

  it('漏报率: cases first reported by the public in the inspector’s beat ÷ cases filed there', () => {
    const inBeat = { gridCode: '220106001001001' };
    const elsewhere = { gridCode: '220106002001001', communityCode: '220106002001', streetCode: '220106002' };
    const logs = [
      drive(newCase({ id: 'p1', at: t('09:00'), source: 'hotline', ...inBeat }), 'filed').log(),
      drive(newCase({ id: 'p2', at: t('09:00'), source: 'citizen', ...inBeat }), 'filed').log(),
      drive(newCase({ id: 'i1', at: t('09:00'), ...inBeat }), 'filed').log(),
      drive(newCase({ id: 'i2', at: t('09:00'), ...inBeat }), 'filed').log(),
      drive(newCase({ id: 'v1', at: t('09:00'), source: 'video_ai', ...inBeat }), 'filed').log(), // not the public
      drive(newCase({ id: 'p3', at: t('09:00'), source: 'hotline', ...elsewhere }), 'filed').log(),
      newCase({ id: 'p4', at: t('09:00'), source: 'hotline', ...inBeat }).act('reject', { reason: '不属实' }, ACTORS.operator).log(), // not filed
    ];
    const beats = new Map([['220106001001001', 'inspector-1'], ['220106002001001', 'inspector-2']]);
    const c = counts(logs, t('10:00'), 'inspector', { beatInspectorOf: (g: string | null) => (g ? (beats.get(g) ?? null) : null) });
    expect(c.get('inspector-1')).toMatchObject({ filed: 5, publicFiled: 2 });
    expect(pct('missedReportRate', c.get('inspector-1')!)).toBe(40);
    expect(c.get('inspector-2')).toMatchObject({ filed: 1, publicFiled: 1 });
  });
});

describe('centre indicators', () => {
  it('按时受理率 and 按时派发核查率 (operator)', () => {
    const logs = [
      newCase({ id: 'a', at: t('09:00') }).wait(10).act('register', {}, ACTORS.operator).log(),
      newCase({ id: 'b', at: t('09:00') }).wait(31).act('sendVerify', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).log(),
      newCase({ id: 'c', at: t('09:00'), selfFix: true }).wait(5).act('approveSelfFix', {}, ACTORS.operator).log(),
      drive(newCase({ id: 'd', at: t('09:00') }), 'handled').wait(45).act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).log(),
    ];
    const c = counts(logs, t('12:00'), 'operator').get('operator-1')!;
    expect(c).toMatchObject({ toIntake: 4, intakeOnTime: 3, toSendCheck: 1, sendCheckOnTime: 0 });
  });

  it('按时立案率 and 准确立案率 (shift chief): filings made, in time, not cancelled later', () => {
    const logs = [
      newCase({ id: 'a', at: t('09:00') }).act('register', {}, ACTORS.operator).wait(5).act('file', { filingCondition: 'x' }, ACTORS.chief).log(),
      newCase({ id: 'b', at: t('09:00') }).act('register', {}, ACTORS.operator).wait(15).act('file', { filingCondition: 'x' }, ACTORS.chief).log(),
      drive(newCase({ id: 'c', at: t('09:00') }), 'filed')
        .act('requestCancel', { reason: '重复案卷' }, ACTORS.dispatcher)
        .act('approveCancel', {}, ACTORS.chief)
        .log(),
      newCase({ id: 'd', at: t('09:00') }).act('register', {}, ACTORS.operator).log(), // waiting, overdue: not a filing
    ];
    const c = counts(logs, t('12:00'), 'chief').get('chief-1')!;
    expect(c).toMatchObject({ filings: 3, filingsOnTime: 2, filingsAccurate: 2 });
    expect(pct('fileOnTimeRate', c)).toBe(66.67);
    expect(pct('fileAccuracyRate', c)).toBe(66.67);
  });

  it('按时结案率 (shift chief’s closing step)', () => {
    const late = drive(newCase({ id: 'b', at: t('09:00') }), 'checked').wait(40).act('close', {}, ACTORS.chief).log();
    const c = counts([drive(newCase({ id: 'a', at: t('09:00') }), 'closed').log(), late], t('12:00'), 'chief').get('chief-1')!;
    expect(c).toMatchObject({ toClose: 2, closeOnTime: 1 });
  });

  it('按时派遣率 and 准确派遣率 (dispatcher): a dispatch returned and re-dispatched was not accurate', () => {
    const filed = (id: string) => newCase({ id, at: t('09:00') }).act('register', {}, ACTORS.operator).act('file', { filingCondition: 'x' }, ACTORS.chief);
    const logs = [
      filed('a').wait(5).act('dispatch', { departmentId: 'dept-a' }, ACTORS.dispatcher).log(),
      filed('b').wait(20).act('dispatch', { departmentId: 'dept-a' }, ACTORS.dispatcher).log(),
      filed('c')
        .act('dispatch', { departmentId: 'dept-a' }, ACTORS.dispatcher)
        .act('requestReturn', { reason: '非本部门职责' }, ACTORS.deptA)
        .act('redispatch', { departmentId: 'dept-b' }, ACTORS.dispatcher)
        .log(),
      filed('d')
        .act('dispatch', { departmentId: 'dept-a' }, ACTORS.dispatcher)
        .act('requestReturn', { reason: '非本部门职责' }, ACTORS.deptA)
        .act('rejectReturn', { reason: '属于本部门' }, ACTORS.dispatcher) // the return was refused: the dispatch was right
        .log(),
      filed('e').log(), // overdue, not dispatched yet: due, not in time, nobody's
    ];
    const byDispatcher = counts(logs, t('12:00'), 'dispatcher').get('dispatcher-1')!;
    expect(byDispatcher).toMatchObject({ toDispatch: 4, dispatchOnTime: 3, dispatchAccurate: 3 });
    expect(total(logs, t('12:00'))).toMatchObject({ toDispatch: 5, dispatchOnTime: 3, dispatchAccurate: 4 });
  });
});

describe('department and area indicators', () => {
  it('due to close counts handled cases and cases past their limit; in-time uses the deadline after extensions', () => {
    const extended = drive(newCase({ id: 'ext', at: t('09:00') }), 'handling')
      .act('requestExtension', { reason: '需协调', extra: { amount: 1, unit: 'working_days' } }, ACTORS.deptA)
      .act('approveExtension', {}, ACTORS.dispatcher)
      .until(t('15:00'))
      .act('handle', { photoIds: photo }, ACTORS.deptA); // past the first limit (11:00), within the extended one
    const overdue = drive(newCase({ id: 'over', at: t('09:00') }), 'handling'); // limit 11:00, not handled
    const fresh = drive(newCase({ id: 'fresh', at: t('16:00') }), 'dispatched'); // limit 09:00 tomorrow
    const c = total([extended.log(), overdue.log(), fresh.log()], t('16:00'));
    expect(c).toMatchObject({ filed: 3, dueToClose: 2, handledOnTime: 1, closed: 0 });
    expect(deriveFacts(extended.log().case, extended.log().events).facts.handledInTime).toBe(true);
    expect(total([fresh.log()], t('09:01', '2026-11-17')).dueToClose).toBe(1);
  });

  it('返工率 counts each return to the same department; the department that returned a case keeps its reworks', () => {
    const b = drive(newCase({ id: 'r', at: t('09:00') }), 'handled');
    for (let i = 0; i < 2; i++) {
      b.act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).act('check', { result: 'not_fixed' }, ACTORS.inspector);
      b.act('accept', {}, ACTORS.deptA).act('handle', { photoIds: photo }, ACTORS.deptA);
    }
    b.act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).act('check', { result: 'fixed' }, ACTORS.inspector);
    b.act('close', {}, ACTORS.chief);
    const clean = drive(newCase({ id: 'ok', at: t('09:00') }), 'closed');
    // Reworked once at dept-a, then dept-a says "not ours" and dept-b gets it.
    const moved = drive(newCase({ id: 'mv', at: t('09:00') }), 'handled')
      .act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator)
      .act('check', { result: 'not_fixed' }, ACTORS.inspector)
      .act('requestReturn', { reason: '非本部门职责' }, ACTORS.deptA)
      .act('redispatch', { departmentId: 'dept-b' }, ACTORS.dispatcher)
      .act('accept', {}, ACTORS.deptB)
      .act('handle', { photoIds: photo }, ACTORS.deptB);
    const logs = [b.log(), clean.log(), moved.log()];
    expect(total(logs, t('16:00'))).toMatchObject({ dueToClose: 3, reworks: 3 });
    expect(pct('reworkRate', total(logs, t('16:00')))).toBe(100);
    const byDept = counts(logs, t('16:00'), 'department');
    expect(byDept.get('dept-a')).toMatchObject({ dueToClose: 2, reworks: 2, closed: 2 });
    expect(byDept.get('dept-b')).toMatchObject({ dueToClose: 1, reworks: 0, closed: 0 });
  });

  it('suspended (挂账) cases leave the handling metrics, and come back when resumed', () => {
    const suspended = drive(newCase({ id: 's', at: t('09:00') }), 'handling')
      .act('requestSuspension', { reason: '季节性' }, ACTORS.deptA)
      .act('approveSuspension', {}, ACTORS.dispatcher);
    const closedWhileSuspended = drive(newCase({ id: 'sc', at: t('09:00') }), 'handling')
      .act('requestSuspension', { reason: '长期' }, ACTORS.deptA)
      .act('approveSuspension', {}, ACTORS.dispatcher)
      .act('close', { closeType: 'special' }, ACTORS.chief);
    const c = total([suspended.log(), closedWhileSuspended.log()], t('16:00'));
    expect(c).toMatchObject({ filed: 2, dueToClose: 0, closed: 0, handledOnTime: 0, reworks: 0 });
    suspended.wait(60).act('resume', { note: '恢复' }, ACTORS.dispatcher); // a fresh 2-working-hour limit from 10:00: 12:00
    expect(total([suspended.log()], t('16:00')).dueToClose).toBe(1);
  });

  it('监督举报率 per street: public reports among the cases filed there', () => {
    const s2 = { gridCode: '220106002001001', communityCode: '220106002001', streetCode: '220106002' };
    const logs = [
      drive(newCase({ id: 'a', at: t('09:00'), source: 'hotline' }), 'filed').log(),
      drive(newCase({ id: 'b', at: t('09:00') }), 'filed').log(),
      drive(newCase({ id: 'c', at: t('09:00'), source: 'citizen', ...s2 }), 'filed').log(),
    ];
    const c = counts(logs, t('10:00'), 'street');
    expect(pct('publicReportRate', c.get('220106001')!)).toBe(50);
    expect(pct('publicReportRate', c.get('220106002')!)).toBe(100);
    expect(counts(logs, t('10:00'), 'class').get('matter:09006')).toMatchObject({ filed: 3, publicFiled: 2 });
  });

  it('hotline rates: responded in time, resolved, satisfied (null until ratings exist)', () => {
    const hot = (id: string) => newCase({ id, at: t('09:00'), source: 'hotline' });
    const quick = drive(hot('q'), 'closed'); // accepted at once
    const slow = drive(hot('s'), 'dispatched').wait(45).act('accept', {}, ACTORS.deptA); // 30 working minutes to react
    const silent = drive(hot('n'), 'dispatched'); // no reaction, past the limit, and past the handling limit
    const logs = [quick.log(), slow.log(), silent.log()];
    const c = total(logs, t('16:00'));
    expect(c).toMatchObject({ hotlineToRespond: 3, hotlineRespondedOnTime: 1, hotlineDue: 3, hotlineClosed: 1, hotlineRated: 0 });
    expect(pct('respondRate', c)).toBe(33.33);
    expect(indicatorValue('satisfactionRate', c).rate).toBeNull();

    quick.record('rate', { satisfaction: 'satisfied', channel: 'callback' }, ACTORS.operator);
    slow.record('rate', { satisfaction: 'basic' }, ACTORS.citizen);
    silent.record('rate', { satisfaction: 'unsatisfied' }, ACTORS.citizen).record('rate', { satisfaction: 'bogus' }, ACTORS.citizen); // invalid: ignored
    const rated = total([quick.log(), slow.log(), silent.log()], t('16:00'));
    expect(rated).toMatchObject({ hotlineRated: 3, hotlineSatisfied: 2 });
    expect(pct('satisfactionRate', rated)).toBe(66.67);
  });
});

describe('periods and the evaluation instant', () => {
  it('counts a case in the period it was filed in, and a step in the period it fell due in', () => {
    const oct = drive(newCase({ id: 'oct', at: t('16:00', '2026-10-30') }), 'handling'); // Fri; the limit runs to Mon 2 Nov 09:00
    const waiting = newCase({ id: 'wait', at: t('17:20', '2026-10-30') }); // nobody takes it in; due Mon 2 Nov 08:50
    const logs = [oct.log(), waiting.log()];
    expect(total(logs, t('12:00'))).toMatchObject({ filed: 0, dueToClose: 0, toIntake: 1, intakeOnTime: 0 });
    const { facts, tasks } = deriveAll(logs);
    const october = { from: shanghaiInstant('2026-10-01'), to: NOVEMBER.from };
    // Due now, but counted in its filing month; the intake step in November, when it fell due.
    expect(countBy('all', facts, tasks, query(t('12:00'), october)).get('all')).toMatchObject({ filed: 1, dueToClose: 1, toIntake: 1 });
    // As of the end of October, the case was not yet due.
    expect(countBy('all', facts, tasks, query(october.to, october)).get('all')).toMatchObject({ filed: 1, dueToClose: 0 });
  });

  it('ranks scopes with composites and grades (evaluate)', () => {
    const s2 = { gridCode: '220106002001001', communityCode: '220106002001', streetCode: '220106002' };
    const late = drive(newCase({ id: 'late', at: t('09:00'), ...s2 }), 'handling').until(t('14:00'));
    late.act('handle', { photoIds: photo }, ACTORS.deptA);
    const logs = [drive(newCase({ id: 'good', at: t('09:00') }), 'closed').log(), late.log()];
    const rows = evaluate(logs, 'street', { config: DEFAULT_EVALUATION_CONFIG, ...NOVEMBER, now: t('16:00') });
    expect(rows.map((r) => [r.id, r.composite, r.grade])).toEqual([
      ['220106001', 100, 'A'], // 30×100 + 30×100 + 20×(100−0) + 20×(100−0)
      ['220106002', 40, 'D'], // 30×0 + 30×0 + 20×100 + 20×100
    ]);
  });
});
