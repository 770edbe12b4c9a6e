// The component register in the database: lookups, searches, upserts in bulk and the change history.
import { and, asc, desc, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { catalogueClasses, componentEvents, components, users } from '../db/schema';

export type ComponentRow = typeof components.$inferSelect;
export type ComponentInsert = typeof components.$inferInsert;

export async function findComponent(db: Executor, id: string, forUpdate = false): Promise<ComponentRow | null> {
  const q = db.select().from(components).where(eq(components.id, id));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export interface ComponentFilter {
  bbox?: [number, number, number, number];
  classPrefix?: string;
  state?: string;
  area?: string; // grid, community or street code
  q?: string;
}

function where(f: ComponentFilter): SQL | undefined {
  const w: SQL[] = [];
  if (f.bbox) w.push(sql`${components.location} <@ box(point(${f.bbox[0]}, ${f.bbox[1]}), point(${f.bbox[2]}, ${f.bbox[3]}))`);
  if (f.classPrefix) w.push(like(components.classCode, `${f.classPrefix}%`));
  if (f.state) w.push(eq(components.state, f.state));
  if (f.area) {
    if (f.area.length === 15) w.push(eq(components.gridCode, f.area));
    else if (f.area.length === 12) w.push(eq(components.communityCode, f.area));
    else w.push(eq(components.streetCode, f.area));
  }
  if (f.q) {
    const esc = f.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    w.push(or(like(components.id, `%${esc}%`), ilike(components.name, `%${esc}%`))!);
  }
  return w.length ? and(...w) : undefined;
}

export async function searchComponents(db: Executor, f: ComponentFilter, limit: number, offset: number) {
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ c: components, className: catalogueClasses.nameZh })
      .from(components)
      .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, 'component'), eq(catalogueClasses.code, components.classCode)))
      .where(where(f))
      .orderBy(asc(components.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(components).where(where(f)),
  ]);
  return { total: Number(n), rows };
}

export async function componentsByIds(db: Executor, ids: string[]): Promise<Map<string, ComponentRow>> {
  const out = new Map<string, ComponentRow>();
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    for (const r of await db.select().from(components).where(inArray(components.id, part))) out.set(r.id, r);
  }
  return out;
}

/** The highest serial used in a class, for numbering a new component. */
export async function maxSerial(db: Executor, district: string, classCode: string): Promise<number> {
  const [r] = await db
    .select({ id: sql<string | null>`max(${components.id})` })
    .from(components)
    .where(like(components.id, `${district}${classCode}%`));
  return r?.id ? Number(r.id.slice(-6)) : 0;
}

const x = (col: string) => sql.raw(`excluded.${col}`);

export async function upsertComponents(db: Executor, rows: ComponentInsert[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(components)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: components.id,
        set: {
          classCode: x('class_code'),
          name: x('name'),
          deptCode: x('dept_code'),
          deptName: x('dept_name'),
          gridCode: x('grid_code'),
          state: x('state'),
          initialDate: x('initial_date'),
          changeDate: x('change_date'),
          ownerUnit: x('owner_unit'),
          maintenanceUnit: x('maintenance_unit'),
          dataSource: x('data_source'),
          note: x('note'),
          streetCode: x('street_code'),
          streetName: x('street_name'),
          communityCode: x('community_code'),
          communityName: x('community_name'),
          lng: x('lng'),
          lat: x('lat'),
          location: x('location'),
          legacyId: x('legacy_id'),
          updatedAt: x('updated_at'),
          version: sql`${components.version} + 1`,
        },
      });
  }
}

export async function updateComponent(db: Executor, id: string, patch: Partial<ComponentInsert>): Promise<ComponentRow | null> {
  const [r] = await db
    .update(components)
    .set({ ...patch, version: sql`${components.version} + 1` })
    .where(eq(components.id, id))
    .returning();
  return r ?? null;
}

export async function insertEvents(db: Executor, rows: (typeof componentEvents.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(componentEvents).values(rows.slice(i, i + 1000));
}

export async function componentHistory(db: Executor, id: string, limit = 200) {
  return db
    .select({
      at: componentEvents.at,
      action: componentEvents.action,
      fromState: componentEvents.fromState,
      toState: componentEvents.toState,
      caseId: componentEvents.caseId,
      caseNumber: componentEvents.caseNumber,
      actorId: componentEvents.actorId,
      actorName: users.displayName,
      note: componentEvents.note,
      changes: componentEvents.changes,
    })
    .from(componentEvents)
    .leftJoin(users, eq(users.id, componentEvents.actorId))
    .where(eq(componentEvents.componentId, id))
    .orderBy(desc(componentEvents.at), desc(componentEvents.id))
    .limit(limit);
}

/** The state a case's report put the component in, to restore it when the case turns out to be erroneous. */
export async function stateBeforeCase(db: Executor, componentId: string, caseId: string): Promise<string | null> {
  const [r] = await db
    .select({ fromState: componentEvents.fromState })
    .from(componentEvents)
    .where(and(eq(componentEvents.componentId, componentId), eq(componentEvents.caseId, caseId), eq(componentEvents.action, 'case_reported')))
    .orderBy(asc(componentEvents.id))
    .limit(1);
  return r?.fromState ?? null;
}

export async function componentClassNames(db: Executor): Promise<Map<string, string>> {
  const rows = await db.select({ code: catalogueClasses.code, nameZh: catalogueClasses.nameZh }).from(catalogueClasses).where(eq(catalogueClasses.kind, 'component'));
  return new Map(rows.map((r) => [r.code, r.nameZh]));
}

export async function allComponents(db: Executor, f: ComponentFilter) {
  return db.select().from(components).where(where(f)).orderBy(asc(components.id));
}



/**
 * After unit grids, communities or streets changed: components in changed or removed grids take the grid their
 * position now lies in (with its community and street), and components in renamed communities or streets take the
 * new names. Components left outside every grid keep their old grid code. Returns how many rows changed.
 */
export async function relocateComponents(tx: Executor, changed: { gridCodes: string[]; communityCodes: string[]; streetCodes: string[] }): Promise<number> {
  let n = 0;
  for (let i = 0; i < changed.gridCodes.length; i += 5000) {
    const part = changed.gridCodes.slice(i, i + 5000);
    const r = await tx.execute(sql`
      update ${components} c
         set grid_code = g.code, community_code = g.community_code, street_code = g.street_code,
             community_name = cm.name, street_name = st.name
        from grids g
        join communities cm on cm.code = g.community_code
        join streets st on st.code = g.street_code
       where c.grid_code in (${sql.join(part.map((p) => sql`${p}`), sql`, `)})
         and g.ring @> polygon(box(c.location, c.location))
         and (c.grid_code <> g.code or c.community_name is distinct from cm.name or c.street_name is distinct from st.name)
      returning c.id`);
    n += (r as unknown as { rows: unknown[] }).rows.length;
  }
  if (changed.communityCodes.length) {
    const r = await tx.execute(sql`
      update ${components} c set community_name = cm.name
        from communities cm
       where cm.code = c.community_code and c.community_code in (${sql.join(changed.communityCodes.map((p) => sql`${p}`), sql`, `)})
         and c.community_name is distinct from cm.name
      returning c.id`);
    n += (r as unknown as { rows: unknown[] }).rows.length;
  }
  if (changed.streetCodes.length) {
    const r = await tx.execute(sql`
      update ${components} c set street_name = st.name
        from streets st
       where st.code = c.street_code and c.street_code in (${sql.join(changed.streetCodes.map((p) => sql`${p}`), sql`, `)})
         and c.street_name is distinct from st.name
      returning c.id`);
    n += (r as unknown as { rows: unknown[] }).rows.length;
  }
  return n;
}
