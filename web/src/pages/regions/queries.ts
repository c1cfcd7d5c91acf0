import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** The households of one villager group (a group holds tens of them; one page of 200 covers it). */
export const groupHouseholdsQuery = (code: string) =>
  queryOptions({
    queryKey: ['households', { region: code, page: 1, pageSize: 200 }],
    queryFn: () => unwrap(api.GET('/api/households', { params: { query: { region: code, page: 1, pageSize: 200 } } })),
  });
