// Queries and mutations of the work-order pages, typed from the generated OpenAPI client.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { GetResult, PostBody } from '../../api/types';
import type { paths } from '../../api/schema';

export type OrderSummary = GetResult<'/api/workorders'>['items'][number];
export type OrderDetail = GetResult<'/api/workorders/{id}'>;
export type Category = GetResult<'/api/workorders/categories'>['items'][number];
export type Unit = GetResult<'/api/workorders/units'>['items'][number];
export type Settings = GetResult<'/api/workorders/settings'>;
export type Rates = GetResult<'/api/workorders/rates'>;
export type RateRow = Rates['rows'][number];
export type Cockpit = GetResult<'/api/workorders/cockpit'>;
export type IntakeBody = PostBody<'/api/workorders'>;
export type Action = OrderDetail['allowedActions'][number];
export type Status = OrderSummary['status'];

export type ListQuery = NonNullable<paths['/api/workorders']['get']['parameters']['query']>;

export const ordersQuery = (query: ListQuery) =>
  queryOptions({
    queryKey: ['workorders', 'list', query],
    queryFn: () => unwrap(api.GET('/api/workorders', { params: { query } })),
  });

export const orderQuery = (id: number) =>
  queryOptions({
    queryKey: ['workorders', 'one', id],
    queryFn: () => unwrap(api.GET('/api/workorders/{id}', { params: { path: { id } } })),
  });

export const duplicatesQuery = (id: number) =>
  queryOptions({
    queryKey: ['workorders', 'duplicates', id],
    queryFn: () => unwrap(api.GET('/api/workorders/{id}/duplicates', { params: { path: { id } } })),
  });

export const categoriesQuery = (includeInactive = false) =>
  queryOptions({
    queryKey: ['workorders', 'categories', includeInactive],
    queryFn: () => unwrap(api.GET('/api/workorders/categories', { params: { query: includeInactive ? { includeInactive: 'true' } : {} } })),
    staleTime: 60_000,
  });

export const unitsQuery = () =>
  queryOptions({ queryKey: ['workorders', 'units'], queryFn: () => unwrap(api.GET('/api/workorders/units')), staleTime: 60_000 });

export const settingsQuery = () => queryOptions({ queryKey: ['workorders', 'settings'], queryFn: () => unwrap(api.GET('/api/workorders/settings')) });

export const ratesQuery = (month: string, level: 'town' | 'village', town?: string) =>
  queryOptions({
    queryKey: ['workorders', 'rates', month, level, town ?? ''],
    queryFn: () => unwrap(api.GET('/api/workorders/rates', { params: { query: { month, level, ...(town ? { town } : {}) } } })),
  });

export const rateOrdersQuery = (q: { month: string; region: string; metric: 'response' | 'resolution' | 'satisfaction' | 'all'; outcome?: 'pass' | 'fail'; page: number }) =>
  queryOptions({
    queryKey: ['workorders', 'rate-orders', q],
    queryFn: () => unwrap(api.GET('/api/workorders/rates/orders', { params: { query: { ...q, pageSize: 10 } } })),
  });

export const cockpitQuery = () =>
  queryOptions({ queryKey: ['workorders', 'cockpit'], queryFn: () => unwrap(api.GET('/api/workorders/cockpit')), refetchInterval: 60_000 });

/** URL segment of each action (POST /api/workorders/{id}/<segment>). */
export const ACTION_PATH: Record<Action, string> = {
  dispatch: 'dispatch',
  sign_for: 'sign',
  send_back: 'send-back',
  start: 'start',
  transfer: 'transfer',
  hand_over: 'hand-over',
  request_extension: 'extension',
  approve_extension: 'extension/approve',
  reject_extension: 'extension/reject',
  suspend: 'suspend',
  resume: 'resume',
  resolve: 'resolve',
  callback: 'callback',
  merge: 'merge',
  cancel: 'cancel',
  supervise: 'supervise',
  note: 'notes',
};

/** One action on an order; the body carries the version the user saw (a stale one gets 409). */
export function useOrderAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: Action; body: Record<string, unknown> }) =>
      // Every action route has the same parameters and answer; the path is chosen at run time.
      unwrap(api.POST(`/api/workorders/{id}/${ACTION_PATH[action]}` as '/api/workorders/{id}/notes', { params: { path: { id } }, body: body as never })),
    onSuccess: (order) => {
      qc.setQueryData(orderQuery(order.id).queryKey, order);
      void qc.invalidateQueries({ queryKey: ['workorders', 'list'] });
      void qc.invalidateQueries({ queryKey: ['workorders', 'duplicates'] });
    },
  });
}

export function useRate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, rating, comment }: { id: number; version: number; rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; comment?: string }) =>
      unwrap(api.POST('/api/workorders/{id}/rate', { params: { path: { id } }, body: { version, rating, ...(comment ? { comment } : {}) } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['workorders'] }),
  });
}

/** Photos go up one by one as base64 JSON (multipart is not installed on the server). */
export async function uploadPhoto(fileName: string, contentBase64: string) {
  return unwrap(api.POST('/api/workorders/attachments', { body: { fileName, contentBase64 } }));
}

export async function revealRequesters(id: number) {
  return unwrap(api.POST('/api/workorders/{id}/requesters/reveal', { params: { path: { id } } }));
}

export async function previewRoute(body: { lon?: number; lat?: number; regionCode?: string; categoryCode?: string }) {
  return unwrap(api.POST('/api/workorders/route', { body }));
}

export async function submitIntake(body: IntakeBody, idempotencyKey: string) {
  return unwrap(api.POST('/api/workorders', { params: { header: { 'idempotency-key': idempotencyKey } }, body }));
}

/** The current month in Beijing time, YYYY-MM. */
export function thisMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

// Informing requesters ----------------------------------------------------------------------

export type Notice = GetResult<'/api/workorders/notices'>['items'][number];
export type SmsOutbox = GetResult<'/api/workorders/sms-outbox'>;

export const noticesQuery = () =>
  queryOptions({ queryKey: ['workorders', 'notices'], queryFn: () => unwrap(api.GET('/api/workorders/notices', { params: { query: { limit: 30 } } })), refetchInterval: 60_000 });

export function useMarkNoticesRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => unwrap(api.POST('/api/workorders/notices/read', { body: ids ? { ids } : {} })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['workorders', 'notices'] }),
  });
}

export const smsOutboxQuery = (q: { status?: 'queued' | 'sent' | 'failed'; page: number }) =>
  queryOptions({ queryKey: ['workorders', 'sms', q], queryFn: () => unwrap(api.GET('/api/workorders/sms-outbox', { params: { query: { ...q, pageSize: 20 } } })) });

export const memberCandidatesQuery = (q: string) =>
  queryOptions({ queryKey: ['workorders', 'unit-candidates', q], queryFn: () => unwrap(api.GET('/api/workorders/units/candidates', { params: { query: q ? { q } : {} } })), staleTime: 30_000 });
