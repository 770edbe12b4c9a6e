// The demo component register (部件): street lights, manhole covers, gullies, bins and name plates along the demo's
// generated roads, with the 18 attributes filled in. All generated (data source 其他, note says so): a real district
// imports its census (部件普查) instead.
import { asc, eq } from 'drizzle-orm';
import { findClass, DEPARTMENT_KINDS } from '../domain/catalogue';
import { buildComponentId } from '../domain/grid';
import { GridIndex, localProjection, type LngLat } from '../domain/geo';
import type { Executor } from '../server/db/client';
import * as t from '../server/db/schema';
import { mulberry32 } from './geo/prng';

/** What stands along a road, per door plate (every 40 m each side): class and how often. */
const ALONG_ROADS: { classCode: string; every: number; offsetM: number }[] = [
  { classCode: '01037', every: 3, offsetM: -6 }, // 路灯 street light
  { classCode: '01001', every: 14, offsetM: -9 }, // 供水井盖
  { classCode: '01002', every: 10, offsetM: -10 }, // 污水井盖
  { classCode: '01003', every: 11, offsetM: -8 }, // 雨水井盖
  { classCode: '01004', every: 8, offsetM: -11 }, // 雨水箅子
  { classCode: '01005', every: 23, offsetM: -7 }, // 电力井盖
  { classCode: '01007', every: 19, offsetM: -7.5 }, // 通信井盖
  { classCode: '03005', every: 15, offsetM: -4 }, // 垃圾箱
  { classCode: '02012', every: 40, offsetM: -3 }, // 路名牌
];

const MAINTAINERS: Record<string, string> = {
  housing: '绿园区市政设施养护所',
  water: '长春水务集团绿园分公司',
  sanitation: '绿园区环卫作业服务中心',
  utility_power: '国网长春供电公司绿园供电中心',
  utility_telecom: '中国电信长春分公司',
};

/** A plausible 18-character unified social credit code for a demo department (not a real organisation's). */
const demoUscc = (n: number) => `11220106MB${String(n).padStart(7, '0')}X`;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Fills the component register for the Lvyuan demo along the generated roads of the demo gazetteer (call after
 * it). Deterministic; does nothing when components exist. Returns the number of components.
 */
export async function seedDemoComponents(db: Executor, opts: { now: Date; districtCode?: string }): Promise<number> {
  const district = opts.districtCode ?? '220106';
  if ((await db.$count(t.components)) > 0) return 0;
  const plates = await db
    .select({ code: t.gazetteerEntries.code, road: t.gazetteerEntries.road, houseNumber: t.gazetteerEntries.houseNumber, lng: t.gazetteerEntries.lng, lat: t.gazetteerEntries.lat })
    .from(t.gazetteerEntries)
    .where(eq(t.gazetteerEntries.kind, 'address'))
    .orderBy(asc(t.gazetteerEntries.code));
  if (plates.length === 0) return 0;
  const gridRows = await db.select({ code: t.grids.code, communityCode: t.grids.communityCode, streetCode: t.grids.streetCode, ring: t.grids.ring }).from(t.grids);
  const grids = new GridIndex(gridRows);
  const streetNames = new Map((await db.select({ code: t.streets.code, name: t.streets.name }).from(t.streets)).map((s) => [s.code, s.name]));
  const communityNames = new Map((await db.select({ code: t.communities.code, name: t.communities.name }).from(t.communities)).map((c) => [c.code, c.name]));
  const rand = mulberry32(20260711);
  const proj = localProjection([plates[0].lng, plates[0].lat]);
  const serial = new Map<string, number>();
  const deptNo = new Map<string, number>();
  // Which roads run east–west: their plates spread more in longitude than in latitude.
  const roadOf = (code: string) => code.replace(/:\d+$/, '');
  const extent = new Map<string, [number, number, number, number]>();
  for (const pl of plates) {
    const e = extent.get(roadOf(pl.code)) ?? [Infinity, Infinity, -Infinity, -Infinity];
    extent.set(roadOf(pl.code), [Math.min(e[0], pl.lng), Math.min(e[1], pl.lat), Math.max(e[2], pl.lng), Math.max(e[3], pl.lat)]);
  }
  const horizontalRoad = new Map([...extent].map(([k, e]) => [k, (e[2] - e[0]) * proj.metresPerDegLng > (e[3] - e[1]) * proj.metresPerDegLat]));
  const rows: (typeof t.components.$inferInsert)[] = [];
  const events: (typeof t.componentEvents.$inferInsert)[] = [];

  plates.forEach((plate, i) => {
    const n = Number(/(\d+)号$/.exec(plate.houseNumber ?? '')?.[1] ?? i);
    for (const a of ALONG_ROADS) {
      if (n % a.every !== 0) continue;
      const cls = findClass('component', a.classCode);
      if (!cls) continue;
      // Between the plate and the road's centre line (plates stand 12 m off it), with a little scatter.
      const odd = n % 2 === 1;
      const towardRoad = odd ? -1 : 1;
      const alongM = (rand.next() - 0.5) * 8;
      const acrossM = towardRoad * (12 + a.offsetM) + (rand.next() - 0.5) * 1.5;
      const p: LngLat = horizontalRoad.get(roadOf(plate.code))
        ? [plate.lng + alongM / proj.metresPerDegLng, plate.lat + acrossM / proj.metresPerDegLat]
        : [plate.lng + acrossM / proj.metresPerDegLng, plate.lat + alongM / proj.metresPerDegLat];
      const g = grids.locate(p[0], p[1]);
      if (!g) continue;
      const s = (serial.get(a.classCode) ?? 0) + 1;
      serial.set(a.classCode, s);
      const id = buildComponentId(district, a.classCode, s);
      const kind = cls.departmentKind === 'street' ? 'housing' : cls.departmentKind;
      if (!deptNo.has(kind)) deptNo.set(kind, deptNo.size + 1);
      const deptName = `绿园区${DEPARTMENT_KINDS[kind].nameZh}`.replace('绿园区绿园区', '绿园区');
      const x = rand.next();
      const state = x < 0.025 ? 'damaged' : x < 0.035 ? 'lost' : x < 0.04 ? 'abandoned' : 'intact';
      const year = 2012 + rand.int(12);
      const initialDate = `${year}-${pad(1 + rand.int(12))}-${pad(1 + rand.int(28))}`;
      const changeDate = state === 'intact' ? null : `2026-${pad(1 + rand.int(6))}-${pad(1 + rand.int(28))}`;
      const at = { lng: Math.round(p[0] * 1e7) / 1e7, lat: Math.round(p[1] * 1e7) / 1e7 };
      rows.push({
        id,
        classCode: a.classCode,
        name: `${plate.road ?? ''}${cls.nameZh}`,
        deptCode: demoUscc(deptNo.get(kind)!),
        deptName,
        gridCode: g.code,
        state,
        initialDate,
        changeDate,
        ownerUnit: deptName,
        maintenanceUnit: MAINTAINERS[kind] ?? deptName,
        dataSource: '其他',
        note: '演示数据（生成），非真实普查数据',
        streetCode: g.streetCode,
        streetName: streetNames.get(g.streetCode) ?? null,
        communityCode: g.communityCode,
        communityName: communityNames.get(g.communityCode) ?? null,
        ...at,
        location: [at.lng, at.lat],
        legacyId: null,
        createdAt: opts.now,
        updatedAt: opts.now,
      });
      events.push({ componentId: id, at: opts.now, action: 'import', fromState: null, toState: state, note: '演示数据 demo' });
    }
  });
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(t.components).values(rows.slice(i, i + 1000));
    for (let i = 0; i < events.length; i += 2000) await tx.insert(t.componentEvents).values(events.slice(i, i + 2000));
  });
  return rows.length;
}
