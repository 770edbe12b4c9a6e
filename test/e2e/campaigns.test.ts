// The plan's programmes in the browser: the campaigns with the demo's four 2018 campaigns, a campaign board (targets,
// trend, hot spots, photo wall, cases, the daily report as a real xlsx), a new campaign set up by the chief; the illegal
// building register with its map, a structure registered and walked from found to demolished, and the targets board.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { addDays } from '../../src/domain/campaigns';
import { shanghaiDay } from '../../src/domain/calendar';
import { chromiumPath, clickMapAt, dialog, mapIdle, pickOption, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('special campaigns and the illegal building register', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E({ cases: 300 });
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const toast = (page: Page, text: string) => page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
  /** Types a day into an antd DatePicker (its input is labelled by the form item) and confirms it. */
  const pickDay = async (page: Page, label: string, day: string) => {
    const input = dialog(page).getByLabel(label, { exact: true });
    await input.click();
    await input.fill(day);
    await input.press('Tab'); // takes the typed day; Enter would submit the dialog's form before it is filled in
  };

  it('a leader sees the four campaigns and a campaign board with its targets, map, photo wall and cases; the daily report downloads', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'leader');
    await page.getByRole('menuitem', { name: '专项整治' }).click();
    await page.waitForURL(/\/campaigns$/);
    const cards = page.locator('.wg-cmp-card');
    await expect.poll(() => cards.count()).toBe(4);
    for (const name of ['露天烧烤专项整治', '占道经营专项整治', '非法小广告及违规户外广告整治', '废品收购站点乱象整治']) {
      await expect(page.locator(`.wg-cmp-card[data-campaign="${name}"]`).count()).resolves.toBe(1);
    }
    // Every card states where it stands on each target in words, not by colour alone.
    await expect(cards.first().locator('.wg-tstatus').count()).resolves.toBe(3);
    await expect(page.locator('.wg-cmp-card[data-campaign="露天烧烤专项整治"]').textContent()).resolves.toContain('专项处置时限 1 小时（常规 2 小时 / 3 工作日）');
    await e2e.screenshot(page, 'campaigns-list');

    await page.locator('.wg-cmp-card[data-campaign="占道经营专项整治"]').getByRole('button', { name: /打开整治看板/ }).click();
    await page.getByTestId('campaign-board').waitFor();
    const reported = Number((await page.getByTestId('stat-reported').locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, ''));
    const api = await e2e.apiAs('leader');
    const { items } = await api.get<{ items: { id: string; nameZh: string; counts: { reported: number } }[] }>('/api/campaigns');
    const trade = items.find((c) => c.nameZh === '占道经营专项整治')!;
    expect(reported).toBe(trade.counts.reported);
    expect(reported).toBeGreaterThan(10);
    await page.locator('[data-testid=campaign-trend][data-drawn=true]').waitFor();
    await mapIdle(page, 'campaign');
    const heat = await page.evaluate(async () => {
      const data = await (window.__wangge!.maps.campaign.getSource('hotspots') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }).getData();
      return data.features.length;
    });
    expect(heat).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('photo-wall').locator('figure').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('campaign-cases').locator('.ant-table-row').count()).toBeGreaterThan(0);
    await e2e.screenshot(page, 'campaign-board');
    await page.getByTestId('photo-wall').scrollIntoViewIfNeeded();
    await e2e.screenshot(page, 'campaign-board-photos');

    // The daily report is a real Excel workbook.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('daily-report').click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file!) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '按街道', '当日新增', '当日结案', '超期未结']);
    expect(wb.getWorksheet('概况')!.getRow(2).getCell(2).value).toBe('占道经营专项整治');

    // The overdue filter lists only overdue cases.
    await page.getByText('超期', { exact: true }).first().click();
    await expect.poll(async () => (await page.getByTestId('campaign-cases').locator('.ant-table-row').count()) === 0 || (await page.getByTestId('campaign-cases').locator('.ant-table-row').first().textContent())!.includes('超期')).toBe(true);
    expect(e2e.pageErrors).toEqual([]);
  }, 180_000);

  it('the chief sets up a campaign; the cases already in its scope are tagged at once', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'chief');
    await page.goto(`${e2e.baseUrl}/campaigns`);
    await page.getByRole('button', { name: '新建专项整治' }).click();
    const dlg = dialog(page);
    await dlg.getByLabel('名称（中文）').fill('暴露垃圾清零行动');
    await dlg.getByLabel('名称（英文）').fill('Exposed garbage clean-up');
    await pickOption(page, dlg.getByLabel('类别', { exact: true }), '暴露垃圾', '06010');
    await dlg.getByLabel('专项时限').fill('2');
    const today = shanghaiDay(new Date());
    const start = dlg.locator('.ant-picker-range input').first();
    await start.click();
    await start.fill(addDays(today, -60));
    await start.press('Enter');
    const end = dlg.locator('.ant-picker-range input').last();
    await end.fill(addDays(today, 30));
    await end.press('Tab'); // Enter would submit the form before the targets are filled in
    await dlg.getByLabel('目标整治数（件）').fill('80');
    await e2e.screenshot(page, 'campaign-new');
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已新建');
    const card = page.locator('.wg-cmp-card[data-campaign="暴露垃圾清零行动"]');
    await card.waitFor();
    const api = await e2e.apiAs('chief');
    const made = (await api.get<{ items: { nameZh: string; counts: { reported: number }; startDate: string }[] }>('/api/campaigns')).items.find((c) => c.nameZh === '暴露垃圾清零行动')!;
    expect(made.startDate).toBe(addDays(today, -60));
    const [{ n }] = await e2e.query<{ n: number }>(
      (await import('drizzle-orm')).sql`select count(*)::int as n from cases where class_code = '06010' and kind = 'matter' and created_at >= ${new Date(`${addDays(today, -60)}T00:00:00+08:00`)}`,
    );
    expect(made.counts.reported).toBe(Number(n));
    expect(made.counts.reported).toBeGreaterThan(0);
    expect(e2e.pageErrors).toEqual([]);
  }, 180_000);

  it('a structure is registered on the map and walked from found to demolished; the targets board counts it', async () => {
    const api = await e2e.apiAs('chief');
    type Board = { demolition: { doneM2: number; byMonth: { month: string; existingM2: number }[] }; zeroGrowth: { found: number } };
    const before = await api.get<Board>('/api/illegal-buildings/targets');
    const page = await e2e.newPage();
    await e2e.login(page, 'chief');
    await page.getByRole('menuitem', { name: '违法建设台账' }).click();
    await page.getByTestId('register-page').waitFor();
    await expect.poll(() => page.getByTestId('register-table').locator('.ant-table-row').count()).toBeGreaterThan(5);
    await mapIdle(page, 'buildings');
    await e2e.screenshot(page, 'register-list');

    const today = shanghaiDay(new Date());
    const found = addDays(today, -20);
    await page.getByRole('button', { name: '登记违法建设' }).click();
    const dlg = dialog(page);
    const spot = await e2e.pointInStreet('220106001');
    await clickMapAt(page, 'picker', spot.lng, spot.lat, 16);
    await expect(dlg.getByTestId('picked-point').textContent()).resolves.toContain('已选');
    await dlg.getByText('存量', { exact: true }).click();
    await pickOption(page, dlg.getByLabel('类型', { exact: true }), '彩钢房', '');
    await dlg.getByLabel('面积（㎡）').fill('150');
    await pickDay(page, '发现日期', found);
    await dlg.getByLabel('地址', { exact: true }).fill('正阳街道 测试路8号院内');
    await dlg.getByLabel('权属人姓名 / 单位').fill('测试权属人');
    await dlg.getByLabel('联系电话').fill('13800001234');
    await e2e.screenshot(page, 'register-new');
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('building-detail').waitFor();
    const detail = page.getByTestId('building-detail');
    await expect(detail.getAttribute('data-state')).resolves.toBe('found');
    const code = (await detail.getAttribute('data-code'))!;
    expect(code).toMatch(/^WJ-\d{4}-\d{5}$/);
    await expect(page.getByTestId('owner').textContent()).resolves.toContain('测试权属人');

    const step = async (action: string, fill: (d: ReturnType<typeof dialog>) => Promise<void>, state: string) => {
      await page.locator(`button[data-action="${action}"]`).click();
      const d = dialog(page);
      await d.locator(`form[data-action="${action}"]`).waitFor();
      await fill(d);
      await d.getByRole('button', { name: /确\s*定/ }).click();
      await d.waitFor({ state: 'hidden' });
      await expect.poll(() => detail.getAttribute('data-state')).toBe(state);
    };
    await step('file', async (d) => {
      await pickDay(page, '日期', addDays(found, 1));
      await d.getByLabel('立案编号').fill('绿城管立〔2026〕901号');
    }, 'filed');
    await step('serveNotice', async (d) => {
      await pickDay(page, '日期', addDays(found, 2));
      await d.getByLabel('通知书编号').fill('绿限拆〔2026〕901号');
      await pickDay(page, '整改期限', addDays(found, 10));
    }, 'notice_served');
    await step('expire', async () => pickDay(page, '日期', addDays(found, 11)), 'deadline_passed');
    await e2e.screenshot(page, 'register-entry-deadline');
    // A partial demolition leaves the state; the rest completes it.
    await step('demolish', async (d) => {
      await pickDay(page, '日期', addDays(found, 12));
      await d.getByLabel('本次拆除面积（㎡）').fill('60');
    }, 'deadline_passed');
    // The state stays deadline_passed, so wait for the area itself: the entry refetches after the dialog closes.
    await expect.poll(() => page.getByTestId('demolished-m2').textContent()).toBe('60');
    await step('demolish', async () => pickDay(page, '日期', today), 'demolished');
    await expect.poll(() => page.getByTestId('demolished-m2').textContent()).toBe('150');
    await expect(detail.locator('[data-event]').count()).resolves.toBe(6);
    await expect(page.locator('.wg-ib-steps .ant-steps-item-finish, .wg-ib-steps .ant-steps-item-process').count()).resolves.toBe(5);
    await e2e.screenshot(page, 'register-entry-demolished');

    // The targets board counts the 150 m² this year, and this month's part in the stock (existing) target.
    await page.goto(`${e2e.baseUrl}/illegal-buildings/targets`);
    await page.getByTestId('stock-target').waitFor();
    await page.locator('[data-testid=targets-months][data-drawn=true]').waitFor();
    const after = await api.get<Board>('/api/illegal-buildings/targets');
    expect(Math.round((after.demolition.doneM2 - before.demolition.doneM2) * 10) / 10).toBe(150);
    const month = today.slice(0, 7);
    const m = (b: Board) => b.demolition.byMonth.find((x) => x.month === month)!.existingM2;
    // 60 m² came down 8 days ago (last month, early in a month) and 90 m² today.
    const thisMonth = (addDays(found, 12).startsWith(month) ? 60 : 0) + 90;
    expect(Math.round((m(after) - m(before)) * 10) / 10).toBe(thisMonth);
    await expect(page.getByTestId('growth-target').locator('.wg-tstatus').count()).resolves.toBe(1);
    await e2e.screenshot(page, 'register-targets');

    // The leader reads the entry without the owner.
    const leader = await e2e.newPage();
    await e2e.login(leader, 'leader');
    const id = page.url();
    await leader.goto(`${e2e.baseUrl}/illegal-buildings`);
    await leader.getByTestId('register-table').waitFor();
    const entry = (await api.get<{ items: { id: string; code: string }[] }>(`/api/illegal-buildings?q=${encodeURIComponent(code)}`)).items[0];
    await leader.goto(`${e2e.baseUrl}/illegal-buildings/${entry.id}`);
    await leader.getByTestId('owner-hidden').waitFor();
    expect(await leader.getByTestId('building-detail').textContent()).not.toContain('测试权属人');
    expect(id).toContain('/illegal-buildings/');
    expect(e2e.pageErrors).toEqual([]);
  }, 240_000);
});
