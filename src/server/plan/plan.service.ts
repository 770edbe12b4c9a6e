// Supervision of the plan (督查督办): the board with progress and status lights, task detail, departments' progress
// reports with evidence, leaders' 督办 notices, plan import (JSON/xlsx, all or nothing) and the monthly report export.
import ExcelJS from 'exceljs';
import path from 'node:path';
import { shanghaiDay, shanghaiInstant } from '../../domain/calendar';
import {
  compareStatus,
  milestonesAt,
  readPlan,
  rollUp,
  rowsOfJson,
  taskState,
  type Milestone,
  type ParsedPlan,
  type Problem,
  type RawTaskRow,
  type TaskStatus,
  type TaskTerms,
} from '../../domain/plan';
import { requireAccess, scopeFor, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { readTable } from '../integrations/table';
import { notify } from '../notify/notify.service';
import { audit } from '../admin/admin.repository';
import { MEASURES, measure, measureOf, resolveMeasureRef, type MeasureParams } from './plan.measures';
import * as repo from './plan.repository';
import type { Board, BoardQuery, ReportInput, TaskDetail, TaskSummary, UrgeInput } from './plan.schema';

type Dept = { id: string; name: string; nameEn: string };

const STATUS_WORDS: Record<TaskStatus, { zh: string; en: string }> = {
  done: { zh: '已完成', en: 'Done' },
  on_track: { zh: '正常推进', en: 'On track' },
  lagging: { zh: '进度滞后', en: 'Lagging' },
  overdue: { zh: '逾期未完成', en: 'Overdue' },
};

const notFound = () => new AppError('WORK_PLAN_NOT_FOUND');
const taskNotFound = () => new AppError('PLAN_TASK_NOT_FOUND');

/** The terms of a task as the domain reads them. */
function termsOf(t: repo.TaskRow, plan: repo.PlanRow): TaskTerms {
  return {
    target: { value: t.targetValue, unit: t.targetUnit, direction: t.direction as 'at_least' | 'at_most', kind: t.kind as 'cumulative' | 'level' },
    startOn: plan.startOn,
    deadline: t.deadline,
    milestones: t.milestones as Milestone[],
  };
}

type ReportLine = Awaited<ReturnType<typeof repo.reportsOf>>[number];

/** The figure of a task as of a day: the live measure if linked, else the latest report on or before the day. */
async function figuresOf(ctx: AppContext, tasks: repo.TaskRow[], reports: ReportLine[], asOf: Date) {
  const day = shanghaiDay(asOf);
  const cache = new Map<string, Promise<number | null>>();
  const out = new Map<string, { value: number | null; valueOn: string | null; completed: boolean; live: boolean }>();
  for (const t of tasks) {
    const mine = reports.filter((r) => r.r.taskId === t.id && r.r.on <= day);
    const completed = mine.some((r) => r.r.completed);
    if (t.measureKey) {
      const key = `${t.measureKey}|${JSON.stringify(t.measureParams)}`;
      if (!cache.has(key)) cache.set(key, measure(ctx, t.measureKey, t.measureParams as MeasureParams, asOf).catch(() => null));
      out.set(t.id, { value: await cache.get(key)!, valueOn: day, completed, live: true });
    } else {
      const last = [...mine].reverse().find((r) => r.r.value !== null);
      out.set(t.id, { value: last?.r.value ?? null, valueOn: last?.r.on ?? null, completed, live: false });
    }
  }
  return out;
}

async function departmentNames(ctx: AppContext): Promise<Map<string, Dept>> {
  return new Map((await repo.allDepartments(ctx.db)).map((d) => [d.id, { id: d.id, name: d.nameZh, nameEn: d.nameEn }]));
}

async function summaries(ctx: AppContext, plan: repo.PlanRow, tasks: repo.TaskRow[], asOf: Date) {
  const ids = tasks.map((t) => t.id);
  const [reports, urges, depts] = await Promise.all([repo.reportsOf(ctx.db, ids), repo.urgesOf(ctx.db, ids), departmentNames(ctx)]);
  const figures = await figuresOf(ctx, tasks, reports, asOf);
  const dept = (id: string): Dept => depts.get(id) ?? { id, name: id, nameEn: id };
  const day = shanghaiDay(asOf);
  const list: TaskSummary[] = tasks.map((t) => {
    const terms = termsOf(t, plan);
    const f = figures.get(t.id)!;
    const st = taskState(terms, f, asOf);
    const m = t.measureKey ? measureOf(t.measureKey) : null;
    return {
      id: t.id,
      code: t.code,
      text: t.text,
      sectionId: t.sectionId,
      lead: dept(t.leadDepartmentId),
      co: t.coDepartmentIds.map(dept),
      target: terms.target,
      deadline: t.deadline,
      milestones: terms.milestones as Milestone[],
      measure: m ? { key: m.key, name: m.nameZh, nameEn: m.nameEn, definition: m.definitionZh, definitionEn: m.definitionEn } : null,
      value: f.value,
      valueOn: f.valueOn,
      live: f.live,
      status: st.status,
      progress: st.progress,
      expected: st.expected,
      daysOverdue: st.daysOverdue,
      daysLeft: st.daysLeft,
      nextMilestone: milestonesAt(terms, day).next,
      reports: reports.filter((r) => r.r.taskId === t.id).length,
      urges: urges.filter((u) => u.u.taskId === t.id).length,
    };
  });
  return { list, reports, urges };
}

// ------------------------------------------------------------------ reading

export async function listPlans(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'plan.read');
  const plans = await repo.listPlans(ctx.db);
  const now = ctx.now();
  const out = [];
  for (const p of plans) {
    const { list } = await summaries(ctx, p, await repo.tasksOf(ctx.db, p.id), now);
    out.push({ id: p.id, code: p.code, title: p.title, year: p.year, startOn: p.startOn, endOn: p.endOn, rollUp: rollUp(list) });
  }
  return { items: out, canImport: !!scopeFor(actor, 'plan.manage') };
}

export async function planBoard(ctx: AppContext, actor: Actor, planId: string, q: BoardQuery, asOf: Date = ctx.now()): Promise<Board> {
  requireAccess(actor, 'plan.read');
  const plan = await repo.findPlan(ctx.db, planId);
  if (!plan) throw notFound();
  const [sections, tasks] = await Promise.all([repo.sectionsOf(ctx.db, plan.id), repo.tasksOf(ctx.db, plan.id)]);
  const { list } = await summaries(ctx, plan, tasks, asOf);
  const wanted = list.filter((t) => (!q.department || t.lead.id === q.department || t.co.some((c) => c.id === q.department)) && (!q.status || t.status === q.status));
  const byDept = new Map<string, { dept: Dept; tasks: TaskSummary[] }>();
  for (const t of list) {
    const e = byDept.get(t.lead.id) ?? { dept: t.lead, tasks: [] };
    e.tasks.push(t);
    byDept.set(t.lead.id, e);
  }
  return {
    plan: { id: plan.id, code: plan.code, title: plan.title, year: plan.year, startOn: plan.startOn, endOn: plan.endOn, rollUp: rollUp(list) },
    asOf: asOf.toISOString(),
    sections: sections
      .map((s) => {
        const all = list.filter((t) => t.sectionId === s.id);
        return { id: s.id, title: s.title, rollUp: rollUp(all), tasks: wanted.filter((t) => t.sectionId === s.id) };
      })
      .filter((s) => s.tasks.length > 0 || (!q.department && !q.status)),
    departments: [...byDept.values()]
      .map((d) => ({ ...d.dept, rollUp: rollUp(d.tasks) }))
      .sort((a, b) => compareStatus(a.rollUp.worst ?? 'done', b.rollUp.worst ?? 'done') || a.rollUp.progress - b.rollUp.progress),
    canImport: !!scopeFor(actor, 'plan.manage'),
    canExport: !!scopeFor(actor, 'plan.export'),
  };
}

async function loadTask(ctx: AppContext, taskId: string) {
  const task = await repo.findTask(ctx.db, taskId);
  if (!task) throw taskNotFound();
  const plan = (await repo.findPlan(ctx.db, task.planId))!;
  return { task, plan };
}

/** A department reports on the tasks it leads; administrators may enter a report for any. */
function mayReport(actor: Actor, task: repo.TaskRow): boolean {
  const scope = scopeFor(actor, 'plan.report');
  if (!scope) return false;
  return scope === 'all' || (!!actor.departmentId && actor.departmentId === task.leadDepartmentId);
}

export async function taskDetail(ctx: AppContext, actor: Actor, taskId: string): Promise<TaskDetail> {
  requireAccess(actor, 'plan.read');
  const { task, plan } = await loadTask(ctx, taskId);
  const [{ list, reports, urges }, sections, evidence] = await Promise.all([
    summaries(ctx, plan, [task], ctx.now()),
    repo.sectionsOf(ctx.db, plan.id),
    repo.evidenceOf(ctx.db, task.id),
  ]);
  const base = `/api/plan/tasks/${task.id}/evidence`;
  return {
    plan: { id: plan.id, code: plan.code, title: plan.title },
    section: sections.find((s) => s.id === task.sectionId)?.title ?? '',
    task: list[0],
    reports: [...reports].reverse().map(({ r, by, dept, deptEn }) => ({
      id: r.id,
      on: r.on,
      at: r.at.toISOString(),
      value: r.value,
      text: r.text,
      completed: r.completed,
      by,
      department: dept,
      departmentEn: deptEn,
      evidence: evidence.filter((e) => e.reportId === r.id).map((e) => ({ photoId: e.photoId, url: `${base}/${e.photoId}`, thumbUrl: `${base}/${e.photoId}/thumb` })),
    })),
    urges: urges.map(({ u, by }) => ({ id: u.id, at: u.at.toISOString(), text: u.text, replyBy: u.replyBy, statusThen: u.statusThen, by })),
    canReport: mayReport(actor, task),
    canUrge: !!scopeFor(actor, 'plan.urge'),
  };
}

export async function evidencePath(ctx: AppContext, actor: Actor, taskId: string, photoId: string, thumb: boolean): Promise<string> {
  requireAccess(actor, 'plan.read');
  const f = await repo.evidenceFile(ctx.db, taskId, photoId);
  if (!f) throw new AppError('PHOTO_NOT_FOUND');
  return path.join(ctx.config.uploadsDir, thumb ? f.thumbPath : f.path);
}

export function listMeasures(actor: Actor) {
  requireAccess(actor, 'plan.read');
  return MEASURES.map((m) => ({ key: m.key, name: m.nameZh, nameEn: m.nameEn, unit: m.unit, definition: m.definitionZh, definitionEn: m.definitionEn, needsCampaign: !!m.needsCampaign }));
}

// ------------------------------------------------------------------ reporting and urging

export async function reportProgress(ctx: AppContext, actor: Actor, taskId: string, input: ReportInput): Promise<TaskDetail> {
  requireAccess(actor, 'plan.report');
  const { task } = await loadTask(ctx, taskId);
  if (!mayReport(actor, task)) throw new AppError('NOT_TASK_LEAD');
  const now = ctx.now();
  const today = shanghaiDay(now);
  const on = input.on ?? today;
  if (on > today) throw new AppError('VALIDATION_FAILED', 'the day of a report cannot be in the future', [{ path: 'on', message: '不能晚于今天 / Not after today' }]);
  const value = input.value ?? null;
  if (task.measureKey && value !== null) throw new AppError('TASK_MEASURED_LIVE');
  const photoIds = [...new Set(input.photoIds)];
  const ok = await repo.attachablePhotos(ctx.db, photoIds, actor.id);
  if (ok.size !== photoIds.length) throw new AppError('EVIDENCE_NOT_ATTACHABLE', `not attachable: ${photoIds.filter((p) => !ok.has(p)).join(', ')}`);
  await ctx.db.transaction(async (tx) => {
    await repo.insertReport(tx, { taskId: task.id, value, text: input.text, completed: input.completed, on, departmentId: actor.departmentId ?? task.leadDepartmentId, reportedBy: actor.id, at: now }, photoIds);
  });
  return taskDetail(ctx, actor, task.id);
}

export async function urgeTask(ctx: AppContext, actor: Actor, taskId: string, input: UrgeInput): Promise<TaskDetail> {
  requireAccess(actor, 'plan.urge');
  const { task, plan } = await loadTask(ctx, taskId);
  const now = ctx.now();
  if (input.replyBy && input.replyBy < shanghaiDay(now)) throw new AppError('VALIDATION_FAILED', 'the answer-by day is past', [{ path: 'replyBy', message: '不能早于今天 / Not before today' }]);
  const { list } = await summaries(ctx, plan, [task], now);
  const status = list[0].status;
  await ctx.db.transaction(async (tx) => {
    const u = await repo.insertUrge(tx, { taskId: task.id, text: input.text, replyBy: input.replyBy ?? null, statusThen: status, byUserId: actor.id, at: now });
    await notify(ctx, tx, {
      kind: 'planTaskUrged',
      recipients: [{ department: task.leadDepartmentId }, ...task.coDepartmentIds.map((d) => ({ department: d }))],
      params: { code: task.code, task: task.text.length > 40 ? `${task.text.slice(0, 40)}…` : task.text, actor: actor.username, status: STATUS_WORDS[status], note: input.text },
      dedupeKey: `plan-urge:${u.id}`,
      link: `/plan/tasks/${task.id}`,
      excludeUserIds: [actor.id],
    });
  });
  return taskDetail(ctx, actor, task.id);
}

// ------------------------------------------------------------------ import

export const IMPORT_COLUMNS: Record<keyof Omit<RawTaskRow, 'row'>, string[]> = {
  section: ['部分', '章节', '所属部分', 'section'],
  code: ['编号', '任务编号', 'code'],
  text: ['任务', '任务内容', '工作任务', 'text', 'task'],
  lead: ['牵头单位', '责任单位', 'lead'],
  co: ['配合单位', 'co', 'co_departments'],
  targetValue: ['目标值', '目标', 'target', 'target_value'],
  unit: ['单位', 'unit'],
  direction: ['方向', 'direction'],
  kind: ['类型', '目标类型', 'kind'],
  deadline: ['完成时限', '时限', 'deadline'],
  milestones: ['节点目标', 'milestones'],
  measure: ['关联指标', '实时指标', 'measure'],
};

export interface ImportFile {
  name: string;
  data: Buffer;
  /** For spreadsheets (which hold only the tasks): the plan's code, title and year. */
  code?: string;
  title?: string;
  year?: string;
}

const problemFields = (ps: Problem[]) => ps.slice(0, 300).map((p) => ({ path: `${p.row}/${p.field}`, message: `${p.zh} / ${p.en}` }));

async function readFile(ctx: AppContext, file: ImportFile): Promise<{ header: { code: unknown; title: unknown; year: unknown }; rows: RawTaskRow[] }> {
  const isJson = /\.json$/i.test(file.name) || file.data.subarray(0, 1).toString() === '{';
  if (isJson) {
    let doc: unknown;
    try {
      doc = JSON.parse(file.data.toString('utf8'));
    } catch {
      throw new AppError('VALIDATION_FAILED', 'the file is not valid JSON', [{ path: '0/file', message: '文件不是有效的 JSON / The file is not valid JSON' }]);
    }
    const r = rowsOfJson(doc);
    if (!r) throw new AppError('VALIDATION_FAILED', 'the JSON must be an object with code, title, year and sections', [{ path: '0/file', message: 'JSON 应为包含 code、title、year、sections 的对象 / The JSON must be an object with code, title, year and sections' }]);
    return { header: { code: file.code || r.header.code, title: file.title || r.header.title, year: file.year || r.header.year }, rows: r.rows };
  }
  let table;
  try {
    table = await readTable(file.data);
  } catch (e) {
    if (e instanceof AppError) throw e; // e.g. ARCHIVE_TOO_LARGE from the zip guard
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send a JSON, xlsx or CSV file');
  }
  const col = (names: string[]) => table.headers.findIndex((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
  const idx = Object.fromEntries(Object.entries(IMPORT_COLUMNS).map(([k, names]) => [k, col(names)])) as Record<keyof typeof IMPORT_COLUMNS, number>;
  const required = ['section', 'code', 'text', 'lead', 'targetValue', 'unit', 'deadline'] as const;
  const missing = required.filter((k) => idx[k] < 0);
  if (missing.length)
    throw new AppError('VALIDATION_FAILED', `missing columns: ${missing.map((k) => IMPORT_COLUMNS[k][0]).join(', ')}`, missing.map((k) => ({ path: `1/${k}`, message: `缺少列“${IMPORT_COLUMNS[k][0]}” / Missing column "${IMPORT_COLUMNS[k].at(-1)}"` })));
  const cell = (cells: string[], k: keyof typeof IMPORT_COLUMNS) => (idx[k] >= 0 ? (cells[idx[k]] ?? '') : '');
  const rows: RawTaskRow[] = table.rows
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((c) => c.trim()))
    .map(({ cells, row }) => ({
      row,
      section: cell(cells, 'section'),
      code: cell(cells, 'code'),
      text: cell(cells, 'text'),
      lead: cell(cells, 'lead'),
      co: cell(cells, 'co'),
      targetValue: cell(cells, 'targetValue'),
      unit: cell(cells, 'unit'),
      direction: cell(cells, 'direction'),
      kind: cell(cells, 'kind'),
      deadline: cell(cells, 'deadline'),
      milestones: cell(cells, 'milestones'),
      measure: cell(cells, 'measure'),
    }));
  return { header: { code: file.code, title: file.title, year: file.year }, rows };
}

/** Reads and checks a plan file against the departments and measures of this deployment. */
export async function parsePlanFile(ctx: AppContext, file: ImportFile): Promise<{ plan: ParsedPlan; measures: Map<string, { key: string; params: MeasureParams }> }> {
  const { header, rows } = await readFile(ctx, file);
  const depts = await repo.allDepartments(ctx.db);
  const byName = new Map<string, string>();
  for (const d of depts.filter((x) => x.active)) {
    byName.set(d.code, d.id);
    byName.set(d.nameZh, d.id);
    byName.set(d.nameEn.toLowerCase(), d.id);
  }
  const resolve = await resolveMeasureRef(ctx);
  const measures = new Map<string, { key: string; params: MeasureParams }>();
  const { plan, problems } = readPlan(header, rows, {
    department: (n) => byName.get(n) ?? byName.get(n.toLowerCase()) ?? null,
    measure: (ref) => {
      const m = resolve(ref);
      if (m) measures.set(ref, m);
      return !!m;
    },
  });
  if (!plan) throw new AppError('VALIDATION_FAILED', `${problems.length} problems in the file; nothing was stored`, problemFields(problems));
  if (await repo.planByCode(ctx.db, plan.code)) throw new AppError('WORK_PLAN_CODE_TAKEN', plan.code);
  return { plan, measures };
}

/** Stores a parsed plan in one transaction. */
export async function storePlan(ctx: AppContext, actorId: string | null, plan: ParsedPlan, measures: Map<string, { key: string; params: MeasureParams }>, source: 'import' | 'demo'): Promise<repo.PlanRow> {
  return ctx.db.transaction(async (tx) => {
    const p = await repo.insertPlan(
      tx,
      { code: plan.code, title: plan.title, year: plan.year, startOn: plan.startOn, endOn: plan.endOn, source, createdBy: actorId, createdAt: ctx.now() },
      plan.sections.map((s) => ({
        title: s.title,
        tasks: s.tasks.map((t) => {
          const m = t.measure ? measures.get(t.measure) : null;
          return {
            code: t.code,
            text: t.text,
            leadDepartmentId: t.leadDepartmentId,
            coDepartmentIds: t.coDepartmentIds,
            targetValue: t.target.value,
            targetUnit: t.target.unit,
            direction: t.target.direction,
            kind: t.target.kind,
            deadline: t.deadline,
            milestones: t.milestones,
            measureKey: m?.key ?? null,
            measureParams: m?.params ?? {},
          };
        }),
      })),
    );
    if (actorId) await audit(tx, { actorId, action: 'plan.import', subject: `work_plans:${p.id}`, at: ctx.now(), detail: { code: p.code, tasks: plan.sections.reduce((n, s) => n + s.tasks.length, 0) } });
    return p;
  });
}

export async function importPlan(ctx: AppContext, actor: Actor, file: ImportFile, opts: { dryRun: boolean }) {
  requireAccess(actor, 'plan.manage');
  const { plan, measures } = await parsePlanFile(ctx, file);
  const depts = await departmentNames(ctx);
  const preview = {
    code: plan.code,
    title: plan.title,
    year: plan.year,
    sections: plan.sections.map((s) => ({
      title: s.title,
      tasks: s.tasks.map((t) => ({
        row: t.row,
        code: t.code,
        text: t.text,
        lead: depts.get(t.leadDepartmentId)?.name ?? t.leadDepartmentId,
        target: `${t.target.direction === 'at_most' ? '≤' : '≥'} ${t.target.value} ${t.target.unit}`,
        deadline: t.deadline,
        measure: t.measure ? (measures.get(t.measure)?.key ?? null) : null,
      })),
    })),
  };
  if (opts.dryRun) return { dryRun: true, applied: false, planId: null, ...preview };
  const p = await storePlan(ctx, actor.id, plan, measures, 'import');
  return { dryRun: false, applied: true, planId: p.id, ...preview };
}

// ------------------------------------------------------------------ the monthly report

const T = {
  zh: {
    sheet: '进度月报', urges: '督办记录', section: '部分', code: '编号', task: '任务', lead: '牵头单位', co: '配合单位', target: '目标', value: '完成值',
    live: '实时', progress: '完成进度', status: '状态', deadline: '完成时限', reports: '本月报送', urged: '本月督办', at: '时间', text: '内容', by: '督办人',
    title: (t: string, m: string) => `${t} 进度月报（${m}）`,
  },
  en: {
    sheet: 'Monthly progress', urges: 'Urges', section: 'Section', code: 'No.', task: 'Task', lead: 'Lead department', co: 'Co-departments', target: 'Target',
    value: 'Figure', live: 'live', progress: 'Progress', status: 'Status', deadline: 'Deadline', reports: 'Reports this month', urged: 'Urged this month', at: 'At',
    text: 'Text', by: 'By', title: (t: string, m: string) => `${t}: progress report (${m})`,
  },
};

export async function monthlyReport(ctx: AppContext, actor: Actor, planId: string, q: { month?: string; lang: 'zh' | 'en' }): Promise<{ buffer: Buffer; name: string }> {
  requireAccess(actor, 'plan.export');
  const plan = await repo.findPlan(ctx.db, planId);
  if (!plan) throw notFound();
  const now = ctx.now();
  const month = q.month ?? shanghaiDay(now).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const end = shanghaiInstant(next);
  // As of the end of the month, or now while the month runs.
  const asOf = end.getTime() < now.getTime() ? new Date(end.getTime() - 1) : now;
  const [sections, tasks] = await Promise.all([repo.sectionsOf(ctx.db, plan.id), repo.tasksOf(ctx.db, plan.id)]);
  const { list, reports, urges } = await summaries(ctx, plan, tasks, asOf);
  const t = T[q.lang];
  const name = (d: Dept) => (q.lang === 'en' ? d.nameEn : d.name);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wangge';
  wb.created = now;
  const ws = wb.addWorksheet(t.sheet);
  ws.mergeCells('A1:L1');
  ws.getCell('A1').value = t.title(plan.title, month);
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.addRow([]);
  const header = ws.addRow([t.section, t.code, t.task, t.lead, t.co, t.target, t.value, t.progress, t.status, t.deadline, t.reports, t.urged]);
  header.font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  ws.columns = [14, 8, 48, 18, 24, 16, 14, 10, 12, 12, 40, 8].map((width) => ({ width }));
  const inMonth = (day: string) => day >= first && day < next;
  for (const s of sections) {
    for (const task of list.filter((x) => x.sectionId === s.id)) {
      const monthReports = reports.filter((r) => r.r.taskId === task.id && inMonth(r.r.on)).map((r) => `${r.r.on} ${r.r.text}`);
      const monthUrges = urges.filter((u) => u.u.taskId === task.id && inMonth(shanghaiDay(u.u.at))).length;
      const row = ws.addRow([
        s.title,
        task.code,
        task.text,
        name(task.lead),
        task.co.map(name).join('、'),
        `${task.target.direction === 'at_most' ? '≤' : '≥'} ${task.target.value} ${task.target.unit}`,
        task.value === null ? '—' : `${task.value}${task.live ? ` (${t.live})` : ''}`,
        Math.round(task.progress * 1000) / 10 / 100,
        STATUS_WORDS[task.status][q.lang],
        task.deadline,
        monthReports.join('\n'),
        monthUrges,
      ]);
      row.getCell(8).numFmt = '0.0%';
      row.alignment = { vertical: 'top', wrapText: true };
      if (task.status === 'overdue' || task.status === 'lagging') row.getCell(9).font = { bold: true, color: { argb: task.status === 'overdue' ? 'FFC00000' : 'FFB36B00' } };
    }
  }
  const wu = wb.addWorksheet(t.urges);
  wu.addRow([t.at, t.code, t.task, t.text, t.by]).font = { bold: true };
  wu.columns = [18, 8, 48, 48, 14].map((width) => ({ width }));
  for (const u of urges.filter((x) => inMonth(shanghaiDay(x.u.at)))) {
    const task = list.find((x) => x.id === u.u.taskId)!;
    wu.addRow([u.u.at.toISOString(), task.code, task.text, u.u.text, u.by ?? '']);
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, name: `plan-${plan.code}-${month}.xlsx` };
}
