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
import { signedInAdmin, syntheticHouseholds } from './synthetic';
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
  const accountIds = await syntheticHouseholds(db, 0);
  const app = await startApp(database, PiiVault.random(), '320582');
  const { cookie, csrf } = await signedInAdmin(app, db);
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
