/**
 * Developer tool: POST /api/points/postings over real sockets from the benchmark's loader
 * (loader.ts, a child process), on synthetic household accounts (no demo seed), alternating the
 * loader's client (fetch, node:http) round by round; prints throughput and the CPU milliseconds per
 * posting of the app, PostgreSQL and the loader. `npx tsx bench/points/http-dev.ts [seconds] [rounds] [concurrency]`.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { setupDefaultSchemes } from '../../server/src/modules/points/service';
import { createUserUnscoped, ensureBuiltinRoles } from '../../server/src/platform/auth/service';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { createPgTarget, DEFAULT_PG_URL, openTarget, type Target } from '../lib/targets';
import { startApp } from '../lib/http';
import { startCpuMeter } from '../lib/cpu';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 2);
const concurrency = Number(process.argv[4] ?? 32);
const clients = (process.env.CLIENTS ?? 'fetch,http').split(',');
const here = path.dirname(fileURLToPath(import.meta.url));
const made = await createPgTarget(DEFAULT_PG_URL);
if ('skipped' in made) throw new Error(made.skipped);
const target = made as Target;
try {
  // TRACK_FUNCTIONS=1: every connection counts the time of each function (pg_stat_user_functions).
  const database = await openTarget('pg', process.env.TRACK_FUNCTIONS ? `${target.location}?options=${encodeURIComponent('-c track_functions=all')}` : target.location);
  const db = database.db;
  const sys = systemActor('320582');
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  await db.execute(sql`insert into pts_accounts (county_code, path, scheme_id, owner_kind, owner_id, label)
    select '320582', ('c320582.t' || (100 + g % 15) || '.v' || (200 + g % 270) || '.n01.g001.h' || g)::ltree, (select id from pts_schemes where code = 'household'), 'household', g, '户' || g
      from generate_series(1, 10000) g`);
  await db.execute(sql`insert into regions (county_code, code, name, level, kind, path) values ('320582', '320582', '张家港市', 'county', 'county', 'c320582')`);
  await ensureBuiltinRoles(db);
  await db.execute(sql`analyze`);
  const ids = (await db.execute(sql`select id from pts_accounts order by id`)) as unknown as { rows?: { id: number }[] } & { id: number }[];
  const accountIds = (ids.rows ?? ids).map((r) => r.id);
  const app = await startApp(database, PiiVault.random(), '320582');
  await createUserUnscoped(db, '320582', { username: 'bench_points', displayName: '基准 积分', password: 'Bench2026pass', roles: ['county_admin'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: '320582' });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_points', password: 'Bench2026pass' } });
  const cookies = login.cookies as { name: string; value: string }[];
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = cookies.find((c) => c.name === 'xz_csrf')?.value ?? '';
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  for (let r = 0; r < rounds; r++) {
    for (const client of r % 2 === 0 ? clients : [...clients].reverse()) {
      // PROFILE=<file>: a CPU profile of the server process during the load only.
      const inspector = process.env.PROFILE ? new Session() : null;
      if (inspector) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      }
      const meter = startCpuMeter('postgres');
      const m = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const child = fork(path.join(here, 'loader.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_LOADER: client } });
        child.once('message', (msg) => resolve(msg as Record<string, unknown>));
        child.once('error', reject);
        child.send({ url, cookie, csrf, accountIds, itemCode: 'mediation', concurrency, durationSeconds: seconds, tag: `dev-${client}-${r}-${Date.now()}`, replaySample: 20 });
      });
      const cpu = meter.stop(Number(m.created), (m.loader as { cpuSeconds: number }).cpuSeconds);
      if (inspector) {
        const { profile } = await inspector.post('Profiler.stop');
        fs.writeFileSync(`${process.env.PROFILE}-${client}-${r}.cpuprofile`, JSON.stringify(profile));
        inspector.disconnect();
      }
      const latency = m.latency as { p50: number; p95: number; p99: number };
      console.log(`${client.padEnd(5)} ${m.postingsPerSecond}/s p50 ${latency.p50} p95 ${latency.p95} p99 ${latency.p99}; CPU ms per posting ${JSON.stringify(cpu)}; ${JSON.stringify(m.statuses)} replays ${JSON.stringify(m.replay)}`);
    }
  }
  await app.close();
  await database.close();
} finally {
  if (process.env.KEEP) console.log(`kept ${target.location}`);
  else await target.remove();
}
