// Types and queries of the inspection screens; the shapes come from the server's zod schemas.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../shared/api';
import type {
  ConflictSchema,
  EntitySchema,
  InspectionDetailSchema,
  InspectionSummarySchema,
  PlanSchema,
  PoolMemberSchema,
  PublicDrawSchema,
} from '../../../../src/server/inspections/inspections.schema';
import type { Role } from '../../shared/types';

export type Plan = z.infer<typeof PlanSchema>;
export type Draw = z.infer<typeof PublicDrawSchema> & { inspectorNames: Record<string, string> };
export type Entity = z.infer<typeof EntitySchema>;
export type PoolMember = z.infer<typeof PoolMemberSchema>;
export type Conflict = z.infer<typeof ConflictSchema>;
export type InspectionSummary = z.infer<typeof InspectionSummarySchema>;
export type InspectionDetail = z.infer<typeof InspectionDetailSchema>;
export type Sector = Plan['sector'];
export const SECTOR_CODES: Sector[] = ['construction', 'gas', 'fire', 'food'];

/** Who sees the whole programme (the API says the same: inspection.read with scope all). */
export const CENTRE_ROLES: readonly Role[] = ['admin', 'chief', 'leader', 'dispatcher', 'operator'];
/** Who keeps plans, register and pool and runs the draws (inspection.manage). */
export const MANAGE_ROLES: readonly Role[] = ['admin', 'chief'];

export const KEYS = { all: ['inspections'] } as const;

export function usePlans(enabled = true) {
  return useQuery({ queryKey: [...KEYS.all, 'plans'], queryFn: () => api<Plan[]>('/api/inspections/plans'), enabled });
}
export function useDraw(id: string | null) {
  return useQuery({ queryKey: [...KEYS.all, 'draw', id], queryFn: () => api<Draw>(`/api/inspections/draws/${id}`), enabled: !!id });
}
export function useInspections(filter: { status?: string; planId?: string; mine?: boolean; offset: number }) {
  return useQuery({
    queryKey: [...KEYS.all, 'list', filter],
    queryFn: () => api<{ total: number; items: InspectionSummary[] }>('/api/inspections', { query: { status: filter.status, planId: filter.planId, mine: filter.mine ? 'true' : undefined, offset: filter.offset, limit: 50 } }),
  });
}
export function useInspection(id: string | null) {
  return useQuery({ queryKey: [...KEYS.all, 'one', id], queryFn: () => api<InspectionDetail>(`/api/inspections/${id}`), enabled: !!id });
}
export function useEntities(filter: { sector?: string; q?: string }, enabled = true) {
  return useQuery({ queryKey: [...KEYS.all, 'entities', filter], queryFn: () => api<{ total: number; items: Entity[] }>('/api/inspections/entities', { query: { ...filter, limit: 1000 } }), enabled });
}
export function usePool(enabled = true) {
  return useQuery({ queryKey: [...KEYS.all, 'pool'], queryFn: () => api<PoolMember[]>('/api/inspections/inspectors'), enabled });
}
export function useConflicts() {
  return useQuery({ queryKey: [...KEYS.all, 'conflicts'], queryFn: () => api<Conflict[]>('/api/inspections/conflicts') });
}
export function useCandidates(enabled: boolean) {
  return useQuery({
    queryKey: [...KEYS.all, 'candidates'],
    queryFn: () => api<{ id: string; displayName: string; username: string; departmentName: string | null }[]>('/api/inspections/candidates'),
    enabled,
  });
}
