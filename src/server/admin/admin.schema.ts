// Request schemas of the administration API (应用维护): users, departments, responsibility list, catalogue, calendar, beats.
import { z } from 'zod';
import { ROLES } from '../../domain/workflow';

const limitUnit = z.enum(['working_minutes', 'working_hours', 'working_days', 'clock_minutes', 'clock_hours', 'natural_days']);
const departmentKind = z.enum([
  'enforcement', 'housing', 'market', 'ecology', 'transport', 'water', 'greening', 'sanitation', 'street', 'utility_power', 'utility_telecom',
  'utility_gas', 'utility_heating', 'traffic_police', 'public_security', 'natural_resources', 'emergency',
]);

/** A patch must change something: an empty one is a client mistake (and an empty UPDATE is not SQL). */
const changesSomething = (o: object) => Object.values(o).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { message: 'send at least one field to change' };

export const UserCreateSchema = z
  .object({
    username: z.string().regex(/^[a-zA-Z0-9_.-]{2,64}$/, '2–64 letters, digits, _ . -'),
    displayName: z.string().trim().min(1).max(50),
    password: z.string().min(8).max(256),
    roles: z.array(z.enum(ROLES).exclude(['system', 'citizen'])).min(1),
    departmentId: z.string().uuid().nullable().default(null),
    phone: z.string().regex(/^[0-9+\- ]{5,20}$/).nullable().default(null),
  })
  .strict();

export const UserPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(50),
    password: z.string().min(8).max(256),
    roles: z.array(z.enum(ROLES).exclude(['system', 'citizen'])).min(1),
    departmentId: z.string().uuid().nullable(),
    phone: z.string().regex(/^[0-9+\- ]{5,20}$/).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine(changesSomething, NOTHING_TO_CHANGE);

export const DepartmentCreateSchema = z
  .object({
    code: z.string().trim().min(2).max(40),
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    kind: departmentKind,
    streetCode: z.string().regex(/^\d{9}$/).nullable().default(null),
  })
  .strict();

export const DepartmentPatchSchema = z
  .object({ nameZh: z.string().trim().min(1).max(100), nameEn: z.string().trim().min(1).max(200), active: z.boolean() })
  .partial()
  .strict()
  .refine(changesSomething, NOTHING_TO_CHANGE);

export const RuleSchema = z
  .object({
    kind: z.enum(['component', 'matter']),
    classCode: z.string().regex(/^\d{5,8}$/),
    filingCondition: z.string().max(40).nullable().default(null),
    areaClass: z.enum(['A', 'B', 'C']).nullable().default(null),
    streetCode: z.string().regex(/^\d{9}$/).nullable().default(null),
    departmentId: z.string().uuid().nullable().describe('null: the locality (street office) handles it'),
    coDepartmentIds: z.array(z.string().uuid()).max(10).default([]),
    limit: z.object({ amount: z.number().positive().max(10_000), unit: limitUnit }).nullable().default(null),
  })
  .strict();

export const LocalClassSchema = z
  .object({
    kind: z.enum(['component', 'matter']),
    parentCode: z.string().regex(/^\d{5}$/).describe('the standard class this local sub-class refines'),
    suffix: z.string().regex(/^\d{2,3}$/).describe('appended to the parent code, e.g. 09006 + 01 → 0900601'),
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    filingConditions: z
      .array(z.object({ nameZh: z.string().trim().min(1).max(100), nameEn: z.string().trim().min(1).max(200), amount: z.number().positive().max(10_000), unit: limitUnit }))
      .min(1)
      .max(10),
  })
  .strict();

export const ClassPatchSchema = z
  .object({ nameZh: z.string().trim().min(1).max(100), nameEn: z.string().trim().min(1).max(200), active: z.boolean(), urgent: z.boolean(), privatePoint: z.boolean() })
  .partial()
  .strict()
  .refine(changesSomething, NOTHING_TO_CHANGE);

export const FilingConditionPatchSchema = z
  .object({
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    amount: z.number().positive().max(10_000),
    unit: limitUnit,
    closeConditionZh: z.string().max(500),
    closeConditionEn: z.string().max(1000),
  })
  .partial()
  .strict();

export const WorkflowSettingsSchema = z
  .object({
    calendar: z.object({
      windows: z.array(z.object({ start: z.string(), end: z.string() })).min(1).max(6),
      holidays: z.array(z.string()).max(400),
      workdays: z.array(z.string()).max(100),
    }),
    stepLimits: z.partialRecord(z.enum(['verify', 'file', 'dispatch', 'accept', 'check', 'close', 'approve']), z.object({ amount: z.number().positive().max(10_000), unit: limitUnit })),
    warnShare: z.number().min(0.1).max(0.99),
  })
  .partial()
  .strict();

export const BeatSchema = z
  .object({
    code: z.string().trim().min(2).max(40),
    name: z.string().trim().min(1).max(100),
    communityCode: z.string().regex(/^\d{12}$/).nullable().default(null),
    inspectorId: z.string().uuid().nullable().default(null),
    gridCodes: z.array(z.string().regex(/^\d{15}$/)).max(5000).default([]),
  })
  .strict();

export const BeatPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    inspectorId: z.string().uuid().nullable(),
    gridCodes: z.array(z.string().regex(/^\d{15}$/)).max(5000),
  })
  .partial()
  .strict();
