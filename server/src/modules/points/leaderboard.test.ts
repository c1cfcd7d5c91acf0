import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor, withScope } from '../../platform/scope';
import { addUser, buildWorld, signIn, type Client, type World } from '../../testing/world';
import { ensureAccounts, leaderboard, postAutomaticBulk, type AutomaticPosting } from './service';
import { rebuildBalances } from './rebuild';
import { chinaDate, monthKey, yearKey } from './rules';
import { pointsFixture, type PointsFixture } from './testing';

// Leaderboards answered from the page (ranks: the first row counted, the others by position with
// ties) and totals from pts_balance_counts (migration 0023): every page of every board must equal
// competition ranks computed from scratch over the balances, and the totals their row counts.
let w: World;
let f: PointsFixture;
const c: Record<string, Client> = {};
const today = chinaDate();
const actor = systemActor('320582', '志愿服务模块（测试）');
const villages = ['c320582.t100.v201', 'c320582.t100.v202', 'c320582.t101.v201'];

beforeAll(async () => {
  w = await buildWorld();
  f = await pointsFixture(w);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  c.village = await signIn(w, 'village');
  // 45 households over three villages and two towns, then postings that leave many ties: points
  // 2 (garbage), 5 (thrift) and 10 (volunteer) in a few combinations.
  await withScope(w.database.db, actor, (tx) => ensureAccounts(tx, '320582', f.schemes.household, Array.from({ length: 45 }, (_, i) => ({
    ownerKind: 'household' as const, ownerId: 900_000 + i, path: `${villages[i % 3]}.n01.g001.hlb${i}`, label: `排行户 ${i}`,
  }))));
  const list: AutomaticPosting[] = [];
  for (let i = 0; i < 45; i++) {
    const items = [['volunteer'], ['thrift'], ['volunteer', 'thrift'], ['garbage'], ['thrift', 'garbage'], []][i % 6];
    items.forEach((item, j) => list.push({ scheme: 'household', item, owner: { kind: 'household', id: 900_000 + i }, evidence: { text: '测试' }, idempotencyKey: `lb:${i}:${j}` }));
  }
  const out = await withScope(w.database.db, actor, (tx) => postAutomaticBulk(tx, actor, list));
  expect(out.rejected).toEqual([]);
});
afterAll(() => w.close());

type Item = { rank: number; accountId: number; points: number };

/** The board computed from scratch: competition ranks over the region's balances. */
async function expected(period: string, where: ReturnType<typeof sql>) {
  const list = await rows<{ account_id: number; points: unknown; rank: unknown }>(w.database.db, sql`
    select account_id, points, rank() over (order by points desc) as rank from pts_balances b
     where county_code = '320582' and scheme_id = ${f.schemes.household} and period_key = ${period} and ${where}
     order by points desc, account_id`);
  return list.map((r) => ({ rank: num(r.rank), accountId: r.account_id, points: num(r.points) }));
}

describe('leaderboards: ranks per page, totals from the counts', () => {
  const regions = () => [
    { code: w.codes.villageA1, where: sql`b.village_key = 'c320582.t100.v201'` },
    { code: w.codes.villageA2, where: sql`b.village_key = 'c320582.t100.v202'` },
    { code: w.codes.townA, where: sql`b.town_key = 'c320582.t100'` },
    { code: w.codes.townB, where: sql`b.town_key = 'c320582.t101'` },
    { code: w.codes.county, where: sql`true` },
  ];

  it('every page of village, town and county boards equals ranks computed over all balances (ties share a rank)', async () => {
    for (const period of [monthKey(today), yearKey(today), 'all']) {
      for (const r of regions()) {
        const all = await expected(period, r.where);
        expect(all.length).toBeGreaterThan(3);
        // ties exist, inside pages and across page boundaries
        expect(new Set(all.map((x) => x.rank)).size).toBeLessThan(all.length);
        for (const pageSize of [1, 3, 4, 7]) {
          const got: Item[] = [];
          for (let page = 1; (page - 1) * pageSize < all.length + pageSize; page++) {
            const lb = await leaderboard(w.database.db, systemActor('320582'), { schemeId: f.schemes.household, period, region: r.code, page, pageSize });
            expect(lb.total).toBe(all.length);
            got.push(...lb.items.map((i) => ({ rank: i.rank, accountId: i.accountId, points: i.points })));
          }
          expect(got).toEqual(all);
        }
      }
    }
  });

  it('the counts follow new balances (first posting of an account in a period) and the rebuild checks and repairs them', async () => {
    const before = (await leaderboard(w.database.db, systemActor('320582'), { schemeId: f.schemes.household, period: 'all', region: w.codes.villageA1, page: 1, pageSize: 5 })).total;
    await withScope(w.database.db, actor, (tx) => ensureAccounts(tx, '320582', f.schemes.household, [{ ownerKind: 'household', ownerId: 900_100, path: `${villages[0]}.n01.g001.hlbnew`, label: '新户' }]));
    await withScope(w.database.db, actor, (tx) => postAutomaticBulk(tx, actor, [
      { scheme: 'household', item: 'volunteer', owner: { kind: 'household', id: 900_100 }, evidence: { text: '测试' }, idempotencyKey: 'lb:new:1' },
      { scheme: 'household', item: 'thrift', owner: { kind: 'household', id: 900_100 }, evidence: { text: '测试' }, idempotencyKey: 'lb:new:2' },
    ]));
    const after = await leaderboard(w.database.db, systemActor('320582'), { schemeId: f.schemes.household, period: 'all', region: w.codes.villageA1, page: 1, pageSize: 5 });
    expect(after.total).toBe(before + 1);
    expect((await rebuildBalances(w.database.db, '320582', { fix: false })).differences).toBe(0);
    // a wrong count is a difference, and the fix recounts it
    await w.database.db.execute(sql`update pts_balance_counts set n = n + 2 where county_code = '320582' and level = 't' and region_key = 'c320582.t100' and period_key = 'all'`);
    const dirty = await rebuildBalances(w.database.db, '320582', { fix: true });
    expect(dirty.differences).toBe(1);
    expect(dirty.samples[0]).toMatchObject({ table: 'pts_balance_counts', expected: { n: expect.any(Number) } });
    expect((await rebuildBalances(w.database.db, '320582', { fix: false })).differences).toBe(0);
  });

  it('the application role cannot read or write the counts; boards outside the scope stay refused', async () => {
    const seen = await withScope(w.database.db, systemActor('320582'), (tx) => rows(tx, sql`select * from pts_balance_counts`));
    expect(seen).toEqual([]);
    await expect(withScope(w.database.db, systemActor('320582'), (tx) => tx.execute(sql`update pts_balance_counts set n = 0`))).resolves.toBeDefined();
    const [{ n }] = await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from pts_balance_counts where n = 0`);
    expect(num(n)).toBe(0);
    const res = await c.village.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=all&region=${w.codes.townA}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/数据范围/);
    const mine = await c.village.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=all&region=${w.codes.villageA1}&pageSize=3`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().total).toBe((await expected('all', sql`b.village_key = 'c320582.t100.v201'`)).length);
  });
});
