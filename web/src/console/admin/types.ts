// Types of the administration API, taken from the server's schemas and services (type-only: nothing reaches the bundle).
import type { z } from 'zod';
import type * as schema from '../../../../src/server/admin/admin.schema';
import type * as service from '../../../../src/server/admin/admin.service';
import type { listUsers } from '../../../../src/server/org/org.repository';

/** What a value looks like after JSON: dates become ISO strings. */
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type Answer<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

export type UserCreate = z.input<typeof schema.UserCreateSchema>;
export type UserPatch = z.input<typeof schema.UserPatchSchema>;
export type DepartmentCreate = z.input<typeof schema.DepartmentCreateSchema>;
export type DepartmentPatch = z.input<typeof schema.DepartmentPatchSchema>;
export type RuleInput = z.input<typeof schema.RuleSchema>;
export type LocalClassInput = z.input<typeof schema.LocalClassSchema>;
export type ClassPatch = z.input<typeof schema.ClassPatchSchema>;
export type FilingConditionPatch = z.input<typeof schema.FilingConditionPatchSchema>;
export type WorkflowSettingsInput = z.input<typeof schema.WorkflowSettingsSchema>;
export type BeatInput = z.input<typeof schema.BeatSchema>;
export type BeatPatch = z.input<typeof schema.BeatPatchSchema>;

export type Limit = NonNullable<RuleInput['limit']>;
export type LimitUnit = Limit['unit'];
export type DepartmentKind = DepartmentCreate['kind'];
export type AssignableRole = UserCreate['roles'][number];
export type LimitedStep = keyof NonNullable<WorkflowSettingsInput['stepLimits']>;

export type AdminUser = Answer<typeof listUsers>[number];
export type Rule = Answer<typeof service.listResponsibility>[number];
export type WorkflowSettings = Answer<typeof service.getWorkflowSettings>;
export type Beat = Answer<typeof service.listBeats>[number];
export type AuditEntry = Answer<typeof service.auditTrail>[number];

/** GET /api/catalogue: every column of a class plus its filing conditions. */
export interface AdminClass {
  kind: 'component' | 'matter';
  code: string;
  parentCode: string | null;
  majorCode: string;
  majorNameZh: string;
  majorNameEn: string;
  nameZh: string;
  nameEn: string;
  departmentKind: string;
  locality: boolean;
  urgent: boolean;
  privatePoint: boolean;
  local: boolean;
  active: boolean;
  filingConditions: { code: string; nameZh: string; nameEn: string; limit: { amount: number; unit: LimitUnit }; closeConditionZh: string; closeConditionEn: string }[];
}

export const LIMIT_UNITS: readonly LimitUnit[] = ['working_minutes', 'working_hours', 'working_days', 'clock_minutes', 'clock_hours', 'natural_days'];
export const LIMITED_STEPS: readonly LimitedStep[] = ['verify', 'file', 'dispatch', 'accept', 'check', 'close', 'approve'];
export const ASSIGNABLE_ROLES: readonly AssignableRole[] = ['inspector', 'operator', 'chief', 'dispatcher', 'department', 'leader', 'admin', 'petition'];
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = [
  'enforcement', 'housing', 'market', 'ecology', 'transport', 'water', 'greening', 'sanitation', 'street', 'utility_power', 'utility_telecom',
  'utility_gas', 'utility_heating', 'traffic_police', 'public_security', 'natural_resources', 'emergency',
];
