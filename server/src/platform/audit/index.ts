import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { num, rows } from '../db';
import type { Actor } from '../scope';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  path?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the county's hash chain inside the caller's transaction. Never pass plaintext PII. */
export async function audit(tx: Executor, actor: Actor, e: AuditEntry): Promise<void> {
  await tx.execute(sql`select xz_audit_append(${actor.countyCode}, ${actor.userId}, ${actor.displayName}, ${e.action}, ${e.entity},
    ${e.entityId === undefined || e.entityId === null ? null : String(e.entityId)}, ${e.path ?? null}::ltree,
    ${e.before === undefined ? null : JSON.stringify(e.before)}::jsonb, ${e.after === undefined ? null : JSON.stringify(e.after)}::jsonb,
    ${actor.ip ?? null})`);
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** How many parallel chains the county's log holds (see migration 0018). */
  chains: number;
  brokenAt: number | null;
}

/**
 * Recomputes every hash and link, chain by chain in id order; reports the first row that does not
 * match. A changed row breaks its own hash, a removed or inserted one breaks the next row's link.
 */
export async function verifyAuditChain(db: Db, countyCode: string, batch = 5000): Promise<ChainVerdict> {
  const genesis = '0'.repeat(64);
  let prev = genesis;
  let chain = -1;
  let after = -1;
  let checked = 0;
  let chains = 0;
  for (;;) {
    const page = await rows<{ chain: unknown; id: unknown; prev_hash: string; hash: string; recomputed: string }>(
      db,
      sql`select chain, id, prev_hash, hash, xz_audit_hash(prev_hash, id, at, actor_user_id, actor_name, action, entity, entity_id, path, before, after, ip) as recomputed
          from audit_log where county_code = ${countyCode} and (chain, id) > (${chain}::smallint, ${after}::bigint) order by chain, id limit ${batch}`,
    );
    if (page.length === 0) break;
    for (const r of page) {
      const id = num(r.id);
      const rowChain = num(r.chain);
      if (rowChain !== chain) {
        chain = rowChain;
        prev = genesis;
        chains++;
      }
      if (r.prev_hash !== prev || r.hash !== r.recomputed) return { ok: false, checked, chains, brokenAt: id };
      prev = r.hash;
      after = id;
      checked++;
    }
  }
  return { ok: true, checked, chains, brokenAt: null };
}
