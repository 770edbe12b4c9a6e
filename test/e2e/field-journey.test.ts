// Phone journeys (390×844) in Debian's chromium: an inspector reports offline and the report arrives once when the
// network returns; a verify and a check task arrive live and are answered; a citizen reports with a texted code,
// follows and rates; the public map shows no personal data. Screenshots go to test-artifacts/screenshots/field-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumPath, clickMapAt, DEMO_PASSWORD, jpegFile, mapIdle, pickOption, startE2E, type E2EApp } from './support';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

describe.skipIf(!chromiumPath)('field app and citizen portal on a phone', () => {
  let e2e: E2EApp;
  let point: { lng: number; lat: number; gridCode: string };
  const contexts: BrowserContext[] = [];

  async function phone(geo?: { lng: number; lat: number }): Promise<Page> {
    const context = await e2e.browser.newContext({
      ...PHONE,
      ...(geo ? { geolocation: { longitude: geo.lng, latitude: geo.lat, accuracy: 8 }, permissions: ['geolocation'] } : {}),
    });
    await context.addInitScript(() => localStorage.setItem('wangge.lang', 'zh'));
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => e2e.pageErrors.push(`pageerror: ${err.message}`));
    return page;
  }

  /** A staff member acting through the API, as the console would. */
  async function staff(username: string) {
    const res = await e2e.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': `10.77.0.${username.length}` }, payload: { username, password: DEMO_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const user = res.json().user as { id: string; departmentId: string | null; csrfToken: string };
    return {
      user,
      get: async (url: string) => (await e2e.app.inject({ method: 'GET', url, headers: { cookie } })).json(),
      post: async (url: string, body: unknown = {}) => {
        const r = await e2e.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': user.csrfToken }, payload: body as never });
        expect(r.statusCode, `${url}: ${r.body}`).toBeLessThan(300);
        return r.json();
      },
      upload: async () => {
        const img = (await jpegFile()).buffer;
        const boundary = '----wge2e';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
          img,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const r = await e2e.app.inject({ method: 'POST', url: '/api/photos', headers: { cookie, 'x-csrf-token': user.csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
        return r.json().id as string;
      },
    };
  }

  beforeAll(async () => {
    e2e = await startE2E();
    point = await e2e.pointInStreet('220106001');
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await e2e?.close();
  });

  it('inspector: reports offline, the report arrives once when online; the shell loads offline', { timeout: 240_000 }, async () => {
    const page = await phone(point);
    await page.goto(`${e2e.baseUrl}/field/`);
    await page.getByLabel('用户名').fill('inspector');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.fd-tabs').waitFor();
    await mapIdle(page, 'field');
    await page.locator('.fd-map-legend').getByText('个单元网格').waitFor();
    // On duty: the phone sends its position, which the command map reads.
    await page.getByRole('switch', { name: '上岗巡查' }).click();
    await page.getByText('巡查中').waitFor();
    await expect.poll(async () => (await e2e.query<{ n: number }>(sql`select count(*)::int as n from patrol_positions`))[0].n, { timeout: 15_000 }).toBeGreaterThan(0);
    await e2e.screenshot(page, 'field-home');

    // The service worker takes control: the shell then loads without a network.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
    await page.locator('.fd-tabs').waitFor();

    await page.getByRole('link', { name: '上报' }).click();
    await page.locator('#fd-class').waitFor();
    await page.getByTestId('report-position').getByText('GPS').waitFor();
    await e2e.screenshot(page, 'field-report-empty');

    await page.context().setOffline(true);
    await page.getByText('当前离线').waitFor();
    const description = `离线上报测试 ${Date.now()}`;
    await page.getByTestId('photo-input').setInputFiles(await jpegFile());
    await page.locator('.fd-photo img').first().waitFor();
    await pickOption(page, page.locator('#fd-class'), '占道经营', '占道');
    await page.locator('#fd-note').fill(description);
    await e2e.screenshot(page, 'field-report-filled');
    await page.getByRole('button', { name: /发\s*送/ }).click();
    await page.getByTestId('outbox-badge').getByText('1 条待发送').waitFor();
    await e2e.screenshot(page, 'field-offline-queued');
    const none = await e2e.query<{ n: number }>(sql`select count(*)::int as n from cases where description = ${description}`);
    expect(none[0].n).toBe(0);

    // The shell still loads offline (service worker), and the queue is still there (IndexedDB).
    await page.reload();
    await page.getByTestId('outbox-badge').getByText('1 条待发送').waitFor();

    await page.context().setOffline(false);
    await page.getByTestId('outbox-badge').waitFor({ state: 'detached', timeout: 30_000 });
    const rows = await e2e.query<{ n: number; source: string; lng: number }>(sql`select count(*)::int as n, min(source) as source, min(lng) as lng from cases where description = ${description}`);
    expect(rows[0].n).toBe(1);
    expect(rows[0].source).toBe('inspector');
    expect(Number(rows[0].lng)).toBeCloseTo(point.lng, 5);
    const photos = await e2e.query<{ n: number }>(sql`select count(*)::int as n from photos p join cases c on c.id = p.case_id where c.description = ${description}`);
    expect(photos[0].n).toBe(1);

    // The command map's inspector positions include this inspector.
    const dispatcher = await staff('dispatcher');
    const positions = await dispatcher.get('/api/field/positions');
    expect(positions.items.some((p: { displayName: string }) => p.displayName.includes('刘洋'))).toBe(true);
  });

  it('inspector: a verify task and a check task arrive live and are answered on site', { timeout: 240_000 }, async () => {
    const page = await phone(point);
    await page.goto(`${e2e.baseUrl}/field/login`);
    await page.getByLabel('用户名').fill('inspector');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.fd-tabs').waitFor();
    await page.getByRole('link', { name: '任务' }).click();
    await page.waitForLoadState('networkidle').catch(() => {});
    const before = await page.getByTestId('task-item').count();

    const operator = await staff('operator');
    const inspectorId = (await e2e.query<{ id: string }>(sql`select id from users where username = 'inspector'`))[0].id;
    const [chief, dispatcher, dept] = await Promise.all(['chief', 'dispatcher', 'dept'].map(staff));
    const newCase = (description: string) =>
      operator.post('/api/cases', { source: 'hotline', kind: 'matter', classCode: '09006', description, lng: point.lng, lat: point.lat });
    const reported = await newCase('热线反映：路口有流动摊贩占道');
    // A second case walked to "handled", waiting for a check.
    const handled = await newCase('热线反映：人行道有摊点');
    await operator.post(`/api/cases/${handled.id}/register`);
    const [fc] = await chief.get(`/api/catalogue/matter/09006/filing-conditions`);
    await chief.post(`/api/cases/${handled.id}/file`, { filingCondition: fc.code });
    await dispatcher.post(`/api/cases/${handled.id}/dispatch`, { departmentId: dept.user.departmentId });
    await dept.post(`/api/cases/${handled.id}/accept`);
    await dept.post(`/api/cases/${handled.id}/handle`, { note: '已清理摊点', photoIds: [await dept.upload()] });
    await operator.post(`/api/cases/${reported.id}/sendVerify`, { inspectorId, note: '请现场核实' });
    await operator.post(`/api/cases/${handled.id}/sendCheck`, { inspectorId, note: '请现场核查' });
    // Live: no reload.
    await expect.poll(() => page.getByTestId('task-item').count(), { timeout: 15_000 }).toBe(before + 2);
    await e2e.screenshot(page, 'field-tasks');

    await page.getByTestId('task-item').filter({ hasText: reported.number }).click();
    await page.getByText('核实任务').waitFor();
    await page.getByText('属实', { exact: true }).click();
    await page.locator('#fd-task-note').fill('现场确认属实');
    await page.getByTestId('task-photo-input').setInputFiles(await jpegFile());
    await page.locator('.fd-photo img').first().waitFor();
    await e2e.screenshot(page, 'field-task-verify');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('我的任务').waitFor();
    await expect.poll(async () => (await operator.get(`/api/cases/${reported.id}`)).state, { timeout: 15_000 }).toBe('verified');

    await page.getByTestId('task-item').filter({ hasText: handled.number }).click();
    await page.getByText('核查任务').waitFor();
    await page.getByText('已处理完毕', { exact: true }).click();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(async () => (await operator.get(`/api/cases/${handled.id}`)).state, { timeout: 15_000 }).toBe('checked');
    const verify = (await operator.get(`/api/cases/${reported.id}`)).events.filter((e: { action: string }) => e.action === 'verify');
    expect(verify).toHaveLength(1);
    expect(verify[0].photoIds).toHaveLength(1);

    await page.getByRole('link', { name: '我的' }).click();
    await page.getByTestId('my-stats').getByText('有效上报率').waitFor();
    await e2e.screenshot(page, 'field-me');
    // English is complete too.
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('my-stats').getByText('Valid report rate').waitFor();
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByText('My tasks').waitFor();
    await e2e.screenshot(page, 'field-tasks-en');
  });

  it('citizen: reports with a texted code, follows, rates; the public map shows no personal data', { timeout: 240_000 }, async () => {
    const page = await phone(point);
    await page.goto(`${e2e.baseUrl}/portal/`);
    await page.getByRole('button', { name: '我要举报' }).waitFor();
    await e2e.screenshot(page, 'field-portal-home');
    await page.getByRole('button', { name: '我要举报' }).click();
    await page.getByTestId('portal-photo').setInputFiles(await jpegFile());
    await page.locator('.fd-photo img').first().waitFor();
    await pickOption(page, page.locator('#pt-class'), '占道经营', '占道');
    await page.locator('#pt-desc').fill('小区南门人行道有人摆摊卖菜，行人只能走机动车道');
    await clickMapAt(page, 'picker', point.lng, point.lat, 16);
    await page.getByTestId('portal-position').getByText('已选位置').waitFor();
    const mobile = '13955556666';
    await page.locator('#pt-phone').fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/秒后重发/).waitFor();
    const [sms] = await e2e.query<{ text: string }>(sql`select text from sms_outbox where phone = ${mobile} order by id desc limit 1`);
    const code = /验证码是 (\d{6})/.exec(sms.text)![1];
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('称呼（选填）').fill('赵女士');
    await e2e.screenshot(page, 'field-portal-report');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    const number = await page.getByTestId('case-number').textContent();
    expect(number).toMatch(/^220106-\d{4}-\d{6}$/);
    await e2e.screenshot(page, 'field-portal-done');

    await page.getByRole('button', { name: '查看进度' }).click();
    await page.getByTestId('follow-state').getByText('已收到，等待受理').waitFor();
    await e2e.screenshot(page, 'field-portal-follow');

    // The centre takes it through the workflow to closed.
    const [op, chief, dispatcher, dept, inspector] = await Promise.all(['operator', 'chief', 'dispatcher', 'dept', 'inspector'].map(staff));
    const c = await op.get(`/api/cases/${number}`);
    expect(c.reporter).toEqual({ name: '赵女士', phone: mobile });
    await op.post(`/api/cases/${c.id}/register`);
    const [fc] = await chief.get(`/api/catalogue/${c.kind}/${c.classCode}/filing-conditions`);
    await chief.post(`/api/cases/${c.id}/file`, { filingCondition: fc.code });
    await dispatcher.post(`/api/cases/${c.id}/dispatch`, { departmentId: dept.user.departmentId });
    await dept.post(`/api/cases/${c.id}/accept`);
    await dept.post(`/api/cases/${c.id}/handle`, { note: '已劝离摊贩，恢复通行', photoIds: [await dept.upload()] });
    await op.post(`/api/cases/${c.id}/sendCheck`, { inspectorId: inspector.user.id });
    await inspector.post(`/api/cases/${c.id}/check`, { result: 'fixed' });
    await chief.post(`/api/cases/${c.id}/close`);

    await page.reload();
    await page.getByTestId('follow-state').getByText('已结案').waitFor();
    await page.getByTestId('follow-reply').getByText('已劝离摊贩').waitFor();
    await page.getByText('满意', { exact: true }).click();
    await page.getByPlaceholder('意见建议（选填）').fill('处理很快，谢谢');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('follow-rating').getByText('您的评价：满意').waitFor();
    await e2e.screenshot(page, 'field-portal-rated');
    const events = (await op.get(`/api/cases/${c.id}`)).events;
    expect(events.find((e: { action: string }) => e.action === 'rate')).toMatchObject({ role: 'citizen', payload: { satisfaction: 'satisfied' } });
    // The closing notice went to the confirmed number.
    // (Sent by the notifications worker through its outbox, moments after the close.)
    await expect.poll(async () => (await e2e.query<{ text: string }>(sql`select text from sms_outbox where phone = ${mobile} and purpose = 'notice'`)).length, { timeout: 15_000 }).toBe(1);

    // The public map: class, state and area, nothing personal.
    await page.goto(`${e2e.baseUrl}/portal/map`);
    await mapIdle(page, 'public');
    await page.getByTestId('public-case-item').first().waitFor();
    await e2e.screenshot(page, 'field-portal-map');
    const text = await page.locator('body').innerText();
    for (const secret of [mobile, '赵女士', '小区南门人行道']) expect(text).not.toContain(secret);
    const api = await page.evaluate(async () => (await fetch('/api/public/map')).text());
    for (const secret of [mobile, '赵女士', 'reporter', 'phone', '小区南门人行道']) expect(api).not.toContain(secret);
    await page.getByTestId('public-case-item').first().getByRole('link').click();
    await page.getByTestId('public-case').waitFor();
    await e2e.screenshot(page, 'field-portal-case');
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Problem', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Back' }).click(); // client-side: the init script would reset the language on a load
    await page.getByTestId('map-summary').getByText('problems in the last').waitFor();
    await mapIdle(page, 'public');
    await e2e.screenshot(page, 'field-portal-map-en');
  });

  it('had no page errors', () => {
    expect(e2e.pageErrors.filter((e) => !/status of 40[14]|Failed to load resource/.test(e))).toEqual([]);
  });
});
