// The plan's programmes in Debian's chromium: a street office enters a mechanised-sweeping record and sees the board
// count it; the centre makes an inspection plan, commits and makes a double-random draw; a drawn inspector records the
// inspection; a leader reviews it, which raises the failed item as a case; a citizen reads the published result on the
// portal (no personal data) and recomputes the draw in the browser. Screenshots go to test-artifacts/screenshots/programmes-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD, dialog, startE2E, type E2EApp } from './support';

interface BoardTotals {
  total: { rate: number | null; machineM2: number; dueM2: number };
}
interface DrawView {
  id: string;
  status: string;
  commitment: string;
  result: { target: string; targetName: string; inspectors: string[] }[] | null;
  inspectorNames: Record<string, string>;
}

const PLAN = '2026年冬季城镇燃气安全专项抽查（端到端）';
/** Several browsers share two cores when test files run in parallel: give the page time to refetch. */
const POLL = { timeout: 20_000 };
const WITNESS = '07 19 23（纪检监督员现场报号）';

describe.skipIf(!chromiumPath)('programmes: mechanised sweeping and 双随机、一公开 hazard inspections', () => {
  let e2e: E2EApp;
  // Carried from the staff journey to the citizen's.
  let drawId = '';
  let target = { code: '', name: '' };
  let inspectorUsername = '';
  let inspectorName = '';

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000);
  afterAll(async () => {
    await e2e?.close();
  });

  /** Signs in through the form with any account (the pool's accounts are not among the demo buttons). */
  async function loginAs(page: Page, username: string) {
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('[data-testid=current-user]').waitFor();
  }

  it('street office: the sweeping board, and a record entered for its own segment counted on the board', { timeout: 240_000 }, async () => {
    const street = await e2e.apiAs('street');
    const before = await street.get<BoardTotals>('/api/sweeping/board');
    expect(before.total.dueM2).toBeGreaterThan(0);
    // A segment of the street office's street (it may record every one of them) with the most left to machine-sweep
    // today (Shanghai day): not machine-swept at all, or only partly.
    const [seg] = await e2e.query<{ id: string; code: string; name: string; area: number; swept: number | null }>(sql`
      select s.id, s.code, s.name, s.area_m2 as area, r.area_m2 as swept from sweeping_segments s
      join departments d on d.street_code = s.street_code
      join users u on u.department_id = d.id and u.username = 'street'
      left join sweeping_records r on r.segment_id = s.id and r.method = 'machine' and r.date = (now() at time zone 'Asia/Shanghai')::date
      order by s.area_m2 - coalesce(r.area_m2, 0) desc, s.code limit 1`);
    expect(seg, 'the demo gives the street office segments of its own').toBeTruthy();
    expect(Math.floor(seg.area) - (seg.swept ?? 0), `${seg.code} has machine sweeping left to record today`).toBeGreaterThan(0);

    const page = await e2e.newPage();
    await loginAs(page, 'street');
    await page.goto(`${e2e.baseUrl}/sweeping`);
    const board = page.getByTestId('sweeping-board');
    await board.getByTestId('sweep-district-rate').waitFor();
    await expect.poll(() => board.getByTestId('sweep-district-rate').innerText(), POLL).toContain((before.total.rate! * 100).toFixed(2));
    expect(await board.getByTestId('sweep-street-table').locator('tbody tr').count()).toBeGreaterThan(3);
    await e2e.screenshot(page, 'programmes-sweeping-board');

    // Record entry: the whole segment swept by machine today.
    await page.getByRole('tab', { name: '清扫记录' }).click();
    const entry = page.locator('.wg-sweep-entry');
    await entry.getByLabel('路段').click();
    await entry.getByLabel('路段').pressSequentially(seg.code, { delay: 10 });
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: seg.code }).first().click();
    await expect.poll(() => entry.getByLabel('清扫面积').inputValue().catch(() => ''), POLL).not.toBe('');
    await entry.getByLabel('备注').fill('夜间机扫，洒水车配合');
    await entry.getByRole('button', { name: '保存记录' }).click();
    await page.locator('.ant-message').getByText(seg.swept === null ? `已保存：${seg.name}` : `已覆盖原记录：${seg.name}`).waitFor();
    const [row] = await e2e.query<{ area: number; note: string; source: string }>(sql`
      select area_m2 as area, note, source from sweeping_records
      where segment_id = ${seg.id} and method = 'machine' and date = (now() at time zone 'Asia/Shanghai')::date`);
    expect(row).toMatchObject({ area: Math.floor(seg.area), note: '夜间机扫，洒水车配合', source: 'entry' });
    await page.locator('.wg-sweep-records .ant-table-tbody tr').filter({ hasText: seg.code }).filter({ hasText: '夜间机扫' }).first().waitFor();
    await e2e.screenshot(page, 'programmes-sweeping-record');

    // The board counts it: more machine-swept area, and the rate the page shows is the server's.
    const after = await street.get<BoardTotals>('/api/sweeping/board');
    expect(after.total.machineM2).toBeGreaterThan(before.total.machineM2);
    await page.getByRole('tab', { name: '清扫看板' }).click();
    await expect.poll(() => page.getByTestId('sweep-district-rate').innerText(), POLL).toContain((after.total.rate! * 100).toFixed(2));
  });

  it('centre: a new plan, its draw committed and made with a witness value', { timeout: 240_000 }, async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'chief');
    await page.goto(`${e2e.baseUrl}/inspections`);
    await page.getByTestId('plan-card').first().waitFor();
    expect(await page.getByTestId('plan-card').count()).toBe(4); // the demo's four plans

    await page.getByRole('button', { name: '新建检查计划' }).click();
    await dialog(page).getByLabel('计划名称').fill(PLAN);
    // The gas sector is the default; its checklist is shown before saving.
    await dialog(page).locator('.ant-table-tbody tr').first().waitFor();
    expect(await dialog(page).locator('.ant-table-tbody tr').count()).toBeGreaterThanOrEqual(4);
    await dialog(page).getByRole('button', { name: /保\s*存/ }).click();
    const card = page.locator(`[data-testid=plan-card][data-plan="${PLAN}"]`);
    await card.waitFor();
    await card.getByText('尚未抽取').waitFor();

    // Commit: the lists are frozen and the seed's hash published.
    await card.getByRole('button', { name: '公示抽取名单（第 1 批）' }).click();
    await dialog(page).getByLabel('抽取检查对象数').fill('2');
    await dialog(page).getByLabel(/每个对象检查人员数/).fill('2');
    await dialog(page).getByRole('button', { name: '公示抽取名单（第 1 批）' }).click();
    const panel = card.getByTestId('draw-1');
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('committed');
    const [committed] = await e2e.query<{ id: string; commitment: string; secret: string; status: string }>(sql`
      select d.id, d.commitment, d.secret, d.status from inspection_draws d join inspection_plans p on p.id = d.plan_id where p.name = ${PLAN}`);
    expect(committed.status).toBe('committed');
    drawId = committed.id;
    await panel.getByText(committed.commitment).waitFor();
    // The secret stays hidden until the draw.
    expect(await card.innerText()).not.toContain(committed.secret);
    const pub = await fetch(`${e2e.baseUrl}/api/public/inspections/draws/${drawId}`).then((r) => r.json() as Promise<{ secret: string | null; commitment: string }>);
    expect(pub).toMatchObject({ secret: null, commitment: committed.commitment });
    await e2e.screenshot(page, 'programmes-inspections-committed');

    // The draw, with the witness value given on the spot.
    await panel.getByRole('button', { name: '现场抽取' }).click();
    await dialog(page).getByLabel('见证值').fill(WITNESS);
    await dialog(page).getByRole('button', { name: '现场抽取' }).click();
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('drawn');
    const chief = await e2e.apiAs('chief');
    const drawn = await chief.get<DrawView>(`/api/inspections/draws/${drawId}`);
    expect(drawn.result).toHaveLength(2);
    const rows = panel.getByTestId('draw-result').locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    // The centre sees the names behind the public codes.
    for (const [i, a] of drawn.result!.entries()) {
      const text = await rows.nth(i).innerText();
      expect(text).toContain(a.target);
      for (const code of a.inspectors) expect(text).toContain(`${drawn.inspectorNames[code]} · ${code}`);
    }
    await panel.getByText(WITNESS).waitFor();
    await e2e.screenshot(page, 'programmes-inspections-drawn');

    // The first drawn target and its first inspector carry the journey on.
    const first = drawn.result![0];
    target = { code: first.target, name: first.targetName };
    const [who] = await e2e.query<{ username: string; name: string }>(sql`
      select u.username, u.display_name as name from inspection_inspectors i join users u on u.id = i.user_id where i.code = ${first.inspectors[0]}`);
    inspectorUsername = who.username;
    inspectorName = who.name;
  });

  it('drawn inspector records the inspection; a leader reviews it and the failed item becomes a case', { timeout: 240_000 }, async () => {
    expect(inspectorUsername).not.toBe('');
    const page = await e2e.newPage();
    await loginAs(page, inspectorUsername);
    await page.goto(`${e2e.baseUrl}/inspections`);
    // A pool member sees their own tasks only.
    await page.getByRole('tab', { name: '我的检查任务' }).waitFor();
    const row = page.locator(`tr[data-entity="${target.code}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('assigned');
    await row.locator('.wg-insp-open').click();
    const detail = page.getByTestId('inspection-detail');
    await detail.waitFor();
    const items = detail.locator('.wg-insp-item');
    const n = await items.count();
    expect(n).toBeGreaterThanOrEqual(4);
    const failedCode = (await items.first().getAttribute('data-item'))!;
    // The first item fails with a note; every other item passes.
    await items.first().locator('.ant-radio-button-wrapper').nth(1).click();
    await detail.getByLabel(`${failedCode} 不合格情况说明`).fill('调压箱锈蚀，箱门无法锁闭（端到端）');
    for (let i = 1; i < n; i++) await items.nth(i).locator('.ant-radio-button-wrapper').nth(0).click();
    await detail.getByLabel('检查情况').fill('按检查表逐项检查，现场拍照留存');
    await e2e.screenshot(page, 'programmes-inspection-record');
    await detail.getByRole('button', { name: '提交检查结果' }).click();
    await expect.poll(() => detail.getAttribute('data-status'), POLL).toBe('recorded');
    const [stored] = await e2e.query<{ status: string; results: { code: string; passed: boolean }[]; recorder: string }>(sql`
      select i.status, i.results, u.username as recorder from inspections i join inspection_draws d on d.id = i.draw_id
      join inspection_entities e on e.id = i.entity_id join users u on u.id = i.recorded_by
      where d.id = ${drawId} and e.code = ${target.code}`);
    expect(stored.status).toBe('recorded');
    expect(stored.recorder).toBe(inspectorUsername);
    expect(stored.results.filter((r) => !r.passed).map((r) => r.code)).toEqual([failedCode]);
    expect(stored.results).toHaveLength(n);

    // The leader (not one of the inspectors) reviews and publishes.
    const leader = await e2e.newPage();
    await e2e.login(leader, 'leader');
    await leader.goto(`${e2e.baseUrl}/inspections/list`);
    const lrow = leader.locator(`tr[data-entity="${target.code}"][data-status="recorded"]`).filter({ hasText: PLAN.slice(0, 8) });
    await lrow.first().waitFor();
    await lrow.first().locator('.wg-insp-open').click();
    const ldetail = leader.getByTestId('inspection-detail');
    await ldetail.waitFor();
    await ldetail.getByText('调压箱锈蚀，箱门无法锁闭（端到端）').waitFor();
    await ldetail.getByLabel('审核意见').fill('检查记录完整，同意公示');
    await e2e.screenshot(leader, 'programmes-inspection-review');
    await ldetail.getByRole('button', { name: '审核通过并公示' }).click();
    await expect.poll(() => ldetail.getAttribute('data-status'), POLL).toBe('published');
    const caseLink = ldetail.getByTestId('finding-case');
    await caseLink.waitFor();
    const [finding] = await e2e.query<{ number: string; source: string; state: string; class_code: string; item: string }>(sql`
      select c.number, c.source, c.state, c.class_code, f.item_code as item from inspection_findings f
      join inspections i on i.id = f.inspection_id join cases c on c.id = f.case_id
      where i.draw_id = ${drawId}`);
    expect(finding).toMatchObject({ source: 'inspection', item: failedCode });
    expect(await caseLink.innerText()).toBe(finding.number);
    await e2e.screenshot(leader, 'programmes-inspection-published');
    // The case is an ordinary case of the workflow, opened from the finding.
    await caseLink.click();
    await leader.waitForURL(/\/cases\//);
    await leader.getByText(finding.number).first().waitFor();
  });

  it('citizen: the published result without personal data, and the draw recomputed in the browser', { timeout: 240_000 }, async () => {
    expect(drawId).not.toBe('');
    const page = await e2e.newPage();
    await page.goto(`${e2e.baseUrl}/portal/`);
    await page.getByRole('button', { name: '双随机抽查公示' }).waitFor();
    await e2e.screenshot(page, 'programmes-portal-home');
    await page.getByRole('button', { name: '双随机抽查公示' }).click();
    await page.waitForURL(/\/portal\/inspections$/);
    const card = page.locator(`[data-testid=public-result][data-entity="${target.code}"]`).filter({ hasText: PLAN });
    await card.waitFor();
    const [published] = await e2e.query<{ n: number }>(sql`select count(*)::int as n from inspections where status = 'published'`);
    expect(await page.getByTestId('public-results-total').innerText()).toContain(`共 ${published.n} 项公示结果`);
    const text = await card.innerText();
    expect(text).toContain(target.name);
    expect(text).toContain('发现问题 1 项');
    expect(text).toContain('整改中');
    // No personal data: neither the inspectors' names, nor the entity's contact, nor the note of the failed item.
    const [contact] = await e2e.query<{ name: string; phone: string }>(sql`select contact_name as name, contact_phone as phone from inspection_entities where code = ${target.code}`);
    const body = await page.locator('body').innerText();
    for (const secret of [inspectorName, contact.name, contact.phone, '调压箱锈蚀，箱门无法锁闭（端到端）']) expect(body).not.toContain(secret);
    // Other sectors filter out.
    await page.getByText('消防安全', { exact: true }).click();
    await expect.poll(() => page.locator(`[data-testid=public-result][data-entity="${target.code}"]`).count(), POLL).toBe(0);
    await page.getByText('全部领域', { exact: true }).click();
    await card.waitFor();
    await card.scrollIntoViewIfNeeded();
    await e2e.screenshot(page, 'programmes-portal-results');
    // The finding's rectification case is followed on its public case page.
    const [caseRow] = await e2e.query<{ number: string }>(sql`
      select c.number from inspection_findings f join inspections i on i.id = f.inspection_id join cases c on c.id = f.case_id where i.draw_id = ${drawId}`);
    await card.getByRole('link', { name: `案卷 ${caseRow.number}` }).click();
    await page.waitForURL(new RegExp(`/portal/case/${caseRow.number}$`));
    await page.getByText(caseRow.number).first().waitFor();
    await page.goBack();
    await card.waitFor();

    // The draws: ours, drawn, with the commitment published before.
    await page.getByText('随机抽取记录', { exact: true }).click();
    const drawCard = page.locator(`[data-testid=public-draw][data-draw="${drawId}"]`);
    await drawCard.waitFor();
    expect(await drawCard.getAttribute('data-status')).toBe('drawn');
    const [row] = await e2e.query<{ commitment: string; secret: string }>(sql`select commitment, secret from inspection_draws where id = ${drawId}`);
    expect(await drawCard.innerText()).toContain(row.commitment);
    // The fire plan's next round is committed and waiting: its seed is not public yet.
    expect(await page.locator('[data-testid=public-draw][data-status=committed]').count()).toBeGreaterThanOrEqual(1);
    await e2e.screenshot(page, 'programmes-portal-draws');

    await drawCard.getByRole('link', { name: '查看与核验' }).click();
    await page.waitForURL(new RegExp(`/portal/inspections/draws/${drawId}$`));
    const record = page.getByTestId('draw-record');
    await record.getByText(row.secret).waitFor();
    expect(await page.getByTestId('draw-witness').innerText()).toBe(WITNESS);
    const result = page.getByTestId('draw-public-result');
    expect(await result.innerText()).toContain(`${target.name}（${target.code}）`);
    await page.getByRole('button', { name: '在本机复算核验' }).click();
    const local = page.getByTestId('verify-local');
    await local.waitFor();
    expect(await local.getAttribute('data-ok')).toBe('true');
    expect(await local.locator('li[data-ok=true]').count()).toBe(5);
    expect(await local.locator('li').first().innerText()).toContain('种子与公示的承诺值：一致');
    const server = page.getByTestId('verify-server');
    await server.waitFor();
    expect(await server.getAttribute('data-ok')).toBe('true');
    await local.scrollIntoViewIfNeeded();
    await e2e.screenshot(page, 'programmes-portal-verify');
  });

  it('citizen, in English: a tampered result fails the browser check', { timeout: 240_000 }, async () => {
    const page = await e2e.newPage({ lang: 'en' });
    // The browser's check is its own: give it a result with the first target's pair replaced by one other inspector.
    await page.route(`**/api/public/inspections/draws/${drawId}`, async (route) => {
      const res = await route.fetch();
      const d = (await res.json()) as { result: { inspectors: string[] }[]; inputs: { inspectors: string[] } };
      const others = d.inputs.inspectors.filter((c) => !d.result[0].inspectors.includes(c));
      d.result[0].inspectors = others.slice(0, 1);
      await route.fulfill({ response: res, json: d });
    });
    await page.goto(`${e2e.baseUrl}/portal/inspections/draws/${drawId}`);
    await page.getByRole('heading', { name: 'Draw and verification' }).waitFor();
    await page.getByRole('button', { name: 'Recompute in this browser' }).click();
    const local = page.getByTestId('verify-local');
    await local.waitFor();
    expect(await local.getAttribute('data-ok')).toBe('false');
    await local.getByText('Verification failed').waitFor();
    // The seed and lists are still right; it is the result that does not follow from them.
    expect(await local.locator('li[data-ok=true]').count()).toBeGreaterThanOrEqual(3);
    expect(await local.locator('li[data-ok=false]').first().innerText()).toContain('The result recomputed by the published rules and the published result: do not match');
    // It shows what the rules give instead: the first target's row differs, the second's does not.
    const recomputed = local.getByTestId('verify-local-recomputed');
    expect(await recomputed.locator('[data-same=false]').count()).toBe(1);
    expect(await recomputed.locator('[data-same=false]').innerText()).toContain(`（${target.code}）`);
    expect(await recomputed.locator('[data-same=true]').count()).toBe(1);
    // And which rule the tampered result breaks, worded for the reader with the target's name and code.
    const broken = local.getByTestId('verify-local-violations').locator('li[data-kind=tooFewInspectors]');
    expect(await broken.innerText()).toContain(`${target.name}（${target.code}）: only 1 inspector(s), the rules require at least 2`);
    // The server's own recomputation (from its stored record) still passes.
    await page.getByTestId('verify-server').waitFor();
    expect(await page.getByTestId('verify-server').getAttribute('data-ok')).toBe('true');
    await local.scrollIntoViewIfNeeded();
    await e2e.screenshot(page, 'programmes-portal-verify-tampered-en');
    expect(e2e.pageErrors).toEqual([]);
  });
});
