/**
 * Idempotency-Key for creating requests (work-order intake, point postings, redemptions, the
 * leader team's creates): one row per (user, key) in `idempotency_keys`, claimed in the same
 * transaction as the create. A concurrent retry waits on the claimed row and then reads the first
 * response; a key reused for a different request is a 422; a failed create rolls the claim back
 * and leaves the key free for the retry.
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { idempotencyKeys } from './schema';
import { conflict, unprocessable } from './errors';

/** What makes "the same request": the route and a hash of its body. */
export function requestFingerprint(route: string, body: unknown): string {
  return `${route} ${crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex').slice(0, 32)}`;
}

/**
 * Runs `create` once per (user, key) inside `tx`. Without a key or a user it simply runs.
 * `last` runs after the response is stored, right before the commit (for work orders: the audit
 * append, which holds its audit chain's lock until the commit).
 */
export async function onceForKey<T>(
  tx: Tx,
  userId: number | null,
  key: string | undefined,
  fingerprint: string,
  create: () => Promise<T>,
  opts: { status?: number; last?: () => Promise<void> } = {},
): Promise<{ body: T; replayed: boolean }> {
  if (!key || userId === null) {
    const body = await create();
    if (opts.last) await opts.last();
    return { body, replayed: false };
  }
  const claimed = await tx.insert(idempotencyKeys).values({ userId, key, route: fingerprint, statusCode: 0, response: {} }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (!claimed.length) {
    const [prev] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!prev) throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同 Idempotency-Key 的请求正在处理，请稍后重试', 'A request with this key is in progress');
    if (prev.route !== fingerprint) throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
    return { body: prev.response as T, replayed: true };
  }
  const body = await create();
  // A JSON round trip: what is stored is exactly what a replay will send.
  await tx.update(idempotencyKeys).set({ statusCode: opts.status ?? 201, response: JSON.parse(JSON.stringify(body ?? null)) as object }).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (opts.last) await opts.last();
  return { body, replayed: false };
}
