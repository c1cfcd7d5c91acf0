import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import type { Scope } from './scope';

export * from './scope';

export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  countyCode: string;
  permissions: ReadonlySet<string>;
  scope: Scope;
  personId: number | null;
  ip?: string;
}

export function systemActor(countyCode: string, name = '系统'): Actor {
  const county = `c${countyCode}`;
  return {
    userId: null,
    username: 'system',
    displayName: name,
    countyCode,
    permissions: new Set(['*']),
    scope: { kind: 'all', root: county, subtrees: [county], exact: [], exactRoots: [] },
    personId: null,
  };
}

export function can(actor: Actor, permission: string): boolean {
  return actor.permissions.has('*') || actor.permissions.has(permission);
}

/**
 * The one place scope is applied: a transaction that runs as the restricted role xz_app with the
 * actor's scope in transaction-local settings, so row-level security filters every read and write.
 */
export async function withScope<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const s = scopeSettings(actor.scope);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('xz.root', ${s.root}, true), set_config('xz.subtrees', ${s.subtrees}, true),
      set_config('xz.exact', ${s.exact}, true), set_config('xz.exact_roots', ${s.exact_roots}, true),
      set_config('xz.kind', ${s.kind}, true), set_config('xz.user', ${actor.userId === null ? '' : String(actor.userId)}, true),
      set_config('role', 'xz_app', true)`); // = SET LOCAL ROLE xz_app, in the same round trip
    return fn(tx);
  });
}

/**
 * The xz.* settings of a scope as text, as withScope sets them; the one-statement SECURITY DEFINER
 * functions (xz_wo_intake, xz_pts_propose) take them in their payload and set them themselves.
 */
export function scopeSettings(s: Scope): { root: string; subtrees: string; exact: string; exact_roots: string; kind: string } {
  return { root: s.root, subtrees: s.subtrees.join(','), exact: s.exact.join(','), exact_roots: s.exactRoots.join(','), kind: s.kind };
}
