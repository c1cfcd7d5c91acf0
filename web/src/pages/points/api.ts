// Queries and mutations of the points pages, typed from the generated OpenAPI client.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api/client';
import type { GetResult, PostBody } from '../../api/types';
import type { paths } from '../../api/schema';
import { notifyError, notifySuccess } from '../../components/notify';

export type Scheme = GetResult<'/api/points/schemes'>['items'][number];
export type SchemeKind = Scheme['kind'];
export type SchemeDetail = GetResult<'/api/points/schemes/{id}'>;
export type Item = SchemeDetail['items'][number];
export type SchemeVersion = GetResult<'/api/points/schemes/{id}/versions'>['items'][number];
export type Account = GetResult<'/api/points/accounts'>['items'][number];
export type AccountDetail = GetResult<'/api/points/accounts/{id}'>;
export type Movement = GetResult<'/api/points/accounts/{id}/passbook'>['items'][number];
export type MyAccount = GetResult<'/api/points/me'>['items'][number];
export type Posting = GetResult<'/api/points/postings'>['items'][number];
export type PostingDetail = GetResult<'/api/points/postings/{id}'>;
export type Notice = GetResult<'/api/points/notices'>['items'][number];
export type Objection = GetResult<'/api/points/objections'>['items'][number];
export type Leaderboard = GetResult<'/api/points/leaderboard'>;
export type LeaderRow = Leaderboard['items'][number];
export type PublishedList = GetResult<'/api/points/lists'>['items'][number];
export type Assessment = GetResult<'/api/points/assessments'>['items'][number];
export type Store = GetResult<'/api/points/stores'>['items'][number];
export type Product = GetResult<'/api/points/stores/{id}/products'>['items'][number];
export type Redemption = GetResult<'/api/points/redemptions'>['items'][number];
export type StoreReport = GetResult<'/api/points/stores/{id}/report'>;
export type ProposeBody = PostBody<'/api/points/postings'>;
export type ItemBody = PostBody<'/api/points/schemes/{id}/items'>;
export type PostingState = Posting['state'];

type Q<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer T } } } ? NonNullable<T> : never;

const KEY = 'points';

/** Today's month and year in China (UTC+8). */
export const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
export const thisYear = () => thisMonth().slice(0, 4);
export const lastMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** A fresh key for one create, reused by its retries (the server makes a retry happen once). */
export const newIdempotencyKey = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export const schemesQuery = () => queryOptions({ queryKey: [KEY, 'schemes'], queryFn: async () => (await unwrap(api.GET('/api/points/schemes'))).items, staleTime: 60_000 });
export const schemeQuery = (id: number) => queryOptions({ queryKey: [KEY, 'scheme', id], queryFn: () => unwrap(api.GET('/api/points/schemes/{id}', { params: { path: { id } } })) });
export const versionsQuery = (id: number) => queryOptions({ queryKey: [KEY, 'scheme', id, 'versions'], queryFn: async () => (await unwrap(api.GET('/api/points/schemes/{id}/versions', { params: { path: { id } } }))).items });
export const periodsQuery = (id: number) => queryOptions({ queryKey: [KEY, 'scheme', id, 'periods'], queryFn: async () => (await unwrap(api.GET('/api/points/schemes/{id}/periods', { params: { path: { id } } }))).items });

export const accountsQuery = (query: Q<'/api/points/accounts'>) =>
  queryOptions({ queryKey: [KEY, 'accounts', query], queryFn: () => unwrap(api.GET('/api/points/accounts', { params: { query } })), placeholderData: keepPreviousData });
export const accountQuery = (id: number) => queryOptions({ queryKey: [KEY, 'account', id], queryFn: () => unwrap(api.GET('/api/points/accounts/{id}', { params: { path: { id } } })) });
export const passbookQuery = (id: number, page: number, pageSize = 20) =>
  queryOptions({ queryKey: [KEY, 'passbook', id, page, pageSize], queryFn: () => unwrap(api.GET('/api/points/accounts/{id}/passbook', { params: { path: { id }, query: { page, pageSize } } })), placeholderData: keepPreviousData });
export const myAccountsQuery = () => queryOptions({ queryKey: [KEY, 'me'], queryFn: async () => (await unwrap(api.GET('/api/points/me'))).items });

export const postingsQuery = (query: Q<'/api/points/postings'>) =>
  queryOptions({ queryKey: [KEY, 'postings', query], queryFn: () => unwrap(api.GET('/api/points/postings', { params: { query } })), placeholderData: keepPreviousData });
export const postingQuery = (id: number) => queryOptions({ queryKey: [KEY, 'posting', id], queryFn: () => unwrap(api.GET('/api/points/postings/{id}', { params: { path: { id } } })) });
export const noticesQuery = (query: Q<'/api/points/notices'>) =>
  queryOptions({ queryKey: [KEY, 'notices', query], queryFn: () => unwrap(api.GET('/api/points/notices', { params: { query } })), placeholderData: keepPreviousData });
export const objectionsQuery = (status?: 'open' | 'upheld' | 'dismissed') =>
  queryOptions({ queryKey: [KEY, 'objections', status ?? ''], queryFn: () => unwrap(api.GET('/api/points/objections', { params: { query: { pageSize: 100, ...(status ? { status } : {}) } } })) });

export const leaderboardQuery = (query: Q<'/api/points/leaderboard'>) =>
  queryOptions({ queryKey: [KEY, 'leaderboard', query], queryFn: () => unwrap(api.GET('/api/points/leaderboard', { params: { query } })), placeholderData: keepPreviousData });
export const listsQuery = (query: Q<'/api/points/lists'>) =>
  queryOptions({ queryKey: [KEY, 'lists', query], queryFn: () => unwrap(api.GET('/api/points/lists', { params: { query } })), placeholderData: keepPreviousData });
export const assessmentsQuery = (query: Q<'/api/points/assessments'>) =>
  queryOptions({ queryKey: [KEY, 'assessments', query], queryFn: () => unwrap(api.GET('/api/points/assessments', { params: { query } })), placeholderData: keepPreviousData });

export const storesQuery = () => queryOptions({ queryKey: [KEY, 'stores'], queryFn: async () => (await unwrap(api.GET('/api/points/stores'))).items });
export const productsQuery = (storeId: number, includeInactive = false) =>
  queryOptions({ queryKey: [KEY, 'products', storeId, includeInactive], queryFn: async () => (await unwrap(api.GET('/api/points/stores/{id}/products', { params: { path: { id: storeId }, query: includeInactive ? { includeInactive: 'true' } : {} } }))).items });
export const redemptionsQuery = (query: Q<'/api/points/redemptions'>) =>
  queryOptions({ queryKey: [KEY, 'redemptions', query], queryFn: () => unwrap(api.GET('/api/points/redemptions', { params: { query } })), placeholderData: keepPreviousData });
export const storeReportQuery = (id: number, month: string) =>
  queryOptions({ queryKey: [KEY, 'report', id, month], queryFn: () => unwrap(api.GET('/api/points/stores/{id}/report', { params: { path: { id }, query: { month } } })) });

/**
 * A points mutation: shows the server's Chinese message on failure, a short success note, and
 * refreshes every points query (balances, ranks and lists move together).
 */
export function usePtMutation<V, R>(fn: (v: V) => Promise<R>, opts: { success?: string | ((r: R) => string); onDone?: (r: R) => void } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: [KEY] });
      const text = typeof opts.success === 'function' ? opts.success(r) : opts.success;
      if (text) notifySuccess(text);
      opts.onDone?.(r);
    },
    onError: (e) => notifyError(errorMessage(e)),
  });
}

export const ptApi = {
  propose: (body: ProposeBody, key: string) => unwrap(api.POST('/api/points/postings', { body, headers: { 'idempotency-key': key } })),
  approve: (ids: number[]) => unwrap(api.POST('/api/points/postings/approve', { body: { ids } })),
  reject: (ids: number[], reason: string) => unwrap(api.POST('/api/points/postings/reject', { body: { ids, reason } })),
  publish: (ids: number[]) => unwrap(api.POST('/api/points/postings/publish', { body: { ids } })),
  finalize: () => unwrap(api.POST('/api/points/postings/finalize')),
  reverse: (id: number, reason: string) => unwrap(api.POST('/api/points/postings/{id}/reverse', { params: { path: { id } }, body: { reason } })),
  object: (id: number, reason: string) => unwrap(api.POST('/api/points/postings/{id}/objections', { params: { path: { id } }, body: { reason } })),
  resolve: (id: number, decision: 'upheld' | 'dismissed', resolution: string) => unwrap(api.POST('/api/points/objections/{id}/resolve', { params: { path: { id } }, body: { decision, resolution } })),
  publishLists: (body: PostBody<'/api/points/lists/honor'>) => unwrap(api.POST('/api/points/lists/honor', { body })),
  civilized: (body: PostBody<'/api/points/lists/civilized'>) => unwrap(api.POST('/api/points/lists/civilized', { body })),
  updateScheme: (id: number, body: NonNullable<paths['/api/points/schemes/{id}']['patch']['requestBody']>['content']['application/json']) => unwrap(api.PATCH('/api/points/schemes/{id}', { params: { path: { id } }, body })),
  addItem: (id: number, body: ItemBody) => unwrap(api.POST('/api/points/schemes/{id}/items', { params: { path: { id } }, body })),
  updateItem: (id: number, itemId: number, body: NonNullable<paths['/api/points/schemes/{id}/items/{itemId}']['patch']['requestBody']>['content']['application/json']) =>
    unwrap(api.PATCH('/api/points/schemes/{id}/items/{itemId}', { params: { path: { id, itemId } }, body })),
  closePeriod: (id: number, key: string) => unwrap(api.POST('/api/points/schemes/{id}/periods/close', { params: { path: { id } }, body: { key } })),
  setup: () => unwrap(api.POST('/api/points/schemes/setup')),
  openAccounts: (schemeId: number, regionCode: string) => unwrap(api.POST('/api/points/accounts/open', { body: { schemeId, regionCode } })),
  updateAccount: (id: number, body: NonNullable<paths['/api/points/accounts/{id}']['patch']['requestBody']>['content']['application/json']) => unwrap(api.PATCH('/api/points/accounts/{id}', { params: { path: { id } }, body })),
  accrue: () => unwrap(api.POST('/api/points/seniority/accrue', { body: {} })),
  startAssessments: (body: PostBody<'/api/points/assessments/start'>) => unwrap(api.POST('/api/points/assessments/start', { body })),
  selfAssess: (id: number, scores: Record<string, number>) => unwrap(api.POST('/api/points/assessments/{id}/self', { params: { path: { id } }, body: { scores } })),
  rate: (id: number, score: number, comment?: string) => unwrap(api.POST('/api/points/assessments/{id}/ratings', { params: { path: { id } }, body: { score, ...(comment ? { comment } : {}) } })),
  closeRating: (id: number) => unwrap(api.POST('/api/points/assessments/{id}/close-rating', { params: { path: { id } } })),
  objectAssessment: (id: number, reason: string) => unwrap(api.POST('/api/points/assessments/{id}/objections', { params: { path: { id } }, body: { reason } })),
  superior: (id: number, scores: Record<string, number>) => unwrap(api.POST('/api/points/assessments/{id}/superior', { params: { path: { id } }, body: { scores } })),
  createStore: (body: PostBody<'/api/points/stores'>) => unwrap(api.POST('/api/points/stores', { body })),
  addProduct: (storeId: number, body: PostBody<'/api/points/stores/{id}/products'>) => unwrap(api.POST('/api/points/stores/{id}/products', { params: { path: { id: storeId } }, body })),
  updateProduct: (id: number, body: NonNullable<paths['/api/points/products/{id}']['patch']['requestBody']>['content']['application/json']) => unwrap(api.PATCH('/api/points/products/{id}', { params: { path: { id } }, body })),
  redeem: (body: PostBody<'/api/points/redemptions'>, key: string) => unwrap(api.POST('/api/points/redemptions', { body, headers: { 'idempotency-key': key } })),
  pickup: (id: number, code?: string) => unwrap(api.POST('/api/points/redemptions/{id}/pickup', { params: { path: { id } }, body: code ? { code } : {} })),
  cancelRedemption: (id: number, reason: string) => unwrap(api.POST('/api/points/redemptions/{id}/cancel', { params: { path: { id } }, body: { reason } })),
};
