/**
 * `npm run bench`: the foundation benchmark (issue 2, "Performance"). For each database it seeds
 * the county-scale demo data and measures seeding, the region-subtree people search through the
 * real service and through HTTP, and the same search without the scope/index design as a baseline
 * measured in the same run. See bench/README.md for the settings.
 *
 * The parent process creates each database (a fresh xz_bench_* database, or a temp PGlite folder),
 * runs the suite for it in a child process, and removes it afterwards, whatever happened.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPgliteTarget, createPgTarget, DEFAULT_PG_URL, type DbKind, type Target } from './lib/targets';
import { machineInfo, RESULTS_DIR, runSuite, type BenchOptions, type SuiteResult } from './lib/suite';
import { printTable, summaryOf, type Summary } from './lib/report';
import { int } from './lib/env';

const env = process.env;


function scaleOf(name: string, fallback: 'demo' | 'county'): 'demo' | 'county' {
  const v = env[name] || fallback;
  if (v !== 'demo' && v !== 'county') throw new Error(`${name} must be demo or county, got "${v}"`);
  return v;
}

async function child(): Promise<void> {
  const kind = env.BENCH_CHILD as DbKind;
  const opts = JSON.parse(env.BENCH_OPTIONS!) as BenchOptions;
  const { file } = await runSuite(kind, env.BENCH_LOCATION!, env.BENCH_LABEL!, opts);
  process.send!({ file }, undefined, {}, () => process.exit(0));
}

function runChild(target: Target, opts: BenchOptions, onStart: (c: ChildProcess) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [], {
      env: { ...env, BENCH_CHILD: target.kind, BENCH_LOCATION: target.location, BENCH_LABEL: target.label, BENCH_OPTIONS: JSON.stringify(opts) },
    });
    onStart(c);
    let file: string | null = null;
    c.on('message', (m) => (file = (m as { file: string }).file));
    c.on('error', reject);
    c.on('exit', (code, signal) => (file ? resolve(file) : reject(new Error(`benchmark for ${target.kind} failed (exit ${code ?? signal})`))));
  });
}

async function parent(): Promise<void> {
  const started = performance.now();
  const scale = scaleOf('BENCH_SCALE', 'county');
  const pgliteScale = scaleOf('BENCH_PGLITE_SCALE', scale);
  const which = env.BENCH_DB || 'both';
  if (!['pg', 'pglite', 'both'].includes(which)) throw new Error(`BENCH_DB must be pg, pglite or both, got "${which}"`);
  const kinds: DbKind[] = which === 'both' ? ['pg', 'pglite'] : [which as DbKind];
  const base: Omit<BenchOptions, 'scale' | 'scaleNote'> = {
    queries: int('BENCH_QUERIES', 50),
    iterations: int('BENCH_ITERATIONS', 300),
    baselineIterations: int('BENCH_BASELINE_ITERATIONS', 100),
    baselineBudgetSeconds: int('BENCH_BASELINE_BUDGET_S', 180),
    preAnalyzeBudgetSeconds: int('BENCH_PREANALYZE_BUDGET_S', 60),
    httpIterations: int('BENCH_HTTP_ITERATIONS', 100),
    httpConnections: int('BENCH_HTTP_CONNECTIONS', 8),
    httpDurationSeconds: int('BENCH_HTTP_DURATION_S', 15),
    explainCount: int('BENCH_EXPLAIN', 2, 0),
  };
  const keep = env.BENCH_KEEP === '1';
  const pgUrl = env.BENCH_DATABASE_URL || DEFAULT_PG_URL;
  console.log(`foundation benchmark: scale ${scale}${pgliteScale !== scale ? ` (PGlite: ${pgliteScale})` : ''}, databases ${kinds.join(' + ')}, ${base.queries} queries × ${base.iterations} timed design runs`);

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
    const dbScale = kind === 'pglite' ? pgliteScale : scale;
    const opts: BenchOptions = {
      ...base,
      scale: dbScale,
      scaleNote: dbScale !== scale ? `PGlite ran at ${dbScale} scale (BENCH_PGLITE_SCALE), not ${scale}: its figures are not comparable with PostgreSQL's` : null,
    };
    current = { target: made, child: null };
    try {
      const file = await runChild(made, opts, (c) => (current!.child = c));
      const result = JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResult;
      summaries.push(summaryOf(result, path.relative(process.cwd(), file)));
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
    const combined = {
      benchmark: 'foundation',
      generatedAt: new Date().toISOString(),
      command: `${['BENCH_SCALE', 'BENCH_DB', 'BENCH_PGLITE_SCALE', 'BENCH_ITERATIONS'].filter((k) => env[k]).map((k) => `${k}=${env[k]}`).join(' ')} npm run bench`.trim(),
      totalWallSeconds: totalSeconds,
      target: 'people search within a town, p95 under 50 ms on PostgreSQL with 1.2 million residents',
      machine: machineInfo(),
      results: Object.fromEntries(summaries.map((s) => [s.db, s])),
      skipped,
      failures,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest-foundation.json'), JSON.stringify(combined, null, 2) + '\n');
  }
  console.log(`\ntotal wall time ${totalSeconds} s${failures.length ? `; ${failures.length} failed` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

await (env.BENCH_CHILD ? child() : parent());
