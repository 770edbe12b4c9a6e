// Queries and changes of the notification centre, kept fresh by the live stream (see live.ts: `event: notification`).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';

export interface Notification {
  id: number;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  title: string;
  body: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  link: string | null;
  urgent: boolean;
  createdAt: string;
  readAt: string | null;
}

export type Channel = 'inApp' | 'sms' | 'email' | 'webhook';

export interface Preferences {
  kinds: { kind: string; labelZh: string; labelEn: string; defaults: Channel[]; urgent: boolean; channels: Channel[] }[];
  quietHours: { start: string; end: string } | null;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  phone: string | null;
  lang: 'zh' | 'en';
  available: { sms: boolean; email: boolean; webhook: boolean };
}

export const NOTIFY_KEY = ['notifications'] as const;

export function useNotifications(opts: { unread?: boolean; limit?: number } = {}) {
  return useQuery({
    queryKey: [...NOTIFY_KEY, 'list', opts.unread ?? false, opts.limit ?? 30],
    queryFn: () => api<{ items: Notification[]; unread: number }>('/api/notifications', { query: { unread: opts.unread ? 'true' : undefined, limit: opts.limit ?? 30 } }),
    refetchInterval: 120_000,
  });
}

/** Unread alerts (突发事件): what the banner shows. */
export function useUrgentAlerts() {
  return useQuery({
    queryKey: [...NOTIFY_KEY, 'urgent'],
    queryFn: () => api<{ items: Notification[]; unread: number }>('/api/notifications', { query: { unread: 'true', urgent: 'true', limit: 20 } }),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[] | 'all') => api<{ changed: number; unread: number }>('/api/notifications/read', { method: 'POST', body: ids === 'all' ? { all: true } : { ids } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: NOTIFY_KEY }),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: [...NOTIFY_KEY, 'prefs'], queryFn: () => api<Preferences>('/api/notifications/preferences') });
}
