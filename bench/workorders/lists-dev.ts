/**
 * Development aid: the list scenarios of the work-order suite against a database kept by
 * `BENCH_KEEP=1 npm run bench:workorders` (migrated to the current schema first), without
 * generating the orders again. `npx tsx bench/workorders/lists-dev.ts postgres://…/xz_bench_… [rounds]`
 */
import { openTarget } from '../lib/targets';
import { designList, listScenarios, type ListAnswer } from './lists';
import { summarize } from '../lib/stats';

const [url, roundsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: lists-dev.ts <postgres url> [rounds]');
const database = await openTarget('pg', url);
const scenarios = await listScenarios(database.db, '320582', new Date());
const all: number[] = [];
for (const s of scenarios) {
  const ms: number[] = [];
  let last: ListAnswer | null = null;
  for (let i = 0; i < Number(roundsArg ?? 5); i++) {
    const a = await designList(database.db, '320582', s);
    ms.push(a.ms);
    last = a;
  }
  all.push(...ms);
  const st = summarize(ms);
  console.log(`${String(s.id).padStart(2)} p50 ${st.p50.toFixed(1).padStart(8)} p95 ${st.p95.toFixed(1).padStart(8)} total ${last?.total}${last?.capped ? '+' : ''}  ${s.label}`);
}
const st = summarize(all);
console.log(`all: p50 ${st.p50.toFixed(1)} p95 ${st.p95.toFixed(1)} p99 ${st.p99.toFixed(1)}`);
await database.close();
