// Base data every deployment needs: the default GB/T 47678.5-2026 catalogue and the default settings.
// Idempotent: existing rows (possibly edited by administrators) are left alone.
import { sql } from 'drizzle-orm';
import { GB47678_5_CLASSES } from '../../domain/catalogue';
import type { Db } from '../db/client';
import { catalogueClasses, filingConditions, settings } from '../db/schema';
import { DEFAULT_CALENDAR } from '../settings/settings.service';
import { DEFAULT_STEP_LIMITS } from '../../domain/workflow';

export async function loadBaseData(db: Db, now: Date): Promise<void> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(catalogueClasses);
  if (Number(n) === 0) {
    await db.transaction(async (tx) => {
      const classes = GB47678_5_CLASSES.map((c) => ({
        kind: c.kind,
        code: c.code,
        majorCode: c.majorCode,
        majorNameZh: c.majorNameZh,
        majorNameEn: c.majorNameEn,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        departmentKind: c.departmentKind,
        locality: c.locality,
        urgent: c.urgent,
        privatePoint: c.privatePoint,
      }));
      for (let i = 0; i < classes.length; i += 200) await tx.insert(catalogueClasses).values(classes.slice(i, i + 200)).onConflictDoNothing();
      const conditions = GB47678_5_CLASSES.flatMap((c) =>
        c.filingConditions.map((f) => ({
          code: `${c.kind === 'component' ? 'C' : 'M'}${f.code}`,
          kind: c.kind,
          classCode: c.code,
          nameZh: f.nameZh,
          nameEn: f.nameEn,
          limitAmount: f.limit.amount,
          limitUnit: f.limit.unit,
          closeConditionZh: f.closeConditionZh,
          closeConditionEn: f.closeConditionEn,
        })),
      );
      for (let i = 0; i < conditions.length; i += 200) await tx.insert(filingConditions).values(conditions.slice(i, i + 200)).onConflictDoNothing();
    });
  }
  await db
    .insert(settings)
    .values([
      { key: 'calendar', value: DEFAULT_CALENDAR, updatedAt: now },
      { key: 'stepLimits', value: DEFAULT_STEP_LIMITS, updatedAt: now },
      { key: 'warnShare', value: 0.8, updatedAt: now },
    ])
    .onConflictDoNothing();
}
