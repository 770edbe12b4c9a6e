// Types and queries of the sweeping screens; the shapes come from the server's zod schemas.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../shared/api';
import type { BoardSchema, RecordSchema, SegmentSchema } from '../../../../src/server/sweeping/sweeping.schema';

export type Board = z.infer<typeof BoardSchema>;
export type Segment = z.infer<typeof SegmentSchema>;
export type SweepRecord = z.infer<typeof RecordSchema>;

export const SWEEP_KEYS = { board: ['sweeping', 'board'], segments: ['sweeping', 'segments'], records: ['sweeping', 'records'] } as const;

export function useBoard(month: string | undefined) {
  return useQuery({ queryKey: [...SWEEP_KEYS.board, month ?? 'current'], queryFn: () => api<Board>('/api/sweeping/board', { query: { month } }) });
}

export function useSegments() {
  return useQuery({ queryKey: SWEEP_KEYS.segments, queryFn: () => api<Segment[]>('/api/sweeping/segments'), staleTime: 60_000 });
}

export function useRecords(filter: { street?: string; segmentId?: string; method?: string; from?: string; to?: string; offset: number }) {
  return useQuery({
    queryKey: [...SWEEP_KEYS.records, filter],
    queryFn: () => api<{ total: number; items: SweepRecord[] }>('/api/sweeping/records', { query: { ...filter, limit: 50 } }),
  });
}

/** 0.8734 → "87.34 %" */
export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)} %`);
/** m² → 10,000 m² with two decimals */
export const wan = (m2: number) => (m2 / 10_000).toFixed(2);
