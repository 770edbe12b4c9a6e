// The field app's outbox in the browser: the queue stored in IndexedDB, sent through the API client, flushed when
// the network returns, and observable by the screens ("3 条待发送").
import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError, uploadPhoto } from '../shared/api';
import { flush, MemoryStore, retry, type FlushResult, type QueueItem, type QueueStore, type Transport } from './queue';

const DB = 'wangge-field';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

class IdbStore implements QueueStore {
  private db: Promise<IDBDatabase> = openDb();
  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }
  all() {
    return this.tx('readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>);
  }
  async put(item: QueueItem) {
    await this.tx('readwrite', (s) => s.put(item));
  }
  async delete(id: string) {
    await this.tx('readwrite', (s) => s.delete(id));
  }
}

export const store: QueueStore = typeof indexedDB !== 'undefined' ? new IdbStore() : new MemoryStore();

const transport: Transport = {
  uploadPhoto: async (blob) => (await uploadPhoto(blob, 'photo.jpg')).id,
  postReport: (body, key) => api('/api/cases', { method: 'POST', body: { ...body, source: 'inspector' }, headers: { 'idempotency-key': key } }),
  postAnswer: (caseId, body, key) => api(`/api/field/tasks/${caseId}/answer`, { method: 'POST', body, headers: { 'idempotency-key': key } }),
};

// ---- a tiny observable of the queue for React

let snapshot: QueueItem[] = [];
const listeners = new Set<() => void>();
async function refresh() {
  snapshot = (await store.all()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const l of listeners) l();
}
void refresh();

export function useOutbox(): QueueItem[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}

type SentListener = (r: FlushResult) => void;
const sentListeners = new Set<SentListener>();
export function onFlushed(fn: SentListener): () => void {
  sentListeners.add(fn);
  return () => sentListeners.delete(fn);
}

export async function enqueue(item: QueueItem): Promise<FlushResult> {
  await store.put(item);
  await refresh();
  return sendNow();
}

export async function sendNow(): Promise<FlushResult> {
  const r = await flush(store, transport);
  await refresh();
  for (const l of sentListeners) l(r);
  return r;
}

export async function retryItem(id: string) {
  await retry(store, id);
  await refresh();
  return sendNow();
}

export async function discardItem(id: string) {
  await store.delete(id);
  await refresh();
}

/** Sends the queue when the browser comes online, and every 20 s while something waits. */
export function useOutboxSender() {
  const items = useOutbox();
  const waiting = items.some((i) => i.status === 'waiting');
  useEffect(() => {
    const online = () => void sendNow();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (navigator.onLine) void sendNow();
    }, 20_000);
    return () => clearInterval(timer);
  }, [waiting]);
}

export { ApiError };
