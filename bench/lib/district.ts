// A district of any size for benchmarks and trials: N cases over the Lvyuan demo's real unit grids, generated in
// set-based SQL (generate_series and a deterministic hash, as bench/evaluation.ts does), in batches.
//
// What a generated case looks like: a grid drawn by weight (core communities, some streets and a few hot grids are
// busier), a catalogue class drawn like the demo's (the Lvyuan hot classes twenty times as often) with one of its filing
// conditions and the handling limit it gives, the demo's mix of sources, reported over the past year (inspectors and
// other staff in working time, the public round the clock). Each case walks the real workflow — report, verify or
// register, file, dispatch, accept, handle, send for check, check, close — with the demo's side roads (self-fix,
// rejection, cancellation, return and re-dispatch, suspension, extension, rework), human delays counted in working
// minutes (urgent cases: clock minutes), now and then a slow step, and a few cases left lying at some step. Whatever
// would happen after `now` has not happened: recent cases are open in every state, most of the year is closed.
//
// Deadlines are exact: the working calendar of the database's settings becomes two constant arrays in SQL (working days
// before each day; the midnight of each working day), so `working minutes → instant` and back are array lookups, and
// every step's deadline and yellow-light instant is what the server itself would have computed (WorkingCalendar.addLimit,
// warnAt). Each case gets one event per step it went through (actors are real users of the right role: the grid's beat
// inspector, operators, the shift chief, the dispatcher, the handling department's handler, the leader; payloads and
// step deadlines as the state machine writes them), and photo rows (before, verification, after) that point at the
// demo's scene files in the uploads directory, so photos open.
//
// Afterwards what is derived is made consistent: the case-number sequences of each year move past the numbers used,
// `notify.since` moves to the generation instant (generated history is not notified, as for the demo), and the tables
// are analysed. The command map's in-memory case index follows by itself (its revision is the newest event id); the
// evaluation facts follow from the events (refreshFacts, which district-cli.ts runs). Not done: campaign tags
// (专项整治) of generated cases, escalation timers, component links.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { isWorkingUnit, type Limit } from '../../src/domain/calendar';
import { dayIndexStart, localDayIndex, dayIndexToString, tryTimeMinutes } from '../../src/domain/calendar/shanghai-time';
import { URGENT_STEP_LIMITS, type StepLimits } from '../../src/domain/workflow';
import { makeDemoPhotos } from '../../src/demo/photos';
import { advanceCaseSerial } from '../../src/server/cases/case.repository';
import type { Database } from '../../src/server/db/client';
import { SettingsCache, type WorkflowSettings } from '../../src/server/settings/settings.service';
import { getSetting, putSetting } from '../../src/server/settings/settings.repository';

export type Db = Database['db'];

export interface DistrictOptions {
  /** How many cases to add. */
  cases: number;
  /** The uploads directory of the data directory (the demo's scene photos are there, or are made there). */
  uploadsDir: string;
  /** The generation instant (default: now). Nothing happens after it. */
  now?: Date;
  /** Cases per statement (default 100,000). */
  batch?: number;
  /** Same seed, same district (default 1). Case ids also depend on a random run salt, so two runs never collide. */
  seed?: number;
  log?: (msg: string) => void;
}

export interface DistrictResult {
  cases: number;
  open: number;
  events: number;
  photos: number;
  byState: Record<string, number>;
  seconds: number;
}

const OPEN_STATES = ['reported', 'verifying', 'verified', 'filed', 'dispatched', 'handling', 'returned', 'suspended', 'handled', 'checking', 'checked'];

/** The Lvyuan plans' hot classes (as src/demo/seed.ts weighs them). */
const HOT_CLASSES: [string, string, number][] = [
  ['matter', '09006', 10],
  ['matter', '06029', 6],
  ['matter', '07001', 8],
  ['matter', '07003', 3],
  ['matter', '09004', 3],
  ['matter', '06001', 3],
  ['matter', '08016', 2],
  ['matter', '06010', 6],
  ['component', '01001', 2],
  ['component', '01002', 3],
  ['component', '03001', 2],
];

/** Descriptions of the hot matter classes (as the demo writes them); other classes get "<class>问题/损坏，请及时处理". */
const DETAILS: Record<string, string[]> = {
  '09006': ['商贩占用人行道摆摊经营', '店外占道经营，堆放货物', '流动摊点占道售卖水果'],
  '06029': ['夜间露天烧烤，油烟扰民', '路边烧烤摊占道经营'],
  '07001': ['墙面、电线杆张贴非法小广告', '楼道内喷涂办证小广告'],
  '07003': ['户外广告牌破损存在安全隐患', '未经审批设置户外广告'],
  '09004': ['废品收购点占道堆放杂物', '废品收购站环境脏乱'],
  '06001': ['居民楼下私搭乱建板房', '屋顶违规搭建彩钢房'],
  '08016': ['无审批手续擅自施工建设', '院内新建违法建筑'],
  '06010': ['路边暴露垃圾未及时清运', '绿化带内堆积生活垃圾'],
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/** Slots: every event a case can have, in the order they happen along any path (a path is a subsequence). */
const S = {
  report: 1, approveSelfFix: 2, reject: 3, sendVerify: 4, verify: 5, register: 6, requestCancel: 7, approveCancel: 8,
  file: 9, dispatch: 10, requestReturn: 11, redispatch: 12, accept: 13, requestSuspension: 14, approveSuspension: 15,
  closeSuspended: 16, requestExtension: 17, decideExtension: 18, handle: 19, sendCheck: 20, check: 21, accept2: 22,
  handle2: 23, sendCheck2: 24, check2: 25, close: 26, urge: 27, rate: 28,
} as const;
const STATE_SLOTS = 26;

/** Salts of the per-case draws (one uniform in [0, 1) each). Delays use 40 + slot. */
const R = {
  source: 1, age: 2, tod: 3, grid: 4, cls: 5, fc: 6, lng: 7, lat: 8, selfFix: 9, urgent: 10, reject: 11, register: 12,
  verifyOk: 13, cancel: 14, ret: 15, susp: 16, suspClose: 17, ext: 18, extOk: 19, share1: 20, late1: 21, rework: 22,
  share2: 23, late2: 24, stall: 25, stallAt: 26, slowAt: 27, slow: 28, rate: 29, rateDelay: 30, satisfaction: 31, urge: 32,
  op: 33, scene: 34, reason: 35, suspDays: 36, comment: 37, detail: 38, person: 39,
} as const;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(15));

/** The working calendar as SQL: working minutes since day 0 ⇄ instants, exact to WorkingCalendar. */
interface CalendarSql {
  /** Working minutes of one working day. */
  M: number;
  /** Epoch seconds of day 0's local midnight: clock minutes count from here. */
  E: number;
  /** SQL: working minutes (since day 0) at an instant. */
  wm(t: string): string;
  /** SQL: the earliest instant at which `w` working minutes (since day 0) have passed. */
  inst(w: string): string;
  /** SQL: clock space (urgent cases) ⇄ instants. */
  clockT(w: string): string;
  clockW(t: string): string;
  /** Statements creating the constant arrays behind wm/inst, and dropping them. */
  create: string[];
  drop: string[];
}

function calendarSql(settings: WorkflowSettings, now: Date): CalendarSql {
  const cal = settings.calendar;
  const windows = settings.calendarData.windows
    .map((w) => [tryTimeMinutes(w.start)!, tryTimeMinutes(w.end)!] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const M = cal.standardDayMinutes;
  const day0 = localDayIndex(now) - 420;
  const days = 840;
  const before: number[] = [0];
  const mids: number[] = [];
  for (let j = 0; j < days; j++) {
    const work = cal.isWorkday(dayIndexToString(day0 + j));
    if (work) mids.push(dayIndexStart(day0 + j).getTime() / 1000);
    before.push(before[j] + (work ? 1 : 0));
  }
  const E = dayIndexStart(day0).getTime() / 1000;
  const B = '(wangge_district_before())';
  const MID = '(wangge_district_mids())';
  const wm = (t: string) => {
    const s = `(date_part('epoch', ${t}) + 28800)`;
    const d = `(floor(${s} / 86400)::int - ${day0})`;
    const tod = `((${s} - floor(${s} / 86400) * 86400) / 60)`;
    const within = windows.map(([f, to]) => `greatest(0, least(${tod}, ${to}) - ${f})`).join(' + ');
    return `(${B}[${d} + 1] * ${M}.0 + (${B}[${d} + 2] - ${B}[${d} + 1]) * (${within}))`;
  };
  const inst = (w: string) => {
    const k = `(ceil((${w}) / ${M}.0)::int - 1)`;
    const r = `((${w}) - ${k} * ${M}.0)`;
    let cum = 0;
    const parts: string[] = [];
    windows.forEach(([f, to], n) => {
      const len = to - f;
      parts.push(n === windows.length - 1 ? `else ${f} + ${r} - ${cum}` : `when ${r} <= ${cum + len} then ${f} + ${r} - ${cum}`);
      cum += len;
    });
    const tod = windows.length === 1 ? `(${windows[0][0]} + ${r})` : `(case ${parts.join(' ')} end)`;
    return `to_timestamp(${MID}[${k} + 1] + ${tod} * 60)`;
  };
  return {
    M,
    E,
    wm,
    inst,
    clockT: (w) => `to_timestamp(${E} + (${w}) * 60)`,
    clockW: (t) => `((date_part('epoch', ${t}) - ${E}) / 60.0)`,
    create: [
      `create or replace function wangge_district_before() returns int4[] language sql immutable as $$ select '{${before.join(',')}}'::int4[] $$`,
      `create or replace function wangge_district_mids() returns float8[] language sql immutable as $$ select '{${mids.join(',')}}'::float8[] $$`,
    ],
    drop: ['drop function if exists wangge_district_before()', 'drop function if exists wangge_district_mids()'],
  };
}

async function rows<T>(db: Db, query: ReturnType<typeof sql> | string): Promise<T[]> {
  const r = (await db.execute(typeof query === 'string' ? sql.raw(query) : query)) as unknown as { rows: T[] };
  return r.rows;
}

/** The demo's scene photos (path, size, hash), made in the uploads directory when missing. */
async function sceneFiles(uploadsDir: string) {
  const dir = path.join(uploadsDir, 'demo');
  const have = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^scene-\d+\.jpg$/.test(f)) : [];
  if (have.length === 0) return makeDemoPhotos(uploadsDir);
  return have
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
    .filter((f) => fs.existsSync(path.join(dir, f.replace('.jpg', '.thumb.jpg'))))
    .map((f) => {
      const body = fs.readFileSync(path.join(dir, f));
      return { path: path.join('demo', f), thumbPath: path.join('demo', f.replace('.jpg', '.thumb.jpg')), width: 800, height: 600, bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') };
    });
}

/**
 * Adds `opts.cases` generated cases (with events and photo rows) to a migrated database that holds the base data and
 * the Lvyuan demo geography, organisation and users (what `wangge seed --cases 0` or startServer(url, 0) leave).
 */
export async function generateDistrict(db: Db, opts: DistrictOptions): Promise<DistrictResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const n = Math.floor(opts.cases);
  if (!(n >= 0)) throw new RangeError('cases: a whole number ≥ 0');
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 100_000;
  const seed = opts.seed ?? 1;
  const salt = crypto.randomBytes(6).toString('hex');
  const settings = await new SettingsCache(db).get();
  const C = calendarSql(settings, now);
  const warnShare = settings.warnShare;
  const cutoff = new Date(now.getTime() - 60_000);
  const cutoffSql = `${q(cutoff.toISOString())}::timestamptz`;
  const nowSql = `${q(now.toISOString())}::timestamptz`;

  // ---------------------------------------------------------------- what the district has
  const [geo] = await rows<{ grids: number; district: string | null }>(db, `select (select count(*) from grids)::int grids, (select min(district_code) from streets) district`);
  if (!geo.grids) throw new Error('the database has no unit grids: load the demo first (wangge seed --cases 1; see prepareDistrict)');
  const district = geo.district ?? '220106';
  const people = await rows<{ role: string; ids: string[] }>(db, `select role, array_agg(id::text order by username) ids from users, unnest(roles) role where active group by role`);
  const ids = (role: string) => people.find((p) => p.role === role)?.ids ?? [];
  const need = (role: string) => {
    const x = ids(role);
    if (!x.length) throw new Error(`no active user with the role ${role}`);
    return x;
  };
  const [operators, chiefs, dispatchers, inspectors, leaders, handlersAny] = ['operator', 'chief', 'dispatcher', 'inspector', 'leader', 'department'].map(need);
  const [dept] = await rows<{ enforcement: string | null; anyd: string; other: string }>(db, `select
      (select id::text from departments where kind = 'enforcement' and active order by code limit 1) enforcement,
      (select id::text from departments where active order by code limit 1) anyd,
      (select id::text from departments where active order by code offset 1 limit 1) other`);
  const enforcement = dept.enforcement ?? dept.anyd;
  const scenes = await sceneFiles(opts.uploadsDir);
  const uuid = (x: string) => `${q(x)}::uuid`;
  const pickSql = (list: string[], r: string) => (list.length === 1 ? uuid(list[0]) : `(array[${list.map(uuid).join(',')}])[1 + floor(${r} * ${list.length})::int]`);

  const h = (salt2: number) => `((hashint8(${seed}::bigint * 4294967296 + i * 128 + ${salt2})::float8 + 2147483648) / 4294967296.0)`;
  const drop = ['wangge_district_gen', 'wangge_district_intake', 'wangge_district_grids', 'wangge_district_gslots', 'wangge_district_classes', 'wangge_district_cslots', 'wangge_district_fcs', 'wangge_district_handlers', 'wangge_district_scenes'];
  const cleanup = async () => {
    for (const t of drop) await db.execute(sql.raw(`drop table if exists ${t}`));
    for (const s of C.drop) await db.execute(sql.raw(s));
  };
  await cleanup();
  const byState: Record<string, number> = {};
  let events = 0;
  let photos = 0;
  try {
    for (const s of C.create) await db.execute(sql.raw(s));

    // ---------------------------------------------------------------- lookup tables
    const K = 262_144; // slots for weighted draws: a grid or class with weight w gets about w / Σw · K of them
    const weighted = (table: string, weight: string, from: string) => `
      create unlogged table ${table} as
      with w as (select n, (${weight})::float8 as weight from ${from}),
           c as (select n, case when lead(n) over (order by n) is null then ${K}
                                else floor(sum(weight) over (order by n) / sum(weight) over () * ${K})::int end hi from w),
           r as (select n, coalesce(lag(hi) over (order by n), 0) lo, hi from c)
      select s.slot, r.n from r, generate_series(r.lo, r.hi - 1) s(slot)`;
    await db.execute(sql.raw(`create unlogged table wangge_district_grids as
      select (row_number() over (order by g.code) - 1)::int n, g.code, g.community_code, g.street_code, g.centroid_lng, g.centroid_lat,
        coalesce(c.area_class, 'B') area_class, c.name community_name, s.name street_name,
        coalesce(b.inspector_id, ${uuid(inspectors[0])}) inspector_id,
        (select d.id from departments d where d.kind = 'street' and d.street_code = g.street_code and d.active order by d.code limit 1) street_office
      from grids g join communities c on c.code = g.community_code join streets s on s.code = g.street_code left join beats b on b.id = g.beat_id`));
    // Busier: core communities (area class A), some streets, and a few hot grids in every street.
    await db.execute(sql.raw(weighted('wangge_district_gslots',
      `(case area_class when 'A' then 4 when 'B' then 1.5 else 0.4 end)
        * (0.4 + 1.6 * ((hashtext(street_code)::float8 + 2147483648) / 4294967296.0))
        * (0.25 + 4 * power((hashtext(code)::float8 + 2147483648) / 4294967296.0, 6))`, 'wangge_district_grids')));
    await db.execute(sql.raw(`create unlogged table wangge_district_fcs as
      select (dense_rank() over (order by f.kind, f.class_code) - 1)::int class_n, (row_number() over (partition by f.kind, f.class_code order by f.code) - 1)::int k,
        f.kind, f.class_code, f.code, f.limit_amount, f.limit_unit
      from filing_conditions f join catalogue_classes cc on cc.kind = f.kind and cc.code = f.class_code and cc.active`));
    const hot = HOT_CLASSES.map(([k, c, w]) => `when cc.kind = ${q(k)} and cc.code = ${q(c)} then ${w * 20}`).join(' ');
    await db.execute(sql.raw(`create unlogged table wangge_district_classes as
      select f.class_n n, cc.kind, cc.code, cc.name_zh, cc.urgent, f.cnt fc_count, case ${hot} else 1 end weight,
        r.department_id rule_dept, coalesce(r.co_department_ids, '{}') rule_co, r.limit_amount rule_amount, r.limit_unit rule_unit
      from (select class_n, kind, class_code, count(*)::int cnt from wangge_district_fcs group by 1, 2, 3) f
      join catalogue_classes cc on cc.kind = f.kind and cc.code = f.class_code
      left join lateral (select * from responsibility_rules r where r.kind = cc.kind and r.class_code = cc.code
        and r.filing_condition is null and r.area_class is null and r.street_code is null limit 1) r on true`));
    await db.execute(sql.raw(weighted('wangge_district_cslots', 'weight', 'wangge_district_classes')));
    await db.execute(sql.raw(`create unlogged table wangge_district_handlers as
      select distinct on (department_id) department_id, id from users where 'department' = any(roles) and active and department_id is not null order by department_id, username`));
    await db.execute(sql.raw(`create unlogged table wangge_district_scenes as select * from (values ${scenes
      .map((s, k) => `(${k}, ${q(s.path)}, ${q(s.thumbPath)}, ${s.bytes}, ${s.width}, ${s.height}, ${q(s.sha256)})`)
      .join(', ')}) v(n, path, thumb_path, bytes, width, height, sha256)`));
    for (const t of ['wangge_district_grids', 'wangge_district_gslots', 'wangge_district_classes', 'wangge_district_cslots']) {
      await db.execute(sql.raw(`alter table ${t} add primary key (${t.endsWith('slots') ? 'slot' : 'n'})`));
      await db.execute(sql.raw(`analyze ${t}`));
    }
    await db.execute(sql.raw(`alter table wangge_district_fcs add primary key (class_n, k)`));
    await db.execute(sql.raw(`alter table wangge_district_handlers add primary key (department_id)`));

    // ---------------------------------------------------------------- intake: who reports when, and the case numbers
    const [wn] = await rows<{ wnow: number; wlo: number }>(db, `select ${C.wm(cutoffSql)} wnow, ${C.wm(`(${cutoffSql} - interval '365 days')`)} wlo`);
    const yearOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
    const years: number[] = [];
    for (let y = yearOf(new Date(cutoff.getTime() - 366 * 86400_000)); y <= yearOf(cutoff); y++) years.push(y);
    const offsets = new Map<number, number>();
    for (const y of years) {
      const [s] = await rows<{ reg: string | null }>(db, `select to_regclass('case_number_${y}')::text reg`);
      let used = 0;
      if (s.reg) {
        const [v] = await rows<{ last_value: string; is_called: boolean }>(db, `select last_value, is_called from case_number_${y}`);
        used = Number(v.last_value) - (v.is_called ? 0 : 1);
      }
      // Numbers taken outside the sequence (none should be) are respected too.
      const [m] = await rows<{ m: number | null }>(db, `select max(substring(number from '-(\\d+)$')::int) m from cases where number like ${q(`${district}-${y}-%`)}`);
      offsets.set(y, Math.max(used, m.m ?? 0));
    }
    const offsetSql = `case cyear ${years.map((y) => `when ${y} then ${offsets.get(y)}`).join(' ')} else 0 end`;
    const age = `power(${h(R.age)}, 1.25)`; // more cases lately
    await db.execute(sql.raw(`create unlogged table wangge_district_intake as
      with s as materialized (
        select i, case when r < 0.70 then 'inspector' when r < 0.82 then 'hotline' when r < 0.92 then 'citizen' when r < 0.95 then 'video_ai'
                       when r < 0.97 then 'superior' when r < 0.99 then 'leader' else 'media' end source,
          ${wn.wnow} - ${age} * ${wn.wnow - wn.wlo} wx, ${age} ax, ${h(R.tod)} rt
        from (select i, ${h(R.source)} r from generate_series(0::bigint, ${n - 1}::bigint) i) x
      ), t as materialized (
        select i, source,
          case when source in ('inspector', 'video_ai', 'superior', 'leader') then ${C.inst('least(wx, ' + (wn.wnow - 1) + ')')}
               else to_timestamp(floor((date_part('epoch', ${cutoffSql}) - ax * 365 * 86400 + 28800) / 86400) * 86400 - 28800 + 7 * 3600 + rt * 15 * 3600) end t
        from s
      ), u as (
        select i, source, case when t > ${cutoffSql} then ${cutoffSql} - (1 + 300 * ((i * 7919) % 1000) / 1000.0) * interval '1 minute' else t end t0
        from t
      )
      select i, source, t0, cyear, (row_number() over (partition by cyear order by t0, i))::int + ${offsetSql} serial
      from (select u.*, date_part('year', (t0 + interval '8 hours') at time zone 'UTC')::int cyear from u) v`));
    await db.execute(sql.raw(`alter table wangge_district_intake add primary key (i)`));
    await db.execute(sql.raw(`analyze wangge_district_intake`));
    const perYear = await rows<{ year: number; n: number; top: number }>(db, `select cyear as year, count(*)::int n, max(serial)::int top from wangge_district_intake group by cyear`);
    log(`  intake of ${n.toLocaleString('en')} cases placed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    // ---------------------------------------------------------------- the cases, batch by batch
    const stepLimit = (step: keyof StepLimits, urgent: boolean): Limit => (urgent ? URGENT_STEP_LIMITS : settings.stepLimits)[step];
    const minutes = (l: Limit) => settings.calendar.limitMinutes(l);
    const T = (w: string) => `(case when u then ${C.clockT(w)} else ${C.inst(w)} end)`;
    /**
     * A step's deadline (share 1) or yellow-light instant (the warn share) when it starts at case-space minute `w`
     * (instant `t`: the report's own time for the first step, else the event time, which is T(w)).
     */
    const stepAt = (step: keyof StepLimits, w: string, share: number) => {
      const t = w === 'w1' ? 't0' : T(w);
      const branch = (urgent: boolean) => {
        const l = stepLimit(step, urgent);
        const m = minutes(l) * share;
        if (isWorkingUnit(l.unit)) return urgent ? C.inst(`${C.wm(t)} + ${num(m)}`) : C.inst(`${w} + ${num(m)}`);
        return urgent ? C.clockT(`${w} + ${num(m)}`) : `(${t} + ${num(m)} * interval '1 minute')`;
      };
      return `(case when u then ${branch(true)} else ${branch(false)} end)`;
    };
    const unitOf = (step: keyof StepLimits) => `(case when u then ${q(stepLimit(step, true).unit)} else ${q(stepLimit(step, false).unit)} end)`;
    /** A handling period from case-space minute `w` (working minutes at its start: `ww`): deadline or yellow light. */
    const handleAt = (w: string, ww: string, share: number) =>
      `(case when hw then ${C.inst(`${ww} + ${num(share)} * lh`)} else ${T(w)} + ${num(share)} * lh * interval '1 minute' end)`;
    const D = (slot: number, a: number, b: number) => `((${a} + ${b - a} * ${h(40 + slot)}) * (case when slow_at = ${slot} then 3 + 9 * ${h(R.slow)} else 1 end))`;
    const iso = (t: string) => `to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const photoId = (slot: number) => `overlay(overlay(md5(${q(salt + 'p')} || i || '-${slot}') placing '4' from 13) placing '8' from 17)::uuid`;
    const detail = Object.entries(DETAILS)
      .map(([code, xs]) => `when kind = 'matter' and class_code = ${q(code)} then (array[${xs.map(q).join(',')}])[1 + floor(${h(R.detail)} * ${xs.length})::int]`)
      .join(' ');
    const occ = (k: number) => `o${k}`;
    const seqOf = (k: number) => `(${Array.from({ length: k }, (_, j) => `${occ(j + 1)}::int`).join(' + ')})`;
    const lastT = `greatest(${Array.from({ length: STATE_SLOTS }, (_, j) => `case when o${j + 1} then t${j + 1} end`).join(', ')})`;
    const stepWarn = (step: keyof StepLimits, w: string) => stepAt(step, w, warnShare);

    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      const tb = performance.now();
      await db.execute(sql.raw(`create unlogged table wangge_district_gen as
      with base as materialized (
        select x.i, x.source, x.t0, x.cyear, x.serial,
          g.code grid_code, g.community_code, g.street_code, g.area_class, g.community_name, g.street_name, g.inspector_id insp,
          g.centroid_lng + (${h(R.lng)} - 0.5) * 0.0006 lng, g.centroid_lat + (${h(R.lat)} - 0.5) * 0.0004 lat,
          c.kind, c.code class_code, c.name_zh class_name, f.code fc_code,
          coalesce(c.rule_amount, f.limit_amount) lim_amount, coalesce(c.rule_unit, f.limit_unit) lim_unit,
          coalesce(c.rule_dept, g.street_office, ${uuid(enforcement)}) dept1, c.rule_co,
          g.street_office, x.source = 'inspector' and ${h(R.selfFix)} < 0.05 self_fix, c.urgent and ${h(R.urgent)} < 0.5 u
        from wangge_district_intake x
        join wangge_district_gslots gs on gs.slot = floor(${h(R.grid).replace(/\bi\b/g, 'x.i')} * ${K})::int
        join wangge_district_grids g on g.n = gs.n
        join wangge_district_cslots cs on cs.slot = floor(${h(R.cls).replace(/\bi\b/g, 'x.i')} * ${K})::int
        join wangge_district_classes c on c.n = cs.n
        join wangge_district_fcs f on f.class_n = c.n and f.k = floor(${h(R.fc).replace(/\bi\b/g, 'x.i')} * c.fc_count)::int
        where x.i >= ${start} and x.i < ${end}
      ), people as materialized (
        select b.*,
          case when b.dept1 <> coalesce(b.street_office, ${uuid(enforcement)}) then coalesce(b.street_office, ${uuid(enforcement)})
               when b.dept1 <> ${uuid(enforcement)} then ${uuid(enforcement)} else ${uuid(dept.other)} end dept2,
          array_remove(b.rule_co, b.dept1) co1,
          ${pickSql(operators, h(R.op))} op, ${pickSql(chiefs, h(R.person))} chief, ${pickSql(dispatchers, h(R.person))} disp, ${pickSql(leaders, h(R.person))} leader,
          case lim_unit when 'working_minutes' then lim_amount when 'working_hours' then lim_amount * 60 when 'working_days' then lim_amount * ${C.M}
            when 'clock_minutes' then lim_amount when 'clock_hours' then lim_amount * 60 else lim_amount * 1440 end::float8 lh,
          lim_unit like 'working_%' hw,
          case when u then ${C.clockW('b.t0')} else ${C.wm('b.t0')} end w1
        from base b
      ), flags as materialized (
        select p.*, coalesce(h1.id, ${uuid(handlersAny[0])}) h1, coalesce(h2.id, ${uuid(handlersAny[0])}) h2,
          not self_fix and ${h(R.reject)} < 0.03 f_reject,
          not self_fix and ${h(R.reject)} >= 0.03 and not (source = 'inspector' and ${h(R.register)} < 0.85) f_verify,
          not self_fix and ${h(R.reject)} >= 0.03 and source = 'inspector' and ${h(R.register)} < 0.85 f_register,
          ${h(R.verifyOk)} < 0.9 verify_ok, ${h(R.cancel)} < 0.02 f_cancel0, ${h(R.ret)} < 0.05 f_return0,
          ${h(R.susp)} < 0.02 f_susp0, ${h(R.suspClose)} < 0.5 f_susp_close0, ${h(R.ext)} < 0.07 f_ext0, ${h(R.extOk)} < 0.8 ext_ok,
          ${h(R.rework)} < 0.10 f_rework0,
          case when ${h(R.late1)} < 0.14 then 1.05 + 0.75 * ${h(R.share1)} else 0.1 + 0.85 * ${h(R.share1)} end share1,
          case when ${h(R.late2)} < 0.14 then 1.05 + 0.75 * ${h(R.share2)} else 0.1 + 0.85 * ${h(R.share2)} end share2,
          case when ${h(R.stall)} < 0.005 then 2 + floor(${h(R.stallAt)} * 25)::int else 99 end stall_at,
          floor(${h(R.slowAt)} * 33)::int slow_at,
          -- the handling limit in the case's own minutes (working, or clock for urgent cases); a rough length when the
          -- limit counts the other kind of time (it only times the handling; deadlines are computed exactly)
          case when u = not hw then lh when not u then lh * 0.6 else lh * 3 end span,
          case when u then ${3 * 2 * C.M} else ${2 * C.M} end ext_span
        from people p
        left join wangge_district_handlers h1 on h1.department_id = p.dept1
        left join wangge_district_handlers h2 on h2.department_id = p.dept2
      ), paths as materialized (
        select f.*, (f_verify and verify_ok) or f_register f_ok,
          ((f_verify and verify_ok) or f_register) and f_cancel0 f_cancel,
          ((f_verify and verify_ok) or f_register) and not f_cancel0 f_file
        from flags f
      ), w as materialized (
        select p.*,
          case when self_fix then w1 + ${D(2, 10, 60)} end w2,
          case when f_reject then w1 + ${D(3, 5, 40)} end w3,
          case when f_verify then w1 + ${D(4, 3, 20)} end w4,
          case when f_verify then w1 + ${D(4, 3, 20)} + ${D(5, 10, 45)} end w5,
          case when f_register then w1 + ${D(6, 3, 25)} end w6
        from paths p
      ), w2 as materialized (
        select w.*, case when f_ok then coalesce(w5, w6) end wv from w
      ), w3 as materialized (
        select w.*,
          case when f_cancel then wv + ${D(7, 3, 20)} end w7,
          case when f_cancel then wv + ${D(7, 3, 20)} + ${D(8, 5, 30)} end w8,
          case when f_file then wv + ${D(9, 2, 12)} end w9,
          case when f_file then wv + ${D(9, 2, 12)} + ${D(10, 2, 12)} end w10
        from w2 w
      ), w4 as materialized (
        select w.*, f_file and f_return0 f_return, f_file and f_susp0 f_susp, f_file and f_susp0 and f_susp_close0 f_susp_close,
          f_file and not f_susp0 and f_ext0 f_ext, f_file and not f_susp0 f_handle, f_file and not f_susp0 and f_rework0 f_rework,
          case when f_file and f_return0 then w10 + ${D(11, 20, 120)} end w11,
          case when f_file and f_return0 then w10 + ${D(11, 20, 120)} + ${D(12, 10, 60)} end w12
        from w3 w
      ), w5 as materialized (
        select w.*, coalesce(w12, w10) whs from w4 w
      ), w6 as materialized (
        select w.*, case when f_file then whs + ${D(13, 10, 90)} end w13 from w5 w
      ), w7 as materialized (
        select w.*,
          case when f_susp then w13 + ${D(14, 60, 600)} end w14,
          case when f_susp then w13 + ${D(14, 60, 600)} + ${D(15, 30, 240)} end w15,
          case when f_susp_close then w13 + ${D(14, 60, 600)} + ${D(15, 30, 240)} + (30 + 60 * ${h(R.suspDays)}) * (case when u then 1440 else ${C.M} end) end w16,
          case when f_ext then w13 + ${D(17, 30, 300)} end w17,
          case when f_ext then w13 + ${D(17, 30, 300)} + ${D(18, 20, 120)} end w18
        from w6 w
      ), w8 as materialized (
        select w.*, case when f_handle then greatest(coalesce(w18, w13) + 5, whs + share1 * (span + case when f_ext and ext_ok then ext_span else 0 end)) end w19
        from w7 w
      ), w9 as materialized (
        select w.*,
          case when f_handle then w19 + ${D(20, 5, 30)} end w20,
          case when f_handle then w19 + ${D(20, 5, 30)} + ${D(21, 10, 45)} end w21
        from w8 w
      ), w10 as materialized (
        select w.*,
          case when f_rework then w21 + ${D(22, 10, 90)} end w22,
          case when f_rework then greatest(w21 + ${D(22, 10, 90)} + 5, w21 + share2 * span) end w23
        from w9 w
      ), w11 as materialized (
        select w.*,
          case when f_rework then w23 + ${D(24, 5, 30)} end w24,
          case when f_rework then w23 + ${D(24, 5, 30)} + ${D(25, 10, 45)} end w25
        from w10 w
      ), w12 as materialized (
        select w.*, case when f_handle then coalesce(w25, w21) + ${D(26, 3, 30)} end w26,
          -- working minutes at the start of each handling period (urgent cases count clock minutes)
          case when u then ${C.wm(C.clockT('w10'))} else w10 end ww10,
          case when u then ${C.wm(C.clockT('w12'))} else w12 end ww12,
          case when u then ${C.wm(C.clockT('w21'))} else w21 end ww21
        from w11 w
      ), t as materialized (
        select w.*, coalesce(ww12, ww10) wwhs,
          t0 t1, ${Array.from({ length: STATE_SLOTS - 1 }, (_, j) => `${T(`w${j + 2}`)} t${j + 2}`).join(',\n          ')},
          ${T('wv')} tv, ${T('whs')} ths,
          ${stepAt('verify', 'w1', 1)} dl_rep, ${stepAt('verify', 'w4', 1)} dl_ver, ${stepAt('file', 'wv', 1)} dl_vfd,
          ${stepAt('dispatch', 'w9', 1)} dl_fil, ${stepAt('approve', 'w11', 1)} dl_ret,
          ${handleAt('w10', 'ww10', 1)} hd1, ${handleAt('w12', 'ww12', 1)} hd2, ${handleAt('w21', 'ww21', 1)} hd3,
          ${stepAt('check', 'w19', 1)} dl_hd1, ${stepAt('check', 'w20', 1)} dl_ck1, ${stepAt('close', 'w21', 1)} dl_cd1,
          ${stepAt('check', 'w23', 1)} dl_hd2, ${stepAt('check', 'w24', 1)} dl_ck2, ${stepAt('close', 'w25', 1)} dl_cd2
        from w12 w
      ), o as materialized (
        select t.*,
          ${Array.from({ length: STATE_SLOTS }, (_, j) => `coalesce(t${j + 1} <= ${cutoffSql} and ${j + 1} < stall_at, false) o${j + 1}`).join(', ')},
          case when f_ext and ext_ok then
            (case when hw then ${C.inst(`wwhs + lh + ${2 * C.M}`)} else ${C.inst(`${C.wm(`(ths + lh * interval '1 minute')`)} + ${2 * C.M}`)} end) end hdx
        from t
      ), s as materialized (
        select o.*,
          case ${Array.from({ length: STATE_SLOTS }, (_, j) => `when o${STATE_SLOTS - j} then ${STATE_SLOTS - j}`).join(' ')} end cur,
          -- the deadline of the first round's handling (the re-dispatch's once it happened), and after an extension
          case when o12 then hd2 else hd1 end hdr,
          case when f_ext and ext_ok and o18 then hdx when o12 then hd2 else hd1 end hdr_now
        from o
      ), f as materialized (
        select s.*,
          case cur when 1 then 'reported' when 2 then 'closed' when 3 then 'invalid' when 4 then 'verifying'
            when 5 then case when verify_ok then 'verified' else 'invalid' end when 6 then 'verified' when 7 then 'verified' when 8 then 'cancelled'
            when 9 then 'filed' when 10 then 'dispatched' when 11 then 'returned' when 12 then 'dispatched' when 15 then 'suspended' when 16 then 'closed'
            when 19 then 'handled' when 20 then 'checking' when 21 then case when f_rework then 'dispatched' else 'checked' end
            when 23 then 'handled' when 24 then 'checking' when 25 then 'checked' when 26 then 'closed' else 'handling' end state,
          case when o21 and f_rework then t21 when o12 then t12 when o10 then t10 end handle_started_at,
          case when o21 and f_rework then hd3 when o10 then hdr_now end handle_deadline,
          case when self_fix then t1 when o23 then t23 when o19 and not (o21 and f_rework) then t19 end handled_at,
          case cur when 1 then t1 when 4 then t4 when 5 then tv when 6 then tv when 7 then tv when 9 then t9 when 10 then t10 when 11 then t11 when 12 then t12
            when 13 then ths when 14 then ths when 17 then ths when 18 then ths when 19 then t19 when 20 then t20 when 21 then t21
            when 22 then t21 when 23 then t23 when 24 then t24 when 25 then t25 end step_started_at,
          case cur when 1 then dl_rep when 4 then dl_ver when 5 then dl_vfd when 6 then dl_vfd when 7 then dl_vfd when 9 then dl_fil when 10 then hd1
            when 11 then dl_ret when 12 then hd2 when 13 then hdr when 14 then hdr when 17 then hdr when 18 then hdr_now
            when 19 then dl_hd1 when 20 then dl_ck1 when 21 then case when f_rework then hd3 else dl_cd1 end when 22 then hd3
            when 23 then dl_hd2 when 24 then dl_ck2 when 25 then dl_cd2 end step_deadline,
          case cur when 1 then ${stepWarn('verify', 'w1')} when 4 then ${stepWarn('verify', 'w4')}
            when 5 then ${stepWarn('file', 'wv')} when 6 then ${stepWarn('file', 'wv')} when 7 then ${stepWarn('file', 'wv')}
            when 9 then ${stepWarn('dispatch', 'w9')} when 10 then ${handleAt('w10', 'ww10', warnShare)} when 11 then ${stepWarn('approve', 'w11')}
            when 12 then ${handleAt('w12', 'ww12', warnShare)}
            when 19 then ${stepWarn('check', 'w19')} when 20 then ${stepWarn('check', 'w20')}
            when 21 then case when f_rework then ${handleAt('w21', 'ww21', warnShare)} else ${stepWarn('close', 'w21')} end
            when 22 then ${handleAt('w21', 'ww21', warnShare)}
            when 23 then ${stepWarn('check', 'w23')} when 24 then ${stepWarn('check', 'w24')} when 25 then ${stepWarn('close', 'w25')}
            when 2 then null when 3 then null when 8 then null when 15 then null when 16 then null when 26 then null
            else case when cur = 18 and f_ext and ext_ok
                   then (case when hw then ${C.inst(`wwhs + ${num(warnShare)} * (lh + ${2 * C.M})`)} else ths + ${num(warnShare)} * (hdx - ths) end)
                   else ${handleAt('whs', 'wwhs', warnShare)} end end step_warn_at,
          case cur when 1 then ${unitOf('verify')} when 4 then ${unitOf('verify')} when 5 then case when verify_ok then ${unitOf('file')} end when 6 then ${unitOf('file')} when 7 then ${unitOf('file')}
            when 9 then ${unitOf('dispatch')} when 11 then ${unitOf('approve')} when 19 then ${unitOf('check')} when 20 then ${unitOf('check')}
            when 21 then case when f_rework then lim_unit else ${unitOf('close')} end
            when 23 then ${unitOf('check')} when 24 then ${unitOf('check')} when 25 then ${unitOf('close')}
            when 2 then null when 3 then null when 8 then null when 15 then null when 16 then null when 26 then null else lim_unit end step_unit,
          ${lastT} t_last,
          case when source = 'inspector' then insp else op end creator,
          case when f_return then h2 else h1 end hcur,
          case when o12 then dept2 else dept1 end dcur
        from s
      ), g as materialized (
        select f.*,
          case when o26 then t26 when o16 then t16 when o8 then t8 when o2 then t2 end closed_at,
          case when o26 then case when handled_at > handle_deadline then 'overdue' else 'normal' end when o16 then 'special' when o2 then 'normal' end close_type,
          case when state = 'handling' and handle_deadline < ${cutoffSql} - interval '1 day' and ${h(R.urge)} < 0.3
                and greatest(t_last + interval '1 minute', least(${nowSql} - interval '30 minutes', handle_deadline + interval '1 day')) <= ${cutoffSql}
               then greatest(t_last + interval '1 minute', least(${nowSql} - interval '30 minutes', handle_deadline + interval '1 day')) end t27,
          case when o26 and source in ('hotline', 'citizen') and ${h(R.rate)} < 0.75 and t26 + (2 + 46 * ${h(R.rateDelay)}) * interval '1 hour' <= ${nowSql} - interval '10 minutes'
               then t26 + (2 + 46 * ${h(R.rateDelay)}) * interval '1 hour' end t28
        from f
      )
      select g.*, t27 is not null o27, t28 is not null o28,
        overlay(overlay(md5(${q(salt + 'c')} || i) placing '4' from 13) placing '8' from 17)::uuid id,
        ${q(district)} || '-' || cyear || '-' || lpad(serial::text, 6, '0') number,
        community_name || '：' || case ${detail} else class_name || case when kind = 'component' then '损坏' else '问题' end || '，请及时处理' end description,
        street_name || community_name || ' 网格' || right(grid_code, 3) || '附近' location_text,
        case when ${h(R.satisfaction)} < 0.76 then 'satisfied' when ${h(R.satisfaction)} < 0.92 then 'basic' else 'unsatisfied' end satisfaction,
        jsonb_build_object('amount', lim_amount, 'unit', lim_unit) handle_limit
      from g`));

      const [cnt] = await rows<{ c: number }>(db, 'select count(*)::int c from wangge_district_gen');
      if (cnt.c !== end - start) throw new Error(`batch ${start}–${end}: ${cnt.c} rows generated, ${end - start} expected (lookup tables incomplete?)`);

      // ---------------------------------------------------------------- cases
      await db.execute(sql.raw(`insert into cases (id, number, district_code, source, kind, class_code, filing_condition, description, location_text, lng, lat,
          grid_code, community_code, street_code, area_class, urgency, self_fix, state, department_id, co_department_ids, assignee_id, pending,
          handle_limit, handle_started_at, handle_deadline, handled_at, step_started_at, step_deadline, step_warn_at, step_unit,
          rework_count, return_count, extension_count, close_type, closed_at, reporter_id, reporter, created_by, participant_ids, created_at, updated_at, version)
        select id, number, ${q(district)}, source, kind, class_code, case when o9 then fc_code end, description, location_text, lng, lat,
          grid_code, community_code, street_code, area_class, case when u then 'urgent' else 'normal' end, self_fix, state,
          case when o10 then dcur end, case when o12 or not o10 then '{}'::uuid[] else co1 end,
          case when state in ('verifying', 'checking') then insp end,
          case cur when 7 then jsonb_build_object('kind', 'cancel', 'by', op, 'at', ${iso('t7')}, 'reason', '上报类别错误，重复立案')
                   when 14 then jsonb_build_object('kind', 'suspension', 'by', hcur, 'at', ${iso('t14')}, 'reason', '涉及规划调整，需长期处置')
                   when 17 then jsonb_build_object('kind', 'extension', 'by', hcur, 'at', ${iso('t17')}, 'reason', '需协调相关单位，申请延期', 'extra', jsonb_build_object('amount', 2, 'unit', 'working_days')) end,
          case when o9 then handle_limit end, handle_started_at, handle_deadline, handled_at, step_started_at, step_deadline, step_warn_at, step_unit,
          (o21 and f_rework)::int, o12::int, (o18 and f_ext and ext_ok)::int, close_type, closed_at,
          case when source = 'inspector' then insp end,
          case when source in ('hotline', 'citizen') then jsonb_build_object('name', substr(${q(SURNAMES)}, 1 + (i % ${SURNAMES.length})::int, 1) || case when i % 2 = 0 then '先生' else '女士' end,
            'phone', '139' || lpad(((i * 7919) % 100000000)::text, 8, '0')) end,
          creator,
          array(select distinct a from unnest(array[creator, case when o2 or o3 or o4 or o6 or o7 or o20 or o24 then op end,
            case when o5 or o21 then insp end, case when o8 or o9 or o16 or o26 then chief end, case when o10 or o12 or o15 or o18 then disp end,
            case when o11 then h1 end, case when o13 then hcur end, case when o27 then leader end]) a where a is not null),
          t1, greatest(t_last, t27, t28), ${seqOf(STATE_SLOTS)} + o27::int + o28::int
        from wangge_district_gen`));

      // ---------------------------------------------------------------- events: one per step the case went through
      // Each event is a list of column expressions; the insert picks a row's by its slot after filtering (so that
      // nothing is computed for steps that did not happen).
      const ev = (slot: number, action: string, from: string, to: string, actor: string, role: string, at: string, note: string, photos: string, payload: string, dl: string, deptAfter: string) =>
        [String(slot), action.includes(' ') ? action : q(action), from, to, actor, role.includes(' ') ? role : q(role), at, note, photos, payload, dl, deptAfter];
      const none = "'{}'::uuid[]";
      const empty = "'{}'::jsonb";
      const d1 = 'g.dept1';
      const dc = 'g.dcur';
      const lit = (s: string) => q(s);
      const seqCase = `case s.slot ${Array.from({ length: 28 }, (_, j) => `when ${j + 1} then ${j < STATE_SLOTS ? seqOf(j + 1).replace(/\bo(\d+)/g, 'g.o$1') : `${seqOf(STATE_SLOTS).replace(/\bo(\d+)/g, 'g.o$1')} + ${j === 26 ? 'g.o27::int' : 'g.o27::int + g.o28::int'}`}`).join(' ')} end`;
      const values = [
        ev(S.report, 'report', 'null', "'reported'", 'g.creator', "case when g.source = 'inspector' then 'inspector' else 'operator' end", 'g.t1', 'g.description',
          `case when g.self_fix then array[${photoId(1).replace(/\bi\b/g, 'g.i')}, ${photoId(2).replace(/\bi\b/g, 'g.i')}] else array[${photoId(1).replace(/\bi\b/g, 'g.i')}] end`,
          `jsonb_build_object('source', g.source, 'kind', g.kind, 'classCode', g.class_code, 'lng', g.lng, 'lat', g.lat, 'gridCode', g.grid_code, 'urgency', case when g.u then 'urgent' else 'normal' end)`, 'null', 'null'),
        ev(S.approveSelfFix, 'approveSelfFix', "'reported'", "'closed'", 'g.op', 'operator', 'g.t2', lit('自处理属实，予以结案'), none, `jsonb_build_object('closeType', 'normal')`, 'g.dl_rep', 'null'),
        ev(S.reject, 'reject', "'reported'", "'invalid'", 'g.op', 'operator', 'g.t3', `(array['不属于城市管理范畴', '重复上报', '信息不全，无法核实'])[1 + floor(${h(R.reason).replace(/\bi\b/g, 'g.i')} * 3)::int]`, none, empty, 'g.dl_rep', 'null'),
        ev(S.sendVerify, 'sendVerify', "'reported'", "'verifying'", 'g.op', 'operator', 'g.t4', 'null', none, `jsonb_build_object('inspectorId', g.insp)`, 'g.dl_rep', 'null'),
        ev(S.verify, 'verify', "'verifying'", "case when g.verify_ok then 'verified' else 'invalid' end", 'g.insp', 'inspector', 'g.t5',
          `case when g.verify_ok then '现场核实属实' else '现场未发现问题' end`, `array[${photoId(5).replace(/\bi\b/g, 'g.i')}]`,
          `jsonb_build_object('result', case when g.verify_ok then 'true' when g.i % 2 = 0 then 'false' else 'duplicate' end)`, 'g.dl_ver', 'null'),
        ev(S.register, 'register', "'reported'", "'verified'", 'g.op', 'operator', 'g.t6', lit('监督员上报，直接受理'), none, empty, 'g.dl_rep', 'null'),
        ev(S.requestCancel, 'requestCancel', "'verified'", "'verified'", 'g.op', 'operator', 'g.t7', lit('上报类别错误，重复立案'), none, empty, 'null', 'null'),
        ev(S.approveCancel, 'approveCancel', "'verified'", "'cancelled'", 'g.chief', 'chief', 'g.t8', lit('同意作废'), none, empty, 'g.dl_vfd', 'null'),
        ev(S.file, 'file', "'verified'", "'filed'", 'g.chief', 'chief', 'g.t9', lit('符合立案条件'), none,
          `jsonb_build_object('classCode', g.class_code, 'filingCondition', g.fc_code, 'handleLimit', g.handle_limit)`, 'g.dl_vfd', 'null'),
        ev(S.dispatch, 'dispatch', "'filed'", "'dispatched'", 'g.disp', 'dispatcher', 'g.t10', 'null', none,
          `jsonb_build_object('departmentId', ${d1}, 'handleDeadline', ${iso('g.hd1')})`, 'g.dl_fil', d1),
        ev(S.requestReturn, 'requestReturn', "'dispatched'", "'returned'", 'g.h1', 'department', 'g.t11', lit('不属于本部门职责'), none,
          `jsonb_build_object('departmentId', ${d1})`, 'g.hd1', d1),
        ev(S.redispatch, 'redispatch', "'returned'", "'dispatched'", 'g.disp', 'dispatcher', 'g.t12', lit('经核，改派属地'), none,
          `jsonb_build_object('fromDepartmentId', ${d1}, 'departmentId', g.dept2, 'handleDeadline', ${iso('g.hd2')})`, 'g.dl_ret', dc),
        ev(S.accept, 'accept', "'dispatched'", "'handling'", 'g.hcur', 'department', 'g.t13', lit('已签收'), none, empty, 'g.hdr', dc),
        ev(S.requestSuspension, 'requestSuspension', "'handling'", "'handling'", 'g.hcur', 'department', 'g.t14', lit('涉及规划调整，需长期处置'), none, empty, 'null', dc),
        ev(S.approveSuspension, 'approveSuspension', "'handling'", "'suspended'", 'g.disp', 'dispatcher', 'g.t15', lit('同意挂账'), none,
          `jsonb_build_object('request', jsonb_build_object('kind', 'suspension', 'by', g.hcur, 'at', ${iso('g.t14')}, 'reason', '涉及规划调整，需长期处置'))`, 'g.hdr', dc),
        ev(S.closeSuspended, 'close', "'suspended'", "'closed'", 'g.chief', 'chief', 'g.t16', lit('长期挂账问题已纳入规划，特殊结案'), none, `jsonb_build_object('closeType', 'special')`, 'null', dc),
        ev(S.requestExtension, 'requestExtension', "'handling'", "'handling'", 'g.hcur', 'department', 'g.t17', lit('需协调相关单位，申请延期'), none,
          `jsonb_build_object('extra', jsonb_build_object('amount', 2, 'unit', 'working_days'))`, 'null', dc),
        ev(S.decideExtension, "case when g.ext_ok then 'approveExtension' else 'denyExtension' end", "'handling'", "'handling'", 'g.disp', 'dispatcher', 'g.t18',
          `case when g.ext_ok then '同意延期' else '延期理由不充分' end`, none,
          `case when g.ext_ok then jsonb_build_object('extra', jsonb_build_object('amount', 2, 'unit', 'working_days'), 'previousDeadline', ${iso('g.hdr')}, 'handleDeadline', ${iso('g.hdx')})
               else jsonb_build_object('request', jsonb_build_object('kind', 'extension', 'by', g.hcur, 'at', ${iso('g.t17')}, 'reason', '需协调相关单位，申请延期', 'extra', jsonb_build_object('amount', 2, 'unit', 'working_days'))) end`,
          'null', dc),
        ev(S.handle, 'handle', "'handling'", "'handled'", 'g.hcur', 'department', 'g.t19', lit('已按要求处置完毕'), `array[${photoId(19).replace(/\bi\b/g, 'g.i')}]`,
          `jsonb_build_object('inTime', g.t19 <= case when g.f_ext and g.ext_ok then g.hdx else g.hdr end)`, 'case when g.f_ext and g.ext_ok then g.hdx else g.hdr end', dc),
        ev(S.sendCheck, 'sendCheck', "'handled'", "'checking'", 'g.op', 'operator', 'g.t20', 'null', none, `jsonb_build_object('inspectorId', g.insp)`, 'g.dl_hd1', dc),
        ev(S.check, 'check', "'checking'", "case when g.f_rework then 'dispatched' else 'checked' end", 'g.insp', 'inspector', 'g.t21',
          `case when g.f_rework then '现场核查未处置到位，返工' else '现场核查已处置' end`, none,
          `case when g.f_rework then jsonb_build_object('result', 'not_fixed', 'rework', true, 'departmentId', ${dc}, 'handleDeadline', ${iso('g.hd3')}) else jsonb_build_object('result', 'fixed') end`, 'g.dl_ck1', dc),
        ev(S.accept2, 'accept', "'dispatched'", "'handling'", 'g.hcur', 'department', 'g.t22', lit('已签收'), none, empty, 'g.hd3', dc),
        ev(S.handle2, 'handle', "'handling'", "'handled'", 'g.hcur', 'department', 'g.t23', lit('已按要求处置完毕'), `array[${photoId(23).replace(/\bi\b/g, 'g.i')}]`,
          `jsonb_build_object('inTime', g.t23 <= g.hd3)`, 'g.hd3', dc),
        ev(S.sendCheck2, 'sendCheck', "'handled'", "'checking'", 'g.op', 'operator', 'g.t24', 'null', none, `jsonb_build_object('inspectorId', g.insp)`, 'g.dl_hd2', dc),
        ev(S.check2, 'check', "'checking'", "'checked'", 'g.insp', 'inspector', 'g.t25', lit('现场核查已处置'), none, `jsonb_build_object('result', 'fixed')`, 'g.dl_ck2', dc),
        ev(S.close, 'close', "'checked'", "'closed'", 'g.chief', 'chief', 'g.t26', lit('核查通过，结案'), none, `jsonb_build_object('closeType', g.close_type)`,
          'case when g.f_rework then g.dl_cd2 else g.dl_cd1 end', dc),
        ev(S.urge, 'urge', "'handling'", "'handling'", 'g.leader', 'leader', 'g.t27', lit('请加快处置进度，尽快办结'), none, empty, 'null', dc),
        ev(S.rate, 'rate', "'closed'", "'closed'", 'null::uuid', 'citizen', 'g.t28',
          `case g.satisfaction when 'satisfied' then '处理及时，很满意' when 'basic' then '基本解决，希望保持' else '问题反复出现，不满意' end`, none,
          `jsonb_build_object('satisfaction', g.satisfaction, 'channel', 'callback', 'resolved', g.satisfaction <> 'unsatisfied')`, 'null', dc),
      ];
      await db.execute(sql.raw(`insert into case_events (case_id, seq, action, from_state, to_state, actor_id, role, at, note, photo_ids, payload, step_deadline, department_id)
        select g.id, ${seqCase}, ${Array.from({ length: 11 }, (_, c) => `case s.slot ${values.map((v) => `when ${v[0]} then ${v[c + 1]}`).join(' ')} end`).join(',\n')}
        from wangge_district_gen g
        cross join lateral (values ${values.map((v) => `(${v[0]}, g.o${v[0]})`).join(', ')}) as s(slot, occurs)
        where s.occurs`));

      // ---------------------------------------------------------------- photo rows (the demo's scene files)
      const ph = (slot: number, cond: string, stage: string, by: string, at: string) => `(${slot}, ${cond}, ${photoId(slot).replace(/\bi\b/g, 'g.i')}, ${q(stage)}, ${by}, ${at})`;
      await db.execute(sql.raw(`insert into photos (id, case_id, stage, mime, bytes, width, height, sha256, path, thumb_path, uploaded_by, created_at)
        select p.id, g.id, p.stage, 'image/jpeg', sc.bytes, sc.width, sc.height, sc.sha256, sc.path, sc.thumb_path, p.by, p.at
        from wangge_district_gen g
        cross join lateral (values ${[
          ph(1, 'g.o1', 'before', 'g.creator', 'g.t1'),
          ph(2, 'g.o1 and g.self_fix', 'after', 'g.creator', 'g.t1'),
          ph(5, 'g.o5', 'other', 'g.insp', 'g.t5'),
          ph(19, 'g.o19', 'after', 'g.hcur', 'g.t19'),
          ph(23, 'g.o23', 'after', 'g.hcur', 'g.t23'),
        ].join(', ')}) as p(slot, occurs, id, stage, by, at)
        join wangge_district_scenes sc on sc.n = ((hashint8(g.i * 8 + p.slot)::bigint + 2147483648) % ${scenes.length})
        where p.occurs`));

      const st = await rows<{ state: string; n: number; ev: number; ph: number }>(db, `select state, count(*)::int n,
          sum(${seqOf(STATE_SLOTS)} + o27::int + o28::int)::int ev, sum(o1::int + (o1 and self_fix)::int + o5::int + o19::int + o23::int)::int ph
        from wangge_district_gen group by state`);
      for (const r of st) {
        byState[r.state] = (byState[r.state] ?? 0) + r.n;
        events += r.ev;
        photos += r.ph;
      }
      await db.execute(sql.raw('drop table wangge_district_gen'));
      const secs = (performance.now() - tb) / 1000;
      log(`  ${end.toLocaleString('en')} / ${n.toLocaleString('en')} cases, ${events.toLocaleString('en')} events, ${photos.toLocaleString('en')} photos (batch ${secs.toFixed(1)} s, ${Math.round((end - start) / secs).toLocaleString('en')} cases/s)`);
    }

    // ---------------------------------------------------------------- what derives from the cases
    for (const y of perYear) await advanceCaseSerial(db, y.year, y.top);
    const since = await getSetting<string>(db, 'notify.since');
    if (!since || new Date(since).getTime() < now.getTime()) await putSetting(db, 'notify.since', now.toISOString(), null, now);
  } finally {
    await cleanup();
  }
  await db.execute(sql`analyze cases`);
  await db.execute(sql`analyze case_events`);
  await db.execute(sql`analyze photos`);
  const open = OPEN_STATES.reduce((s, k) => s + (byState[k] ?? 0), 0);
  const seconds = (performance.now() - t0) / 1000;
  log(`  generated ${n.toLocaleString('en')} cases (${open.toLocaleString('en')} open), ${events.toLocaleString('en')} events, ${photos.toLocaleString('en')} photos in ${seconds.toFixed(1)} s`);
  return { cases: n, open, events, photos, byState, seconds };
}

export interface PrepareOptions {
  databaseUrl: string | null;
  /** The data directory: the PGlite database (db/) and the uploads (uploads/, where the photos are). */
  dataDir: string;
  cases: number;
  /** Cases the demo seed itself walks through the state machine (default 0: the generator makes them all). */
  demoCases?: number;
  batch?: number;
  seed?: number;
  /** Derive the evaluation facts afterwards, as `wangge start` does after loading the demo (default true). */
  facts?: boolean;
  log?: (msg: string) => void;
}

/**
 * Opens (and migrates) the database, loads the base data and, into a database without users, the Lvyuan demo; then
 * generates the district and, unless told not to, derives the evaluation facts. The caller closes the database.
 */
export async function prepareDistrict(opts: PrepareOptions): Promise<{ database: Database; result: DistrictResult; seeded: boolean; factsSeconds: number | null }> {
  const log = opts.log ?? (() => {});
  const { loadConfig } = await import('../../src/server/config');
  const { migrateDatabase, openDatabase } = await import('../../src/server/db/client');
  const { loadBaseData } = await import('../../src/server/seed/base-data');
  const config = loadConfig({ DATA_DIR: opts.dataDir, ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}), LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(database);
    const now = new Date();
    await loadBaseData(database.db, now);
    const [{ users }] = await rows<{ users: number }>(database.db, 'select count(*)::int users from users');
    let seeded = false;
    if (users === 0) {
      const { seedDemo } = await import('../../src/demo/seed');
      const t = performance.now();
      const summary = await seedDemo(database.db, { now, uploadsDir: config.uploadsDir, cases: opts.demoCases ?? 0 });
      log(`  demo loaded: ${summary} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
      seeded = true;
    } else {
      log(`  the database has ${users} users already: adding the cases to it`);
    }
    const result = await generateDistrict(database.db, { cases: opts.cases, uploadsDir: config.uploadsDir, batch: opts.batch, seed: opts.seed, log });
    let factsSeconds: number | null = null;
    if (opts.facts !== false) {
      const { createContext } = await import('../../src/server/context');
      const { refreshFacts } = await import('../../src/server/evaluation/evaluation.service');
      const t = performance.now();
      await refreshFacts(createContext(config, database));
      factsSeconds = (performance.now() - t) / 1000;
      log(`  evaluation facts derived (${factsSeconds.toFixed(0)} s)`);
    }
    return { database, result, seeded, factsSeconds };
  } catch (e) {
    await database.close();
    throw e;
  }
}
