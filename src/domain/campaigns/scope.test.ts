// Unit and property tests of campaign tagging and of the campaign handling limit chosen at filing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shanghaiInstant, WorkingCalendar } from '../calendar';
import { campaignsFor, chooseHandleLimit, inScope, matchingClass, retag, type CampaignScope, type CaseFacts } from './scope';

const ZHENGYANG = '220106001';
const CHUNCHENG = '220106002';

const campaign = (over: Partial<CampaignScope> & Pick<CampaignScope, 'id'>): CampaignScope => ({
  classes: [{ kind: 'matter', code: '06029' }],
  streets: [],
  communities: [],
  startDate: '2026-05-01',
  endDate: '2026-09-30',
  ...over,
});

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  kind: 'matter',
  classCode: '06029',
  streetCode: ZHENGYANG,
  communityCode: `${ZHENGYANG}001`,
  reportedAt: shanghaiInstant('2026-06-10', '21:30'),
  ...over,
});

describe('tagging: which cases a campaign covers', () => {
  const bbq = campaign({ id: 'bbq' });

  it('covers a case of its class, in its area, reported in its period', () => {
    expect(inScope(bbq, facts())).toBe(true);
  });

  it('leaves out other classes, and the same code of the other kind', () => {
    expect(inScope(bbq, facts({ classCode: '09006' }))).toBe(false);
    expect(inScope(bbq, facts({ kind: 'component' }))).toBe(false);
  });

  it('covers local sub-classes that extend a campaign class, but not a code that merely starts alike', () => {
    const ads = campaign({ id: 'ads', classes: [{ kind: 'matter', code: '07001' }, { kind: 'matter', code: '07003' }] });
    expect(inScope(ads, facts({ classCode: '0700101' }))).toBe(true);
    expect(inScope(ads, facts({ classCode: '07003' }))).toBe(true);
    expect(inScope(ads, facts({ classCode: '07002' }))).toBe(false);
    expect(matchingClass(ads.classes, 'matter', '0700312')?.code).toBe('07003');
  });

  it('takes whole Shanghai days at both ends of the period', () => {
    // 00:00 on the first day and 23:59 on the last day (Beijing time) are in; a minute either side is out.
    expect(inScope(bbq, facts({ reportedAt: shanghaiInstant('2026-05-01', '00:00') }))).toBe(true);
    expect(inScope(bbq, facts({ reportedAt: shanghaiInstant('2026-09-30', '23:59') }))).toBe(true);
    expect(inScope(bbq, facts({ reportedAt: new Date(shanghaiInstant('2026-05-01', '00:00').getTime() - 60_000) }))).toBe(false);
    expect(inScope(bbq, facts({ reportedAt: shanghaiInstant('2026-10-01', '00:00') }))).toBe(false);
  });

  it('limits by streets or communities, and covers the whole district when given none', () => {
    const street = campaign({ id: 's', streets: [CHUNCHENG] });
    expect(inScope(street, facts())).toBe(false);
    expect(inScope(street, facts({ streetCode: CHUNCHENG, communityCode: `${CHUNCHENG}003` }))).toBe(true);
    const community = campaign({ id: 'c', communities: [`${ZHENGYANG}001`] });
    expect(inScope(community, facts())).toBe(true);
    expect(inScope(community, facts({ communityCode: `${ZHENGYANG}002` }))).toBe(false);
    // A case outside any street (no place) is only covered by district-wide campaigns.
    expect(inScope(street, facts({ streetCode: null, communityCode: null }))).toBe(false);
    expect(inScope(bbq, facts({ streetCode: null, communityCode: null }))).toBe(true);
  });

  it('an archived campaign covers nothing', () => {
    expect(inScope({ ...bbq, archived: true }, facts())).toBe(false);
  });

  it('a case can be in several campaigns', () => {
    const other = campaign({ id: 'night-market', streets: [ZHENGYANG] });
    expect(campaignsFor([bbq, other, campaign({ id: 'ads', classes: [{ kind: 'matter', code: '07001' }] })], facts())).toEqual(['bbq', 'night-market']);
  });

  it('re-classing at filing moves the tags: out of the old campaign, into the new one', () => {
    const trade = campaign({ id: 'trade', classes: [{ kind: 'matter', code: '09006' }] });
    const all = [bbq, trade];
    expect(retag(['bbq'], all, facts({ classCode: '09006' }))).toEqual({ add: ['trade'], remove: ['bbq'] });
    expect(retag(['bbq'], all, facts())).toEqual({ add: [], remove: [] });
    // The tags of an archived campaign are kept: they are the record of what it covered.
    expect(retag(['bbq'], [{ ...bbq, archived: true }, trade], facts({ classCode: '09006' }))).toEqual({ add: ['trade'], remove: [] });
  });

  it('property: retagging twice changes nothing the second time, and the result is exactly the campaigns in scope', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const arbCampaign = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      classes: fc.subarray([{ kind: 'matter' as const, code: '06029' }, { kind: 'matter' as const, code: '09006' }, { kind: 'component' as const, code: '06029' }], { minLength: 1 }),
      streets: fc.subarray([ZHENGYANG, CHUNCHENG]),
      communities: fc.constant([] as string[]),
      startDate: day,
      endDate: day,
      archived: fc.boolean(),
    }).map((c) => (c.startDate > c.endDate ? { ...c, startDate: c.endDate, endDate: c.startDate } : c));
    const arbFacts = fc.record({
      kind: fc.constantFrom('matter' as const, 'component' as const),
      classCode: fc.constantFrom('06029', '09006', '0902901'),
      streetCode: fc.constantFrom(ZHENGYANG, CHUNCHENG),
      communityCode: fc.constant(null),
      reportedAt: fc.integer({ min: 0, max: 400 * 24 }).map((h) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbCampaign, { selector: (c) => c.id }), fc.subarray(['a', 'b', 'c', 'd']), arbFacts, (campaigns, current, f) => {
        const { add, remove } = retag(current, campaigns, f);
        const after = [...current.filter((id) => !remove.includes(id)), ...add];
        expect(retag(after, campaigns, f)).toEqual({ add: [], remove: [] });
        const live = campaigns.filter((c) => !c.archived).map((c) => c.id);
        for (const id of live) expect(after.includes(id)).toBe(campaignsFor(campaigns, f).includes(id));
      }),
    );
  });
});

describe('the campaign handling limit chosen at filing', () => {
  const cal = WorkingCalendar.default();
  const monday9 = shanghaiInstant('2026-06-15', '09:00');
  const ordinary = { limit: { amount: 2, unit: 'clock_hours' as const }, basis: 'catalogue' as const };

  it('a campaign covering the case with a tighter limit for its class wins', () => {
    const bbq = campaign({ id: 'bbq', classes: [{ kind: 'matter', code: '06029', limit: { amount: 1, unit: 'clock_hours' } }] });
    expect(chooseHandleLimit(ordinary, [bbq], facts(), cal, monday9)).toEqual({ limit: { amount: 1, unit: 'clock_hours' }, basis: 'campaign', campaignId: 'bbq' });
  });

  it('a looser campaign limit, or a campaign without a limit, leaves the ordinary limit', () => {
    const loose = campaign({ id: 'loose', classes: [{ kind: 'matter', code: '06029', limit: { amount: 1, unit: 'working_days' } }] });
    const none = campaign({ id: 'none' });
    expect(chooseHandleLimit(ordinary, [loose, none], facts(), cal, monday9)).toEqual({ limit: ordinary.limit, basis: 'catalogue' });
  });

  it('a campaign that does not cover the case sets nothing', () => {
    const elsewhere = campaign({ id: 'elsewhere', streets: [CHUNCHENG], classes: [{ kind: 'matter', code: '06029', limit: { amount: 30, unit: 'clock_minutes' } }] });
    const over = campaign({ id: 'over', endDate: '2026-05-31', classes: [{ kind: 'matter', code: '06029', limit: { amount: 30, unit: 'clock_minutes' } }] });
    expect(chooseHandleLimit(ordinary, [elsewhere, over], facts(), cal, monday9).basis).toBe('catalogue');
  });

  it('compares limits in different units by the deadline they give on the working calendar', () => {
    // 4 working hours from Friday 16:00 runs to Monday 11:30; 24 clock hours is Saturday 16:00: the clock limit is tighter.
    const friday4pm = shanghaiInstant('2026-06-19', '16:00');
    const base = { limit: { amount: 4, unit: 'working_hours' as const }, basis: 'responsibility' as const };
    const c = campaign({ id: 'c', classes: [{ kind: 'matter', code: '06029', limit: { amount: 24, unit: 'clock_hours' } }] });
    expect(chooseHandleLimit(base, [c], facts(), cal, friday4pm).basis).toBe('campaign');
    // On Monday 09:00 the same 4 working hours end at 14:00, well before 24 clock hours: the ordinary limit stays.
    expect(chooseHandleLimit(base, [c], facts(), cal, monday9)).toEqual({ limit: base.limit, basis: 'responsibility' });
  });

  it('among several campaigns the tightest wins; a tie keeps the ordinary limit', () => {
    const a = campaign({ id: 'a', classes: [{ kind: 'matter', code: '06029', limit: { amount: 90, unit: 'clock_minutes' } }] });
    const b = campaign({ id: 'b', classes: [{ kind: 'matter', code: '06029', limit: { amount: 45, unit: 'clock_minutes' } }] });
    const tie = campaign({ id: 'tie', classes: [{ kind: 'matter', code: '06029', limit: { amount: 120, unit: 'clock_minutes' } }] });
    expect(chooseHandleLimit(ordinary, [a, b, tie], facts(), cal, monday9).campaignId).toBe('b');
    expect(chooseHandleLimit(ordinary, [tie], facts(), cal, monday9).basis).toBe('catalogue');
  });

  it('property: the chosen deadline is never later than the ordinary one, nor than any applicable campaign limit', () => {
    const unit = fc.constantFrom('working_minutes' as const, 'working_hours' as const, 'working_days' as const, 'clock_minutes' as const, 'clock_hours' as const, 'natural_days' as const);
    const limit = fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit });
    fc.assert(
      fc.property(limit, fc.array(fc.option(limit, { nil: null }), { maxLength: 4 }), fc.integer({ min: 0, max: 24 * 60 }), (base, limits, minute) => {
        const from = new Date(monday9.getTime() + minute * 60_000);
        const campaigns = limits.map((l, i) => campaign({ id: `c${i}`, classes: [{ kind: 'matter', code: '06029', limit: l }] }));
        const choice = chooseHandleLimit({ limit: base, basis: 'catalogue' }, campaigns, facts(), cal, from);
        const chosen = cal.addLimit(from, choice.limit).getTime();
        expect(chosen).toBeLessThanOrEqual(cal.addLimit(from, base).getTime());
        for (const l of limits) if (l) expect(chosen).toBeLessThanOrEqual(cal.addLimit(from, l).getTime());
      }),
    );
  });
});
