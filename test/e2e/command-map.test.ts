// The command map shows every open case of the demo (clustered on the server, coloured by light and marked with words,
// with a card per case), says that the demo's zones are generated, and shows the inspectors where the field app last
// placed them; the case search finds and exports the cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chromiumPath, DEMO_PASSWORD, mapIdle, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('command map and case search', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000); // a web build and a seeded demo: minutes when the machine is busy
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows all open demo cases as clustered points, filters by light, and opens a case card', { timeout: 180_000 }, async () => {
    const [{ open, red }] = await e2e.query<{ open: number; red: number }>(sql`
      select count(*)::int as open, count(*) filter (where step_deadline < now())::int as red
      from cases where state not in ('invalid', 'cancelled', 'closed')`);
    expect(open).toBeGreaterThan(10);

    const page = await e2e.newPage();
    await e2e.login(page, 'leader');
    await page.locator('.ant-menu-item[data-menu-id$="-/map"]').click();
    const count = page.getByTestId('map-count');
    await expect.poll(() => count.getAttribute('data-total'), { timeout: 20_000 }).toBe(String(open));
    await expect(count.textContent()).resolves.toContain(`显示 ${open} / ${open} 件在办案件`);
    await mapIdle(page, 'command');
    // Every open case is drawn: the clusters' counts and the single points add up to the total (a server-side
    // cluster lives in one tile, so nothing is counted twice).
    const drawn = async () =>
      page.evaluate(() => {
        const m = window.__wangge!.maps.command;
        if (!m.getLayer('clusters')) return -1;
        let n = 0;
        for (const f of m.queryRenderedFeatures({ layers: ['clusters', 'points'] })) n += Number(f.properties.point_count ?? 1);
        return n;
      });
    await expect.poll(drawn, { timeout: 20_000 }).toBe(open);
    // The light is never colour alone: a cluster shows its overdue count as 超N under its size, a point the word 超/将.
    const words = await page.evaluate(() => {
      const m = window.__wangge!.maps.command;
      return JSON.stringify([m.getLayoutProperty('cluster-count', 'text-field'), m.getLayoutProperty('points-label', 'text-field')]);
    });
    expect(words).toContain('超');
    expect(words).toContain('将');
    // The demo's streets and communities are generated: the map says so.
    await expect(page.getByTestId('generated-caption').textContent()).resolves.toContain('演示自动生成');
    await expect(page.getByTestId('generated-caption').isVisible()).resolves.toBe(true);
    await e2e.screenshot(page, '11-command-map');

    // Only the overdue cases.
    for (const word of ['将到期', '正常', '不计时']) await page.locator('.wg-map-filters .ant-checkbox-wrapper').filter({ hasText: word }).click();
    await expect.poll(() => count.getAttribute('data-visible')).toBe(String(red));
    await mapIdle(page, 'command');
    await expect.poll(drawn, { timeout: 20_000 }).toBe(red);
    await expect(count.textContent()).resolves.toContain(`已超时 ${red}`);
    for (const word of ['将到期', '正常', '不计时']) await page.locator('.wg-map-filters .ant-checkbox-wrapper').filter({ hasText: word }).click();
    await expect.poll(() => count.getAttribute('data-visible')).toBe(String(open));

    // Zoomed in past clustering, a click on a point opens its card.
    const [one] = await e2e.query<{ number: string; lng: number; lat: number }>(sql`
      select number, lng, lat from cases c where state not in ('invalid', 'cancelled', 'closed')
      and not exists (select 1 from cases o where o.id <> c.id and o.state not in ('invalid', 'cancelled', 'closed') and abs(o.lng - c.lng) < 0.001 and abs(o.lat - c.lat) < 0.001)
      order by number limit 1`);
    await page.evaluate(([lng, lat]) => window.__wangge!.maps.command.jumpTo({ center: [lng, lat], zoom: 17 }), [Number(one.lng), Number(one.lat)] as const);
    await mapIdle(page, 'command');
    await expect
      .poll(() => page.evaluate(() => window.__wangge!.maps.command.queryRenderedFeatures({ layers: ['points'] }).length), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const box = await page.evaluate(([lng, lat]) => {
      const m = window.__wangge!.maps.command;
      const p = m.project([lng, lat]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [Number(one.lng), Number(one.lat)] as const);
    await page.mouse.click(box.x, box.y);
    const card = page.getByTestId('map-case-card');
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain(one.number);
    await card.locator('.wg-light').waitFor();
    await e2e.screenshot(page, '12-command-map-card');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('shows the inspectors where the field app last placed them, and marks a silent one', { timeout: 180_000 }, async () => {
    // An inspector goes on duty on the phone; the field app sends the phone's position.
    const point = await e2e.pointInStreet('220106003');
    const phoneCtx = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: { longitude: point.lng, latitude: point.lat, accuracy: 12 },
      permissions: ['geolocation'],
    });
    await phoneCtx.addInitScript(() => localStorage.setItem('wangge.lang', 'zh'));
    const phone = await phoneCtx.newPage();
    phone.on('pageerror', (err) => e2e.pageErrors.push(`pageerror: ${err.message}`));
    await phone.goto(`${e2e.baseUrl}/field/`);
    await phone.getByLabel('用户名').fill('inspector');
    await phone.getByLabel('密码').fill(DEMO_PASSWORD);
    await phone.getByRole('button', { name: /登\s*录/ }).click();
    await phone.locator('.fd-tabs').waitFor();
    await phone.getByRole('switch', { name: '上岗巡查' }).click();
    await phone.getByText('巡查中').waitFor();
    await expect
      .poll(async () => (await e2e.query<{ n: number }>(sql`select count(*)::int as n from patrol_positions p join users u on u.id = p.user_id where u.username = 'inspector'`))[0].n, {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);

    // The dispatcher's command map shows them there, by name.
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await page.goto(`${e2e.baseUrl}/map`);
    await expect.poll(() => page.getByTestId('inspector-count').getAttribute('data-count'), { timeout: 20_000 }).toBe('1');
    await expect(page.getByTestId('inspector-count').textContent()).resolves.toBe('在岗监督员 1 人');
    await mapIdle(page, 'command');
    await page.evaluate(([lng, lat]) => window.__wangge!.maps.command.jumpTo({ center: [lng, lat], zoom: 15 }), [point.lng, point.lat] as const);
    await mapIdle(page, 'command');
    const marker = async () =>
      page.evaluate(() => {
        const m = window.__wangge!.maps.command;
        const f = m.queryRenderedFeatures({ layers: ['inspectors'] })[0];
        if (!f) return null;
        const [lng, lat] = (f.geometry as GeoJSON.Point).coordinates;
        const p = m.project([lng, lat]);
        const r = m.getCanvas().getBoundingClientRect();
        return { lng, lat, label: String(f.properties.label), x: r.left + p.x, y: r.top + p.y };
      });
    await expect.poll(async () => (await marker())?.label, { timeout: 10_000 }).toBe('监督员 刘洋');
    const at = (await marker())!;
    expect(at.lng).toBeCloseTo(point.lng, 5);
    expect(at.lat).toBeCloseTo(point.lat, 5);
    await page.mouse.click(at.x, at.y);
    const card = page.getByTestId('map-inspector-card');
    await expect.poll(() => card.textContent()).toContain('监督员 刘洋');
    await expect(card.textContent()).resolves.toContain('在岗巡查');
    await e2e.screenshot(page, '15-command-map-inspector');

    // The phone goes quiet (its last position is now an hour old): the marker turns grey and says so in words.
    await phoneCtx.close();
    await e2e.query(sql`update field_duty set last_at = now() - interval '1 hour' where user_id = (select id from users where username = 'inspector')`);
    await page.reload();
    await expect.poll(() => page.getByTestId('inspector-count').textContent(), { timeout: 20_000 }).toBe('在岗监督员 1 人，其中信号中断 1 人');
    await mapIdle(page, 'command'); // the reloaded map is in place before it is moved
    await page.evaluate(([lng, lat]) => window.__wangge!.maps.command.jumpTo({ center: [lng, lat], zoom: 15 }), [point.lng, point.lat] as const);
    await mapIdle(page, 'command');
    await expect.poll(async () => (await marker())?.label, { timeout: 10_000 }).toBe('监督员 刘洋\n信号中断');
    expect(e2e.pageErrors).toEqual([]);
  });

  it('searches with filters kept in the URL and exports the result to CSV and Excel', { timeout: 120_000 }, async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'chief');
    await page.goto(`${e2e.baseUrl}/search?open=true&sort=deadline`);
    const [{ n }] = await e2e.query<{ n: number }>(sql`select count(*)::int as n from cases where state not in ('invalid', 'cancelled', 'closed')`);
    await expect.poll(() => page.locator('.ant-pagination-total-text').textContent()).toBe(`共 ${n} 件`);
    await e2e.screenshot(page, '13-search');

    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(csvHref).toContain('open=true');
    const csv = await page.request.get(`${e2e.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text.charCodeAt(0)).toBe(0xfeff); // BOM: Excel opens UTF-8 Chinese correctly
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toContain('案件编号');
    expect(lines.length).toBe(n + 1);

    const xlsx = await page.request.get(`${e2e.baseUrl}${await page.getByTestId('export-xlsx').getAttribute('href')}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    const body = await xlsx.body();
    expect(body.subarray(0, 2).toString()).toBe('PK'); // a zip: the xlsx container
    expect(e2e.pageErrors).toEqual([]);
  });
});
