/**
 * Idempotency-Key on the cadres module's creating routes, the same contract as work orders and
 * point postings (platform table idempotency_keys, one row per user and key): a retry with the
 * same key and the same request returns the first response (header `idempotent-replayed: true`)
 * and creates nothing; the same key on a different request is a 422; a concurrent retry waits
 * for the first (the key row is claimed in the same transaction as the create).
 *
 * The create runs inside the claiming transaction: services open their own withScope, which
 * nests as a savepoint, so the key, the record, its audit and events commit or roll back together
 * (a failed create leaves the key free for the retry).
 *
 * Not used where the response must not be stored: issuing ballot codes (the plain codes exist
 * only in that response) and casting a ballot (no account, and nothing may record it).
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/plugin';
import type { Db } from '../../platform/db';
import { idempotencyKeys } from '../../platform/http/schema';
import { badRequest, conflict, unprocessable } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Route schema `headers`: documents the optional key in the OpenAPI document. */
export const idemHeaders = z.object({ 'idempotency-key': z.string().optional().describe('重试安全：相同的键与请求只创建一次，返回首次结果') }).passthrough();

export function idemKey(headers: Record<string, unknown>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) throw badRequest('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 须为 8–128 位字母、数字或 _.:-', 'Malformed Idempotency-Key');
  return key;
}

/** Runs `create` once per (user, key); `route` and `body` make the request's fingerprint. */
export async function once<T>(db: Db, actor: Actor, key: string | undefined, route: string, body: unknown, status: number, create: (db: Db) => Promise<T>): Promise<{ body: T; replayed: boolean }> {
  if (!key || actor.userId === null) return { body: await create(db), replayed: false };
  const userId = actor.userId;
  const fingerprint = `${route} ${crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex').slice(0, 32)}`;
  return withScope(db, actor, async (tx) => {
    const claimed = await tx.insert(idempotencyKeys).values({ userId, key, route: fingerprint, statusCode: 0, response: {} }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (!claimed.length) {
      const [prev] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
      if (!prev) throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同 Idempotency-Key 的请求正在处理，请稍后重试', 'A request with this key is in progress');
      if (prev.route !== fingerprint) throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
      return { body: prev.response as T, replayed: true };
    }
    // Nested withScope calls in the service become savepoints of this transaction.
    const out = await create(tx as unknown as Db);
    await tx.update(idempotencyKeys).set({ statusCode: status, response: JSON.parse(JSON.stringify(out)) as object }).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    return { body: out, replayed: false };
  });
}

/**
 * The route side: reads and checks the key, runs the create once, replies with `status` (201 by
 * default) and marks a replay. `create` receives the database handle to use.
 */
export async function createOnce<T>(db: Db, req: FastifyRequest, reply: FastifyReply, create: (db: Db) => Promise<T>, status = 201): Promise<FastifyReply> {
  const key = idemKey(req.headers as Record<string, unknown>);
  const out = await once(db, actorOf(req), key, `${req.method} ${req.url}`, req.body, status, create);
  if (out.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(status).send(out.body);
}
