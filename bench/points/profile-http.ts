/**
 * Developer tool: times POST /api/points/postings one request at a time through fastify.inject on
 * synthetic household accounts (no demo seed), next to GET /api/health as the floor of the HTTP
 * stack. `npx tsx bench/points/profile-http.ts [requests] [concurrency]`.
 */
import { sql } from 'drizzle-orm';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { setupDefaultSchemes } from '../../server/src/modules/points/service';
import { createUserUnscoped, ensureBuiltinRoles } from '../../server/src/platform/auth/service';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { createPgTarget, DEFAULT_PG_URL, openTarget, type Target } from '../lib/targets';
import { startApp } from '../lib/http';
import { summarize } from '../lib/stats';

const n = Number(process.argv[2] ?? 100);
const made = await createPgTarget(DEFAULT_PG_URL);
if ('skipped' in made) throw new Error(made.skipped);
const target = made as Target;
try {
  const database = await openTarget('pg', target.location);
  const db = database.db;
  const sys = systemActor('320582');
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  await db.execute(sql`insert into pts_accounts (county_code, path, scheme_id, owner_kind, owner_id, label)
    select '320582', ('c320582.t' || (100 + g % 15) || '.v' || (200 + g % 270) || '.n01.g001.h' || g)::ltree, (select id from pts_schemes where code = 'household'), 'household', g, '户' || g
      from generate_series(1, 10000) g`);
  await db.execute(sql`insert into regions (county_code, code, name, level, kind, path) values ('320582', '320582', '张家港市', 'county', 'county', 'c320582')`);
  // Existing postings (BENCH_POSTINGS, default 300,000), so plans see a table of some size.
  await db.execute(sql`insert into pts_postings (county_code, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on,
      state, source, evidence, note, proposed_by_name, effective_at)
    select '320582', a.path, a.scheme_id, 1, i.id, i.code, i.name, i.category, a.id, i.points, current_date - (g % 300), 'effective', 'automatic', '{}'::jsonb, '', '基准', now()
      from generate_series(1, ${Number(process.env.BENCH_POSTINGS ?? 300_000)}) g
      join pts_accounts a on a.id = (select min(id) from pts_accounts) + (g::bigint * 7919) % 10000
      join pts_items i on i.scheme_id = a.scheme_id and i.code = 'garbage'`);
  await ensureBuiltinRoles(db);
  await db.execute(sql`analyze`);
  const ids = (await db.execute(sql`select id from pts_accounts order by id`)) as unknown as { rows?: { id: number }[] } & { id: number }[];
  const accountIds = (ids.rows ?? ids).map((r) => r.id);
  if (process.env.KEEP) console.log(`kept ${target.location}`);
  const app = await startApp(database, PiiVault.random(), '320582');
  await createUserUnscoped(db, '320582', { username: 'bench_points', displayName: '基准 积分', password: 'Bench2026pass', roles: ['county_admin'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: '320582' });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_points', password: 'Bench2026pass' } });
  const cookies = login.cookies as { name: string; value: string }[];
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = cookies.find((c) => c.name === 'xz_csrf')?.value ?? '';
  const post: number[] = [];
  const health: number[] = [];
  const statuses: Record<number, number> = {};
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/points/postings', headers: { cookie, 'x-csrf-token': csrf, 'idempotency-key': `profile-http:${i}` },
      payload: { accountId: accountIds[(i * 7919) % accountIds.length], itemCode: 'mediation', evidence: { text: `调解 ${i}` } } });
    post.push(performance.now() - t0);
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    if (res.statusCode !== 201 && i < 3) console.log(res.statusCode, res.body.slice(0, 300));
    t0 = performance.now();
    await app.inject({ method: 'GET', url: '/api/health' });
    health.push(performance.now() - t0);
  }
  console.log('POST', JSON.stringify(summarize(post)), JSON.stringify(statuses));
  // The same requests, `concurrency` in flight (inject: no sockets), for the throughput.
  const concurrency = Number(process.argv[3] ?? 16);
  let seq = 0;
  let created = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (seq < n * 2) {
      const i = n + seq++;
      const res = await app.inject({ method: 'POST', url: '/api/points/postings', headers: { cookie, 'x-csrf-token': csrf, 'idempotency-key': `profile-http:${i}` },
        payload: { accountId: accountIds[(i * 7919) % accountIds.length], itemCode: 'mediation', evidence: { text: `调解 ${i}` } } });
      if (res.statusCode === 201) created++;
    }
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(`serial ${Math.round(n / (post.reduce((a, b) => a + b, 0) / 1000))}/s; ${concurrency} in flight: ${created} created in ${s.toFixed(1)} s = ${Math.round(created / s)}/s`);
  console.log('health', JSON.stringify(summarize(health)));
  await app.close();
  await database.close();
} finally {
  if (!process.env.KEEP) await target.remove();
}
