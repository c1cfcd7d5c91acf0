/**
 * Developer tool: times the household leaderboards of a kept benchmark database (BENCH_KEEP=1) the
 * way run.ts does (every town, every 9th village, this month and this year, page 1 of 20, through
 * leaderboard()), without seeding anything. Runs migrations first (so a kept database gets the
 * current functions). `npx tsx bench/points/boards-dev.ts postgres://…/xz_bench_… [iterations]`
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/src/platform/db';
import { systemActor } from '../../server/src/platform/scope';
import { leaderboard } from '../../server/src/modules/points/service';
import { chinaDate, monthKey, yearKey } from '../../server/src/modules/points/rules';
import { openTarget } from '../lib/targets';
import { summarize } from '../lib/stats';

const url = process.argv[2];
if (!url) throw new Error('usage: boards-dev.ts <postgres url of a kept benchmark database> [iterations]');
const iterations = Number(process.argv[3] ?? 300);
const database = await openTarget('pg', url);
const db = database.db;
const actor = systemActor('320582', '基准');
const [{ id: schemeId }] = await rows<{ id: number }>(db, sql`select id from pts_schemes where code = 'household'`);
const periods = [monthKey(chinaDate()), yearKey(chinaDate())];
const towns = await rows<{ code: string }>(db, sql`select code from regions where level = 'town' order by code`);
const villages = (await rows<{ code: string }>(db, sql`select code from regions where level = 'village' order by code`)).filter((_, i) => i % 9 === 0);
for (const [level, list] of [['village', villages], ['town', towns], ['county', [{ code: '320582' }]]] as const) {
  const board = (code: string, period: string) => leaderboard(db, actor, { schemeId, period, region: code, page: 1, pageSize: 20 });
  for (const r of list) for (const p of periods) await board(r.code, p); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < (level === 'county' ? 20 : iterations); i++) {
    const t0 = performance.now();
    await board(list[i % list.length].code, periods[i % 2]);
    ms.push(performance.now() - t0);
  }
  const s = summarize(ms);
  console.log(`${level}: p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms over ${ms.length}`);
}
await database.close();
