/** The readable table printed at the end, and the combined summary file. */
import type { SuiteResult } from './suite';

const n = (v: number) => v.toLocaleString('en');
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${v} ms`);

export function summaryOf(r: SuiteResult, file: string) {
  const load = 'error' in r.http.load ? null : r.http.load;
  return {
    file,
    db: r.db,
    version: r.database.version.split(' on ')[0],
    scale: r.scale,
    scaleNote: r.scaleNote,
    wallSeconds: r.wallSeconds,
    dataset: { persons: r.dataset.persons, households: r.dataset.households, regions: r.dataset.regions, towns: r.dataset.towns, villages: r.dataset.villages },
    seeding: { seconds: r.seeding.seconds, rowsPerSecond: r.seeding.rowsPerSecond, personsPerSecond: r.seeding.personsPerSecond, peakRssMb: r.seeding.rssMb.peak, analyzeSeconds: r.search.analyzeSeconds, databaseMb: r.database.sizeMb.database },
    search: {
      design: { p50: r.search.design.p50, p95: r.search.design.p95, p99: r.search.design.p99, mean: r.search.design.mean, n: r.search.design.n },
      baseline: { p50: r.search.baseline.p50, p95: r.search.baseline.p95, n: r.search.baseline.n, queriesCovered: r.search.baseline.queriesCovered },
      ratio: r.search.ratio,
      beforeAnalyze: { p50: r.search.beforeAnalyze.latency.p50, p95: r.search.beforeAnalyze.latency.p95, n: r.search.beforeAnalyze.latency.n },
      mismatches: r.search.correctness.mismatches.length,
    },
    http: {
      inject: { p50: r.http.inject.search.p50, p95: r.http.inject.search.p95, n: r.http.inject.search.n, serviceP50: r.http.inject.service.p50, serviceP95: r.http.inject.service.p95, ratioP50: r.http.inject.ratio.p50, healthP50: r.http.inject.health.p50 },
      load: load ? { connections: load.connections, seconds: load.durationSeconds, requestsPerSecond: load.requestsPerSecond, p50: load.latency.p50, p95: load.latency.p95, non2xx: load.non2xx, errors: load.errors } : r.http.load,
    },
    target: r.target,
  };
}

export type Summary = ReturnType<typeof summaryOf>;

export function printTable(summaries: Summary[], skipped: string[]): void {
  const cols = summaries.map((s) => `${s.db === 'postgres' ? 'PostgreSQL' : 'PGlite'} (${s.scale})`);
  const line = (label: string, values: string[]) => console.log(label.padEnd(40) + values.map((v) => v.padEnd(42)).join(''));
  console.log('\nXiangzhi foundation benchmark — Zhangjiagang 320582');
  line('', cols);
  line('', summaries.map((s) => s.version.replace('PostgreSQL ', 'PG ')));
  line('persons / households', summaries.map((s) => `${n(s.dataset.persons)} / ${n(s.dataset.households)}`));
  line('seeding', summaries.map((s) => `${s.seeding.seconds} s, ${n(s.seeding.rowsPerSecond)} rows/s`));
  line('  persons/s, peak RSS (node process)', summaries.map((s) => `${n(s.seeding.personsPerSecond)}/s, ${s.seeding.peakRssMb} MB`));
  line('  VACUUM ANALYZE, database size', summaries.map((s) => `${s.seeding.analyzeSeconds} s, ${n(s.seeding.databaseMb)} MB`));
  line('search, design  p50 / p95 / p99', summaries.map((s) => `${ms(s.search.design.p50)} / ${ms(s.search.design.p95)} / ${ms(s.search.design.p99)}`));
  line('  mean, timed runs', summaries.map((s) => `${ms(s.search.design.mean)}, n=${s.search.design.n}`));
  line('search, baseline p50 / p95', summaries.map((s) => `${ms(s.search.baseline.p50)} / ${ms(s.search.baseline.p95)}`));
  line('  timed runs, queries covered', summaries.map((s) => `n=${s.search.baseline.n}, ${s.search.baseline.queriesCovered} queries`));
  line('ratio baseline/design p50 / p95', summaries.map((s) => `×${s.search.ratio.p50} / ×${s.search.ratio.p95} (per query ×${s.search.ratio.medianPerQuery})`));
  line('answers differing design/baseline', summaries.map((s) => String(s.search.mismatches)));
  line('design before ANALYZE p50 / p95', summaries.map((s) => `${ms(s.search.beforeAnalyze.p50)} / ${ms(s.search.beforeAnalyze.p95)} (n=${s.search.beforeAnalyze.n})`));
  line('HTTP inject p50 / p95', summaries.map((s) => `${ms(s.http.inject.p50)} / ${ms(s.http.inject.p95)} (n=${s.http.inject.n})`));
  line('  same queries via service p50 / p95', summaries.map((s) => `${ms(s.http.inject.serviceP50)} / ${ms(s.http.inject.serviceP95)} (HTTP ×${s.http.inject.ratioP50})`));
  line('  GET /api/health p50 (floor)', summaries.map((s) => ms(s.http.inject.healthP50)));
  line('HTTP load req/s, p50 / p95', summaries.map((s) => ('p50' in s.http.load ? `${s.http.load.requestsPerSecond}/s, ${ms(s.http.load.p50)} / ${ms(s.http.load.p95)} (${s.http.load.connections} conn)` : 'failed')));
  line('target: design p95 < 50 ms', summaries.map((s) => `${s.target.met ? 'met' : 'NOT met'}${s.target.applies ? '' : ' (target is for PG, county)'}`));
  line('wall time', summaries.map((s) => `${s.wallSeconds} s`));
  for (const s of summaries) if (s.scaleNote) console.log(`note (${s.db}): ${s.scaleNote}`);
  for (const s of skipped) console.log(`skipped: ${s}`);
}
