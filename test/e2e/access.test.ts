// What each user may see, and the work queue at scale: a department user cannot open another department's case;
// a queue of 1,000 cases stays a virtual list with keyboard flow; the console speaks English when asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chromiumPath, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('access and queues in the console', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('a department user cannot see another department’s case: its URL says not found', async () => {
    const [enforcement] = await e2e.query<{ id: string; user_id: string }>(
      sql`select d.id, u.id as user_id from departments d join users u on u.department_id = d.id where u.username = 'dept'`,
    );
    // A case held by another unit, never touched by this department or its user.
    const [other] = await e2e.query<{ id: string; number: string }>(sql`
      select id, number from cases
      where department_id is not null and department_id <> ${enforcement.id}::uuid
        and not (${enforcement.id}::uuid = any(co_department_ids)) and not (${enforcement.user_id}::uuid = any(participant_ids))
      order by number limit 1`);
    expect(other).toBeTruthy();

    const page = await e2e.newPage();
    await e2e.login(page, 'dept');
    await page.goto(`${e2e.baseUrl}/cases/${other.id}`);
    await expect(page.getByTestId('case-error').textContent()).resolves.toBe('案卷不存在或无权查看');
    await expect(page.locator('.wg-case-page').count()).resolves.toBe(0);
    await e2e.screenshot(page, '08-not-found-other-department');
    // Nor by its number, nor in their queue.
    await page.goto(`${e2e.baseUrl}/cases/${other.number}`);
    await expect(page.getByTestId('case-error').textContent()).resolves.toBe('案卷不存在或无权查看');
    await page.goto(`${e2e.baseUrl}/queues/handle`);
    await page.locator('.wg-queue-page').waitFor();
    await expect(page.locator(`[data-number="${other.number}"]`).count()).resolves.toBe(0);

    // A case of their own opens.
    const [own] = await e2e.query<{ id: string; number: string }>(sql`select id, number from cases where department_id = ${enforcement.id}::uuid order by number limit 1`);
    if (own) {
      await page.goto(`${e2e.baseUrl}/cases/${own.id}`);
      await page.locator(`.wg-case-page[data-case-number="${own.number}"]`).waitFor();
    }
    expect(e2e.pageErrors).toEqual([]);
  });

  it('renders a queue of 1,000 cases as a virtual list, with j/k and Enter', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'operator');
    // The seeded world is small; the queue answer is widened to 1,000 rows from a real one.
    const real = (await (await page.request.get(`${e2e.baseUrl}/api/cases?pageSize=1`)).json()) as { items: Record<string, unknown>[] };
    const template = real.items[0];
    expect(template).toBeTruthy();
    const items = Array.from({ length: 1000 }, (_, i) => ({
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      number: `220106-2026-9${String(i).padStart(5, '0')}`,
      light: (['green', 'yellow', 'red'] as const)[i % 3],
      remainingMinutes: [240, 20, -35][i % 3],
    }));
    await page.route('**/api/cases?queue=verify*', (route) => route.fulfill({ json: { items, total: 1000, page: 1, pageSize: 1000 } }));
    await page.goto(`${e2e.baseUrl}/queues/verify`);
    await page.locator('[data-number="220106-2026-900000"]').waitFor();
    await expect(page.locator('.wg-shortcuts-count').textContent()).resolves.toBe('显示 1000 / 1000 件');
    // Virtualised: only the rows in view are in the page.
    const rendered = await page.locator('.ant-table-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    // Every light has its word, not only its colour.
    await expect(page.locator('[data-number="220106-2026-900002"] .wg-light').textContent()).resolves.toContain('已超时');

    await page.locator('[data-number="220106-2026-900000"] .ant-table-cell').nth(2).click();
    for (let i = 0; i < 40; i++) await page.keyboard.press('j');
    await page.keyboard.press('k');
    // The focused row scrolled into view and is marked.
    await page.locator('[data-number="220106-2026-900039"].wg-row-focus').waitFor();
    await e2e.screenshot(page, '09-queue-1000-rows');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/00000000-0000-4000-8000-000000000039$/);
  });

  it('shows new cases in an open queue live (SSE) and dispatches several of one class at once', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await page.goto(`${e2e.baseUrl}/queues/dispatch`);
    await page.locator('.wg-queue-page').waitFor();
    await page.locator('.wg-live-live').waitFor(); // the event stream is connected

    // Meanwhile the centre registers and files three reports of illegal small ads (非法小广告).
    const operator = await e2e.apiAs('operator');
    const chief = await e2e.apiAs('chief');
    const [condition] = await chief.get<{ code: string }[]>('/api/catalogue/matter/07001/filing-conditions');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await e2e.pointInStreet('220106003');
      const c = await operator.post<{ id: string; number: string }>(
        '/api/cases',
        { source: 'hotline', kind: 'matter', classCode: '07001', description: `电线杆张贴小广告 ${i + 1}`, lng: p.lng, lat: p.lat },
        { 'idempotency-key': `e2e-bulk-${i}-${Date.now()}` },
      );
      await operator.post(`/api/cases/${c.id}/register`, {});
      await chief.post(`/api/cases/${c.id}/file`, { filingCondition: condition.code });
      numbers.push(c.number);
    }
    // They appear without a reload.
    for (const n of numbers) await page.locator(`[data-number="${n}"]`).waitFor({ timeout: 10_000 });

    for (const n of numbers) await page.locator(`[data-number="${n}"] .ant-checkbox-input`).check();
    await page.getByTestId('bulk-dispatch').click();
    const dlg = page.locator('.ant-modal:visible');
    await expect.poll(() => dlg.getByTestId('department-select').textContent()).toMatch(/街道|局|中心/); // prefilled from the responsibility list
    await e2e.screenshot(page, '14-bulk-dispatch');
    await dlg.getByRole('button', { name: '派遣 3 件' }).click();
    await dlg.waitFor({ state: 'hidden' });
    for (const n of numbers) {
      await expect.poll(() => page.locator(`[data-number="${n}"]`).count()).toBe(0);
      await expect(operator.get<{ state: string }>(`/api/cases/${n}`).then((c) => c.state)).resolves.toBe('dispatched');
    }
    expect(e2e.pageErrors).toEqual([]);
  });

  it('speaks English when the user switches language, and remembers it', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await page.locator('.wg-header .ant-segmented-item').filter({ hasText: 'EN' }).click();
    await expect(page.getByRole('menuitem', { name: /To dispatch/ }).count()).resolves.toBe(1);
    await page.reload();
    await page.locator('.wg-queue-page').waitFor();
    await expect(page.locator('.wg-page-title').first().textContent()).resolves.toContain('To dispatch');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await e2e.screenshot(page, '10-queue-english');
    expect(e2e.pageErrors).toEqual([]);
  });
});
