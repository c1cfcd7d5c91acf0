/**
 * One database's benchmark, run in its own process (so RSS figures belong to that database alone):
 * migrate → seed (timed, RSS sampled) → pick queries → design pass before ANALYZE → VACUUM ANALYZE →
 * design vs baseline, interleaved round by round → HTTP (inject, then autocannon) → EXPLAIN ANALYZE
 * of the slowest design queries. Writes bench/results/<date>-foundation-<db>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { likeEscape, num, rows, type Database, type Db } from '../../server/src/platform/db';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { seedDemo } from '../../server/src/demo/seed';
import { baselineSearch, designSearch, PAGE_SIZE, townActor, type Answer } from './search';
import { NAME_SEARCH_CAP } from '../../server/src/modules/people/service';
import { pickQueries, type SearchQuery } from './queries';
import { explainDesign, type Explained } from './explain';
import { injectSample, loadTest, signInTownOfficers, startApp, type LoadResult } from './http';
import { dirSizeBytes, openTarget, type DbKind } from './targets';
import { median, ratio, round, summarize, type Latency } from './stats';

export const COUNTY = '320582';
export const TARGET_P95_MS = 50;
export const RESULTS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../results');

export interface BenchOptions {
  scale: 'demo' | 'county';
  /** Why this database runs at a scale other than the requested one (PGlite override), if it does. */
  scaleNote: string | null;
  queries: number;
  iterations: number;
  baselineIterations: number;
  baselineBudgetSeconds: number;
  preAnalyzeBudgetSeconds: number;
  httpIterations: number;
  httpConnections: number;
  httpDurationSeconds: number;
  explainCount: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function log(kind: DbKind, msg: string) {
  console.log(`[${kind}] ${new Date().toISOString().slice(11, 19)} ${msg}`);
}

interface QueryStats {
  query: SearchQuery;
  design: number[];
  baseline: number[];
  designAnswer?: Answer;
  baselineAnswer?: Answer;
}

export async function runSuite(kind: DbKind, location: string, label: string, opts: BenchOptions) {
  const wallStart = performance.now();
  const startedAt = new Date();
  const loadAtStart = os.loadavg().map((v) => round(v));
  const rssStart = process.memoryUsage().rss;
  const database = await openTarget(kind, location);
  const migrateSeconds = round((performance.now() - wallStart) / 1000);
  const db = database.db;
  const version = (await rows<{ v: string }>(db, sql`select version() as v`))[0].v;
  log(kind, `${version.split(',')[0]} — ${label}; seeding ${opts.scale} scale${opts.scaleNote ? ` (${opts.scaleNote})` : ''}`);

  // ---- seeding
  let rssPeak = process.memoryUsage().rss;
  const sample = () => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss));
  const sampler = setInterval(sample, 500);
  const seedStart = performance.now();
  let lastLog = 0;
  const report = await seedDemo(database, PiiVault.random(), COUNTY, {
    scale: opts.scale,
    modules: false, // this suite measures the foundation; the module suites seed their own data
    onProgress: (done, total, persons) => {
      sample();
      const now = performance.now();
      if (now - lastLog > 30_000 || done === total) {
        lastLog = now;
        const s = (now - seedStart) / 1000;
        log(kind, `seeded ${done}/${total} villages, ${persons.toLocaleString('en')} persons, ${Math.round(persons / s).toLocaleString('en')} persons/s, rss ${mb(process.memoryUsage().rss)} MB`);
      }
    },
  });
  clearInterval(sampler);
  sample();
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const rssAfterSeed = process.memoryUsage().rss;
  const dataset = await datasetCounts(database, location);
  const totalRows = dataset.regions + dataset.households + dataset.persons + dataset.partyOrgs + dataset.partyMemberships + dataset.organizations + dataset.users;
  const seeding = {
    seconds: round(seedSeconds, 1),
    reportedSeconds: report.seconds,
    migrateSeconds,
    rowsInserted: totalRows,
    rowsPerSecond: Math.round(totalRows / seedSeconds),
    personsPerSecond: Math.round(dataset.persons / seedSeconds),
    rssMb: { beforeOpen: mb(rssStart), peak: mb(rssPeak), afterSeed: mb(rssAfterSeed), processMaxRss: Math.round(process.resourceUsage().maxRSS / 1024) },
    rssNote: kind === 'pg' ? 'Node process only (the PostgreSQL server is a separate process)' : 'Node process including the PGlite WASM heap',
  };
  log(kind, `seeding: ${seeding.seconds} s, ${seeding.rowsPerSecond.toLocaleString('en')} rows/s, peak rss ${seeding.rssMb.peak} MB; ${dataset.persons.toLocaleString('en')} persons`);

  // ---- queries
  const queries = await pickQueries(db, opts.queries);
  const stats: QueryStats[] = queries.map((query) => ({ query, design: [], baseline: [] }));
  const actors = new Map(queries.map((q) => [q.town.code, townActor(COUNTY, q.town.path)]));
  const actorOf = (q: SearchQuery) => actors.get(q.town.code)!;

  // ---- design before ANALYZE: what a fresh database serves until statistics exist
  const autoAnalyzed = kind === 'pg'
    ? (await rows<{ t: unknown }>(db, sql`select last_autoanalyze as t from pg_stat_user_tables where relname = 'persons'`))[0]?.t != null
    : false;
  const pre: number[] = [];
  const preStart = performance.now();
  for (const q of queries) {
    if (performance.now() - preStart > opts.preAnalyzeBudgetSeconds * 1000) break;
    pre.push((await designSearch(db, actorOf(q), q)).ms);
  }
  const beforeAnalyze = { latency: summarize(pre), queriesRun: pre.length, autoAnalyzedAlready: autoAnalyzed };
  log(kind, `design before ANALYZE: p50 ${beforeAnalyze.latency.p50} ms, p95 ${beforeAnalyze.latency.p95} ms over ${pre.length} queries${autoAnalyzed ? ' (autovacuum had already analyzed persons)' : ''}`);

  const analyzeStart = performance.now();
  await database.exec('vacuum (analyze)');
  const analyzeSeconds = round((performance.now() - analyzeStart) / 1000, 1);
  log(kind, `VACUUM (ANALYZE): ${analyzeSeconds} s`);

  // ---- design vs baseline, interleaved
  for (const s of stats) s.designAnswer = await designSearch(db, actorOf(s.query), s.query); // warm-up pass
  await baselineSearch(db, queries[0]); // warm-up: brings the table into cache
  const rounds = Math.ceil(opts.iterations / queries.length);
  let baselineSpent = 0;
  let baselineDone = 0;
  for (let r = 0; r < rounds; r++) {
    for (const s of stats) s.design.push((await designSearch(db, actorOf(s.query), s.query)).ms);
    // Spread the baseline evenly over the rounds, in runs and in time, so both sides share the noise.
    const chunkBudget = (opts.baselineBudgetSeconds * 1000 - baselineSpent) / (rounds - r);
    const chunkTarget = baselineDone + Math.ceil((opts.baselineIterations - baselineDone) / (rounds - r));
    const chunkStart = performance.now();
    while (baselineDone < chunkTarget && (performance.now() - chunkStart < chunkBudget || baselineDone === 0)) {
      const s = stats[baselineDone % stats.length];
      const answer = await baselineSearch(db, s.query);
      s.baseline.push(answer.ms);
      s.baselineAnswer ??= answer;
      baselineDone++;
    }
    baselineSpent += performance.now() - chunkStart;
    log(kind, `round ${r + 1}/${rounds}: design p50 so far ${median(stats.flatMap((s) => s.design)).toFixed(1)} ms; baseline ${baselineDone} runs, p50 ${median(stats.flatMap((s) => s.baseline)).toFixed(0)} ms`);
  }
  const designAll = stats.flatMap((s) => s.design);
  const baselineAll = stats.flatMap((s) => s.baseline);
  const design = summarize(designAll);
  const baseline = summarize(baselineAll);
  // Same-query comparison: the design figures restricted to the queries the baseline reached.
  const covered = stats.filter((s) => s.baseline.length > 0);
  const designCovered = summarize(covered.flatMap((s) => s.design));
  const perQueryRatios = covered.map((s) => median(s.baseline) / median(s.design));
  // Uncapped answers must equal the baseline's (total and first page). A capped one (over
  // NAME_SEARCH_CAP matches) must be capped in the baseline too, and its page must be people of
  // that town whose name holds the fragment (checked as superuser).
  const mismatches: { queryId: number; q: string; town: string; designTotal: number; baselineTotal: number; capped: boolean }[] = [];
  for (const s of covered) {
    const d = s.designAnswer;
    const b = s.baselineAnswer;
    if (!d || !b) continue;
    let ok: boolean;
    if (!d.capped) ok = d.total === b.total && d.ids.join() === b.ids.join();
    else {
      const [hit] = await rows<{ n: unknown }>(db, sql`select count(*) as n from persons where id = any(${`{${d.ids.join(',')}}`}::int[])
        and path <@ ${s.query.town.path}::ltree and name like ${'%' + likeEscape(s.query.q) + '%'}`);
      ok = b.total > NAME_SEARCH_CAP && d.total === NAME_SEARCH_CAP && d.ids.length === Math.min(PAGE_SIZE, NAME_SEARCH_CAP) && num(hit!.n) === d.ids.length;
    }
    if (!ok) mismatches.push({ queryId: s.query.id, q: s.query.q, town: s.query.town.code, designTotal: d.total, baselineTotal: b.total, capped: !!d.capped });
  }
  const cappedQueries = covered.filter((s) => s.designAnswer?.capped).length;
  const perQuery = stats.map((s) => ({
    id: s.query.id,
    town: s.query.town.code,
    townName: s.query.town.name,
    q: s.query.q,
    kind: s.query.kind,
    total: s.designAnswer?.total ?? null,
    designMedianMs: round(median(s.design)),
    designMaxMs: round(Math.max(...s.design)),
    baselineMedianMs: s.baseline.length ? round(median(s.baseline)) : null,
  }));
  const search = {
    design: { ...design, note: `listPersons(db, townActor, { region, q, page: 1, pageSize: 20 }): withScope transaction; candidates from xz_person_name_search (town-qualified name lexemes, scope checked per candidate, counted up to ${NAME_SEARCH_CAP}); the page read under RLS as xz_app, with region names` },
    baseline: { ...baseline, budgetSeconds: opts.baselineBudgetSeconds, queriesCovered: covered.length, note: 'superuser (no RLS), persons ⋈ regions on code prefix, name LIKE, index/bitmap/index-only scans off; count + first page' },
    designOnCoveredQueries: designCovered,
    ratio: {
      p50: ratio(baseline.p50, designCovered.p50),
      p95: ratio(baseline.p95, designCovered.p95),
      medianPerQuery: round(median(perQueryRatios), 1),
      meaning: 'baseline / design on the same queries: how many times faster the scope/index design is',
    },
    correctness: { compared: covered.length, capped: cappedQueries, cap: NAME_SEARCH_CAP, mismatches },
    beforeAnalyze,
    analyzeSeconds,
    slowestDesignQueries: [...perQuery].sort((a, b) => b.designMedianMs - a.designMedianMs).slice(0, 5),
  };
  log(kind, `design p50 ${design.p50} / p95 ${design.p95} / p99 ${design.p99} ms; baseline p50 ${baseline.p50} / p95 ${baseline.p95} ms (${baseline.n} runs); ratio p50 ×${search.ratio.p50}`);
  if (mismatches.length) log(kind, `WARNING: ${mismatches.length} queries answer differently in design and baseline`);

  // ---- EXPLAIN ANALYZE of the slowest design queries
  const explained: Explained[] = [];
  for (const slow of search.slowestDesignQueries.slice(0, opts.explainCount)) explained.push(await explainDesign(db, COUNTY, queries[slow.id]));

  // ---- HTTP
  log(kind, 'HTTP: signing in town officers');
  const vault = PiiVault.random();
  let app = await startApp(database, vault, COUNTY);
  const specs = await signInTownOfficers(app, database, COUNTY, queries);
  const inject = await injectSample(app, specs, opts.httpIterations, async (id) => (await designSearch(db, actorOf(queries[id]), queries[id])).ms);
  const httpMismatches = specs.filter((s) => inject.totals.get(s.queryId) !== stats[s.queryId].designAnswer?.total).map((s) => s.queryId);
  await app.close();
  log(kind, `HTTP inject: p50 ${inject.search.p50} / p95 ${inject.search.p95} ms; same queries through the service p50 ${inject.service.p50} / p95 ${inject.service.p95} ms; health p50 ${inject.health.p50} ms`);
  app = await startApp(database, vault, COUNTY);
  let load: LoadResult | { error: string };
  try {
    load = await loadTest(app, specs, opts.httpConnections, opts.httpDurationSeconds);
    log(kind, `HTTP load (${opts.httpConnections} connections, ${opts.httpDurationSeconds} s): ${load.requestsPerSecond} req/s, p50 ${load.latency.p50} / p95 ${load.latency.p95} ms, non-2xx ${load.non2xx}`);
  } catch (e) {
    load = { error: (e as Error).message };
    log(kind, `HTTP load failed: ${load.error}`);
  }
  const http = {
    inject: {
      search: inject.search,
      service: inject.service,
      health: inject.health,
      ratio: { p50: ratio(inject.search.p50, inject.service.p50), p95: ratio(inject.search.p95, inject.service.p95), meaning: 'HTTP / service function, measured alternately on the same queries' },
      failures: inject.failures,
      totalsDifferingFromService: httpMismatches,
    },
    load,
    note: 'GET /api/persons?region=<town>&q=<fragment>&page=1&pageSize=20 with a town_officer session cookie',
  };

  const sizes = await databaseSizes(database, kind, location);
  const result = {
    benchmark: 'foundation',
    db: kind === 'pg' ? 'postgres' : 'pglite',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    scale: opts.scale,
    scaleNote: opts.scaleNote,
    machine: { ...machineInfo(), loadAverageAtStart: loadAtStart },
    database: { kind: database.kind, version, location: kind === 'pg' ? label : 'temporary folder (removed)', ...sizes },
    dataset,
    seeding,
    queries: perQuery,
    search,
    http,
    explain: explained,
    options: opts,
    target: {
      p95Ms: TARGET_P95_MS,
      designP95Ms: design.p95,
      met: design.p95 < TARGET_P95_MS,
      applies: kind === 'pg' && opts.scale === 'county',
    },
  };
  await database.close();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${startedAt.toISOString().slice(0, 10)}-foundation-${result.db}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(kind, `wrote ${path.relative(process.cwd(), file)} (${result.wallSeconds} s)`);
  return { file, result };
}

export type SuiteResult = Awaited<ReturnType<typeof runSuite>>['result'];

async function datasetCounts(database: Database, _location: string) {
  const [c] = await rows<Record<string, unknown>>(database.db, sql`select
    (select count(*) from regions) as regions,
    (select count(*) from regions where level = 'town') as towns,
    (select count(*) from regions where level = 'village') as villages,
    (select count(*) from regions where level = 'natural_village') as natural_villages,
    (select count(*) from regions where level = 'group') as groups,
    (select count(*) from households) as households,
    (select count(*) from persons) as persons,
    (select count(*) from party_orgs) as party_orgs,
    (select count(*) from party_memberships) as party_memberships,
    (select count(*) from organizations) as organizations,
    (select count(*) from users) as users`);
  return {
    regions: num(c.regions), towns: num(c.towns), villages: num(c.villages), naturalVillages: num(c.natural_villages), groups: num(c.groups),
    households: num(c.households), persons: num(c.persons), partyOrgs: num(c.party_orgs), partyMemberships: num(c.party_memberships),
    organizations: num(c.organizations), users: num(c.users),
  };
}

async function databaseSizes(database: Database, kind: DbKind, location: string) {
  const [s] = await rows<Record<string, unknown>>(database.db, sql`select pg_database_size(current_database()) as db, pg_total_relation_size('persons') as persons,
    pg_relation_size('persons') as persons_heap, pg_relation_size('persons_name_gin') as name_gin, pg_relation_size('persons_path_gist') as path_gist`);
  return {
    sizeMb: {
      database: mb(num(s.db)),
      personsTotal: mb(num(s.persons)),
      personsHeap: mb(num(s.persons_heap)),
      personsNameGin: mb(num(s.name_gin)),
      personsPathGist: mb(num(s.path_gist)),
      ...(kind === 'pglite' ? { dataFolder: mb(dirSizeBytes(location)) } : {}),
    },
  };
}

/** The PostgreSQL settings that decide how much of a large table's work stays in memory (for the result files). */
export async function serverSettings(db: Db): Promise<Record<string, string>> {
  const names = ['shared_buffers', 'effective_cache_size', 'work_mem', 'max_wal_size', 'checkpoint_timeout', 'synchronous_commit', 'wal_compression', 'huge_pages'];
  const list = await rows<{ name: string; value: string }>(db, sql.raw(`select name, setting || coalesce(' ' || unit, '') as value from pg_settings where name in (${names.map((n) => `'${n}'`).join(', ')}) order by name`));
  return { ...Object.fromEntries(list.map((r) => [r.name, r.value])), ...hugePagesOfThisMachine() };
}

/**
 * This machine's huge pages (a local server's shared buffers live in them when huge_pages is on or
 * "try" and enough are reserved: in a VM that took a town's list from 515 to 35 ms, see
 * docs/OPERATIONS.md). Total is what the machine set aside (vm.nr_hugepages); Rsvd counts pages a
 * running server has claimed but not touched yet: Rsvd above zero, or Free below Total, means a
 * server uses them.
 */
function hugePagesOfThisMachine(): Record<string, string> {
  try {
    const info = fs.readFileSync('/proc/meminfo', 'utf8');
    const field = (name: string) => info.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] ?? '?';
    return { 'machine HugePages_Total': field('HugePages_Total'), 'machine HugePages_Free': field('HugePages_Free'), 'machine HugePages_Rsvd': field('HugePages_Rsvd'), 'machine Hugepagesize kB': field('Hugepagesize') };
  } catch {
    return {};
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((v) => round(v)),
  };
}

export type { Latency };
