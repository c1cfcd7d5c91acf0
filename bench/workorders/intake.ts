/**
 * Intake through the HTTP API, as the 12345 hotline records a call: POST /api/workorders with a
 * dispatcher's session cookie and an Idempotency-Key, each body a different order (a point inside
 * a random grid of the county, a weighted category, caller name and callback number). The server
 * validates, routes the point to its grid, decides the handler and deadlines for auto-dispatched
 * categories, checks for duplicates nearby and commits (order, timeline, requester, audit, outbox,
 * idempotency key — all in one call of xz_wo_intake, migration 0021) before it answers 201.
 *
 * Baseline: the same rows written again as raw single-row INSERTs into wo_orders (same table, same
 * indexes, same trigger), autocommit, through `pg` with as many connections as the HTTP load had
 * (PGlite: its one connection).
 */
import { fork } from 'node:child_process';
import { isLocalPostgres, startCpuMeter, type CpuPerRequest } from '../lib/cpu';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/src/platform/db';
import { num, rows } from '../../server/src/platform/db';
import { createUserUnscoped } from '../../server/src/platform/auth/service';
import { Rng } from '../../server/src/demo/prng';
import { STANDARD_CATEGORIES } from '../../server/src/modules/workorders/catalog';
import { TEMPLATES, PLACES } from '../../server/src/modules/workorders/demo';
import type { Latency } from '../lib/stats';
import type { GroupPoint } from './generate';
import { singleRowInserts, type RawInsertResult } from '../lib/raw-inserts';

export type { RawInsertResult };

const PASSWORD = 'Bench2026pass';

export interface IntakeLoad {
  connections: number;
  durationSeconds: number;
  overallRate: number;
  requests: number;
  created: number;
  createdPerSecond: number;
  requestsPerSecond: number;
  latency: Latency;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU per created order (app, local PostgreSQL server, autocannon) while the load ran. */
  cpuPerOrder: CpuPerRequest;
}

/** Hotline calls: bodies for POST /api/workorders. */
export function intakeBodies(points: GroupPoint[], count: number, seed = 20261202): string[] {
  const rng = new Rng(seed);
  const leaves = STANDARD_CATEGORIES.filter((c) => (c.weight ?? 0) > 0 && !c.code.startsWith('SJLT'));
  const weights = leaves.map((c) => c.weight!);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = rng.pick(points);
    const cat = rng.weighted(leaves, weights);
    const text = rng.pick(TEMPLATES[cat.code] ?? TEMPLATES.QT).replace('{p}', rng.pick(PLACES));
    out.push(
      JSON.stringify({
        source: 'hotline',
        categoryCode: cat.code,
        description: `来电反映：${text}。请尽快处理。`,
        lon: p.lon,
        lat: p.lat,
        address: rng.pick(PLACES),
        requester: { name: `${rng.pick(['张', '王', '李', '陈', '周'])}${rng.pick(['先生', '女士'])}`, phone: `1${rng.pick(['38', '39', '58', '88'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` },
      }),
    );
  }
  return out;
}

/** A hotline agent (role dispatcher, county-wide) signed in: the session cookies and the CSRF token the web client sends back. */
export async function hotlineSession(app: FastifyInstance, database: Database, countyCode: string): Promise<{ cookie: string; csrf: string }> {
  const username = 'bench_hotline';
  await createUserUnscoped(database.db, countyCode, { username, displayName: '基准 热线坐席', password: PASSWORD, roles: ['dispatcher'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: countyCode });
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const jar = res.cookies as { name: string; value: string }[];
  return { cookie: jar.map((c) => `${c.name}=${c.value}`).join('; '), csrf: jar.find((c) => c.name === 'xz_csrf')?.value ?? '' };
}

/** autocannon in a child process against a listening app. */
export async function intakeLoad(url: string, database: Database, job: { connections: number; durationSeconds: number; overallRate: number; cookie: string; csrf: string; keyPrefix: string; bodies: string[] }): Promise<IntakeLoad> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'intake-cannon.ts');
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const meter = startCpuMeter(database.kind === 'postgres' && isLocalPostgres(database) ? 'postgres' : 'none');
  const result = await new Promise<IntakeLoad>((resolve, reject) => {
    child.once('message', (m) => {
      const load = m as Omit<IntakeLoad, 'cpuPerOrder'> & { loaderCpuSeconds: number };
      resolve({ ...load, cpuPerOrder: meter.stop(load.created, load.loaderCpuSeconds) });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`autocannon process exited with ${code}`)));
    child.send({ url, ...job });
  });
  child.removeAllListeners('exit');
  child.disconnect();
  return result;
}

const COPY_COLUMNS = [
  'county_code', 'source', 'source_ref', 'category_code', 'emergency', 'title', 'description', 'search_tokens', 'address', 'lon', 'lat', 'path', 'town_code',
  'village_code', 'group_code', 'status', 'version', 'handler_level', 'handler_region_code', 'handler_unit_id', 'handler_path', 'handler_name', 'supervision_level',
  'confidential', 'reporter_user_id', 'reporter_name', 'watcher_user_ids', 'created_at', 'updated_at', 'dispatched_at', 'sign_due_at', 'first_sign_due_at',
  'resolve_due_at', 'extension_status',
];

/**
 * The rows the intake just created (ids > afterId), inserted again one by one (new id and number)
 * through `connections` concurrent connections, each INSERT its own transaction.
 */
export async function rawInserts(database: Database, afterId: number, limit: number, connections: number): Promise<RawInsertResult> {
  const source = await rows<Record<string, unknown>>(database.db, sql.raw(`select ${COPY_COLUMNS.join(', ')} from wo_orders where id > ${afterId} order by id limit ${limit}`));
  const ids = (await rows<{ id: unknown }>(database.db, sql`select nextval(pg_get_serial_sequence('wo_orders', 'id')) as id from generate_series(1, ${source.length})`)).map((r) => num(r.id));
  const params = source.map((r, i) => [...COPY_COLUMNS.map((c) => r[c]), ids[i], `RAW${String(ids[i]).padStart(12, '0')}`]);
  return singleRowInserts(database, 'wo_orders', [...COPY_COLUMNS, 'id', 'number'], params, connections);
}
