import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Actor } from '../scope';

/** Writes a domain event to the outbox in the caller's transaction. */
export async function emit(tx: Executor, actor: Actor, type: string, path: string | null, payload: Record<string, unknown>): Promise<void> {
  await tx.execute(sql`insert into outbox (county_code, type, path, payload) values (${actor.countyCode}, ${type}, ${path}::ltree, ${JSON.stringify(payload)}::jsonb)`);
}
