/**
 * The points engine's scheduled jobs, run in-process on a timer (startPointsJobs, one line in
 * platform/startup.ts), and on demand through the CLI (`points-jobs`) and the demo seed:
 *
 *  - finalize:  postings whose public notice (公示) ended without an open objection become effective;
 *  - seniority: cadre seniority points (年功分) for every completed year of service;
 *  - handoffs:  automatic postings other modules handed off while the engine could not take them
 *               yet (performance points from the cadres module's evaluation grades, which arrive
 *               before a cadre scheme or account exists) are posted.
 *
 * Safe with several server instances: each run holds a transaction-level advisory lock per
 * (job, county) — an instance that finds it taken skips the run — and each job is idempotent by
 * itself besides (row locks with a state re-check, idempotency keys), so a job run twice, even at
 * the same moment, does its work once. Each job audits what it did through the service it calls.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db';
import { rows } from '../../platform/db';
import { badRequest } from '../../platform/http/errors';
import { systemActor } from '../../platform/scope';
import { accrueSeniority, finalizeDue } from './service';
import { chinaDate } from './rules';

export const POINTS_JOBS = ['finalize', 'seniority', 'handoffs'] as const;
export type PointsJob = (typeof POINTS_JOBS)[number];

/** First key of pg_try_advisory_xact_lock(int, int): 'XZPJ' + the job's number; the county is the second. */
const LOCK_KEYS: Record<PointsJob, number> = { finalize: 0x585a5001, seniority: 0x585a5002, handoffs: 0x585a5003 };

export interface JobRun {
  job: PointsJob;
  county: string;
  /** false: another run of the same job in this county held the lock, so this one did nothing. */
  ran: boolean;
  result: Record<string, unknown> | null;
  ms: number;
}

/**
 * Runs one job for one county, in one transaction that holds the job's advisory lock; the service
 * it calls runs inside (as a savepoint), so the lock is held until its work is committed.
 */
export async function runPointsJob(db: Db, county: string, job: PointsJob, now = new Date()): Promise<JobRun> {
  if (!POINTS_JOBS.includes(job)) throw badRequest('UNKNOWN_JOB', `未知的积分定时任务「${String(job)}」，可选：${POINTS_JOBS.join('、')}`, `Unknown points job ${String(job)}`);
  if (!/^\d{6}$/.test(county)) throw badRequest('BAD_COUNTY', '县级区划代码应为 6 位数字', 'County code must be 6 digits');
  const started = performance.now();
  return db.transaction(async (tx) => {
    const [lock] = await rows<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK_KEYS[job]}::int, ${Number(county)}::int) as got`);
    if (!lock?.got) return { job, county, ran: false, result: null, ms: performance.now() - started };
    const inner = tx as unknown as Db;
    let result: Record<string, unknown>;
    if (job === 'finalize') {
      result = await finalizeDue(inner, systemActor(county, '公示期满（定时任务）'), now);
    } else if (job === 'seniority') {
      const r = await accrueSeniority(inner, county, chinaDate(now));
      result = { through: r.through, created: r.created, duplicates: r.duplicates, rejected: r.rejected.length };
    } else {
      // The cadres module keeps its hand-offs and retries them through the engine (postAutomatic,
      // one idempotency key per evaluation subject); read through its exported function.
      const { retryPointsHandoffs } = await import('../cadres/points');
      const r = await retryPointsHandoffs(inner, systemActor(county, '积分移交（定时任务）'));
      result = { posted: r.posted, stillPending: r.stillPending, reasons: r.reasons };
    }
    return { job, county, ran: true, result, ms: performance.now() - started };
  });
}

/** The counties that have points schemes (the jobs have nothing to do elsewhere). */
export async function pointsCounties(db: Db): Promise<string[]> {
  const list = await rows<{ county_code: string }>(db, sql`select distinct county_code from pts_schemes order by county_code`);
  return list.map((r) => r.county_code);
}

/**
 * Every job for every county with schemes. `seniority: false` skips the accrual (the timer runs it
 * once a day: it reads every cadre account).
 */
export async function runPointsJobs(db: Db, opts: { now?: Date; seniority?: boolean; counties?: string[] } = {}): Promise<JobRun[]> {
  const out: JobRun[] = [];
  for (const county of opts.counties ?? (await pointsCounties(db))) {
    for (const job of POINTS_JOBS) {
      if (job === 'seniority' && opts.seniority === false) continue;
      out.push(await runPointsJob(db, county, job, opts.now));
    }
  }
  return out;
}

type Log = { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };

/**
 * The in-process timer: every `everyMs` (default 10 minutes; the first run 10 s after start) the
 * notices and hand-offs, and the seniority accrual on the first run of each China calendar day.
 * Runs never overlap in one process; the advisory locks keep instances from doubling up.
 */
export function startPointsJobs(database: Database, log?: Log, everyMs = 10 * 60_000, firstAfterMs = 10_000): () => void {
  let running = false;
  let accruedOn = '';
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const today = chinaDate();
      const runs = await runPointsJobs(database.db, { seniority: accruedOn !== today });
      if (runs.every((r) => r.ran || r.job !== 'seniority')) accruedOn = today;
      const worked = runs.filter((r) => r.ran && r.result && ((r.result.effective as number) > 0 || (r.result.created as number) > 0 || (r.result.posted as number) > 0));
      if (worked.length) log?.info({ runs: worked.map((r) => ({ job: r.job, county: r.county, ...r.result })) }, 'points jobs');
    } catch (err) {
      log?.warn({ err }, 'points jobs failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  const first = setTimeout(() => void run(), firstAfterMs);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
