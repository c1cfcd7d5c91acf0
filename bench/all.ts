/**
 * `npm run bench`: every benchmark suite in turn, each in its own process (so one suite's memory
 * and caches do not colour the next). BENCH_SUITES=foundation,workorders picks some of them.
 * Each suite writes bench/results/<date>-<suite>-*.json and latest-<suite>.json; see bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUITES: Record<string, string> = {
  foundation: 'foundation.ts',
  workorders: 'workorders/run.ts',
  points: 'points/run.ts',
  cadres: 'cadres/run.ts',
};

const wanted = (process.env.BENCH_SUITES || Object.keys(SUITES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = wanted.filter((s) => !(s in SUITES));
if (unknown.length) {
  console.error(`BENCH_SUITES: unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

const failed: string[] = [];
const started = performance.now();
for (const suite of wanted) {
  console.log(`\n===== benchmark suite: ${suite} =====`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, SUITES[suite])], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed.push(`${suite} (exit ${r.status ?? r.signal})`);
}
console.log(`\nall suites: ${Math.round((performance.now() - started) / 1000)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
