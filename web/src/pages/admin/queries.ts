import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const rolesQuery = queryOptions({
  queryKey: ['admin', 'roles'],
  queryFn: async () => (await unwrap(api.GET('/api/admin/roles'))).items,
});

export const permissionsQuery = queryOptions({
  queryKey: ['admin', 'permissions'],
  queryFn: async () => (await unwrap(api.GET('/api/admin/permissions'))).items,
  staleTime: 10 * 60_000,
});
