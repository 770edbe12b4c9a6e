// Live-linked measures: figures the platform computes itself, each a function (ctx, asOf) → value, so that a plan task
// linked to one shows the live figure instead of hand entry. Each measure asks its own module's service (never its SQL).
import { shanghaiDay } from '../../domain/calendar';
import type { Actor } from '../auth/policy';
import { getBoard as campaignBoard, listCampaigns } from '../campaigns/campaigns.service';
import type { AppContext } from '../context';
import { getRankings } from '../evaluation/evaluation.service';
import { targetsBoard } from '../illegal-building/illegal-building.service';
import { sweepingBoard } from '../sweeping/sweeping.service';

/**
 * The platform reading its own figures: read-only, all data. It is never signed in and never writes; it exists so that
 * a measure reads the same numbers the module's own board shows, whoever looks at the plan.
 */
const MEASURER: Actor = { id: '00000000-0000-0000-0000-00000000e1a5', username: 'plan-measures', roles: ['admin', 'leader'], departmentId: null, streetCode: null };

export interface MeasureParams {
  campaignId?: string;
}

export interface Measure {
  key: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  /** How the module defines the figure, in a sentence (shown beside the live figure). */
  definitionZh: string;
  definitionEn: string;
  /** The measure needs a campaign to be named. */
  needsCampaign?: boolean;
  compute(ctx: AppContext, asOf: Date, params: MeasureParams): Promise<number | null>;
}

/** The context as of an instant: the modules read the clock through ctx.now. */
const at = (ctx: AppContext, asOf: Date): AppContext => ({ ...ctx, now: () => asOf });
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function closureIndicator(ctx: AppContext, asOf: Date, key: 'closeRate' | 'closeOnTimeRate'): Promise<number | null> {
  const r = await getRankings(at(ctx, asOf), MEASURER, { scope: 'all', period: 'year', date: shanghaiDay(asOf) });
  const row = r.rows[0];
  const i = r.columns.findIndex((c) => c.key === key);
  return row && i >= 0 ? (row.indicators[i]?.percent ?? null) : null;
}

export const MEASURES: readonly Measure[] = [
  {
    key: 'illegal_building.demolished_m2',
    nameZh: '本年拆除存量违法建设面积',
    nameEn: 'Existing illegal building demolished this year',
    unit: '平方米',
    definitionZh: '违法建设台账中本年度各次拆除登记的存量面积之和',
    definitionEn: 'Sum of the existing-stock m² of every demolition recorded in the register this year',
    compute: async (ctx, asOf) => (await targetsBoard(at(ctx, asOf), MEASURER, Number(shanghaiDay(asOf).slice(0, 4)))).demolition.doneM2,
  },
  {
    key: 'sweeping.rate',
    nameZh: '道路机械化清扫率（当月）',
    nameEn: 'Mechanised sweeping rate (this month)',
    unit: '%',
    definitionZh: '当月机械清扫面积 ÷ 应清扫面积；当月尚无记录时取最近有记录的月份',
    definitionEn: 'Machine-swept area ÷ area to sweep in the month; the latest month with records when this one has none',
    compute: async (ctx, asOf) => {
      const b = await sweepingBoard(at(ctx, asOf), MEASURER, { month: shanghaiDay(asOf).slice(0, 7) });
      const rate = b.total.rate ?? [...b.trend].reverse().find((m) => m.rate !== null)?.rate ?? null;
      return rate === null ? null : round(rate * 100);
    },
  },
  {
    key: 'evaluation.close_rate',
    nameZh: '案件结案率（本年）',
    nameEn: 'Case close rate (this year)',
    unit: '%',
    definitionZh: '综合评价：本年应结案件中已结案的比例',
    definitionEn: 'Comprehensive evaluation: share of the cases due to close this year that are closed',
    compute: (ctx, asOf) => closureIndicator(ctx, asOf, 'closeRate'),
  },
  {
    key: 'evaluation.close_on_time_rate',
    nameZh: '案件按期结案率（本年）',
    nameEn: 'Cases closed on schedule (this year)',
    unit: '%',
    definitionZh: '综合评价：本年应结案件中按期结案的比例',
    definitionEn: 'Comprehensive evaluation: share of the cases due to close this year closed within their limits',
    compute: (ctx, asOf) => closureIndicator(ctx, asOf, 'closeOnTimeRate'),
  },
  {
    key: 'campaign.closed',
    nameZh: '专项整治已整治问题数',
    nameEn: 'Problems dealt with in a campaign',
    unit: '件',
    definitionZh: '专项整治看板：纳入整治的案件中已结案的件数',
    definitionEn: 'Campaign board: cases taken by the campaign that are closed',
    needsCampaign: true,
    compute: async (ctx, asOf, p) => (p.campaignId ? ((await campaignBoard(at(ctx, asOf), MEASURER, p.campaignId)).targets.count.actual ?? null) : null),
  },
  {
    key: 'campaign.closure_rate',
    nameZh: '专项整治结案率',
    nameEn: 'Campaign closure rate',
    unit: '%',
    definitionZh: '专项整治看板：纳入整治的案件的结案率',
    definitionEn: 'Campaign board: closure rate of the cases taken by the campaign',
    needsCampaign: true,
    compute: async (ctx, asOf, p) => {
      if (!p.campaignId) return null;
      const r = (await campaignBoard(at(ctx, asOf), MEASURER, p.campaignId)).targets.closureRate.actual;
      return r === null ? null : round(r * 100);
    },
  },
];

const BY_KEY = new Map(MEASURES.map((m) => [m.key, m]));

export function measureOf(key: string): Measure | null {
  return BY_KEY.get(key) ?? null;
}

/**
 * A measure as written in a plan file: "sweeping.rate", or "campaign.closed:<campaign name or id>".
 * Returns the key and params, or null when unknown.
 */
export async function resolveMeasureRef(ctx: AppContext): Promise<(ref: string) => { key: string; params: MeasureParams } | null> {
  const campaigns = (await listCampaigns(ctx, MEASURER, { includeArchived: true })).items;
  return (ref) => {
    const [key, ...rest] = ref.split(':');
    const m = BY_KEY.get(key.trim());
    if (!m) return null;
    const arg = rest.join(':').trim();
    if (!m.needsCampaign) return arg ? null : { key: m.key, params: {} };
    const c = campaigns.find((x) => x.id === arg || x.nameZh === arg || x.nameEn === arg);
    return c ? { key: m.key, params: { campaignId: c.id } } : null;
  };
}

/** The live figure of a linked task, or null (no data yet, or the module failed to answer: the board must still show). */
export async function measure(ctx: AppContext, key: string, params: MeasureParams, asOf: Date): Promise<number | null> {
  const m = BY_KEY.get(key);
  if (!m) return null;
  return m.compute(ctx, asOf, params);
}
