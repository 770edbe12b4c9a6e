// The plan-supervision demo (督查督办): Lvyuan's annual work plan, with the quantitative targets of its 2018 plan (54
// projects over 50 million yuan started, 12,000 new urban jobs, unemployment under 4 %, 4,129 households relocated,
// 100,000 m² of illegal building demolished, mechanised sweeping ≥ 85 %, 10 green micro-landscapes, 30 street
// features …), set in the demo's current year so that the live-linked tasks read this year's figures. Departments'
// progress reports are spread over the months gone, some with evidence photos; some tasks lag and one is overdue;
// the leader has urged one. Deterministic.
import crypto from 'node:crypto';
import { asc, like } from 'drizzle-orm';
import { addDays } from '../domain/campaigns';
import { shanghaiDay } from '../domain/calendar';
import { expectedBy, type Milestone, type TaskTerms } from '../domain/plan';
import { campaigns } from '../server/campaigns/campaigns.tables';
import type { Db } from '../server/db/client';
import { departments, photos, users } from '../server/db/schema';
import { insertPlan, insertReport, insertUrge, tasksOf } from '../server/plan/plan.repository';
import { mulberry32, seedOf } from './geo/prng';

type Kind = 'cumulative' | 'level';
interface DemoTask {
  code: string;
  text: string;
  lead: string;
  co?: string[];
  target: [number, string, 'at_least' | 'at_most', Kind];
  /** 'end' (31 Dec) or 'mid' (30 Jun) or 'past' (three weeks ago: an overdue task). */
  deadline?: 'end' | 'mid' | 'past';
  /** Milestones as (month-day, share of the target) or (month-day, text). */
  milestones?: [string, number | string][];
  measure?: { key: string; campaign?: string };
  /** How the department's reports keep pace with the curve (1: on it); level tasks: the figure reported. */
  pace?: number;
  evidence?: boolean;
  /** What the reports say, one per report. */
  notes?: string[];
}

const SECTIONS: { title: string; tasks: DemoTask[] }[] = [
  {
    title: '一、项目建设与经济发展',
    tasks: [
      { code: '1.1', text: '全年新开工5000万元以上项目54个，加快推进续建项目建设', lead: 'housing', co: ['natural_resources'], target: [54, '个', 'at_least', 'cumulative'], milestones: [['06-30', 0.45], ['09-30', 0.8]], pace: 0.82, evidence: true, notes: ['一季度集中开工项目签约落地', '二批次项目取得施工许可并开工', '三批次项目开工，部分项目土地手续滞后'] },
      { code: '1.2', text: '全年新增城镇就业12000人，开展就业援助和技能培训', lead: 'market', co: ['street:1', 'street:2'], target: [12000, '人', 'at_least', 'cumulative'], milestones: [['06-30', 0.5]], pace: 1.06, notes: ['春风行动招聘会新增就业', '扶持新登记市场主体带动就业', '街道公益性岗位安置'] },
      { code: '1.3', text: '城镇登记失业率控制在4%以内', lead: 'market', co: ['street:1', 'street:2'], target: [4, '%', 'at_most', 'level'], pace: 3.6, notes: ['季度统计：城镇登记失业率 3.7%', '季度统计：城镇登记失业率 3.6%'] },
    ],
  },
  {
    title: '二、城市更新与棚户区改造',
    tasks: [
      { code: '2.1', text: '完成棚户区改造房屋征收4129户，做好安置和补偿工作', lead: 'housing', co: ['natural_resources', 'street:1'], target: [4129, '户', 'at_least', 'cumulative'], milestones: [['03-31', '完成入户调查和征收公告'], ['06-30', 0.5], ['09-30', 0.8]], pace: 0.68, evidence: true, notes: ['完成入户调查、评估和征收公告', '首批签约完成，部分被征收户补偿意见分歧较大', '二批次签约推进缓慢'] },
      { code: '2.2', text: '完成征收片区房屋安全鉴定和评估结果公示', lead: 'housing', co: ['emergency'], target: [100, '%', 'at_least', 'cumulative'], deadline: 'past', pace: 0.75, notes: ['鉴定机构进场', '已完成大部分楼栋鉴定，剩余楼栋待补充资料'] },
      { code: '2.3', text: '改造老旧小区20个，完善配套设施', lead: 'housing', co: ['street:2'], target: [20, '个', 'at_least', 'cumulative'], deadline: 'mid', pace: 1.1, evidence: true, notes: ['首批8个小区完工', '全部20个小区完成改造并验收'] },
    ],
  },
  {
    title: '三、城市管理与环境整治',
    tasks: [
      { code: '3.1', text: '拆除存量违法建设10万平方米，新增违法建设零增长', lead: 'enforcement', co: ['natural_resources', 'street:1', 'street:2'], target: [100000, '平方米', 'at_least', 'cumulative'], milestones: [['06-30', 0.4], ['09-30', 0.75]], measure: { key: 'illegal_building.demolished_m2' }, notes: ['春季集中拆违行动启动'] },
      { code: '3.2', text: '清理规范违规户外广告牌匾1200块', lead: 'enforcement', co: ['market'], target: [1200, '块', 'at_least', 'cumulative'], milestones: [['06-30', 0.5]], pace: 0.7, evidence: true, notes: ['主干道两侧广告牌匾摸底', '西安大路沿线集中清理', '景阳大路沿线清理'] },
      { code: '3.3', text: '道路机械化清扫率达到85%以上', lead: 'sanitation', target: [85, '%', 'at_least', 'level'], measure: { key: 'sweeping.rate' } },
      { code: '3.4', text: '城市管理案件结案率达到95%以上', lead: 'enforcement', co: ['sanitation', 'greening'], target: [95, '%', 'at_least', 'level'], measure: { key: 'evaluation.close_rate' } },
      { code: '3.5', text: '城市管理案件按期结案率达到90%以上', lead: 'enforcement', co: ['sanitation', 'greening'], target: [90, '%', 'at_least', 'level'], measure: { key: 'evaluation.close_on_time_rate' } },
      { code: '3.6', text: '开展露天烧烤专项整治，整治露天烧烤问题', lead: 'enforcement', co: ['ecology', 'market'], target: [0, '件', 'at_least', 'cumulative'], measure: { key: 'campaign.closed', campaign: '露天烧烤专项整治' } },
    ],
  },
  {
    title: '四、生态绿化与城市品质',
    tasks: [
      { code: '4.1', text: '建设绿色微景观10处', lead: 'greening', target: [10, '处', 'at_least', 'cumulative'], milestones: [['06-30', 0.4], ['09-30', 0.8]], pace: 1.0, evidence: true, notes: ['完成选址和设计方案', '一批微景观完工', '二批微景观完工'] },
      { code: '4.2', text: '打造特色街路30条', lead: 'greening', co: ['transport', 'enforcement'], target: [30, '条', 'at_least', 'cumulative'], milestones: [['06-30', 0.4], ['09-30', 0.75]], pace: 0.55, notes: ['完成特色街路规划', '首批街路立面整治完工'] },
      { code: '4.3', text: '新建改造城市绿地50万平方米', lead: 'greening', co: ['housing'], target: [500000, '平方米', 'at_least', 'cumulative'], milestones: [['06-30', 0.5]], pace: 1.02, notes: ['春季植树和绿地补植', '公园绿地提升改造'] },
    ],
  },
  {
    title: '五、安全生产与社会治理',
    tasks: [
      { code: '5.1', text: '重点行业领域隐患排查整治覆盖率100%', lead: 'emergency', co: ['market', 'street:1'], target: [100, '%', 'at_least', 'cumulative'], milestones: [['06-30', 0.5]], pace: 1.0, notes: ['制定排查方案，部署各行业自查', '重点企业现场检查'] },
    ],
  },
];

export async function seedDemoPlan(db: Db, opts: { now: Date }): Promise<string> {
  const prng = mulberry32(seedOf('plan'));
  const r = () => prng.next();
  const today = shanghaiDay(opts.now);
  const year = Number(today.slice(0, 4));
  const startOn = `${year}-01-01`;
  const depts = await db.select({ id: departments.id, kind: departments.kind, code: departments.code }).from(departments).orderBy(asc(departments.code));
  const byKind = new Map<string, string>();
  for (const d of depts) if (d.kind !== 'street' && !byKind.has(d.kind)) byKind.set(d.kind, d.id);
  const streets = depts.filter((d) => d.kind === 'street');
  const dept = (k: string) => (k.startsWith('street:') ? streets[Number(k.slice(7)) - 1]?.id : byKind.get(k)) ?? null;
  const camps = await db.select({ id: campaigns.id, nameZh: campaigns.nameZh, targetCount: campaigns.targetCount }).from(campaigns);
  const [leader] = await db.select({ id: users.id }).from(users).where(like(users.username, 'leader'));
  const deptUsers = await db.select({ id: users.id, departmentId: users.departmentId }).from(users);
  const [demoPhoto] = await db.select().from(photos).where(like(photos.path, 'demo/%')).limit(1);

  const deadlineOf = (t: DemoTask) => {
    if (t.deadline === 'mid') return `${year}-06-30`;
    if (t.deadline === 'past') {
      const d = addDays(today, -21);
      return d < `${year}-01-02` ? `${year}-01-02` : d;
    }
    return `${year}-12-31`;
  };
  const sections = SECTIONS.map((s) => ({
    title: s.title,
    tasks: s.tasks
      .filter((t) => !t.measure?.campaign || camps.some((c) => c.nameZh === t.measure!.campaign))
      .map((t) => {
        const camp = t.measure?.campaign ? camps.find((c) => c.nameZh === t.measure!.campaign)! : null;
        const value = camp ? (camp.targetCount ?? 200) : t.target[0];
        const deadline = deadlineOf(t);
        const milestones: Milestone[] = (t.milestones ?? [])
          .map(([md, v]) => ({ on: `${year}-${md}`, value: typeof v === 'number' ? Math.round(v * value) : null, text: typeof v === 'string' ? v : null }))
          .filter((m) => m.on < deadline);
        return {
          demo: t,
          row: {
            code: t.code,
            text: t.text,
            leadDepartmentId: dept(t.lead)!,
            coDepartmentIds: (t.co ?? []).map(dept).filter((x): x is string => !!x),
            targetValue: value,
            targetUnit: t.target[1],
            direction: t.target[2],
            kind: t.target[3],
            deadline,
            milestones,
            measureKey: t.measure?.key ?? null,
            measureParams: camp ? { campaignId: camp.id } : {},
          },
        };
      }),
  }));

  let reports = 0;
  let evidence = 0;
  await db.transaction(async (tx) => {
    const plan = await insertPlan(
      tx,
      { code: `LY-${year}`, title: `绿园区${year}年度重点工作计划`, year, startOn, endOn: `${year}-12-31`, source: 'demo', createdBy: leader?.id ?? null, createdAt: new Date(`${year}-01-05T01:00:00Z`) },
      sections.map((s) => ({ title: s.title, tasks: s.tasks.map((t) => t.row) })),
    );
    const stored = new Map((await tasksOf(tx, plan.id)).map((t) => [t.code, t]));
    for (const s of sections) {
      for (const { demo, row } of s.tasks) {
        const task = stored.get(row.code)!;
        const notes = demo.notes ?? [];
        if (!notes.length) continue;
        const terms: TaskTerms = { target: { value: row.targetValue, unit: row.targetUnit, direction: row.direction, kind: row.kind }, startOn, deadline: row.deadline, milestones: row.milestones };
        // Report days spread over the time gone (never in the future, never after the deadline for finished work).
        const last = row.deadline < today ? row.deadline : addDays(today, -3);
        const span = Math.max(0, daysBetweenDays(startOn, last));
        const reporter = deptUsers.find((u) => u.departmentId === row.leadDepartmentId)?.id ?? null;
        for (const [i, note] of notes.entries()) {
          const on = addDays(startOn, Math.round((span * (i + 1)) / notes.length));
          if (on > today || on < startOn) continue;
          const live = !!row.measureKey;
          let value: number | null = null;
          if (!live) {
            if (row.kind === 'level') value = Math.round(((demo.pace ?? row.targetValue) + (notes.length - 1 - i) * 0.1) * 10) / 10;
            else value = Math.min(row.targetValue, Math.round(expectedBy(terms, on) * (demo.pace ?? 1) * (0.97 + r() * 0.06)));
          }
          const completed = !live && row.kind === 'cumulative' && value !== null && value >= row.targetValue;
          const at = new Date(`${on}T0${1 + (i % 7)}:30:00Z`);
          const photoIds: string[] = [];
          if (demo.evidence && demoPhoto && i > 0) {
            for (let k = 0; k < 2; k++) {
              const id = crypto.randomUUID();
              await tx.insert(photos).values({ ...demoPhoto, id, caseId: null, stage: 'other', uploadedBy: reporter, createdAt: at });
              photoIds.push(id);
            }
          }
          await insertReport(tx, { taskId: task.id, value, text: note, completed, on, departmentId: row.leadDepartmentId, reportedBy: reporter, at }, photoIds);
          reports++;
          evidence += photoIds.length;
        }
      }
    }
    const urged = stored.get('2.1');
    if (urged && leader) {
      await insertUrge(tx, { taskId: urged.id, text: '征收进度明显滞后于节点目标，请住建局会同街道制定攻坚方案，于一周内报送进展。', replyBy: addDays(today, 7), statusThen: 'lagging', byUserId: leader.id, at: new Date(opts.now.getTime() - 2 * 86_400_000) });
    }
  });
  const n = sections.reduce((k, s) => k + s.tasks.length, 0);
  return `${n} plan tasks in ${sections.length} sections, ${reports} progress reports (${evidence} evidence photos)`;
}

function daysBetweenDays(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
