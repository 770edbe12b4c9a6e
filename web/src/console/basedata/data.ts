// Queries and changes of the base data screens. Every change says in the current language whether it worked (the
// server's own message and its details when not) and refreshes what it changed here and in the rest of the console.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { api, ApiError, errorText } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import { useBdI18n } from './messages';
import type { BaseLayer, ImportListItem, ImportPreview, RecordDetail, RecordRow, Version } from './types';

export const KEYS = {
  records: ['basedata', 'records'] as const,
  record: ['basedata', 'record'] as const,
  imports: ['basedata', 'imports'] as const,
  versions: ['basedata', 'versions'] as const,
  components: ['components'] as const,
  gazetteer: ['gazetteer'] as const,
  // Shared with the maps and pickers of the whole console.
  geo: ['geo'] as const,
  beats: ['admin', 'beats'] as const,
  basemap: ['basemap'] as const,
};

/** Every query that shows base data: after a version they all reload. */
export const BASEDATA_CHANGED: QueryKey[] = [KEYS.records, KEYS.record, KEYS.imports, KEYS.versions, KEYS.geo, KEYS.beats, KEYS.components];

export function useRecords(layer: BaseLayer, q: { q?: string; streetCode?: string; communityCode?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...KEYS.records, layer, q],
    queryFn: () => api<{ total: number; items: RecordRow[] }>(`/api/basedata/records/${layer}`, { query: q }),
    placeholderData: (prev) => prev,
  });
}

export function useRecord(layer: BaseLayer | undefined, code: string | undefined) {
  return useQuery({
    queryKey: [...KEYS.record, layer, code],
    queryFn: () => api<RecordDetail>(`/api/basedata/records/${layer}/${code}`),
    enabled: !!layer && !!code,
  });
}

export function useVersions() {
  return useQuery({ queryKey: KEYS.versions, queryFn: () => api<Version[]>('/api/basedata/versions', { query: { limit: 200 } }) });
}

export function useImports() {
  return useQuery({ queryKey: KEYS.imports, queryFn: () => api<ImportListItem[]>('/api/basedata/imports', { query: { limit: 30 } }) });
}

export function useImport(id: string | null) {
  return useQuery({ queryKey: [...KEYS.imports, id], queryFn: () => api<ImportPreview>(`/api/basedata/imports/${id}`), enabled: !!id });
}

/** The server's message, with the problems it listed (which rows, which records) when it gave them. */
export function apiErrorText(err: unknown, lang: Lang): string {
  const text = errorText(err, lang);
  if (!(err instanceof ApiError)) return text;
  const fields = (err.fields ?? []).slice(0, 5).map((f) => `${f.path}: ${pickLang(f.message, lang)}`);
  if (fields.length) return `${text}：${fields.join('；')}${(err.fields?.length ?? 0) > 5 ? ' …' : ''}`;
  return err.detail && err.code === 'VALIDATION_FAILED' ? `${text}：${err.detail}` : text;
}

/** Server messages are often "中文 / English": the half in the current language. */
export function pickLang(message: string, lang: Lang): string {
  const i = message.lastIndexOf(' / ');
  if (i < 0) return message;
  return lang === 'en' ? message.slice(i + 3) : message.slice(0, i);
}

/**
 * A change through the API: on success a message and the listed queries refreshed; on failure the server's message as
 * a toast, unless the dialog shows it itself (`toastError: false`).
 */
export function useBdMutation<TVars, TResult = unknown>(opts: {
  mutationFn: (vars: TVars) => Promise<TResult>;
  invalidate: QueryKey[];
  success?: string | ((result: TResult, vars: TVars) => string);
  onSuccess?: (result: TResult, vars: TVars) => void;
  toastError?: boolean;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { lang } = useBdI18n();
  return useMutation({
    mutationFn: opts.mutationFn,
    onSuccess: async (result, vars) => {
      if (opts.success) message.success(typeof opts.success === 'string' ? opts.success : opts.success(result, vars));
      opts.onSuccess?.(result, vars);
      await Promise.all(opts.invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    onError: (err) => {
      if (opts.toastError !== false) message.error(apiErrorText(err, lang));
    },
  });
}

/** Sends a file with text fields as multipart/form-data. */
export function uploadForm<T>(path: string, files: Record<string, File>, fields: Record<string, string | number | boolean | undefined | null>): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null && v !== '') form.append(k, String(v));
  for (const [k, f] of Object.entries(files)) form.append(k, f, f.name);
  return api<T>(path, { method: 'POST', body: form });
}

/** The bounding box of any GeoJSON geometry, for fitting the map to it. */
export function bboxOfGeometry(g: GeoJSON.Geometry | null | undefined): [number, number, number, number] | null {
  if (!g) return null;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk((g as { coordinates?: unknown }).coordinates);
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}
