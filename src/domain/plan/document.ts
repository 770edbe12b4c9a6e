// A plan as a structured file (JSON, or the rows of a spreadsheet): reading every row and listing every problem
// (row, field, zh + en), so that a broken file is refused whole and the person who sent it can fix it in one go.
import type { Direction, Milestone, TargetKind } from './progress';
import { isDay } from './progress';

/** One task as it comes from a file, cells still text (a spreadsheet) or loosely typed (JSON). */
export interface RawTaskRow {
  /** Where it came from: the spreadsheet row, or the task's ordinal in a JSON file. */
  row: number;
  section: unknown;
  code: unknown;
  text: unknown;
  lead: unknown;
  co: unknown;
  targetValue: unknown;
  unit: unknown;
  direction: unknown;
  kind: unknown;
  deadline: unknown;
  milestones: unknown;
  measure: unknown;
}

export interface PlanHeader {
  code: unknown;
  title: unknown;
  year: unknown;
}

export interface ParsedTask {
  row: number;
  section: string;
  code: string;
  text: string;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  target: { value: number; unit: string; direction: Direction; kind: TargetKind };
  deadline: string;
  milestones: Milestone[];
  measure: string | null;
}

export interface ParsedPlan {
  code: string;
  title: string;
  year: number;
  startOn: string;
  endOn: string;
  sections: { title: string; tasks: ParsedTask[] }[];
}

export interface Problem {
  /** 0 for the plan's own fields. */
  row: number;
  field: string;
  zh: string;
  en: string;
}

export interface Lookup {
  /** Department code or Chinese name → id. */
  department(nameOrCode: string): string | null;
  measure(key: string): boolean;
}

export const MAX_TASKS = 1000;

const DIRECTIONS: Record<string, Direction> = {
  at_least: 'at_least', atleast: 'at_least', '>=': 'at_least', '≥': 'at_least', 不少于: 'at_least', 不低于: 'at_least', 达到: 'at_least', 以上: 'at_least',
  at_most: 'at_most', atmost: 'at_most', '<=': 'at_most', '≤': 'at_most', 不超过: 'at_most', 不高于: 'at_most', 控制在: 'at_most', 以下: 'at_most', 以内: 'at_most',
};
const KINDS: Record<string, TargetKind> = { cumulative: 'cumulative', 累计: 'cumulative', level: 'level', 水平: 'level', 比率: 'level', 保持: 'level' };

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = text(v).replace(/[,，\s%％]/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** Milestones from JSON ([{on, value, text}]) or a cell: "2018-06-30: 50000; 2018-09-30: 80000" or "2018-06-30: 完成征收公告". */
export function readMilestones(v: unknown): { milestones: Milestone[]; bad: string | null } {
  if (v === null || v === undefined || v === '') return { milestones: [], bad: null };
  const items: { on: unknown; value: unknown; text: unknown }[] = [];
  if (Array.isArray(v)) {
    for (const m of v) items.push(typeof m === 'object' && m ? (m as { on: unknown; value: unknown; text: unknown }) : { on: m, value: null, text: null });
  } else {
    for (const part of String(v).split(/[;；\n]+/).map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\S+?)\s*[:：]\s*(.+)$/.exec(part);
      if (!m) return { milestones: [], bad: part };
      const n = num(m[2]);
      items.push({ on: m[1], value: n, text: n === null ? m[2] : null });
    }
  }
  const out: Milestone[] = [];
  for (const m of items) {
    const on = normaliseDay(m.on);
    const value = m.value === null || m.value === undefined || m.value === '' ? null : num(m.value);
    const t = text(m.text) || null;
    if (!on || (m.value !== null && m.value !== undefined && m.value !== '' && value === null) || (value === null && !t)) return { milestones: [], bad: text(m.on) || JSON.stringify(m) };
    out.push({ on, value, text: t });
  }
  return { milestones: out.sort((a, b) => a.on.localeCompare(b.on)), bad: null };
}

/** 2018-06-30, 2018/6/30, 2018年6月30日, 20180630 → 2018-06-30. */
export function normaliseDay(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  const t = text(v);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isDay(day) ? day : null;
}

/** Read a whole plan. Either every row is good and the plan comes back, or the problems do, all of them. */
export function readPlan(header: PlanHeader, rows: readonly RawTaskRow[], lookup: Lookup): { plan: ParsedPlan | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = (row: number, field: string, zh: string, en: string) => problems.push({ row, field, zh, en });
  const code = text(header.code);
  const title = text(header.title);
  const year = num(header.year);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(code)) p(0, 'code', '计划编号应为字母、数字、-、_（最多 40 位）', 'The plan code must be letters, digits, - or _ (at most 40)');
  if (!title || title.length > 200) p(0, 'title', '计划名称必填（最多 200 字）', 'The plan title is required (at most 200 characters)');
  if (year === null || !Number.isInteger(year) || year < 2000 || year > 2100) p(0, 'year', '年度应为 2000–2100 之间的整数', 'The year must be a whole number between 2000 and 2100');
  if (rows.length === 0) p(0, 'tasks', '文件中没有任务', 'The file has no tasks');
  if (rows.length > MAX_TASKS) p(0, 'tasks', `任务最多 ${MAX_TASKS} 条`, `At most ${MAX_TASKS} tasks`);
  const yearOk = year !== null && Number.isInteger(year) && year >= 2000 && year <= 2100;
  const y = yearOk ? year : 2000;
  const startOn = `${y}-01-01`;
  const endOn = `${y}-12-31`;

  const sections = new Map<string, ParsedTask[]>();
  const codes = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const section = text(r.section);
    const tcode = text(r.code);
    const ttext = text(r.text);
    if (!section || section.length > 200) p(r.row, 'section', '所属部分必填（最多 200 字）', 'The section is required (at most 200 characters)');
    if (!tcode || tcode.length > 20) p(r.row, 'code', '任务编号必填（最多 20 位）', 'The task number is required (at most 20 characters)');
    else if (codes.has(tcode)) p(r.row, 'code', `任务编号“${tcode}”与第 ${codes.get(tcode)} 行重复`, `Task number "${tcode}" repeats row ${codes.get(tcode)}`);
    else codes.set(tcode, r.row);
    if (!ttext || ttext.length > 1000) p(r.row, 'text', '任务内容必填（最多 1000 字）', 'The task text is required (at most 1000 characters)');
    const leadName = text(r.lead);
    const lead = leadName ? lookup.department(leadName) : null;
    if (!leadName) p(r.row, 'lead', '牵头单位必填', 'The lead department is required');
    else if (!lead) p(r.row, 'lead', `牵头单位“${leadName}”不存在`, `Unknown lead department "${leadName}"`);
    const coNames = Array.isArray(r.co) ? r.co.map(text) : text(r.co).split(/[、,，;；\s]+/);
    const co: string[] = [];
    for (const n of coNames.filter(Boolean)) {
      const id = lookup.department(n);
      if (!id) p(r.row, 'co', `配合单位“${n}”不存在`, `Unknown co-department "${n}"`);
      else if (id !== lead && !co.includes(id)) co.push(id);
    }
    const value = num(r.targetValue);
    if (value === null || value < 0) p(r.row, 'targetValue', '目标值应为不小于 0 的数字', 'The target must be a number, 0 or more');
    const unit = text(r.unit);
    if (!unit || unit.length > 20) p(r.row, 'unit', '单位必填（如 个、户、平方米、%）', 'The unit is required (e.g. 个, households, m², %)');
    const dirText = text(r.direction) || 'at_least';
    const direction = DIRECTIONS[dirText.toLowerCase()];
    if (!direction) p(r.row, 'direction', '方向应为“不少于”或“不超过”', 'The direction must be at_least or at_most');
    const kindText = text(r.kind) || (unit === '%' || unit === '％' ? 'level' : 'cumulative');
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind) p(r.row, 'kind', '类型应为“累计”或“水平”', 'The kind must be cumulative or level');
    const deadline = normaliseDay(r.deadline);
    if (!deadline) p(r.row, 'deadline', '完成时限应为日期（如 2018-12-31）', 'The deadline must be a day (e.g. 2018-12-31)');
    else if (yearOk && (deadline < startOn || deadline > `${y + 1}-12-31`)) p(r.row, 'deadline', '完成时限应在计划年度内（可至次年年底）', "The deadline must fall in the plan's year (or the next)");
    const ms = readMilestones(r.milestones);
    if (ms.bad !== null) p(r.row, 'milestones', `节点目标“${ms.bad}”无法识别，应为“日期: 数值或内容”`, `Unreadable milestone "${ms.bad}"; write "day: value or text"`);
    else if (deadline && yearOk && ms.milestones.some((m) => m.on > deadline || m.on < startOn))
      p(r.row, 'milestones', '节点目标的日期应在计划开始与完成时限之间', 'Milestone days must fall between the plan start and the deadline');
    const measure = text(r.measure) || null;
    if (measure && !lookup.measure(measure)) p(r.row, 'measure', `关联指标“${measure}”不存在`, `Unknown live measure "${measure}"`);
    if (problems.length > before) continue;
    const task: ParsedTask = {
      row: r.row,
      section,
      code: tcode,
      text: ttext,
      leadDepartmentId: lead!,
      coDepartmentIds: co,
      target: { value: value!, unit, direction: direction!, kind: kind! },
      deadline: deadline!,
      milestones: ms.milestones,
      measure,
    };
    const list = sections.get(section);
    if (list) list.push(task);
    else sections.set(section, [task]);
  }
  if (problems.length) return { plan: null, problems };
  return { plan: { code, title, year: y, startOn, endOn, sections: [...sections].map(([title, tasks]) => ({ title, tasks })) }, problems: [] };
}

/** A JSON plan file → the header and rows readPlan takes (tasks numbered 1, 2, … across sections). */
export function rowsOfJson(doc: unknown): { header: PlanHeader; rows: RawTaskRow[] } | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const d = doc as Record<string, unknown>;
  const rows: RawTaskRow[] = [];
  const sections = Array.isArray(d.sections) ? d.sections : [];
  for (const s of sections) {
    const sec = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
    for (const t of Array.isArray(sec.tasks) ? sec.tasks : []) {
      const task = (t && typeof t === 'object' ? t : {}) as Record<string, unknown>;
      const target = (task.target && typeof task.target === 'object' ? task.target : {}) as Record<string, unknown>;
      rows.push({
        row: rows.length + 1,
        section: sec.title,
        code: task.code,
        text: task.text,
        lead: task.lead,
        co: task.co ?? [],
        targetValue: target.value,
        unit: target.unit,
        direction: target.direction,
        kind: target.kind,
        deadline: task.deadline,
        milestones: task.milestones,
        measure: task.measure,
      });
    }
  }
  return { header: { code: d.code, title: d.title, year: d.year }, rows };
}
