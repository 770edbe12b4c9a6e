// Administration (应用维护) in the browser: the administrator adds a responsibility rule and a local sub-class, changes a
// step limit and a beat's inspector, sees each change in the audit trail and in force without a restart; refusals show
// the API's message; other roles see no admin menu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPath, dialog, pickOption, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('administration', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E({ cases: 60 });
  }, 300_000); // a web build and a seeded demo: minutes when the machine is busy
  afterAll(async () => {
    await e2e?.close();
  });

  const toast = (page: Page, text: string) => page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
  const openTab = async (page: Page, name: string, section: string) => {
    await page.getByRole('tab', { name }).click();
    await page.locator(`.wg-adm[data-section="${section}"] section`).waitFor();
  };

  it('an administrator changes the responsibility list, the catalogue and a step limit, and finds each in the audit trail', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'admin');
    await page.getByRole('menuitem', { name: '系统设置' }).click();
    await page.waitForURL(/\/admin$/);
    await page.locator('.wg-adm[data-section="users"] .ant-table-row').first().waitFor();
    await expect(page.locator('.wg-adm .ant-table-row').filter({ hasText: 'dispatcher' }).count()).resolves.toBe(1);
    await e2e.screenshot(page, 'admin-users');

    // 权责清单: illegal small ads (07001) in 正阳街道 go to the enforcement bureau, with their own limit.
    await openTab(page, '权责清单', 'responsibility');
    await page.waitForURL(/\/admin\/responsibility$/);
    await page.getByRole('button', { name: '新增规则' }).click();
    const dlg = dialog(page);
    await pickOption(page, dlg.getByLabel('类别', { exact: true }), '非法小广告', '07001');
    await pickOption(page, dlg.getByLabel('街道', { exact: true }), '正阳街道', '正阳');
    await pickOption(page, dlg.getByLabel('处置单位', { exact: true }), '绿园区城管执法局', '城管执法');
    await dlg.getByLabel('单独规定处置时限', { exact: true }).check();
    await dlg.getByLabel('时限数值', { exact: true }).fill('3');
    await e2e.screenshot(page, 'admin-responsibility-add');
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已新增');
    await dlg.waitFor({ state: 'hidden' });
    await pickOption(page, page.getByLabel('按类别筛选', { exact: true }), '非法小广告', '07001');
    const rows = page.locator('.wg-adm tr[data-class="matter:07001"]');
    await expect.poll(() => rows.count()).toBe(2);
    const added = rows.filter({ hasText: '正阳街道' });
    await expect(added.textContent()).resolves.toContain('绿园区城管执法局');
    await expect(added.textContent()).resolves.toContain('3工作日');
    // The standing rule of the class: the locality (the street office where the case is) handles it.
    await expect(rows.filter({ hasNotText: '正阳街道' }).textContent()).resolves.toContain('属地街道');
    await e2e.screenshot(page, 'admin-responsibility');

    // A local sub-class under 07001 with one filing condition.
    await openTab(page, '类别与立案条件', 'catalogue');
    await page.getByRole('button', { name: '新增地方小类' }).click();
    const cat = dialog(page);
    await pickOption(page, cat.getByLabel('上级标准小类', { exact: true }), '07001 非法小广告', '07001');
    await cat.getByLabel('扩展码', { exact: true }).fill('01');
    await expect.poll(() => cat.getByText('新类别编码：0700101').count()).toBe(1);
    await cat.getByLabel('中文名称', { exact: true }).first().fill('电线杆小广告');
    await cat.getByLabel('英文名称', { exact: true }).first().fill('Ads on utility poles');
    const condition = cat.locator('fieldset').first();
    await condition.getByLabel('中文名称', { exact: true }).fill('单处张贴');
    await condition.getByLabel('英文名称', { exact: true }).fill('A single posting');
    await condition.getByLabel('时限数值', { exact: true }).fill('1');
    await e2e.screenshot(page, 'admin-catalogue-add');
    await cat.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已新增地方小类 0700101');
    await cat.waitFor({ state: 'hidden' });
    await page.getByLabel('只看地方小类', { exact: true }).check();
    const local = page.locator('.wg-adm .ant-table-row').filter({ hasText: '0700101' });
    await expect(local.textContent()).resolves.toContain('电线杆小广告');
    await local.getByRole('button', { name: '展开立案条件 0700101' }).click();
    await expect(page.locator('.wg-adm-subtable').textContent()).resolves.toContain('单处张贴');
    await e2e.screenshot(page, 'admin-catalogue');

    // The verify step (受理、核实) from 30 to 20 working minutes.
    await openTab(page, '环节时限', 'limits');
    const verify = page.locator('tr[data-step="verify"]');
    await expect(verify.getByLabel('时限数值', { exact: true }).inputValue()).resolves.toBe('30');
    await verify.getByLabel('时限数值', { exact: true }).fill('20');
    await page.getByTestId('limits-save').click();
    await toast(page, '已保存，立即生效');
    await e2e.screenshot(page, 'admin-limits');

    // In force without a restart.
    const settings = (await (await page.request.get(`${e2e.baseUrl}/api/admin/settings/workflow`)).json()) as { stepLimits: { verify: { amount: number; unit: string } } };
    expect(settings.stepLimits.verify).toEqual({ amount: 20, unit: 'working_minutes' });
    const fc = (await (await page.request.get(`${e2e.baseUrl}/api/catalogue/matter/0700101/filing-conditions`)).json()) as { nameZh: string }[];
    expect(fc.map((f) => f.nameZh)).toEqual(['单处张贴']);

    // The working calendar: a click makes a workday a day off and back; nothing is saved.
    await openTab(page, '工作日历', 'calendar');
    await page.getByRole('button', { name: /本\s*月/ }).click();
    const month = await page.locator('table.wg-adm-cal').getAttribute('data-month');
    const weekday = page.locator(`table.wg-adm-cal button[data-kind="normal"]`).first();
    const day = (await weekday.getAttribute('data-day'))!;
    expect(day.startsWith(month!)).toBe(true);
    await weekday.click();
    const sameDay = page.locator(`button[data-day="${day}"]`);
    await expect(sameDay.getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(sameDay.getAttribute('aria-label')).resolves.toContain('放假');
    await expect(page.getByText('1 处日期更改未保存').count()).resolves.toBe(1);
    await e2e.screenshot(page, 'admin-calendar-edit');
    await sameDay.press('Enter'); // keyboard: back to a workday
    await expect(sameDay.getAttribute('data-kind')).resolves.toBe('normal');
    await expect(page.getByTestId('calendar-save').isDisabled()).resolves.toBe(true);
    // The seeded 2026 calendar: National Day off from 1 October, Saturday 10 October a make-up workday.
    for (let i = 0; i < 240 && (await page.locator('table.wg-adm-cal').getAttribute('data-month')) !== '2026-10'; i++) {
      const m = (await page.locator('table.wg-adm-cal').getAttribute('data-month'))!;
      await page.getByRole('button', { name: m > '2026-10' ? '上个月' : '下个月' }).click();
    }
    await expect(page.locator('button[data-day="2026-10-01"]').getAttribute('aria-label')).resolves.toBe('2026-10-01 星期四，放假');
    await expect(page.locator('button[data-day="2026-10-10"]').getAttribute('data-kind')).resolves.toBe('workday');
    await e2e.screenshot(page, 'admin-calendar');

    // A beat (责任网格) gets another inspector.
    await openTab(page, '责任网格', 'beats');
    const beat = page.locator('.wg-adm .ant-table-row').first();
    const beatName = (await beat.locator('td').nth(1).textContent())!;
    await beat.getByRole('button', { name: `编辑 ${beatName}` }).click();
    const beatDlg = dialog(page);
    await pickOption(page, beatDlg.getByLabel('责任监督员', { exact: true }), '监督员 胡春梅', 'inspector02');
    await e2e.screenshot(page, 'admin-beats-edit');
    await beatDlg.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已保存，立即生效');
    await expect.poll(() => beat.textContent()).toContain('监督员 胡春梅');
    await e2e.screenshot(page, 'admin-beats');

    // The audit trail names every change, newest first.
    await openTab(page, '操作日志', 'audit');
    const entries = page.locator('.wg-adm-audit .ant-table-row');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(4); // the demo's own changes come before
    await expect(entries.nth(0).getAttribute('data-action')).resolves.toBe('beat.update');
    await expect(entries.nth(0).textContent()).resolves.toContain(`${beatName}责任监督员：监督员 胡春梅`);
    await expect(entries.nth(1).getAttribute('data-action')).resolves.toBe('settings.update');
    await expect(entries.nth(1).textContent()).resolves.toContain('核实 20工作分钟');
    await expect(entries.nth(2).getAttribute('data-action')).resolves.toBe('class.create');
    await expect(entries.nth(2).textContent()).resolves.toContain('0700101');
    await expect(entries.nth(2).textContent()).resolves.toContain('单处张贴（1工作日）');
    await expect(entries.nth(3).getAttribute('data-action')).resolves.toBe('rule.create');
    await expect(entries.nth(3).textContent()).resolves.toContain('07001 非法小广告 → 绿园区城管执法局；街道：正阳街道；处置时限：3工作日');
    for (let i = 0; i < 4; i++) await expect(entries.nth(i).textContent()).resolves.toContain('系统管理员 王磊');
    await e2e.screenshot(page, 'admin-audit');

    // The same screen in English.
    await page.locator('.wg-header .ant-segmented-item').filter({ hasText: 'EN' }).click();
    await page.getByRole('tab', { name: 'Audit trail' }).waitFor();
    await expect(entries.nth(1).textContent()).resolves.toContain('Verify 20 working minutes');
    await expect(entries.nth(2).textContent()).resolves.toContain('A single posting (1 working day)');
    await e2e.screenshot(page, 'admin-audit-en');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('shows the API’s refusal in the current language', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'admin');
    await page.goto(`${e2e.baseUrl}/admin/departments`);
    await page.getByRole('button', { name: '新增部门' }).click();
    const dlg = dialog(page);
    await dlg.getByLabel('编码', { exact: true }).fill('220106-enforcement'); // taken by the seed
    await dlg.getByLabel('中文名称', { exact: true }).fill('重复的部门');
    await dlg.getByLabel('英文名称', { exact: true }).fill('Duplicate department');
    await pickOption(page, dlg.getByLabel('部门类型', { exact: true }), '城管执法', '');
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dlg.getByRole('alert').textContent()).resolves.toContain('部门编码已存在');
    await e2e.screenshot(page, 'admin-error');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('a user without the administrator role sees no administration menu and cannot open it', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await page.getByRole('menuitem', { name: '案件查询' }).waitFor();
    await expect(page.getByRole('menuitem', { name: '系统设置' }).count()).resolves.toBe(0);
    await expect(page.locator('.wg-sider').textContent()).resolves.not.toContain('系统管理');
    await page.goto(`${e2e.baseUrl}/admin/responsibility`);
    await page.getByText('只有系统管理员可以进入应用维护。').waitFor();
    await e2e.screenshot(page, 'admin-forbidden');
    expect(e2e.pageErrors).toEqual([]);
  });
});
