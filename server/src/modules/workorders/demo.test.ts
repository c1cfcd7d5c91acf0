import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor } from '../../platform/scope';
import { buildWorld, type World } from '../../testing/world';
import { seedWorkOrdersDemo } from './demo';
import { monthlyRates } from './stats';

let w: World;
const now = new Date('2026-10-20T10:00:00+08:00');
beforeAll(async () => {
  w = await buildWorld();
  const r = await seedWorkOrdersDemo(w.database, '320582', w.vault, { orders: 400, days: 60, now });
  expect(r.orders).toBeGreaterThanOrEqual(400);
});
afterAll(() => w.close());

const q = <T>(s: ReturnType<typeof sql>) => rows<T>(w.database.db, s);

describe('demo work orders', () => {
  it('are consistent with the state machine', async () => {
    const bad = await q<{ n: unknown }>(sql`select count(*) as n from wo_orders where
      (status = 'closed' and (closed_at is null or rating is null))
      or (status in ('signed_for','in_progress','resolved') and signed_at is null)
      or (status = 'merged' and merged_into_id is null)
      or (status <> 'received' and status <> 'merged' and dispatched_at is null)
      or (first_signed_at is not null and sign_on_time is null)
      or (first_resolved_at is not null and resolved_on_time is null)`);
    expect(num(bad[0].n)).toBe(0);
    const noIntake = await q<{ n: unknown }>(sql`select count(*) as n from wo_orders o where not exists (select 1 from wo_events e where e.order_id = o.id and e.action = 'intake')`);
    expect(num(noIntake[0].n)).toBe(0);
    const future = await q<{ n: unknown }>(sql`select count(*) as n from wo_events where at > ${now}`);
    expect(num(future[0].n)).toBe(0);
  });

  it('cover the county, every state and the escalation ladder', async () => {
    const states = (await q<{ status: string }>(sql`select distinct status from wo_orders`)).map((r) => r.status);
    expect(states).toEqual(expect.arrayContaining(['closed', 'dispatched', 'resolved']));
    const towns = await q<{ n: unknown }>(sql`select count(distinct town_code) as n from wo_orders`);
    expect(num(towns[0].n)).toBe(2);
    const supervised = await q<{ n: unknown }>(sql`select count(*) as n from wo_orders where supervision_level <> 'assign'`);
    expect(num(supervised[0].n)).toBeGreaterThan(0);
  });

  it('give every village three rates for the month', async () => {
    const r = await monthlyRates(w.database.db, systemActor('320582'), { month: '2026-09', level: 'village' });
    expect(r.rows.length).toBe(3);
    for (const row of r.rows) {
      expect(row.responseRate).not.toBeNull();
      expect(row.resolutionRate).not.toBeNull();
      expect(row.satisfactionRate).not.toBeNull();
    }
  });
});
