// Special campaigns (专项整治): which cases a campaign covers (tagging), and the tighter handling limit it imposes at filing.
import { shanghaiDay, type Limit, type WorkingCalendar } from '../calendar';

export type ProblemKind = 'component' | 'matter';

/** A class a campaign targets, with the campaign's own (tighter) handling limit for it, if any. */
export interface CampaignClass {
  kind: ProblemKind;
  /** 5-digit standard class code; local sub-classes that extend it (e.g. 0700101 under 07001) are covered too. */
  code: string;
  /** The campaign's handling limit for cases of this class; applies only when tighter than the ordinary one. */
  limit?: Limit | null;
}

/** What the tagging rule reads of a campaign. */
export interface CampaignScope {
  id: string;
  classes: readonly CampaignClass[];
  /** Streets (9 digits) and communities (12 digits) covered; both empty means the whole district. */
  streets: readonly string[];
  communities: readonly string[];
  /** First and last day of the campaign, Shanghai calendar days 'YYYY-MM-DD', inclusive. */
  startDate: string;
  endDate: string;
  /** An archived campaign tags nothing and sets no limits. */
  archived?: boolean;
}

/** What the tagging rule reads of a case. */
export interface CaseFacts {
  kind: ProblemKind;
  classCode: string;
  streetCode: string | null;
  communityCode: string | null;
  /** When the case was reported (its intake instant). */
  reportedAt: Date;
}

/** The campaign class that covers a case class: the same class, or the standard class a local sub-class extends. */
export function matchingClass(classes: readonly CampaignClass[], kind: ProblemKind, classCode: string): CampaignClass | null {
  return classes.find((c) => c.kind === kind && (classCode === c.code || (classCode.length > c.code.length && classCode.startsWith(c.code)))) ?? null;
}

/** Whether the campaign's area covers the case's place. */
export function coversArea(c: Pick<CampaignScope, 'streets' | 'communities'>, f: Pick<CaseFacts, 'streetCode' | 'communityCode'>): boolean {
  if (c.streets.length === 0 && c.communities.length === 0) return true;
  return (!!f.streetCode && c.streets.includes(f.streetCode)) || (!!f.communityCode && c.communities.includes(f.communityCode));
}

/** Whether an instant falls within the campaign's period (whole Shanghai days, both ends included). */
export function withinPeriod(c: Pick<CampaignScope, 'startDate' | 'endDate'>, at: Date): boolean {
  const day = shanghaiDay(at);
  return day >= c.startDate && day <= c.endDate;
}

/**
 * The tagging rule: a case is in a campaign's scope when its class (or the standard class its local sub-class extends)
 * is one of the campaign's classes, its place is in the campaign's area, and it was reported within the period.
 */
export function inScope(c: CampaignScope, f: CaseFacts): boolean {
  return !c.archived && matchingClass(c.classes, f.kind, f.classCode) !== null && coversArea(c, f) && withinPeriod(c, f.reportedAt);
}

/** The ids of the campaigns whose scope covers the case. */
export function campaignsFor(campaigns: readonly CampaignScope[], f: CaseFacts): string[] {
  return campaigns.filter((c) => inScope(c, f)).map((c) => c.id);
}

/** How the tags of a case change when its facts change (intake, filing under another class, a campaign edited). */
export function retag(current: readonly string[], campaigns: readonly CampaignScope[], f: CaseFacts): { add: string[]; remove: string[] } {
  const want = new Set(campaignsFor(campaigns, f));
  const have = new Set(current);
  // Only live campaigns in the list are re-judged: the tags of an archived campaign (or one not listed) are its record.
  const known = new Set(campaigns.filter((c) => !c.archived).map((c) => c.id));
  return {
    add: [...want].filter((id) => !have.has(id)),
    remove: [...have].filter((id) => known.has(id) && !want.has(id)),
  };
}

/** Where a handling limit came from: the catalogue's filing condition, the responsibility list, or a campaign. */
export type LimitBasis = 'catalogue' | 'responsibility' | 'campaign';

export interface LimitChoice {
  limit: Limit;
  basis: LimitBasis;
  /** The campaign whose limit won, when basis is 'campaign'. */
  campaignId?: string;
}

/**
 * The handling limit of a case being filed: the ordinary limit (filing condition, or the responsibility list's), unless
 * a campaign covering the case sets a tighter one for its class. "Tighter" is judged by the deadline each limit would
 * give from `from` on the working calendar, because limits in different units (clock hours, working days) cannot be
 * compared by their numbers. On a tie the ordinary limit stays; among campaigns the tightest wins.
 */
export function chooseHandleLimit(
  ordinary: { limit: Limit; basis: Exclude<LimitBasis, 'campaign'> },
  campaigns: readonly CampaignScope[],
  f: CaseFacts,
  calendar: WorkingCalendar,
  from: Date,
): LimitChoice {
  let best: LimitChoice = { limit: ordinary.limit, basis: ordinary.basis };
  let bestAt = calendar.addLimit(from, ordinary.limit).getTime();
  for (const c of campaigns) {
    if (!inScope(c, f)) continue;
    const limit = matchingClass(c.classes, f.kind, f.classCode)?.limit;
    if (!limit) continue;
    const at = calendar.addLimit(from, limit).getTime();
    if (at < bestAt) {
      best = { limit, basis: 'campaign', campaignId: c.id };
      bestAt = at;
    }
  }
  return best;
}
