/**
 * `npm run bench:points`: the points engine benchmark (issue 4, "Performance"). For each database:
 * seed the county's households and party members, open the points accounts, generate the postings
 * set-based (timed), rebuild every balance from them (timed, then checked: must agree exactly), and
 * measure, each against a naive baseline in the same run:
 *  - bulk automatic postings from other modules (postAutomaticBulk) vs one postAutomatic per transaction;
 *  - postings through HTTP (POST /api/points/postings with Idempotency-Key, 32 in flight) vs one at a time;
 *  - village and town leaderboards (leaderboard(): the ordered balance indexes) vs SUM over postings;
 *  - 200 concurrent redemptions against a balance that covers 100 (exactly 100 must succeed) vs a
 *    naive read-then-write redemption.
 * The parent creates each database and removes it afterwards, whatever happens (see bench/README.md).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { isLocalPostgres, startCpuMeter, type CpuPerRequest } from '../lib/cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { num, rows, type Database } from '../../server/src/platform/db';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { createUserUnscoped } from '../../server/src/platform/auth/service';
import { seedDemo } from '../../server/src/demo/seed';
import { ensureAccounts, leaderboard, postAutomatic, postAutomaticBulk, setupDefaultSchemes, type AutomaticPosting } from '../../server/src/modules/points/service';
import { rebuildBalances } from '../../server/src/modules/points/rebuild';
import { createProduct, createStore, redeem } from '../../server/src/modules/points/store';
import { chinaDate, monthKey, periodKeysOf, yearKey } from '../../server/src/modules/points/rules';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, openTarget, type DbKind, type Target } from '../lib/targets';
import { startApp } from '../lib/http';
import { singleRowInserts } from '../lib/raw-inserts';
import { machineInfo, serverSettings } from '../lib/suite';
import { ratio, round, summarize, type Latency } from '../lib/stats';
import { int } from '../lib/env';

const COUNTY = '320582';
const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.resolve(here, '../results');
const env = process.env;

interface Options {
  scale: 'demo' | 'county';
  scaleNote: string | null;
  postings: number;
  bulkBatch: number;
  bulkBatches: number;
  baselineBudgetSeconds: number;
  httpConcurrency: number;
  httpDurationSeconds: number;
  leaderboardIterations: number;
  baselineLeaderboardIterations: number;
}

const TARGETS = { httpPerSecond: 1000, bulkPerSecond: 20000, leaderboardP95Ms: 50, redemptionsSucceeding: 100 };

function log(kind: DbKind, msg: string) {
  console.log(`[${kind}] ${new Date().toISOString().slice(11, 19)} ${msg}`);
}

async function timedS<T>(fn: () => Promise<T>): Promise<{ s: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { s: round((performance.now() - t0) / 1000, 2), value };
}

const count = async (db: Database['db'], q: ReturnType<typeof sql>) => num((await rows<{ n: unknown }>(db, q))[0].n);

// ---------------------------------------------------------------------------------------------
// The child: one database

async function runSuite(kind: DbKind, location: string, label: string, opts: Options) {
  const startedAt = new Date();
  const wall = performance.now();
  const loadAtStart = os.loadavg().map((v) => round(v));
  const database = await openTarget(kind, location);
  const db = database.db;
  const version = (await rows<{ v: string }>(db, sql`select version() as v`))[0].v;
  const sys = systemActor(COUNTY, '基准测试');
  log(kind, `${version.split(',')[0]} — ${label}; seeding ${opts.scale} scale${opts.scaleNote ? ` (${opts.scaleNote})` : ''}`);

  // ---- data: households, party members, branches (the foundation seed), then points
  const seed = await timedS(() => seedDemo(database, PiiVault.random(), COUNTY, { scale: opts.scale, modules: false }));
  log(kind, `foundation seed ${seed.s} s: ${seed.value.households} households, ${seed.value.persons} persons`);
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  const schemes = new Map((await rows<{ id: number; code: string }>(db, sql`select id, code from pts_schemes`)).map((s) => [s.code, s.id]));
  const accountsStep = await timedS(async () => {
    // Owners read set-based (the bench is the superuser); accounts opened through the engine's ensureAccounts.
    const hh = await rows<{ id: number; path: string; code: string }>(db, sql`select id, path::text as path, code from households order by id`);
    const members = await rows<{ person_id: number; path: string; org_id: number }>(db, sql`
      select distinct on (m.person_id) m.person_id, p.path::text as path, m.org_id from party_memberships m join persons p on p.id = m.person_id
       join party_orgs o on o.id = m.org_id order by m.person_id, nlevel(o.path) desc`);
    const branches = await rows<{ id: number; path: string; name: string }>(db, sql`select id, path::text as path, name from party_orgs where nlevel(path) >= 3 and kind <> 'grid_group' order by id`);
    await withScope(db, sys, async (tx) => {
      await ensureAccounts(tx, COUNTY, schemes.get('household')!, hh.map((h) => ({ ownerKind: 'household', ownerId: h.id, path: h.path, label: `户 ${h.code}` })));
      await ensureAccounts(tx, COUNTY, schemes.get('pioneer')!, members.map((m) => ({ ownerKind: 'party_member', ownerId: m.person_id, path: m.path, label: `党员 ${m.person_id}`, groupKey: String(m.org_id) })));
      await ensureAccounts(tx, COUNTY, schemes.get('fortress')!, branches.map((b) => ({ ownerKind: 'branch', ownerId: b.id, path: b.path, label: b.name, sector: 'village' })));
    });
    return { households: hh.length, partyMembers: members.length, branches: branches.length };
  });
  log(kind, `accounts ${accountsStep.s} s: ${JSON.stringify(accountsStep.value)}`);

  // ---- postings, generated set-based over the last 12 months (household and pioneer items)
  const gen = await timedS(() => generatePostings(database, schemes, opts.postings, (done) => log(kind, `  generated ${done.toLocaleString('en')} postings`)));
  await database.exec('vacuum (analyze)');
  log(kind, `generated ${opts.postings.toLocaleString('en')} postings in ${gen.s} s (${Math.round(opts.postings / gen.s).toLocaleString('en')}/s)`);

  // ---- rebuild of all balances from the postings: time, then a check that must find nothing
  const rebuild = await timedS(() => rebuildBalances(db, COUNTY, { fix: true }));
  const rebuildCheck = await timedS(() => rebuildBalances(db, COUNTY, { fix: false }));
  await database.exec('vacuum (analyze)');
  const balancesRows = await count(db, sql`select count(*) as n from pts_balances`);
  log(kind, `rebuild (fix) ${rebuild.s} s, ${balancesRows.toLocaleString('en')} balance rows; check ${rebuildCheck.s} s: ${rebuildCheck.value.differences} differences`);

  const hhAccounts = await rows<HouseholdAccount>(db, sql`select id, owner_id, path::text as path, group_key from pts_accounts where scheme_id = ${schemes.get('household')!} order by id`);

  // ---- bulk automatic postings from other modules, and the bare writes of such a batch
  const bulk = await measureBulk(kind, database, hhAccounts.map((a) => a.owner_id), opts);
  const bulkFloor = await measureBulkFloor(kind, database, schemes.get('household')!, hhAccounts, opts);

  // ---- HTTP
  const http = await measureHttp(kind, database, hhAccounts.map((a) => a.id), opts);

  // ---- leaderboards
  const boards = await measureLeaderboards(kind, database, schemes.get('household')!, opts);

  // ---- redemptions
  const race = await measureRedemptions(kind, database, schemes.get('household')!);

  // ---- everything written by the run still agrees with the postings
  const finalCheck = await timedS(() => rebuildBalances(db, COUNTY, { fix: false }));
  log(kind, `final rebuild check ${finalCheck.s} s: ${finalCheck.value.differences} differences over ${finalCheck.value.postings.toLocaleString('en')} postings`);
  const postingsTotal = finalCheck.value.postings;
  const settings = kind === 'pg' ? await serverSettings(db) : null;
  const sizeMb = Math.round(num((await rows<{ n: unknown }>(db, sql`select pg_total_relation_size('pts_postings') + pg_total_relation_size('pts_balances') as n`))[0].n) / 2 ** 20);
  await database.close();

  const result = {
    benchmark: 'points',
    db: kind === 'pg' ? 'postgres' : 'pglite',
    command: commandLine(),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: round((performance.now() - wall) / 1000, 1),
    scale: opts.scale,
    scaleNote: opts.scaleNote,
    machine: { ...machineInfo(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((v) => round(v)) },
    database: { version, settings: kind === 'pg' ? settings : null, location: kind === 'pg' ? label : 'temporary folder (removed)', pointsTablesMb: sizeMb },
    dataset: { households: seed.value.households, persons: seed.value.persons, accounts: accountsStep.value, postingsGenerated: opts.postings, postingsAtEnd: postingsTotal, balanceRows: balancesRows },
    seeding: { foundationSeconds: seed.s, accountsSeconds: accountsStep.s, postingsSeconds: gen.s, postingsPerSecond: Math.round(opts.postings / gen.s) },
    rebuild: { fixSeconds: rebuild.s, checkSeconds: rebuildCheck.s, differencesAfterRebuild: rebuildCheck.value.differences, finalCheckSeconds: finalCheck.s, finalDifferences: finalCheck.value.differences, agrees: rebuildCheck.value.differences === 0 && finalCheck.value.differences === 0 },
    bulk: { ...bulk, bareWrites: bulkFloor, designShareOfBareWrites: round(bulk.design.postingsPerSecond / bulkFloor.postingsAndBalancesPerSecond) },
    http,
    leaderboards: boards,
    redemptions: race,
    targets: {
      bulkPerSecond: { target: TARGETS.bulkPerSecond, value: bulk.design.postingsPerSecond, met: bulk.design.postingsPerSecond >= TARGETS.bulkPerSecond },
      httpPerSecond: { target: TARGETS.httpPerSecond, value: http.design.postingsPerSecond, met: http.design.postingsPerSecond >= TARGETS.httpPerSecond },
      villageLeaderboardP95Ms: { target: TARGETS.leaderboardP95Ms, value: boards.village.design.p95, met: boards.village.design.p95 <= TARGETS.leaderboardP95Ms },
      townLeaderboardP95Ms: { target: TARGETS.leaderboardP95Ms, value: boards.town.design.p95, met: boards.town.design.p95 <= TARGETS.leaderboardP95Ms },
      redemptions: { target: TARGETS.redemptionsSucceeding, value: race.design.succeeded, met: race.design.succeeded === 100 && race.design.availableAfter === 0 },
      rebuildAgrees: { met: rebuildCheck.value.differences === 0 && finalCheck.value.differences === 0 },
      applies: kind === 'pg' && opts.scale === 'county',
    },
    options: opts,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${startedAt.toISOString().slice(0, 10)}-points-${result.db}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(kind, `wrote ${path.relative(process.cwd(), file)} (${result.wallSeconds} s)`);
  return file;
}

/** Postings straight into pts_postings (superuser, set-based, chunks of 250,000); balances come from the rebuild. */
async function generatePostings(database: Database, schemes: Map<string, number>, total: number, progress: (done: number) => void) {
  const db = database.db;
  const hh = schemes.get('household')!;
  const pi = schemes.get('pioneer')!;
  await db.execute(sql`drop table if exists bench_acc, bench_items`);
  await db.execute(sql`create table bench_acc as select row_number() over (order by id) as rn, id, path, scheme_id from pts_accounts where scheme_id in (${hh}, ${pi})`);
  await db.execute(sql`create unique index on bench_acc (rn)`);
  await db.execute(sql`create table bench_items as
    select i.scheme_id, (row_number() over (partition by i.scheme_id order by i.id)) - 1 as k, i.id, i.code, i.name, i.category, i.points, i.cap_period, s.version
      from pts_items i join pts_schemes s on s.id = i.scheme_id
     where (i.scheme_id = ${hh} and i.code in ('garbage','courtyard','volunteer','mediation','thrift','clutter','pets'))
        or (i.scheme_id = ${pi} and i.code in ('org_life','dues','study','volunteer','absent'))`);
  await db.execute(sql`create index on bench_items (scheme_id, k)`);
  const nAcc = await count(db, sql`select count(*) as n from bench_acc`);
  const CHUNK = 250_000;
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    await db.execute(sql`
      insert into pts_postings (county_code, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on, cap_key,
        is_veto, is_zeroing, state, source, evidence, note, proposed_by_name, proposed_at, effective_at)
      select ${COUNTY}, a.path, a.scheme_id, i.version, i.id, i.code, i.name, i.category, a.id, i.points, d.day,
             case i.cap_period when 'month' then to_char(d.day, 'YYYY-MM') when 'quarter' then to_char(d.day, 'YYYY-"Q"Q') when 'year' then to_char(d.day, 'YYYY') end,
             false, false, 'effective', 'automatic', jsonb_build_object('text', '基准数据'), '', '基准数据', now(), now()
        from generate_series(${from}::int, ${to}::int) g
        join bench_acc a on a.rn = 1 + ((g::bigint * 7919) % ${nAcc})
        cross join lateral (select (current_date - ((g * 31) % 365))::date as day) d
        join bench_items i on i.scheme_id = a.scheme_id and i.k = (g / ${nAcc}::int + g) % (case when a.scheme_id = ${hh} then 7 else 5 end)`);
    progress(to);
  }
  await db.execute(sql`drop table bench_acc, bench_items`);
}

interface HouseholdAccount {
  id: number;
  owner_id: number;
  path: string;
  group_key: string | null;
}

async function measureBulk(kind: DbKind, database: Database, householdOwners: number[], opts: Options) {
  const db = database.db;
  const actor = systemActor(COUNTY, '志愿服务模块（基准）');
  const items = ['volunteer', 'mediation', 'thrift', 'garbage'];
  const batchOf = (b: number, size: number, tag: string): AutomaticPosting[] => Array.from({ length: size }, (_, j) => {
    const i = b * size + j;
    return { scheme: 'household', item: items[i % items.length], owner: { kind: 'household', id: householdOwners[(i * 104729) % householdOwners.length] }, evidence: { text: `志愿服务记录 ${i}` }, idempotencyKey: `${tag}:${i}` };
  });
  const design: { ms: number; created: number; rejected: number }[] = [];
  for (let b = 0; b < opts.bulkBatches; b++) {
    const list = batchOf(b, opts.bulkBatch, 'bench-bulk');
    const t0 = performance.now();
    const out = await withScope(db, actor, (tx) => postAutomaticBulk(tx, actor, list));
    design.push({ ms: performance.now() - t0, created: out.created, rejected: out.rejected.length });
    log(kind, `bulk batch ${b + 1}/${opts.bulkBatches}: ${opts.bulkBatch} in ${Math.round(performance.now() - t0)} ms (${out.created} created, ${out.rejected.length} refused by rule)`);
  }
  // A retried batch posts nothing twice.
  const t1 = performance.now();
  const retry = await withScope(db, actor, (tx) => postAutomaticBulk(tx, actor, batchOf(0, opts.bulkBatch, 'bench-bulk')));
  const retryMs = performance.now() - t1;
  // Baseline: one postAutomatic per transaction (per-row round trips), within a time budget.
  const base: number[] = [];
  const budget = performance.now() + opts.baselineBudgetSeconds * 1000;
  const baseList = batchOf(0, 5000, 'bench-naive');
  for (const p of baseList) {
    if (performance.now() > budget) break;
    const t0 = performance.now();
    await withScope(db, actor, (tx) => postAutomatic(tx, actor, p)).catch(() => undefined);
    base.push(performance.now() - t0);
  }
  const seconds = design.reduce((s, d) => s + d.ms, 0) / 1000;
  const submitted = opts.bulkBatch * opts.bulkBatches;
  const designRate = Math.round(submitted / seconds);
  const baseRate = Math.round(base.length / (base.reduce((s, v) => s + v, 0) / 1000));
  log(kind, `bulk: ${designRate.toLocaleString('en')} postings/s (batches of ${opts.bulkBatch}); baseline one per transaction ${baseRate}/s; ×${ratio(designRate, baseRate)}`);
  return {
    design: { postingsPerSecond: designRate, submitted, created: design.reduce((s, d) => s + d.created, 0), refusedByRule: design.reduce((s, d) => s + d.rejected, 0), batchMs: design.map((d) => Math.round(d.ms)), batchSize: opts.bulkBatch },
    retryOfFirstBatch: { ms: Math.round(retryMs), created: retry.created, duplicates: retry.duplicates },
    baseline: { postingsPerSecond: baseRate, postings: base.length, latency: summarize(base), note: 'postAutomatic, one posting per withScope transaction' },
    ratio: ratio(designRate, baseRate),
    note: 'postAutomaticBulk(tx, actor, list) in one withScope transaction per batch; rate counts every submitted entry (refusals by rule, e.g. over a monthly cap, included)',
  };
}

/**
 * The floor under the bulk target: a batch of the same size written with nothing but its rows —
 * the postings (one INSERT … SELECT) and their four balance rows each (one aggregated upsert), no
 * idempotency, caps, locks, board counts or audit — into the real tables, then rolled back. What
 * these two statements cost, the engine cannot go below while balances are materialized in the
 * posting's transaction.
 */
async function measureBulkFloor(kind: DbKind, database: Database, householdScheme: number, accounts: HouseholdAccount[], opts: Options) {
  const db = database.db;
  const items = await rows<{ id: number; code: string; name: string; category: string; points: unknown }>(db, sql`
    select id, code, name, category, points from pts_items where scheme_id = ${householdScheme} and code in ('volunteer', 'mediation', 'thrift', 'garbage') order by code`);
  const [{ version }] = await rows<{ version: number }>(db, sql`select version from pts_schemes where id = ${householdScheme}`);
  const today = chinaDate();
  // The four balances a posting counts in (the engine's own list).
  const [month, quarter, year, allTime] = periodKeysOf(today);
  const runs: { postingsMs: number; balancesMs: number }[] = [];
  const rounds = Math.min(3, opts.bulkBatches);
  for (let r = 0; r < rounds; r++) {
    const list = Array.from({ length: opts.bulkBatch }, (_, j) => {
      const a = accounts[((r * opts.bulkBatch + j) * 104729) % accounts.length];
      const i = items[j % items.length];
      return { a: a.id, p: a.path, g: a.group_key, s: householdScheme, v: version, i: i.id, c: i.code, n: i.name, cat: i.category, pts: String(i.points), e: { text: `志愿服务记录 ${j}` } };
    });
    const json = JSON.stringify(list);
    const t: number[] = [];
    await db.transaction(async (tx) => {
      if (opts.bulkBatch * 4 > 8000) await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
      t.push(performance.now());
      await tx.execute(sql`
        insert into pts_postings (county_code, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on,
          state, source, evidence, note, proposed_by_name, proposed_at, effective_at)
        select ${COUNTY}, x.p::ltree, x.s, x.v, x.i, x.c, x.n, x.cat, x.a, x.pts, ${today}::date, 'effective', 'automatic', x.e, '', '基准', now(), now()
          from json_to_recordset(${json}::json) as x(a int, p text, s int, v int, i int, c text, n text, cat text, pts numeric, e jsonb)`);
      t.push(performance.now());
      await tx.execute(sql`
        insert into pts_balances as b (county_code, scheme_id, period_key, account_id, path, group_key, raw_points, plus, minus, postings, vetoes, zeroings, updated_at)
        select ${COUNTY}, x.s, k.period_key, x.a, min(x.p)::ltree, min(x.g), sum(x.pts), sum(greatest(x.pts, 0)), sum(least(x.pts, 0)), count(*), 0, 0, now()
          from json_to_recordset(${json}::json) as x(a int, p text, g text, s int, pts numeric)
          cross join unnest(array[${month}, ${quarter}, ${year}, ${allTime}]) as k(period_key)
         group by x.s, k.period_key, x.a
         order by x.a, k.period_key
        on conflict (county_code, scheme_id, period_key, account_id) do update set
          raw_points = b.raw_points + excluded.raw_points, plus = b.plus + excluded.plus, minus = b.minus + excluded.minus,
          postings = b.postings + excluded.postings, updated_at = now()`);
      t.push(performance.now());
      tx.rollback();
    }).catch((e: unknown) => {
      if (!(e instanceof TransactionRollbackError)) throw e;
    });
    runs.push({ postingsMs: t[1] - t[0], balancesMs: t[2] - t[1] });
    log(kind, `bare writes ${r + 1}/${rounds}: ${opts.bulkBatch} postings ${Math.round(t[1] - t[0])} ms, their ${opts.bulkBatch * 4} balance rows ${Math.round(t[2] - t[1])} ms (rolled back)`);
  }
  const postingsS = runs.reduce((s, x) => s + x.postingsMs, 0) / 1000;
  const bothS = runs.reduce((s, x) => s + x.postingsMs + x.balancesMs, 0) / 1000;
  const postings = rounds * opts.bulkBatch;
  const out = {
    postingsOnlyPerSecond: Math.round(postings / postingsS),
    postingsAndBalancesPerSecond: Math.round(postings / bothS),
    runsMs: runs.map((x) => ({ postings: Math.round(x.postingsMs), balances: Math.round(x.balancesMs) })),
    batchSize: opts.bulkBatch,
    note: 'the same batch size written with nothing but its rows (postings INSERT … SELECT, then one aggregated upsert of four balance rows per posting), in one transaction, rolled back: the floor under postAutomaticBulk while balances are materialized in the posting transaction',
  };
  log(kind, `bulk floor: postings alone ${out.postingsOnlyPerSecond.toLocaleString('en')}/s; postings and balances ${out.postingsAndBalancesPerSecond.toLocaleString('en')}/s`);
  return out;
}

/** The columns a proposal writes, copied for the raw-insert floor (a new id, no idempotency key). */
const RAW_POSTING_COLUMNS = ['county_code', 'path', 'scheme_id', 'scheme_version', 'item_id', 'item_code', 'item_name', 'category', 'account_id', 'points', 'occurred_on',
  'cap_key', 'is_veto', 'is_zeroing', 'state', 'source', 'evidence', 'note', 'proposed_by_user', 'proposed_by_name', 'proposed_at'];

async function measureHttp(kind: DbKind, database: Database, accountIds: number[], opts: Options) {
  const db = database.db;
  const vault = PiiVault.random();
  const app = await startApp(database, vault, COUNTY);
  await createUserUnscoped(db, COUNTY, { username: 'bench_points', displayName: '基准 积分', password: 'Bench2026pass', roles: ['county_admin'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: COUNTY });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_points', password: 'Bench2026pass' } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const cookies = login.cookies as { name: string; value: string }[];
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  // Writes carry the CSRF token as the web app sends it (double submit: cookie and header).
  const csrf = cookies.find((c) => c.name === 'xz_csrf')?.value ?? '';
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const sample = accountIds.filter((_, i) => i % 7 === 0);
  type Load = Record<string, unknown> & { created: number; postingsPerSecond: number; latency: Latency; replay: { sent: number; replayed: number }; loader: { cpuSeconds: number } };
  const run = (concurrency: number, seconds: number, tag: string) => new Promise<Load & { cpuPerPosting: CpuPerRequest }>((resolve, reject) => {
    const child = fork(path.join(here, 'loader.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const meter = startCpuMeter(isLocalPostgres(database) ? 'postgres' : 'none');
    child.once('message', (m) => {
      const load = m as Load;
      // The server also answered the replay sample after the timed load.
      resolve({ ...load, cpuPerPosting: meter.stop(load.created + load.replay.sent, load.loader.cpuSeconds) });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loader exited with ${code}`)));
    child.send({ url, cookie, csrf, accountIds: sample, itemCode: 'mediation', concurrency, durationSeconds: seconds, tag, replaySample: 50 });
  });
  try {
    const before = await count(db, sql`select count(*) as n from pts_postings`);
    const firstId = await count(db, sql`select coalesce(max(id), 0) as n from pts_postings`);
    const design = await run(opts.httpConcurrency, opts.httpDurationSeconds, 'bench-http');
    const mid = await count(db, sql`select count(*) as n from pts_postings`);
    const baseline = await run(1, Math.max(5, Math.round(opts.httpDurationSeconds / 2)), 'bench-http-serial');
    log(kind, `HTTP: ${design.postingsPerSecond}/s with ${opts.httpConcurrency} in flight (p95 ${design.latency.p95} ms); one at a time ${baseline.postingsPerSecond}/s; replays ${design.replay.replayed}/${design.replay.sent}; statuses ${JSON.stringify(design.statuses)}; CPU per posting ${JSON.stringify(design.cpuPerPosting)}`);
    // The floor: the proposals just made, inserted again as bare rows (proposed: no balance effect).
    const copied = await rows<Record<string, unknown>>(db, sql.raw(`select ${RAW_POSTING_COLUMNS.join(', ')} from pts_postings
      where id > ${firstId} and source = 'manual' and state = 'proposed' order by id limit ${Math.min(20_000, Math.max(1, design.created))}`));
    const raw = await singleRowInserts(database, 'pts_postings', RAW_POSTING_COLUMNS, copied.map((r) => RAW_POSTING_COLUMNS.map((c) => r[c])), opts.httpConcurrency);
    log(kind, `raw single-row INSERTs of ${raw.rows.toLocaleString('en')} of those postings, ${raw.connections} connections: ${raw.rowsPerSecond.toLocaleString('en')} rows/s (HTTP = ${ratio(design.postingsPerSecond, raw.rowsPerSecond)} × raw)`);
    return {
      design, baseline, ratio: ratio(design.postingsPerSecond, baseline.postingsPerSecond),
      rawInserts: raw, ratioToRawInserts: round(design.postingsPerSecond / raw.rowsPerSecond),
      postingsWritten: mid - before,
      exactlyOnce: mid - before === Number(design.created) && design.replay.replayed === design.replay.sent,
      note: 'POST /api/points/postings (county_admin session, item mediation, fresh Idempotency-Key each; rate limit raised in bench/lib/http.ts startApp); baseline = the same requests one at a time; the loader (loader.ts, node:http keep-alive) runs on the same machine: cpuPerPosting gives the CPU milliseconds per posting of the app, the local PostgreSQL server and the loader',
    };
  } finally {
    await app.close();
  }
}

async function measureLeaderboards(kind: DbKind, database: Database, schemeId: number, opts: Options) {
  const db = database.db;
  const actor = systemActor(COUNTY, '基准');
  const today = chinaDate();
  const periods = [monthKey(today), yearKey(today)];
  const towns = await rows<{ code: string; path: string }>(db, sql`select code, path::text as path from regions where level = 'town' order by code`);
  const villages = (await rows<{ code: string; path: string }>(db, sql`select code, path::text as path from regions where level = 'village' order by code`)).filter((_, i) => i % 9 === 0);
  const bounds = (p: string) => (p.length === 7 ? [`${p}-01`, sql`(${`${p}-01`}::date + interval '1 month' - interval '1 day')::date`] : [`${p}-01-01`, `${p}-12-31`]) as [string, unknown];
  const baselineTop = async (regionPath: string, period: string) => {
    const [from, to] = bounds(period);
    const t0 = performance.now();
    const top = await rows<{ s: unknown }>(db, sql`select account_id, sum(points) as s from pts_postings
       where county_code = ${COUNTY} and scheme_id = ${schemeId} and state = 'effective' and occurred_on between ${from}::date and ${to as string} and path <@ ${regionPath}::ltree
       group by account_id order by s desc, account_id limit 20`);
    await rows(db, sql`select count(distinct account_id) as n from pts_postings where county_code = ${COUNTY} and scheme_id = ${schemeId} and state = 'effective'
       and occurred_on between ${from}::date and ${to as string} and path <@ ${regionPath}::ltree`);
    return { ms: performance.now() - t0, points: top.map((r) => num(r.s)) };
  };
  const out: Record<'village' | 'town', { design: Latency; baseline: Latency; ratio: { p50: number; p95: number }; mismatches: number; compared: number; regions: number }> = {} as never;
  for (const [level, list] of [['village', villages], ['town', towns]] as const) {
    const design: number[] = [];
    const baseline: number[] = [];
    let mismatches = 0;
    let compared = 0;
    const designTop = async (code: string, period: string) => {
      const t0 = performance.now();
      const r = await leaderboard(db, actor, { schemeId, period, region: code, page: 1, pageSize: 20 });
      return { ms: performance.now() - t0, points: r.items.map((i: { points: number }) => i.points) };
    };
    for (const r of list) for (const p of periods) await designTop(r.code, p); // warm-up
    for (let i = 0; i < opts.leaderboardIterations; i++) {
      const r = list[i % list.length];
      design.push((await designTop(r.code, periods[i % 2])).ms);
    }
    for (let i = 0; i < Math.min(opts.baselineLeaderboardIterations, list.length * 2); i++) {
      const r = list[i % list.length];
      const p = periods[Math.floor(i / list.length) % 2];
      const b = await baselineTop(r.path, p);
      baseline.push(b.ms);
      const d = await designTop(r.code, p);
      compared++;
      // Top-20 points must agree (ties may list different accounts in another order).
      if (d.points.filter((x) => x !== 0).join() !== b.points.filter((x) => x !== 0).slice(0, d.points.filter((x) => x !== 0).length).join()) mismatches++;
    }
    const ds = summarize(design);
    const bs = summarize(baseline);
    out[level] = { design: ds, baseline: bs, ratio: { p50: ratio(bs.p50, ds.p50), p95: ratio(bs.p95, ds.p95) }, mismatches, compared, regions: list.length };
    log(kind, `${level} leaderboard: p50 ${ds.p50} / p95 ${ds.p95} ms; baseline SUM over postings p50 ${bs.p50} / p95 ${bs.p95} ms (×${out[level].ratio.p95} at p95); ${mismatches}/${compared} top-20 mismatches`);
  }
  return { ...out, periods, note: 'leaderboard(db, systemActor, { schemeId: household, period (this month / this year), region, pageSize 20 }) vs SUM(points) GROUP BY account over the period\'s effective postings in the region (+ count)' };
}

async function measureRedemptions(kind: DbKind, database: Database, schemeId: number) {
  const db = database.db;
  const sys = systemActor(COUNTY, '积分超市（基准）');
  const [village] = await rows<{ code: string; path: string }>(db, sql`select code, path::text as path from regions where level = 'village' order by code limit 1`);
  const store = await createStore(db, sys, { regionCode: village.code, schemeId, name: '基准积分超市', address: '基准', openHours: '' });
  const product = await createProduct(db, sys, store.id, { name: '毛巾', pricePoints: 1, stock: 1000, unit: '条', sort: 0 });
  const fresh = async (ownerId: number) => {
    await withScope(db, sys, (tx) => ensureAccounts(tx, COUNTY, schemeId, [{ ownerKind: 'household', ownerId, path: `${village.path}.n99.g999.hbench${-ownerId}`, label: `基准户 ${ownerId}` }]));
    const [a] = await rows<{ id: number }>(db, sql`select id from pts_accounts where scheme_id = ${schemeId} and owner_id = ${ownerId} and owner_kind = 'household'`);
    await withScope(db, sys, (tx) => postAutomaticBulk(tx, sys, Array.from({ length: 10 }, (_, i) => ({ scheme: 'household', item: 'brave', owner: { kind: 'household' as const, id: ownerId }, evidence: { text: '见义勇为' }, idempotencyKey: `bench-race:${ownerId}:${i}` }))));
    return a.id;
  };
  const accountId = await fresh(-1);
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 200 }, () => redeem(db, sys, { productId: product.id, accountId, quantity: 1 })));
  const ms = performance.now() - t0;
  const succeeded = results.filter((r) => r.status === 'fulfilled').length;
  const codes: Record<string, number> = {};
  for (const r of results) if (r.status === 'rejected') codes[(r.reason as { code?: string }).code ?? 'ERROR'] = (codes[(r.reason as { code?: string }).code ?? 'ERROR'] ?? 0) + 1;
  const [after] = await rows<{ available: unknown; spent: unknown }>(db, sql`select available, spent from pts_accounts where id = ${accountId}`);
  const stock = num((await rows<{ stock: unknown }>(db, sql`select stock from pts_products where id = ${product.id}`))[0].stock);
  // Naive baseline: read the balance, then write "read − price" in a separate statement (no lock, no condition).
  const naiveId = await fresh(-2);
  const naive = await Promise.allSettled(Array.from({ length: 200 }, () => db.transaction(async (tx) => {
    const [a] = await rows<{ available: unknown }>(tx, sql`select available from pts_accounts where id = ${naiveId}`);
    const left = num(a.available);
    if (left < 1) throw new Error('insufficient');
    await new Promise((r) => setImmediate(r));
    await tx.execute(sql`update pts_accounts set available = ${left - 1}, spent = spent + 1 where id = ${naiveId}`);
  })));
  const naiveOk = naive.filter((r) => r.status === 'fulfilled').length;
  const [naiveAfter] = await rows<{ available: unknown; spent: unknown }>(db, sql`select available, spent from pts_accounts where id = ${naiveId}`);
  // Put the naive account right again (its spent/available no longer match any redemption).
  await db.execute(sql`update pts_accounts set available = earned, spent = 0 where id = ${naiveId}`);
  log(kind, `redemptions: ${succeeded}/200 succeeded in ${Math.round(ms)} ms, available after ${num(after.available)}, stock ${stock}; naive read-then-write: ${naiveOk} "succeeded", available after ${num(naiveAfter.available)}`);
  return {
    design: { attempts: 200, succeeded, refused: codes, availableAfter: num(after.available), spentAfter: num(after.spent), stockAfter: stock, ms: Math.round(ms) },
    baseline: { attempts: 200, succeeded: naiveOk, availableAfter: num(naiveAfter.available), spentAfter: num(naiveAfter.spent), note: 'select available, then update available = read − 1 (no row lock, no condition): lost updates sell more than the balance covers' },
    note: 'redeem(db, actor, { productId, accountId, quantity: 1 }) × 200 at once (price 1 point, stock 1000, balance 100)',
  };
}

// ---------------------------------------------------------------------------------------------
// The parent: databases, children, cleanup, report

/** The command that reproduces the run: every BENCH_* setting given, then the script. */
function commandLine(): string {
  const internal = new Set(['BENCH_CHILD', 'BENCH_LOCATION', 'BENCH_LABEL', 'BENCH_OPTIONS', 'BENCH_DATABASE_URL']);
  const set = Object.keys(env).filter((k) => k.startsWith('BENCH_') && !internal.has(k) && env[k]).sort();
  return `${set.map((k) => `${k}=${env[k]}`).join(' ')} npm run bench:points`.trim();
}

function scaleOf(name: string, fallback: 'demo' | 'county'): 'demo' | 'county' {
  const v = env[name] || fallback;
  if (v !== 'demo' && v !== 'county') throw new Error(`${name} must be demo or county, got "${v}"`);
  return v;
}

function runChild(target: Target, opts: Options, onStart: (c: ChildProcess) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [], { env: { ...env, BENCH_CHILD: target.kind, BENCH_LOCATION: target.location, BENCH_LABEL: target.label, BENCH_OPTIONS: JSON.stringify(opts) } });
    onStart(c);
    let file: string | null = null;
    c.on('message', (m) => (file = (m as { file: string }).file));
    c.on('error', reject);
    c.on('exit', (code, signal) => (file ? resolve(file) : reject(new Error(`points benchmark for ${target.kind} failed (exit ${code ?? signal})`))));
  });
}

async function parent() {
  const started = performance.now();
  const scale = scaleOf('BENCH_SCALE', 'county');
  const pgliteScale = scaleOf('BENCH_PGLITE_SCALE', 'demo');
  const which = env.BENCH_DB || 'both';
  if (!['pg', 'pglite', 'both'].includes(which)) throw new Error(`BENCH_DB must be pg, pglite or both, got "${which}"`);
  const kinds: DbKind[] = which === 'both' ? ['pg', 'pglite'] : [which as DbKind];
  const postingsFor = (s: 'demo' | 'county', kind: DbKind) => int(kind === 'pglite' ? 'BENCH_PGLITE_POSTINGS' : 'BENCH_POSTINGS', s === 'county' ? 5_000_000 : 300_000);
  const base = {
    bulkBatch: int('BENCH_BULK_BATCH', 20_000),
    bulkBatches: int('BENCH_BULK_BATCHES', 5),
    baselineBudgetSeconds: int('BENCH_BASELINE_BUDGET_S', 20),
    httpConcurrency: int('BENCH_HTTP_CONNECTIONS', 32),
    httpDurationSeconds: int('BENCH_HTTP_DURATION_S', 15),
    leaderboardIterations: int('BENCH_ITERATIONS', 300),
    baselineLeaderboardIterations: int('BENCH_BASELINE_ITERATIONS', 30),
  };
  const pgUrl = env.BENCH_DATABASE_URL || DEFAULT_PG_URL;
  const keep = env.BENCH_KEEP === '1';
  console.log(`points benchmark: scale ${scale} (PGlite: ${pgliteScale}), databases ${kinds.join(' + ')}`);
  let current: { target: Target; child: ChildProcess | null } | null = null;
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    // No next database after this one (its child would outlive the parent's exit).
    stopping = true;
    console.error(`\n${sig}: stopping and cleaning up`);
    current?.child?.kill('SIGTERM');
    const t = current?.target;
    void (t && !keep ? t.remove() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const kind of kinds) {
    if (stopping) break;
    const made = kind === 'pg' ? await createPgTarget(pgUrl) : createPgliteTarget();
    if ('skipped' in made) {
      console.log(`[pg] skipped: ${made.skipped}`);
      skipped.push(made.skipped);
      continue;
    }
    const s = kind === 'pglite' ? pgliteScale : scale;
    const postings = postingsFor(s, kind);
    const opts: Options = {
      ...base, scale: s, postings,
      scaleNote: kind === 'pglite' && (s !== scale || postings !== postingsFor(scale, 'pg'))
        ? `PGlite ran at ${s} scale with ${postings.toLocaleString('en')} postings (BENCH_PGLITE_SCALE / BENCH_PGLITE_POSTINGS), not the PostgreSQL volume: its figures are not comparable with PostgreSQL's`
        : null,
    };
    current = { target: made, child: null };
    try {
      const file = await runChild(made, opts, (c) => (current!.child = c));
      results.push({ file: path.relative(process.cwd(), file), ...JSON.parse(fs.readFileSync(file, 'utf8')) });
    } catch (e) {
      failures.push((e as Error).message);
      console.error((e as Error).message);
    } finally {
      if (keep) console.log(`[${kind}] kept: ${made.label}`);
      else await made.remove().catch((e) => console.error(`could not remove ${made.label}: ${(e as Error).message}`));
      current = null;
    }
  }
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  if (results.length) {
    const summary = results.map((r) => summaryOf(r));
    printTable(summary);
    const combined = {
      benchmark: 'points',
      generatedAt: new Date().toISOString(),
      command: commandLine(),
      totalWallSeconds: totalSeconds,
      targets: 'bulk ≥ 20,000 postings/s; HTTP ≥ 1,000 postings/s; village and town leaderboard p95 ≤ 50 ms; 200 concurrent redemptions on a balance of 100: exactly 100 succeed; rebuild agrees exactly (PostgreSQL, county scale)',
      machine: machineInfo(),
      results: Object.fromEntries(summary.map((s) => [s.db, s])),
      skipped,
      failures,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest-points.json'), JSON.stringify(combined, null, 2) + '\n');
  }
  console.log(`\ntotal wall time ${totalSeconds} s${failures.length ? `; ${failures.length} failed` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function summaryOf(r: any) {
  return {
    db: r.db as string, file: r.file as string, scale: r.scale, scaleNote: r.scaleNote, wallSeconds: r.wallSeconds, loadAverage: { atStart: r.machine.loadAverageAtStart, atEnd: r.machine.loadAverageAtEnd },
    dataset: r.dataset, generatePostingsPerSecond: r.seeding.postingsPerSecond,
    bulk: { perSecond: r.bulk.design.postingsPerSecond, baselinePerSecond: r.bulk.baseline.postingsPerSecond, ratio: r.bulk.ratio, bareWritesPerSecond: r.bulk.bareWrites.postingsAndBalancesPerSecond },
    http: { perSecond: r.http.design.postingsPerSecond, p95Ms: r.http.design.latency.p95, baselinePerSecond: r.http.baseline.postingsPerSecond, ratio: r.http.ratio, rawInsertsPerSecond: r.http.rawInserts.rowsPerSecond, exactlyOnce: r.http.exactlyOnce },
    villageLeaderboard: { p95Ms: r.leaderboards.village.design.p95, baselineP95Ms: r.leaderboards.village.baseline.p95, ratioP95: r.leaderboards.village.ratio.p95, mismatches: r.leaderboards.village.mismatches },
    townLeaderboard: { p95Ms: r.leaderboards.town.design.p95, baselineP95Ms: r.leaderboards.town.baseline.p95, ratioP95: r.leaderboards.town.ratio.p95, mismatches: r.leaderboards.town.mismatches },
    rebuild: { fixSeconds: r.rebuild.fixSeconds, checkSeconds: r.rebuild.checkSeconds, agrees: r.rebuild.agrees },
    redemptions: { succeeded: r.redemptions.design.succeeded, availableAfter: r.redemptions.design.availableAfter, naiveSucceeded: r.redemptions.baseline.succeeded },
    targets: r.targets,
  };
}

function printTable(list: ReturnType<typeof summaryOf>[]) {
  const rowsOut: [string, ...string[]][] = [
    ['', ...list.map((s) => `${s.db} (${s.scale})`)],
    ['postings at end', ...list.map((s) => s.dataset.postingsAtEnd.toLocaleString('en'))],
    ['bulk postings/s (≥ 20,000)', ...list.map((s) => `${s.bulk.perSecond.toLocaleString('en')} (naive ${s.bulk.baselinePerSecond}, ×${s.bulk.ratio}; bare writes ${s.bulk.bareWritesPerSecond.toLocaleString('en')})`)],
    ['HTTP postings/s (≥ 1,000)', ...list.map((s) => `${s.http.perSecond} p95 ${s.http.p95Ms} ms (serial ${s.http.baselinePerSecond}, ×${s.http.ratio}; raw INSERTs ${s.http.rawInsertsPerSecond.toLocaleString('en')})`)],
    ['village board p95 (≤ 50 ms)', ...list.map((s) => `${s.villageLeaderboard.p95Ms} ms (SUM ${s.villageLeaderboard.baselineP95Ms} ms, ×${s.villageLeaderboard.ratioP95})`)],
    ['town board p95 (≤ 50 ms)', ...list.map((s) => `${s.townLeaderboard.p95Ms} ms (SUM ${s.townLeaderboard.baselineP95Ms} ms, ×${s.townLeaderboard.ratioP95})`)],
    ['rebuild all balances', ...list.map((s) => `${s.rebuild.fixSeconds} s, check ${s.rebuild.checkSeconds} s, agrees ${s.rebuild.agrees}`)],
    ['200 redemptions on 100', ...list.map((s) => `${s.redemptions.succeeded} ok, left ${s.redemptions.availableAfter} (naive ${s.redemptions.naiveSucceeded})`)],
    ['load average start/end', ...list.map((s) => `${s.loadAverage.atStart.join(' ')} / ${s.loadAverage.atEnd.join(' ')}`)],
  ];
  const widths = rowsOut[0].map((_, i) => Math.max(...rowsOut.map((r) => [...r[i]].length)));
  console.log('');
  for (const r of rowsOut) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const s of list) if (s.scaleNote) console.log(`note (${s.db}): ${s.scaleNote}`);
}

async function child() {
  const file = await runSuite(env.BENCH_CHILD as DbKind, env.BENCH_LOCATION!, env.BENCH_LABEL!, JSON.parse(env.BENCH_OPTIONS!) as Options);
  process.send!({ file }, undefined, {}, () => process.exit(0));
}

await (env.BENCH_CHILD ? child() : parent());
