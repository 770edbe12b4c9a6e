// The plan-supervision API in the browser: types from the server's schemas (type-only) and the queries.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board, TaskDetail, TaskSummary } from '../../../../src/server/plan/plan.schema';
import type { TaskStatus } from '../../../../src/domain/plan/progress';
import { api } from '../../shared/api';

export type { Board, TaskDetail, TaskStatus, TaskSummary };
export const TASK_STATUSES: TaskStatus[] = ['overdue', 'lagging', 'on_track', 'done'];

/** Status colours; always shown with an icon and the word. */
export const STATUS_COLORS: Record<TaskStatus, { fg: string; bg: string; border: string }> = {
  done: { fg: '#1a7f37', bg: '#e8f5ec', border: '#8fd3a5' },
  on_track: { fg: '#1d4f91', bg: '#e8f0fb', border: '#9dbbe6' },
  lagging: { fg: '#9a6700', bg: '#fff5d6', border: '#f0c75e' },
  overdue: { fg: '#c62828', bg: '#fdecec', border: '#f19a9a' },
};

export interface PlanItem {
  id: string;
  code: string;
  title: string;
  year: number;
  rollUp: Board['plan']['rollUp'];
}

export function usePlans() {
  return useQuery({ queryKey: ['plan', 'plans'], queryFn: () => api<{ items: PlanItem[]; canImport: boolean }>('/api/plan/plans') });
}

export function useBoard(planId: string | undefined, f: { department?: string; status?: string }) {
  return useQuery({ queryKey: ['plan', 'board', planId, f], enabled: !!planId, queryFn: () => api<Board>(`/api/plan/plans/${planId}/board`, { query: f }) });
}

export function useTask(id: string) {
  return useQuery({ queryKey: ['plan', 'task', id], queryFn: () => api<TaskDetail>(`/api/plan/tasks/${id}`) });
}

export function useMeasures() {
  return useQuery({ queryKey: ['plan', 'measures'], queryFn: () => api<{ key: string; name: string; nameEn: string; unit: string; needsCampaign: boolean }[]>('/api/plan/measures') });
}

export function usePlanMutation<V>(fn: (v: V) => Promise<TaskDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (d) => {
      qc.setQueryData(['plan', 'task', d.task.id], d);
      void qc.invalidateQueries({ queryKey: ['plan', 'board'] });
      void qc.invalidateQueries({ queryKey: ['plan', 'plans'] });
    },
  });
}

/** A number in the task's unit, grouped (12,000), at most two decimals. */
export function fmtValue(v: number | null, unit: string, lang: string): string {
  if (v === null) return '—';
  const n = new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 2 }).format(v);
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

/** What the milestone curve asks today, rounded as people count it (whole units for targets of ten and more). */
export function roundExpected(v: number, target: number): number {
  return target >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}
