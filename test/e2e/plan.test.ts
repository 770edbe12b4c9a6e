// Plan supervision (督查督办) in the browser: a leader follows the plan board of the demo's annual plan (sections,
// progress bars, status words, live-linked tasks), filters the lagging tasks, opens one and sends a 督办; the lead
// department is notified, reports progress with an evidence photo; a broken plan file is refused with its problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPath, dialog, jpegFile, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('plan supervision (督查督办)', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E({ cases: 300 });
  }, 300_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const toast = (page: Page, text: string) => page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
  let taskUrl = '';

  it('a leader follows the plan board, opens a lagging task and sends a 督办', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'leader');
    await page.getByRole('menuitem', { name: '督查督办' }).click();
    await page.waitForURL(/\/plan/);
    await page.locator('.wg-plan-section').first().waitFor();
    await expect.poll(() => page.locator('.wg-plan-section').count()).toBe(5);
    // The 2018 plan's targets are there, and measured ones are live.
    const body = () => page.locator('main, .ant-layout-content').first().textContent();
    for (const text of ['54个', '12000人', '4129户', '10万平方米', '85%', '绿色微景观10处', '特色街路30条']) await expect(body()).resolves.toContain(text);
    const demolish = page.locator('.ant-table-row').filter({ hasText: '拆除存量违法建设' });
    await expect(demolish.textContent()).resolves.toContain('实时');
    // Statuses are words, not colours only; the demo has lagging and overdue tasks.
    await expect(page.locator('[data-status=overdue]').count()).resolves.toBeGreaterThan(1);
    await expect(page.locator('.ant-table-row [data-status=lagging]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.ant-table-row').filter({ hasText: '完成征收片区房屋安全鉴定' }).textContent()).resolves.toContain('逾期未完成');
    await e2e.screenshot(page, 'plan-board');

    // Only the lagging tasks.
    await page.getByTestId('count-lagging').click();
    await expect.poll(async () => {
      const rows = await page.locator('.ant-table-row').all();
      if (!rows.length) return false;
      for (const r of rows) if ((await r.locator('[data-status]').getAttribute('data-status')) !== 'lagging') return false;
      return true;
    }).toBe(true);
    await e2e.screenshot(page, 'plan-board-lagging');

    await page.locator('.ant-table-row').filter({ hasText: '清理规范违规户外广告牌匾' }).getByRole('link').click();
    await page.waitForURL(/\/plan\/tasks\//);
    taskUrl = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: /3\.2/ }).waitFor();
    await expect(page.locator('[data-status=lagging]').count()).resolves.toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('plan-report').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '督办' }).click();
    await dialog(page).getByLabel('督办意见').fill('广告牌匾清理进度滞后于节点目标，请一周内报送整改方案。');
    await dialog(page).getByRole('button', { name: '发送督办' }).click();
    await toast(page, '督办已发送');
    await expect.poll(() => page.getByTestId('plan-urge').first().textContent()).toContain('广告牌匾清理进度滞后于节点目标');
    await e2e.screenshot(page, 'plan-task-urged');
    expect(e2e.pageErrors).toEqual([]);
  }, 180_000);

  it('the lead department is told, and reports progress with an evidence photo', async () => {
    const api = await e2e.apiAs('dept');
    const notes = await api.get<{ items: { kind: string; link: string }[] }>('/api/notifications');
    expect(notes.items.some((n) => n.kind === 'planTaskUrged' && n.link === taskUrl)).toBe(true);

    const page = await e2e.newPage();
    await e2e.login(page, 'dept');
    await page.goto(`${e2e.baseUrl}${taskUrl}`);
    await page.getByRole('heading', { name: /3\.2/ }).waitFor();
    const before = await page.getByTestId('plan-report').count();
    await page.getByLabel(/完成值/).fill('900');
    await page.getByLabel('进展情况').fill('景阳大路、青年路沿线违规广告牌匾集中清理完毕，累计清理 900 块。');
    await page.locator('input[type=file]').setInputFiles(await jpegFile());
    await page.getByTestId('report-evidence').locator('img').first().waitFor();
    await page.getByRole('button', { name: '提交报送' }).click();
    await toast(page, '进展已报送');
    await expect.poll(() => page.getByTestId('plan-report').count()).toBe(before + 1);
    const latest = page.getByTestId('plan-report').first();
    await expect(latest.textContent()).resolves.toContain('累计清理 900 块');
    await expect.poll(() => latest.locator('img').count()).toBe(1);
    await expect.poll(() => latest.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await latest.scrollIntoViewIfNeeded();
    await e2e.screenshot(page, 'plan-task-reported');
    // The department cannot urge.
    await expect(page.getByRole('button', { name: '督办' }).count()).resolves.toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);

  it('a broken plan file is refused whole, its problems listed by row and field', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'leader');
    await page.goto(`${e2e.baseUrl}/plan/import`);
    const doc = { code: 'BAD-1', title: '测试计划', year: 2026, sections: [{ title: '一', tasks: [{ code: '1', text: '任务', lead: '不存在的局', target: { value: 'x', unit: '个' }, deadline: '2026-12-31' }] }] };
    await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByRole('button', { name: '检查并预览' }).click();
    await page.getByText('文件有 2 处问题，未导入任何内容').waitFor();
    await expect(page.locator('.ant-table-row').filter({ hasText: '牵头单位“不存在的局”不存在' }).count()).resolves.toBe(1);
    await e2e.screenshot(page, 'plan-import-problems');
    const plans = await (await e2e.apiAs('leader')).get<{ items: unknown[] }>('/api/plan/plans');
    expect(plans.items).toHaveLength(1);
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);
});
