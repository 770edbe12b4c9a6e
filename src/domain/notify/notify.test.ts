// Unit and property tests of the notification rules, the templates and quiet hours.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shanghaiInstant } from '../calendar';
import { citizenUpdateFor, deliverAt, inQuietHours, localAlertEventOf, noticesFor, render, type RuleEvent } from './index';

const ev = (action: string, over: Partial<RuleEvent> = {}): RuleEvent => ({ action, fromState: 'handling', toState: 'handling', actorId: 'actor', note: null, payload: {}, departmentId: 'dept-a', ...over });
const kase = { state: 'handling', urgency: 'normal', departmentId: 'dept-a', assigneeId: null };

describe('the rule table', () => {
  it('tells the department a case was dispatched to it, and the inspector of a task', () => {
    expect(noticesFor(ev('dispatch', { payload: { departmentId: 'dept-b' } }), kase, [])).toEqual([{ kind: 'caseDispatched', recipients: [{ department: 'dept-b' }], params: {} }]);
    expect(noticesFor(ev('sendCheck', { payload: { inspectorId: 'insp' } }), kase, [])[0]).toMatchObject({ kind: 'taskAssigned', recipients: [{ user: 'insp' }] });
  });
  it('asks the approver, and answers the one who asked', () => {
    expect(noticesFor(ev('requestExtension'), kase, [])[0]).toMatchObject({ kind: 'approvalWaiting', recipients: [{ role: 'dispatcher' }] });
    expect(noticesFor(ev('requestCancel'), kase, [])[0]).toMatchObject({ kind: 'approvalWaiting', recipients: [{ role: 'chief' }] });
    const log = [
      { seq: 3, action: 'requestExtension', actorId: 'first' },
      { seq: 7, action: 'requestExtension', actorId: 'latest' },
    ];
    expect(noticesFor(ev('approveExtension'), kase, log)[0]).toMatchObject({ kind: 'requestDecided', recipients: [{ user: 'latest' }], params: { decision: { zh: '已批准' } } });
    expect(noticesFor(ev('denyExtension'), kase, log)[0]).toMatchObject({ params: { decision: { zh: '被驳回' } } });
    expect(noticesFor(ev('redispatch', { payload: { departmentId: 'dept-b', fromDepartmentId: 'dept-a' } }), kase, [])).toHaveLength(2);
  });
  it('passes a leader’s 督办 to the department, a reopening to the department that handled it, an urgent report to the people on duty', () => {
    expect(noticesFor(ev('urge', { note: '请加快' }), kase, [])[0]).toMatchObject({ kind: 'caseUrged', recipients: [{ department: 'dept-a' }] });
    expect(noticesFor(ev('urge'), { ...kase, state: 'filed', departmentId: null }, [])[0]).toMatchObject({ recipients: [{ role: 'dispatcher' }] });
    expect(noticesFor(ev('reopen', { payload: { number: 'N2' } }), kase, [])[0]).toMatchObject({ kind: 'caseReopened', params: { newNumber: 'N2' } });
    expect(noticesFor(ev('report', { payload: { urgency: 'urgent' } }), kase, [])[0]).toMatchObject({ kind: 'emergencyReported', recipients: [{ duty: 'command' }, { duty: 'leader' }, { duty: 'supervision' }] });
    expect(noticesFor(ev('report'), kase, [])).toEqual([]);
    expect(noticesFor(ev('comment'), kase, [])).toEqual([]);
  });
  it('tells citizens about closing and refusal, and local alerts about new and closed cases', () => {
    expect(citizenUpdateFor(ev('close', { fromState: 'checked', toState: 'closed' }))).not.toBeNull();
    expect(citizenUpdateFor(ev('file', { fromState: 'verified', toState: 'filed' }))).toBeNull();
    expect(citizenUpdateFor(ev('reject', { fromState: 'reported', toState: 'invalid' }))).not.toBeNull();
    expect(citizenUpdateFor(ev('accept'))).toBeNull();
    expect(localAlertEventOf(ev('file'))).toBe('new');
    expect(localAlertEventOf(ev('close'))).toBe('closed');
    expect(localAlertEventOf(ev('dispatch'))).toBeNull();
  });
});

describe('templates', () => {
  it('fill parameters in each language and leave no placeholder', () => {
    const params = { number: '220106-2026-000001', class: { zh: '井盖缺失', en: 'Missing cover' }, place: '正阳街道', deadline: '11-16 17:30', note: null };
    const zh = render('caseDispatched', params, 'zh');
    const en = render('caseDispatched', params, 'en');
    expect(zh.title).toBe('新派遣案件 220106-2026-000001');
    expect(zh.body).toContain('井盖缺失');
    expect(en.body).toContain('Missing cover');
    expect(`${zh.title}${zh.body}${en.title}${en.body}`).not.toMatch(/[{}]/);
  });
});

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00' };
  it('holds a message made at night until the morning, and lets an alert through', () => {
    const at = shanghaiInstant('2026-11-16', '23:30');
    expect(deliverAt(at, night, false).toISOString()).toBe(shanghaiInstant('2026-11-17', '07:00').toISOString());
    expect(deliverAt(shanghaiInstant('2026-11-17', '06:10'), night, false).toISOString()).toBe(shanghaiInstant('2026-11-17', '07:00').toISOString());
    expect(deliverAt(at, night, true)).toBe(at);
    expect(deliverAt(shanghaiInstant('2026-11-17', '09:00'), night, false).toISOString()).toBe(shanghaiInstant('2026-11-17', '09:00').toISOString());
  });
  it('always answers a time outside the quiet hours, within a day, and never earlier than now', () => {
    const hhmm = fc.integer({ min: 0, max: 1439 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2027-01-01T00:00:00Z') / 60_000 }), hhmm, hhmm, (m, start, end) => {
        const now = new Date(m * 60_000);
        const q = { start, end };
        const at = deliverAt(now, q, false);
        expect(at.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600_000);
        expect(inQuietHours(at, q)).toBe(false);
        if (!inQuietHours(now, q)) expect(at).toBe(now);
      }),
    );
  });
});
