// 双随机 ("double random") draw: inspection targets drawn at random from the register and inspectors drawn at random
// from the qualified pool, under rules, reproducibly. Pure: the result is a function of (seed, candidate lists, rules)
// only, so anyone holding the published inputs can recompute it (the public verify page does, in the browser).
//
// The protocol (commit → reveal), as the server runs it:
//  1. Commit: the candidate lists and rules are frozen into `DrawInputs` and published with their hash
//     (inputsHash = SHA-256 of the canonical JSON), together with commitment = SHA-256(secret), a 256-bit secret the
//     server keeps until the draw. Nothing published lets anyone predict the draw; changing the lists afterwards
//     would change inputsHash.
//  2. Draw: a witness value is entered at the draw (e.g. numbers called out by the supervising official or a public
//     lottery result announced after the commitment). drawSeed = SHA-256("wangge-draw-v1|" + secret + "|" + witness).
//     The server could not pick a convenient secret (it committed before the witness was known) and the witness
//     cannot steer the result without knowing the secret.
//  3. Publish: secret, witness and result. Verification: SHA-256(secret) = commitment, hash(inputs) = inputsHash, and
//     performDraw(inputs, drawSeed) = the published result.
//
// The random stream: block b = SHA-256(drawSeed + ":" + b) for b = 0, 1, 2 …, each block read as 8 big-endian
// unsigned 32-bit words in order. uniform(n) takes words until one is below 2^32 − (2^32 mod n) and returns it mod n
// (no modulo bias). Draws use a partial Fisher–Yates shuffle over lists sorted by code: for i = 0 … k−1, swap item i
// with item i + uniform(m − i); the first k items are the sample, in draw order.
import { sha256Hex, sha256Words } from './sha256';

/** Every target gets at least two inspectors (执法检查不少于两人). */
export const MIN_INSPECTORS_PER_TARGET = 2;
export const DRAW_PROTOCOL = 'wangge-draw-v1';

export interface DrawRules {
  /** How many targets to draw. */
  sampleSize: number;
  /** How many inspectors to draw for each target (at least MIN_INSPECTORS_PER_TARGET). */
  inspectorsPerTarget: number;
}

/** Everything the draw depends on besides the seed: published at commit time, hashed into inputsHash. */
export interface DrawInputs {
  version: 1;
  sector: string;
  rules: DrawRules;
  /** The register's inspectable entities of the sector (code and public name). */
  targets: { code: string; name: string }[];
  /** Pool codes of the inspectors qualified for the sector (no names: codes are public, people are not). */
  inspectors: string[];
  /** Declared conflicts of interest: [inspector code, target code]. */
  conflicts: [string, string][];
  /** The inspectors of each target's most recent inspection: [target code, inspector codes] (no one twice running). */
  previous: [string, string[]][];
}

export interface DrawAssignment {
  target: string;
  inspectors: string[];
}

export interface DrawResult {
  drawSeed: string;
  /** In draw order. */
  assignments: DrawAssignment[];
}

export type DrawErrorCode = 'INVALID_RULES' | 'DUPLICATE_CODE' | 'TOO_FEW_TARGETS';

export class DrawError extends Error {
  constructor(
    readonly code: DrawErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DrawError';
  }
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The inputs in canonical form: lists sorted by code, duplicates of conflicts and previous merged. Throws on repeated codes. */
export function canonicalInputs(inputs: DrawInputs): DrawInputs {
  const targets = [...inputs.targets].map((t) => ({ code: t.code, name: t.name })).sort((a, b) => byString(a.code, b.code));
  const inspectors = [...inputs.inspectors].sort(byString);
  for (let i = 1; i < targets.length; i++) if (targets[i].code === targets[i - 1].code) throw new DrawError('DUPLICATE_CODE', `target ${targets[i].code} listed twice`);
  for (let i = 1; i < inspectors.length; i++) if (inspectors[i] === inspectors[i - 1]) throw new DrawError('DUPLICATE_CODE', `inspector ${inspectors[i]} listed twice`);
  const conflicts = [...new Set(inputs.conflicts.map(([i, t]) => JSON.stringify([i, t])))].map((s) => JSON.parse(s) as [string, string]).sort((a, b) => byString(a[0], b[0]) || byString(a[1], b[1]));
  const prev = new Map<string, Set<string>>();
  for (const [t, is] of inputs.previous) {
    const set = prev.get(t) ?? new Set<string>();
    for (const i of is) set.add(i);
    prev.set(t, set);
  }
  const previous = [...prev].filter(([, s]) => s.size > 0).map(([t, s]) => [t, [...s].sort(byString)] as [string, string[]]).sort((a, b) => byString(a[0], b[0]));
  return {
    version: 1,
    sector: inputs.sector,
    rules: { sampleSize: inputs.rules.sampleSize, inspectorsPerTarget: inputs.rules.inspectorsPerTarget },
    targets,
    inspectors,
    conflicts,
    previous,
  };
}

/** JSON with object keys sorted at every level: the exact text that inputsHash is taken of. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byString(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function inputsHash(inputs: DrawInputs): string {
  return sha256Hex(canonicalJson(canonicalInputs(inputs)));
}

/** The published commitment to a secret seed. */
export function commitmentOf(secret: string): string {
  return sha256Hex(secret);
}

/** The seed of the draw, from the committed secret and the witness value entered at the draw. */
export function deriveDrawSeed(secret: string, witness: string): string {
  return sha256Hex(`${DRAW_PROTOCOL}|${secret}|${witness}`);
}

/** The random stream of a seed (see the protocol above). */
export class HashStream {
  private block = 0;
  private words: Uint32Array = new Uint32Array(0);
  private next = 0;
  private readonly encoder = new TextEncoder();
  constructor(private readonly seed: string) {}

  word(): number {
    if (this.next >= this.words.length) {
      this.words = sha256Words(this.encoder.encode(`${this.seed}:${this.block++}`));
      this.next = 0;
    }
    return this.words[this.next++];
  }

  /** A uniform integer in [0, n). */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`uniform(${n})`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const w = this.word();
      if (w < limit) return w % n;
    }
  }
}

/** The first k items of a partial Fisher–Yates shuffle of `items` (not changed). */
export function sample<T>(stream: HashStream, items: readonly T[], k: number): T[] {
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + stream.uniform(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

export interface Eligibility {
  /** Inspector codes each target may get: qualified, no declared conflict, not among its previous inspectors. */
  inspectorsFor: Map<string, string[]>;
  /** Targets with enough eligible inspectors, sorted by code. */
  eligibleTargets: string[];
  /** Targets that cannot be staffed under the rules, with how many inspectors they could have. */
  ineligible: { target: string; eligibleInspectors: number }[];
}

export function eligibility(inputs: DrawInputs): Eligibility {
  const c = canonicalInputs(inputs);
  const excluded = new Map<string, Set<string>>();
  const exclude = (t: string, i: string) => excluded.set(t, (excluded.get(t) ?? new Set()).add(i));
  for (const [i, t] of c.conflicts) exclude(t, i);
  for (const [t, is] of c.previous) for (const i of is) exclude(t, i);
  const inspectorsFor = new Map<string, string[]>();
  const eligibleTargets: string[] = [];
  const ineligible: Eligibility['ineligible'] = [];
  for (const t of c.targets) {
    const out = excluded.get(t.code);
    const list = out ? c.inspectors.filter((i) => !out.has(i)) : c.inspectors;
    inspectorsFor.set(t.code, list);
    if (list.length >= c.rules.inspectorsPerTarget) eligibleTargets.push(t.code);
    else ineligible.push({ target: t.code, eligibleInspectors: list.length });
  }
  return { inspectorsFor, eligibleTargets, ineligible };
}

/** Throws DrawError unless the rules can be met with these inputs. */
export function assertDrawable(inputs: DrawInputs): Eligibility {
  const { sampleSize, inspectorsPerTarget } = inputs.rules;
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new DrawError('INVALID_RULES', `sampleSize must be a positive integer, not ${sampleSize}`);
  if (!Number.isInteger(inspectorsPerTarget) || inspectorsPerTarget < MIN_INSPECTORS_PER_TARGET)
    throw new DrawError('INVALID_RULES', `inspectorsPerTarget must be an integer ≥ ${MIN_INSPECTORS_PER_TARGET}, not ${inspectorsPerTarget}`);
  const e = eligibility(inputs);
  if (e.eligibleTargets.length < sampleSize)
    throw new DrawError('TOO_FEW_TARGETS', `${sampleSize} targets wanted, ${e.eligibleTargets.length} can be staffed with ${inspectorsPerTarget} eligible inspectors each`);
  return e;
}

/** The draw: `sampleSize` targets uniformly from the eligible ones, then for each (in draw order) its inspectors uniformly from those eligible for it. */
export function performDraw(inputs: DrawInputs, drawSeed: string): DrawResult {
  const e = assertDrawable(inputs);
  const stream = new HashStream(drawSeed);
  const targets = sample(stream, e.eligibleTargets, inputs.rules.sampleSize);
  const assignments = targets.map((target) => ({ target, inspectors: sample(stream, e.inspectorsFor.get(target)!, inputs.rules.inspectorsPerTarget) }));
  return { drawSeed, assignments };
}

/** One way a published result breaks the rules: data, so that each reader words it in their own language. */
export type RuleViolation =
  | { kind: 'sampleSize'; drawn: number; required: number }
  | { kind: 'notCandidate'; target: string }
  | { kind: 'drawnTwice'; target: string }
  | { kind: 'inspectorListedTwice'; target: string }
  | { kind: 'tooFewInspectors'; target: string; count: number; required: number }
  | { kind: 'notInPool'; target: string; inspector: string }
  | { kind: 'conflict'; target: string; inspector: string }
  | { kind: 'inspectedLastTime'; target: string; inspector: string };

/** What is wrong with a result under the rules (empty when it keeps them all). Independent of how it was drawn. */
export function ruleViolations(inputs: DrawInputs, result: Pick<DrawResult, 'assignments'>): RuleViolation[] {
  const c = canonicalInputs(inputs);
  const problems: RuleViolation[] = [];
  const targets = new Set(c.targets.map((t) => t.code));
  const pool = new Set(c.inspectors);
  const conflict = new Set(c.conflicts.map(([i, t]) => `${i}|${t}`));
  const previous = new Map(c.previous.map(([t, is]) => [t, new Set(is)]));
  const required = Math.max(MIN_INSPECTORS_PER_TARGET, c.rules.inspectorsPerTarget);
  const seen = new Set<string>();
  if (result.assignments.length !== c.rules.sampleSize) problems.push({ kind: 'sampleSize', drawn: result.assignments.length, required: c.rules.sampleSize });
  for (const { target, inspectors } of result.assignments) {
    if (!targets.has(target)) problems.push({ kind: 'notCandidate', target });
    if (seen.has(target)) problems.push({ kind: 'drawnTwice', target });
    seen.add(target);
    if (new Set(inspectors).size !== inspectors.length) problems.push({ kind: 'inspectorListedTwice', target });
    if (inspectors.length < required) problems.push({ kind: 'tooFewInspectors', target, count: inspectors.length, required });
    for (const inspector of inspectors) {
      if (!pool.has(inspector)) problems.push({ kind: 'notInPool', target, inspector });
      if (conflict.has(`${inspector}|${target}`)) problems.push({ kind: 'conflict', target, inspector });
      if (previous.get(target)?.has(inspector)) problems.push({ kind: 'inspectedLastTime', target, inspector });
    }
  }
  return problems;
}

export interface PublishedDraw {
  commitment: string;
  inputsHash: string;
  inputs: DrawInputs;
  /** Revealed at the draw. */
  secret: string;
  witness: string;
  result: Pick<DrawResult, 'drawSeed' | 'assignments'>;
}

export interface Verification {
  /** SHA-256(secret) equals the commitment published before the draw. */
  commitmentMatches: boolean;
  /** The published inputs hash to the inputsHash published before the draw. */
  inputsMatch: boolean;
  /** The draw seed follows from the secret and the witness. */
  seedMatches: boolean;
  /** Recomputing the draw gives the published result. */
  resultMatches: boolean;
  /** The published result keeps every rule. */
  ruleViolations: RuleViolation[];
  recomputed: DrawResult | null;
  ok: boolean;
}

const sameAssignments = (a: DrawAssignment[], b: DrawAssignment[]) => canonicalJson(a) === canonicalJson(b);

/** Checks a published draw from scratch. */
export function verifyDraw(p: PublishedDraw): Verification {
  const commitmentMatches = commitmentOf(p.secret) === p.commitment;
  const inputsMatch = inputsHash(p.inputs) === p.inputsHash;
  const drawSeed = deriveDrawSeed(p.secret, p.witness);
  const seedMatches = drawSeed === p.result.drawSeed;
  let recomputed: DrawResult | null = null;
  try {
    recomputed = performDraw(p.inputs, drawSeed);
  } catch {
    recomputed = null;
  }
  const resultMatches = !!recomputed && sameAssignments(recomputed.assignments, p.result.assignments);
  const violations = ruleViolations(p.inputs, p.result);
  return {
    commitmentMatches,
    inputsMatch,
    seedMatches,
    resultMatches,
    ruleViolations: violations,
    recomputed,
    ok: commitmentMatches && inputsMatch && seedMatches && resultMatches && violations.length === 0,
  };
}
