// The command map shows every open case of the demo (clustered, coloured by light, with a card per case), and the
// case search finds and exports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chromiumPath, mapIdle, startE2E, type E2EApp } from './support';

describe.skipIf(!chromiumPath)('command map and case search', () => {
  let e2e: E2EApp;

  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows all open demo cases as clustered points, filters by light, and opens a case card', async () => {
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
    // Every open case is drawn: the clusters' counts and the single points add up to the total.
    const drawn = async () =>
      page.evaluate(() => {
        const m = window.__wangge!.maps.command;
        const seen = new Set<string>();
        let n = 0;
        for (const f of m.queryRenderedFeatures({ layers: ['clusters', 'points'] })) {
          const key = f.properties.cluster_id !== undefined ? `c${f.properties.cluster_id}` : `p${f.properties.n}`;
          if (seen.has(key)) continue; // a feature can be reported once per tile
          seen.add(key);
          n += f.properties.point_count ?? 1;
        }
        return n;
      });
    await expect.poll(drawn, { timeout: 10_000 }).toBe(open);
    await e2e.screenshot(page, '11-command-map');

    // Only the overdue cases.
    for (const word of ['将到期', '正常', '不计时']) await page.locator('.wg-map-filters .ant-checkbox-wrapper').filter({ hasText: word }).click();
    await expect.poll(() => count.getAttribute('data-visible')).toBe(String(red));
    await mapIdle(page, 'command');
    await expect.poll(drawn, { timeout: 10_000 }).toBe(red);
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

  it('searches with filters kept in the URL and exports the result to CSV and Excel', async () => {
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
