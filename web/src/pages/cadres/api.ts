// Queries and mutations of the leader-team pages (头雁), typed from the generated OpenAPI client.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api/client';
import type { GetResult } from '../../api/types';
import type { paths } from '../../api/schema';
import { notifyError, notifySuccess } from '../../components/notify';
import { useI18n } from '../../app/i18n';

export type Cadre = GetResult<'/api/cadres'>['items'][number];
export type CadreDetail = GetResult<'/api/cadres/{id}'>;
export type Card = GetResult<'/api/cadres/{id}/card'>;
export type MyRecord = GetResult<'/api/cadres/me'>;
export type Summary = GetResult<'/api/cadres/summary'>;
export type Plan = GetResult<'/api/cadre-plan'>;
export type SeedMember = GetResult<'/api/seed-pool'>['items'][number];
export type SeedDetail = GetResult<'/api/seed-pool/{id}'>;
export type SelectionRound = GetResult<'/api/selection-rounds'>['items'][number];
export type SelectionDetail = GetResult<'/api/selection-rounds/{id}'>;
export type CultivationPlan = GetResult<'/api/cultivation-plans'>['items'][number];
export type Batch = GetResult<'/api/recruitment-batches'>['items'][number];
export type BatchDetail = GetResult<'/api/recruitment-batches/{id}'>;
export type Program = GetResult<'/api/training/programs'>['items'][number];
export type ProgramDetail = GetResult<'/api/training/programs/{id}'>;
export type Session = GetResult<'/api/training/sessions'>['items'][number];
export type SessionDetail = GetResult<'/api/training/sessions/{id}'>;
export type Cycle = GetResult<'/api/training/forum-cycles'>['items'][number];
export type CycleDetail = GetResult<'/api/training/forum-cycles/{id}'>;
export type Check = GetResult<'/api/training/capacity-checks'>['items'][number];
export type Matter = GetResult<'/api/training/matters'>['items'][number];
export type PayScales = GetResult<'/api/pay-scales'>;
export type Payroll = GetResult<'/api/payroll'>;
export type EvalRound = GetResult<'/api/evaluation/rounds/{id}'>;
export type Subject = GetResult<'/api/evaluation/rounds/{id}/subjects'>['items'][number];
export type SubjectDetail = GetResult<'/api/evaluation/subjects/{id}'>;
export type Case = GetResult<'/api/fault-tolerance/cases'>['items'][number];
export type Scenarios = GetResult<'/api/fault-tolerance/scenarios'>;
export type Honors = GetResult<'/api/honors'>;
export type Vocabulary = GetResult<'/api/cadres/vocabulary'>;

export type CadreQuery = NonNullable<paths['/api/cadres']['get']['parameters']['query']>;

const K = 'cadres';

export const vocabularyQuery = () => queryOptions({ queryKey: [K, 'vocabulary'], queryFn: () => unwrap(api.GET('/api/cadres/vocabulary')), staleTime: Infinity });
export const cadresQuery = (query: CadreQuery) => queryOptions({ queryKey: [K, 'list', query], queryFn: () => unwrap(api.GET('/api/cadres', { params: { query } })) });
export const summaryQuery = (region?: string) => queryOptions({ queryKey: [K, 'summary', region ?? ''], queryFn: () => unwrap(api.GET('/api/cadres/summary', { params: { query: region ? { region } : {} } })) });
export const cadreQuery = (id: number) => queryOptions({ queryKey: [K, 'one', id], queryFn: () => unwrap(api.GET('/api/cadres/{id}', { params: { path: { id } } })) });
export const cardQuery = (id: number) => queryOptions({ queryKey: [K, 'card', id], queryFn: () => unwrap(api.GET('/api/cadres/{id}/card', { params: { path: { id } } })) });
export const meQuery = () => queryOptions({ queryKey: [K, 'me'], queryFn: () => unwrap(api.GET('/api/cadres/me')), retry: false });
export const payOfQuery = (id: number) => queryOptions({ queryKey: [K, 'pay', id], queryFn: () => unwrap(api.GET('/api/cadres/{id}/pay', { params: { path: { id } } })) });
export const planQuery = (q: { region?: string; year?: number }) => queryOptions({ queryKey: [K, 'plan', q], queryFn: () => unwrap(api.GET('/api/cadre-plan', { params: { query: q } })) });
export const seedPoolQuery = (q: { status?: SeedMember['status']; region?: string; page: number; pageSize: number }) => queryOptions({ queryKey: [K, 'seed', q], queryFn: () => unwrap(api.GET('/api/seed-pool', { params: { query: q } })) });
export const seedMemberQuery = (id: number) => queryOptions({ queryKey: [K, 'seed-one', id], queryFn: () => unwrap(api.GET('/api/seed-pool/{id}', { params: { path: { id } } })) });
export const roundsQuery = () => queryOptions({ queryKey: [K, 'rounds'], queryFn: () => unwrap(api.GET('/api/selection-rounds')) });
export const roundQuery = (id: number) => queryOptions({ queryKey: [K, 'round', id], queryFn: () => unwrap(api.GET('/api/selection-rounds/{id}', { params: { path: { id } } })) });
export const plansQuery = () => queryOptions({ queryKey: [K, 'cultivation'], queryFn: () => unwrap(api.GET('/api/cultivation-plans')) });
export const batchesQuery = () => queryOptions({ queryKey: [K, 'batches'], queryFn: () => unwrap(api.GET('/api/recruitment-batches')) });
export const batchQuery = (id: number) => queryOptions({ queryKey: [K, 'batch', id], queryFn: () => unwrap(api.GET('/api/recruitment-batches/{id}', { params: { path: { id } } })) });
export const programsQuery = (year?: number) => queryOptions({ queryKey: [K, 'programs', year ?? 0], queryFn: () => unwrap(api.GET('/api/training/programs', { params: { query: year ? { year } : {} } })) });
export const programQuery = (id: number) => queryOptions({ queryKey: [K, 'program', id], queryFn: () => unwrap(api.GET('/api/training/programs/{id}', { params: { path: { id } } })) });
export const sessionsQuery = (q: NonNullable<paths['/api/training/sessions']['get']['parameters']['query']>) => queryOptions({ queryKey: [K, 'sessions', q], queryFn: () => unwrap(api.GET('/api/training/sessions', { params: { query: q } })) });
export const sessionQuery = (id: number) => queryOptions({ queryKey: [K, 'session', id], queryFn: () => unwrap(api.GET('/api/training/sessions/{id}', { params: { path: { id } } })) });
export const cyclesQuery = () => queryOptions({ queryKey: [K, 'cycles'], queryFn: () => unwrap(api.GET('/api/training/forum-cycles')) });
export const cycleQuery = (id: number) => queryOptions({ queryKey: [K, 'cycle', id], queryFn: () => unwrap(api.GET('/api/training/forum-cycles/{id}', { params: { path: { id } } })) });
export const checksQuery = (q: { page: number; pageSize: number; cadreId?: number }) => queryOptions({ queryKey: [K, 'checks', q], queryFn: () => unwrap(api.GET('/api/training/capacity-checks', { params: { query: q } })) });
export const rubricQuery = () => queryOptions({ queryKey: [K, 'rubric'], queryFn: () => unwrap(api.GET('/api/training/capacity-rubric')), staleTime: Infinity });
export const creditsQuery = (q: { year: number; page: number; pageSize: number; region?: string }) => queryOptions({ queryKey: [K, 'credits', q], queryFn: () => unwrap(api.GET('/api/training/credits', { params: { query: q } })) });
export const mattersQuery = (q: NonNullable<paths['/api/training/matters']['get']['parameters']['query']>) => queryOptions({ queryKey: [K, 'matters', q], queryFn: () => unwrap(api.GET('/api/training/matters', { params: { query: q } })) });
export const payScalesQuery = () => queryOptions({ queryKey: [K, 'pay-scales'], queryFn: () => unwrap(api.GET('/api/pay-scales')) });
export const payrollQuery = (month: string, region?: string) => queryOptions({ queryKey: [K, 'payroll', month, region ?? ''], queryFn: () => unwrap(api.GET('/api/payroll', { params: { query: { month, ...(region ? { region } : {}) } } })) });
export const evalRoundsQuery = () => queryOptions({ queryKey: [K, 'eval-rounds'], queryFn: () => unwrap(api.GET('/api/evaluation/rounds')) });
export const evalRoundQuery = (id: number) => queryOptions({ queryKey: [K, 'eval-round', id], queryFn: () => unwrap(api.GET('/api/evaluation/rounds/{id}', { params: { path: { id } } })) });
export const subjectsQuery = (id: number, q: { page: number; pageSize: number; region?: string; q?: string }) => queryOptions({ queryKey: [K, 'subjects', id, q], queryFn: () => unwrap(api.GET('/api/evaluation/rounds/{id}/subjects', { params: { path: { id }, query: q } })) });
export const subjectQuery = (id: number) => queryOptions({ queryKey: [K, 'subject', id], queryFn: () => unwrap(api.GET('/api/evaluation/subjects/{id}', { params: { path: { id } } })) });
export const scenariosQuery = () => queryOptions({ queryKey: [K, 'scenarios'], queryFn: () => unwrap(api.GET('/api/fault-tolerance/scenarios')) });
export const casesQuery = (q: { page: number; pageSize: number; status?: Case['status'] }) => queryOptions({ queryKey: [K, 'cases', q], queryFn: () => unwrap(api.GET('/api/fault-tolerance/cases', { params: { query: q } })) });
export const honorsQuery = (year?: number) => queryOptions({ queryKey: [K, 'honors', year ?? 0], queryFn: () => unwrap(api.GET('/api/honors', { params: { query: year ? { year } : {} } })) });

/**
 * The module's vocabularies (岗位, 来源渠道, 等次…): the server's Chinese labels, shown in the
 * user's language through the `cadres.vocab.<group>.<key>` dictionary entries.
 */
export function useVocab() {
  const q = useQuery(vocabularyQuery());
  const { td } = useI18n();
  const labels = q.data?.labels ?? {};
  const label = (group: string, key: string | null | undefined) => (key ? td(`cadres.vocab.${group}.${key}`, labels[group]?.[key] ?? key) : '—');
  return {
    ready: q.isSuccess,
    planMetrics: q.data?.planMetrics ?? {},
    metricLabel: (key: string) => td(`cadres.metric.${key}`, q.data?.planMetrics[key]?.label ?? key),
    label,
    options: (group: string) => Object.keys(labels[group] ?? {}).map((value) => ({ value, label: label(group, value) })),
  };
}

/**
 * A mutation that reports success or the server's Chinese message and refreshes every cadres
 * query afterwards (they all share the 'cadres' key prefix).
 */
export function useAct<A, R>(fn: (args: A) => Promise<R>, success?: string | ((r: R) => string)) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      if (success) notifySuccess(typeof success === 'function' ? success(r) : success);
      void qc.invalidateQueries({ queryKey: [K] });
    },
    onError: (e) => notifyError(errorMessage(e)),
  });
}

export { api, unwrap };
