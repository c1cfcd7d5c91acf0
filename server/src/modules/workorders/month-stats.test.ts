import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor } from '../../platform/scope';
import { buildWorld, type World } from '../../testing/world';
import { seedWorkOrdersDemo } from './demo';
import { monthlyRates } from './stats';
import { monthRange } from './rules';

let w: World;
const now = new Date('2026-10-20T10:00:00+08:00');
beforeAll(async () => {
  w = await buildWorld();
  await seedWorkOrdersDemo(w.database, '320582', w.vault, { orders: 300, days: 50, now });
});
afterAll(() => w.close());

const q = <T>(s: ReturnType<typeof sql>) => rows<T>(w.database.db, s);
const snapshot = async () =>
  (await q<Record<string, unknown>>(sql`select * from wo_month_stats where county_code = '320582' and orders <> 0 order by month, town_code, village_code`)).map((r) => JSON.stringify(r));

describe('monthly figures (wo_month_stats)', () => {
  it('the trigger keeps the same figures a full recount gives, through inserts, updates, moves and deletes', async () => {
    // Sign-fors, late resolutions, ratings, cancellations, a move to another village, a deletion.
    await w.database.exec(`
      update wo_orders set first_signed_at = coalesce(first_signed_at, created_at + interval '1 hour'), sign_on_time = coalesce(sign_on_time, true) where id % 7 = 0 and first_sign_due_at is not null;
      update wo_orders set first_resolved_at = coalesce(first_resolved_at, resolve_due_at + interval '1 day'), resolved_on_time = coalesce(resolved_on_time, false) where id % 5 = 0 and resolve_due_at is not null;
      update wo_orders set first_rating = 'unsatisfied' where id % 11 = 0;
      update wo_orders set status = 'cancelled' where id % 13 = 0;
      update wo_orders o set path = g.path, town_code = left(g.code, 9), village_code = left(g.code, 12), group_code = g.code
        from (select code, path from regions where level = 'group' and code like '320582%' order by code desc limit 1) g where o.id % 17 = 0;
      delete from wo_orders where id % 19 = 0;`);
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(0);
    const stale = await q<{ n: unknown }>(sql`select count(*) as n from wo_month_stats where orders = 0 and (signed_due <> 0 or resolved_due <> 0 or rated <> 0)`);
    expect(num(stale[0].n)).toBe(0);
    await w.database.exec(`select wo_month_stats_rebuild('320582')`);
    expect(await snapshot()).toEqual(kept);
  });

  it('monthlyRates gives what a plain GROUP BY over the orders gives', async () => {
    const month = '2026-10';
    const [start, end] = monthRange(month);
    const r = await monthlyRates(w.database.db, systemActor('320582'), { month, level: 'village' });
    const plain = await q<Record<string, unknown>>(sql`select village_code as code, count(*) as orders,
        count(*) filter (where first_sign_due_at is not null and (first_signed_at is not null or first_sign_due_at < now())) as response_due,
        count(*) filter (where first_sign_due_at is not null and (first_signed_at is not null or first_sign_due_at < now()) and coalesce(sign_on_time, false)) as response_on_time,
        count(*) filter (where resolve_due_at is not null and (first_resolved_at is not null or (resolve_due_at < now() and status <> 'suspended'))) as resolution_due,
        count(*) filter (where first_rating in ('satisfied','basically_satisfied','unsatisfied')) as rated
      from wo_orders where county_code = '320582' and created_at >= ${start} and created_at < ${end} and status not in ('merged','cancelled') and village_code is not null
      group by 1 order by 1`);
    expect(plain.length).toBeGreaterThan(0);
    const got = new Map(r.rows.map((x) => [x.code, x]));
    for (const p of plain) {
      const x = got.get(String(p.code))!;
      expect({ orders: x.orders, responseDue: x.responseDue, responseOnTime: x.responseOnTime, resolutionDue: x.resolutionDue, rated: x.rated }).toEqual({
        orders: num(p.orders),
        responseDue: num(p.response_due),
        responseOnTime: num(p.response_on_time),
        resolutionDue: num(p.resolution_due),
        rated: num(p.rated),
      });
    }
    expect(r.rows.length).toBe(plain.length);
  });
});
