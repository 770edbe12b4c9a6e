// Types of the petitions API (from the server's schemas) and the queries of the petition screens.
import { useQuery } from '@tanstack/react-query';
import type { PetitionLimits } from '../../../../src/domain/petition/limits';
import type {
  PetitionDetail,
  PetitionQueue,
  PetitionSummary,
  ReceptionDay,
  ReceptionTask,
} from '../../../../src/server/petitions/petitions.schema';
import { api } from '../../shared/api';
import type { CurrentUser } from '../../shared/types';

export type { PetitionDetail, PetitionLimits, PetitionQueue, PetitionSummary, ReceptionDay, ReceptionTask };
export type PetitionEvent = PetitionDetail['events'][number];

export interface PetitionList {
  items: PetitionSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PetitionStats {
  queues: Record<PetitionQueue, number>;
  byChannel: Record<string, number>;
  satisfaction: Record<'satisfied' | 'basic' | 'unsatisfied', number>;
}

export interface Appointment {
  id: string;
  dayId: string;
  seq: number;
  subject: string;
  peopleCount: number;
  status: 'booked' | 'visited' | 'no_show' | 'cancelled';
  channel: 'portal' | 'staff';
  createdAt: string;
  name: string | null;
  phone: string | null;
  petitionId: string | null;
  petitionNumber: string | null;
}

export interface ReceptionDayDetail {
  day: ReceptionDay;
  appointments: Appointment[];
  visits: PetitionSummary[];
  tasks: ReceptionTask[];
}

export const QUEUE_ORDER: PetitionQueue[] = ['registered', 'accepted', 'handling', 'replied', 'reviewing', 'overdue', 'done', 'routed_out', 'not_accepted', 'all'];

const has = (u: Pick<CurrentUser, 'roles'>, ...roles: string[]) => roles.some((r) => (u.roles as string[]).includes(r));
/** Petition staff (信访工作人员): register, decide, assign; the only ones who see petitioners. */
export const isPetitionStaff = (u: Pick<CurrentUser, 'roles'>) => has(u, 'petition');
/** Who reads the register: petition staff, leaders, departments (their assigned items). */
export const readsPetitions = (u: Pick<CurrentUser, 'roles'>) => has(u, 'petition', 'leader', 'department');
export const maySetLimits = (u: Pick<CurrentUser, 'roles'>) => has(u, 'petition', 'admin');

export function usePetition(id: string | undefined) {
  return useQuery({ queryKey: ['petition', id], queryFn: () => api<PetitionDetail>(`/api/petitions/${encodeURIComponent(id!)}`), enabled: !!id });
}

export function usePetitionStats(enabled = true) {
  return useQuery({ queryKey: ['petition-stats'], queryFn: () => api<PetitionStats>('/api/petitions/stats'), refetchInterval: 60_000, enabled });
}

export function usePetitionLimits() {
  return useQuery({ queryKey: ['petition-limits'], queryFn: () => api<PetitionLimits>('/api/petitions/settings'), staleTime: 5 * 60_000 });
}

export function useReceptionDays(from: string, to: string) {
  return useQuery({ queryKey: ['reception-days', from, to], queryFn: () => api<{ items: ReceptionDay[] }>('/api/reception/days', { query: { from, to } }) });
}

export function useReceptionDay(id: string | undefined) {
  return useQuery({ queryKey: ['reception-day', id], queryFn: () => api<ReceptionDayDetail>(`/api/reception/days/${id}`), enabled: !!id });
}

export function useReceptionTasks(status: 'open' | 'done' | 'all') {
  return useQuery({ queryKey: ['reception-tasks', status], queryFn: () => api<{ items: ReceptionTask[] }>('/api/reception/tasks', { query: { status } }) });
}
