// Queries and changes of the administration screens. Every change says in the current language whether it worked
// (the server's own message when not) and refreshes what it changed, here and in the rest of the console.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { api, ApiError, errorText } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { AdminClass, AdminUser, AuditEntry, Beat, Rule, WorkflowSettings } from './types';
import { useAdminI18n } from './messages';

export const KEYS = {
  users: ['admin', 'users'] as const,
  rules: ['admin', 'rules'] as const,
  workflow: ['admin', 'workflow'] as const,
  beats: ['admin', 'beats'] as const,
  audit: ['admin', 'audit'] as const,
  // Shared with the rest of the console (pickers, dispatch suggestions), so a change shows there too.
  departments: ['departments'] as const,
  catalogue: ['catalogue'] as const,
  inspectors: ['inspectors'] as const,
};

export function useUsers() {
  return useQuery({ queryKey: KEYS.users, queryFn: () => api<AdminUser[]>('/api/users') });
}

export function useRules() {
  return useQuery({ queryKey: KEYS.rules, queryFn: () => api<Rule[]>('/api/admin/responsibility') });
}

/** The whole catalogue with every class column (the console's useCatalogue keeps the same cache entry). */
export function useAdminCatalogue() {
  return useQuery({ queryKey: KEYS.catalogue, queryFn: async () => (await api<{ classes: AdminClass[] }>('/api/catalogue')).classes, staleTime: 10 * 60_000 });
}

export function useWorkflowSettings() {
  return useQuery({ queryKey: KEYS.workflow, queryFn: () => api<WorkflowSettings>('/api/admin/settings/workflow') });
}

export function useBeats() {
  return useQuery({ queryKey: KEYS.beats, queryFn: () => api<Beat[]>('/api/admin/beats') });
}

export function useAudit(limit: number) {
  return useQuery({ queryKey: [...KEYS.audit, limit], queryFn: () => api<AuditEntry[]>('/api/admin/audit', { query: { limit } }) });
}

/** The server's message, with its detail (which fields, which calendar days) when it gave one. */
export function apiErrorText(err: unknown, lang: Lang): string {
  const text = errorText(err, lang);
  return err instanceof ApiError && err.detail && (err.code === 'VALIDATION_FAILED' || err.code === 'INVALID_CALENDAR') ? `${text}：${err.detail}` : text;
}

/** What a change returns when the form holds nothing new: nothing is sent, so nothing is audited. */
export const NO_CHANGE = Symbol('no change');

/** The fields of `after` that differ from `before` (a patch that names exactly what changed). */
export function changedFields<T extends object>(before: object, after: T): Partial<T> {
  const was = before as Record<string, unknown>;
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(was[k] ?? null))) as Partial<T>;
}

/** Sends a patch, or nothing when it is empty. */
export function patchIfChanged(path: string, patch: object): Promise<unknown> {
  return Object.keys(patch).length ? api(path, { method: 'PATCH', body: patch }) : Promise.resolve(NO_CHANGE);
}

/**
 * A change through the administration API. On success: a message, the listed queries refreshed (the audit trail
 * always). On failure: the server's message as a toast, unless the form shows it itself (`toastError: false`).
 */
export function useAdminMutation<TVars, TResult = unknown>(opts: {
  mutationFn: (vars: TVars) => Promise<TResult>;
  invalidate: QueryKey[];
  success: string | ((result: TResult, vars: TVars) => string);
  onSuccess?: (result: TResult, vars: TVars) => void;
  toastError?: boolean;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { lang, t } = useAdminI18n();
  return useMutation({
    mutationFn: opts.mutationFn,
    onSuccess: async (result, vars) => {
      if ((result as unknown) === NO_CHANGE) {
        message.info(t('admin.noChanges'));
        opts.onSuccess?.(result, vars);
        return;
      }
      message.success(typeof opts.success === 'string' ? opts.success : opts.success(result, vars));
      opts.onSuccess?.(result, vars);
      await Promise.all([...opts.invalidate, KEYS.audit].map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    onError: (err) => {
      if (opts.toastError !== false) message.error(apiErrorText(err, lang));
    },
  });
}
