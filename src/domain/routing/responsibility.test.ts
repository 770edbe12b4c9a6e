// Unit and property tests for responsibility routing (权责清单).
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  bestRule,
  responsibilityFor,
  ruleMatches,
  specificity,
  type ResponsibilityRule,
  type RoutingQuery,
} from './responsibility';

const ZHENGYANG = '220106001'; // 正阳街道
const QINGNIAN = '220106002';
const localityOf = (street: string): string => `street-office-${street}`;

const rule = (over: Partial<ResponsibilityRule> & Pick<ResponsibilityRule, 'id'>): ResponsibilityRule => ({
  kind: 'matter',
  classCode: '09006',
  departmentId: null,
  coDepartmentIds: [],
  limit: null,
  ...over,
});

// A small list in the style of a published 权责清单.
const RULES: ResponsibilityRule[] = [
  // 占道经营: the street handles, 4 working hours, with the enforcement bureau assisting.
  rule({ id: 'm-09006', coDepartmentIds: ['enforcement'], limit: { amount: 4, unit: 'working_hours' } }),
  // ... but in Zhengyang the enforcement bureau leads on core-area (A) streets.
  rule({ id: 'm-09006-zy-A', streetCode: ZHENGYANG, areaClass: 'A', departmentId: 'enforcement', coDepartmentIds: ['enforcement', 'market'], limit: { amount: 2, unit: 'working_hours' } }),
  // 私搭乱建 stop-work is the enforcement bureau's, demolition too, with different limits.
  rule({ id: 'm-06001-stop', classCode: '06001', filingCondition: 'stop', departmentId: 'enforcement', limit: { amount: 4, unit: 'working_hours' } }),
  rule({ id: 'm-06001-demolish', classCode: '06001', filingCondition: 'demolish', departmentId: 'enforcement', limit: { amount: 20, unit: 'working_days' } }),
  // Component 01001 (manhole cover): the water company by default; same class code as no matter here.
  rule({ id: 'c-01001', kind: 'component', classCode: '01001', departmentId: 'water', coDepartmentIds: ['traffic-police'], limit: { amount: 6, unit: 'clock_hours' } }),
  // Component 03001 (litter bin): a locality job.
  rule({ id: 'c-03001', kind: 'component', classCode: '03001', departmentId: null, limit: { amount: 1, unit: 'working_days' } }),
];

const matter = (over: Partial<RoutingQuery> = {}): RoutingQuery => ({ kind: 'matter', classCode: '09006', streetCode: QINGNIAN, ...over });
const component = (over: Partial<RoutingQuery> = {}): RoutingQuery => ({ kind: 'component', classCode: '01001', streetCode: QINGNIAN, ...over });

describe('rule matching and specificity', () => {
  it('matches on kind and class, and on every optional field the rule sets', () => {
    expect(ruleMatches(RULES[0], matter())).toBe(true);
    expect(ruleMatches(RULES[0], { ...matter(), kind: 'component' })).toBe(false);
    expect(ruleMatches(RULES[1], matter({ streetCode: ZHENGYANG, areaClass: 'A' }))).toBe(true);
    expect(ruleMatches(RULES[1], matter({ streetCode: ZHENGYANG, areaClass: 'B' }))).toBe(false);
    expect(ruleMatches(RULES[1], matter({ streetCode: ZHENGYANG }))).toBe(false); // query lacks the area class
  });
  it('counts set optional fields, treating null, undefined and empty strings as unset', () => {
    expect(specificity(RULES[0])).toBe(0);
    expect(specificity(RULES[1])).toBe(2);
    expect(specificity(rule({ id: 'x', filingCondition: '', areaClass: null }))).toBe(0);
  });
  it('prefers the more specific rule whatever its position', () => {
    const q = matter({ streetCode: ZHENGYANG, areaClass: 'A' });
    expect(bestRule(RULES, q)?.id).toBe('m-09006-zy-A');
    expect(bestRule([...RULES].reverse(), q)?.id).toBe('m-09006-zy-A');
  });
  it('breaks ties by the smallest id, then by list position', () => {
    const a = rule({ id: 'a', areaClass: 'B', departmentId: 'dept-a' });
    const b = rule({ id: 'b', streetCode: QINGNIAN, departmentId: 'dept-b' });
    const q = matter({ areaClass: 'B' });
    expect(bestRule([b, a], q)?.id).toBe('a');
    expect(bestRule([a, b], q)?.id).toBe('a');
    const a2 = { ...a, departmentId: 'dept-a2' };
    expect(bestRule([a2, a], q)?.departmentId).toBe('dept-a2');
  });
  it('returns null when nothing matches', () => {
    expect(bestRule(RULES, matter({ classCode: '07001' }))).toBeNull();
    expect(bestRule([], matter())).toBeNull();
  });
});

describe('responsibilityFor: components (先属主、后属地)', () => {
  it('sends the case to a known owner, with the limit and co-departments of the best rule', () => {
    expect(responsibilityFor(RULES, component({ componentOwnerDepartmentId: 'heating-co' }), localityOf)).toEqual({
      departmentId: 'heating-co',
      coDepartmentIds: ['traffic-police'],
      limit: { amount: 6, unit: 'clock_hours' },
      basis: 'owner',
      ruleId: 'c-01001',
    });
  });
  it('sends it to the known owner even when no rule matches', () => {
    expect(responsibilityFor(RULES, component({ classCode: '05001', componentOwnerDepartmentId: 'owner-x' }), localityOf)).toEqual({
      departmentId: 'owner-x',
      coDepartmentIds: [],
      limit: null,
      basis: 'owner',
      ruleId: null,
    });
  });
  it('drops the owner from the co-departments when it is also listed there', () => {
    const r = responsibilityFor(RULES, component({ componentOwnerDepartmentId: 'traffic-police' }), localityOf);
    expect(r.coDepartmentIds).toEqual([]);
  });
  it('uses the rule’s department when the owner is unknown', () => {
    for (const owner of [undefined, null, '']) {
      const r = responsibilityFor(RULES, component({ componentOwnerDepartmentId: owner }), localityOf);
      expect([r.departmentId, r.basis, r.ruleId]).toEqual(['water', 'rule', 'c-01001']);
    }
  });
  it('gives it to the street office when the rule names no department', () => {
    const r = responsibilityFor(RULES, component({ classCode: '03001' }), localityOf);
    expect(r).toEqual({
      departmentId: `street-office-${QINGNIAN}`,
      coDepartmentIds: [],
      limit: { amount: 1, unit: 'working_days' },
      basis: 'locality',
      ruleId: 'c-03001',
    });
  });
  it('falls back to the street office when no rule matches and the owner is unknown', () => {
    const r = responsibilityFor(RULES, component({ classCode: '05001' }), localityOf);
    expect(r).toEqual({ departmentId: `street-office-${QINGNIAN}`, coDepartmentIds: [], limit: null, basis: 'fallback', ruleId: null });
  });
});

describe('responsibilityFor: matters (先属地、后属主)', () => {
  it('gives it to the street office when the rule says the locality handles', () => {
    const r = responsibilityFor(RULES, matter(), localityOf);
    expect(r).toEqual({
      departmentId: `street-office-${QINGNIAN}`,
      coDepartmentIds: ['enforcement'],
      limit: { amount: 4, unit: 'working_hours' },
      basis: 'locality',
      ruleId: 'm-09006',
    });
  });
  it('sends it to the department a rule names, choosing the more specific rule', () => {
    const r = responsibilityFor(RULES, matter({ streetCode: ZHENGYANG, areaClass: 'A' }), localityOf);
    expect(r).toEqual({
      departmentId: 'enforcement',
      coDepartmentIds: ['market'],
      limit: { amount: 2, unit: 'working_hours' },
      basis: 'rule',
      ruleId: 'm-09006-zy-A',
    });
  });
  it('picks the limit of the filing condition', () => {
    expect(responsibilityFor(RULES, matter({ classCode: '06001', filingCondition: 'stop' }), localityOf).limit).toEqual({ amount: 4, unit: 'working_hours' });
    expect(responsibilityFor(RULES, matter({ classCode: '06001', filingCondition: 'demolish' }), localityOf).limit).toEqual({ amount: 20, unit: 'working_days' });
  });
  it('ignores a component owner for matters', () => {
    const r = responsibilityFor(RULES, matter({ componentOwnerDepartmentId: 'heating-co' }), localityOf);
    expect([r.departmentId, r.basis]).toEqual([`street-office-${QINGNIAN}`, 'locality']);
  });
  it('falls back to the street office of the case’s street when no rule matches (属地兜底)', () => {
    const r = responsibilityFor(RULES, matter({ classCode: '06001', filingCondition: 'other', streetCode: ZHENGYANG }), localityOf);
    expect(r).toEqual({ departmentId: `street-office-${ZHENGYANG}`, coDepartmentIds: [], limit: null, basis: 'fallback', ruleId: null });
  });
  it('does not match a component rule to a matter with the same class code', () => {
    expect(responsibilityFor(RULES, matter({ classCode: '01001' }), localityOf).basis).toBe('fallback');
  });
});

describe('responsibilityFor: the locality lookup', () => {
  it('is consulted only when the locality is chosen', () => {
    const spy = vi.fn(localityOf);
    responsibilityFor(RULES, component(), spy);
    expect(spy).not.toHaveBeenCalled();
    responsibilityFor(RULES, matter(), spy);
    expect(spy).toHaveBeenCalledWith(QINGNIAN);
  });
  it('fails loudly when the street has no office', () => {
    expect(() => responsibilityFor(RULES, matter(), () => '')).toThrow(/No street office is known for street 220106002/);
  });
  it('returns a copy of the limit, not the rule’s own object', () => {
    const r = responsibilityFor(RULES, matter(), localityOf);
    r.limit!.amount = 99;
    expect(RULES[0].limit!.amount).toBe(4);
  });
});

// Small value pools so that random rules and queries actually collide.
const kindArb = fc.constantFrom('component' as const, 'matter' as const);
const classArb = fc.constantFrom('01001', '06001', '09006');
const streetArb = fc.constantFrom(ZHENGYANG, QINGNIAN, '220106003');
const deptArb = fc.constantFrom('water', 'enforcement', 'market', 'traffic-police');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const ruleArb = fc.record({
  id: fc.stringMatching(/^r[0-9]{1,2}$/),
  kind: kindArb,
  classCode: classArb,
  filingCondition: opt(fc.constantFrom('stop', 'demolish')),
  areaClass: opt(fc.constantFrom('A' as const, 'B' as const, 'C' as const)),
  streetCode: opt(streetArb),
  departmentId: opt(deptArb),
  coDepartmentIds: fc.array(deptArb, { maxLength: 3 }),
  limit: opt(fc.record({ amount: fc.nat(30), unit: fc.constantFrom('working_hours' as const, 'working_days' as const) })),
});
const queryArb = fc.record({
  kind: kindArb,
  classCode: classArb,
  filingCondition: opt(fc.constantFrom('stop', 'demolish')),
  areaClass: opt(fc.constantFrom('A' as const, 'B' as const, 'C' as const)),
  streetCode: streetArb,
  componentOwnerDepartmentId: opt(fc.constantFrom('owner-1', 'owner-2')),
});

describe('routing properties', () => {
  it('always names a department, never repeated among the co-departments', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), queryArb, (rules, q) => {
        const r = responsibilityFor(rules, q, localityOf);
        expect(typeof r.departmentId).toBe('string');
        expect(r.departmentId.length).toBeGreaterThan(0);
        expect(r.coDepartmentIds).not.toContain(r.departmentId);
        expect(new Set(r.coDepartmentIds).size).toBe(r.coDepartmentIds.length);
      }),
    );
  });
  it('the locality and fallback branches return the street office of the case’s street', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), queryArb, (rules, q) => {
        const r = responsibilityFor(rules, q, localityOf);
        if (r.basis === 'locality' || r.basis === 'fallback') expect(r.departmentId).toBe(localityOf(q.streetCode));
        const noRule = !rules.some((x) => ruleMatches(x, q));
        const ownerKnown = q.kind === 'component' && q.componentOwnerDepartmentId != null;
        if (noRule && !ownerKnown) expect(r).toMatchObject({ basis: 'fallback', departmentId: localityOf(q.streetCode), ruleId: null, limit: null });
      }),
    );
  });
  it('the chosen rule matches and no matching rule is more specific', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), queryArb, (rules, q) => {
        const best = bestRule(rules, q);
        const matching = rules.filter((x) => ruleMatches(x, q));
        if (best === null) expect(matching).toEqual([]);
        else {
          expect(ruleMatches(best, q)).toBe(true);
          for (const x of matching) expect(specificity(x)).toBeLessThanOrEqual(specificity(best));
        }
      }),
    );
  });
  it('does not depend on the order of the rules when ids are unique', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ruleArb, { maxLength: 12, selector: (r) => r.id }),
        queryArb,
        fc.integer(),
        (rules, q, seed) => {
          const shuffled = [...rules].sort((a, b) => ((hash(a.id) ^ seed) >>> 0) - ((hash(b.id) ^ seed) >>> 0));
          expect(responsibilityFor(shuffled, q, localityOf)).toEqual(responsibilityFor(rules, q, localityOf));
        },
      ),
    );
  });
});

function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h;
}
