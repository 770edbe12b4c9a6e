// The special-campaign API in the browser: types from the server's schemas (type-only) and the queries of the screens.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignBoard, CampaignInput } from '../../../../src/server/campaigns/campaigns.schema';
import { api } from '../../shared/api';
import type { Role } from '../../shared/types';

export type { Campaign, CampaignBoard, CampaignInput };
export type CampaignCase = { id: string; number: string; kind: string; classCode: string; className: string; classNameEn: string; state: string; locationText: string; streetName: string | null; departmentName: string | null; departmentNameEn: string | null; createdAt: string; closedAt: string | null; handleDeadline: string | null; handleLimit: { amount: number; unit: string } | null; overdue: boolean; taggedBasis: string };
export type CaseFilter = 'all' | 'open' | 'closed' | 'overdue' | 'recurrent';
export interface PhotoWallItem {
  caseId: string;
  number: string;
  className: string;
  classNameEn: string;
  locationText: string;
  reportedAt: string;
  closedAt: string;
  before: { id: string; url: string; thumbUrl: string };
  after: { id: string; url: string; thumbUrl: string };
}

/** Who may set campaigns up (the API checks again: campaign.write). */
export const CAMPAIGN_WRITERS: readonly Role[] = ['chief', 'leader', 'admin'];
/** Who may export the daily report (campaign.export). */
export const CAMPAIGN_EXPORTERS: readonly Role[] = ['operator', 'chief', 'dispatcher', 'leader', 'admin'];

const LIVE = { staleTime: 30_000, refetchInterval: 120_000 } as const;

export function useCampaigns(archived: boolean) {
  return useQuery({ queryKey: ['campaigns', 'list', archived], queryFn: () => api<{ items: Campaign[] }>('/api/campaigns', { query: { archived } }), ...LIVE });
}

export function useCampaignBoard(id: string) {
  return useQuery({ queryKey: ['campaigns', 'board', id], queryFn: () => api<CampaignBoard>(`/api/campaigns/${id}`), ...LIVE });
}

export function useCampaignCases(id: string, filter: CaseFilter, page: number, streetCode?: string) {
  return useQuery({
    queryKey: ['campaigns', 'cases', id, filter, page, streetCode],
    queryFn: () => api<{ items: CampaignCase[]; total: number }>(`/api/campaigns/${id}/cases`, { query: { filter, page, pageSize: 10, streetCode } }),
    placeholderData: keepPreviousData,
  });
}

export function usePhotoWall(id: string) {
  return useQuery({ queryKey: ['campaigns', 'photos', id], queryFn: () => api<{ items: PhotoWallItem[] }>(`/api/campaigns/${id}/photos`, { query: { limit: 12 } }) });
}

export function useCaseCampaigns(caseId: string) {
  return useQuery({ queryKey: ['campaigns', 'case', caseId], queryFn: () => api<{ items: { id: string; name: string; nameEn: string; basis: string; status: Campaign['status'] }[] }>(`/api/cases/${caseId}/campaigns`) });
}

export function useSaveCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CampaignInput & { archived?: boolean; expectedVersion?: number } }) =>
      api<Campaign>(id ? `/api/campaigns/${id}` : '/api/campaigns', { method: id ? 'PUT' : 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

/** 0.9134 → "91.34%"; null → "—". */
export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
