/**
 * Developer tool: times postAutomaticBulk on synthetic accounts (no demo seed), phase by phase
 * when XZ_PTS_PROFILE=1. `npx tsx bench/points/profile-bulk.ts [pg|pglite] [accounts] [batch] [batches]`.
 */
import { sql } from 'drizzle-orm';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { setupDefaultSchemes, postAutomaticBulk, type AutomaticPosting } from '../../server/src/modules/points/service';
import { rebuildBalances } from '../../server/src/modules/points/rebuild';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, openTarget, type Target } from '../lib/targets';

const kind = (process.argv[2] ?? 'pg') as 'pg' | 'pglite';
const nAccounts = Number(process.argv[3] ?? 100_000);
const batch = Number(process.argv[4] ?? 20_000);
const batches = Number(process.argv[5] ?? 3);
const made = kind === 'pg' ? await createPgTarget(DEFAULT_PG_URL) : createPgliteTarget();
if ('skipped' in made) throw new Error(made.skipped);
const target = made as Target;
try {
  const database = await openTarget(kind, target.location);
  const db = database.db;
  const sys = systemActor('320582');
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  await db.execute(sql`insert into pts_accounts (county_code, path, scheme_id, owner_kind, owner_id, label)
    select '320582', ('c320582.t' || (100 + g % 15) || '.v' || (200 + g % 270) || '.n01.g001.h' || g)::ltree, (select id from pts_schemes where code = 'household'), 'household', g, '户' || g
      from generate_series(1, ${nAccounts}) g`);
  await db.execute(sql`analyze`);
  const items = ['brave', 'mediation', 'thrift', 'garbage', 'volunteer', 'clutter'];
  let seq = 0;
  for (let b = 0; b < batches; b++) {
    const list: AutomaticPosting[] = Array.from({ length: batch }, () => {
      const i = seq++;
      return { scheme: 'household', item: items[i % items.length], owner: { kind: 'household', id: 1 + ((i * 7919) % nAccounts) }, evidence: { text: `志愿服务 ${i}` }, idempotencyKey: `vol:${i}` };
    });
    const actor = systemActor('320582', '志愿服务模块');
    const t0 = performance.now();
    const out = await withScope(db, actor, (tx) => postAutomaticBulk(tx, actor, list));
    const ms = performance.now() - t0;
    console.log(`${kind} batch ${b + 1}: ${batch} in ${ms.toFixed(0)} ms = ${Math.round(batch / (ms / 1000))}/s; created ${out.created}, dup ${out.duplicates}, rejected ${out.rejected.length}`);
  }
  const r = await rebuildBalances(db, '320582', { fix: false });
  console.log(`rebuild check: differences ${r.differences}, ${r.ms} ms`);
  await database.close();
} finally {
  if (process.env.KEEP) console.log(`kept ${target.location}`);
  else await target.remove();
}
