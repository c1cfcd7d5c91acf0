/**
 * The list function (xz_wo_list, migration 0022) applies the caller's scope itself, as indexable
 * conditions, instead of leaving it to row-level security. These tests hold it to the policy: for
 * random orders (placed anywhere, handed to any region or department, watched by anyone) and
 * callers of every scope kind, a page and the count are exactly what the policy shows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { computeScope, withScope, type Actor } from '../../platform/scope';
import type { ScopeKind } from '../../platform/auth/schema';
import { buildWorld, type World } from '../../testing/world';
import { listOrders } from './service';
import { textTokens } from './rules';

let w: World;
let places: { code: string; path: string; town: string; village: string | null; group: string | null }[] = [];
const COUNTY = '320582';
const UNIT_A = 9001;
const UNIT_B = 9002;

function actor(kind: ScopeKind, regionPaths: string[], userId: number | null, selfPath: string | null = null): Actor {
  return {
    userId,
    username: `u${userId ?? 'x'}`,
    displayName: '测试',
    countyCode: COUNTY,
    permissions: new Set(['workorder:read']),
    scope: computeScope(kind, `c${COUNTY}`, regionPaths, selfPath),
    personId: null,
  };
}

let callers: Record<string, Actor> = {};

beforeAll(async () => {
  w = await buildWorld();
  const regions = await rows<{ code: string; path: string; level: string }>(w.database.db, sql`select code, path::text as path, level from regions where path <@ 'c320582' order by path`);
  const byPath = new Map(regions.map((r) => [r.path, r]));
  const ancestor = (path: string, level: string) => {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const r = byPath.get(parts.slice(0, n).join('.'));
      if (r?.level === level) return r.code;
    }
    return null;
  };
  places = regions
    .filter((r) => ['town', 'village', 'natural_village', 'group'].includes(r.level))
    .map((r) => ({ code: r.code, path: r.path, town: ancestor(r.path, 'town')!, village: ancestor(r.path, 'village'), group: r.level === 'group' ? r.code : null }));
  const path = (code: string) => regions.find((r) => r.code === code)!.path;
  await w.database.db.execute(sql`insert into wo_unit_members (county_code, unit_id, user_id) values (${COUNTY}, ${UNIT_A}, 104), (${COUNTY}, ${UNIT_B}, 105)`);
  callers = {
    county: actor('all', [], 101),
    townA: actor('own_and_below', [path(w.codes.townA)], 102),
    villageA1: actor('own_and_below', [path(w.codes.villageA1)], 103),
    groupA1: actor('own_and_below', [path(w.codes.groupA1)], null),
    custom: actor('custom', [path(w.codes.villageA2), path(w.codes.villageB1)], 106),
    resident: actor('self', [], 101, `${path(w.codes.groupA1)}.h0001`),
    departmentA: actor('own', [`c${COUNTY}`], 104),
    departmentB: actor('own', [`c${COUNTY}`], 105),
    ownVillage: actor('own', [path(w.codes.villageB1)], 107),
  };
});
afterAll(async () => {
  await w.close();
});

interface Generated {
  place: number;
  handler: { kind: 'none' } | { kind: 'region'; place: number } | { kind: 'department'; unit: number };
  watchers: number[];
  status: 'received' | 'dispatched' | 'closed';
  minute: number;
  word: 0 | 1;
}

const orderArb = fc.record<Generated>({
  place: fc.nat({ max: 99 }),
  handler: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('region' as const), place: fc.nat({ max: 99 }) }),
    fc.record({ kind: fc.constant('department' as const), unit: fc.constantFrom(UNIT_A, UNIT_B) }),
  ),
  watchers: fc.subarray([101, 102, 103, 104, 105, 106, 107], { maxLength: 3 }),
  status: fc.constantFrom('received', 'dispatched', 'closed'),
  minute: fc.nat({ max: 20 }), // ties in time are likely: the id breaks them
  word: fc.constantFrom(0, 1),
});

async function replaceOrders(list: Generated[]) {
  const db = w.database.db;
  await db.execute(sql`delete from wo_orders where county_code = ${COUNTY}`);
  let n = 0;
  for (const g of list) {
    const p = places[g.place % places.length];
    const h = g.handler.kind === 'region' ? places[g.handler.place % places.length] : null;
    const title = g.word ? '路灯不亮' : '垃圾堆放';
    n++;
    await db.execute(sql`insert into wo_orders (county_code, number, source, category_code, title, description, search_tokens, path, town_code, village_code, group_code,
        status, handler_level, handler_unit_id, handler_path, reporter_name, watcher_user_ids, created_at)
      values (${COUNTY}, ${`GD2026${String(n).padStart(6, '0')}`}, 'grid', 'HJWS-LJ', ${title}, ${title}, array_to_tsvector(${`{${textTokens(title).join(',')}}`}::text[]), ${p.path}::ltree, ${p.town}, ${p.village}, ${p.group},
        ${g.status}, ${g.handler.kind === 'none' ? null : g.handler.kind === 'department' ? 'department' : 'village'}, ${g.handler.kind === 'department' ? g.handler.unit : null},
        ${h ? h.path : null}::ltree, '测试', ${`{${g.watchers.join(',')}}`}::integer[], ${new Date(Date.UTC(2026, 10, 1, 0, g.minute))})`);
  }
}

/** What row-level security alone shows the caller: the truth the function must match. */
async function policyIds(a: Actor, extra = sql`true`): Promise<number[]> {
  return withScope(w.database.db, a, async (tx) =>
    (await rows<{ id: unknown }>(tx, sql`select id from wo_orders where county_code = ${COUNTY} and ${extra} order by created_at desc, id desc`)).map((r) => num(r.id)),
  );
}

describe('xz_wo_list: the same orders as row-level security', () => {
  it('pages and counts exactly the orders each caller may see, for random orders and every kind of scope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb, { minLength: 0, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), async (list, pageSize) => {
        await replaceOrders(list);
        for (const [name, a] of Object.entries(callers)) {
          const all = await policyIds(a);
          for (const page of [1, 2]) {
            const got = await listOrders(w.database.db, a, { page, pageSize });
            expect({ name, page, ids: got.items.map((o) => o.id), total: got.total, capped: got.totalCapped }).toEqual({
              name,
              page,
              ids: all.slice((page - 1) * pageSize, page * pageSize),
              total: all.length,
              capped: false,
            });
          }
          const open = await listOrders(w.database.db, a, { status: ['received', 'dispatched'], q: '路灯', page: 1, pageSize: 50 });
          const openIds = await policyIds(a, sql`status in ('received', 'dispatched') and title like '%路灯%'`);
          expect({ name, ids: open.items.map((o) => o.id) }).toEqual({ name, ids: openIds });
          const inVillage = await listOrders(w.database.db, a, { region: w.codes.villageA1, page: 1, pageSize: 50 });
          const villagePath = places.find((p) => p.code === w.codes.villageA1)!.path;
          expect({ name, ids: inVillage.items.map((o) => o.id) }).toEqual({ name, ids: await policyIds(a, sql`path <@ ${villagePath}::ltree`) });
        }
      }),
      { numRuns: 12 },
    );
  });

  it('counts up to the cap only, and the count is exact below it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb, { minLength: 5, maxLength: 25 }), fc.integer({ min: 1, max: 12 }), async (list, cap) => {
        await replaceOrders(list);
        for (const [name, a] of Object.entries(callers)) {
          const truth = (await policyIds(a)).length;
          const got = await withScope(w.database.db, a, async (tx) => (await rows<{ r: unknown }>(tx, sql`select xz_wo_list(${COUNTY}, '{}'::jsonb, 5, 0, ${cap}) as r`))[0].r);
          const r = (typeof got === 'string' ? JSON.parse(got) : got) as { total: number };
          expect({ name, total: num(r.total) }).toEqual({ name, total: Math.min(truth, cap) });
        }
      }),
      { numRuns: 8 },
    );
  });

  it('finds nothing outside a scoped transaction, whoever calls it', async () => {
    await replaceOrders([{ place: 0, handler: { kind: 'none' }, watchers: [], status: 'received', minute: 0, word: 0 }]);
    const r = (await rows<{ r: unknown }>(w.database.db, sql`select xz_wo_list(${COUNTY}, '{}'::jsonb, 20, 0, 100) as r`))[0].r;
    expect(typeof r === 'string' ? JSON.parse(r) : r).toEqual({ total: 0, ids: [] });
  });

  it('matches a longer keyword as a whole, not by its character pairs alone', async () => {
    await replaceOrders([{ place: 0, handler: { kind: 'none' }, watchers: [], status: 'received', minute: 0, word: 1 }]);
    await w.database.db.execute(sql`update wo_orders set title = '路灯坏了', description = '灯不好，也不亮', search_tokens = array_to_tsvector(${`{${textTokens('路灯坏了 灯不好，也不亮').join(',')}}`}::text[]) where county_code = ${COUNTY}`);
    const find = async (q: string) => (await listOrders(w.database.db, callers.county, { q, page: 1, pageSize: 20 })).total;
    expect([await find('灯不'), await find('不亮'), await find('灯不亮'), await find('路灯'), await find('好也')]).toEqual([1, 1, 0, 1, 0]);
  });

  it('lists a transferred order for the region now holding it, and for the place it happened', async () => {
    const a1 = places.findIndex((p) => p.code === w.codes.groupA1);
    const b1 = places.findIndex((p) => p.code === w.codes.villageB1);
    await replaceOrders([{ place: a1, handler: { kind: 'region', place: b1 }, watchers: [], status: 'dispatched', minute: 1, word: 0 }]);
    const [id] = await policyIds(callers.county);
    expect((await listOrders(w.database.db, callers.custom, { page: 1, pageSize: 20 })).items.map((o) => o.id)).toEqual([id]);
    expect((await listOrders(w.database.db, callers.villageA1, { page: 1, pageSize: 20 })).items.map((o) => o.id)).toEqual([id]);
    expect((await listOrders(w.database.db, callers.townA, { mine: 'handling', page: 1, pageSize: 20 })).items).toEqual([]);
  });
});
