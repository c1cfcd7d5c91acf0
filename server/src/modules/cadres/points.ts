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
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { AppError } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { postAutomatic } from '../points/service';
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
    for (const { h, year } of pending) {
      const out = await tryPost(tx, actor, h, year);
      if (out.status === 'posted') {
        await tx.update(cadrePointsHandoffs).set({ status: 'posted', postedRef: out.ref }).where(eq(cadrePointsHandoffs.id, h.id));
        posted++;
      } else reasons.set(out.reason ?? '', (reasons.get(out.reason ?? '') ?? 0) + 1);
    }
    if (posted) await audit(tx, actor, { action: 'evaluation.points_retry', entity: 'cadre_points_handoff', entityId: null, after: { posted, stillPending: pending.length - posted } });
    return { posted, stillPending: pending.length - posted, reasons: [...reasons].map(([reason, count]) => ({ reason, count })) };
  });
}

export async function pointsHandoffsOf(tx: Executor, cadreId: number) {
  const list = await tx.select().from(cadrePointsHandoffs).where(eq(cadrePointsHandoffs.cadreId, cadreId)).orderBy(desc(cadrePointsHandoffs.createdAt), desc(cadrePointsHandoffs.id));
  return list.map((h) => ({ id: h.id, category: h.category, points: h.points, reason: h.reason, status: h.status as 'pending' | 'posted', postedRef: h.postedRef, createdAt: h.createdAt.toISOString() }));
}

