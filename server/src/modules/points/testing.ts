/**
 * Test support for the points module: the default schemes and accounts on the small test county
 * (buildWorld), and a set of town B objects for the scope walk. Used only by tests.
 */
import { expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { num, rows } from '../../platform/db';
import { systemActor, withScope } from '../../platform/scope';
import { insertHouseholds } from '../people/service';
import type { Client, World } from '../../testing/world';
import { HOSTILE } from '../../testing/world';
import { ptsAccounts, ptsAssessments, ptsLists, ptsObjections, ptsProducts, ptsRedemptions, ptsSchemes, ptsStores } from './schema';
import { ensureAccounts, openAccountsInRegion, postAutomaticBulk, setupDefaultSchemes, publishPostings, decidePostings, proposePosting } from './service';
import { DEFAULT_CADRE_SETTINGS } from './defaults';
import { retirementDate } from './rules';

export interface PointsFixture {
  schemes: Record<'cadre' | 'fortress' | 'pioneer' | 'household', number>;
  households: { a1x: number };
  accounts: {
    hhA1: number; hhA1x: number; hhA2: number; hhB1: number;
    pioneerA1: number; pioneerB1: number;
    branchA1: number; branchB1: number;
    cadreA1: number; cadreB1: number;
  };
}

export async function pointsFixture(w: World): Promise<PointsFixture> {
  const db = w.database.db;
  const admin = systemActor('320582');
  await withScope(db, admin, (tx) => setupDefaultSchemes(tx, admin));
  const list = await db.select({ id: ptsSchemes.id, code: ptsSchemes.code }).from(ptsSchemes);
  const schemes = Object.fromEntries(list.map((s) => [s.code, s.id])) as PointsFixture['schemes'];
  // A second household in group A1, so a resident there sees a neighbour's notices.
  const hh = await db.transaction((tx) => insertHouseholds(tx, '320582', [{ code: `${w.codes.groupA1}0002`, path: 'c320582.t100.v201.n01.g001.h0002', regionCode: w.codes.groupA1, address: `善港村2号${HOSTILE}`, lon: 120.302, lat: 31.702, isLiaison: false }]));
  const a1x = hh.get(`${w.codes.groupA1}0002`)!;
  for (const kind of ['household', 'pioneer', 'fortress'] as const) await openAccountsInRegion(db, admin, { schemeId: schemes[kind], regionCode: w.codes.county });
  await withScope(db, admin, (tx) => ensureAccounts(tx, '320582', schemes.cadre, [
    { ownerKind: 'cadre', ownerId: w.persons.a1, path: 'c320582.t100.v201', label: '张伟明', attrs: { post: '书记', serviceStart: '2015-03-01', retireOn: retirementDate('1980-05-17', 'M', DEFAULT_CADRE_SETTINGS) } },
    { ownerKind: 'cadre', ownerId: w.persons.b1, path: 'c320582.t101.v201', label: '李建国', attrs: { post: '书记', serviceStart: '2018-06-01', retireOn: '2040-06-01' } },
  ]));
  const acc = await db.select({ id: ptsAccounts.id, schemeId: ptsAccounts.schemeId, ownerKind: ptsAccounts.ownerKind, ownerId: ptsAccounts.ownerId }).from(ptsAccounts);
  const find = (kind: string, ownerId: number) => acc.find((a) => a.ownerKind === kind && a.ownerId === ownerId)!.id;
  return {
    schemes,
    households: { a1x },
    accounts: {
      hhA1: find('household', w.households.a1), hhA1x: find('household', a1x), hhA2: find('household', w.households.a2), hhB1: find('household', w.households.b1),
      pioneerA1: find('party_member', w.persons.a1), pioneerB1: find('party_member', w.persons.b1),
      branchA1: find('branch', w.partyOrgs.a1), branchB1: find('branch', w.partyOrgs.b1),
      cadreA1: find('cadre', w.persons.a1), cadreB1: find('cadre', w.persons.b1),
    },
  };
}

/** Gives an account points through effective automatic postings of a +10 household item. */
export async function grantPoints(w: World, accountId: number, ownerId: number, points: number, tag: string) {
  const actor = systemActor('320582');
  const n = Math.ceil(points / 10);
  return withScope(w.database.db, actor, (tx) => postAutomaticBulk(tx, actor, Array.from({ length: n }, (_, i) => ({
    scheme: 'household', item: 'brave', owner: { kind: 'household' as const, id: ownerId }, evidence: { text: `测试 ${HOSTILE}` }, idempotencyKey: `grant:${tag}:${accountId}:${i}`,
  }))));
}

export interface TownBObjects {
  postingNoticed: number;
  postingProposed: number;
  objection: number;
  store: number;
  product: number;
  redemption: number;
  assessment: number;
  list: number;
}

/** Objects in town B for the scope walk: every points route is asked about these by town A users. */
export async function townBObjects(w: World, f: PointsFixture): Promise<TownBObjects> {
  const db = w.database.db;
  const admin = systemActor('320582', 'B 镇测试');
  await grantPoints(w, f.accounts.hhB1, w.households.b1, 200, 'b');
  const p1 = (await proposePosting(db, admin, { accountId: f.accounts.hhB1, itemCode: 'garbage', evidence: { text: '韩山村' } })).posting.id;
  const p2 = (await proposePosting(db, admin, { accountId: f.accounts.hhB1, itemCode: 'courtyard', evidence: { text: '韩山村' } })).posting.id;
  await decidePostings(db, admin, { ids: [p1], action: 'approve' });
  await publishPostings(db, admin, { ids: [p1] });
  const [objection] = await db.insert(ptsObjections).values({ countyCode: '320582', path: 'c320582.t101.v201.n01.g001.h0001', targetKind: 'posting', targetId: p1, objectorUser: null, objectorName: '韩山村民', reason: '韩山村异议' }).returning();
  const [store] = await db.insert(ptsStores).values({ countyCode: '320582', path: 'c320582.t101.v201', regionCode: w.codes.villageB1, schemeId: f.schemes.household, name: '韩山村积分超市' }).returning();
  const [product] = await db.insert(ptsProducts).values({ countyCode: '320582', path: 'c320582.t101.v201', storeId: store.id, name: '韩山洗衣液', pricePoints: 10, stock: 50 }).returning();
  const [redemption] = await db.insert(ptsRedemptions).values({ countyCode: '320582', path: 'c320582.t101.v201.n01.g001.h0001', storeId: store.id, productId: product.id, productName: '韩山洗衣液', accountId: f.accounts.hhB1, quantity: 1, pricePoints: 10, points: 10, pickupCode: '123456', placedByName: '韩山' }).returning();
  await db.execute(sql`update pts_accounts set available = available - 10, spent = spent + 10 where id = ${f.accounts.hhB1}`);
  await db.update(ptsProducts).set({ stock: 49 }).where(eq(ptsProducts.id, product.id));
  const [assessment] = await db.insert(ptsAssessments).values({ countyCode: '320582', path: 'c320582.t101.v201', schemeId: f.schemes.fortress, accountId: f.accounts.branchB1, year: 2026, stage: 'member' }).returning();
  const [list] = await db.insert(ptsLists).values({ countyCode: '320582', path: 'c320582.t101.v201', schemeId: f.schemes.household, kind: 'honor', periodKey: '2026-01', entries: [{ accountId: f.accounts.hhB1, label: '李建国户', points: 10, rank: 1 }], publishedByName: '韩山' }).returning();
  return { postingNoticed: p1, postingProposed: p2, objection: objection.id, store: store.id, product: product.id, redemption: redemption.id, assessment: assessment.id, list: list.id };
}

export async function countOf(w: World, table: string): Promise<number> {
  return num((await rows<{ n: unknown }>(w.database.db, sql.raw(`select count(*) as n from ${table}`)))[0].n);
}

// ---------------------------------------------------------------------------------------------
// Scope walk (server/src/scope-walk.test.ts): one out-of-scope case per points route.

export interface PointsScopeFixture {
  f: PointsFixture;
  b: TownBObjects;
  /** An effective posting of town B (to try reversing). */
  bEffective: number;
  year: number;
}

export async function pointsScopeFixture(w: World): Promise<PointsScopeFixture> {
  const f = await pointsFixture(w);
  const b = await townBObjects(w, f);
  // Town B's notice is already due: a finalize that reached it would flip it to effective.
  await w.database.db.execute(sql`update pts_postings set notice_until = now() - interval '1 day' where id = ${b.postingNoticed}`);
  const [e] = await rows<{ id: unknown }>(w.database.db, sql`select id from pts_postings where account_id = ${f.accounts.hhB1} and state = 'effective' order by id limit 1`);
  return { f, b, bEffective: num(e.id), year: Number(new Date().toISOString().slice(0, 4)) };
}

/** What the scope walk compares before and after: every points table, and town B's states. */
export async function pointsCounts(w: World): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['pts_schemes', 'pts_items', 'pts_scheme_versions', 'pts_accounts', 'pts_postings', 'pts_posting_log', 'pts_objections', 'pts_periods', 'pts_lists', 'pts_assessments', 'pts_ratings', 'pts_stores', 'pts_products', 'pts_redemptions']) out[t] = await countOf(w, t);
  const [s] = await rows<Record<string, unknown>>(w.database.db, sql`select
      (select count(*) from pts_postings where state = 'effective') as effective,
      (select count(*) from pts_postings where state = 'rejected') as rejected,
      (select count(*) from pts_postings where state = 'approved') as approved,
      (select count(*) from pts_objections where status <> 'open') as resolved,
      (select coalesce(sum(stock), 0) from pts_products) as stock,
      (select coalesce(sum(available), 0) from pts_accounts) as available,
      (select count(*) from pts_redemptions where status <> 'placed') as redemptions_done,
      (select count(*) from pts_assessments where stage <> 'member') as assessments_moved,
      (select count(*) from pts_schemes where version <> 1) as schemes_changed`);
  for (const [k, v] of Object.entries(s)) out[`pts.${k}`] = num(v);
  return out;
}

type Check = (c: Client) => Promise<void>;
const refusedStatus = (status: number) => expect([403, 404]).toContain(status);
const noB = (res: LightMyRequestResponse) => {
  if (res.statusCode !== 200) return refusedStatus(res.statusCode);
  const text = res.body;
  expect(text).not.toContain('韩山');
  expect(text).not.toContain('李建国');
  expect(text).not.toContain('c320582.t101');
};
const noneDone = (res: LightMyRequestResponse) => {
  if (res.statusCode !== 200) return refusedStatus(res.statusCode);
  expect(res.json().done).toBe(0);
};

export function pointsScopeCases(get: () => { w: World; p: PointsScopeFixture }): Record<string, Check> {
  const w = () => get().w;
  const f = () => get().p.f;
  const b = () => get().p.b;
  const B = () => w().codes;
  return {
    'GET /api/points/schemes': async (c) => noB(await c.get('/api/points/schemes')),
    'POST /api/points/schemes/setup': async (c) => refusedStatus((await c.send('POST', '/api/points/schemes/setup')).statusCode),
    'GET /api/points/schemes/:id': async (c) => noB(await c.get(`/api/points/schemes/${f().schemes.household}`)),
    'PATCH /api/points/schemes/:id': async (c) => refusedStatus((await c.send('PATCH', `/api/points/schemes/${f().schemes.household}`, { noticeDays: 1 })).statusCode),
    'GET /api/points/schemes/:id/versions': async (c) => noB(await c.get(`/api/points/schemes/${f().schemes.household}/versions`)),
    'POST /api/points/schemes/:id/items': async (c) => refusedStatus((await c.send('POST', `/api/points/schemes/${f().schemes.household}/items`, { code: 'sneak', name: '越权', category: 'positive', points: 100 })).statusCode),
    'PATCH /api/points/schemes/:id/items/:itemId': async (c) => {
      const item = (await c.get(`/api/points/schemes/${f().schemes.household}`)).json().items?.[0]?.id ?? 1;
      refusedStatus((await c.send('PATCH', `/api/points/schemes/${f().schemes.household}/items/${item}`, { points: 100 })).statusCode);
    },
    'GET /api/points/schemes/:id/periods': async (c) => noB(await c.get(`/api/points/schemes/${f().schemes.household}/periods`)),
    'POST /api/points/schemes/:id/periods/close': async (c) => refusedStatus((await c.send('POST', `/api/points/schemes/${f().schemes.household}/periods/close`, { key: '2020-01' })).statusCode),
    'GET /api/points/accounts': async (c) => {
      refusedStatus((await c.get(`/api/points/accounts?schemeId=${f().schemes.household}&region=${B().villageB1}`)).statusCode);
      noB(await c.get(`/api/points/accounts?schemeId=${f().schemes.household}&pageSize=200`));
    },
    'GET /api/points/me': async (c) => noB(await c.get('/api/points/me')),
    'POST /api/points/accounts/open': async (c) => refusedStatus((await c.send('POST', '/api/points/accounts/open', { schemeId: f().schemes.household, regionCode: B().townB })).statusCode),
    'GET /api/points/accounts/:id': async (c) => refusedStatus((await c.get(`/api/points/accounts/${f().accounts.hhB1}`)).statusCode),
    'PATCH /api/points/accounts/:id': async (c) => refusedStatus((await c.send('PATCH', `/api/points/accounts/${f().accounts.hhB1}`, { active: false })).statusCode),
    'GET /api/points/accounts/:id/passbook': async (c) => refusedStatus((await c.get(`/api/points/accounts/${f().accounts.hhB1}/passbook`)).statusCode),
    'GET /api/points/postings': async (c) => {
      refusedStatus((await c.get(`/api/points/postings?region=${B().villageB1}`)).statusCode);
      noB(await c.get('/api/points/postings?pageSize=200'));
      noB(await c.get(`/api/points/postings?accountId=${f().accounts.hhB1}`));
    },
    'POST /api/points/postings': async (c) => refusedStatus((await c.send('POST', '/api/points/postings', { accountId: f().accounts.hhB1, itemCode: 'garbage' })).statusCode),
    'GET /api/points/postings/:id': async (c) => {
      refusedStatus((await c.get(`/api/points/postings/${b().postingProposed}`)).statusCode);
      refusedStatus((await c.get(`/api/points/postings/${b().postingNoticed}`)).statusCode);
    },
    'POST /api/points/postings/approve': async (c) => noneDone(await c.send('POST', '/api/points/postings/approve', { ids: [b().postingProposed] })),
    'POST /api/points/postings/reject': async (c) => noneDone(await c.send('POST', '/api/points/postings/reject', { ids: [b().postingProposed, b().postingNoticed], reason: '越权驳回' })),
    'POST /api/points/postings/publish': async (c) => noneDone(await c.send('POST', '/api/points/postings/publish', { ids: [b().postingProposed] })),
    'POST /api/points/postings/finalize': async (c) => {
      const res = await c.send('POST', '/api/points/postings/finalize');
      if (res.statusCode !== 200) refusedStatus(res.statusCode);
      const [p] = await rows<{ state: string }>(w().database.db, sql`select state from pts_postings where id = ${b().postingNoticed}`);
      expect(p.state).toBe('noticed');
    },
    'POST /api/points/postings/:id/reverse': async (c) => refusedStatus((await c.send('POST', `/api/points/postings/${get().p.bEffective}/reverse`, { reason: '越权冲正' })).statusCode),
    'POST /api/points/postings/:id/objections': async (c) => refusedStatus((await c.send('POST', `/api/points/postings/${b().postingNoticed}/objections`, { reason: '越界异议' })).statusCode),
    'GET /api/points/notices': async (c) => noB(await c.get('/api/points/notices?pageSize=200')),
    'GET /api/points/objections': async (c) => noB(await c.get('/api/points/objections?pageSize=200')),
    'POST /api/points/objections/:id/resolve': async (c) => refusedStatus((await c.send('POST', `/api/points/objections/${b().objection}/resolve`, { decision: 'upheld', resolution: '越权' })).statusCode),
    'GET /api/points/leaderboard': async (c) => {
      refusedStatus((await c.get(`/api/points/leaderboard?schemeId=${f().schemes.household}&period=all&region=${B().townB}`)).statusCode);
      noB(await c.get(`/api/points/leaderboard?schemeId=${f().schemes.household}&period=all&region=${B().townA}`));
    },
    'GET /api/points/lists': async (c) => {
      refusedStatus((await c.get(`/api/points/lists?region=${B().villageB1}`)).statusCode);
      noB(await c.get('/api/points/lists?pageSize=200'));
    },
    'POST /api/points/lists/honor': async (c) => refusedStatus((await c.send('POST', '/api/points/lists/honor', { schemeId: f().schemes.household, regionCode: B().villageB1, month: '2026-01' })).statusCode),
    'POST /api/points/lists/civilized': async (c) => refusedStatus((await c.send('POST', '/api/points/lists/civilized', { schemeId: f().schemes.household, regionCode: B().villageB1, year: '2025' })).statusCode),
    'POST /api/points/seniority/accrue': async (c) => refusedStatus((await c.send('POST', '/api/points/seniority/accrue', {})).statusCode),
    'GET /api/points/assessments': async (c) => {
      refusedStatus((await c.get(`/api/points/assessments?schemeId=${f().schemes.fortress}&year=2026&region=${B().townB}`)).statusCode);
      noB(await c.get(`/api/points/assessments?schemeId=${f().schemes.fortress}&year=2026`));
    },
    'POST /api/points/assessments/start': async (c) => refusedStatus((await c.send('POST', '/api/points/assessments/start', { schemeId: f().schemes.fortress, year: 2025, regionCode: B().townB })).statusCode),
    'GET /api/points/assessments/:id': async (c) => refusedStatus((await c.get(`/api/points/assessments/${b().assessment}`)).statusCode),
    'POST /api/points/assessments/:id/self': async (c) => refusedStatus((await c.send('POST', `/api/points/assessments/${b().assessment}/self`, { scores: { team: 15 } })).statusCode),
    'POST /api/points/assessments/:id/ratings': async (c) => refusedStatus((await c.send('POST', `/api/points/assessments/${b().assessment}/ratings`, { score: 0 })).statusCode),
    'POST /api/points/assessments/:id/close-rating': async (c) => refusedStatus((await c.send('POST', `/api/points/assessments/${b().assessment}/close-rating`)).statusCode),
    'POST /api/points/assessments/:id/objections': async (c) => refusedStatus((await c.send('POST', `/api/points/assessments/${b().assessment}/objections`, { reason: '越界异议' })).statusCode),
    'POST /api/points/assessments/:id/superior': async (c) => refusedStatus((await c.send('POST', `/api/points/assessments/${b().assessment}/superior`, { scores: { team: 15 } })).statusCode),
    'GET /api/points/stores': async (c) => {
      refusedStatus((await c.get(`/api/points/stores?region=${B().villageB1}`)).statusCode);
      noB(await c.get('/api/points/stores'));
    },
    'POST /api/points/stores': async (c) => refusedStatus((await c.send('POST', '/api/points/stores', { regionCode: B().villageB1, schemeId: f().schemes.household, name: '越界超市' })).statusCode),
    'PATCH /api/points/stores/:id': async (c) => refusedStatus((await c.send('PATCH', `/api/points/stores/${b().store}`, { active: false })).statusCode),
    'GET /api/points/stores/:id/products': async (c) => refusedStatus((await c.get(`/api/points/stores/${b().store}/products`)).statusCode),
    'POST /api/points/stores/:id/products': async (c) => refusedStatus((await c.send('POST', `/api/points/stores/${b().store}/products`, { name: '越界商品', pricePoints: 1, stock: 1 })).statusCode),
    'PATCH /api/points/products/:id': async (c) => refusedStatus((await c.send('PATCH', `/api/points/products/${b().product}`, { stockDelta: 100 })).statusCode),
    'GET /api/points/stores/:id/report': async (c) => refusedStatus((await c.get(`/api/points/stores/${b().store}/report`)).statusCode),
    'GET /api/points/redemptions': async (c) => {
      noB(await c.get(`/api/points/redemptions?storeId=${b().store}`));
      noB(await c.get('/api/points/redemptions?pageSize=200'));
    },
    'POST /api/points/redemptions': async (c) => {
      refusedStatus((await c.send('POST', '/api/points/redemptions', { productId: b().product, accountId: f().accounts.hhB1, quantity: 1 })).statusCode);
      refusedStatus((await c.send('POST', '/api/points/redemptions', { productId: b().product, accountId: f().accounts.hhA1, quantity: 1 })).statusCode);
    },
    'POST /api/points/redemptions/:id/pickup': async (c) => refusedStatus((await c.send('POST', `/api/points/redemptions/${b().redemption}/pickup`, {})).statusCode),
    'POST /api/points/redemptions/:id/cancel': async (c) => refusedStatus((await c.send('POST', `/api/points/redemptions/${b().redemption}/cancel`, { reason: '越权取消' })).statusCode),
  };
}
