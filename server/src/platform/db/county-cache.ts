import type { Db } from './index';

/**
 * A per-process cache of something loaded per database and county (a points catalog, the intake
 * configuration, the routing outlines), kept for `ttlMs` after it loaded. Concurrent callers share
 * one load; a failed load is not kept (the next call loads again).
 */
export function countyCache<T>(ttlMs: number, load: (db: Db, countyCode: string) => Promise<T>) {
  const byDb = new WeakMap<Db, Map<string, { value: Promise<T>; loadedAt: number }>>();
  return {
    /** The cached value, or a new load when there is none, it is older than the TTL, or `fresh`. */
    async get(db: Db, countyCode: string, fresh = false): Promise<T> {
      let cache = byDb.get(db);
      if (!cache) byDb.set(db, (cache = new Map()));
      const hit = fresh ? undefined : cache.get(countyCode);
      if (hit && (await hit.value.then(() => true, () => false)) && Date.now() - hit.loadedAt < ttlMs) return hit.value;
      const entry = { value: load(db, countyCode), loadedAt: Infinity };
      cache.set(countyCode, entry);
      entry.value.then(
        () => (entry.loadedAt = Date.now()),
        () => cache.get(countyCode) === entry && cache.delete(countyCode),
      );
      return entry.value;
    },
    /** Forgets one county's value, or every county's. */
    forget(db: Db, countyCode?: string): void {
      const cache = byDb.get(db);
      if (countyCode) cache?.delete(countyCode);
      else cache?.clear();
    },
  };
}
