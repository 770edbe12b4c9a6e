// The evaluation API in the browser: types from the server's schemas (type-only), queries, period helpers, grade colours.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { CasesBehind, CasesBehindQuery, Dashboard, MonthlyReport, Ranking, RankingRow } from '../../../../src/server/evaluation/evaluation.schema';
import type { FlowCountKey } from '../../../../src/server/evaluation/evaluation.tables';
import type { CountKey, EvaluationConfig, Grade, IndicatorKey, PeriodKind, ScopeKind } from '../../../../src/domain/evaluation';
import { api } from '../../shared/api';
import { shanghai } from '../../shared/time';
import type { CaseDetail } from '../../shared/types';

export type { CasesBehind, CountKey, Dashboard, EvaluationConfig, FlowCountKey, Grade, IndicatorKey, MonthlyReport, PeriodKind, Ranking, RankingRow, ScopeKind };
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
  count?: CountKey | FlowCountKey;
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

export function useDashboard(opts: { days?: number; overdueLimit?: number; urgentLimit?: number; refetchInterval?: number; enabled?: boolean } = {}) {
  const query = { days: opts.days ?? 30, overdueLimit: opts.overdueLimit ?? 20, urgentLimit: opts.urgentLimit ?? 20 };
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

/** Saves the evaluation settings (administrators); every ranking is counted again with them. */
export function useSaveEvaluationConfig() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (config: EvaluationConfig) => api<EvaluationConfig>('/api/evaluation/config', { method: 'PUT', body: config }),
    onSuccess: (c) => {
      qc.setQueryData(['evaluation', 'config'], c);
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
    },
  });
}

/** One month's report: every table and the month day by day (GET /api/evaluation/report). */
export function useMonthlyReport(month: string) {
  return useQuery({
    queryKey: ['evaluation', 'report', month],
    queryFn: () => api<MonthlyReport>('/api/evaluation/report', { query: { month } }),
    staleTime: 60_000,
  });
}

/** Where the browser downloads the report's Excel workbook from. */
export function reportXlsxUrl(month: string): string {
  return `/api/evaluation/report.xlsx?month=${encodeURIComponent(month)}`;
}

/** 督办 to a department: the note on each of its overdue cases (POST /api/evaluation/urge-department). */
export function useUrgeDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { departmentId: string; note: string }) => api<{ departmentId: string; urged: number; caseIds: string[] }>('/api/evaluation/urge-department', { method: 'POST', body: b }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['evaluation', 'dashboard'] }),
  });
}

/** What the campaigns module serves for the big screen (GET /api/campaigns/summary); rates are fractions 0–1. */
export interface CampaignSummary {
  id: string;
  name: string;
  nameEn: string;
  startDate: string;
  endDate: string;
  openCount: number;
  closedCount: number;
  reportedCount: number;
  targetClosureRate: number | null;
  closureRate: number | null;
  targetCount: number | null;
}

/**
 * The special campaigns' progress, or null while no campaigns module answers (404): the big screen then leaves the panel
 * out instead of showing an error.
 */
export function useCampaignSummary(opts: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['campaigns', 'summary'],
    queryFn: async (): Promise<CampaignSummary[] | null> => {
      const res = await fetch('/api/campaigns/summary', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`campaigns: ${res.status}`);
      const body = (await res.json()) as { campaigns?: CampaignSummary[] };
      return Array.isArray(body.campaigns) ? body.campaigns : null;
    },
    refetchInterval: opts.refetchInterval,
    enabled: opts.enabled ?? true,
    retry: false,
    staleTime: 10_000,
  });
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
