/**
 * `npm run bench:cadres` (suite `cadres` of `npm run bench`): the dual evaluation's downward vote
 * at county scale (issue 5, "Performance"). For each database:
 *  - the foundation demo seed (all villages of the county, demo-sized households), then set-based:
 *    a registry of 2,000 cadres over the villages (one secretary each), a round opened through the
 *    service (every secretary a subject, upward scores set), 100,000 one-time ballot codes stored
 *    as issueBallotCodes stores them (keyed hashes, shuffled, spread over the subjects);
 *  - casting: every code voted once through POST /api/evaluation/ballot on a real listening server,
 *    32 requests in flight (bench/cadres/voters.ts in its own process); baseline: raw single-row
 *    INSERTs of the same number of rows through the driver at the same concurrency;
 *  - counting: closeEvaluationRound (chain verification of every ballot, tallies, grades,
 *    promotion, points hand-offs, timeline) timed on rolled-back repeats and the real close;
 *    baseline: the naive GROUP BY count of the round's ballots;
 *  - secrecy checks: nothing stored or logged links a ballot to a voter or a code.
 * The parent creates each database and removes it afterwards, whatever happened.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { PiiVault } from '../../server/src/platform/crypto/vault';
import { num, rows, type Database, type Db } from '../../server/src/platform/db';
import { systemActor } from '../../server/src/platform/scope';
import { seedDemo } from '../../server/src/demo/seed';
import { ballotCodeHash, closeEvaluationRound, openEvaluationRound } from '../../server/src/modules/cadres/service';
import { ballotCodes } from '../../server/src/modules/cadres/schema';
import { GRADES, newBallotCode, secureShuffle } from '../../server/src/modules/cadres/rules';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, openTarget, type DbKind, type Target } from '../lib/targets';
import { machineInfo, RESULTS_DIR } from '../lib/suite';
import { ratio, round, summarize, type Latency } from '../lib/stats';
import { int } from '../lib/env';

const COUNTY = '320582';
const env = process.env;
const TARGETS = { castPerSecond: 500, castP99Ms: 100, countSeconds: 2 };

interface Options {
  cadres: number;
  ballots: number;
  connections: number;
  baselineInserts: number;
  countRepeats: number;
}

interface CastLoad {
  connections: number;
  ballots: number;
  seconds: number;
  perSecond: number;
  latency: Latency;
  statuses: Record<string, number>;
  errors: number;
}


function log(kind: DbKind, msg: string) {
  console.log(`[${kind}] ${new Date().toISOString().slice(11, 19)} ${msg}`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

// ---------------------------------------------------------------------------------------------
// Data

/** 2,000 cadres over the villages, chosen set-based from the seeded residents aged 26–60. */
async function seedRegistry(db: Db, total: number): Promise<{ cadres: number; villages: number; secretaries: number }> {
  const [{ villages }] = await rows<{ villages: unknown }>(db, sql`select count(*) as villages from regions where level = 'village'`);
  const v = num(villages);
  const per = Math.floor(total / v);
  const extra = total - per * v; // the first `extra` villages (by code) get one more
  await db.execute(sql`
    insert into cadres (county_code, path, village_code, person_id, name, sex, birth_date, post, education, political_status, source_channel, status, is_reserve, term_start, term_end, joined_on, pay_post, pay_level)
    select ${COUNTY}, r.path, r.code, p.id, p.name, p.sex, p.birth_date,
           case when p.rn = 1 then 'secretary' when p.rn = 2 then 'director' when p.rn = 3 then 'deputy' when p.rn <= 6 then 'member' else 'staff' end,
           p.education, p.political_status,
           (array['election','commissioned','veteran_points','grid_direct','exam_second','special_post','other'])[1 + p.rn % 7],
           'active', p.rn % 5 = 0, date '2021-01-05', date '2026-01-04', date '2021-01-05',
           case when p.rn <= 2 then 'A' when p.rn = 3 then 'B' when p.rn <= 6 then 'C' else 'D' end,
           1 + p.rn % 15
    from (
      select p.*, row_number() over (partition by left(p.region_code, 12) order by p.id) as rn
      from persons p
      where p.birth_date between date '1966-01-01' and date '2000-01-01'
    ) p
    join (select code, path, row_number() over (order by code) as vi from regions where level = 'village') r on r.code = left(p.region_code, 12)
    where p.rn <= ${per} or (p.rn = ${per + 1} and r.vi <= ${extra})`);
  const [c] = await rows<{ n: unknown; s: unknown; v: unknown }>(db, sql`select count(*) as n, count(*) filter (where post = 'secretary') as s, count(distinct village_code) as v from cadres`);
  return { cadres: num(c.n), secretaries: num(c.s), villages: num(c.v) };
}

/** The round through the service; upward scores set for every subject (set-based). */
async function openRound(db: Db): Promise<{ roundId: number; subjects: { id: number; path: string }[] }> {
  const round = await openEvaluationRound(db, systemActor(COUNTY), { year: 2026, name: '2026 年度村党组织书记双评（基准）' });
  await db.execute(sql`
    update evaluation_subjects set
      up_scores = jsonb_build_object('politics', 18 + id % 8, 'development', 17 + id % 9, 'governance', 14 + id % 7, 'team', 10 + id % 6, 'integrity', 12 + id % 4),
      up_total = (18 + id % 8) + (17 + id % 9) + (14 + id % 7) + (10 + id % 6) + (12 + id % 4),
      up_scored_by = '基准', up_scored_at = now()
    where round_id = ${round.id}`);
  const subjects = await rows<{ id: number; path: string }>(db, sql`select id, path::text as path from evaluation_subjects where round_id = ${round.id} order by id`);
  return { roundId: round.id, subjects: subjects.map((s) => ({ id: num(s.id), path: s.path })) };
}

/**
 * `n` one-time codes spread over the subjects, stored as issueBallotCodes stores them: the keyed
 * hash only, in a shuffled order. The plain codes stay in this process for the voters.
 */
async function issueCodes(db: Db, vault: PiiVault, roundId: number, subjects: { id: number; path: string }[], n: number): Promise<string[]> {
  const plain = new Set<string>();
  while (plain.size < n) plain.add(newBallotCode());
  const codes = secureShuffle([...plain]);
  const rowsOut = codes.map((code, i) => {
    const s = subjects[i % subjects.length]!;
    return { codeHash: ballotCodeHash(vault, code), countyCode: COUNTY, path: s.path, roundId, subjectId: s.id, voterGroup: i % 3 === 0 ? 'party_member' : 'resident' };
  });
  const shuffled = secureShuffle(rowsOut);
  for (let i = 0; i < shuffled.length; i += 2000) await db.insert(ballotCodes).values(shuffled.slice(i, i + 2000));
  await db.execute(sql`update evaluation_subjects s set codes_issued = c.n from (select subject_id, count(*) as n from ballot_codes where round_id = ${roundId} group by subject_id) c where s.id = c.subject_id`);
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Casting

/**
 * The API instance for the bench. The rate limit (XZ_RATE_LIMIT, 600 requests a minute per client
 * address by default) is raised: in a real vote the 100,000 ballots come from as many phones, each
 * well under the limit, while here one load generator on 127.0.0.1 sends them all.
 */
async function startServer(database: Database, vault: PiiVault) {
  const config = { ...loadConfig({}), countyCode: COUNTY, rateLimitPerMinute: 100_000_000, logLevel: 'silent' };
  const app = await buildApp({ database, vault, config, webDist: null, logger: false });
  await app.ready();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

async function castThroughApi(url: string, ballots: { code: string; choice: string }[], connections: number): Promise<CastLoad> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'voters.ts');
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise<CastLoad>((resolve, reject) => {
      child.once('message', (m) => resolve(m as CastLoad));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`voters process exited with ${code}`)));
      child.send({ url, connections, ballots });
    });
  } finally {
    child.removeAllListeners('exit');
    if (child.connected) child.disconnect();
  }
}

/** Baseline: one INSERT per ballot into a bare table (no HTTP, no code check, no chain), same concurrency. */
async function baselineInserts(database: Database, kind: DbKind, location: string, n: number, connections: number, subjects: number[]) {
  await database.exec('create table bench_baseline_ballots (id bigserial primary key, subject_id int not null, choice text not null)');
  const samples: number[] = [];
  let next = 0;
  let seconds = 0;
  if (kind === 'pg') {
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: location, max: connections });
    await Promise.all(Array.from({ length: connections }, () => pool.query('select 1'))); // open the connections first
    const t0 = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await pool.query('insert into bench_baseline_ballots (subject_id, choice) values ($1, $2)', [subjects[i % subjects.length], GRADES[i % 4]]);
        samples.push(performance.now() - s);
      }
    }));
    seconds = (performance.now() - t0) / 1000;
    await pool.end();
  } else {
    const client = database.raw as { query: (q: string, p: unknown[]) => Promise<unknown> };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await client.query('insert into bench_baseline_ballots (subject_id, choice) values ($1, $2)', [subjects[i % subjects.length], GRADES[i % 4]]);
        samples.push(performance.now() - s);
      }
    }));
    seconds = (performance.now() - t0) / 1000;
  }
  await database.exec('drop table bench_baseline_ballots');
  return { inserts: n, connections, seconds: round(seconds), perSecond: round(n / seconds, 1), latency: summarize(samples), note: kind === 'pg' ? 'pg.Pool with as many connections as the API load; one INSERT per row, autocommit' : 'the PGlite instance (one connection, queued); one INSERT per row, autocommit' };
}

// ---------------------------------------------------------------------------------------------
// Counting

class Rollback extends Error {}

/** closeEvaluationRound inside a transaction that is then rolled back: the same work, repeatable. */
async function countRolledBack(db: Db, roundId: number): Promise<number> {
  const t0 = performance.now();
  let ms = 0;
  try {
    await db.transaction(async (tx) => {
      await closeEvaluationRound(tx as unknown as Db, systemActor(COUNTY), roundId);
      ms = performance.now() - t0;
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return ms;
}

async function naiveCount(db: Db, roundId: number): Promise<number> {
  const t0 = performance.now();
  await rows(db, sql`select subject_id, choice, count(*) as n from ballots where round_id = ${roundId} group by subject_id, choice`);
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------
// Secrecy

async function secrecyChecks(db: Db) {
  const cols = async (table: string) => (await rows<{ c: string }>(db, sql`select column_name as c from information_schema.columns where table_name = ${table} order by ordinal_position`)).map((r) => r.c);
  const ballotCols = await cols('ballots');
  const codeCols = await cols('ballot_codes');
  const linking = /^code$|code_hash|person|voter_id|user|created|_at$|time|^ip|session/;
  const [a] = await rows<{ audit: unknown; keys: unknown; events: unknown }>(db, sql`select
    (select count(*) from audit_log where action like '%ballot%' or entity like '%ballot%') as audit,
    (select count(*) from idempotency_keys) as keys,
    (select count(*) from outbox where type like '%ballot%') as events`);
  const out = {
    ballotsColumns: ballotCols,
    ballotCodesColumns: codeCols,
    ballotsColumnsLinkingToVoterOrCode: ballotCols.filter((c) => linking.test(c)),
    ballotCodesColumnsLinkingToVoterOrTime: codeCols.filter((c) => /person|voter_id|user|created|time|ip|session/.test(c)),
    auditRowsAboutBallots: num(a.audit),
    idempotencyRowsStored: num(a.keys),
    eventsAboutBallots: num(a.events),
    requestLog: 'ballot routes run with logLevel silent; the bench app has logger: false',
  };
  return { ...out, holds: out.ballotsColumnsLinkingToVoterOrCode.length === 0 && out.ballotCodesColumnsLinkingToVoterOrTime.length === 0 && out.auditRowsAboutBallots === 0 && out.idempotencyRowsStored === 0 && out.eventsAboutBallots === 0 };
}

// ---------------------------------------------------------------------------------------------
// One database

async function runOne(kind: DbKind, location: string, label: string, opts: Options) {
  const wallStart = performance.now();
  const startedAt = new Date();
  const loadAtStart = os.loadavg().map((v) => round(v));
  const database = await openTarget(kind, location);
  const db = database.db;
  const version = (await rows<{ v: string }>(db, sql`select version() as v`))[0]!.v;
  const vault = PiiVault.random();
  log(kind, `${version.split(',')[0]} — ${label}; seeding the foundation (demo scale)`);

  const [, seedMs] = await timed(() => seedDemo(database, vault, COUNTY, { scale: 'demo', modules: false }));
  const [registry, registryMs] = await timed(() => seedRegistry(db, opts.cadres));
  const [{ roundId, subjects }, roundMs] = await timed(() => openRound(db));
  const [codes, codesMs] = await timed(() => issueCodes(db, vault, roundId, subjects, opts.ballots));
  await database.exec('vacuum (analyze)');
  const [persons] = await rows<{ n: unknown }>(db, sql`select count(*) as n from persons`);
  log(kind, `seeded in ${round(seedMs / 1000, 1)} s (${num(persons.n).toLocaleString('en')} persons); registry ${registry.cadres} cadres in ${registry.villages} villages (${round(registryMs)} ms); round with ${subjects.length} subjects (${round(roundMs)} ms); ${codes.length.toLocaleString('en')} codes (${round(codesMs / 1000, 1)} s)`);

  // ---- casting through the API, then the baseline
  const ballots = codes.map((code, i) => ({ code: i % 2 ? code : code.match(/.{1,4}/g)!.join('-'), choice: GRADES[[0, 0, 1, 1, 1, 2, 3][i % 7]!]! }));
  const { app, url } = await startServer(database, vault);
  let cast: CastLoad;
  try {
    log(kind, `casting ${ballots.length.toLocaleString('en')} ballots through ${url}/api/evaluation/ballot, ${opts.connections} in flight`);
    cast = await castThroughApi(url, ballots, opts.connections);
  } finally {
    await app.close();
  }
  log(kind, `cast: ${cast.perSecond}/s, p50 ${cast.latency.p50} / p95 ${cast.latency.p95} / p99 ${cast.latency.p99} ms, statuses ${JSON.stringify(cast.statuses)}, errors ${cast.errors}`);
  const [stored] = await rows<{ n: unknown; counted: unknown; used: unknown }>(db, sql`select (select count(*) from ballots where round_id = ${roundId}) as n, (select coalesce(sum(ballot_count), 0) from evaluation_subjects where round_id = ${roundId}) as counted, (select count(*) from ballot_codes where round_id = ${roundId} and used) as used`);
  const consistency = { ballotsStored: num(stored.n), subjectsBallotCount: num(stored.counted), codesUsed: num(stored.used), accepted: cast.statuses['201'] ?? 0 };
  const baseline = await baselineInserts(database, kind, location, Math.min(opts.baselineInserts, ballots.length), opts.connections, subjects.map((s) => s.id));
  log(kind, `baseline inserts: ${baseline.perSecond}/s, p50 ${baseline.latency.p50} / p99 ${baseline.latency.p99} ms`);

  // ---- a second attempt with used codes is refused (spot check through inject)
  const app2 = await buildApp({ database, vault, config: { ...loadConfig({}), countyCode: COUNTY, rateLimitPerMinute: 100_000_000, logLevel: 'silent' }, webDist: null, logger: false });
  const reuse = await app2.inject({ method: 'POST', url: '/api/evaluation/ballot', payload: ballots[0] });
  await app2.close();

  // ---- counting
  await database.exec('vacuum (analyze)');
  const naive: number[] = [];
  const rolled: number[] = [];
  for (let i = 0; i < opts.countRepeats; i++) {
    naive.push(await naiveCount(db, roundId));
    rolled.push(await countRolledBack(db, roundId));
  }
  const [closed, closeMs] = await timed(() => closeEvaluationRound(db, systemActor(COUNTY), roundId));
  const count = {
    close: { seconds: round(closeMs / 1000, 3), subjects: closed.subjects, ballots: closed.ballots, outcomes: closed.outcomes },
    rolledBackRepeats: summarize(rolled),
    naiveCountQuery: summarize(naive),
    ratio: { closeVsNaive: ratio(closeMs, summarize(naive).p50), meaning: 'real close / naive GROUP BY count (p50): what verification, grading and the hand-offs cost on top of counting' },
  };
  log(kind, `count: close ${count.close.seconds} s (${closed.ballots.toLocaleString('en')} ballots, ${closed.subjects} subjects); rolled-back repeats p50 ${count.rolledBackRepeats.p50} ms; naive count p50 ${count.naiveCountQuery.p50} ms`);

  const secrecy = await secrecyChecks(db);
  const worstCount = Math.max(closeMs, ...rolled) / 1000;
  const result = {
    benchmark: 'cadres',
    db: kind === 'pg' ? 'postgres' : 'pglite',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: { ...machineInfo(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((v) => round(v)) },
    database: { kind: database.kind, version, location: kind === 'pg' ? label : 'temporary folder (removed)' },
    dataset: { persons: num(persons.n), ...registry, subjects: subjects.length, codes: codes.length, seedSeconds: round(seedMs / 1000, 1), registryMs: round(registryMs), roundMs: round(roundMs), codesSeconds: round(codesMs / 1000, 1) },
    casting: {
      api: { ...cast, note: 'POST /api/evaluation/ballot (public, code as credential) on app.listen; every code once; half the codes typed with dashes' },
      baseline,
      ratio: { perSecond: ratio(baseline.perSecond, cast.perSecond), p99: ratio(cast.latency.p99, baseline.latency.p99), meaning: 'baseline rate / API rate, and API p99 / baseline p99: the price of HTTP, the code check, the lock and the chain' },
      consistency,
      reuseOfACode: { status: reuse.statusCode, code: (reuse.json() as { error?: { code?: string } }).error?.code ?? null },
    },
    counting: count,
    secrecy,
    targets: {
      castPerSecond: { target: TARGETS.castPerSecond, value: cast.perSecond, met: cast.perSecond >= TARGETS.castPerSecond },
      castP99Ms: { target: TARGETS.castP99Ms, value: cast.latency.p99, met: cast.latency.p99 <= TARGETS.castP99Ms },
      countSeconds: { target: TARGETS.countSeconds, value: round(worstCount, 3), met: worstCount <= TARGETS.countSeconds, note: 'worst of the real close and its rolled-back repeats' },
      allBallotsAccepted: consistency.accepted === codes.length && consistency.ballotsStored === codes.length && cast.errors === 0,
    },
    options: opts,
  };
  await database.close();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${startedAt.toISOString().slice(0, 10)}-cadres-${result.db}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(kind, `wrote ${path.relative(process.cwd(), file)} (${result.wallSeconds} s)`);
  return { file, result };
}

type Result = Awaited<ReturnType<typeof runOne>>['result'];

// ---------------------------------------------------------------------------------------------
// Parent / child

async function child(): Promise<void> {
  const { file } = await runOne(env.BENCH_CHILD as DbKind, env.BENCH_LOCATION!, env.BENCH_LABEL!, JSON.parse(env.BENCH_OPTIONS!) as Options);
  process.send!({ file }, undefined, {}, () => process.exit(0));
}

function runChild(target: Target, opts: Options, onStart: (c: ChildProcess) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [], { env: { ...env, BENCH_CHILD: target.kind, BENCH_LOCATION: target.location, BENCH_LABEL: target.label, BENCH_OPTIONS: JSON.stringify(opts) } });
    onStart(c);
    let file: string | null = null;
    c.on('message', (m) => (file = (m as { file: string }).file));
    c.on('error', reject);
    c.on('exit', (code, signal) => (file ? resolve(file) : reject(new Error(`cadres benchmark for ${target.kind} failed (exit ${code ?? signal})`))));
  });
}

function printTable(results: Result[]) {
  const yes = (b: boolean) => (b ? 'met' : 'MISSED');
  const lines = [
    ['', ...results.map((r) => r.db)],
    ['cadres / villages / subjects', ...results.map((r) => `${r.dataset.cadres} / ${r.dataset.villages} / ${r.dataset.subjects}`)],
    ['ballots cast (201)', ...results.map((r) => `${r.casting.consistency.accepted.toLocaleString('en')} of ${r.dataset.codes.toLocaleString('en')}`)],
    ['cast rate, API (≥ 500/s)', ...results.map((r) => `${r.casting.api.perSecond}/s ${yes(r.targets.castPerSecond.met)}`)],
    ['cast p50 / p95 / p99 (p99 ≤ 100 ms)', ...results.map((r) => `${r.casting.api.latency.p50} / ${r.casting.api.latency.p95} / ${r.casting.api.latency.p99} ms ${yes(r.targets.castP99Ms.met)}`)],
    ['baseline raw INSERTs', ...results.map((r) => `${r.casting.baseline.perSecond}/s, p99 ${r.casting.baseline.latency.p99} ms`)],
    ['baseline / API rate', ...results.map((r) => `×${r.casting.ratio.perSecond}`)],
    ['count: close (≤ 2 s)', ...results.map((r) => `${r.counting.close.seconds} s ${yes(r.targets.countSeconds.met)}`)],
    ['count: rolled-back repeats p50', ...results.map((r) => `${r.counting.rolledBackRepeats.p50} ms`)],
    ['baseline naive GROUP BY p50', ...results.map((r) => `${r.counting.naiveCountQuery.p50} ms`)],
    ['secrecy checks', ...results.map((r) => (r.secrecy.holds ? 'hold' : 'FAILED'))],
    ['load average start → end', ...results.map((r) => `${r.machine.loadAverageAtStart.join(' ')} → ${r.machine.loadAverageAtEnd.join(' ')}`)],
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  console.log('\n' + lines.map((l) => l.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')).join('\n'));
}

async function parent(): Promise<void> {
  const started = performance.now();
  const which = env.BENCH_DB || 'both';
  if (!['pg', 'pglite', 'both'].includes(which)) throw new Error(`BENCH_DB must be pg, pglite or both, got "${which}"`);
  const kinds: DbKind[] = which === 'both' ? ['pg', 'pglite'] : [which as DbKind];
  const opts: Options = {
    cadres: int('BENCH_CADRES', 2000),
    ballots: int('BENCH_BALLOTS', 100_000),
    connections: int('BENCH_CONNECTIONS', 32),
    baselineInserts: int('BENCH_BASELINE_INSERTS', 20_000),
    countRepeats: int('BENCH_COUNT_REPEATS', 3),
  };
  const keep = env.BENCH_KEEP === '1';
  const pgUrl = env.BENCH_DATABASE_URL || DEFAULT_PG_URL;
  console.log(`cadres benchmark: ${opts.cadres} cadres, ${opts.ballots.toLocaleString('en')} ballots at ${opts.connections} in flight, databases ${kinds.join(' + ')}`);

  let current: { target: Target; child: ChildProcess | null } | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping and cleaning up`);
    current?.child?.kill('SIGTERM');
    const t = current?.target;
    void (t && !keep ? t.remove() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results: Result[] = [];
  const files: string[] = [];
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
      const file = await runChild(made, opts, (c) => (current!.child = c));
      results.push(JSON.parse(fs.readFileSync(file, 'utf8')) as Result);
      files.push(path.relative(process.cwd(), file));
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
    printTable(results);
    const combined = {
      benchmark: 'cadres',
      generatedAt: new Date().toISOString(),
      command: `${['BENCH_DB', 'BENCH_BALLOTS', 'BENCH_CADRES', 'BENCH_CONNECTIONS', 'BENCH_BASELINE_INSERTS', 'BENCH_COUNT_REPEATS'].filter((k) => env[k]).map((k) => `${k}=${env[k]}`).join(' ')} npm run bench:cadres`.trim(),
      totalWallSeconds: totalSeconds,
      targets: 'issue 5: casting through the API at 32 in flight ≥ 500 ballots/s with p99 ≤ 100 ms; counting a whole round (100,000 ballots) ≤ 2 s',
      machine: machineInfo(),
      results: Object.fromEntries(results.map((r, i) => [r.db, {
        file: files[i],
        casting: { perSecond: r.casting.api.perSecond, latency: r.casting.api.latency, baselinePerSecond: r.casting.baseline.perSecond, baselineP99: r.casting.baseline.latency.p99, ratio: r.casting.ratio, accepted: r.casting.consistency.accepted, errors: r.casting.api.errors },
        counting: { closeSeconds: r.counting.close.seconds, rolledBackP50Ms: r.counting.rolledBackRepeats.p50, naiveP50Ms: r.counting.naiveCountQuery.p50, ratio: r.counting.ratio.closeVsNaive },
        targets: r.targets,
        secrecyHolds: r.secrecy.holds,
        loadAverage: { start: r.machine.loadAverageAtStart, end: r.machine.loadAverageAtEnd },
      }])),
      skipped,
      failures,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest-cadres.json'), JSON.stringify(combined, null, 2) + '\n');
  }
  console.log(`\ntotal wall time ${totalSeconds} s${failures.length ? `; ${failures.length} failed` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

await (env.BENCH_CHILD ? child() : parent());
