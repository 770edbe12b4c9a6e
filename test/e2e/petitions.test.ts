// A petition from the online form to the reply: a citizen submits on the portal with a confirmed phone; petition staff
// accept and assign it; the enforcement bureau writes the reply; the citizen reads it on the private page and rates
// it; the office closes it. Around it: intake with 诉访分离 screening, the reception-day calendar, and what a leader
// sees (no petitioner). Screenshots in test-artifacts/screenshots/petition-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { chromiumPath, dialog, pickOption, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('petition journey: portal → petition office → responsible body → citizen', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000); // builds the web app when its sources changed, and seeds the demo
  afterAll(async () => {
    await e2e?.close();
  });

  async function act(page: Page, action: string, toState: string, fill?: (dlg: Locator) => Promise<void>) {
    await page.locator(`.wg-actions-card button[data-action="${action}"]`).click();
    const dlg = dialog(page);
    await dlg.locator(`form[data-action="${action}"]`).waitFor();
    if (fill) await fill(dlg);
    await dlg.getByTestId('petition-action-submit').click();
    await page.locator(`.wg-petition-page[data-state="${toState}"]`).waitFor();
    await dlg.waitFor({ state: 'hidden' });
  }

  async function codeSentTo(phone: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const rows = await e2e.query<{ text: string }>(sql`select text from sms_outbox where phone = ${phone} and purpose = 'verify' order by created_at desc limit 1`);
      const code = /验证码是 (\d{6})/.exec(rows[0]?.text ?? '')?.[1];
      if (code) return code;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('no code was sent');
  }

  it('submits online, is accepted, assigned, answered by the body, rated by the citizen and closed', { timeout: 300_000 }, async () => {
    // ---------------------------------------------------------------- the citizen writes in on the portal
    const citizen = await e2e.newPage();
    await citizen.goto(`${e2e.baseUrl}/portal/`);
    await citizen.getByTestId('portal-petition-home').waitFor();
    await citizen.getByRole('button', { name: '网上信访' }).click();
    const phone = '13766668888';
    await citizen.locator('#pp-name').fill('张桂兰');
    await citizen.locator('#pp-phone').fill(phone);
    await citizen.getByRole('button', { name: '获取验证码' }).click();
    await citizen.getByLabel('短信验证码').fill(await codeSentTo(phone));
    await pickOption(citizen, citizen.locator('#pp-topic'), '噪声油烟扰民', '');
    await citizen.locator('#pp-subject').fill('小区南门夜间烧烤油烟扰民');
    await citizen.locator('#pp-content').fill('春城街道某小区南门外每晚有露天烧烤摊，油烟和噪声持续到凌晨一点，老人孩子无法休息，多次打电话反映仍未解决，请求取缔。');
    await citizen.locator('#pp-location').fill('小区南门外人行道');
    await e2e.screenshot(citizen, 'petition-01-portal-form');
    await citizen.getByTestId('petition-submit').click();
    const number = (await citizen.getByTestId('petition-number').textContent())!.trim();
    expect(number).toMatch(/^XF220106-\d{4}-\d{6}$/);
    expect(await citizen.getByTestId('petition-code').textContent()).toMatch(/^\d{6}$/);
    await e2e.screenshot(citizen, 'petition-02-portal-receipt');
    await citizen.getByRole('button', { name: '查看办理进度' }).click();
    await citizen.locator('[data-testid=petition-follow-state][data-state="registered"]').waitFor();
    const followUrl = citizen.url();

    // ---------------------------------------------------------------- petition staff accept and assign it
    const staff = await e2e.newPage();
    await e2e.login(staff, 'petition');
    await staff.locator('[data-testid=petition-register]').waitFor(); // the petition office's first screen
    const row = staff.locator(`[data-number="${number}"]`);
    await row.waitFor();
    await expect(row.locator('.wg-light').count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain('张桂兰');
    await e2e.screenshot(staff, 'petition-03-register');
    await row.getByRole('link', { name: number }).click();
    await staff.locator(`.wg-petition-page[data-petition-number="${number}"][data-state="registered"]`).waitFor();
    await expect(staff.getByTestId('petitioner-card').textContent()).resolves.toContain(phone);
    await act(staff, 'accept', 'accepted', async (dlg) => {
      await dlg.getByLabel('备注').fill('属于城市管理事项，予以受理');
    });
    await act(staff, 'assign', 'handling', async (dlg) => {
      await pickOption(staff, dlg.getByLabel('承办单位'), '城管执法局', '城管执法局');
    });
    await expect(staff.getByTestId('petition-timeline').textContent()).resolves.toContain('受理告知书');
    await e2e.screenshot(staff, 'petition-04-detail-assigned');

    // ---------------------------------------------------------------- the enforcement bureau replies in writing
    const body = await e2e.newPage();
    await e2e.login(body, 'dept');
    await body.goto(`${e2e.baseUrl}/petitions`);
    const bodyRow = body.locator(`[data-number="${number}"]`);
    await bodyRow.waitFor();
    await expect(bodyRow.textContent()).resolves.not.toContain('张桂兰');
    await bodyRow.getByRole('link', { name: number }).click();
    await body.locator(`.wg-petition-page[data-state="handling"]`).waitFor();
    await expect(body.getByTestId('petitioner-card').textContent()).resolves.toContain('仅信访工作人员可见');
    await expect(body.locator('.wg-petition-page').textContent()).resolves.not.toContain(phone);
    const reply = '经现场调查，反映情况属实。我局已依法取缔该露天烧烤摊点，并安排执法队员夜间定时巡查，防止反弹。';
    await act(body, 'reply', 'replied', async (dlg) => {
      await dlg.getByLabel('书面答复意见').fill(reply);
    });
    await e2e.screenshot(body, 'petition-05-body-replied');

    // ---------------------------------------------------------------- the citizen reads the reply and rates it
    await citizen.goto(followUrl);
    await citizen.locator('[data-testid=petition-follow-state][data-state="replied"]').waitFor();
    await expect(citizen.getByTestId('petition-reply').textContent()).resolves.toContain('取缔');
    await expect(citizen.getByTestId('petition-notices').textContent()).resolves.toContain('受理告知书');
    await citizen.getByTestId('petition-rate').getByText('满意', { exact: true }).click();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByTestId('petition-rating').waitFor();
    await expect(citizen.getByTestId('petition-rating').textContent()).resolves.toContain('满意');
    await e2e.screenshot(citizen, 'petition-06-portal-rated');

    // ---------------------------------------------------------------- the office closes it
    await staff.reload();
    await staff.locator('.wg-petition-page[data-state="replied"]').waitFor();
    await act(staff, 'close', 'closed');
    const actions = await staff.locator('[data-testid=petition-timeline] .wg-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['register', 'accept', 'assign', 'reply', 'rate', 'close']);
    await e2e.screenshot(staff, 'petition-07-closed');

    const stored = await e2e.query<{ state: string; satisfaction: string }>(sql`select state, satisfaction from petitions where number = ${number}`);
    expect(stored[0]).toEqual({ state: 'closed', satisfaction: 'satisfied' });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('screens a letter for 诉访分离 at intake, shows the reception calendar, and hides petitioners from a leader', { timeout: 240_000 }, async () => {
    const staff = await e2e.newPage();
    await e2e.login(staff, 'petition');
    await staff.goto(`${e2e.baseUrl}/petitions/new`);
    await staff.getByTestId('petition-intake').waitFor();
    await staff.getByLabel('姓名').fill('刘德明');
    await staff.getByLabel('联系电话').fill('13688889999');
    await staff.getByLabel('反映事项（标题）').fill('装修合同纠纷判决不执行');
    await staff.getByLabel('主要内容与诉求').fill('与装修公司的合同纠纷法院已经判决，对方至今拒不履行，请求政府督促对方付款。');
    await staff.getByTestId('screening-suggestion').waitFor();
    await expect(staff.getByTestId('screening-suggestion').textContent()).resolves.toContain('诉讼');
    await staff.getByTestId('screening-suggestion').getByRole('button').click();
    await expect(staff.getByLabel('引导答复（告知信访人）').inputValue()).resolves.toContain('人民法院');
    await e2e.screenshot(staff, 'petition-08-intake-screening');
    await staff.getByTestId('petition-submit').click();
    const number = (await staff.getByTestId('petition-number').textContent())!.trim();
    await expect(staff.getByText('已登记，已按诉访分离导入法定途径').count()).resolves.toBe(1);
    await e2e.screenshot(staff, 'petition-09-intake-receipt');
    const [row] = await e2e.query<{ state: string; route: string }>(sql`select state, route from petitions where number = ${number}`);
    expect(row).toEqual({ state: 'routed_out', route: 'litigation' });

    // A coming day with bookings (the demo books some on every coming day), opened from the calendar.
    const [coming] = await e2e.query<{ id: string; day: string }>(
      sql`select d.id, d.day::text as day from reception_days d where d.cancelled_at is null and d.day >= (now() at time zone 'Asia/Shanghai')::date
          and exists (select 1 from reception_appointments a where a.day_id = d.id) order by d.day limit 1`,
    );
    await staff.goto(`${e2e.baseUrl}/petitions/reception?day=${coming.id}`);
    await staff.getByTestId('reception-calendar').waitFor();
    await staff.locator(`[data-testid=reception-day][data-day="${coming.day}"]`).waitFor();
    await expect(staff.locator('[data-testid=reception-day] tr[data-seq]').count()).resolves.toBeGreaterThan(0);
    await e2e.screenshot(staff, 'petition-10-reception-calendar');

    const leader = await e2e.newPage();
    await e2e.login(leader, 'leader');
    await leader.goto(`${e2e.baseUrl}/petitions?queue=all`);
    await leader.locator('[data-testid=petition-register] tbody tr[data-number]').first().waitFor();
    await expect(leader.locator('th', { hasText: '信访人' }).count()).resolves.toBe(0);
    await leader.locator('[data-testid=petition-register] tbody tr[data-number] a').first().click();
    await leader.getByTestId('petitioner-card').waitFor();
    await expect(leader.getByTestId('petitioner-card').textContent()).resolves.toContain('仅信访工作人员可见');
    await e2e.screenshot(leader, 'petition-11-leader-view');
    expect(e2e.pageErrors).toEqual([]);
  });
});
