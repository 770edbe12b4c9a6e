import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATES, TERMINAL_STATES } from '../../domain/workflow';
import { EXTENDED_STATUSES, extendedStatus, open311Status, PUBLIC_STATE_TEXT } from './status';
import { parseServiceCode, serviceCodeOf } from './service-code';

describe('Open311 statuses', () => {
  it('is closed exactly for the terminal states, and every state has an extended status and public words', () => {
    for (const state of CASE_STATES) {
      expect(open311Status(state)).toBe(TERMINAL_STATES.includes(state) ? 'closed' : 'open');
      expect(EXTENDED_STATUSES).toContain(extendedStatus({ state }));
      expect(PUBLIC_STATE_TEXT[state].zh && PUBLIC_STATE_TEXT[state].en).toBeTruthy();
    }
  });

  it('maps our states to the FixMyStreet-style statuses', () => {
    const cases: [Parameters<typeof extendedStatus>[0], string][] = [
      [{ state: 'reported' }, 'OPEN'],
      [{ state: 'verifying' }, 'INVESTIGATING'],
      [{ state: 'filed' }, 'ACTION_SCHEDULED'],
      [{ state: 'suspended' }, 'ACTION_SCHEDULED'],
      [{ state: 'handling' }, 'IN_PROGRESS'],
      [{ state: 'returned' }, 'INTERNAL_REFERRAL'],
      [{ state: 'checked' }, 'FIXED'],
      [{ state: 'closed', closeType: 'overdue' }, 'FIXED'],
      [{ state: 'closed', closeType: 'special' }, 'CLOSED'],
      [{ state: 'cancelled' }, 'CLOSED'],
      [{ state: 'invalid', action: 'reject', duplicate: true }, 'DUPLICATE'],
      [{ state: 'invalid', action: 'reject' }, 'NOT_COUNCILS_RESPONSIBILITY'],
      [{ state: 'invalid', action: 'verify' }, 'NO_FURTHER_ACTION'],
    ];
    for (const [facts, status] of cases) expect(extendedStatus(facts), JSON.stringify(facts)).toBe(status);
  });
});

describe('service codes', () => {
  it('tell components from matters that share a class code, and read back', () => {
    fc.assert(
      fc.property(fc.constantFrom('component' as const, 'matter' as const), fc.stringMatching(/^\d{5,8}$/), (kind, code) => {
        expect(parseServiceCode(serviceCodeOf(kind, code))).toEqual({ kind, code });
      }),
    );
    expect(serviceCodeOf('component', '01001')).not.toBe(serviceCodeOf('matter', '01001'));
    expect(parseServiceCode('m09006')).toEqual({ kind: 'matter', code: '09006' });
    for (const bad of ['09006', 'X09006', 'M0900', 'M09006-01', '']) expect(parseServiceCode(bad)).toBeNull();
  });
});
