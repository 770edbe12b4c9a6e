// Server data of the field app: the signed-in inspector, duty, beat, tasks, catalogue, recent classes, figures,
// live task updates over SSE, and the patrol position sender.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../shared/api';
import type { CaseDetail, CaseList, CatalogueClass, CurrentUser } from '../shared/types';
import { currentFix, type Fix } from './position';

async function fetchMe(): Promise<CurrentUser | null> {
  try {
    const { user } = await api<{ user: CurrentUser }>('/api/auth/me');
    setCsrfToken(user.csrfToken);
    return user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: Infinity });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api<{ user: CurrentUser }>('/api/auth/login', { method: 'POST', body }),
    onSuccess: ({ user }) => {
      setCsrfToken(user.csrfToken);
      qc.setQueryData(['me'], user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/api/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      setCsrfToken(null);
      navigator.serviceWorker?.controller?.postMessage('clear-api-cache');
      qc.clear();
      qc.setQueryData(['me'], null);
    },
  });
}

export interface Duty {
  onDuty: boolean;
  since: string | null;
  lastPosition: { lng: number; lat: number; accuracy: number | null; at: string } | null;
  settings: { positionIntervalSeconds: number; trackRetentionDays: number; staleAfterSeconds: number };
}

export const useDuty = () => useQuery({ queryKey: ['duty'], queryFn: () => api<Duty>('/api/field/duty') });

export function useSetDuty() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (onDuty: boolean) => api<Duty>('/api/field/duty', { method: 'POST', body: { onDuty } }),
    onSuccess: (d) => qc.setQueryData(['duty'], d),
  });
}

export interface Beat {
  type: 'FeatureCollection';
  features: GeoJSON.Feature[];
  bbox: [number, number, number, number] | null;
  beats: { id: string; code: string; name: string; gridCount: number }[];
}
export const useBeat = () => useQuery({ queryKey: ['beat'], queryFn: () => api<Beat>('/api/field/beat'), staleTime: 3600_000 });

export const useTasks = () =>
  useQuery({ queryKey: ['tasks'], queryFn: () => api<CaseList>('/api/cases', { query: { queue: 'tasks', pageSize: 100 } }), refetchInterval: 60_000 });

export const useCase = (id: string) => useQuery({ queryKey: ['case', id], queryFn: () => api<CaseDetail>(`/api/cases/${id}`) });

export const useCatalogue = () =>
  useQuery({ queryKey: ['catalogue'], queryFn: async () => (await api<{ classes: CatalogueClass[] }>('/api/catalogue')).classes, staleTime: Infinity });

export interface RecentClass {
  kind: 'component' | 'matter';
  code: string;
  nameZh: string;
  nameEn: string;
}
export const useRecentClasses = () => useQuery({ queryKey: ['recent-classes'], queryFn: async () => (await api<{ items: RecentClass[] }>('/api/field/recent-classes')).items });

export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
export interface Stats {
  period: { label: string };
  reports: number;
  validReports: number;
  validReportRate: Rate;
  verifyOnTimeRate: Rate;
  checkOnTimeRate: Rate;
  openTasks: number;
}
export const useStats = () => useQuery({ queryKey: ['stats'], queryFn: () => api<Stats>('/api/field/stats') });

/** Tasks sent to me arrive over Server-Sent Events; the list refreshes at once. */
export function useLiveTasks(enabled: boolean): boolean {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events');
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('case', () => {
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['case'] });
    });
    return () => es.close();
  }, [enabled, qc]);
  return live;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

const TRACK_KEY = 'wangge.field.trackBuffer';

/**
 * While on duty: takes a position every N seconds and sends it; positions taken offline wait in a buffer
 * (kept in localStorage, at most 500) and go in one batch when the network returns.
 */
export function usePatrol(onDuty: boolean, intervalSeconds: number): { last: Fix | null; error: string | null } {
  const [last, setLast] = useState<Fix | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sending = useRef(false);
  useEffect(() => {
    if (!onDuty) return;
    let stopped = false;
    const tick = async () => {
      try {
        const fix = await currentFix(Math.min(15_000, intervalSeconds * 1000));
        if (stopped) return;
        setLast(fix);
        setError(null);
        const buffer: Fix[] = JSON.parse(localStorage.getItem(TRACK_KEY) ?? '[]');
        buffer.push(fix);
        localStorage.setItem(TRACK_KEY, JSON.stringify(buffer.slice(-500)));
      } catch (e) {
        setError((e as Error).message || 'geolocation');
      }
      if (sending.current || !navigator.onLine) return;
      sending.current = true;
      try {
        const buffer: Fix[] = JSON.parse(localStorage.getItem(TRACK_KEY) ?? '[]');
        if (buffer.length) {
          await api('/api/field/positions', { method: 'POST', body: { positions: buffer.map((f) => ({ lng: f.lng, lat: f.lat, crs: f.crs, accuracy: f.accuracy ?? undefined, at: f.at })) } });
          const rest: Fix[] = JSON.parse(localStorage.getItem(TRACK_KEY) ?? '[]');
          localStorage.setItem(TRACK_KEY, JSON.stringify(rest.slice(buffer.length)));
        }
      } catch (e) {
        // Off duty on the server (switched elsewhere): the buffer is of no use.
        if (e instanceof ApiError && e.code === 'NOT_ON_DUTY') localStorage.removeItem(TRACK_KEY);
      } finally {
        sending.current = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), intervalSeconds * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [onDuty, intervalSeconds]);
  return { last, error };
}
