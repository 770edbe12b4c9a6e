// Live updates: one EventSource on /api/events; each case event refreshes the queues, lists and the case itself.
import { useEffect, useState } from 'react';
import { useQueryClient, type Query } from '@tanstack/react-query';

export interface CaseEventMessage {
  type: 'case';
  caseId: string;
  number: string;
  action: string;
  state: string;
  departmentId: string | null;
  assigneeId: string | null;
  streetCode: string | null;
  at: string;
}

type Listener = (m: CaseEventMessage) => void;
const listeners = new Set<Listener>();

/** Screens with their own data (the command map) listen here instead of being invalidated on every event. */
export function onCaseEvent(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export interface NotificationPing {
  type: 'notification';
  ids: number[];
  urgent: boolean;
}
const notificationListeners = new Set<(p: NotificationPing) => void>();

/** The alert banner listens here to sound at once when an urgent notification arrives. */
export function onNotification(fn: (p: NotificationPing) => void): () => void {
  notificationListeners.add(fn);
  return () => notificationListeners.delete(fn);
}

export type LiveStatus = 'connecting' | 'live' | 'offline';

export function useLiveUpdates(enabled: boolean): LiveStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events');
    const touched = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Bursts (a bulk dispatch) become one refresh.
    const flush = () => {
      timer = undefined;
      const ids = new Set(touched);
      touched.clear();
      void qc.invalidateQueries({ queryKey: ['queues'] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ predicate: (q: Query) => q.queryKey[0] === 'case' && ids.has(String(q.queryKey[1])) });
    };
    es.onopen = () => setStatus('live');
    es.onerror = () => setStatus(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    // The user's own notifications (bell, alert banner): refetched at once.
    es.addEventListener('notification', (e) => {
      const ping = JSON.parse((e as MessageEvent<string>).data) as NotificationPing;
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      for (const l of notificationListeners) l(ping);
    });
    es.addEventListener('case', (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as CaseEventMessage;
      touched.add(m.caseId);
      touched.add(m.number);
      for (const l of listeners) l(m);
      timer ??= setTimeout(flush, 400);
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [enabled, qc]);
  return status;
}
