import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { addUser, buildWorld, HOSTILE, signIn, type Client, type World } from '../../testing/world';
import { rebuildBalances } from './rebuild';
import { chinaDate, monthKey } from './rules';
import { countOf, grantPoints, pointsFixture, type PointsFixture } from './testing';

let w: World;
let f: PointsFixture;
const c: Record<string, Client> = {};
let store = 0;

beforeAll(async () => {
  w = await buildWorld();
  f = await pointsFixture(w);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'clerk', ['village_cadre'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'townb', ['town_officer'], 'own_and_below', w.codes.townB);
  await addUser(w, 'resident', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1b });
  for (const u of ['village', 'clerk', 'townb', 'resident']) c[u] = await signIn(w, u);
  const res = await c.village.send('POST', '/api/points/stores', { regionCode: w.codes.villageA1, schemeId: f.schemes.household, name: `善港村积分超市${HOSTILE}`, address: '村委会一楼', openHours: '每周六 9:00—11:00' });
  expect(res.statusCode).toBe(201);
  store = res.json().id;
});
afterAll(() => w.close());

const addProduct = async (name: string, pricePoints: number, stock: number) => {
  const res = await c.village.send('POST', `/api/points/stores/${store}/products`, { name, pricePoints, stock, unit: '瓶' });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
};
const account = async (id: number) => (await rows<{ available: unknown; spent: unknown; earned: unknown }>(w.database.db, sql`select available, spent, earned from pts_accounts where id = ${id}`)).map((a) => ({ available: num(a.available), spent: num(a.spent), earned: num(a.earned) }))[0];
const stockOf = async (id: number) => num((await rows<{ stock: unknown }>(w.database.db, sql`select stock from pts_products where id = ${id}`))[0].stock);

describe('the points store', () => {
  it('200 concurrent redemptions against a balance that covers 100: exactly 100 succeed', async () => {
    await grantPoints(w, f.accounts.hhA1x, f.households.a1x, 1000, 'conc');
    expect((await account(f.accounts.hhA1x)).available).toBe(1000);
    const product = await addProduct('洗衣液', 10, 1000);
    const results = await Promise.all(Array.from({ length: 200 }, () => c.clerk.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1x, quantity: 1, pickedUp: true })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 201)).toHaveLength(100);
    expect(codes.filter((s) => s === 409)).toHaveLength(100);
    expect(codes.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(new Set(results.filter((r) => r.statusCode === 409).map((r) => r.json().error.code))).toEqual(new Set(['INSUFFICIENT_POINTS']));
    expect(await account(f.accounts.hhA1x)).toEqual({ available: 0, spent: 1000, earned: 1000 });
    expect(await stockOf(product)).toBe(900);
    expect(num((await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from pts_redemptions where product_id = ${product}`))[0].n)).toBe(100);
  });

  it('200 concurrent redemptions against a stock of 100: a unit is never sold twice', async () => {
    await grantPoints(w, f.accounts.hhA1, w.households.a1, 2000, 'stock');
    const product = await addProduct('大米 5 斤', 10, 100);
    const results = await Promise.all(Array.from({ length: 200 }, () => c.clerk.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 1 })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(100);
    expect(new Set(results.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(await stockOf(product)).toBe(0);
    const a = await account(f.accounts.hhA1);
    expect(a.spent).toBe(1000);
    expect((await rebuildBalances(w.database.db, '320582', { fix: false })).differences).toBe(0);
  });

  it('a resident orders for their own household, picks up with the code, or cancels for a refund', async () => {
    const product = await addProduct('毛巾', 5, 10);
    const mine = await c.resident.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 2 }, { 'idempotency-key': 'order-resident-0001' });
    expect(mine.statusCode).toBe(201);
    const order = mine.json().redemption;
    expect(order).toMatchObject({ status: 'placed', points: 10, quantity: 2 });
    expect(order.pickupCode).toMatch(/^\d{6}$/);
    const retry = await c.resident.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 2 }, { 'idempotency-key': 'order-resident-0001' });
    expect(retry.json().redemption.id).toBe(order.id);
    expect(await stockOf(product)).toBe(8);
    // not for a neighbour, not handed over by themselves
    expect((await c.resident.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1x, quantity: 1 })).statusCode).toBe(404);
    expect((await c.resident.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 1, pickedUp: true })).statusCode).toBe(403);
    const wrong = await c.clerk.send('POST', `/api/points/redemptions/${order.id}/pickup`, { code: order.pickupCode === '000000' ? '000001' : '000000' });
    expect(wrong.json().error.code).toBe('WRONG_CODE');
    expect((await c.clerk.send('POST', `/api/points/redemptions/${order.id}/pickup`, { code: order.pickupCode })).json()).toMatchObject({ status: 'picked_up' });
    expect((await c.resident.send('POST', `/api/points/redemptions/${order.id}/cancel`, { reason: '不要了' })).json().error.code).toBe('STATE_CONFLICT');
    const before = await account(f.accounts.hhA1);
    const second = (await c.resident.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 1 })).json().redemption;
    const cancelled = await c.resident.send('POST', `/api/points/redemptions/${second.id}/cancel`, { reason: `买错了${HOSTILE}` });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: `买错了${HOSTILE}` });
    expect(await account(f.accounts.hhA1)).toEqual(before);
    expect(await stockOf(product)).toBe(8);
    const book = (await c.resident.get(`/api/points/accounts/${f.accounts.hhA1}/passbook?pageSize=5`)).json();
    expect(book.items.slice(0, 2).map((m: { kind: string }) => m.kind)).toEqual(['refund', 'redemption']);
    expect(book.items[0].balance).toBe(before.available);
  });

  it('refuses what a store cannot do, writing nothing', async () => {
    const product = await addProduct('酱油', 8, 3);
    const count = () => countOf(w, 'pts_redemptions');
    const before = await count();
    const tooMany = await c.clerk.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA1, quantity: 4 });
    expect(tooMany.json().error).toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(tooMany.json().error.message).toContain('库存不足');
    // a household of another village is not served by this store (and not visible to its clerk)
    expect((await c.clerk.send('POST', '/api/points/redemptions', { productId: product, accountId: f.accounts.hhA2, quantity: 1 })).statusCode).toBe(404);
    // town B's officer cannot touch this store's products or orders
    expect([403, 404]).toContain((await c.townb.send('PATCH', `/api/points/products/${product}`, { pricePoints: 1 })).statusCode);
    expect((await c.clerk.send('PATCH', `/api/points/products/${product}`, { stockDelta: -5, reason: '过期' })).json().error.code).toBe('STOCK_NEGATIVE');
    expect((await c.clerk.send('PATCH', `/api/points/products/${product}`, { stockDelta: -1 })).json().error.code).toBe('REASON_REQUIRED');
    expect(await count()).toBe(before);
    expect(await stockOf(product)).toBe(3);
  });

  it('the monthly store report adds it all up', async () => {
    const report = (await c.village.get(`/api/points/stores/${store}/report?month=${monthKey(chinaDate())}`)).json();
    expect(report).toMatchObject({ orders: 202, pickedUp: 101, cancelled: 1, points: 2010, moneyYuan: 2010, households: 2 });
    expect(report.byProduct[0]).toMatchObject({ productName: '洗衣液', units: 100, points: 1000 });
    expect(report.stock.find((s: { name: string }) => s.name === '大米 5 斤')).toMatchObject({ stock: 0, low: true });
    expect((await c.clerk.get(`/api/points/stores/${store}/report`)).statusCode).toBe(200);
    expect([403, 404]).toContain((await c.townb.get(`/api/points/stores/${store}/report`)).statusCode);
  });
});
