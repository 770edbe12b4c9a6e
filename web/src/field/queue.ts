// The outbox of the field app: reports and task answers are stored first (IndexedDB on the phone) and sent when
// the network allows, each with an idempotency key made when the inspector pressed "send", so a retry after a lost
// answer never makes a second case or a second answer. Photos are uploaded once: their server ids are kept.
// Pure logic over a store and a transport, so it is tested in Node with in-memory fakes.

export interface QueuedPhoto {
  /** The resized JPEG. */
  blob: Blob;
  /** Set once uploaded, so a retry does not upload it again. */
  uploadedId?: string;
}

export interface ReportBody {
  kind: 'component' | 'matter';
  classCode: string;
  description: string;
  lng: number;
  lat: number;
  crs: 'WGS84' | 'GCJ02' | 'BD09';
  locationText?: string;
  urgency?: 'normal' | 'urgent';
  selfFix: boolean;
}

export interface AnswerBody {
  action: 'verify' | 'check';
  input: { result: string; note?: string };
}

interface Base {
  id: string;
  idempotencyKey: string;
  createdAt: string;
  attempts: number;
  /** waiting: to send; failed: the server refused it (the inspector decides: retry or discard). */
  status: 'waiting' | 'failed';
  lastError?: string;
  photos: QueuedPhoto[];
}

export interface ReportItem extends Base {
  kind: 'report';
  body: ReportBody;
  afterPhotos: QueuedPhoto[];
  /** The case number once the server took it. */
  number?: string;
}

export interface AnswerItem extends Base {
  kind: 'answer';
  caseId: string;
  caseNumber: string;
  body: AnswerBody;
}

export type QueueItem = ReportItem | AnswerItem;

export interface QueueStore {
  all(): Promise<QueueItem[]>;
  put(item: QueueItem): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A failure of a send: status 0 for no network. */
export interface SendError {
  status: number;
  code: string;
  message: string;
}

export interface Transport {
  uploadPhoto(blob: Blob): Promise<string>;
  postReport(body: ReportBody & { photoIds: string[]; afterPhotoIds: string[] }, idempotencyKey: string): Promise<{ number: string }>;
  postAnswer(caseId: string, body: AnswerBody & { input: AnswerBody['input'] & { photoIds: string[] } }, idempotencyKey: string): Promise<unknown>;
}

export interface FlushResult {
  sent: { id: string; kind: QueueItem['kind']; number?: string }[];
  failed: { id: string; error: SendError }[];
  /** The network or the server is away: the rest waits for the next try. */
  stopped: boolean;
}

const asSendError = (e: unknown): SendError => {
  const x = e as Partial<SendError> & { messageZh?: string };
  return { status: typeof x?.status === 'number' ? x.status : 0, code: x?.code ?? 'NETWORK', message: x?.message ?? String(e) };
};

/** Whether a failure will pass by itself (no network, server busy or down, rate limit, timeouts). */
export function isTransient(e: SendError): boolean {
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500 || e.code === 'CSRF_FAILED' || e.status === 401;
}

export function newItemId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export function reportItem(body: ReportBody, photos: Blob[], afterPhotos: Blob[], now = new Date()): ReportItem {
  return {
    id: newItemId(),
    kind: 'report',
    idempotencyKey: newItemId(),
    createdAt: now.toISOString(),
    attempts: 0,
    status: 'waiting',
    body,
    photos: photos.map((blob) => ({ blob })),
    afterPhotos: afterPhotos.map((blob) => ({ blob })),
  };
}

export function answerItem(caseId: string, caseNumber: string, body: AnswerBody, photos: Blob[], now = new Date()): AnswerItem {
  return {
    id: newItemId(),
    kind: 'answer',
    idempotencyKey: newItemId(),
    createdAt: now.toISOString(),
    attempts: 0,
    status: 'waiting',
    caseId,
    caseNumber,
    body,
    photos: photos.map((blob) => ({ blob })),
  };
}

async function uploadAll(store: QueueStore, item: QueueItem, list: QueuedPhoto[], t: Transport): Promise<string[]> {
  const ids: string[] = [];
  for (const p of list) {
    if (!p.uploadedId) {
      p.uploadedId = await t.uploadPhoto(p.blob);
      await store.put(item); // remembered before anything else can fail
    }
    ids.push(p.uploadedId);
  }
  return ids;
}

let flushing: Promise<FlushResult> | null = null;

/**
 * Sends what waits, oldest first. Stops at the first transient failure (the rest would fail the same way);
 * a refusal (4xx) marks that item failed and goes on with the next. One flush at a time.
 */
export function flush(store: QueueStore, t: Transport): Promise<FlushResult> {
  flushing ??= (async () => {
    const result: FlushResult = { sent: [], failed: [], stopped: false };
    try {
      const items = (await store.all()).filter((i) => i.status === 'waiting').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const item of items) {
        item.attempts++;
        try {
          const photoIds = await uploadAll(store, item, item.photos, t);
          if (item.kind === 'report') {
            const afterPhotoIds = await uploadAll(store, item, item.afterPhotos, t);
            const res = await t.postReport({ ...item.body, photoIds, afterPhotoIds }, item.idempotencyKey);
            result.sent.push({ id: item.id, kind: 'report', number: res.number });
          } else {
            await t.postAnswer(item.caseId, { ...item.body, input: { ...item.body.input, photoIds } }, item.idempotencyKey);
            result.sent.push({ id: item.id, kind: 'answer' });
          }
          await store.delete(item.id);
        } catch (e) {
          const err = asSendError(e);
          item.lastError = err.message;
          if (isTransient(err)) {
            await store.put(item);
            result.stopped = true;
            break;
          }
          item.status = 'failed';
          await store.put(item);
          result.failed.push({ id: item.id, error: err });
        }
      }
    } finally {
      flushing = null;
    }
    return result;
  })();
  return flushing;
}

/** Puts a failed item back in line (after the inspector fixed the cause, e.g. signed in again). */
export async function retry(store: QueueStore, id: string): Promise<void> {
  const item = (await store.all()).find((i) => i.id === id);
  if (item) await store.put({ ...item, status: 'waiting', lastError: undefined });
}

/** An in-memory store: for tests, and for browsers without IndexedDB (private windows). */
export class MemoryStore implements QueueStore {
  private readonly items = new Map<string, QueueItem>();
  async all() {
    return [...this.items.values()].map((i) => ({ ...i }));
  }
  async put(item: QueueItem) {
    this.items.set(item.id, { ...item });
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}
