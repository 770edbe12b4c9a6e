// Unit and property tests of the field app's outbox (web/src/field/queue.ts): nothing is lost offline, nothing is
// sent twice (idempotency keys survive retries and lost answers), photos are uploaded once, refusals stop only
// their own item.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerItem, flush, isTransient, MemoryStore, reportItem, retry, type ReportBody, type Transport } from '../../web/src/field/queue';

const BODY: ReportBody = { kind: 'matter', classCode: '09006', description: '占道经营', lng: 125.25, lat: 43.88, crs: 'WGS84', selfFix: false };
const blob = (s: string) => new Blob([s], { type: 'image/jpeg' });
const offline = () => Object.assign(new Error('Failed to fetch'), { status: 0, code: 'NETWORK' });

/** A fake server: dedupes by idempotency key like the real one, and can drop answers or the network. */
function fakeServer() {
  const s = {
    up: true,
    /** The next response is lost after the server acted (the phone sees a network error). */
    loseNextAnswer: false,
    refuse: null as null | { status: number; code: string },
    uploads: 0,
    cases: new Map<string, { number: string; photoIds: string[]; afterPhotoIds: string[] }>(),
    answers: new Map<string, { caseId: string; photoIds: string[] }>(),
  };
  const answer = <T>(v: T): T => {
    if (s.loseNextAnswer) {
      s.loseNextAnswer = false;
      throw offline();
    }
    return v;
  };
  const t: Transport = {
    async uploadPhoto() {
      if (!s.up) throw offline();
      s.uploads++;
      return answer(`photo-${s.uploads}`);
    },
    async postReport(body, key) {
      if (!s.up) throw offline();
      if (s.refuse) throw Object.assign(new Error(s.refuse.code), s.refuse);
      if (!s.cases.has(key)) s.cases.set(key, { number: `220106-2026-${String(s.cases.size + 1).padStart(6, '0')}`, photoIds: body.photoIds, afterPhotoIds: body.afterPhotoIds });
      return answer({ number: s.cases.get(key)!.number });
    },
    async postAnswer(caseId, body, key) {
      if (!s.up) throw offline();
      if (!s.answers.has(key)) s.answers.set(key, { caseId, photoIds: body.input.photoIds });
      return answer({ ok: true });
    },
  };
  return { s, t };
}

describe('field outbox', () => {
  it('keeps reports made offline and sends each once when the network returns', async () => {
    const store = new MemoryStore();
    const { s, t } = fakeServer();
    s.up = false;
    await store.put(reportItem(BODY, [blob('a'), blob('b')], []));
    await store.put(answerItem('case-1', '220106-2026-000001', { action: 'verify', input: { result: 'true' } }, [blob('c')]));
    const r1 = await flush(store, t);
    expect(r1).toMatchObject({ sent: [], failed: [], stopped: true });
    const waiting = await store.all();
    expect(waiting).toHaveLength(2);
    expect(waiting.find((i) => i.kind === 'report')!.attempts).toBe(1);

    s.up = true;
    const r2 = await flush(store, t);
    expect(r2.sent.map((x) => x.kind)).toEqual(['report', 'answer']);
    expect(r2.sent[0].number).toBe('220106-2026-000001');
    expect(await store.all()).toEqual([]);
    expect(s.cases.size).toBe(1);
    expect([...s.cases.values()][0].photoIds).toEqual(['photo-1', 'photo-2']);
    expect([...s.answers.values()]).toEqual([{ caseId: 'case-1', photoIds: ['photo-3'] }]);
    expect(s.uploads).toBe(3);
  });

  it('sends a report whose answer was lost again with the same key: one case, photos uploaded once', async () => {
    const store = new MemoryStore();
    const { s, t } = fakeServer();
    const item = reportItem(BODY, [blob('a')], [blob('after')]);
    await store.put(item);
    // The upload reaches the server but its answer is lost: that photo is uploaded again (an orphan), then kept.
    s.loseNextAnswer = true;
    expect((await flush(store, t)).stopped).toBe(true);
    const r = await flush(store, t);
    expect(r.sent).toHaveLength(1);
    expect(s.uploads).toBe(3);

    // The case is made but the phone never hears: the retry carries the same key.
    const item2 = reportItem(BODY, [blob('x')], []);
    await store.put(item2);
    const before = s.uploads;
    const postReport = t.postReport;
    t.postReport = async (body, key) => {
      t.postReport = postReport;
      await postReport(body, key);
      throw offline();
    };
    expect((await flush(store, t)).stopped).toBe(true);
    expect((await store.all())[0].photos[0].uploadedId).toBe(`photo-${before + 1}`);
    const again = await flush(store, t);
    expect(again.sent).toEqual([{ id: item2.id, kind: 'report', number: '220106-2026-000002' }]);
    expect(s.cases.size).toBe(2);
    expect(s.uploads).toBe(before + 1); // not uploaded twice
  });

  it('marks a refused item failed, goes on with the next, and retries it on request', async () => {
    const store = new MemoryStore();
    const { s, t } = fakeServer();
    const bad = reportItem({ ...BODY, classCode: '99999' }, [blob('a')], [], new Date('2026-11-16T01:00:00Z'));
    const good = answerItem('case-2', 'N', { action: 'check', input: { result: 'fixed' } }, [], new Date('2026-11-16T01:01:00Z'));
    await store.put(bad);
    await store.put(good);
    s.refuse = { status: 422, code: 'UNKNOWN_CLASS' };
    const r = await flush(store, t);
    expect(r.failed).toEqual([{ id: bad.id, error: { status: 422, code: 'UNKNOWN_CLASS', message: 'UNKNOWN_CLASS' } }]);
    expect(r.sent.map((x) => x.id)).toEqual([good.id]);
    expect((await store.all()).map((i) => [i.id, i.status])).toEqual([[bad.id, 'failed']]);
    // Failed items wait for the inspector, not for the next flush.
    s.refuse = null;
    expect((await flush(store, t)).sent).toEqual([]);
    await retry(store, bad.id);
    expect((await flush(store, t)).sent.map((x) => x.id)).toEqual([bad.id]);
  });

  it('runs one flush at a time', async () => {
    const store = new MemoryStore();
    const { s, t } = fakeServer();
    await store.put(reportItem(BODY, [], []));
    const [a, b] = await Promise.all([flush(store, t), flush(store, t)]);
    expect(a).toBe(b);
    expect(s.cases.size).toBe(1);
  });

  it('treats no network, timeouts, rate limits, server errors and an ended session as passing', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 401]) expect(isTransient({ status, code: 'X', message: '' })).toBe(true);
    for (const status of [400, 403, 404, 409, 413, 415, 422]) expect(isTransient({ status, code: 'X', message: '' })).toBe(false);
  });

  it('delivers every item exactly once whatever the network does (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('report', 'answer'), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 30 }), async (kinds, network, losses) => {
        const store = new MemoryStore();
        const { s, t } = fakeServer();
        const keys: string[] = [];
        for (const [i, k] of kinds.entries()) {
          const item = k === 'report' ? reportItem(BODY, [blob('p')], [], new Date(1e12 + i)) : answerItem(`c${i}`, `N${i}`, { action: 'verify', input: { result: 'true' } }, [blob('p')], new Date(1e12 + i));
          keys.push(item.idempotencyKey);
          await store.put(item);
        }
        for (const [i, up] of network.entries()) {
          s.up = up;
          s.loseNextAnswer = losses[i] ?? false;
          await flush(store, t);
        }
        s.up = true;
        s.loseNextAnswer = false;
        await flush(store, t);
        expect(await store.all()).toEqual([]);
        const delivered = [...s.cases.keys(), ...s.answers.keys()].sort();
        expect(delivered).toEqual([...keys].sort());
      }),
      { numRuns: 150 },
    );
  });
});
