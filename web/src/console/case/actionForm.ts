// Builds the form of a workflow action from its input schema (src/domain/workflow/actions.ts): one widget per field,
// required-ness and enum values read from the schema, and the same schema validates before sending.
import { z } from 'zod';
import { ActionInputSchemas, ACTION_RULES } from '../../../../src/domain/workflow/actions';
import type { ActionName, CaseDetail } from '../../shared/types';

export type FieldKind =
  | 'inspector'
  | 'department'
  | 'departments'
  | 'text' // a required reason or note
  | 'note' // an optional note
  | 'choice'
  | 'caseNumber'
  | 'photos'
  | 'filingCondition'
  | 'classCode'
  | 'limit';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  options?: string[];
}

const BY_NAME: Record<string, FieldKind> = {
  inspectorId: 'inspector',
  departmentId: 'department',
  coDepartmentIds: 'departments',
  reason: 'text',
  duplicateOf: 'caseNumber',
  photoIds: 'photos',
  filingCondition: 'filingCondition',
  classCode: 'classCode',
  extra: 'limit',
};

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}

export function describeAction(action: ActionName): FieldSpec[] {
  const schema = ActionInputSchemas[action] as unknown as z.ZodObject<Record<string, z.ZodType>>;
  return Object.entries(schema.shape).map(([name, field]) => {
    const required = !field.safeParse(undefined).success;
    const inner = unwrap(field);
    if (inner instanceof z.ZodEnum) return { name, kind: 'choice', required, options: inner.options as string[] };
    const kind = BY_NAME[name] ?? (required ? 'text' : 'note');
    return { name, kind, required };
  });
}

export type ValidationResult = { ok: true; value: Record<string, unknown> } | { ok: false; fields: { name: string; message: string }[] };

/** Drops empty values and validates with the action's own schema, as the server will. */
export function validateInput(action: ActionName, raw: Record<string, unknown>): ValidationResult {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0 && k !== 'photoIds') continue;
    clean[k] = typeof v === 'string' ? v.trim() : v;
  }
  const res = ActionInputSchemas[action].safeParse(clean);
  if (res.success) return { ok: true, value: res.data as Record<string, unknown> };
  return { ok: false, fields: res.error.issues.map((i) => ({ name: String(i.path[0] ?? ''), message: i.message })) };
}

export const actionLabel = (action: string, lang: 'zh' | 'en'): string => {
  const rule = ACTION_RULES[action as ActionName];
  if (rule) return lang === 'en' ? rule.labelEn : rule.labelZh;
  if (action === 'report') return lang === 'en' ? 'Report' : '上报';
  if (action === 'reportSelfFix') return lang === 'en' ? 'Self-fix report' : '自处理上报';
  return action;
};

/** How an action button looks: forward steps are primary, refusals are danger, notes are quiet. */
export function actionTone(action: ActionName): 'primary' | 'danger' | 'default' {
  if (['reject', 'requestCancel', 'approveCancel', 'requestReturn', 'denyExtension', 'denySuspension', 'rejectCancel', 'rejectReturn'].includes(action)) return 'danger';
  if (['comment', 'urge', 'requestExtension', 'requestSuspension'].includes(action)) return 'default';
  return 'primary';
}

/** The order of buttons: the step forward first, then requests and refusals, notes last. */
export function sortActions(actions: string[]): ActionName[] {
  const rank = (a: ActionName) => (actionTone(a) === 'primary' ? 0 : actionTone(a) === 'danger' ? 1 : 2);
  return (actions as ActionName[]).filter((a) => a in ACTION_RULES).sort((a, b) => rank(a) - rank(b));
}

/** Sensible starting values: the responsible department, the inspector who last went on site, the usual answer. */
export function initialValues(action: ActionName, c: CaseDetail): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if ((action === 'dispatch' || action === 'redispatch') && c.suggestedDepartment) {
    if (!(action === 'redispatch' && c.suggestedDepartment.departmentId === c.departmentId)) v.departmentId = c.suggestedDepartment.departmentId;
  }
  if (action === 'sendCheck' || action === 'sendVerify') {
    const onSite = [...c.events].reverse().find((e) => e.role === 'inspector' && e.actorId);
    if (onSite) v.inspectorId = onSite.actorId;
  }
  if (action === 'verify') v.result = 'true';
  if (action === 'check') v.result = 'fixed';
  if (action === 'requestExtension') v.extra = { amount: 1, unit: 'working_days' };
  if (action === 'handle' || action === 'check' || action === 'verify' || action === 'comment') v.photoIds = [];
  return v;
}
