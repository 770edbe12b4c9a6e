// An emergency (突发事件) from the hotline to the leader on duty: the operator takes an urgent call in the console; the
// platform dispatches it at once under the emergency policy; the leader's open console sounds and shows the alert
// banner and the bell; the case opens from the banner. Then the screens around it: notification centre and settings,
// duty roster, escalation settings, the portal's local alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chromiumPath, clickMapAt, mapIdle, pickOption, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('emergency journey: urgent report to the leader’s alert', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('alerts the leader on duty with a banner, a sound and the bell; the case is dispatched at once', { timeout: 300_000 }, async () => {
    // The leader on duty keeps the console open.
    const leader = await e2e.newPage();
    await e2e.login(leader, 'leader');
    await leader.getByTestId('bell').waitFor();
    const unreadBefore = Number(await leader.getByTestId('bell').getAttribute('data-unread'));

    // A hotline call: a manhole cover is missing at a crossing. The operator records it as urgent.
    const operator = await e2e.newPage();
    await e2e.login(operator, 'operator');
    await operator.getByRole('menuitem', { name: '案件受理' }).click();
    await operator.locator('.wg-intake').waitFor();
    const point = await e2e.pointInStreet('220106001');
    await pickOption(operator, operator.getByLabel('问题类别'), '井盖', '01001');
    await operator.getByLabel('问题描述').fill('市民来电：青年路口雨水井盖缺失，已有车辆险些掉入，请立即处置');
    await operator.locator('.ant-radio-button-wrapper').filter({ hasText: '紧急' }).click();
    await operator.getByLabel('反映人').fill('李女士');
    await operator.getByLabel('联系电话').fill('13900002222');
    await clickMapAt(operator, 'intake', point.lng, point.lat, 16);
    await operator.getByTestId('intake-submit').click();
    const number = (await operator.getByTestId('created-number').textContent())!.trim();
    expect(number).toMatch(/^220106-\d{4}-\d{6}$/);

    // The leader's console: the banner with the case, the bell counting it, the alarm sounded.
    const banner = leader.getByTestId('urgent-banner');
    await banner.getByText(number).waitFor({ timeout: 30_000 });
    await expect(banner.textContent()).resolves.toContain('突发事件');
    await expect.poll(async () => Number(await leader.getByTestId('bell').getAttribute('data-unread'))).toBeGreaterThan(unreadBefore);
    await expect.poll(() => leader.evaluate(() => (window as unknown as { __wanggeAlarm?: number }).__wanggeAlarm ?? 0)).toBeGreaterThan(0);
    await e2e.screenshot(leader, 'emergency-01-leader-banner');

    await leader.getByTestId('bell').click();
    const item = leader.locator('.wg-bell-panel [data-testid=notification][data-kind=emergencyReported]').filter({ hasText: number });
    await item.waitFor();
    await e2e.screenshot(leader, 'emergency-02-leader-bell');
    await leader.keyboard.press('Escape');

    // From the banner to the case: dispatched already, by the emergency policy, with its urgent limit.
    await banner.getByTestId('urgent-open').click();
    await leader.locator(`.wg-case-page[data-case-number="${number}"]`).waitFor();
    await leader.locator('.wg-case-page[data-state="dispatched"]').waitFor();
    await expect(leader.locator('.wg-case-page').textContent()).resolves.toContain('应急自动派遣');
    await e2e.screenshot(leader, 'emergency-03-case-dispatched');
    // Read: the banner is gone.
    await expect.poll(() => leader.getByTestId('urgent-banner').count()).toBe(0);

    // The department it went to hears of it at once too (an urgent dispatch), in its bell.
    await expect
      .poll(async () => (await e2e.query(sql`select 1 from notifications n join cases c on c.id = n.case_id join users u on u.id = n.user_id where c.number = ${number} and n.kind = 'caseDispatched' and n.urgent and u.department_id = c.department_id`)).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await leader.goto(`${e2e.baseUrl}/notifications`);
    await leader.getByTestId('notification-list').getByText(number).first().waitFor();
    await e2e.screenshot(leader, 'emergency-04-notification-centre');
    const rows = await e2e.query<{ action: string }>(sql`select e.action from case_events e join cases c on c.id = e.case_id where c.number = ${number} order by e.seq`);
    expect(rows.map((r) => r.action)).toEqual(['report', 'register', 'file', 'dispatch']);
    // The leader on duty got a text message as well (the demo gateway logs it to the viewable outbox).
    await expect.poll(async () => (await e2e.query(sql`select 1 from sms_outbox where phone = '13900000106' and text like ${'%' + number + '%'}`)).length, { timeout: 15_000 }).toBe(1);
  });

  it('shows the notification settings, the duty roster, the escalation settings and the portal’s local alerts', { timeout: 240_000 }, async () => {
    const dept = await e2e.newPage();
    await e2e.login(dept, 'dept');
    await dept.goto(`${e2e.baseUrl}/notifications/settings`);
    await dept.getByTestId('pref-caseDispatched-sms').waitFor();
    await dept.getByTestId('pref-caseUrged-sms').click();
    await dept.getByRole('switch', { name: '启用免打扰' }).click();
    await dept.getByTestId('prefs-save').click();
    await dept.getByText('通知设置已保存').waitFor();
    await e2e.screenshot(dept, 'emergency-05-preferences');

    const chief = await e2e.newPage();
    await e2e.login(chief, 'chief');
    await chief.getByRole('menuitem', { name: '值班表' }).click();
    await chief.getByTestId('duty-now').waitFor();
    await chief.getByTestId('duty-now').getByText('区领导 吴强').waitFor();
    await e2e.screenshot(chief, 'emergency-06-duty-roster');

    const admin = await e2e.newPage();
    await e2e.login(admin, 'admin');
    await admin.goto(`${e2e.baseUrl}/admin/escalation`);
    await admin.getByTestId('escalation-section').waitFor();
    await admin.locator('.wg-esc-rule').first().waitFor();
    await e2e.screenshot(admin, 'emergency-07-escalation-settings');

    const citizen = await e2e.newPage();
    await citizen.setViewportSize({ width: 420, height: 860 });
    await citizen.goto(`${e2e.baseUrl}/portal/`);
    await citizen.getByTestId('home-alerts').click();
    await citizen.getByText('提醒范围').waitFor();
    const home = await e2e.pointInStreet('220106001');
    await clickMapAt(citizen, 'picker', home.lng, home.lat, 15);
    await citizen.getByText(/已选位置/).waitFor();
    await mapIdle(citizen, 'picker');
    await e2e.screenshot(citizen, 'emergency-08-portal-alerts');
    // The manage link of a subscription (made here through the API, as the texted code is not readable in a browser test).
    await citizen.goto(`${e2e.baseUrl}/portal/alerts/not-a-valid-token-123456`);
    await citizen.getByText('链接无效或已失效').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});

