// The double-random draw: SHA-256 against Node's, reproducibility, the rules (two inspectors, no conflicts, nobody on
// the same target twice running), the commit → reveal verification and what tampering it catches.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GB47678_5_CLASSES } from '../catalogue';
import {
  assertDrawable,
  canonicalInputs,
  canonicalJson,
  commitmentOf,
  deriveDrawSeed,
  DrawError,
  eligibility,
  HashStream,
  inputsHash,
  performDraw,
  ruleViolations,
  verifyDraw,
  type DrawInputs,
} from './draw';
import { DEFAULT_CHECKLISTS, findingsOf, recordProblems, rectifyBy, SECTORS } from './sectors';
import { sha256Hex } from './sha256';

const nodeSha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

export function inputsOf(nTargets: number, nInspectors: number, rules = { sampleSize: 3, inspectorsPerTarget: 2 }, extra: Partial<DrawInputs> = {}): DrawInputs {
  return {
    version: 1,
    sector: 'gas',
    rules,
    targets: Array.from({ length: nTargets }, (_, i) => ({ code: `T${String(i).padStart(3, '0')}`, name: `对象${i}` })),
    inspectors: Array.from({ length: nInspectors }, (_, i) => `J${String(i).padStart(3, '0')}`),
    conflicts: [],
    previous: [],
    ...extra,
  };
}

describe('sha256', () => {
  it('matches the FIPS test vectors and Node on any text, including multi-block and CJK', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
      expect(sha256Hex(s)).toBe(nodeSha(s));
    }), { seed: 11, numRuns: 300 });
  });
});

describe('the random stream', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = new HashStream('s1');
    const b = new HashStream('s1');
    const c = new HashStream('s2');
    const xs = Array.from({ length: 20 }, () => a.uniform(1000));
    expect(Array.from({ length: 20 }, () => b.uniform(1000))).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.uniform(1000))).not.toEqual(xs);
  });

  it('reads SHA-256(seed:block) as big-endian words, so that others can reimplement it', () => {
    const s = new HashStream('abc');
    const block0 = nodeSha('abc:0');
    expect(s.word()).toBe(parseInt(block0.slice(0, 8), 16));
    expect(s.word()).toBe(parseInt(block0.slice(8, 16), 16));
    for (let i = 2; i < 8; i++) s.word();
    expect(s.word()).toBe(parseInt(nodeSha('abc:1').slice(0, 8), 16));
    expect(() => s.uniform(0)).toThrow(RangeError);
  });
});

describe('performDraw', () => {
  it('is a pure function of (seed, inputs): same result every time, in any input order', () => {
    const inputs = inputsOf(12, 6, { sampleSize: 4, inspectorsPerTarget: 2 }, { conflicts: [['J001', 'T003']], previous: [['T004', ['J002', 'J003']]] });
    const shuffled: DrawInputs = { ...inputs, targets: [...inputs.targets].reverse(), inspectors: [...inputs.inspectors].reverse(), conflicts: [...inputs.conflicts, ['J001', 'T003']] };
    const a = performDraw(inputs, 'seed-1');
    expect(performDraw(inputs, 'seed-1')).toEqual(a);
    expect(performDraw(shuffled, 'seed-1')).toEqual(a);
    expect(inputsHash(shuffled)).toBe(inputsHash(inputs));
    expect(performDraw(inputs, 'seed-2').assignments).not.toEqual(a.assignments);
    expect(a.assignments).toHaveLength(4);
  });

  it('keeps the rules on random inputs and seeds: distinct targets, ≥ 2 distinct qualified inspectors, no conflict, nobody twice running', () => {
    const arb = fc
      .record({ nT: fc.integer({ min: 1, max: 25 }), nI: fc.integer({ min: 2, max: 10 }), per: fc.integer({ min: 2, max: 4 }), seed: fc.string({ maxLength: 20 }) })
      .chain(({ nT, nI, per, seed }) =>
        fc.record({
          nT: fc.constant(nT),
          nI: fc.constant(nI),
          per: fc.constant(per),
          seed: fc.constant(seed),
          sample: fc.integer({ min: 1, max: nT }),
          conflicts: fc.array(fc.tuple(fc.integer({ min: 0, max: nI - 1 }), fc.integer({ min: 0, max: nT - 1 })), { maxLength: 15 }),
          previous: fc.array(fc.tuple(fc.integer({ min: 0, max: nT - 1 }), fc.array(fc.integer({ min: 0, max: nI - 1 }), { maxLength: 3 })), { maxLength: 8 }),
        }),
      );
    fc.assert(
      fc.property(arb, (g) => {
        const code = (p: string, i: number) => `${p}${String(i).padStart(3, '0')}`;
        const inputs = inputsOf(g.nT, g.nI, { sampleSize: g.sample, inspectorsPerTarget: g.per }, {
          conflicts: g.conflicts.map(([i, t]) => [code('J', i), code('T', t)]),
          previous: g.previous.map(([t, is]) => [code('T', t), is.map((i) => code('J', i))]),
        });
        const e = eligibility(inputs);
        if (e.eligibleTargets.length < g.sample) {
          expect(() => performDraw(inputs, g.seed)).toThrow(DrawError);
          return;
        }
        const r = performDraw(inputs, g.seed);
        expect(ruleViolations(inputs, r)).toEqual([]);
        expect(r.assignments.every((a) => a.inspectors.length === g.per)).toBe(true);
      }),
      { seed: 20260701, numRuns: 400 },
    );
  });

  it('excludes declared conflicts and the previous inspectors of a target, and refuses rules it cannot keep', () => {
    // T000 can only get J002 and J003: J000 has a conflict, J001 inspected it last time.
    const inputs = inputsOf(1, 4, { sampleSize: 1, inspectorsPerTarget: 2 }, { conflicts: [['J000', 'T000']], previous: [['T000', ['J001']]] });
    for (const seed of ['a', 'b', 'c', 'd', 'e']) expect([...performDraw(inputs, seed).assignments[0].inspectors].sort()).toEqual(['J002', 'J003']);
    // With a third inspector wanted, nobody can staff it.
    expect(() => assertDrawable({ ...inputs, rules: { sampleSize: 1, inspectorsPerTarget: 3 } })).toThrow(/TOO_FEW|can be staffed/);
    expect(eligibility({ ...inputs, rules: { sampleSize: 1, inspectorsPerTarget: 3 } }).ineligible).toEqual([{ target: 'T000', eligibleInspectors: 2 }]);
    try {
      assertDrawable(inputsOf(3, 4, { sampleSize: 1, inspectorsPerTarget: 1 }));
      expect.unreachable();
    } catch (e) {
      expect((e as DrawError).code).toBe('INVALID_RULES'); // one inspector alone may not inspect
    }
    expect(() => canonicalInputs({ ...inputs, inspectors: ['J000', 'J000'] })).toThrow(/twice/);
  });

  it('ruleViolations catches a result that breaks the rules', () => {
    const inputs = inputsOf(3, 3, { sampleSize: 2, inspectorsPerTarget: 2 }, { conflicts: [['J000', 'T000']], previous: [['T001', ['J001']]] });
    expect(ruleViolations(inputs, { assignments: [{ target: 'T000', inspectors: ['J000', 'J002'] }, { target: 'T001', inspectors: ['J001', 'J001'] }] })).toEqual([
      { kind: 'conflict', target: 'T000', inspector: 'J000' },
      { kind: 'inspectorListedTwice', target: 'T001' },
      { kind: 'inspectedLastTime', target: 'T001', inspector: 'J001' },
      { kind: 'inspectedLastTime', target: 'T001', inspector: 'J001' },
    ]);
    expect(ruleViolations(inputs, { assignments: [{ target: 'T009', inspectors: ['J009', 'J002'] }, { target: 'T009', inspectors: ['J002'] }] })).toEqual([
      { kind: 'notCandidate', target: 'T009' },
      { kind: 'notInPool', target: 'T009', inspector: 'J009' },
      { kind: 'notCandidate', target: 'T009' },
      { kind: 'drawnTwice', target: 'T009' },
      { kind: 'tooFewInspectors', target: 'T009', count: 1, required: 2 },
    ]);
    expect(ruleViolations(inputs, { assignments: [{ target: 'T002', inspectors: ['J000', 'J002'] }] })).toEqual([{ kind: 'sampleSize', drawn: 1, required: 2 }]);
  });
});

describe('commit → reveal → verify', () => {
  const inputs = inputsOf(10, 6, { sampleSize: 3, inspectorsPerTarget: 2 }, { conflicts: [['J001', 'T002']] });
  const secret = 'f'.repeat(64);
  const witness = '07 12 19 23 31 + 05';
  const commitment = commitmentOf(secret);
  const hash = inputsHash(inputs);
  const result = performDraw(inputs, deriveDrawSeed(secret, witness));
  const published = { commitment, inputsHash: hash, inputs, secret, witness, result };

  it('verifies an honest draw', () => {
    const v = verifyDraw(published);
    expect(v).toMatchObject({ commitmentMatches: true, inputsMatch: true, seedMatches: true, resultMatches: true, ruleViolations: [], ok: true });
    expect(commitment).toBe(nodeSha(secret));
    expect(hash).toBe(nodeSha(canonicalJson(canonicalInputs(inputs))));
  });

  it('catches a changed secret, changed lists, a changed witness and a changed result', () => {
    expect(verifyDraw({ ...published, secret: 'e'.repeat(64) })).toMatchObject({ commitmentMatches: false, ok: false });
    expect(verifyDraw({ ...published, inputs: { ...inputs, targets: inputs.targets.slice(1) } })).toMatchObject({ inputsMatch: false, ok: false });
    expect(verifyDraw({ ...published, witness: 'other' })).toMatchObject({ seedMatches: false, ok: false });
    const swapped = result.assignments.map((a, i) => (i === 0 ? { ...a, inspectors: [...a.inspectors].reverse() } : a));
    expect(verifyDraw({ ...published, result: { ...result, assignments: swapped } })).toMatchObject({ resultMatches: false, ok: false });
  });
});

describe('checklists and records', () => {
  it('every default checklist item files its finding under a matter class of the catalogue', () => {
    const matters = new Set(GB47678_5_CLASSES.filter((c) => c.kind === 'matter').map((c) => c.code));
    for (const s of SECTORS) {
      expect(DEFAULT_CHECKLISTS[s].length).toBeGreaterThan(2);
      for (const item of DEFAULT_CHECKLISTS[s]) expect(matters.has(item.classCode), `${s} ${item.code} ${item.classCode}`).toBe(true);
    }
  });

  it('a record answers every item once; failed items get their deadline in natural days', () => {
    const list = DEFAULT_CHECKLISTS.fire;
    const all = list.map((c) => ({ code: c.code, passed: c.code !== 'F02' }));
    expect(recordProblems(list, all)).toEqual([]);
    expect(recordProblems(list, all.slice(1))).toEqual(['item F01 not answered']);
    expect(recordProblems(list, [...all, { code: 'X9', passed: true }, all[0]])).toEqual(['unknown item X9', 'item F01 answered twice']);
    expect(rectifyBy('2026-02-27', 3)).toBe('2026-03-02');
    expect(findingsOf(list, [...all.slice(0, 1), { code: 'F02', passed: false, note: '灭火器过期' }, ...all.slice(2)], '2026-05-30')).toEqual([
      { item: list[1], note: '灭火器过期', rectifyBy: '2026-06-02' },
    ]);
  });
});
