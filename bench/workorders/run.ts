/**
 * `npm run bench:workorders` (also suite `workorders` of `npm run bench`): the work-order command
 * centre benchmark (issue 3, "Performance"). For each database (PostgreSQL, PGlite) a child
 * process seeds the county's regions and grids, bulk-generates a year of work orders, and measures
 *  1. intake through the HTTP API at 32 connections (as fast as it goes, then at 500/s), against
 *     raw single-row INSERTs of the same rows;
 *  2. point → grid routing over all grids, against a linear scan of the outlines;
 *  3. list/filter through the service (scope, status, category, date range, Chinese keyword),
 *     against the same conditions by sequential scan;
 *  4. the monthly three-rate ranking of all towns and all villages, against a plain GROUP BY.
 * The parent creates and removes the databases (also on failure or Ctrl-C). See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { num, rows, type Database } from '../../server/src/platform/db';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { seedDemo } from '../../server/src/demo/seed';
import { countyRouting, locatePointIn } from '../../server/src/modules/workorders/routing';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, dirSizeBytes, openTarget, type DbKind, type Target } from '../lib/targets';
import { startApp } from '../lib/http';
import { machineInfo, RESULTS_DIR, serverSettings } from '../lib/suite';
import { median, ratio, round, summarize } from '../lib/stats';
import { generateOrders, groupPoints, type GenerateReport } from './generate';
import { hotlineSession, intakeBodies, intakeLoad, rawInserts, type IntakeLoad, type RawInsertResult } from './intake';
import { baselineList, baselineRanking, designList, designRanking, listScenarios, rankingMismatches, type ListAnswer } from './lists';
import { int } from '../lib/env';

const COUNTY = '320582';
const env = process.env;

export const TARGETS = {
  intakePerSecond: 1000,
  intakeP99MsAt500: 50,
  listP95Ms: 100,
  rankingMs: 200,
};

export interface WoOptions {
  scale: 'demo' | 'county';
  orders: number;
  batchSize: number;
  intakeConnections: number;
  intakeDurationSeconds: number;
  intakeRate: number;
  intakeRateDurationSeconds: number;
  rawRows: number;
  routingPoints: number;
  listIterations: number;
  baselineBudgetSeconds: number;
  rankingIterations: number;
  note: string | null;
}


const log = (kind: DbKind, m: string) => console.log(`[${kind}] ${m}`);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

// =============================================================================================
// The suite, in the child process

async function runSuite(kind: DbKind, location: string, label: string, opts: WoOptions) {
  const startedAt = new Date();
  const wallStart = performance.now();
  const loadAtStart = os.loadavg().map((v) => round(v));
  const loadSamples: number[][] = [];
  const loadTimer = setInterval(() => loadSamples.push(os.loadavg()), 10_000);
  loadTimer.unref();
  log(kind, `opening ${kind === 'pg' ? label : 'PGlite in a temp folder'}; ${opts.orders.toLocaleString('en')} orders`);
  const database = await openTarget(kind, location);
  const { db } = database;
  const [{ version }] = await rows<{ version: string }>(db, sql`select version() as version`);

  // ---- foundation: regions and grids of the real county
  const vault = PiiVault.random();
  const seedStart = performance.now();
  // BENCH_WO_SEEDED=1: the database given already holds the foundation (development aid: clone a seeded template).
  if (env.BENCH_WO_SEEDED !== '1') await seedDemo(database, vault, COUNTY, { scale: 'demo', modules: false });
  const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
  const [regionCounts] = await rows<Record<string, unknown>>(db, sql`select count(*) filter (where level = 'town') as towns, count(*) filter (where level = 'village') as villages, count(*) filter (where level = 'group') as grids from regions`);
  log(kind, `foundation seeded in ${seedSeconds} s: ${num(regionCounts.towns)} towns, ${num(regionCounts.villages)} villages, ${num(regionCounts.grids)} grids`);

  // ---- a year of orders
  const now = new Date();
  const generation: GenerateReport = await generateOrders(database, COUNTY, { orders: opts.orders, batchSize: opts.batchSize, now, log: (m) => log(kind, m) });
  log(kind, `generated ${generation.orders.toLocaleString('en')} orders in ${generation.totalSeconds} s (insert ${generation.insertSeconds} s = ${generation.insertRowsPerSecond.toLocaleString('en')} rows/s, indexes ${generation.indexSeconds} s, monthly figures ${generation.statsSeconds} s, VACUUM ANALYZE ${generation.analyzeSeconds} s, CHECKPOINT ${generation.checkpointSeconds} s)`);

  // BENCH_WO_PHASES (development aid): only some of routing, lists, ranking, intake.
  const phases = new Set((env.BENCH_WO_PHASES || 'routing,lists,ranking,intake').split(','));
  const skip = <T>(name: string, fn: () => Promise<T>): Promise<T> => (phases.has(name) ? fn() : Promise.resolve(null as T));
  const routing = await skip('routing', () => routingBench(database, opts.routingPoints, kind));
  const lists = await skip('lists', () => listBench(db, now, opts, kind));
  const ranking = await skip('ranking', () => rankingBench(db, now, opts, kind));
  // Intake last: it adds orders to the current month.
  const intake = await skip('intake', () => intakeBench(database, vault, opts, kind));
  if (!routing || !lists || !ranking || !intake) {
    log(kind, `phases run: ${[...phases].join(', ')} (BENCH_WO_PHASES); no result file written`);
    await database.close();
    process.exit(0);
  }

  const sizes = await rows<Record<string, unknown>>(db, sql`select pg_database_size(current_database()) as db, pg_total_relation_size('wo_orders') as orders, pg_relation_size('wo_orders') as heap`);
  const [{ n: orderCount }] = await rows<{ n: unknown }>(db, sql`select count(*) as n from wo_orders`);
  clearInterval(loadTimer);
  const loads = loadSamples.map((l) => l[0]);
  const result = {
    benchmark: 'workorders',
    db: kind === 'pg' ? 'postgres' : 'pglite',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    note: opts.note,
    machine: { ...machineInfo(), loadAverageAtStart: loadAtStart, loadAverage1mDuringRun: loads.length ? { min: round(Math.min(...loads)), median: round(median(loads)), max: round(Math.max(...loads)) } : null },
    database: {
      kind: database.kind,
      version,
      settings: kind === 'pg' ? await serverSettings(db) : null,
      location: kind === 'pg' ? label : 'temporary folder (removed)',
      sizeMb: { database: mb(num(sizes[0].db)), woOrdersTotal: mb(num(sizes[0].orders)), woOrdersHeap: mb(num(sizes[0].heap)), ...(kind === 'pglite' ? { dataFolder: mb(dirSizeBytes(location)) } : {}) },
    },
    dataset: { towns: num(regionCounts.towns), villages: num(regionCounts.villages), grids: num(regionCounts.grids), ordersGenerated: opts.orders, ordersAtEnd: num(orderCount), foundationSeedSeconds: seedSeconds },
    generation,
    intake,
    routing,
    lists,
    ranking,
    options: opts,
    targets: {
      intake: { target: `≥ ${TARGETS.intakePerSecond} orders/s at ${opts.intakeConnections} connections`, value: intake.max.createdPerSecond, met: intake.max.createdPerSecond >= TARGETS.intakePerSecond },
      intakeP99At500: { target: `p99 ≤ ${TARGETS.intakeP99MsAt500} ms at ${opts.intakeRate}/s`, value: intake.fixedRate.latency.p99, met: intake.fixedRate.latency.p99 <= TARGETS.intakeP99MsAt500 && intake.fixedRate.createdPerSecond >= opts.intakeRate * 0.95 },
      listP95: { target: `p95 ≤ ${TARGETS.listP95Ms} ms`, value: lists.design.p95, met: lists.design.p95 <= TARGETS.listP95Ms },
      rankingTown: { target: `≤ ${TARGETS.rankingMs} ms`, value: ranking.town.design.p95, met: ranking.town.design.p95 <= TARGETS.rankingMs },
      rankingVillage: { target: `≤ ${TARGETS.rankingMs} ms`, value: ranking.village.design.p95, met: ranking.village.design.p95 <= TARGETS.rankingMs },
      applies: kind === 'pg' && opts.orders >= 3_650_000,
    },
  };
  await database.close();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${startedAt.toISOString().slice(0, 10)}-workorders-${result.db}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(kind, `wrote ${path.relative(process.cwd(), file)} (${result.wallSeconds} s)`);
  return { file, result };
}

export type WoResult = Awaited<ReturnType<typeof runSuite>>['result'];

// ---------------------------------------------------------------------------------------------

async function routingBench(database: Database, count: number, kind: DbKind) {
  const rt = await countyRouting(database.db, COUNTY);
  // Points: half inside grids (the usual GPS report), half anywhere in the county's bounding box
  // (between grids, in towns without grids, outside the county).
  const inside = await groupPoints(database, COUNTY, 4, 777);
  const [box] = await rows<{ minlon: unknown; maxlon: unknown; minlat: unknown; maxlat: unknown }>(
    database.db,
    sql`select min(lon) as minlon, max(lon) as maxlon, min(lat) as minlat, max(lat) as maxlat from wo_orders where county_code = ${COUNTY}`,
  );
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pts: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const p = inside[i % inside.length];
      pts.push([p.lon, p.lat]);
    } else {
      const pad = 0.02;
      pts.push([num(box.minlon) - pad + rand() * (num(box.maxlon) - num(box.minlon) + 2 * pad), num(box.minlat) - pad + rand() * (num(box.maxlat) - num(box.minlat) + 2 * pad)]);
    }
  }
  const design = (lon: number, lat: number) => {
    try {
      return locatePointIn(rt, COUNTY, lon, lat).path;
    } catch {
      return null;
    }
  };
  // The naive way: every grid outline in turn, then every village, then every town.
  const linear = (lon: number, lat: number) => {
    const code = rt.groups.linearLocate(lon, lat) ?? rt.villages.linearLocate(lon, lat) ?? rt.towns.linearLocate(lon, lat);
    return code ? rt.info.get(code)!.path : null;
  };
  for (const [lon, lat] of pts.slice(0, 200)) design(lon, lat); // warm-up
  const answers: (string | null)[] = [];
  const t0 = performance.now();
  for (const [lon, lat] of pts) answers.push(design(lon, lat));
  const designSeconds = (performance.now() - t0) / 1000;
  const linearCount = Math.min(pts.length, 5000);
  let mismatches = 0;
  const t1 = performance.now();
  for (let i = 0; i < linearCount; i++) if (linear(pts[i][0], pts[i][1]) !== answers[i]) mismatches++;
  const linearSeconds = (performance.now() - t1) / 1000;
  const out = {
    grids: rt.groups.size,
    villages: rt.villages.size,
    towns: rt.towns.size,
    points: pts.length,
    pointsInGrids: answers.filter((a) => a && a.split('.').length >= 4).length,
    design: { lookupsPerSecond: Math.round(pts.length / designSeconds), microsecondsPerLookup: round((designSeconds * 1e6) / pts.length, 2), note: 'locatePointIn: Flatbush R-tree over grid outlines + point-in-polygon, then village, then town' },
    baseline: { lookups: linearCount, lookupsPerSecond: Math.round(linearCount / linearSeconds), microsecondsPerLookup: round((linearSeconds * 1e6) / linearCount, 2), note: 'linear scan: point-in-polygon against every grid outline in turn, then villages, then towns' },
    ratio: ratio(pts.length / designSeconds, linearCount / linearSeconds),
    mismatches,
  };
  log(kind, `routing: ${out.design.lookupsPerSecond.toLocaleString('en')} lookups/s over ${out.grids} grids (linear scan ${out.baseline.lookupsPerSecond.toLocaleString('en')}/s, ×${out.ratio}); mismatches ${mismatches}`);
  return out;
}

async function listBench(db: Database['db'], now: Date, opts: WoOptions, kind: DbKind) {
  const scenarios = await listScenarios(db, COUNTY, now);
  const design = new Map<number, number[]>(scenarios.map((s) => [s.id, []]));
  const baseline = new Map<number, number[]>(scenarios.map((s) => [s.id, []]));
  const designAnswer = new Map<number, ListAnswer>();
  const baselineAnswer = new Map<number, ListAnswer>();
  // The design's answers just before and just after the baseline's first answer: a filter on now()
  // ("overdue") moves while the rounds run, so the warm-up's answer may no longer be the baseline's.
  const designAround = new Map<number, ListAnswer[]>();
  for (const s of scenarios) designAnswer.set(s.id, await designList(db, COUNTY, s)); // warm-up and the answer
  let baselineSpent = 0;
  let b = 0;
  for (let r = 0; r < opts.listIterations; r++) {
    for (const s of scenarios) design.get(s.id)!.push((await designList(db, COUNTY, s)).ms);
    // Interleave the baseline: a slice per round, within the budget.
    const share = (opts.baselineBudgetSeconds * 1000 - baselineSpent) / (opts.listIterations - r);
    const t0 = performance.now();
    while (performance.now() - t0 < share && b < scenarios.length * 3) {
      const s = scenarios[b % scenarios.length];
      const first = !baselineAnswer.has(s.id);
      const before = first ? await designList(db, COUNTY, s) : null;
      const a = await baselineList(db, COUNTY, s);
      baseline.get(s.id)!.push(a.ms);
      if (first) {
        baselineAnswer.set(s.id, a);
        designAround.set(s.id, [before!, await designList(db, COUNTY, s)]);
      }
      b++;
    }
    baselineSpent += performance.now() - t0;
  }
  const all = [...design.values()].flat();
  const covered = scenarios.filter((s) => baseline.get(s.id)!.length > 0);
  const per = scenarios.map((s) => ({
    id: s.id,
    label: s.label,
    scope: `${s.scope.level} ${s.scope.code}`,
    filter: s.filter,
    total: designAnswer.get(s.id)!.total,
    design: summarize(design.get(s.id)!),
    baselineMedianMs: baseline.get(s.id)!.length ? round(median(baseline.get(s.id)!)) : null,
    baselineTotal: baselineAnswer.get(s.id)?.total ?? null,
    totalCapped: designAnswer.get(s.id)!.capped ?? false,
    sameAnswer: baselineAnswer.has(s.id) ? designAround.get(s.id)!.some((d) => sameList(d, baselineAnswer.get(s.id)!)) : null,
  }));
  const designSummary = summarize(all);
  const baselineSummary = summarize([...baseline.values()].flat());
  const designCovered = summarize(covered.flatMap((s) => design.get(s.id)!));
  const out = {
    design: { ...designSummary, note: 'listOrders(db, actor, filter + page 1 of 20): withScope transaction (RLS as xz_app), count + page + category names' },
    baseline: { ...baselineSummary, scenariosCovered: covered.length, budgetSeconds: opts.baselineBudgetSeconds, note: 'superuser (no RLS), scope as path/handler_path <@, keyword by LIKE, index/bitmap/index-only scans off; count + page' },
    ratio: {
      p50: ratio(baselineSummary.p50, designCovered.p50),
      medianPerScenario: round(median(covered.map((s) => median(baseline.get(s.id)!) / median(design.get(s.id)!))), 1),
      meaning: 'baseline / design on the same scenarios: how many times faster the design is',
    },
    mismatches: per.filter((p) => p.sameAnswer === false).map((p) => ({ id: p.id, label: p.label, total: p.total, baselineTotal: p.baselineTotal })),
    scenarios: per,
  };
  log(kind, `lists: design p50 ${out.design.p50} / p95 ${out.design.p95} / p99 ${out.design.p99} ms over ${scenarios.length} scenarios; baseline p50 ${out.baseline.p50} ms (${out.baseline.n} runs); ratio ×${out.ratio.p50}; mismatches ${out.mismatches.length}`);
  for (const p of [...per].sort((x, y) => y.design.p95 - x.design.p95).slice(0, 4)) log(kind, `  slowest: ${p.label}: p95 ${p.design.p95} ms, total ${p.total}`);
  return out;
}

/** Same first page, and the same total (the design's count stops at LIST_COUNT_CAP: then the baseline's must be beyond it). */
function sameList(design: ListAnswer, baseline: ListAnswer): boolean {
  const totals = design.capped ? baseline.total >= design.total : baseline.total === design.total;
  return totals && design.ids.join() === baseline.ids.join();
}

async function rankingBench(db: Database['db'], now: Date, opts: WoOptions, kind: DbKind) {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const thisMonth = local.toISOString().slice(0, 7);
  const prev = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const months = [prev, thisMonth];
  const one = async (level: 'town' | 'village') => {
    const d: number[] = [];
    const bl: number[] = [];
    const mismatched: { month: string; codes: string[] }[] = [];
    let rowsOut = 0;
    let ranked = 0;
    for (const m of months) {
      const first = await designRanking(db, COUNTY, m, level);
      const base = await baselineRanking(db, COUNTY, m, level);
      const diff = rankingMismatches(first, base);
      if (diff.length) mismatched.push({ month: m, codes: diff.slice(0, 10) });
      rowsOut = Math.max(rowsOut, first.byCode.size);
      ranked = Math.max(ranked, first.ranked);
    }
    for (let i = 0; i < opts.rankingIterations; i++) {
      for (const m of months) {
        d.push((await designRanking(db, COUNTY, m, level)).ms);
        if (i % 4 === 0) bl.push((await baselineRanking(db, COUNTY, m, level)).ms);
      }
    }
    const design = summarize(d);
    const baseline = summarize(bl);
    return { months, rows: rowsOut, ranked, design, baseline, ratio: { p50: ratio(baseline.p50, design.p50), p95: ratio(baseline.p95, design.p95) }, mismatches: mismatched };
  };
  const town = await one('town');
  const village = await one('village');
  const out = {
    town,
    village,
    note: 'design: monthlyRates(db, countyActor, { month, level }) (settings, names, the figures under RLS, rates, composite, ranking, honor/warning lists); baseline: plain GROUP BY over wo_orders for the month as the superuser',
  };
  log(kind, `ranking: towns p50 ${town.design.p50} / p95 ${town.design.p95} ms (GROUP BY ${town.baseline.p50} ms, ×${town.ratio.p50}); villages p50 ${village.design.p50} / p95 ${village.design.p95} ms (GROUP BY ${village.baseline.p50} ms, ×${village.ratio.p50}); mismatches ${town.mismatches.length + village.mismatches.length}`);
  return out;
}

async function intakeBench(database: Database, vault: PiiVault, opts: WoOptions, kind: DbKind) {
  const app = await startApp(database, vault, COUNTY);
  try {
    const { cookie, csrf } = await hotlineSession(app, database, COUNTY);
    const points = await groupPoints(database, COUNTY, 4, 4242);
    const bodies = intakeBodies(points, 20_000);
    // Warm-up through inject (caches, JIT), checking the route answers 201.
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/workorders', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': `warm-${i}-${Date.now()}` }, payload: bodies[bodies.length - 1 - i] });
      if (res.statusCode !== 201) throw new Error(`intake warm-up failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
    // Replay check: the same key returns the first result.
    const replayKey = `replay-${Date.now()}`;
    const first = await app.inject({ method: 'POST', url: '/api/workorders', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': replayKey }, payload: bodies[0] });
    const again = await app.inject({ method: 'POST', url: '/api/workorders', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': replayKey }, payload: bodies[0] });
    const replayOk = again.headers['idempotent-replayed'] === 'true' && (again.json() as { order: { id: number } }).order.id === (first.json() as { order: { id: number } }).order.id;
    const [{ id: maxBefore }] = await rows<{ id: unknown }>(database.db, sql`select coalesce(max(id), 0) as id from wo_orders`);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const stamp = Date.now().toString(36);
    log(kind, `intake: ${opts.intakeConnections} connections for ${opts.intakeDurationSeconds} s, as fast as it goes`);
    const max: IntakeLoad = await intakeLoad(url, database, { connections: opts.intakeConnections, durationSeconds: opts.intakeDurationSeconds, overallRate: 0, cookie, csrf, keyPrefix: `max-${stamp}`, bodies });
    log(kind, `intake max: ${max.createdPerSecond} orders/s, p50 ${max.latency.p50} / p99 ${max.latency.p99} ms, statuses ${JSON.stringify(max.statuses)}; CPU per order ${JSON.stringify(max.cpuPerOrder)}`);
    log(kind, `intake: ${opts.intakeConnections} connections at ${opts.intakeRate}/s for ${opts.intakeRateDurationSeconds} s`);
    const fixedRate: IntakeLoad = await intakeLoad(url, database, { connections: opts.intakeConnections, durationSeconds: opts.intakeRateDurationSeconds, overallRate: opts.intakeRate, cookie, csrf, keyPrefix: `rate-${stamp}`, bodies: [...bodies].reverse() });
    log(kind, `intake at ${opts.intakeRate}/s: ${fixedRate.createdPerSecond} orders/s, p50 ${fixedRate.latency.p50} / p95 ${fixedRate.latency.p95} / p99 ${fixedRate.latency.p99} ms`);
    await app.close();
    const [{ n: created }] = await rows<{ n: unknown }>(database.db, sql`select count(*) as n from wo_orders where id > ${num(maxBefore)}`);
    const raw: RawInsertResult = await rawInserts(database, num(maxBefore), opts.rawRows, opts.intakeConnections);
    log(kind, `raw single-row INSERTs of ${raw.rows.toLocaleString('en')} of those rows, ${raw.connections} connections: ${raw.rowsPerSecond.toLocaleString('en')} rows/s, p50 ${raw.latency.p50} / p99 ${raw.latency.p99} ms`);
    return {
      route: 'POST /api/workorders (source hotline, dispatcher session cookie, Idempotency-Key per request, a point inside a random grid, caller name and phone)',
      max,
      fixedRate,
      ordersCreatedInDb: num(created),
      replayReturnsFirstResult: replayOk,
      raw,
      ratio: { intakeToRaw: round(max.createdPerSecond / raw.rowsPerSecond, 3), meaning: 'HTTP intake orders/s ÷ raw single-row INSERT rows/s (same rows, same table): the share of raw write throughput the full intake keeps' },
    };
  } finally {
    await app.close().catch(() => undefined);
  }
}

// =============================================================================================
// The parent: databases, children, the table and the summary

function optionsFor(kind: DbKind, scale: 'demo' | 'county'): WoOptions {
  const full = scale === 'county';
  const pgOrders = int('BENCH_WO_ORDERS', full ? 3_650_000 : 100_000);
  const pgliteDefault = Math.min(pgOrders, full ? 200_000 : 50_000);
  const orders = kind === 'pg' ? pgOrders : int('BENCH_WO_PGLITE_ORDERS', pgliteDefault);
  return {
    scale,
    orders,
    batchSize: int('BENCH_WO_BATCH', kind === 'pg' ? 250_000 : 50_000),
    intakeConnections: int('BENCH_WO_CONNECTIONS', 32),
    intakeDurationSeconds: int('BENCH_WO_INTAKE_S', full ? 30 : 10),
    intakeRate: int('BENCH_WO_RATE', 500),
    intakeRateDurationSeconds: int('BENCH_WO_RATE_S', full ? 20 : 8),
    rawRows: int('BENCH_WO_RAW_ROWS', full ? 20_000 : 5_000),
    routingPoints: int('BENCH_WO_ROUTING_POINTS', 200_000),
    listIterations: int('BENCH_WO_LIST_ITERATIONS', full ? 20 : 8),
    baselineBudgetSeconds: int('BENCH_WO_BASELINE_BUDGET_S', full ? 150 : 30),
    rankingIterations: int('BENCH_WO_RANKING_ITERATIONS', full ? 20 : 8),
    note:
      kind === 'pglite' && orders !== pgOrders
        ? `PGlite ran ${orders.toLocaleString('en')} orders (BENCH_WO_PGLITE_ORDERS), not ${pgOrders.toLocaleString('en')}: its figures are not comparable with PostgreSQL's`
        : null,
  };
}

async function child(): Promise<void> {
  const kind = env.BENCH_CHILD as DbKind;
  const opts = JSON.parse(env.BENCH_OPTIONS!) as WoOptions;
  const { file } = await runSuite(kind, env.BENCH_LOCATION!, env.BENCH_LABEL!, opts);
  process.send!({ file }, undefined, {}, () => process.exit(0));
}

function runChild(target: Target, opts: WoOptions, onStart: (c: ChildProcess) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [], {
      env: { ...env, BENCH_CHILD: target.kind, BENCH_LOCATION: target.location, BENCH_LABEL: target.label, BENCH_OPTIONS: JSON.stringify(opts) },
      execArgv: [...process.execArgv, '--max-old-space-size=4096'],
    });
    onStart(c);
    let file: string | null = null;
    c.on('message', (m) => (file = (m as { file: string }).file));
    c.on('error', reject);
    // A run of only some phases (BENCH_WO_PHASES) ends without a result file on purpose: '' then.
    c.on('exit', (code, signal) =>
      file ? resolve(file) : code === 0 && env.BENCH_WO_PHASES ? resolve('') : reject(new Error(`workorders benchmark for ${target.kind} failed (exit ${code ?? signal})`)),
    );
  });
}

function summaryOf(r: WoResult, file: string) {
  return {
    file,
    db: r.db,
    version: r.database.version.split(' on ')[0],
    orders: r.dataset.ordersGenerated,
    note: r.note,
    wallSeconds: r.wallSeconds,
    load: r.machine.loadAverage1mDuringRun,
    generation: { seconds: r.generation.totalSeconds, insertSeconds: r.generation.insertSeconds, insertRowsPerSecond: r.generation.insertRowsPerSecond, indexSeconds: r.generation.indexSeconds, statsSeconds: r.generation.statsSeconds, analyzeSeconds: r.generation.analyzeSeconds, databaseMb: r.database.sizeMb.database },
    intake: {
      maxPerSecond: r.intake.max.createdPerSecond,
      maxLatency: { p50: r.intake.max.latency.p50, p95: r.intake.max.latency.p95, p99: r.intake.max.latency.p99 },
      non201: r.intake.max.requests - r.intake.max.created,
      atRate: { rate: r.intake.fixedRate.overallRate, perSecond: r.intake.fixedRate.createdPerSecond, p50: r.intake.fixedRate.latency.p50, p95: r.intake.fixedRate.latency.p95, p99: r.intake.fixedRate.latency.p99 },
      rawRowsPerSecond: r.intake.raw.rowsPerSecond,
      ratioToRaw: r.intake.ratio.intakeToRaw,
    },
    routing: { grids: r.routing.grids, perSecond: r.routing.design.lookupsPerSecond, linearPerSecond: r.routing.baseline.lookupsPerSecond, ratio: r.routing.ratio, mismatches: r.routing.mismatches },
    lists: { p50: r.lists.design.p50, p95: r.lists.design.p95, p99: r.lists.design.p99, baselineP50: r.lists.baseline.p50, ratio: r.lists.ratio.p50, mismatches: r.lists.mismatches.length },
    ranking: {
      town: { p50: r.ranking.town.design.p50, p95: r.ranking.town.design.p95, baselineP50: r.ranking.town.baseline.p50, ratio: r.ranking.town.ratio.p50 },
      village: { p50: r.ranking.village.design.p50, p95: r.ranking.village.design.p95, baselineP50: r.ranking.village.baseline.p50, ratio: r.ranking.village.ratio.p50 },
      mismatches: r.ranking.town.mismatches.length + r.ranking.village.mismatches.length,
    },
    targets: r.targets,
  };
}
type Summary = ReturnType<typeof summaryOf>;

function printTable(summaries: Summary[], skipped: string[]) {
  const n = (v: number) => v.toLocaleString('en');
  const met = (t: { met: boolean }, applies: boolean) => `${t.met ? 'met' : 'NOT met'}${applies ? '' : ' (target is for PG, 3.65 M)'}`;
  const line = (label: string, values: string[]) => console.log(label.padEnd(42) + values.map((v) => v.padEnd(46)).join(''));
  console.log('\nXiangzhi work-order benchmark — Zhangjiagang 320582');
  line('', summaries.map((s) => `${s.db === 'postgres' ? 'PostgreSQL' : 'PGlite'} (${n(s.orders)} orders)`));
  line('', summaries.map((s) => s.version.replace('PostgreSQL ', 'PG ')));
  line('load average (1 min) during run', summaries.map((s) => (s.load ? `${s.load.min}–${s.load.max} (median ${s.load.median})` : '–')));
  line('generation: total / insert', summaries.map((s) => `${s.generation.seconds} s / ${s.generation.insertSeconds} s (${n(s.generation.insertRowsPerSecond)} rows/s)`));
  line('  indexes, monthly figures, ANALYZE', summaries.map((s) => `${s.generation.indexSeconds} s, ${s.generation.statsSeconds} s, ${s.generation.analyzeSeconds} s; ${n(s.generation.databaseMb)} MB`));
  line('intake HTTP c32: orders/s', summaries.map((s) => `${s.intake.maxPerSecond}/s (p50 ${s.intake.maxLatency.p50} / p99 ${s.intake.maxLatency.p99} ms, non-201 ${s.intake.non201})`));
  line('  at fixed rate: p50 / p95 / p99', summaries.map((s) => `${s.intake.atRate.perSecond}/${s.intake.atRate.rate} per s: ${s.intake.atRate.p50} / ${s.intake.atRate.p95} / ${s.intake.atRate.p99} ms`));
  line('  raw single-row INSERTs, ratio', summaries.map((s) => `${n(s.intake.rawRowsPerSecond)} rows/s; intake = ${s.intake.ratioToRaw} × raw`));
  line('routing lookups/s (linear scan)', summaries.map((s) => `${n(s.routing.perSecond)}/s (${n(s.routing.linearPerSecond)}/s) ×${s.routing.ratio}, ${s.routing.grids} grids`));
  line('lists p50 / p95 / p99', summaries.map((s) => `${s.lists.p50} / ${s.lists.p95} / ${s.lists.p99} ms`));
  line('  seq-scan baseline p50, ratio', summaries.map((s) => `${s.lists.baselineP50} ms, ×${s.lists.ratio}; mismatches ${s.lists.mismatches}`));
  line('ranking towns p50 / p95 (GROUP BY)', summaries.map((s) => `${s.ranking.town.p50} / ${s.ranking.town.p95} ms (${s.ranking.town.baselineP50} ms, ×${s.ranking.town.ratio})`));
  line('ranking villages p50 / p95 (GROUP BY)', summaries.map((s) => `${s.ranking.village.p50} / ${s.ranking.village.p95} ms (${s.ranking.village.baselineP50} ms, ×${s.ranking.village.ratio})`));
  line('target intake ≥ 1,000/s', summaries.map((s) => met(s.targets.intake, s.targets.applies)));
  line('target intake p99 ≤ 50 ms at 500/s', summaries.map((s) => met(s.targets.intakeP99At500, s.targets.applies)));
  line('target lists p95 ≤ 100 ms', summaries.map((s) => met(s.targets.listP95, s.targets.applies)));
  line('target ranking ≤ 200 ms (towns, villages)', summaries.map((s) => `${met(s.targets.rankingTown, s.targets.applies)}, ${met(s.targets.rankingVillage, s.targets.applies)}`));
  line('wall time', summaries.map((s) => `${s.wallSeconds} s`));
  for (const s of summaries) if (s.note) console.log(`note (${s.db}): ${s.note}`);
  for (const s of skipped) console.log(`skipped: ${s}`);
}

async function parent(): Promise<void> {
  const started = performance.now();
  const scale = (env.BENCH_SCALE || 'county') as 'demo' | 'county';
  if (scale !== 'demo' && scale !== 'county') throw new Error(`BENCH_SCALE must be demo or county, got "${scale}"`);
  const which = env.BENCH_DB || 'both';
  if (!['pg', 'pglite', 'both'].includes(which)) throw new Error(`BENCH_DB must be pg, pglite or both, got "${which}"`);
  const kinds: DbKind[] = which === 'both' ? ['pg', 'pglite'] : [which as DbKind];
  const keep = env.BENCH_KEEP === '1';
  const pgUrl = env.BENCH_DATABASE_URL || DEFAULT_PG_URL;
  console.log(`workorders benchmark: ${kinds.join(' + ')}; PostgreSQL ${optionsFor('pg', scale).orders.toLocaleString('en')} orders, PGlite ${optionsFor('pglite', scale).orders.toLocaleString('en')}`);

  let current: { target: Target; child: ChildProcess | null } | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping and cleaning up`);
    current?.child?.kill('SIGTERM');
    const t = current?.target;
    void (t && !keep ? t.remove() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const summaries: Summary[] = [];
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const kind of kinds) {
    const made = kind === 'pg' ? await createPgTarget(pgUrl) : createPgliteTarget();
    if ('skipped' in made) {
      console.log(`[pg] skipped: ${made.skipped}`);
      skipped.push(made.skipped);
      continue;
    }
    current = { target: made, child: null };
    try {
      const file = await runChild(made, optionsFor(kind, scale), (c) => (current!.child = c));
      if (file) summaries.push(summaryOf(JSON.parse(fs.readFileSync(file, 'utf8')) as WoResult, path.relative(process.cwd(), file)));
    } catch (e) {
      failures.push((e as Error).message);
      console.error((e as Error).message);
    } finally {
      if (keep) console.log(`[${kind}] kept: ${made.label}`);
      else await made.remove().catch((e) => console.error(`could not remove ${made.label}: ${(e as Error).message}`));
      current = null;
    }
  }
  const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  if (summaries.length) {
    printTable(summaries, skipped);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const vars = ['BENCH_SCALE', 'BENCH_DB', 'BENCH_WO_ORDERS', 'BENCH_WO_PGLITE_ORDERS', 'BENCH_WO_CONNECTIONS', 'BENCH_WO_RATE'].filter((k) => env[k]);
    fs.writeFileSync(
      path.join(RESULTS_DIR, 'latest-workorders.json'),
      JSON.stringify(
        {
          benchmark: 'workorders',
          generatedAt: new Date().toISOString(),
          command: `${vars.map((k) => `${k}=${env[k]}`).join(' ')} npm run bench:workorders`.trim(),
          totalWallSeconds: totalSeconds,
          targets: {
            intake: 'HTTP intake at 32 connections ≥ 1,000 orders/s sustained; p99 ≤ 50 ms at 500/s',
            lists: 'list/filter p95 ≤ 100 ms',
            ranking: 'monthly three-rate ranking of all towns and villages ≤ 200 ms',
            applies: 'PostgreSQL with a year of county data (3.65 million orders)',
          },
          machine: machineInfo(),
          results: Object.fromEntries(summaries.map((s) => [s.db, s])),
          skipped,
          failures,
        },
        null,
        2,
      ) + '\n',
    );
  }
  console.log(`\ntotal wall time ${totalSeconds} s${failures.length ? `; ${failures.length} failed` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

await (env.BENCH_CHILD ? child() : parent());
