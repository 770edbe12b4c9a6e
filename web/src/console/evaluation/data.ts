// The evaluation API in the browser: types from the server's schemas (type-only), queries, period helpers, grade colours.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { CasesBehind, CasesBehindQuery, Dashboard, Ranking, RankingRow } from '../../../../src/server/evaluation/evaluation.schema';
import type { CountKey, EvaluationConfig, Grade, IndicatorKey, PeriodKind, ScopeKind } from '../../../../src/domain/evaluation';
import { api } from '../../shared/api';
import { shanghai } from '../../shared/time';
import type { CaseDetail } from '../../shared/types';

export type { CasesBehind, CountKey, Dashboard, EvaluationConfig, Grade, IndicatorKey, PeriodKind, Ranking, RankingRow, ScopeKind };
export type IndicatorColumn = Ranking['columns'][number];
export type IndicatorCell = RankingRow['indicators'][number];

export const PERIODS: PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year', 'custom'];
export const MAIN_SCOPES: ScopeKind[] = ['department', 'street', 'inspector'];
export const OTHER_SCOPES: ScopeKind[] = ['operator', 'chief', 'dispatcher', 'community', 'grid', 'class'];

/** What picks a period: its kind and a day inside it, or the first and last day of a custom one. */
export interface PeriodSel {
  period: PeriodKind;
  date?: string;
  from?: string;
  to?: string;
}

export function periodQuery(p: PeriodSel): Record<string, string | undefined> {
  return p.period === 'custom' ? { period: 'custom', from: p.from, to: p.to ?? p.from } : { period: p.period, date: p.date };
}

/** Today in Beijing time, YYYY-MM-DD. */
export function todayShanghai(): string {
  return shanghai(Date.now()).format('YYYY-MM-DD');
}

/** A calendar day (YYYY-MM-DD) as a dayjs for pickers, and back. */
export const dayOf = (s: string | undefined): Dayjs | null => (s ? dayjs(s, 'YYYY-MM-DD') : null);
export const dayStr = (d: Dayjs) => d.format('YYYY-MM-DD');

const EVAL = { staleTime: 30_000 } as const;

export function useRanking(scope: ScopeKind, p: PeriodSel, opts: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['evaluation', 'ranking', scope, periodQuery(p)],
    queryFn: () => api<Ranking>('/api/evaluation/rankings', { query: { scope, ...periodQuery(p) } }),
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === scope ? prev : undefined),
    ...EVAL,
  });
}

export interface BehindSel {
  scope: ScopeKind;
  id: string | null;
  indicator?: IndicatorKey;
  part?: 'numerator' | 'denominator';
  count?: CountKey;
  period: PeriodSel;
}

export function useCasesBehind(sel: BehindSel | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['evaluation', 'cases', sel, page, pageSize],
    queryFn: () => {
      const s = sel!;
      const query: Partial<Record<keyof CasesBehindQuery, string | number | undefined>> = {
        scope: s.scope,
        id: s.scope === 'all' ? undefined : (s.id ?? undefined),
        indicator: s.count ? undefined : s.indicator,
        part: s.count ? undefined : s.part,
        count: s.count,
        page,
        pageSize,
        ...periodQuery(s.period),
      };
      return api<CasesBehind>('/api/evaluation/cases', { query });
    },
    enabled: !!sel,
    placeholderData: (prev) => prev,
    ...EVAL,
  });
}

export function useDashboard(opts: { days?: number; overdueLimit?: number; refetchInterval?: number; enabled?: boolean } = {}) {
  const query = { days: opts.days ?? 30, overdueLimit: opts.overdueLimit ?? 20 };
  return useQuery({
    queryKey: ['evaluation', 'dashboard', query],
    queryFn: () => api<Dashboard>('/api/evaluation/dashboard', { query }),
    refetchInterval: opts.refetchInterval ?? 60_000,
    enabled: opts.enabled ?? true,
    ...EVAL,
  });
}

export function useEvaluationConfig() {
  return useQuery({ queryKey: ['evaluation', 'config'], queryFn: () => api<EvaluationConfig>('/api/evaluation/config'), staleTime: 10 * 60_000 });
}

/** 督办: a leader's note on an open case (POST /api/cases/:id/urge). */
export function useUrge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) => api<CaseDetail>(`/api/cases/${id}/urge`, { method: 'POST', body: { note } }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['evaluation', 'dashboard'] });
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
      void qc.invalidateQueries({ queryKey: ['case', c.number] });
    },
  });
}

// ------------------------------------------------------------------ display

/** Grades as colour AND letter: A dark green … E red (with white letters, ≥ 4.5:1 contrast). */
export const GRADE_COLORS: Record<Grade, string> = {
  A: '#1a7f37',
  B: '#1f6fb2',
  C: '#9a6700',
  D: '#c2410c',
  E: '#c62828',
};

export function fmtPercent(p: number | null | undefined, digits = 2): string {
  return p === null || p === undefined ? '—' : `${p.toFixed(digits)}%`;
}

export function fmtScore(s: number | null | undefined): string {
  return s === null || s === undefined ? '—' : s.toFixed(2);
}

/** The display name of a ranking row in the current language. */
export function rowName(r: { name: string; nameEn: string }, lang: 'zh' | 'en'): string {
  return lang === 'en' ? r.nameEn : r.name;
}

/** "2026-11" → 2026年11月 / November 2026. */
export function monthLabel(month: string, lang: 'zh' | 'en'): string {
  const d = dayjs(`${month}-01`);
  return lang === 'en' ? d.locale('en').format('MMMM YYYY') : `${d.year()}年${d.month() + 1}月`;
}
