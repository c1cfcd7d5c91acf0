/**
 * Developer tool: times POST /api/points/postings one request at a time through fastify.inject on
 * synthetic household accounts (no demo seed), next to GET /api/health as the floor of the HTTP
 * stack. `npx tsx bench/points/profile-http.ts [requests] [concurrency]`.
 */
import { signedInAdmin, syntheticHouseholds } from './synthetic';
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
  // Existing postings (BENCH_POSTINGS, default 300,000), so plans see a table of some size.
  const accountIds = await syntheticHouseholds(db, Number(process.env.BENCH_POSTINGS ?? 300_000));
  if (process.env.KEEP) console.log(`kept ${target.location}`);
  const app = await startApp(database, PiiVault.random(), '320582');
  const { cookie, csrf } = await signedInAdmin(app, db);
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
