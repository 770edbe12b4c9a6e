// What each user may see, and the work queues: a department user cannot open another department's case; a queue of
// 1,000 cases stays a virtual list with keyboard flow; every approval (extension, suspension, cancellation) goes from
// the requester's case page to the approver's queue and is decided there with the keyboard; the console speaks
// English when asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { chromiumPath, dialog, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('access and queues in the console', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000); // a web build and a seeded demo: minutes when the machine is busy
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
    await expect.poll(() => dlg.getByTestId('department-select').textContent(), { timeout: 15_000 }).toMatch(/街道|局|中心/); // prefilled from the responsibility list
    await e2e.screenshot(page, '14-bulk-dispatch');
    await dlg.getByRole('button', { name: '派遣 3 件' }).click();
    await dlg.waitFor({ state: 'hidden' });
    for (const n of numbers) {
      await expect.poll(() => page.locator(`[data-number="${n}"]`).count()).toBe(0);
      await expect(operator.get<{ state: string }>(`/api/cases/${n}`).then((c) => c.state)).resolves.toBe('dispatched');
    }
    expect(e2e.pageErrors).toEqual([]);
  });

  it('takes extension, suspension and cancellation requests to the approvers’ queues, where they are decided', { timeout: 240_000 }, async () => {
    // Three cases of illegal small ads: two handled by the enforcement bureau, one just filed.
    const operator = await e2e.apiAs('operator');
    const chief = await e2e.apiAs('chief');
    const dispatcherApi = await e2e.apiAs('dispatcher');
    const deptApi = await e2e.apiAs('dept');
    const [{ department_id: enforcement }] = await e2e.query<{ department_id: string }>(sql`select department_id from users where username = 'dept'`);
    const [condition] = await chief.get<{ code: string }[]>('/api/catalogue/matter/07001/filing-conditions');
    const make = async (i: number, handling: boolean) => {
      const p = await e2e.pointInStreet('220106005');
      const c = await operator.post<{ id: string; number: string }>(
        '/api/cases',
        { source: 'hotline', kind: 'matter', classCode: '07001', description: `审批测试 ${i}`, lng: p.lng, lat: p.lat },
        { 'idempotency-key': `e2e-approve-${i}-${Date.now()}` },
      );
      await operator.post(`/api/cases/${c.id}/register`, {});
      await chief.post(`/api/cases/${c.id}/file`, { filingCondition: condition.code });
      if (handling) {
        await dispatcherApi.post(`/api/cases/${c.id}/dispatch`, { departmentId: enforcement });
        await deptApi.post(`/api/cases/${c.id}/accept`, {});
      }
      return c;
    };
    const extend = await make(1, true);
    const suspend = await make(2, true);
    const cancel = await make(3, false);
    const before = await deptApi.get<{ handleDeadline: string }>(`/api/cases/${extend.id}`);

    /** Opens a case and sends a request from its action buttons, with a reason. */
    const request = async (page: Page, id: string, action: string, reason: string, pendingTag: string) => {
      await page.goto(`${e2e.baseUrl}/cases/${id}`);
      await page.locator(`.wg-actions-card button[data-action="${action}"]`).click();
      const dlg = dialog(page);
      await dlg.locator(`form[data-action="${action}"]`).waitFor();
      await dlg.getByLabel('理由').fill(reason);
      await dlg.getByTestId('action-submit').click();
      await dlg.waitFor({ state: 'hidden' });
      await page.locator('.wg-case-head').getByText(pendingTag).waitFor();
    };
    const dept = await e2e.newPage();
    await e2e.login(dept, 'dept');
    await request(dept, extend.id, 'requestExtension', '需协调产权单位共同清理，申请延期一个工作日', '申请延期');
    await request(dept, suspend.id, 'requestSuspension', '涉及拆迁范围，暂不具备处置条件', '申请挂账');

    // The dispatcher's approval queue holds both, each with what is asked; the keyboard decides the first.
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await page.goto(`${e2e.baseUrl}/queues/approve`);
    const extendRow = page.locator(`[data-number="${extend.number}"]`);
    const suspendRow = page.locator(`[data-number="${suspend.number}"]`);
    await extendRow.waitFor();
    await expect(extendRow.textContent()).resolves.toContain('申请延期');
    await expect(suspendRow.textContent()).resolves.toContain('申请挂账');
    await e2e.screenshot(page, '16-queue-approve');
    await extendRow.locator('.ant-table-cell').nth(2).click();
    await page.keyboard.press('a');
    const dlg = dialog(page);
    await dlg.locator('form[data-action="approveExtension"]').waitFor();
    await expect.poll(() => dlg.textContent()).toContain('需协调产权单位共同清理');
    await e2e.screenshot(page, '17-approve-extension');
    await dlg.getByTestId('action-submit').click();
    await dlg.waitFor({ state: 'hidden' });
    await expect.poll(() => extendRow.count()).toBe(0);
    const after = await deptApi.get<{ handleDeadline: string; extensionCount: number; pending: unknown }>(`/api/cases/${extend.id}`);
    expect(after.extensionCount).toBe(1);
    expect(after.pending).toBeNull();
    expect(Date.parse(after.handleDeadline)).toBeGreaterThan(Date.parse(before.handleDeadline));

    // The row's own button decides the other: the case is suspended and waits in the suspended list.
    await suspendRow.getByRole('button', { name: '批准挂账' }).click();
    await dlg.locator('form[data-action="approveSuspension"]').waitFor();
    await dlg.getByTestId('action-submit').click();
    await dlg.waitFor({ state: 'hidden' });
    await expect.poll(() => suspendRow.count()).toBe(0);
    await page.goto(`${e2e.baseUrl}/queues/suspended`);
    await page.locator(`[data-number="${suspend.number}"]`).waitFor();

    // Cancellation: the dispatcher asks, the shift chief approves from the cancel queue.
    await request(page, cancel.id, 'requestCancel', '与 12345 工单重复受理，申请作废', '申请作废');
    const chiefPage = await e2e.newPage();
    await e2e.login(chiefPage, 'chief');
    await chiefPage.goto(`${e2e.baseUrl}/queues/cancel`);
    const cancelRow = chiefPage.locator(`[data-number="${cancel.number}"]`);
    await cancelRow.waitFor();
    await cancelRow.locator('.ant-table-cell').nth(2).click();
    await chiefPage.keyboard.press('a');
    const chiefDlg = dialog(chiefPage);
    await chiefDlg.locator('form[data-action="approveCancel"]').waitFor();
    await chiefDlg.getByTestId('action-submit').click();
    await chiefDlg.waitFor({ state: 'hidden' });
    await expect.poll(() => cancelRow.count()).toBe(0);
    await expect(chief.get<{ state: string }>(`/api/cases/${cancel.id}`).then((c) => c.state)).resolves.toBe('cancelled');
    await expect(chief.get<{ state: string }>(`/api/cases/${suspend.id}`).then((c) => c.state)).resolves.toBe('suspended');
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
