/**
 * Developer tool: times postAutomaticBulk on synthetic accounts (no demo seed), phase by phase
 * when XZ_PTS_PROFILE=1. With `compare`, a second database gets the balance indexes as they were
 * before migration 0017 (village, town and county indexes instead of the one region index), and
 * the batches alternate between the two, so both see the same noise.
 * `npx tsx bench/points/profile-bulk.ts [pg|pglite] [accounts] [batch] [batches] [compare]`.
 * With KEPT=<postgres url of a kept benchmark database> (BENCH_KEEP=1), the batches go to its
 * household accounts instead (nothing is created; the postings stay; `accounts` is ignored).
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/src/platform/db';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { setupDefaultSchemes, postAutomaticBulk, type AutomaticPosting } from '../../server/src/modules/points/service';
import { rebuildBalances } from '../../server/src/modules/points/rebuild';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, openTarget, type Target } from '../lib/targets';

const kind = (process.argv[2] ?? 'pg') as 'pg' | 'pglite';
const nAccounts = Number(process.argv[3] ?? 100_000);
const batch = Number(process.argv[4] ?? 20_000);
const batches = Number(process.argv[5] ?? 3);
const compare = process.argv[6] === 'compare';

const kept = process.env.KEPT;
const variants = compare && !kept ? ['design', 'before-0017'] : ['design'];
const targets: Target[] = [];
try {
  const dbs = [];
  let owners: number[] = Array.from({ length: nAccounts }, (_, i) => i + 1);
  if (kept) {
    const database = await openTarget('pg', kept);
    owners = (await rows<{ owner_id: number }>(database.db, sql`select owner_id from pts_accounts where owner_kind = 'household' and owner_id > 0 order by id`)).map((r) => Number(r.owner_id));
    dbs.push({ v: 'kept', database });
  }
  for (const v of kept ? [] : variants) {
    const made = kind === 'pg' ? await createPgTarget(DEFAULT_PG_URL) : createPgliteTarget();
    if ('skipped' in made) throw new Error(made.skipped);
    targets.push(made);
    const database = await openTarget(kind, made.location);
    const db = database.db;
    const sys = systemActor('320582');
    await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
    await db.execute(sql`insert into pts_accounts (county_code, path, scheme_id, owner_kind, owner_id, label)
      select '320582', ('c320582.t' || (100 + g % 15) || '.v' || (200 + g % 270) || '.n01.g001.h' || g)::ltree, (select id from pts_schemes where code = 'household'), 'household', g, '户' || g
        from generate_series(1, ${nAccounts}) g`);
    if (v === 'before-0017') {
      await db.execute(sql`drop index pts_balances_region_idx`);
      await db.execute(sql`create index pts_balances_village_idx on pts_balances (county_code, scheme_id, period_key, village_key, points desc nulls last)`);
      await db.execute(sql`create index pts_balances_town_idx on pts_balances (county_code, scheme_id, period_key, town_key, points desc nulls last)`);
      await db.execute(sql`create index pts_balances_county_idx on pts_balances (county_code, scheme_id, period_key, points desc nulls last)`);
    }
    await db.execute(sql`analyze`);
    dbs.push({ v, database });
  }
  const items = ['brave', 'mediation', 'thrift', 'garbage', 'volunteer', 'clutter'];
  const names = dbs.map((d) => d.v);
  const totals = new Map<string, number>(names.map((v) => [v, 0]));
  const run = `${Date.now()}`;
  for (let b = 0; b < batches; b++) {
    for (const { v, database } of b % 2 === 0 ? dbs : [...dbs].reverse()) {
      const list: AutomaticPosting[] = Array.from({ length: batch }, (_, j) => {
        const i = b * batch + j;
        return { scheme: 'household', item: items[i % items.length], owner: { kind: 'household', id: owners[(i * 7919) % owners.length] }, evidence: { text: `志愿服务 ${i}` }, idempotencyKey: `vol:${run}:${i}` };
      });
      const actor = systemActor('320582', '志愿服务模块');
      const t0 = performance.now();
      const out = await withScope(database.db, actor, (tx) => postAutomaticBulk(tx, actor, list));
      const ms = performance.now() - t0;
      totals.set(v, totals.get(v)! + ms);
      console.log(`${kind} ${v} batch ${b + 1}: ${batch} in ${ms.toFixed(0)} ms = ${Math.round(batch / (ms / 1000))}/s; created ${out.created}, dup ${out.duplicates}, rejected ${out.rejected.length}`);
    }
  }
  for (const v of names) console.log(`${v}: ${Math.round((batch * batches) / (totals.get(v)! / 1000))} postings/s over ${batches} batches`);
  if (compare) console.log(`ratio before-0017 time / design time: ${(totals.get('before-0017')! / totals.get('design')!).toFixed(2)}`);
  for (const { v, database } of dbs) {
    if (kept && !process.env.CHECK) {
      await database.close();
      continue;
    }
    const r = await rebuildBalances(database.db, '320582', { fix: false });
    console.log(`${v} rebuild check: differences ${r.differences}, ${r.ms} ms`);
    await database.close();
  }
} finally {
  for (const t of targets) {
    if (process.env.KEEP) console.log(`kept ${t.location}`);
    else await t.remove();
  }
}
