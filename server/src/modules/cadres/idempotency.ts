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
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/plugin';
import type { Db } from '../../platform/db';
import { onceForKey, requestFingerprint } from '../../platform/http/idempotency';
import { badRequest } from '../../platform/http/errors';
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
  // Nested withScope calls in the service become savepoints of this transaction.
  return withScope(db, actor, (tx) => onceForKey(tx, actor.userId, key, requestFingerprint(route, body), () => create(tx as unknown as Db), { status }));
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
