// What the case workflow calls about special campaigns: tag a case on intake, re-judge its tags when it is filed (perhaps
// under another class), and the campaign's tighter handling limit at filing. All run inside the caller's transaction.
import { chooseHandleLimit, retag, type CampaignClass, type CampaignScope, type CaseFacts, type LimitChoice } from '../../domain/campaigns';
import type { Limit, WorkingCalendar } from '../../domain/calendar';
import type { Executor } from '../db/client';
import * as repo from './campaigns.repository';

/** The tagging rule's view of a stored campaign. */
export function scopeOf(c: repo.CampaignRow): CampaignScope {
  return {
    id: c.id,
    classes: c.classes as CampaignClass[],
    streets: c.streetCodes,
    communities: c.communityCodes,
    startDate: c.startDate,
    endDate: c.endDate,
    archived: c.archived,
  };
}

/** The tagging rule's view of a case row. */
export function factsOf(c: { kind: string; classCode: string; streetCode: string | null; communityCode: string | null; createdAt: Date }): CaseFacts {
  return { kind: c.kind as CaseFacts['kind'], classCode: c.classCode, streetCode: c.streetCode, communityCode: c.communityCode, reportedAt: c.createdAt };
}

type CaseLike = Parameters<typeof factsOf>[0] & { id: string };

/** Call in the intake transaction: tags the new case to every live campaign whose scope covers it. */
export async function tagNewCase(tx: Executor, c: CaseLike, at: Date): Promise<string[]> {
  const live = (await repo.liveCampaigns(tx)).map(scopeOf);
  if (!live.length) return [];
  const { add } = retag([], live, factsOf(c));
  await repo.addTags(tx, c.id, add, 'intake', at);
  return add;
}

/** Call in the filing transaction, after the case row has its filed class: moves its tags if the class changed. */
export async function retagFiledCase(tx: Executor, c: CaseLike, at: Date): Promise<{ add: string[]; remove: string[] }> {
  const live = (await repo.liveCampaigns(tx)).map(scopeOf);
  const change = retag(await repo.tagsOfCase(tx, c.id), live, factsOf(c));
  await repo.removeTags(tx, c.id, change.remove);
  await repo.addTags(tx, c.id, change.add, 'filing', at);
  return change;
}

/**
 * The handling limit of a case being filed under `facts.classCode`: the ordinary limit, or a live campaign's tighter
 * one for that class when the campaign covers the case (the rule is the domain's chooseHandleLimit).
 */
export async function handleLimitAtFiling(
  tx: Executor,
  facts: CaseFacts,
  ordinary: { limit: Limit; basis: 'catalogue' | 'responsibility' },
  calendar: WorkingCalendar,
  now: Date,
): Promise<LimitChoice> {
  const live = (await repo.liveCampaigns(tx)).map(scopeOf);
  return chooseHandleLimit(ordinary, live, facts, calendar, now);
}
