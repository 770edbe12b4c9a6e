// The whole life of one case through the console, each step by the role that owns it: intake by the operator,
// verify by the inspector, filing, dispatch, a return and re-dispatch, handling with an after photo, check, close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumPath, clickMapAt, dialog, jpegFile, pickOption, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('case journey through the console', () => {
  let e2e: E2EApp;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000); // a web build and a seeded demo: minutes when the machine is busy
  afterAll(async () => {
    await e2e?.close();
  });

  /** One signed-in page per demo account, kept for the whole journey (as people keep their console open). */
  async function as(username: string): Promise<Page> {
    if (!pages[username]) {
      const page = await e2e.newPage();
      await e2e.login(page, username);
      pages[username] = page;
    }
    return pages[username];
  }

  /** Opens the case from a work queue: the row must be there, with its light. */
  async function openFromQueue(page: Page, queue: string, number: string): Promise<void> {
    await page.goto(`${e2e.baseUrl}/queues/${queue}`);
    const row = page.locator(`[data-number="${number}"]`);
    await row.waitFor();
    await expect(row.locator('.wg-light').count()).resolves.toBe(1);
    await row.getByRole('link', { name: number }).click();
    await page.locator(`.wg-case-page[data-case-number="${number}"]`).waitFor();
  }

  /** Takes an action from the case page: opens its form, lets `fill` complete it, submits, waits for the new state. */
  async function act(page: Page, action: string, toState: string, fill?: (dlg: Locator) => Promise<void>): Promise<void> {
    await page.locator(`.wg-actions-card button[data-action="${action}"]`).click();
    const dlg = dialog(page);
    await dlg.locator(`form[data-action="${action}"]`).waitFor();
    if (fill) await fill(dlg);
    await dlg.getByTestId('action-submit').click();
    await page.locator(`.wg-case-page[data-state="${toState}"]`).waitFor();
    await dlg.waitFor({ state: 'hidden' });
  }

  it('reports, verifies, files, dispatches, returns, re-dispatches, handles with a photo, checks and closes', { timeout: 600_000 }, async () => {
    // ---------------------------------------------------------------- intake (operator, hotline call)
    const operator = await as('operator');
    await e2e.screenshot(operator, '02-queue-operator');
    await operator.getByRole('menuitem', { name: '案件受理' }).click();
    await operator.locator('.wg-intake').waitFor();
    const point = await e2e.pointInStreet('220106001'); // 正阳街道: the demo street user's area
    // The class picker finds classes by words as well as by code.
    await operator.getByLabel('问题类别').click();
    await operator.getByLabel('问题类别').pressSequentially('小广告', { delay: 10 });
    await operator.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '非法小广告' }).first().waitFor();
    await operator.getByLabel('问题类别').press('Escape');
    await operator.getByLabel('问题类别').fill('');
    await pickOption(operator, operator.getByLabel('问题类别'), '占道经营', '09006');
    // The caller names a house number: the gazetteer finds it, the map goes there and the pin resolves at once.
    await pickOption(operator, operator.getByTestId('place-search'), '青年路2号', '青年路2');
    await expect.poll(() => operator.getByTestId('resolved-place').textContent(), { timeout: 15_000 }).toContain('和平社区');
    await expect(operator.getByTestId('resolved-place').textContent()).resolves.toContain('正阳街道');
    await expect(operator.getByTestId('resolved-place').textContent()).resolves.toContain('青年路2号');
    await expect(operator.getByLabel('位置描述').inputValue()).resolves.toContain('青年路2号');
    await e2e.screenshot(operator, '03-intake-place-search');
    // The operator then clicks the exact spot.
    await operator.getByLabel('问题描述').fill('市民来电：正阳街道路口商贩占用人行道摆摊，影响通行');
    await operator.getByLabel('反映人').fill('张先生');
    await operator.getByLabel('联系电话').fill('13900001111');
    await clickMapAt(operator, 'intake', point.lng, point.lat, 16);
    await expect.poll(() => operator.getByTestId('resolved-place').textContent(), { timeout: 15_000 }).toContain(point.gridCode);
    await e2e.screenshot(operator, '03-intake');
    await operator.getByTestId('intake-submit').click();
    const number = (await operator.getByTestId('created-number').textContent())!.trim();
    expect(number).toMatch(/^220106-\d{4}-\d{6}$/);
    await operator.getByRole('button', { name: '查看案卷' }).click();
    await operator.locator('.wg-case-page[data-state="reported"]').waitFor();

    // ---------------------------------------------------------------- operator sends a verify task to the inspector
    await act(operator, 'sendVerify', 'verifying', async (dlg) => {
      await pickOption(operator, dlg.getByLabel('监督员'), '监督员 刘洋', '刘洋');
    });

    // ---------------------------------------------------------------- inspector verifies on site
    const inspector = await as('inspector');
    await openFromQueue(inspector, 'tasks', number);
    await act(inspector, 'verify', 'verified', async (dlg) => {
      await expect(dlg.getByRole('radio', { name: '属实', exact: true }).isChecked()).resolves.toBe(true);
      await dlg.getByLabel('意见 / 备注').fill('现场核实属实');
    });

    // ---------------------------------------------------------------- shift chief files it
    const chief = await as('chief');
    await openFromQueue(chief, 'file', number);
    await act(chief, 'file', 'filed', async (dlg) => {
      await pickOption(chief, dlg.getByLabel('立案条件'), '流动占道经营', '');
    });

    // ---------------------------------------------------------------- dispatcher: keyboard flow in the queue, dispatch to the street office
    const dispatcher = await as('dispatcher');
    await dispatcher.goto(`${e2e.baseUrl}/queues/dispatch`);
    const row = dispatcher.locator(`[data-number="${number}"]`);
    await row.waitFor();
    await e2e.screenshot(dispatcher, '04-queue-dispatch');
    await row.locator('.ant-table-cell').nth(3).click(); // focus the row (not the link)
    await dispatcher.keyboard.press('a'); // the main action of the queue: dispatch
    const dispatchDialog = dialog(dispatcher);
    await dispatchDialog.locator('form[data-action="dispatch"]').waitFor();
    // The responsibility list routes 占道经营 to the locality: 正阳街道 (先属地).
    await expect(dispatchDialog.locator('.wg-suggestion').textContent()).resolves.toContain('正阳街道');
    await expect(dispatchDialog.getByTestId('department-select').textContent()).resolves.toContain('正阳街道');
    await e2e.screenshot(dispatcher, '05-dispatch-dialog');
    await dispatchDialog.getByTestId('action-submit').click();
    await dispatchDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => dispatcher.locator(`[data-number="${number}"]`).count(), { timeout: 10_000 }).toBe(0);

    // ---------------------------------------------------------------- the street office says "not ours"
    const street = await as('street');
    await openFromQueue(street, 'handle', number);
    await act(street, 'requestReturn', 'returned', async (dlg) => {
      await dlg.getByLabel('理由').fill('该路段属城管执法局重点整治路段，请改派');
    });

    // ---------------------------------------------------------------- dispatcher approves the return by re-dispatching
    await openFromQueue(dispatcher, 'approve', number);
    await act(dispatcher, 'redispatch', 'dispatched', async (dlg) => {
      await pickOption(dispatcher, dlg.getByLabel('改派到'), '城管执法局', '城管执法');
      await dlg.getByLabel('意见 / 备注').fill('同意回退，改派城管执法局');
    });

    // ---------------------------------------------------------------- the enforcement bureau accepts and handles, with an after photo
    const dept = await as('dept');
    await openFromQueue(dept, 'handle', number);
    await act(dept, 'accept', 'handling');
    const photo = await jpegFile();
    await act(dept, 'handle', 'handled', async (dlg) => {
      await dlg.locator('input[type=file]').setInputFiles(photo);
      await dlg.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
      await expect.poll(() => dlg.locator('.ant-upload-list-item-uploading').count()).toBe(0);
      await dlg.getByLabel('意见 / 备注').fill('已清理占道摊点，恢复通行');
    });

    // ---------------------------------------------------------------- operator sends a check task; the inspector checks; the chief closes
    await openFromQueue(operator, 'sendCheck', number);
    await act(operator, 'sendCheck', 'checking', async (dlg) => {
      // Prefilled with the inspector who verified it.
      await expect(dlg.getByTestId('inspector-select').textContent()).resolves.toContain('刘洋');
    });
    await openFromQueue(inspector, 'tasks', number);
    await act(inspector, 'check', 'checked', async (dlg) => {
      await expect(dlg.getByRole('radio', { name: '已处置到位', exact: true }).isChecked()).resolves.toBe(true);
    });
    await openFromQueue(chief, 'close', number);
    await act(chief, 'close', 'closed');

    // ---------------------------------------------------------------- the final timeline shows every step
    const steps = await chief.locator('[data-testid=timeline] .wg-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(steps).toEqual(['report', 'sendVerify', 'verify', 'file', 'dispatch', 'requestReturn', 'redispatch', 'accept', 'handle', 'sendCheck', 'check', 'close']);
    const timeline = (await chief.getByTestId('timeline').textContent())!;
    for (const who of ['受理员 李静', '监督员 刘洋', '值班长 赵刚', '派遣员 陈敏', '正阳街道 周丽', '城管执法局 孙伟']) expect(timeline).toContain(who);
    expect(timeline).toContain('该路段属城管执法局重点整治路段');
    // The after photo is on the case and in the timeline.
    await expect(chief.locator('section.wg-photo-stage[aria-label="处置后照片"] img').count()).resolves.toBeGreaterThan(0);
    await chief.locator('.wg-case-head').scrollIntoViewIfNeeded();
    await e2e.screenshot(chief, '06-case-closed');
    await chief.getByTestId('timeline').scrollIntoViewIfNeeded();
    await e2e.screenshot(chief, '07-case-timeline');

    expect(e2e.pageErrors).toEqual([]);
  });
});
