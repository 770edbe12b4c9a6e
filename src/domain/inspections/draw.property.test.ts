// Fairness of the double-random draw: over many seeds every eligible target, and every inspector eligible for a drawn
// target, comes up as often as uniform chance says, within a fixed bound. Deterministic (fixed fast-check seed and fixed
// draw seeds), so it cannot flake; a deliberately biased drawer fails the same check, so the check has teeth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eligibility, HashStream, performDraw, sample, type DrawInputs, type DrawResult } from './draw';

const RUNS = 800;
const SEEDS = Array.from({ length: RUNS }, (_, i) => `fairness-${i}`);
const code = (p: string, i: number) => `${p}${String(i).padStart(3, '0')}`;

interface Config {
  inputs: DrawInputs;
}

const configs: fc.Arbitrary<Config> = fc
  .record({ nT: fc.integer({ min: 3, max: 14 }), nI: fc.integer({ min: 3, max: 9 }) })
  .chain(({ nT, nI }) =>
    fc.record({
      nT: fc.constant(nT),
      nI: fc.constant(nI),
      per: fc.integer({ min: 2, max: Math.min(3, nI - 1) }),
      sample: fc.integer({ min: 1, max: Math.max(1, Math.floor(nT / 2)) }),
      conflicts: fc.array(fc.tuple(fc.integer({ min: 0, max: nI - 1 }), fc.integer({ min: 0, max: nT - 1 })), { maxLength: 4 }),
      previous: fc.array(fc.tuple(fc.integer({ min: 0, max: nT - 1 }), fc.integer({ min: 0, max: nI - 1 })), { maxLength: 3 }),
    }),
  )
  .map((g) => ({
    inputs: {
      version: 1 as const,
      sector: 'fire',
      rules: { sampleSize: g.sample, inspectorsPerTarget: g.per },
      targets: Array.from({ length: g.nT }, (_, i) => ({ code: code('T', i), name: `t${i}` })),
      inspectors: Array.from({ length: g.nI }, (_, i) => code('J', i)),
      conflicts: g.conflicts.map(([i, t]) => [code('J', i), code('T', t)] as [string, string]),
      previous: g.previous.map(([t, i]) => [code('T', t), [code('J', i)]] as [string, string[]]),
    },
  }))
  .filter(({ inputs }) => eligibility(inputs).eligibleTargets.length >= inputs.rules.sampleSize);

/**
 * Departures from uniform frequencies beyond the bound: |observed − expected| > 5σ + 1, where for a target
 * σ² = R·p(1−p) with p = k / eligible targets, and for an inspector (who may serve several drawn targets in one draw)
 * σ² ≤ R·k·(expected per draw). Targets that cannot be staffed must never be drawn.
 */
function unfairness(inputs: DrawInputs, draw: (inputs: DrawInputs, seed: string) => Pick<DrawResult, 'assignments'>): string[] {
  const e = eligibility(inputs);
  const k = inputs.rules.sampleSize;
  const per = inputs.rules.inspectorsPerTarget;
  const nE = e.eligibleTargets.length;
  const targetCount = new Map<string, number>();
  const inspectorCount = new Map<string, number>();
  for (const seed of SEEDS) {
    for (const a of draw(inputs, seed).assignments) {
      targetCount.set(a.target, (targetCount.get(a.target) ?? 0) + 1);
      for (const i of a.inspectors) inspectorCount.set(i, (inspectorCount.get(i) ?? 0) + 1);
    }
  }
  const problems: string[] = [];
  const p = k / nE;
  for (const t of inputs.targets) {
    const observed = targetCount.get(t.code) ?? 0;
    if (!e.eligibleTargets.includes(t.code)) {
      if (observed) problems.push(`${t.code} cannot be staffed but was drawn ${observed}×`);
      continue;
    }
    const expected = RUNS * p;
    const bound = 5 * Math.sqrt(RUNS * p * (1 - p)) + 1;
    if (Math.abs(observed - expected) > bound) problems.push(`target ${t.code}: ${observed} vs ${expected.toFixed(1)} ± ${bound.toFixed(1)}`);
  }
  for (const i of inputs.inspectors) {
    const perDraw = e.eligibleTargets.reduce((s, t) => {
      const list = e.inspectorsFor.get(t)!;
      return s + (list.includes(i) ? (k / nE) * (per / list.length) : 0);
    }, 0);
    const observed = inspectorCount.get(i) ?? 0;
    const expected = RUNS * perDraw;
    const bound = 5 * Math.sqrt(RUNS * k * perDraw) + 1;
    if (Math.abs(observed - expected) > bound) problems.push(`inspector ${i}: ${observed} vs ${expected.toFixed(1)} ± ${bound.toFixed(1)}`);
  }
  return problems;
}

describe('fairness of the draw', () => {
  it('draws every eligible target and inspector with uniform frequency over many seeds', () => {
    fc.assert(
      fc.property(configs, ({ inputs }) => {
        expect(unfairness(inputs, performDraw)).toEqual([]);
      }),
      { seed: 4242, numRuns: 25 },
    );
  });

  it('the same check fails a drawer that favours the first codes, and one that ignores some inspectors', () => {
    const inputs: DrawInputs = {
      version: 1,
      sector: 'fire',
      rules: { sampleSize: 3, inspectorsPerTarget: 2 },
      targets: Array.from({ length: 10 }, (_, i) => ({ code: code('T', i), name: `t${i}` })),
      inspectors: Array.from({ length: 6 }, (_, i) => code('J', i)),
      conflicts: [],
      previous: [],
    };
    const favoursLow = (inp: DrawInputs, seed: string) => {
      const s = new HashStream(seed);
      const e = eligibility(inp);
      const pool = [...e.eligibleTargets];
      const chosen: string[] = [];
      while (chosen.length < inp.rules.sampleSize) {
        // min of two uniform picks: lower codes come up more often
        const j = Math.min(s.uniform(pool.length), s.uniform(pool.length));
        chosen.push(pool.splice(j, 1)[0]);
      }
      return { assignments: chosen.map((t) => ({ target: t, inspectors: sample(s, e.inspectorsFor.get(t)!, 2) })) };
    };
    const skipsLast = (inp: DrawInputs, seed: string) => {
      const r = performDraw(inp, seed);
      const s = new HashStream(`${seed}/x`);
      return { assignments: r.assignments.map((a) => ({ target: a.target, inspectors: sample(s, inp.inspectors.slice(0, -1), 2) })) };
    };
    expect(unfairness(inputs, performDraw)).toEqual([]);
    expect(unfairness(inputs, favoursLow).some((p) => p.startsWith('target'))).toBe(true);
    expect(unfairness(inputs, skipsLast).some((p) => p.startsWith('inspector J005'))).toBe(true);
  });
});
