// Shared reference data and case queries: departments, inspectors, the catalogue, filing conditions, one case.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { CaseDetail, CatalogueClass, Department, FilingCondition, Inspector } from '../../shared/types';

const REFERENCE = { staleTime: 10 * 60_000 } as const;

export function useDepartments() {
  return useQuery({ queryKey: ['departments'], queryFn: () => api<Department[]>('/api/departments'), ...REFERENCE });
}

export function useInspectors() {
  return useQuery({ queryKey: ['inspectors'], queryFn: () => api<Inspector[]>('/api/inspectors'), ...REFERENCE });
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: async () => (await api<{ classes: CatalogueClass[] }>('/api/catalogue')).classes,
    ...REFERENCE,
  });
}

export function useFilingConditions(kind: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: ['filing', kind, code],
    queryFn: () => api<FilingCondition[]>(`/api/catalogue/${kind}/${code}/filing-conditions`),
    enabled: !!kind && !!code,
    ...REFERENCE,
  });
}

/** One case by id or number; the key is what the URL holds, so live events can refresh it either way. */
export function useCase(id: string | undefined) {
  return useQuery({ queryKey: ['case', id], queryFn: () => api<CaseDetail>(`/api/cases/${encodeURIComponent(id!)}`), enabled: !!id });
}
