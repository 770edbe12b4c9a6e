// Base data administration (基础数据, issue 11) in the browser: the administrator finds a unit grid and renumbers it (one
// version, its responsibility grid kept); imports a broken grid file and sees the problems listed and on the map, nothing applied;
// imports a street file that renames a street, sees it in the lists and in the versions, and undoes it; edits a
// component and finds the change in its history; searches the gazetteer, reads a point's location text and adds an
// address; turns on an external basemap (tiles served by the test, nothing from the internet) that every map then draws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { chromiumPath, clickMapAt, dialog, mapIdle, pickOption, startE2E, type E2EApp } from './support';

type FC = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] };


describe.skipIf(!chromiumPath)('base data administration', () => {
  let e2e: E2EApp;
  // The "basemap tiles" the test serves in place of a tile server: plain light green.
  let tile: Buffer;

  beforeAll(async () => {
    const sharp = (await import('sharp')).default;
    tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 214, g: 232, b: 208 } } }).png().toBuffer();
    e2e = await startE2E({ cases: 40 });
  }, 600_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const toast = (page: Page, text: string | RegExp) => page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
  const openTab = async (page: Page, name: string, section: string) => {
    await page.getByRole('tab', { name }).click();
    await page.locator(`.wg-bd[data-section="${section}"] section`).waitFor();
  };
  const searchBox = (page: Page, id: string) => page.locator(`[data-testid=${id}] input, input[data-testid=${id}]`).first();
  const upload = (page: Page, name: string, data: unknown) =>
    page.locator('.ant-modal:visible .wg-bd-upload input[type=file], .wg-bd-step .wg-bd-upload input[type=file]').first().setInputFiles({ name, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(data)) });

  it('an administrator keeps the grids, imports with a preview, versions, components, the gazetteer and the basemap', async () => {
    const admin = await e2e.apiAs('admin');
    const page = await e2e.newPage();
    await e2e.login(page, 'admin');

    // ---- Geography: the menu leads to the grid list; a grid is found by its code.
    await page.getByRole('menuitem', { name: '基础数据' }).click();
    await page.waitForURL(/\/basedata$/);
    await page.locator('[data-testid=geo-table] .ant-table-row').first().waitFor();
    await mapIdle(page, 'basedata');
    const [grid] = await e2e.query<{ code: string; beat: string }>(sqlGridWithBeat());
    const newCode = `${grid.code.slice(0, 12)}999`;
    await searchBox(page, 'geo-search').fill(grid.code);
    await searchBox(page, 'geo-search').press('Enter');
    await expect.poll(() => page.locator('[data-testid=geo-table] .ant-table-row').count()).toBe(1);
    await page.locator('[data-testid=geo-table] .ant-table-row').first().click();
    const card = page.getByTestId('record-card');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(grid.code);
    await mapIdle(page, 'basedata');
    await e2e.screenshot(page, 'basedata-geography');

    // Renumbered (serial 999): one version, the grid keeps its responsibility grid.
    await card.getByRole('button', { name: '编辑网格' }).click();
    const edit = dialog(page);
    await edit.getByLabel('网格编码', { exact: true }).fill(newCode);
    await edit.getByLabel('说明', { exact: true }).fill('按新的编号规则重新编号');
    await e2e.screenshot(page, 'basedata-grid-edit');
    await edit.getByRole('button', { name: '检查并保存为新版本' }).click();
    await toast(page, /已保存为版本 \d+/);
    await expect.poll(async () => (await e2e.query<{ code: string; beat: string }>(sqlGrid(newCode)))[0]?.beat).toBe(grid.beat);
    expect(await e2e.query(sqlGrid(grid.code))).toEqual([]);
    await expect.poll(() => card.textContent()).toContain(newCode);

    // ---- Import: a grid file with a malformed and a repeated code is refused whole, its problems listed and on the map.
    const gridsFc = await admin.get<FC>(`/api/basedata/export/grids.geojson`);
    const some = gridsFc.features.filter((f) => String(f.properties.code).startsWith(grid.code.slice(0, 12)) && f.properties.code !== newCode).slice(0, 3);
    expect(some.length).toBe(3);
    const broken: FC = {
      type: 'FeatureCollection',
      features: [
        { ...some[0], properties: { ...some[0].properties, code: '2201060010' } },
        some[1],
        { ...some[2], properties: { ...some[2].properties, code: some[1].properties.code } },
      ],
    };
    const versionsBefore = (await admin.get<unknown[]>('/api/basedata/versions')).length;
    await openTab(page, '数据导入', 'imports');
    await page.getByTestId('import-target').getByText('单元网格', { exact: true }).click();
    await upload(page, 'grids-broken.geojson', broken);
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-check').click();
    const status = page.getByTestId('preview-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toMatch(/发现 \d+ 个错误，不能导入/);
    await expect(page.getByTestId('import-apply').isDisabled()).resolves.toBe(true);
    const problemRows = page.locator('[data-testid=problem-list] .ant-table-row');
    await expect.poll(() => problemRows.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('problem-list').textContent()).resolves.toContain('2201060010');
    await mapIdle(page, 'import-preview');
    // Every problem with a place is a marker on the map; picking one in the list rings it.
    const markers = () => page.evaluate(() => (window.__wangge!.maps['import-preview'].getSource('bd-problems') as unknown as { serialize(): { data: FC } }).serialize().data.features.length);
    await expect.poll(markers).toBeGreaterThanOrEqual(1);
    await problemRows.first().click();
    await expect
      .poll(() => page.evaluate(() => (window.__wangge!.maps['import-preview'].getSource('bd-problem-selected') as unknown as { serialize(): { data: FC } }).serialize().data.features.length))
      .toBe(1);
    await mapIdle(page, 'import-preview');
    await e2e.screenshot(page, 'basedata-import-problems');
    await page.getByRole('button', { name: /^放\s*弃$/ }).click();
    await toast(page, '已放弃');
    expect((await admin.get<unknown[]>('/api/basedata/versions')).length).toBe(versionsBefore);

    // A street file renaming 正阳街道 applies as one version.
    const streetsFc = await admin.get<FC>('/api/basedata/export/streets.geojson');
    const zy = streetsFc.features.find((f) => f.properties.code === '220106001')!;
    const renamed: FC = { type: 'FeatureCollection', features: [{ ...zy, properties: { ...zy.properties, name: '正阳测试街道' } }] };
    await page.getByTestId('import-target').getByText('街道', { exact: true }).click();
    await upload(page, 'streets.geojson', renamed);
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-check').click();
    await expect.poll(() => status.textContent()).toContain('检查通过');
    await expect(page.getByTestId('import-summary').textContent()).resolves.toMatch(/街道/);
    await page.getByTestId('import-apply').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '导入为新版本' }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    const applied = Number((await done.textContent())!.match(/版本 (\d+)/)![1]);
    await e2e.screenshot(page, 'basedata-import-done');
    const street = await admin.get<{ properties: { name: string } }>('/api/basedata/records/streets/220106001');
    expect(street.properties.name).toBe('正阳测试街道');

    // ---- Versions: the import is the newest version; its changes name the street; undoing it restores the name.
    await page.getByRole('button', { name: '查看版本记录' }).click();
    await page.waitForURL(/\/basedata\/versions$/);
    const newest = page.locator('[data-testid=versions-table] .ant-table-row').first();
    await newest.waitFor();
    await expect(newest.textContent()).resolves.toContain(String(applied));
    await newest.getByRole('button', { name: '更改明细' }).click();
    const changes = page.getByTestId('version-changes');
    await expect.poll(() => changes.textContent()).toContain('正阳测试街道');
    await e2e.screenshot(page, 'basedata-version-changes');
    await page.locator('.ant-drawer:visible .ant-drawer-close').click();
    await newest.getByRole('button', { name: `撤销 ${applied}` }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /^撤\s*销$/ }).click();
    await toast(page, `版本 ${applied} 已撤销`);
    await expect.poll(async () => (await admin.get<{ properties: { name: string } }>('/api/basedata/records/streets/220106001')).properties.name).toBe('正阳街道');
    await expect.poll(() => page.locator('[data-testid=versions-table] .ant-table-row').first().textContent()).toContain(`撤销版本 ${applied}`);
    await e2e.screenshot(page, 'basedata-versions');

    // ---- Components: damaged ones listed, one edited, the change in its history.
    await openTab(page, '部件', 'components');
    await pickOption(page, page.getByLabel('状态', { exact: true }), '完好', '');
    const compRows = page.locator('[data-testid=component-table] .ant-table-row');
    await compRows.first().waitFor();
    await expect.poll(async () => (await compRows.allTextContents()).every((r) => r.includes('完好'))).toBe(true);
    await compRows.first().click();
    const drawer = page.getByTestId('component-drawer');
    await drawer.getByTestId('component-attrs').waitFor();
    const compId = (await drawer.locator('[data-testid=component-attrs] code').first().textContent())!;
    expect(compId).toMatch(/^\d{17}$/);
    await mapIdle(page, 'components');
    await e2e.screenshot(page, 'basedata-component');
    await page.locator('.ant-drawer:visible .ant-drawer-extra').getByRole('button', { name: /编\s*辑/ }).click();
    const cedit = dialog(page);
    await cedit.getByTestId('component-maintainer').fill('绿园区市政养护所');
    await pickOption(page, cedit.getByLabel('状态', { exact: true }), '破损', '');
    await cedit.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已保存');
    const history = drawer.getByTestId('component-history');
    await expect.poll(() => history.textContent()).toContain('绿园区市政养护所');
    await expect(history.textContent()).resolves.toContain('完好 → 破损');
    const saved = await admin.get<{ state: string; maintenanceUnit: string }>(`/api/components/${compId}`);
    expect(saved).toMatchObject({ state: 'damaged', maintenanceUnit: '绿园区市政养护所' });
    // The map redraws it as damaged (its tiles are fetched again after the edit).
    await expect
      .poll(() => page.evaluate((id) => window.__wangge!.maps['components'].queryRenderedFeatures({ layers: ['components-point'] }).find((f) => f.properties.id === id)?.properties.state, compId), { timeout: 15_000 })
      .toBe('damaged');
    await e2e.screenshot(page, 'basedata-component-history');

    // A case raised from the component carries it, waits for intake, and shows in the component's history.
    await page.locator('.ant-drawer:visible .ant-drawer-extra').getByRole('button', { name: '上报问题' }).click();
    const raise = dialog(page);
    await pickOption(page, raise.getByLabel('问题来源', { exact: true }), '12345热线', '');
    await raise.getByLabel('问题描述', { exact: true }).fill('井盖破损，有行人踩空的危险');
    await expect(raise.getByLabel('事发位置', { exact: true }).inputValue()).resolves.not.toBe('');
    await raise.getByRole('button', { name: /上\s*报/ }).click();
    const raised = page.getByTestId('case-raised');
    await raised.waitFor();
    const caseNumber = (await raised.textContent())!.match(/案件号 ([\w-]+)/)![1];
    const [kase] = await e2e.query<{ component_id: string; state: string }>(sql`select component_id, state from cases where number = ${caseNumber}`);
    expect(kase.component_id).toBe(compId);
    await raise.locator('.ant-modal-footer button').click();
    await expect.poll(() => history.textContent()).toContain(caseNumber);
    await page.locator('.ant-drawer:visible .ant-drawer-close').click();

    // ---- Gazetteer: a Chinese query finds places; a click on the map gives the location text; an address is added.
    await openTab(page, '地名地址', 'gazetteer');
    await searchBox(page, 'gz-search').fill('正阳');
    await searchBox(page, 'gz-search').press('Enter');
    await expect.poll(() => page.locator('[data-testid=gz-hits] .ant-list-item').count()).toBeGreaterThan(0);
    const p = await e2e.pointInStreet('220106001');
    await clickMapAt(page, 'gazetteer', p.lng, p.lat, 16);
    const loc = page.getByTestId('gz-location-text');
    await expect.poll(() => loc.textContent()).toMatch(/\S+/);
    await expect(page.getByTestId('gz-reverse').textContent()).resolves.toContain(p.gridCode);
    await e2e.screenshot(page, 'basedata-gazetteer');
    await page.getByRole('button', { name: '新增地名地址' }).click();
    const entry = dialog(page);
    await pickOption(page, entry.getByLabel('类型', { exact: true }), '门楼牌', '');
    await entry.getByLabel('名称', { exact: true }).fill('测试路 88号');
    await entry.getByLabel('经度', { exact: true }).fill(String(p.lng));
    await entry.getByLabel('纬度', { exact: true }).fill(String(p.lat));
    await entry.getByRole('button', { name: /保\s*存/ }).click();
    await toast(page, '已新增');
    const found = await admin.get<{ items: { name: string }[] }>(`/api/geocode/search?q=${encodeURIComponent('测试路 88号')}`);
    expect(found.items.map((i) => i.name)).toContain('测试路 88号');

    // ---- Basemap: off by default; a custom tile service previewed, saved, and then drawn under every map.
    await page.route('**/test-basemap/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tile }));
    expect(await admin.get('/api/basemap')).toMatchObject({ enabled: false });
    await openTab(page, '底图', 'basemap');
    await page.getByTestId('basemap-enabled').click();
    await page.getByText('其他瓦片服务', { exact: true }).click();
    await page.getByLabel('瓦片地址', { exact: true }).fill(`${e2e.baseUrl}/test-basemap/{z}/{x}/{y}.png`);
    await page.getByTestId('basemap-preview').click();
    await expect.poll(() => page.evaluate(() => !!window.__wangge!.maps['basemap-preview'].getLayer('basemap-preview'))).toBe(true);
    await mapIdle(page, 'basemap-preview');
    await e2e.screenshot(page, 'basedata-basemap');
    await page.getByTestId('basemap-save').click();
    await toast(page, '底图设置已保存');
    expect(await admin.get('/api/basemap')).toMatchObject({ enabled: true, layers: [{ id: 'custom' }] });
    await openTab(page, '部件', 'components');
    await mapIdle(page, 'components');
    await expect.poll(() => page.evaluate(() => !!window.__wangge!.maps['components']?.getLayer('basemap-custom')), { timeout: 20_000 }).toBe(true);
    await e2e.screenshot(page, 'basedata-components-basemap');

    // ---- English: every heading and tab in English.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('tab', { name: 'Versions' }).waitFor();
    await expect(page.locator('.wg-page-title').textContent()).resolves.toBe('Base data and geocoding');
    await e2e.screenshot(page, 'basedata-en');

    expect(e2e.pageErrors).toEqual([]);
  }, 600_000);

  it('other roles see no base data menu and are refused the screen', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'dispatcher');
    await expect(page.getByRole('menuitem', { name: '基础数据' }).count()).resolves.toBe(0);
    await page.goto(`${e2e.baseUrl}/basedata/components`);
    await page.getByTestId('basedata-forbidden').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});

function sqlGridWithBeat() {
  return sql`select g.code, b.code as beat from grids g join beats b on b.id = g.beat_id order by g.code limit 1 offset 3`;
}
function sqlGrid(code: string) {
  return sql`select g.code, b.code as beat from grids g left join beats b on b.id = g.beat_id where g.code = ${code}`;
}
