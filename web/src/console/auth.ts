// The signed-in user: GET /api/auth/me (null when signed out), sign-in and sign-out, and what the user's roles may do.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../shared/api';
import type { CurrentUser, Meta, Role } from '../shared/types';

async function fetchMe(): Promise<CurrentUser | null> {
  try {
    const { user } = await api<{ user: CurrentUser }>('/api/auth/me');
    setCsrfToken(user.csrfToken);
    return user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: Infinity });
}

/** The signed-in user; only used below the sign-in guard. */
export function useUser(): CurrentUser {
  const { data } = useMe();
  if (!data) throw new Error('useUser without a signed-in user');
  return data;
}

export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: () => api<Meta>('/api/meta'), staleTime: Infinity });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api<{ user: CurrentUser }>('/api/auth/login', { method: 'POST', body }),
    onSuccess: ({ user }) => {
      setCsrfToken(user.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/api/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(['me'], null);
    },
  });
}

export const hasRole = (u: Pick<CurrentUser, 'roles'>, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));

/** Roles that may report a case through the intake form (case.create in the access policy). */
export const canCreate = (u: CurrentUser) => hasRole(u, 'operator', 'chief', 'dispatcher');
/** Roles that see the whole district (command map of everything, search across departments). */
export const seesAll = (u: CurrentUser) => hasRole(u, 'operator', 'chief', 'dispatcher', 'leader', 'admin');
export const canExport = (u: CurrentUser) => hasRole(u, 'operator', 'chief', 'dispatcher', 'leader', 'admin', 'department');
