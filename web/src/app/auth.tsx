import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, onUnauthorized, toApiError, unwrap } from '../api/client';
import type { Me, RegionRef } from '../api/types';

export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  const result = await api.GET('/api/auth/me');
  if (result.response.status === 401) return null;
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.error, result.response);
  return result.data as Me;
}

interface AuthValue {
  user: Me | null;
  loading: boolean;
  error: unknown;
  refetch: () => void;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
  /** The regions the user's data scope starts from (tree roots for pickers and the explorer). */
  scopeRoots: RegionRef[];
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 5 * 60_000 });

  // A 401 from any business endpoint means the session is gone: back to the login page.
  useEffect(() => {
    onUnauthorized(() => {
      queryClient.setQueryData(ME_KEY, null);
      if (window.location.pathname !== '/login') {
        const next = window.location.pathname + window.location.search;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      }
    });
    return () => onUnauthorized(null);
  }, [navigate, queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const { user } = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, user);
      return user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout');
    } finally {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    }
  }, [navigate, queryClient]);

  const user = me.data ?? null;
  const value = useMemo<AuthValue>(() => {
    const permissions = new Set(user?.permissions ?? []);
    let scopeRoots: RegionRef[] = [];
    if (user) {
      scopeRoots = user.scope.kind === 'custom' && user.scope.regions.length > 0 ? user.scope.regions : [user.homeRegion];
    }
    return {
      user,
      loading: me.isPending,
      error: me.error,
      refetch: () => void me.refetch(),
      login,
      logout,
      can: (permission: string) => permissions.has(permission) || permissions.has('*'),
      scopeRoots,
    };
  }, [user, me.isPending, me.error, me.refetch, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
