/**
 * Hand-off of performance points (绩效分) to the points engine (L10, modules/points).
 *
 * Every grade first records its intended posting in cadre_points_handoffs, then asks the engine
 * to post it with `postAutomatic` (scheme 'cadre', item 'performance', owner = the cadre's
 * person, idempotency key per evaluation subject) inside a savepoint. When the engine cannot take
 * it yet — no cadre scheme set up, no account opened for that cadre — the evaluation still
 * closes: the hand-off stays 'pending' with the engine's reason, and `retryPointsHandoffs`
 * posts it later. Posted hand-offs keep the engine's posting id in postedRef.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { AppError } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { postAutomatic, postAutomaticBulk, type BulkOutcome } from '../points/service';
import { cadrePointsHandoffs, evaluationRounds, evaluationSubjects } from './schema';
import { today } from './shared';

export const POINTS_SCHEME = 'cadre';
export const PERFORMANCE_ITEM = 'performance';

export interface PerformancePosting {
  cadreId: number;
  personId: number;
  path: string;
  points: number;
  reason: string;
  /** The evaluation year the points belong to. */
  year: number;
  /** The evaluation subject the points come from; one posting per source. */
  sourceId: number;
}

type HandoffRow = typeof cadrePointsHandoffs.$inferSelect;

/** Tries the engine in a savepoint: a refusal (4xx) leaves the caller's transaction intact. */
async function tryPost(tx: Tx, actor: Actor, h: HandoffRow, year: number): Promise<{ status: 'posted' | 'pending'; ref: string | null; reason: string | null }> {
  const end = `${year}-12-31`;
  try {
    const res = await tx.transaction((sp) => postAutomatic(sp as Tx, actor, { scheme: POINTS_SCHEME, item: PERFORMANCE_ITEM, owner: { kind: 'cadre', id: h.personId }, idempotencyKey: `cadre-evaluation:${h.sourceId}`, occurredOn: end < today() ? end : today(), points: h.points, note: h.reason }));
    return { status: 'posted', ref: `points_posting:${res.id}`, reason: null };
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) return { status: 'pending', ref: null, reason: err.message };
    throw err;
  }
}

export async function postPerformancePoints(tx: Tx, actor: Actor, p: PerformancePosting): Promise<{ id: number; status: 'pending' | 'posted'; reason: string | null }> {
  const [existing] = await tx.select().from(cadrePointsHandoffs).where(and(eq(cadrePointsHandoffs.sourceType, 'evaluation_subject'), eq(cadrePointsHandoffs.sourceId, p.sourceId), eq(cadrePointsHandoffs.category, 'performance')));
  if (existing) return { id: existing.id, status: existing.status as 'pending' | 'posted', reason: null };
  const [row] = await tx
    .insert(cadrePointsHandoffs)
    .values({ countyCode: actor.countyCode, path: p.path, cadreId: p.cadreId, personId: p.personId, category: 'performance', points: p.points, reason: p.reason, sourceType: 'evaluation_subject', sourceId: p.sourceId, status: 'pending' })
    .returning();
  const out = await tryPost(tx, actor, row!, p.year);
  if (out.status === 'posted') await tx.update(cadrePointsHandoffs).set({ status: 'posted', postedRef: out.ref }).where(eq(cadrePointsHandoffs.id, row!.id));
  await emit(tx, actor, 'cadre.performance_points', p.path, { handoffId: row!.id, cadreId: p.cadreId, personId: p.personId, points: p.points, status: out.status });
  return { id: row!.id, status: out.status, reason: out.reason };
}

/**
 * The same for a whole round at once (closing a county's round grades hundreds of secretaries):
 * a handful of set-based statements whatever the count — existing hand-offs, the new rows, the
 * engine's bulk posting in one savepoint, the posted references, the events. Returns the outcome
 * per source (evaluation subject).
 */
export async function postPerformancePointsBatch(tx: Tx, actor: Actor, list: PerformancePosting[]): Promise<Map<number, { id: number; status: 'pending' | 'posted'; reason: string | null }>> {
  const out = new Map<number, { id: number; status: 'pending' | 'posted'; reason: string | null }>();
  if (list.length === 0) return out;
  for (let i = 0; i < list.length; i += 5000) {
    const existing = await tx.select().from(cadrePointsHandoffs).where(and(eq(cadrePointsHandoffs.sourceType, 'evaluation_subject'), eq(cadrePointsHandoffs.category, 'performance'), inArray(cadrePointsHandoffs.sourceId, list.slice(i, i + 5000).map((p) => p.sourceId))));
    for (const e of existing) out.set(e.sourceId, { id: e.id, status: e.status as 'pending' | 'posted', reason: null });
  }
  const fresh = list.filter((p) => !out.has(p.sourceId));
  if (fresh.length === 0) return out;
  const rowsIn: HandoffRow[] = [];
  for (let i = 0; i < fresh.length; i += 1000) {
    rowsIn.push(...(await tx.insert(cadrePointsHandoffs).values(fresh.slice(i, i + 1000).map((p) => ({ countyCode: actor.countyCode, path: p.path, cadreId: p.cadreId, personId: p.personId, category: 'performance', points: p.points, reason: p.reason, sourceType: 'evaluation_subject', sourceId: p.sourceId, status: 'pending' }))).returning()));
  }
  const bySource = new Map(fresh.map((p) => [p.sourceId, p]));
  const result = await postHandoffRows(tx, actor, rowsIn.map((h) => ({ h, year: bySource.get(h.sourceId)!.year })));
  const events = rowsIn.map((h, i) => ({ path: h.path, payload: { handoffId: h.id, cadreId: h.cadreId, personId: h.personId, points: h.points, status: result[i]!.status } }));
  // The outbox rows emit() writes, one statement for all.
  await tx.execute(sql`insert into outbox (county_code, type, path, payload) select ${actor.countyCode}, 'cadre.performance_points', (e->>'path')::ltree, e->'payload' from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as e`);
  rowsIn.forEach((h, i) => out.set(h.sourceId, { id: h.id, status: result[i]!.status, reason: result[i]!.reason }));
  return out;
}

type PostResult = { status: 'posted' | 'pending'; ref: string | null; reason: string | null };

/**
 * Posts hand-offs through the engine's bulk path in one savepoint and marks the posted ones; a
 * refusal of the whole batch (4xx) leaves them all pending with its reason. Returns the outcome
 * per hand-off, in order.
 */
async function postHandoffRows(tx: Tx, actor: Actor, list: { h: HandoffRow; year: number }[]): Promise<PostResult[]> {
  const t = today();
  const postings = list.map(({ h, year }) => {
    const end = `${year}-12-31`;
    return { scheme: POINTS_SCHEME, item: PERFORMANCE_ITEM, owner: { kind: 'cadre' as const, id: h.personId }, idempotencyKey: `cadre-evaluation:${h.sourceId}`, occurredOn: end < t ? end : t, points: h.points, note: h.reason };
  });
  const result: PostResult[] = list.map(() => ({ status: 'pending', ref: null, reason: null }));
  let bulk: BulkOutcome | null = null;
  try {
    bulk = await tx.transaction((sp) => postAutomaticBulk(sp as Tx, actor, postings));
  } catch (err) {
    if (!(err instanceof AppError && err.statusCode < 500)) throw err;
    for (const r of result) r.reason = err.message;
  }
  if (bulk) {
    const rejected = new Map(bulk.rejected.map((r) => [r.index, r.message]));
    const accepted = list.map((_, i) => i).filter((i) => !rejected.has(i));
    for (const [i, message] of rejected) result[i]!.reason = message;
    if (bulk.duplicates === 0 && bulk.ids.length === accepted.length) accepted.forEach((i, k) => (result[i] = { status: 'posted', ref: `points_posting:${bulk!.ids[k]}`, reason: null }));
    else for (const i of accepted) result[i] = await tryPost(tx, actor, list[i]!.h, list[i]!.year); // replays give the ids
  }
  const posted = list.map(({ h }, i) => ({ id: h.id, ref: result[i]!.ref })).filter((x) => x.ref);
  if (posted.length) await tx.execute(sql`update cadre_points_handoffs h set status = 'posted', posted_ref = v.ref from jsonb_to_recordset(${JSON.stringify(posted)}::jsonb) as v(id int, ref text) where h.id = v.id`);
  return result;
}

/** Posts the hand-offs still pending in scope (after the cadre scheme or accounts were set up). */
export async function retryPointsHandoffs(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const pending = await tx
      .select({ h: cadrePointsHandoffs, year: evaluationRounds.year })
      .from(cadrePointsHandoffs)
      .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, cadrePointsHandoffs.sourceId))
      .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
      .where(and(eq(cadrePointsHandoffs.status, 'pending'), eq(cadrePointsHandoffs.sourceType, 'evaluation_subject')))
      .orderBy(cadrePointsHandoffs.id)
      .limit(5000);
    let posted = 0;
    const reasons = new Map<string, number>();
    // All at once through the bulk path (one at a time took half of the demo seed's points part).
    const results = pending.length ? await postHandoffRows(tx, actor, pending) : [];
    for (const out of results) {
      if (out.status === 'posted') posted++;
      else reasons.set(out.reason ?? '', (reasons.get(out.reason ?? '') ?? 0) + 1);
    }
    if (posted) await audit(tx, actor, { action: 'evaluation.points_retry', entity: 'cadre_points_handoff', entityId: null, after: { posted, stillPending: pending.length - posted } });
    return { posted, stillPending: pending.length - posted, reasons: [...reasons].map(([reason, count]) => ({ reason, count })) };
  });
}

export async function pointsHandoffsOf(tx: Executor, cadreId: number) {
  const list = await tx.select().from(cadrePointsHandoffs).where(eq(cadrePointsHandoffs.cadreId, cadreId)).orderBy(desc(cadrePointsHandoffs.createdAt), desc(cadrePointsHandoffs.id));
  return list.map((h) => ({ id: h.id, category: h.category, points: h.points, reason: h.reason, status: h.status as 'pending' | 'posted', postedRef: h.postedRef, createdAt: h.createdAt.toISOString() }));
}

