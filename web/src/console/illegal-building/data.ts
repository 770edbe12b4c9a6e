// The illegal building register API in the browser: types from the server's schemas (type-only) and the queries.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BuildingDetail, BuildingSummary, TargetsBoard } from '../../../../src/server/illegal-building/illegal-building.schema';
import type { BuildingAction, BuildingState } from '../../../../src/domain/illegal-building/machine';
import { api } from '../../shared/api';
import type { Role } from '../../shared/types';

export type { BuildingAction, BuildingDetail, BuildingState, BuildingSummary, TargetsBoard };
export const BUILDING_STATES: BuildingState[] = ['found', 'filed', 'notice_served', 'deadline_passed', 'demolished', 'confiscated', 'retained', 'dismissed'];
export const BUILDING_TYPES = ['steel_shed', 'brick', 'simple_shed', 'rooftop', 'enclosure', 'other'] as const;
export const BUILDING_SOURCES = ['patrol', 'case', 'report', 'aerial', 'census', 'other'] as const;
export const DOC_TYPES = ['filing', 'notice', 'delivery', 'decision', 'penalty', 'other'] as const;

/** Colour of each state on the map and in tags (always shown with its name). */
export const STATE_COLORS: Record<BuildingState, string> = {
  found: '#d46b08',
  filed: '#d4a106',
  notice_served: '#1d63b8',
  deadline_passed: '#c62828',
  demolished: '#2e7d32',
  confiscated: '#00838f',
  retained: '#7b3fa0',
  dismissed: '#8c8c8c',
};

/** Who may register entries (illegal_building.write; departments within their own scope). */
export const BUILDING_WRITERS: readonly Role[] = ['operator', 'chief', 'admin', 'department'];

export interface BuildingFilters {
  q?: string;
  state?: string;
  stock?: string;
  type?: string;
  streetCode?: string;
  year?: number;
}

export function useBuildings(f: BuildingFilters, page: number) {
  return useQuery({
    queryKey: ['buildings', 'list', f, page],
    queryFn: () => api<{ items: BuildingSummary[]; total: number; totalAreaM2: number; totalDemolishedM2: number }>('/api/illegal-buildings', { query: { ...f, page, pageSize: 15 } }),
    placeholderData: keepPreviousData,
  });
}

export function useBuildingMap(f: BuildingFilters) {
  return useQuery({
    queryKey: ['buildings', 'map', f],
    queryFn: () => api<{ items: { id: string; code: string; lng: number; lat: number; state: BuildingState; stock: string; areaM2: number; footprint: [number, number][] | null }[] }>('/api/illegal-buildings/map', { query: { ...f } }),
    placeholderData: keepPreviousData,
  });
}

export function useBuilding(id: string) {
  return useQuery({ queryKey: ['buildings', 'one', id], queryFn: () => api<BuildingDetail>(`/api/illegal-buildings/${id}`) });
}

export function useTargets(year: number) {
  return useQuery({ queryKey: ['buildings', 'targets', year], queryFn: () => api<TargetsBoard>('/api/illegal-buildings/targets', { query: { year } }) });
}

export function useBuildingOfCase(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['buildings', 'by-case', caseId],
    queryFn: () => api<{ id: string | null; code: string | null; relation: string | null }>(`/api/illegal-buildings/by-case/${caseId}`),
    enabled,
  });
}

/** Any write to the register: refreshes every register query, and the case detail (links). */
export function useBuildingMutation<T, V>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['buildings'] });
      void qc.invalidateQueries({ queryKey: ['case'] });
    },
  });
}

export const m2 = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 1 });
