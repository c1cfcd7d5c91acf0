/**
 * The points store (积分超市): village or town stores, products with stock and point prices,
 * redemption (stock and points taken together, atomically), pick-up confirmation, cancellation
 * with refund, and the monthly store report. A unit of stock is taken by a conditional update
 * (`stock >= q`) and points by another (`available >= cost`): each holds the row lock until the
 * transaction ends, so neither can be oversold whatever the concurrency.
 */
import crypto from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/http/errors';
import { can, pathVisible, withScope, type Actor } from '../../platform/scope';
import { regionPathsByCode } from '../regions/service';
import { ptsAccounts, ptsProducts, ptsRedemptions, ptsStores } from './schema';
import { REDEMPTION_STATE_LABELS, chinaDate, moneyValue, monthKey, nextRedemptionState, parsePeriod, pickupCode, redemptionCost, type RedemptionState } from './rules';
import { fromOutcome, schemeById } from './engine';
import { onceForKey, requestFingerprint } from '../../platform/http/idempotency';

type StoreRow = typeof ptsStores.$inferSelect;
type ProductRow = typeof ptsProducts.$inferSelect;
type RedemptionRow = typeof ptsRedemptions.$inferSelect;

async function storeView(tx: Tx, s: StoreRow) {
  const scheme = await schemeById(tx, s.schemeId);
  const region = (await regionPathsByCode(tx, [s.regionCode])).get(s.regionCode);
  const [{ n }] = await rows<{ n: unknown }>(tx, sql`select count(*) as n from pts_products where store_id = ${s.id} and active`);
  return {
    id: s.id,
    name: s.name,
    regionCode: s.regionCode,
    regionName: region?.name ?? '',
    schemeId: s.schemeId,
    schemeName: scheme.name,
    pointValueCents: scheme.pointValueCents,
    address: s.address,
    openHours: s.openHours,
    active: s.active,
    products: num(n),
    manageable: false,
  };
}
export type StoreView = Awaited<ReturnType<typeof storeView>>;

function productView(p: ProductRow, pointValueCents: number) {
  return {
    id: p.id,
    storeId: p.storeId,
    name: p.name,
    description: p.description,
    unit: p.unit,
    pricePoints: p.pricePoints,
    priceYuan: moneyValue(p.pricePoints, pointValueCents),
    stock: p.stock,
    active: p.active,
    sort: p.sort,
  };
}
export type ProductView = ReturnType<typeof productView>;

function redemptionView(r: RedemptionRow & { account_label?: string | null; store_name?: string | null }) {
  return {
    id: r.id,
    storeId: r.storeId,
    storeName: r.store_name ?? null,
    productId: r.productId,
    productName: r.productName,
    accountId: r.accountId,
    accountLabel: r.account_label ?? null,
    quantity: r.quantity,
    pricePoints: r.pricePoints,
    points: r.points,
    status: r.status as RedemptionState,
    statusLabel: REDEMPTION_STATE_LABELS[r.status as RedemptionState],
    pickupCode: r.pickupCode,
    placedByName: r.placedByName,
    placedAt: new Date(r.placedAt).toISOString(),
    pickedUpAt: r.pickedUpAt ? new Date(r.pickedUpAt).toISOString() : null,
    confirmedByName: r.confirmedByName,
    cancelledAt: r.cancelledAt ? new Date(r.cancelledAt).toISOString() : null,
    cancelReason: r.cancelReason,
  };
}
export type RedemptionView = ReturnType<typeof redemptionView>;

async function storeById(tx: Tx, id: number): Promise<StoreRow> {
  const [s] = await tx.select().from(ptsStores).where(eq(ptsStores.id, id));
  if (!s) throw notFound('积分超市', 'Store');
  return s;
}

export async function listStores(db: Db, actor: Actor, f: { region?: string }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(ptsStores.countyCode, actor.countyCode)];
    if (f.region) {
      const r = (await regionPathsByCode(tx, [f.region])).get(f.region);
      if (!r) throw notFound(`区域 ${f.region} `, 'Region');
      conds.push(sql`(${ptsStores.path} <@ ${r.path}::ltree or ${ptsStores.path} @> ${r.path}::ltree)`);
    }
    const list = await tx.select().from(ptsStores).where(and(...conds)).orderBy(asc(ptsStores.path), asc(ptsStores.id));
    const out: StoreView[] = [];
    for (const s of list) out.push({ ...(await storeView(tx, s)), manageable: can(actor, 'points:store') && pathVisible(actor.scope, s.path) });
    return out;
  });
}

export interface StoreInput {
  regionCode: string;
  schemeId: number;
  name: string;
  address?: string;
  openHours?: string;
}

export async function createStore(db: Db, actor: Actor, input: StoreInput) {
  return withScope(db, actor, async (tx) => {
    const r = (await regionPathsByCode(tx, [input.regionCode])).get(input.regionCode);
    if (!r) throw notFound(`区域 ${input.regionCode} `, 'Region');
    if (r.level !== 'village' && r.level !== 'town') throw unprocessable('STORE_LEVEL', '积分超市设在村（社区）或镇（街道）', 'A store belongs to a village or a town');
    if (!pathVisible(actor.scope, r.path)) throw forbidden(`「${r.name}」超出您的数据范围`, 'Outside your scope');
    const scheme = await schemeById(tx, input.schemeId);
    if (scheme.kind !== 'household') throw unprocessable('NOT_HOUSEHOLD_SCHEME', '积分超市只收文明家庭积分', 'Stores take household points');
    const [row] = await tx.insert(ptsStores).values({ countyCode: actor.countyCode, path: r.path, regionCode: input.regionCode, schemeId: scheme.id, name: input.name.trim(), address: input.address?.trim() ?? '', openHours: input.openHours?.trim() ?? '' }).returning();
    await audit(tx, actor, { action: 'points.store.create', entity: 'points_store', entityId: row.id, path: r.path, after: row });
    return { ...(await storeView(tx, row)), manageable: true };
  });
}

export async function updateStore(db: Db, actor: Actor, id: number, patch: { name?: string; address?: string; openHours?: string; active?: boolean }) {
  return withScope(db, actor, async (tx) => {
    const s = await storeById(tx, id);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分超市不在您的管理范围内', 'Store outside your scope');
    const [row] = await tx.update(ptsStores).set(patch).where(eq(ptsStores.id, id)).returning();
    await audit(tx, actor, { action: 'points.store.update', entity: 'points_store', entityId: id, path: s.path, before: s, after: row });
    return { ...(await storeView(tx, row)), manageable: true };
  });
}

export async function listProducts(db: Db, actor: Actor, storeId: number, f: { includeInactive?: boolean }) {
  return withScope(db, actor, async (tx) => {
    const s = await storeById(tx, storeId);
    const scheme = await schemeById(tx, s.schemeId);
    const conds: SQL[] = [eq(ptsProducts.storeId, storeId)];
    if (!f.includeInactive) conds.push(eq(ptsProducts.active, true));
    const list = await tx.select().from(ptsProducts).where(and(...conds)).orderBy(asc(ptsProducts.sort), asc(ptsProducts.id));
    return list.map((p) => productView(p, scheme.pointValueCents));
  });
}

export interface ProductInput {
  name: string;
  description?: string;
  unit?: string;
  pricePoints: number;
  stock: number;
  sort?: number;
}

export async function createProduct(db: Db, actor: Actor, storeId: number, input: ProductInput) {
  return withScope(db, actor, async (tx) => {
    const s = await storeById(tx, storeId);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分超市不在您的管理范围内', 'Store outside your scope');
    const scheme = await schemeById(tx, s.schemeId);
    const [row] = await tx.insert(ptsProducts).values({ countyCode: actor.countyCode, path: s.path, storeId, name: input.name.trim(), description: input.description?.trim() ?? '', unit: input.unit?.trim() || '件', pricePoints: input.pricePoints, stock: input.stock, sort: input.sort ?? 0 }).returning();
    await audit(tx, actor, { action: 'points.product.create', entity: 'points_product', entityId: row.id, path: s.path, after: row });
    return productView(row, scheme.pointValueCents);
  });
}

/** Edits a product; `stockDelta` restocks (+) or writes off (−) units, never below zero. */
export async function updateProduct(db: Db, actor: Actor, id: number, patch: { name?: string; description?: string; unit?: string; pricePoints?: number; active?: boolean; sort?: number; stockDelta?: number; reason?: string }) {
  return withScope(db, actor, async (tx) => {
    const [before] = await tx.select().from(ptsProducts).where(eq(ptsProducts.id, id));
    if (!before) throw notFound('商品', 'Product');
    if (!pathVisible(actor.scope, before.path)) throw forbidden('该商品不在您的管理范围内', 'Product outside your scope');
    if (patch.stockDelta && patch.stockDelta < 0 && !patch.reason?.trim()) throw badRequest('REASON_REQUIRED', '减少库存须说明原因（损耗、过期等）', 'A reason is required to write stock off');
    const { stockDelta, reason: _reason, ...set } = patch;
    const [row] = await tx.update(ptsProducts).set({ ...set, ...(stockDelta ? { stock: sql`${ptsProducts.stock} + ${stockDelta}` } : {}), updatedAt: new Date() })
      .where(and(eq(ptsProducts.id, id), stockDelta ? sql`${ptsProducts.stock} + ${stockDelta} >= 0` : sql`true`)).returning();
    if (!row) throw conflict('STOCK_NEGATIVE', `库存不足：当前仅剩 ${before.stock}${before.unit}，不能减少 ${-(stockDelta ?? 0)}${before.unit}`, 'Stock cannot go below zero');
    const s = await storeById(tx, row.storeId);
    const scheme = await schemeById(tx, s.schemeId);
    await audit(tx, actor, { action: 'points.product.update', entity: 'points_product', entityId: id, path: before.path, before, after: { ...row, reason: patch.reason ?? null } });
    return productView(row, scheme.pointValueCents);
  });
}

export interface RedeemInput {
  productId: number;
  accountId: number;
  quantity: number;
  /** At the counter the goods are handed over at once. */
  pickedUp?: boolean;
}

/**
 * A household redeems: the product's stock and the account's points are taken in one
 * transaction, or neither. Store staff redeem at the counter for any household in their scope;
 * a household may order for itself and pick up later with its code.
 */
export async function redeem(db: Db, actor: Actor, input: RedeemInput, idempotencyKey?: string) {
  const staff = can(actor, 'points:store');
  if (!staff && !can(actor, 'points:redeem')) throw forbidden('没有兑换积分的权限', 'Not allowed to redeem');
  if (input.pickedUp && !staff) throw forbidden('只有积分超市工作人员可以当场核销领取', 'Only store staff hand goods over');
  return withScope(db, actor, async (tx) => {
    const out = await onceForKey(tx, actor.userId, idempotencyKey, requestFingerprint('POST /api/points/redemptions', input), async () => {
      const [account] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, input.accountId));
      if (!account) throw notFound('积分账户', 'Account');
      if (account.ownerKind !== 'household') throw unprocessable('NOT_HOUSEHOLD', '只有农户的文明家庭积分可以兑换', 'Only household accounts redeem');
      if (!staff && actor.scope.kind !== 'self') throw forbidden('村民只能兑换本户积分', 'Residents redeem their own household’s points');
      if (!account.active) throw conflict('ACCOUNT_INACTIVE', '该积分账户已停用', 'Account inactive');
      const [product] = await tx.select().from(ptsProducts).where(eq(ptsProducts.id, input.productId));
      if (!product) throw notFound('商品', 'Product');
      const store = await storeById(tx, product.storeId);
      if (store.schemeId !== account.schemeId) throw unprocessable('WRONG_SCHEME', '该超市不收此积分方案的积分', 'The store takes another scheme’s points');
      if (!account.path.startsWith(store.path + '.')) throw unprocessable('WRONG_STORE', `「${store.name}」只为本村（镇）农户兑换`, 'The store serves its own region only');
      const cost = redemptionCost(product.pricePoints, input.quantity);
      const [taken] = await rows<{ r_id: number; r_price: unknown; r_stock: number }>(tx, sql`select * from pts_take_stock(${actor.countyCode}, ${product.id}, ${input.quantity})`);
      if (!taken) {
        if (!product.active || !store.active) throw conflict('NOT_AVAILABLE', `「${product.name}」已下架或超市已停业`, 'Product not available');
        throw conflict('OUT_OF_STOCK', `「${product.name}」库存不足（需要 ${input.quantity}${product.unit}）`, 'Out of stock');
      }
      if (num(taken.r_price) !== product.pricePoints) throw conflict('PRICE_CHANGED', '商品价格刚刚调整，请刷新后重试', 'The price changed');
      const debited = await rows<{ available: unknown }>(tx, sql`update pts_accounts set available = available - ${cost}, spent = spent + ${cost}
        where id = ${account.id} and available >= ${cost} returning available`);
      if (!debited.length) {
        const [now] = await rows<{ available: unknown }>(tx, sql`select available from pts_accounts where id = ${account.id}`);
        throw conflict('INSUFFICIENT_POINTS', `积分不足：兑换需要 ${cost} 分，可用 ${num(now?.available)} 分`, 'Not enough points');
      }
      const when = new Date();
      const [row] = await tx.insert(ptsRedemptions).values({
        countyCode: actor.countyCode, path: account.path, storeId: store.id, productId: product.id, productName: product.name, accountId: account.id,
        quantity: input.quantity, pricePoints: product.pricePoints, points: cost, status: input.pickedUp ? 'picked_up' : 'placed', pickupCode: pickupCode(crypto.randomInt(0, 1_000_000) / 1_000_000),
        placedByUser: actor.userId, placedByName: actor.displayName, placedAt: when, ...(input.pickedUp ? { pickedUpAt: when, confirmedByName: actor.displayName } : {}),
      }).returning();
      const view = { ...redemptionView({ ...row, account_label: account.label, store_name: store.name }), available: num(debited[0].available) };
      await audit(tx, actor, { action: 'points.redeem', entity: 'points_redemption', entityId: row.id, path: account.path, after: { product: product.name, quantity: input.quantity, points: cost, stockLeft: taken.r_stock } });
      await emit(tx, actor, 'points.redeemed', account.path, { id: row.id, storeId: store.id, points: cost });
      return view;
    });
    return { redemption: out.body, replayed: out.replayed };
  });
}

async function lockRedemption(tx: Tx, county: string, id: number): Promise<RedemptionRow> {
  const [r] = await tx.select().from(ptsRedemptions).where(and(eq(ptsRedemptions.countyCode, county), eq(ptsRedemptions.id, id))).for('update');
  if (!r) throw notFound('兑换单', 'Redemption');
  return r;
}

/** The counter hands the goods over (checking the household's pick-up code when given). */
export async function confirmPickup(db: Db, actor: Actor, id: number, code?: string) {
  return withScope(db, actor, async (tx) => {
    const r = await lockRedemption(tx, actor.countyCode, id);
    const store = await storeById(tx, r.storeId);
    if (!pathVisible(actor.scope, store.path)) throw forbidden('只有该积分超市的工作人员可以核销', 'Only the store’s staff confirm pick-ups');
    const next = fromOutcome(nextRedemptionState(r.status as RedemptionState, 'pickup'));
    if (code !== undefined && code !== r.pickupCode) throw unprocessable('WRONG_CODE', '取货码不正确', 'Wrong pick-up code');
    const [row] = await tx.update(ptsRedemptions).set({ status: next, pickedUpAt: new Date(), confirmedByName: actor.displayName }).where(and(eq(ptsRedemptions.countyCode, actor.countyCode), eq(ptsRedemptions.id, id))).returning();
    await audit(tx, actor, { action: 'points.redemption.pickup', entity: 'points_redemption', entityId: id, path: r.path, before: { status: r.status }, after: { status: next } });
    return redemptionView({ ...row, store_name: store.name });
  });
}

/** Cancels an order not yet picked up: the points go back to the account and the units to the shelf. */
export async function cancelRedemption(db: Db, actor: Actor, id: number, reason: string) {
  if (!reason.trim()) throw badRequest('REASON_REQUIRED', '取消兑换须说明原因', 'A reason is required');
  return withScope(db, actor, async (tx) => {
    const r = await lockRedemption(tx, actor.countyCode, id);
    if (!can(actor, 'points:store') && actor.scope.kind !== 'self') throw forbidden('没有取消兑换的权限', 'Not allowed to cancel');
    const next = fromOutcome(nextRedemptionState(r.status as RedemptionState, 'cancel'));
    const [row] = await tx.update(ptsRedemptions).set({ status: next, cancelledAt: new Date(), cancelReason: reason.trim() }).where(and(eq(ptsRedemptions.countyCode, actor.countyCode), eq(ptsRedemptions.id, id))).returning();
    await tx.execute(sql`update pts_accounts set available = available + ${r.points}, spent = spent - ${r.points} where id = ${r.accountId}`);
    await rows(tx, sql`select pts_return_stock(${actor.countyCode}, ${r.productId}, ${r.quantity})`);
    await audit(tx, actor, { action: 'points.redemption.cancel', entity: 'points_redemption', entityId: id, path: r.path, before: { status: r.status }, after: { status: next, reason: reason.trim(), refunded: r.points } });
    await emit(tx, actor, 'points.redemption.cancelled', r.path, { id });
    return redemptionView(row);
  });
}

export async function listRedemptions(db: Db, actor: Actor, f: { storeId?: number; accountId?: number; status?: RedemptionState; month?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [sql`r.county_code = ${actor.countyCode}`];
    if (f.storeId) conds.push(sql`r.store_id = ${f.storeId}`);
    if (f.accountId) conds.push(sql`r.account_id = ${f.accountId}`);
    if (f.status) conds.push(sql`r.status = ${f.status}`);
    if (f.month) {
      const p = parsePeriod(f.month);
      if (!p || p.kind !== 'month') throw badRequest('BAD_PERIOD', '月份格式应为 2026-05', 'Malformed month');
      conds.push(sql`(r.placed_at at time zone 'Asia/Shanghai')::date between ${p.startsOn}::date and ${p.endsOn}::date`);
    }
    const where = sql.join(conds, sql` and `);
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total from pts_redemptions r where ${where}`);
    const list = await rows<Record<string, unknown>>(tx, sql`
      select r.*, a.label as account_label, s.name as store_name from pts_redemptions r
        left join pts_accounts a on a.id = r.account_id left join pts_stores s on s.id = r.store_id
       where ${where} order by r.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`);
    return {
      items: list.map((r) => redemptionView({
        countyCode: r.county_code as string, id: num(r.id), path: r.path as string, storeId: r.store_id as number, productId: r.product_id as number, productName: r.product_name as string,
        accountId: r.account_id as number, quantity: r.quantity as number, pricePoints: num(r.price_points), points: num(r.points), status: r.status as string, pickupCode: r.pickup_code as string,
        placedByUser: r.placed_by_user as number | null, placedByName: r.placed_by_name as string, placedAt: r.placed_at as Date, pickedUpAt: (r.picked_up_at as Date | null) ?? null,
        confirmedByName: (r.confirmed_by_name as string | null) ?? null, cancelledAt: (r.cancelled_at as Date | null) ?? null, cancelReason: (r.cancel_reason as string | null) ?? null,
        account_label: r.account_label as string | null, store_name: r.store_name as string | null,
      })),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}

/** The store's month: orders, points and money value, by product, households served, stock left. */
export async function storeReport(db: Db, actor: Actor, storeId: number, month = monthKey(chinaDate())) {
  const p = parsePeriod(month);
  if (!p || p.kind !== 'month') throw badRequest('BAD_PERIOD', '月份格式应为 2026-05', 'Malformed month');
  return withScope(db, actor, async (tx) => {
    const s = await storeById(tx, storeId);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分超市不在您的管理范围内', 'Store outside your scope');
    const scheme = await schemeById(tx, s.schemeId);
    const inMonth = sql`county_code = ${actor.countyCode} and store_id = ${storeId} and (placed_at at time zone 'Asia/Shanghai')::date between ${p.startsOn}::date and ${p.endsOn}::date`;
    const [t] = await rows<{ orders: unknown; picked: unknown; waiting: unknown; cancelled: unknown; points: unknown; units: unknown; households: unknown }>(tx, sql`
      select count(*) as orders, count(*) filter (where status = 'picked_up') as picked, count(*) filter (where status = 'placed') as waiting,
             count(*) filter (where status = 'cancelled') as cancelled, coalesce(sum(points) filter (where status <> 'cancelled'), 0) as points,
             coalesce(sum(quantity) filter (where status <> 'cancelled'), 0) as units, count(distinct account_id) filter (where status <> 'cancelled') as households
        from pts_redemptions where ${inMonth}`);
    const byProduct = await rows<{ product_id: number; product_name: string; units: unknown; points: unknown; orders: unknown }>(tx, sql`
      select product_id, product_name, sum(quantity) as units, sum(points) as points, count(*) as orders from pts_redemptions
       where ${inMonth} and status <> 'cancelled' group by product_id, product_name order by sum(points) desc`);
    const stock = await tx.select().from(ptsProducts).where(eq(ptsProducts.storeId, storeId)).orderBy(asc(ptsProducts.stock));
    const points = num(t.points);
    return {
      store: { id: s.id, name: s.name },
      month,
      monthLabel: p.label,
      orders: num(t.orders),
      pickedUp: num(t.picked),
      waiting: num(t.waiting),
      cancelled: num(t.cancelled),
      points,
      moneyYuan: moneyValue(points, scheme.pointValueCents),
      units: num(t.units),
      households: num(t.households),
      byProduct: byProduct.map((b) => ({ productId: b.product_id, productName: b.product_name, units: num(b.units), points: num(b.points), orders: num(b.orders), moneyYuan: moneyValue(num(b.points), scheme.pointValueCents) })),
      stock: stock.map((x) => ({ productId: x.id, name: x.name, stock: x.stock, unit: x.unit, active: x.active, low: x.active && x.stock <= 5 })),
    };
  });
}

