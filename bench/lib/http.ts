/**
 * The people search through HTTP: the real Fastify app (buildApp), real town-officer accounts
 * logged in through POST /api/auth/login, the session cookie on every request.
 *  - inject: sequential requests through fastify.inject (whole request lifecycle, no socket);
 *  - load: a real listen on 127.0.0.1 and autocannon in a separate process (see cannon.ts),
 *    several connections cycling through the same queries.
 * GET /api/health is measured alongside as the in-run floor of the HTTP stack.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import type { Database } from '../../server/src/platform/db';
import type { PiiVault } from '../../server/src/platform/crypto/vault';
import { createUserUnscoped } from '../../server/src/platform/auth/service';
import type { SearchQuery } from './queries';
import { PAGE_SIZE } from './search';
import { summarize, type Latency } from './stats';

const PASSWORD = 'Bench2026pass';
/** The login route allows 20 attempts a minute per address. */
const MAX_LOGINS = 18;

export interface HttpRequestSpec {
  path: string;
  cookie: string;
  queryId: number;
}

export async function startApp(database: Database, vault: PiiVault, countyCode: string): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), countyCode, rateLimitPerMinute: 100_000_000, logLevel: 'silent' };
  const app = await buildApp({ database, vault, config, webDist: null, logger: false });
  await app.ready();
  return app;
}

/** One town-officer account per town in the queries; returns the requests with their cookies. */
export async function signInTownOfficers(app: FastifyInstance, database: Database, countyCode: string, queries: SearchQuery[]): Promise<HttpRequestSpec[]> {
  const towns = [...new Map(queries.map((q) => [q.town.code, q.town])).values()].slice(0, MAX_LOGINS);
  const cookies = new Map<string, string>();
  for (const town of towns) {
    const username = `bench_${town.code}`;
    await createUserUnscoped(database.db, countyCode, { username, displayName: `基准 ${town.name}`, password: PASSWORD, roles: ['town_officer'], scopeKind: 'own_and_below', scopeRegionCodes: [], homeRegionCode: town.code });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const jar = res.cookies as { name: string; value: string }[];
    cookies.set(town.code, jar.map((c) => `${c.name}=${c.value}`).join('; '));
  }
  return queries
    .filter((q) => cookies.has(q.town.code))
    .map((q) => ({ queryId: q.id, cookie: cookies.get(q.town.code)!, path: `/api/persons?${new URLSearchParams({ region: q.town.code, q: q.q, page: '1', pageSize: String(PAGE_SIZE) })}` }));
}

export interface InjectResult {
  search: Latency;
  /** The same query through the service function, run right after each request (same noise). */
  service: Latency;
  health: Latency;
  /** total per query id, to check against the service call. */
  totals: Map<number, number>;
  failures: number;
}

/** Sequential requests; each is followed by the same query through `direct` and by GET /api/health. */
export async function injectSample(app: FastifyInstance, specs: HttpRequestSpec[], iterations: number, direct: (queryId: number) => Promise<number>): Promise<InjectResult> {
  const once = async (spec: HttpRequestSpec) => {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: spec.path, headers: { cookie: spec.cookie } });
    return { ms: performance.now() - started, res };
  };
  const totals = new Map<number, number>();
  let failures = 0;
  for (const spec of specs) {
    const { res } = await once(spec); // warm-up, and the answer to check
    if (res.statusCode === 200) totals.set(spec.queryId, (res.json() as { total: number }).total);
    else failures++;
  }
  const search: number[] = [];
  const service: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const spec = specs[i % specs.length];
    const { ms, res } = await once(spec);
    if (res.statusCode !== 200) failures++;
    search.push(ms);
    service.push(await direct(spec.queryId));
    const h0 = performance.now();
    await app.inject({ method: 'GET', url: '/api/health' });
    health.push(performance.now() - h0);
  }
  return { search: summarize(search), service: summarize(service), health: summarize(health), totals, failures };
}

export interface LoadResult {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latency: Latency;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon in a child process, so the load generator does not share the server's event loop. */
export async function loadTest(app: FastifyInstance, specs: HttpRequestSpec[], connections: number, durationSeconds: number): Promise<LoadResult> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cannon.ts');
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const result = await new Promise<LoadResult>((resolve, reject) => {
      child.once('message', (m) => resolve(m as LoadResult));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`autocannon process exited with ${code}`)));
      child.send({ url: address, connections, durationSeconds, requests: specs.map((s) => ({ method: 'GET', path: s.path, headers: { cookie: s.cookie } })) });
    });
    child.removeAllListeners('exit');
    child.disconnect();
    return result;
  } finally {
    await app.close();
  }
}
