import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, Db, Executor, Tx } from '../../platform/db';
import { likeEscape, num, rows } from '../../platform/db';
import { countyCache } from '../../platform/db/county-cache';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { chineseCalendar, withOverrides, type WorkCalendar } from '../../platform/calendar';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/http/errors';
import { requestFingerprint } from '../../platform/http/idempotency';
import { users } from '../../platform/auth/schema';
import { can, pathVisible, scopeSettings, systemActor, withScope, type Actor } from '../../platform/scope';
import { countyRouting, locatePointIn, locateRegionIn, type CountyRouting, type Location } from './routing';
import { readPhoto, storePhoto, MAX_PHOTO_BYTES } from './uploads';
import { STANDARD_CATEGORIES, STANDARD_UNITS } from './catalog';
import { woAttachments, woCategories, woEvents, woOrders, woRequesters, woSettings, woUnitMembers, woUnits } from './schema';
import { deliverNotices, noticeText, requestersOf } from './notices';
import {
  ACTION_LABELS,
  ACTION_ROLES,
  DEFAULT_SETTINGS,
  HANDLING,
  LEVEL_LABELS,
  RATING_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  SUPERVISION_LABELS,
  TERMINAL,
  actionsFrom,
  base64Size,
  boxAround,
  escalationStep,
  firstHandler,
  handOverTarget,
  holdsOrder,
  isDuplicate,
  distanceMeters,
  maskCallbackNumber,
  normalizeCallbackNumber,
  orderNumber,
  settingsProblems,
  sniffImage,
  keywordIsOneLexeme,
  textQuery,
  textTokens,
  transition,
  tsvectorText,
  type Action,
  type Command,
  type Handler,
  type HandlerLevel,
  type OrderState,
  type PhotoType,
  type Rating,
  type Settings,
  type Source,
  type Status,
  type SupervisionLevel,
  type TimeLimit,
} from './rules';

export interface Deps {
  vault: PiiVault;
  /** XZ_DATA_DIR: photos go to its uploads folder. */
  dataDir: string;
}

type OrderRow = typeof woOrders.$inferSelect;
type CategoryRow = typeof woCategories.$inferSelect;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
// =============================================================================================
// Settings and the calendar

async function settingsIn(tx: Executor, countyCode: string): Promise<Settings & { version: number }> {
  const [row] = await tx.select().from(woSettings).where(eq(woSettings.countyCode, countyCode));
  return { ...DEFAULT_SETTINGS, ...((row?.settings as Partial<Settings>) ?? {}), version: row?.version ?? 0 };
}

const calendars = new Map<string, WorkCalendar>();
/** The national calendar with the county's local corrections. */
export function calendarOf(s: Pick<Settings, 'extraHolidays' | 'extraWorkdays'>): WorkCalendar {
  const key = JSON.stringify([s.extraHolidays, s.extraWorkdays]);
  let cal = calendars.get(key);
  if (!cal) {
    if (calendars.size > 50) calendars.clear();
    calendars.set(key, (cal = withOverrides(chineseCalendar(), { holidays: s.extraHolidays, workdays: s.extraWorkdays })));
  }
  return cal;
}

export async function getSettings(db: Db, actor: Actor) {
  return withScope(db, actor, (tx) => settingsIn(tx, actor.countyCode));
}

export async function updateSettings(db: Db, actor: Actor, patch: Partial<Settings> & { version: number }) {
  return withScope(db, actor, async (tx) => {
    const before = await settingsIn(tx, actor.countyCode);
    if (patch.version !== before.version) throw conflict('VERSION_CONFLICT', `设置已被他人修改（当前版本 ${before.version}），请刷新后重试`, 'Settings changed meanwhile');
    const { version: _v, ...rest } = patch;
    const { version: _b, ...current } = before;
    const next: Settings = { ...current, ...rest, weights: { ...current.weights, ...(rest.weights ?? {}) } };
    const problems = settingsProblems(next);
    if (problems.length) throw badRequest('BAD_SETTINGS', problems.join('；'), 'Invalid settings', { problems });
    await tx
      .insert(woSettings)
      .values({ countyCode: actor.countyCode, settings: next, version: before.version + 1 })
      .onConflictDoUpdate({ target: woSettings.countyCode, set: { settings: next, version: before.version + 1, updatedAt: new Date() } });
    await audit(tx, actor, { action: 'workorder.settings', entity: 'wo_settings', entityId: actor.countyCode, before: current, after: next });
    return { ...next, version: before.version + 1 };
  });
}

// =============================================================================================
// Handling units (departments)

export interface UnitInput {
  name: string;
  leaderName?: string;
  officePhone?: string;
  active?: boolean;
  memberUserIds?: number[];
}

export async function listUnits(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(woUnits).where(eq(woUnits.countyCode, actor.countyCode)).orderBy(asc(woUnits.id));
    const members = list.length
      ? await tx
          .select({ unitId: woUnitMembers.unitId, userId: woUnitMembers.userId, username: users.username, displayName: users.displayName })
          .from(woUnitMembers)
          .leftJoin(users, eq(users.id, woUnitMembers.userId))
          .where(inArray(woUnitMembers.unitId, list.map((u) => u.id)))
      : [];
    return list.map((u) => ({
      id: u.id,
      name: u.name,
      leaderName: u.leaderName,
      officePhone: u.officePhone,
      active: u.active,
      members: members.filter((m) => m.unitId === u.id).map((m) => ({ userId: m.userId, username: m.username ?? '', displayName: m.displayName ?? '' })),
    }));
  });
}

async function setMembers(tx: Tx, actor: Actor, unitId: number, userIds: number[]) {
  const wanted = [...new Set(userIds)];
  if (wanted.length) {
    const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, wanted));
    if (found.length !== wanted.length) throw badRequest('UNKNOWN_USER', '成员账号不存在或不在您的数据范围内', 'Unknown member user');
  }
  await tx.delete(woUnitMembers).where(eq(woUnitMembers.unitId, unitId));
  if (wanted.length) await tx.insert(woUnitMembers).values(wanted.map((userId) => ({ countyCode: actor.countyCode, unitId, userId })));
}

export async function createUnit(db: Db, actor: Actor, input: UnitInput) {
  const id = await withScope(db, actor, async (tx) => {
    const [row] = await tx
      .insert(woUnits)
      .values({ countyCode: actor.countyCode, name: input.name.trim(), leaderName: input.leaderName ?? '', officePhone: input.officePhone ?? '', active: input.active ?? true })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('DUPLICATE_UNIT', `承办单位「${input.name}」已存在`, 'Unit exists');
    if (input.memberUserIds) await setMembers(tx, actor, row.id, input.memberUserIds);
    await audit(tx, actor, { action: 'workorder.unit.create', entity: 'wo_unit', entityId: row.id, after: { ...row, memberUserIds: input.memberUserIds ?? [] } });
    return row.id;
  });
  return (await listUnits(db, actor)).find((u) => u.id === id)!;
}

export async function updateUnit(db: Db, actor: Actor, id: number, patch: Partial<UnitInput>) {
  await withScope(db, actor, async (tx) => {
    const [before] = await tx.select().from(woUnits).where(and(eq(woUnits.id, id), eq(woUnits.countyCode, actor.countyCode)));
    if (!before) throw notFound('承办单位', 'Unit');
    const set: Partial<typeof woUnits.$inferInsert> = {};
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.leaderName !== undefined) set.leaderName = patch.leaderName;
    if (patch.officePhone !== undefined) set.officePhone = patch.officePhone;
    if (patch.active !== undefined) set.active = patch.active;
    const [after] = Object.keys(set).length ? await tx.update(woUnits).set(set).where(eq(woUnits.id, id)).returning() : [before];
    if (patch.memberUserIds) await setMembers(tx, actor, id, patch.memberUserIds);
    await audit(tx, actor, { action: 'workorder.unit.update', entity: 'wo_unit', entityId: id, before, after: { ...after, memberUserIds: patch.memberUserIds } });
  });
  return (await listUnits(db, actor)).find((u) => u.id === id)!;
}

/** Accounts that can be made members of a unit: found by username or name, department staff first. */
export async function unitMemberCandidates(db: Db, actor: Actor, q: string | undefined) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(users.countyCode, actor.countyCode), eq(users.disabled, false)];
    if (q) conds.push(sql`(${users.username} ilike ${'%' + likeEscape(q) + '%'} or ${users.displayName} like ${'%' + likeEscape(q) + '%'})`);
    const list = await tx
      .select({ userId: users.id, username: users.username, displayName: users.displayName, roles: users.roles })
      .from(users)
      .where(and(...conds))
      .orderBy(sql`('department_staff' = any(${users.roles})) desc`, asc(users.username))
      .limit(30);
    return list;
  });
}

async function unitIdsOf(tx: Executor, actor: Actor): Promise<number[]> {
  if (actor.userId === null) return [];
  return (await tx.select({ id: woUnitMembers.unitId }).from(woUnitMembers).where(eq(woUnitMembers.userId, actor.userId))).map((r) => r.id);
}

// =============================================================================================
// Categories

export interface CategoryInput {
  code: string;
  name: string;
  parentCode?: string | null;
  description?: string;
  firstLevel: HandlerLevel;
  departmentUnitId?: number | null;
  signLimit?: TimeLimit;
  resolveLimit?: TimeLimit;
  emergency?: boolean;
  autoDispatch?: boolean;
  public?: boolean;
  active?: boolean;
  sort?: number;
}

function categoryView(c: CategoryRow, unitNames: Map<number, string>) {
  return {
    code: c.code,
    name: c.name,
    parentCode: c.parentCode,
    description: c.description,
    firstLevel: c.firstLevel,
    firstLevelLabel: LEVEL_LABELS[c.firstLevel],
    departmentUnitId: c.departmentUnitId,
    departmentName: c.departmentUnitId ? unitNames.get(c.departmentUnitId) ?? null : null,
    signLimit: { amount: c.signLimitAmount, unit: c.signLimitUnit },
    resolveLimit: { amount: c.resolveLimitAmount, unit: c.resolveLimitUnit },
    emergency: c.emergency,
    autoDispatch: c.autoDispatch,
    public: c.public,
    active: c.active,
    sort: c.sort,
  };
}
export type CategoryView = ReturnType<typeof categoryView>;

async function unitNamesIn(tx: Executor, countyCode: string): Promise<Map<number, string>> {
  const list = await tx.select({ id: woUnits.id, name: woUnits.name }).from(woUnits).where(eq(woUnits.countyCode, countyCode));
  return new Map(list.map((u) => [u.id, u.name]));
}

async function categoriesIn(tx: Executor, countyCode: string): Promise<CategoryRow[]> {
  return tx.select().from(woCategories).where(eq(woCategories.countyCode, countyCode)).orderBy(asc(woCategories.sort), asc(woCategories.code));
}

export async function listCategories(db: Db, actor: Actor, opts: { includeInactive?: boolean; publicOnly?: boolean } = {}) {
  return withScope(db, actor, async (tx) => {
    const units = await unitNamesIn(tx, actor.countyCode);
    return (await categoriesIn(tx, actor.countyCode))
      .filter((c) => (opts.includeInactive || c.active) && (!opts.publicOnly || c.public))
      .map((c) => categoryView(c, units));
  });
}

async function checkCategory(tx: Tx, actor: Actor, c: { code: string; parentCode?: string | null; firstLevel: HandlerLevel; departmentUnitId?: number | null; signLimit?: TimeLimit; resolveLimit?: TimeLimit }) {
  if (c.parentCode) {
    if (c.parentCode === c.code) throw badRequest('BAD_PARENT', '上级类别不能是自己', 'A category cannot be its own parent');
    const [p] = await tx.select({ parentCode: woCategories.parentCode }).from(woCategories).where(and(eq(woCategories.countyCode, actor.countyCode), eq(woCategories.code, c.parentCode)));
    if (!p) throw badRequest('UNKNOWN_PARENT', `上级类别 ${c.parentCode} 不存在`, 'Unknown parent category');
    if (p.parentCode) throw badRequest('TOO_DEEP', '类别最多两级（大类—小类）', 'Categories have two levels');
  }
  if (c.firstLevel === 'department' && !c.departmentUnitId) throw badRequest('DEPARTMENT_REQUIRED', '首办层级为职能部门时须指定承办部门', 'A department is required');
  if (c.departmentUnitId) {
    const [u] = await tx.select({ id: woUnits.id }).from(woUnits).where(and(eq(woUnits.id, c.departmentUnitId), eq(woUnits.countyCode, actor.countyCode)));
    if (!u) throw badRequest('UNKNOWN_UNIT', '承办部门不存在', 'Unknown unit');
  }
  for (const l of [c.signLimit, c.resolveLimit]) if (l && (!Number.isInteger(l.amount) || l.amount < 1)) throw badRequest('BAD_LIMIT', '时限须为正整数', 'Limits are positive integers');
}

export async function createCategory(db: Db, actor: Actor, input: CategoryInput) {
  return withScope(db, actor, async (tx) => {
    await checkCategory(tx, actor, input);
    const [row] = await tx
      .insert(woCategories)
      .values({
        countyCode: actor.countyCode,
        code: input.code,
        name: input.name.trim(),
        parentCode: input.parentCode ?? null,
        description: input.description ?? '',
        firstLevel: input.firstLevel,
        departmentUnitId: input.departmentUnitId ?? null,
        signLimitAmount: input.signLimit?.amount ?? 24,
        signLimitUnit: input.signLimit?.unit ?? 'hours',
        resolveLimitAmount: input.resolveLimit?.amount ?? 5,
        resolveLimitUnit: input.resolveLimit?.unit ?? 'working_days',
        emergency: input.emergency ?? false,
        autoDispatch: input.autoDispatch ?? false,
        public: input.public ?? true,
        active: input.active ?? true,
        sort: input.sort ?? 0,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('DUPLICATE_CATEGORY', `类别代码 ${input.code} 已存在`, 'Category code exists');
    const view = categoryView(row, await unitNamesIn(tx, actor.countyCode));
    await audit(tx, actor, { action: 'workorder.category.create', entity: 'wo_category', entityId: input.code, after: view });
    return view;
  });
}

export async function updateCategory(db: Db, actor: Actor, code: string, patch: Partial<Omit<CategoryInput, 'code'>>) {
  return withScope(db, actor, async (tx) => {
    const [before] = await tx.select().from(woCategories).where(and(eq(woCategories.countyCode, actor.countyCode), eq(woCategories.code, code)));
    if (!before) throw notFound(`类别 ${code} `, 'Category');
    const merged = {
      code,
      parentCode: patch.parentCode === undefined ? before.parentCode : patch.parentCode,
      firstLevel: patch.firstLevel ?? before.firstLevel,
      departmentUnitId: patch.departmentUnitId === undefined ? before.departmentUnitId : patch.departmentUnitId,
      signLimit: patch.signLimit,
      resolveLimit: patch.resolveLimit,
    };
    await checkCategory(tx, actor, merged);
    const set: Partial<typeof woCategories.$inferInsert> = { updatedAt: new Date(), parentCode: merged.parentCode, firstLevel: merged.firstLevel, departmentUnitId: merged.departmentUnitId };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.signLimit) Object.assign(set, { signLimitAmount: patch.signLimit.amount, signLimitUnit: patch.signLimit.unit });
    if (patch.resolveLimit) Object.assign(set, { resolveLimitAmount: patch.resolveLimit.amount, resolveLimitUnit: patch.resolveLimit.unit });
    for (const k of ['emergency', 'autoDispatch', 'public', 'active', 'sort'] as const) if (patch[k] !== undefined) Object.assign(set, { [k]: patch[k] });
    const [after] = await tx.update(woCategories).set(set).where(eq(woCategories.id, before.id)).returning();
    const units = await unitNamesIn(tx, actor.countyCode);
    const view = categoryView(after, units);
    await audit(tx, actor, { action: 'workorder.category.update', entity: 'wo_category', entityId: code, before: categoryView(before, units), after: view });
    return view;
  });
}

/**
 * Installs the standard catalogue (catalog.ts): departments and categories missing by name or
 * code are added, existing ones are left as configured. Returns what was added.
 */
export async function installStandardCatalog(db: Db, actor: Actor): Promise<{ units: number; categories: number }> {
  return withScope(db, actor, async (tx) => {
    const unitIds = new Map<string, number>();
    let units = 0;
    for (const u of STANDARD_UNITS) {
      const [row] = await tx.insert(woUnits).values({ countyCode: actor.countyCode, name: u.name, leaderName: u.leaderName }).onConflictDoNothing().returning({ id: woUnits.id });
      if (row) units++;
      const [existing] = row ? [row] : await tx.select({ id: woUnits.id }).from(woUnits).where(and(eq(woUnits.countyCode, actor.countyCode), eq(woUnits.name, u.name)));
      unitIds.set(u.key, existing.id);
    }
    const values = STANDARD_CATEGORIES.map((c, i) => ({
      countyCode: actor.countyCode,
      code: c.code,
      name: c.name,
      parentCode: c.parent ?? null,
      description: c.description ?? '',
      firstLevel: c.level ?? 'village',
      departmentUnitId: c.unit ? unitIds.get(c.unit)! : null,
      signLimitAmount: c.sign?.amount ?? 24,
      signLimitUnit: c.sign?.unit ?? 'hours',
      resolveLimitAmount: c.resolve?.amount ?? 5,
      resolveLimitUnit: c.resolve?.unit ?? 'working_days',
      emergency: c.emergency ?? false,
      autoDispatch: c.autoDispatch ?? false,
      sort: i * 10,
    }));
    const added = await tx.insert(woCategories).values(values).onConflictDoNothing().returning({ code: woCategories.code });
    await audit(tx, actor, { action: 'workorder.catalog.install', entity: 'wo_category', entityId: actor.countyCode, after: { units, categories: added.map((a) => a.code) } });
    return { units, categories: added.length };
  });
}

async function categoryFor(tx: Executor, countyCode: string, code: string): Promise<CategoryRow> {
  const [c] = await tx.select().from(woCategories).where(and(eq(woCategories.countyCode, countyCode), eq(woCategories.code, code)));
  if (!c) throw badRequest('UNKNOWN_CATEGORY', `类别 ${code} 不存在`, 'Unknown category');
  return c;
}

const limitsOf = (c: CategoryRow) => ({
  sign: { amount: c.signLimitAmount, unit: c.signLimitUnit } as TimeLimit,
  resolve: { amount: c.resolveLimitAmount, unit: c.resolveLimitUnit } as TimeLimit,
});

// =============================================================================================
// Handlers

interface ResolvedHandler extends Handler {
  /** Region path of a grid, village or town; null for a department (not a region: its members see its orders). */
  path: string | null;
  name: string;
}

/** Path and display name of a handler; refuses unknown regions and units. */
async function resolveHandler(rt: CountyRouting, tx: Executor, countyCode: string, h: Handler): Promise<ResolvedHandler> {
  if (h.level === 'department') {
    const [u] = h.unitId ? await tx.select().from(woUnits).where(and(eq(woUnits.id, h.unitId), eq(woUnits.countyCode, countyCode))) : [];
    if (!u || !u.active) throw badRequest('UNKNOWN_UNIT', '承办部门不存在或已停用', 'Unknown or inactive unit');
    return { ...h, regionCode: null, path: null, name: u.name };
  }
  return resolveRegionHandler(rt, h);
}

/** A grid, village or town handler: its region must be of that level in the county. */
function resolveRegionHandler(rt: CountyRouting, h: Handler): ResolvedHandler {
  const expected = h.level === 'grid' ? 'group' : h.level;
  const r = h.regionCode ? rt.info.get(h.regionCode) ?? null : null;
  if (!r || r.level !== expected) throw badRequest('UNKNOWN_HANDLER_REGION', `承办区域 ${h.regionCode ?? ''} 不是本县（市）的${LEVEL_LABELS[h.level]}`, 'Handler region does not match its level');
  const names = rt.info;
  const code = h.regionCode!;
  const parts = h.level === 'grid' ? [code.slice(0, 12), code] : h.level === 'village' ? [code] : [code];
  const name = parts.map((c) => names.get(c)?.name ?? c).join(' ');
  return { level: h.level, regionCode: code, unitId: null, path: r.path, name };
}

// =============================================================================================
// Views

export interface OrderSummary {
  id: number;
  number: string;
  source: Source;
  sourceLabel: string;
  categoryCode: string;
  categoryName: string;
  emergency: boolean;
  title: string;
  address: string;
  lon: number | null;
  lat: number | null;
  region: { townCode: string; townName: string; villageCode: string | null; villageName: string | null; groupCode: string | null; groupName: string | null };
  status: Status;
  statusLabel: string;
  version: number;
  handler: { level: HandlerLevel; levelLabel: string; regionCode: string | null; unitId: number | null; name: string } | null;
  supervisionLevel: SupervisionLevel;
  supervisionLabel: string;
  overdue: boolean;
  createdAt: string;
  signDueAt: string | null;
  resolveDueAt: string | null;
  closedAt: string | null;
  rating: Rating | null;
}

function isOverdue(o: OrderRow, now: Date): boolean {
  if (!HANDLING.includes(o.status)) return false;
  return (!o.signedAt && !!o.signDueAt && o.signDueAt < now) || (!!o.resolveDueAt && o.resolveDueAt < now);
}

interface ViewContext {
  categories: Map<string, string>;
  regions: Map<string, { name: string }>;
}

async function viewContext(rt: CountyRouting, tx: Executor, countyCode: string): Promise<ViewContext> {
  const cats = await tx.select({ code: woCategories.code, name: woCategories.name }).from(woCategories).where(eq(woCategories.countyCode, countyCode));
  return { categories: new Map(cats.map((c) => [c.code, c.name])), regions: rt.info };
}

function summary(o: OrderRow, vc: ViewContext, now = new Date()): OrderSummary {
  const name = (c: string | null) => (c ? vc.regions.get(c)?.name ?? c : null);
  return {
    id: o.id,
    number: o.number,
    source: o.source,
    sourceLabel: SOURCE_LABELS[o.source],
    categoryCode: o.categoryCode,
    categoryName: vc.categories.get(o.categoryCode) ?? o.categoryCode,
    emergency: o.emergency,
    title: o.title,
    address: o.address,
    lon: o.lon,
    lat: o.lat,
    region: { townCode: o.townCode, townName: name(o.townCode)!, villageCode: o.villageCode, villageName: name(o.villageCode), groupCode: o.groupCode, groupName: name(o.groupCode) },
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    version: o.version,
    handler: o.handlerLevel ? { level: o.handlerLevel, levelLabel: LEVEL_LABELS[o.handlerLevel], regionCode: o.handlerRegionCode, unitId: o.handlerUnitId, name: o.handlerName ?? '' } : null,
    supervisionLevel: o.supervisionLevel,
    supervisionLabel: SUPERVISION_LABELS[o.supervisionLevel],
    overdue: isOverdue(o, now),
    createdAt: o.createdAt.toISOString(),
    signDueAt: iso(o.signDueAt),
    resolveDueAt: iso(o.resolveDueAt),
    closedAt: iso(o.closedAt),
    rating: o.rating,
  };
}

/** Who the actor is towards an order: which actions it may take, and whether it sees requesters. */
function roleOf(actor: Actor, o: OrderRow, unitIds: number[]) {
  const system = actor.userId === null;
  const holder = system || (can(actor, 'workorder:handle') && holdsOrder(actor.scope, { handlerLevel: o.handlerLevel, handlerPath: o.handlerPath, handlerUnitId: o.handlerUnitId }, unitIds));
  const dispatcher = system || can(actor, 'workorder:dispatch');
  const callback = system || can(actor, 'workorder:callback');
  const watcher = actor.userId !== null && o.watcherUserIds.includes(actor.userId);
  return { holder, dispatcher, callback, watcher };
}

function mayTake(role: ReturnType<typeof roleOf>, action: Action): boolean {
  switch (ACTION_ROLES[action]) {
    case 'handler':
      return role.holder;
    case 'dispatcher':
      return role.dispatcher;
    case 'callback':
      return role.callback;
    case 'any':
      return role.holder || role.dispatcher || role.watcher;
  }
}

async function orderDetail(rt: CountyRouting, tx: Executor, actor: Actor, o: OrderRow) {
  const vc = await viewContext(rt, tx, actor.countyCode);
  const unitIds = await unitIdsOf(tx, actor);
  const events = await tx.select().from(woEvents).where(and(eq(woEvents.countyCode, o.countyCode), eq(woEvents.orderId, o.id))).orderBy(asc(woEvents.id));
  const files = await tx.select().from(woAttachments).where(and(eq(woAttachments.countyCode, o.countyCode), eq(woAttachments.orderId, o.id))).orderBy(asc(woAttachments.id));
  const reqs = await tx.select().from(woRequesters).where(and(eq(woRequesters.countyCode, o.countyCode), eq(woRequesters.orderId, o.id))).orderBy(asc(woRequesters.id));
  const fromIds = [...new Set(reqs.map((r) => r.fromOrderId).filter((x): x is number => x !== null)), ...(o.mergedIntoId ? [o.mergedIntoId] : [])];
  const numbers = fromIds.length ? new Map((await tx.select({ id: woOrders.id, number: woOrders.number }).from(woOrders).where(and(eq(woOrders.countyCode, o.countyCode), inArray(woOrders.id, fromIds)))).map((r) => [r.id, r.number])) : new Map<number, string>();
  return detailOf(vc, actor, o, unitIds, { events, files, reqs, numbers });
}

type EventView = Pick<typeof woEvents.$inferSelect, 'id' | 'at' | 'actorName' | 'action' | 'fromStatus' | 'toStatus' | 'note' | 'data'>;
type FileRow = Pick<typeof woAttachments.$inferSelect, 'id' | 'fileName' | 'mime' | 'size' | 'eventId'>;
type RequesterView = Pick<typeof woRequesters.$inferSelect, 'id' | 'name' | 'phoneMask' | 'confidential' | 'wantsCallback' | 'fromOrderId' | 'notifiedAt'>;

/** The detail of an order from its rows (pure: the reads are the caller's). */
function detailOf(vc: ViewContext, actor: Actor, o: OrderRow, unitIds: number[], parts: { events: EventView[]; files: FileRow[]; reqs: RequesterView[]; numbers: Map<number, string> }) {
  const { events, files, reqs, numbers } = parts;
  const role = roleOf(actor, o, unitIds);
  // Confidential requests (GB/T 33358): only the command centre sees who asked.
  const seesRequesters = role.dispatcher || role.callback || !o.confidential;
  const fileView = (f: (typeof files)[number]) => ({ id: f.id, fileName: f.fileName, mime: f.mime, size: f.size, url: `/api/workorders/attachments/${f.id}` });
  const hidden = '（保密）';
  return {
    ...summary(o, vc),
    description: o.description,
    sourceRef: o.sourceRef,
    confidential: o.confidential,
    reporterName: seesRequesters ? o.reporterName : hidden,
    dispatchedAt: iso(o.dispatchedAt),
    signedAt: iso(o.signedAt),
    resolvedAt: iso(o.resolvedAt),
    sendBackDueAt: iso(o.sendBackDueAt),
    supervisedAt: iso(o.supervisedAt),
    extension: { status: o.extensionStatus, days: o.extensionDays, totalDays: o.extensionTotalDays },
    reopenCount: o.reopenCount,
    ratingLabel: o.rating ? RATING_LABELS[o.rating] : null,
    ratingComment: o.ratingComment,
    mergedInto: o.mergedIntoId ? { id: o.mergedIntoId, number: numbers.get(o.mergedIntoId) ?? '' } : null,
    requesters: reqs.map((r) => ({
      id: r.id,
      name: seesRequesters && !(r.confidential && !role.dispatcher && !role.callback) ? r.name : hidden,
      phone: seesRequesters && !(r.confidential && !role.dispatcher && !role.callback) ? r.phoneMask : r.phoneMask ? hidden : null,
      confidential: r.confidential,
      wantsCallback: r.wantsCallback,
      fromOrderNumber: r.fromOrderId ? numbers.get(r.fromOrderId) ?? null : null,
      notifiedAt: iso(r.notifiedAt),
    })),
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actorName,
      action: e.action,
      actionLabel: (ACTION_LABELS as Record<string, string>)[e.action] ?? e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      data: e.data as Record<string, unknown>,
      attachments: files.filter((f) => f.eventId === e.id).map(fileView),
    })),
    attachments: files.map(fileView),
    allowedActions: actionsFrom(o.status).filter((a) => mayTake(role, a)),
    canRate: role.watcher && o.status === 'resolved',
  };
}
export type OrderDetail = ReturnType<typeof detailOf>;

async function loadOrder(tx: Executor, countyCode: string, id: number, lock = false): Promise<OrderRow> {
  const q = tx.select().from(woOrders).where(and(eq(woOrders.countyCode, countyCode), eq(woOrders.id, id)));
  const [o] = lock ? await q.for('update') : await q;
  if (!o) throw notFound('工单', 'Work order');
  return o;
}

export async function getOrder(db: Db, actor: Actor, id: number) {
  const rt = await countyRouting(db, actor.countyCode);
  return withScope(db, actor, async (tx) => orderDetail(rt, tx, actor, await loadOrder(tx, actor.countyCode, id)));
}

// =============================================================================================
// Timeline and attachments

async function addEvent(tx: Executor, actor: Actor, o: { countyCode: string; id: number }, e: { action: string; from: Status | null; to: Status | null; note?: string; data?: Record<string, unknown> }): Promise<number> {
  const [row] = await tx
    .insert(woEvents)
    .values({ countyCode: o.countyCode, orderId: o.id, actorUserId: actor.userId, actorName: actor.displayName, action: e.action, fromStatus: e.from, toStatus: e.to, note: e.note ?? '', data: e.data ?? {} })
    .returning({ id: woEvents.id });
  return row.id;
}

/** Binds photos the actor uploaded (and nobody has used yet) to an order step. */
async function bindAttachments(tx: Executor, actor: Actor, o: { countyCode: string; id: number }, eventId: number, ids: number[] | undefined) {
  const wanted = [...new Set(ids ?? [])];
  if (!wanted.length) return;
  if (actor.userId === null) throw badRequest('NO_UPLOADER', '系统操作不能附带照片', 'System actions carry no attachments');
  const bound = await tx
    .update(woAttachments)
    .set({ orderId: o.id, eventId })
    .where(and(eq(woAttachments.countyCode, o.countyCode), inArray(woAttachments.id, wanted), sql`${woAttachments.orderId} is null`, eq(woAttachments.uploadedBy, actor.userId)))
    .returning({ id: woAttachments.id });
  if (bound.length !== wanted.length) throw badRequest('BAD_ATTACHMENT', '附件不存在、不是您上传的，或已用于其他工单', 'Unknown or already used attachment');
}

export async function uploadPhoto(db: Db, deps: Pick<Deps, 'dataDir'>, actor: Actor, input: { fileName: string; contentBase64: string }) {
  if (actor.userId === null) throw forbidden();
  const b64 = input.contentBase64.replace(/^data:[\w/+.-]+;base64,/, '');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) throw badRequest('BAD_BASE64', '照片内容不是合法的 base64 编码', 'Content is not base64');
  if (base64Size(b64) > MAX_PHOTO_BYTES) throw badRequest('TOO_LARGE', `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, 'Photo too large');
  const data = Buffer.from(b64, 'base64');
  if (data.length === 0) throw badRequest('EMPTY_FILE', '照片内容为空', 'Empty file');
  const mime = sniffImage(data);
  if (!mime) throw badRequest('NOT_A_PHOTO', '只接受 JPEG、PNG、WebP 或 GIF 照片（按文件内容识别，不看扩展名）', 'Only JPEG, PNG, WebP or GIF images (checked by content)');
  const sha256 = await storePhoto(deps.dataDir, data, mime);
  const fileName = input.fileName.replace(/[\\/\0\r\n]/g, '_').slice(0, 120) || 'photo';
  return withScope(db, actor, async (tx) => {
    const [row] = await tx.insert(woAttachments).values({ countyCode: actor.countyCode, uploadedBy: actor.userId, fileName, mime, size: data.length, sha256 }).returning();
    return { id: row.id, fileName: row.fileName, mime: row.mime, size: row.size, url: `/api/workorders/attachments/${row.id}` };
  });
}

export async function readAttachment(db: Db, deps: Pick<Deps, 'dataDir'>, actor: Actor, id: number) {
  const row = await withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(woAttachments).where(and(eq(woAttachments.countyCode, actor.countyCode), eq(woAttachments.id, id)));
    return a;
  });
  if (!row) throw notFound('附件', 'Attachment');
  try {
    return { data: await readPhoto(deps.dataDir, row.sha256, row.mime as PhotoType), mime: row.mime, fileName: row.fileName };
  } catch {
    throw notFound('附件文件', 'Attachment file');
  }
}

// =============================================================================================
// Intake

export interface RequesterInput {
  name?: string | null;
  phone?: string | null;
  confidential?: boolean;
  wantsCallback?: boolean;
}

export interface IntakeInput {
  source: Source;
  categoryCode: string;
  title?: string | null;
  description: string;
  lon?: number | null;
  lat?: number | null;
  regionCode?: string | null;
  address?: string | null;
  requester?: RequesterInput | null;
  attachmentIds?: number[];
  sourceRef?: string | null;
  open311Token?: string | null;
}

export interface DuplicateView {
  id: number;
  number: string;
  title: string;
  status: Status;
  statusLabel: string;
  createdAt: string;
  distanceMeters: number;
}

/** Where an intake happened: its point (routed to the grid) or, without one, the region picked. */
function placeOf(rt: CountyRouting, actor: Actor, input: Pick<IntakeInput, 'lon' | 'lat' | 'regionCode'>): Location {
  const hasLon = input.lon !== undefined && input.lon !== null;
  const hasLat = input.lat !== undefined && input.lat !== null;
  if (hasLon !== hasLat) throw badRequest('HALF_A_POINT', '经度和纬度须同时提供', 'Both lon and lat are required');
  if (hasLon) return locatePointIn(rt, actor.countyCode, input.lon!, input.lat!);
  if (input.regionCode) return locateRegionIn(rt, actor.countyCode, input.regionCode);
  throw badRequest('PLACE_REQUIRED', '请提供位置：定位点（经纬度）或所在区域（镇、村或网格）', 'A point or a region is required');
}

export async function previewRoute(db: Db, actor: Actor, input: { lon?: number | null; lat?: number | null; regionCode?: string | null; categoryCode?: string | null }) {
  const rt = await countyRouting(db, actor.countyCode);
  const location = placeOf(rt, actor, input);
  let handler: { level: HandlerLevel; levelLabel: string; name: string } | null = null;
  if (input.categoryCode) {
    await withScope(db, actor, async (tx) => {
      const c = await categoryFor(tx, actor.countyCode, input.categoryCode!);
      const h = await resolveHandler(rt, tx, actor.countyCode, firstHandler(c.firstLevel, location, c.departmentUnitId));
      handler = { level: h.level, levelLabel: LEVEL_LABELS[h.level], name: h.name };
    });
  }
  return { townCode: location.townCode, villageCode: location.villageCode, groupCode: location.groupCode, label: location.label, handler };
}

// The county's categories, units and settings as intake computes with them: cached per process
// and checked by xz_wo_intake (migration 0021), which answers "stale" when any changed since.
interface IntakeConfig {
  settings: Settings & { version: number };
  categories: Map<string, CategoryRow & { stamp: string }>;
  /** Codes with at least one active sub-category. */
  groups: Set<string>;
  units: Map<number, { name: string; active: boolean }>;
  names: Map<string, string>;
}
async function loadIntakeConfig(db: Db, countyCode: string): Promise<IntakeConfig> {
  const [cats, units, settings] = await Promise.all([
    db
      .select({ ...getTableColumns(woCategories), stamp: sql<string>`(extract(epoch from ${woCategories.updatedAt}) * 1000000)::bigint::text` })
      .from(woCategories)
      .where(eq(woCategories.countyCode, countyCode)),
    db.select({ id: woUnits.id, name: woUnits.name, active: woUnits.active }).from(woUnits).where(eq(woUnits.countyCode, countyCode)),
    settingsIn(db, countyCode),
  ]);
  return {
    settings,
    categories: new Map(cats.map((c) => [c.code, c])),
    groups: new Set(cats.filter((c) => c.active && c.parentCode).map((c) => c.parentCode!)),
    units: new Map(units.map((u) => [u.id, { name: u.name, active: u.active }])),
    names: new Map(cats.map((c) => [c.code, c.name])),
  };
}

const intakeConfigs = countyCache(60_000, loadIntakeConfig);
const intakeConfig = (db: Db, countyCode: string, fresh: boolean) => intakeConfigs.get(db, countyCode, fresh);

/** A row of the table from its to_jsonb form (snake_case names, timestamps as text). */
function fromJson<T>(table: Parameters<typeof getTableColumns>[0], j: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [prop, col] of Object.entries(getTableColumns(table))) {
    const v = j[col.name];
    out[prop] = v === undefined ? null : col.columnType === 'PgTimestamp' && v !== null ? new Date(v as string) : v;
  }
  return out as T;
}

/** The row in to_jsonb form, for jsonb_populate_record. */
function toJson(table: Parameters<typeof getTableColumns>[0], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [prop, col] of Object.entries(getTableColumns(table))) {
    const v = row[prop];
    if (v !== undefined) out[col.name] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** What xz_wo_intake stores and returns: the rows as written (also what a replay gets). */
interface IntakeResult {
  v: 2;
  order: Record<string, unknown>;
  events: Record<string, unknown>[];
  requester: Record<string, unknown> | null;
  attachments: { id: number; file_name: string; mime: string; size: number; event_id: number }[];
  candidates: { id: number; number: string; title: string; status: Status; created_at: string; lon: number; lat: number; category_code: string }[];
  unit_ids: number[];
}

/** The refusals xz_wo_intake raises ('xz:CODE'), as the 4xx the service always gave. */
function intakeRefusal(err: unknown, location: Location) {
  for (let e = err as { message?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    const m = /xz:([A-Z_]+)/.exec(e.message ?? '');
    if (!m) continue;
    if (m[1] === 'BAD_ATTACHMENT') return badRequest('BAD_ATTACHMENT', '附件不存在、不是您上传的，或已用于其他工单', 'Unknown or already used attachment');
    if (m[1] === 'OUT_OF_SCOPE') return forbidden(`该位置（${location.label}）不在您负责的范围内，请联系所在网格或指挥中心上报`, 'The place is outside your area');
    if (m[1] === 'KEY_REUSED') return unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
    if (m[1] === 'STALE') return 'stale' as const;
  }
  return null;
}

/**
 * Intake of one work order: the checks and computations here, every write in one call of
 * xz_wo_intake (migration 0021) — one statement, one transaction, one round trip.
 */
export async function intake(db: Db, deps: Deps, actor: Actor, input: IntakeInput, idempotencyKey?: string): Promise<{ order: OrderDetail; duplicates: DuplicateView[]; replayed: boolean }> {
  // Who may record what: hotline calls by the command centre, field reports and forum matters by
  // those who handle matters on the ground, within their own area.
  if (input.source === 'hotline' && !can(actor, 'workorder:dispatch')) throw forbidden('只有热线坐席或指挥中心可以登记来电', 'Only the hotline may record calls');
  if ((input.source === 'grid' || input.source === 'matter') && !can(actor, 'workorder:handle')) throw forbidden('只有网格员和村（社区）、镇干部可以上报网格事件或论坛事项', 'Field reports need workorder:handle');
  if (input.source === 'matter' && !input.sourceRef?.trim()) throw badRequest('SOURCE_REF_REQUIRED', '论坛事项须注明来源（论坛场次或议题）', 'sourceRef is required for matters');
  if (input.source === 'hotline' && (!input.requester?.name?.trim() || !input.requester?.phone)) throw badRequest('REQUESTER_REQUIRED', '热线来电须登记来电人姓名和回访电话', 'Caller name and callback number are required');
  const phone = input.requester?.phone ? normalizeCallbackNumber(input.requester.phone) : null;
  if (input.requester?.phone && !phone) throw badRequest('INVALID_PHONE', '回访电话格式不正确（手机 11 位，或带区号的固定电话）', 'Invalid callback number');
  const rt = await countyRouting(db, actor.countyCode);
  const location = placeOf(rt, actor, input);
  const fieldReport = input.source === 'grid' || input.source === 'matter';
  if (fieldReport && !pathVisible(actor.scope, location.path))
    throw forbidden(`该位置（${location.label}）不在您负责的范围内，请联系所在网格或指挥中心上报`, 'The place is outside your area');
  if (input.attachmentIds?.length && actor.userId === null) throw badRequest('NO_UPLOADER', '系统操作不能附带照片', 'System actions carry no attachments');
  const fingerprint = requestFingerprint('POST /api/workorders', input);
  const description = input.description.trim();
  const title = (input.title?.trim() || description.replace(/\s+/g, ' ').slice(0, 30)) as string;
  const searchTokens = tsvectorText(textTokens(`${title} ${description} ${input.address ?? ''}`));
  const requester = input.requester ?? (input.source === 'resident' ? {} : null);
  const requesterRow = requester
    ? {
        name: requester.name?.trim() || null,
        name_is_reporter: input.source === 'resident',
        phone_cipher: phone ? deps.vault.encrypt(phone) : null,
        phone_hash: phone ? deps.vault.hash('phone', phone) : null,
        phone_mask: phone ? maskCallbackNumber(phone) : null,
        confidential: !!requester.confidential,
        wants_callback: requester.wantsCallback ?? true,
        user_id: input.source === 'resident' || input.source === 'open311' ? actor.userId : null,
      }
    : null;

  for (let attempt = 0; ; attempt++) {
    const cfg = await intakeConfig(db, actor.countyCode, attempt > 0);
    const cat = cfg.categories.get(input.categoryCode);
    // A refusal from the cache is checked against a fresh copy first (a category added meanwhile).
    if ((!cat || !cat.active || cfg.groups.has(cat.code)) && attempt === 0) continue;
    if (!cat || !cat.active || cfg.groups.has(cat.code)) {
      // A retry of a request that was accepted gets its first answer, whatever changed since.
      const stored = await storedIntake(db, actor, idempotencyKey, fingerprint);
      if (stored) return { ...(('v' in stored) ? intakeResponse(rt, cfg, actor, stored) : stored), replayed: true };
    }
    if (!cat) throw badRequest('UNKNOWN_CATEGORY', `类别 ${input.categoryCode} 不存在`, 'Unknown category');
    if (!cat.active) throw badRequest('INACTIVE_CATEGORY', `类别「${cat.name}」已停用`, 'Inactive category');
    if (cfg.groups.has(cat.code)) throw badRequest('CATEGORY_IS_GROUP', `「${cat.name}」是大类，请选择其下的具体小类`, 'Choose a sub-category');
    const settings = cfg.settings;
    const now = new Date();
    const row = {
      countyCode: actor.countyCode,
      source: input.source,
      sourceRef: input.sourceRef?.trim() || null,
      categoryCode: cat.code,
      emergency: cat.emergency,
      title,
      description,
      searchTokens,
      address: input.address?.trim() ?? '',
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      path: location.path,
      townCode: location.townCode,
      villageCode: location.villageCode,
      groupCode: location.groupCode,
      status: 'received',
      version: 1,
      supervisionLevel: 'assign',
      confidential: !!input.requester?.confidential,
      reporterUserId: actor.userId,
      reporterName: actor.displayName,
      watcherUserIds: actor.userId !== null ? [actor.userId] : [],
      createdAt: now,
      updatedAt: now,
      extensionStatus: 'none',
      extensionDays: 0,
      extensionTotalDays: 0,
      reopenCount: 0,
      open311Token: input.open311Token ?? null,
    } as Partial<OrderRow> as OrderRow;
    // Auto-dispatch: the category's first handler receives it at once, clocks running.
    let handler: ResolvedHandler | null = null;
    if (cat.autoDispatch) {
      const wanted = firstHandler(cat.firstLevel, location, cat.departmentUnitId);
      if (wanted.level === 'department' && !(wanted.unitId && cfg.units.get(wanted.unitId)?.active) && attempt === 0) continue;
      handler = handlerFrom(rt, cfg, wanted);
      const out = transition(stateOf(row), { action: 'dispatch', handler }, { now, calendar: calendarOf(settings), settings, limits: limitsOf(cat) });
      if (!out.ok) throw conflict(out.code, out.message, out.messageEn);
      Object.assign(row, out.patch, { handlerPath: handler.path, handlerName: handler.name });
    }
    let notice: { before: string; after: string } | null = null;
    if (handler && requesterRow?.user_id != null) {
      const mark = '\uE000';
      const text = noticeText('accepted', { number: mark, title }, { handlerName: handler.name });
      const at = text.lastIndexOf(mark);
      notice = { before: text.slice(0, at), after: text.slice(at + mark.length) };
    }
    const box = row.lon !== null && row.lat !== null ? boxAround(row.lon, row.lat, settings.duplicateMeters) : null;
    const window = settings.duplicateHours * 3600_000;
    const payload = {
      county: actor.countyCode,
      user: actor.userId,
      actor_name: actor.displayName,
      person_id: actor.personId,
      ip: actor.ip ?? null,
      scope: scopeSettings(actor.scope),
      key: idempotencyKey ?? null,
      fingerprint,
      check: {
        category: cat.code,
        category_stamp: cat.stamp,
        settings_version: settings.version,
        unit_id: handler?.level === 'department' ? handler.unitId : null,
        unit_name: handler?.level === 'department' ? handler.name : null,
      },
      number_prefix: orderNumber(now, 0).slice(0, -7),
      source_must_be_visible: fieldReport,
      order: toJson(woOrders, row as unknown as Record<string, unknown>),
      intake_event: { note: description.slice(0, 500), data: { source: input.source, category: cat.code, place: location.label } },
      dispatch_event: handler ? { actor_name: '系统（自动派单）', data: { handler: { level: handler.level, name: handler.name } } } : null,
      attachment_ids: [...new Set(input.attachmentIds ?? [])],
      requester: requesterRow,
      notice,
      event: { category: row.categoryCode, status: row.status, townCode: row.townCode, villageCode: row.villageCode, lon: row.lon, lat: row.lat, supervisionLevel: row.supervisionLevel, emergency: row.emergency, title: row.title },
      dup: box ? { from: new Date(now.getTime() - window).toISOString(), to: new Date(now.getTime() + window).toISOString(), min_lon: box.minLon, max_lon: box.maxLon, min_lat: box.minLat, max_lat: box.maxLat } : null,
      want_units: handler?.level === 'department',
      audit_after: { source: row.source, category: row.categoryCode, status: row.status, place: location.label },
    };
    let answer: { outcome: 'created' | 'replayed' | 'key_reused'; result?: IntakeResult | { order: OrderDetail; duplicates: DuplicateView[] } };
    try {
      const [r] = await rows<{ r: unknown }>(db, sql`select xz_wo_intake(${JSON.stringify(payload)}::jsonb) as r`);
      answer = (typeof r.r === 'string' ? JSON.parse(r.r) : r.r) as typeof answer;
    } catch (err) {
      const refusal = intakeRefusal(err, location);
      if (refusal === 'stale') {
        if (attempt === 0) continue;
        throw conflict('CONFIG_CHANGED', '工单类别或设置刚被修改，请重试', 'Categories or settings changed meanwhile; retry');
      }
      throw refusal ?? err;
    }
    if (answer.outcome === 'key_reused') throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
    const result = answer.result!;
    const replayed = answer.outcome === 'replayed';
    // A response stored before migration 0021 is the body itself.
    if (!('v' in result)) return { ...result, replayed };
    return { ...intakeResponse(rt, cfg, actor, result), replayed };
  }
}

/** The answer stored for this caller's Idempotency-Key, if the same request was accepted before. */
async function storedIntake(db: Db, actor: Actor, key: string | undefined, fingerprint: string): Promise<IntakeResult | { order: OrderDetail; duplicates: DuplicateView[] } | null> {
  if (!key || actor.userId === null) return null;
  const [r] = await rows<{ route: string; response: unknown }>(db, sql`select route, response from idempotency_keys where user_id = ${actor.userId} and key = ${key}`);
  if (!r || r.response === null) return null;
  if (r.route !== fingerprint) throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
  return (typeof r.response === 'string' ? JSON.parse(r.response) : r.response) as IntakeResult | { order: OrderDetail; duplicates: DuplicateView[] };
}

/** The handler of an automatic dispatch, from the cached units (checked again by xz_wo_intake). */
function handlerFrom(rt: CountyRouting, cfg: IntakeConfig, h: Handler): ResolvedHandler {
  if (h.level === 'department') {
    const u = h.unitId ? cfg.units.get(h.unitId) : undefined;
    if (!u || !u.active) throw badRequest('UNKNOWN_UNIT', '承办部门不存在或已停用', 'Unknown or inactive unit');
    return { ...h, regionCode: null, path: null, name: u.name };
  }
  return resolveRegionHandler(rt, h);
}

/** The order detail and duplicates from what xz_wo_intake wrote (the same for a replay). */
function intakeResponse(rt: CountyRouting, cfg: IntakeConfig, actor: Actor, r: IntakeResult): { order: OrderDetail; duplicates: DuplicateView[] } {
  const o = fromJson<OrderRow>(woOrders, r.order);
  const events = r.events.map((e) => fromJson<typeof woEvents.$inferSelect>(woEvents, e));
  const files: FileRow[] = r.attachments.map((f) => ({ id: f.id, fileName: f.file_name, mime: f.mime, size: f.size, eventId: f.event_id }));
  const q = r.requester;
  const reqs: RequesterView[] = q
    ? [{ id: q.id as number, name: q.name as string | null, phoneMask: q.phone_mask as string | null, confidential: q.confidential as boolean, wantsCallback: q.wants_callback as boolean, fromOrderId: null, notifiedAt: null }]
    : [];
  const order = detailOf({ categories: cfg.names, regions: rt.info }, actor, o, r.unit_ids, { events, files, reqs, numbers: new Map() });
  const s = cfg.settings;
  const probe = { categoryCode: o.categoryCode, lon: o.lon, lat: o.lat, at: o.createdAt };
  const duplicates = r.candidates
    .map((x) => ({ ...x, at: new Date(x.created_at) }))
    .filter((x) => isDuplicate(probe, { categoryCode: x.category_code, lon: x.lon, lat: x.lat, at: x.at, status: x.status }, s))
    .map((x) => ({ id: x.id, number: x.number, title: x.title, status: x.status, statusLabel: STATUS_LABELS[x.status], createdAt: x.at.toISOString(), distanceMeters: Math.round(distanceMeters(o.lon!, o.lat!, x.lon, x.lat)) }));
  return { order, duplicates };
}

function eventPayload(o: OrderRow) {
  return { id: o.id, number: o.number, category: o.categoryCode, status: o.status, townCode: o.townCode, villageCode: o.villageCode, lon: o.lon, lat: o.lat, supervisionLevel: o.supervisionLevel, emergency: o.emergency, title: o.title };
}

async function duplicatesOf(tx: Executor, o: OrderRow, s: Settings): Promise<DuplicateView[]> {
  if (o.lon === null || o.lat === null || TERMINAL.includes(o.status)) return [];
  const box = boxAround(o.lon, o.lat, s.duplicateMeters);
  const window = s.duplicateHours * 3600_000;
  const list = await tx
    .select()
    .from(woOrders)
    .where(
      and(
        eq(woOrders.countyCode, o.countyCode),
        eq(woOrders.categoryCode, o.categoryCode),
        sql`${woOrders.createdAt} between ${new Date(o.createdAt.getTime() - window)} and ${new Date(o.createdAt.getTime() + window)}`,
        sql`${woOrders.lon} between ${box.minLon} and ${box.maxLon}`,
        sql`${woOrders.lat} between ${box.minLat} and ${box.maxLat}`,
        sql`${woOrders.status} not in ('closed','merged','cancelled')`,
        sql`${woOrders.id} <> ${o.id}`,
      ),
    )
    .orderBy(asc(woOrders.createdAt))
    .limit(20);
  const probe = { categoryCode: o.categoryCode, lon: o.lon, lat: o.lat, at: o.createdAt };
  return list
    .filter((x) => isDuplicate(probe, { categoryCode: x.categoryCode, lon: x.lon, lat: x.lat, at: x.createdAt, status: x.status }, s))
    .map((x) => ({ id: x.id, number: x.number, title: x.title, status: x.status, statusLabel: STATUS_LABELS[x.status], createdAt: x.createdAt.toISOString(), distanceMeters: Math.round(distanceMeters(o.lon!, o.lat!, x.lon!, x.lat!)) }));
}

export async function findDuplicates(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => duplicatesOf(tx, await loadOrder(tx, actor.countyCode, id), await settingsIn(tx, actor.countyCode)));
}

// =============================================================================================
// Actions on an order

function stateOf(o: OrderRow): OrderState {
  return {
    status: o.status,
    handlerLevel: o.handlerLevel ?? null,
    handlerRegionCode: o.handlerRegionCode ?? null,
    handlerUnitId: o.handlerUnitId ?? null,
    supervisionLevel: o.supervisionLevel ?? 'assign',
    supervisedAt: o.supervisedAt ?? null,
    dispatchedAt: o.dispatchedAt ?? null,
    signDueAt: o.signDueAt ?? null,
    signedAt: o.signedAt ?? null,
    firstSignDueAt: o.firstSignDueAt ?? null,
    firstSignedAt: o.firstSignedAt ?? null,
    signOnTime: o.signOnTime ?? null,
    resolveDueAt: o.resolveDueAt ?? null,
    resolvedAt: o.resolvedAt ?? null,
    firstResolvedAt: o.firstResolvedAt ?? null,
    resolvedOnTime: o.resolvedOnTime ?? null,
    sendBackDueAt: o.sendBackDueAt ?? null,
    extensionStatus: o.extensionStatus ?? 'none',
    extensionDays: o.extensionDays ?? 0,
    extensionTotalDays: o.extensionTotalDays ?? 0,
    suspendedAt: o.suspendedAt ?? null,
    reopenCount: o.reopenCount ?? 0,
    rating: o.rating ?? null,
    firstRating: o.firstRating ?? null,
    closedAt: o.closedAt ?? null,
    mergedIntoId: o.mergedIntoId ?? null,
  };
}

/** What a client sends for an action: the command's own fields, the version it saw, photos. */
export type ActionInput =
  | { action: 'dispatch'; handler?: Handler | null }
  | { action: 'sign_for' }
  | { action: 'send_back'; reason: string }
  | { action: 'start' }
  | { action: 'transfer'; handler: Handler; reason: string; regionCode?: string | null }
  | { action: 'hand_over'; reason: string; unitId?: number | null }
  | { action: 'request_extension'; days: number; reason: string }
  | { action: 'approve_extension'; note?: string }
  | { action: 'reject_extension'; reason: string }
  | { action: 'suspend'; reason: string }
  | { action: 'resume'; note?: string }
  | { action: 'resolve'; note: string }
  | { action: 'callback'; rating: Rating; comment?: string }
  | { action: 'merge'; targetId: number }
  | { action: 'cancel'; reason: string }
  | { action: 'supervise'; reason?: string }
  | { action: 'note'; note: string };

const ROLE_REFUSAL: Record<string, string> = {
  handler: '只有当前承办单位可以执行此操作',
  dispatcher: '只有指挥中心（调度）可以执行此操作',
  callback: '只有回访人员可以登记回访结果',
  any: '只有承办单位、指挥中心或诉求人可以添加备注',
};

/**
 * One action on one order, as one transaction: scope (the order must be visible), role (the
 * holding unit, the command centre…), optimistic version, the pure transition, then the timeline,
 * photos, audit and event. Two concurrent actions on the same version: one wins, the other 409.
 */
export async function act(db: Db, actor: Actor, id: number, input: ActionInput & { version: number; attachmentIds?: number[] }, opts: { asRequester?: boolean } = {}): Promise<OrderDetail> {
  const rt = await countyRouting(db, actor.countyCode);
  return withScope(db, actor, async (tx) => {
    const o = await loadOrder(tx, actor.countyCode, id);
    const unitIds = await unitIdsOf(tx, actor);
    const role = roleOf(actor, o, unitIds);
    if (opts.asRequester) {
      if (!role.watcher) throw forbidden('只有诉求人本人可以评价该工单', 'Only the requester may rate this order');
    } else if (!mayTake(role, input.action)) {
      const who = ACTION_ROLES[input.action] === 'handler' ? `（当前承办：${o.handlerName ?? '尚未派单'}）` : '';
      throw forbidden(`${ROLE_REFUSAL[ACTION_ROLES[input.action]]}${who}`, `Not allowed to ${input.action} this order`);
    }
    if (input.version !== o.version)
      throw conflict('VERSION_CONFLICT', `工单已被他人更新（您看到的是第 ${input.version} 版，当前为第 ${o.version} 版），请刷新后重试`, 'The order changed meanwhile; reload and retry', { currentVersion: o.version });
    const cat = await categoryFor(tx, actor.countyCode, o.categoryCode);
    const settings = await settingsIn(tx, actor.countyCode);
    const now = new Date();
    const ctx = { now, calendar: calendarOf(settings), settings, limits: limitsOf(cat) };

    // Turn the client's input into a command the rules understand.
    let cmd: Command;
    let handler: ResolvedHandler | null = null;
    let relocate: Location | null = null;
    let target: OrderRow | null = null;
    let note = '';
    const data: Record<string, unknown> = {};
    switch (input.action) {
      case 'dispatch': {
        const wanted = input.handler ?? firstHandler(cat.firstLevel, { groupCode: o.groupCode, villageCode: o.villageCode, townCode: o.townCode }, cat.departmentUnitId);
        handler = await resolveHandler(rt, tx, actor.countyCode, wanted);
        cmd = { action: 'dispatch', handler };
        break;
      }
      case 'transfer':
        handler = await resolveHandler(rt, tx, actor.countyCode, input.handler);
        if (input.regionCode) relocate = locateRegionIn(rt, actor.countyCode, input.regionCode);
        cmd = { action: 'transfer', handler, reason: input.reason };
        note = input.reason;
        break;
      case 'hand_over': {
        const current: Handler = { level: o.handlerLevel!, regionCode: o.handlerRegionCode, unitId: o.handlerUnitId };
        const next = o.handlerLevel ? handOverTarget(current, input.unitId ?? cat.departmentUnitId) : null;
        handler = next ? await resolveHandler(rt, tx, actor.countyCode, next) : null;
        cmd = { action: 'hand_over', handler, reason: input.reason };
        note = input.reason;
        break;
      }
      case 'merge': {
        if (input.targetId === o.id) throw badRequest('SELF_MERGE', '不能把工单合并到自己', 'Cannot merge an order into itself');
        target = await loadOrder(tx, actor.countyCode, input.targetId, true);
        if (target.categoryCode !== o.categoryCode) throw badRequest('CATEGORY_MISMATCH', '只能合并同一类别的重复工单', 'Only orders of the same category can be merged');
        cmd = { action: 'merge', targetId: target.id, targetStatus: target.status };
        data.target = { id: target.id, number: target.number };
        break;
      }
      case 'callback':
        if (opts.asRequester && input.rating === 'unreachable') throw badRequest('BAD_RATING', '请选择满意、基本满意或不满意', 'Choose a rating');
        cmd = { action: 'callback', rating: input.rating, comment: input.comment ?? '' };
        note = input.comment ?? '';
        data.rating = input.rating;
        data.ratingLabel = RATING_LABELS[input.rating];
        if (opts.asRequester) data.byRequester = true;
        break;
      case 'send_back':
      case 'reject_extension':
      case 'suspend':
      case 'cancel':
        cmd = { ...input };
        note = input.reason;
        break;
      case 'request_extension':
        cmd = { ...input };
        note = input.reason;
        data.days = input.days;
        break;
      case 'supervise':
        cmd = { action: 'supervise', reason: input.reason ?? '' };
        note = input.reason ?? '';
        break;
      case 'resolve':
      case 'note':
        cmd = { ...input };
        note = input.note;
        break;
      case 'approve_extension':
      case 'resume':
        cmd = { action: input.action };
        note = input.note ?? '';
        break;
      default:
        cmd = { action: input.action };
    }

    const out = transition(stateOf(o), cmd, ctx);
    if (!out.ok) throw conflict(out.code, out.message, out.messageEn, { allowed: out.allowed });

    const set: Partial<typeof woOrders.$inferInsert> = { ...out.patch, updatedAt: now };
    if (handler && (input.action === 'dispatch' || input.action === 'transfer' || input.action === 'hand_over')) {
      Object.assign(set, { handlerPath: handler.path, handlerName: handler.name });
      data.handler = { level: handler.level, levelLabel: LEVEL_LABELS[handler.level], name: handler.name };
      data.previousHandler = o.handlerName;
    }
    if (relocate) Object.assign(set, { path: relocate.path, townCode: relocate.townCode, villageCode: relocate.villageCode, groupCode: relocate.groupCode });
    if (input.action === 'callback') set.ratingComment = input.comment ?? null;
    if (input.action === 'supervise') Object.assign(data, { level: out.patch.supervisionLevel, notice: superviseNotice(o, out.patch.supervisionLevel!) });
    if (input.action === 'approve_extension') data.resolveDueAt = iso(out.patch.resolveDueAt);

    const updated = await tx
      .update(woOrders)
      .set({ ...set, version: sql`${woOrders.version} + 1` })
      .where(and(eq(woOrders.countyCode, o.countyCode), eq(woOrders.id, o.id), eq(woOrders.version, input.version)))
      .returning();
    if (!updated.length) throw conflict('VERSION_CONFLICT', '工单已被他人更新，请刷新后重试', 'The order changed meanwhile; reload and retry');
    const after = updated[0];
    const eventId = await addEvent(tx, actor, o, { action: input.action, from: o.status, to: out.to, note, data });
    await bindAttachments(tx, actor, o, eventId, input.attachmentIds);

    if (input.action === 'merge' && target) await mergeInto(tx, actor, o, target);
    if (after.status === 'closed') await notifyRequesters(tx, actor, after);
    else await informProgress(tx, o, after, input.action, target);

    await audit(tx, actor, {
      action: `workorder.${input.action}`,
      entity: 'wo_order',
      entityId: o.number,
      path: after.path,
      before: { status: o.status, version: o.version, handler: o.handlerName, supervision: o.supervisionLevel },
      after: { status: after.status, version: after.version, handler: after.handlerName, supervision: after.supervisionLevel, ...(note ? { note: note.slice(0, 200) } : {}) },
    });
    await emit(tx, actor, 'workorder.changed', after.path, { ...eventPayload(after), action: input.action, from: o.status });
    return orderDetail(rt, tx, actor, after);
  });
}

function superviseNotice(o: OrderRow, level: SupervisionLevel): string {
  return `${SUPERVISION_LABELS[level]}通知：工单 ${o.number}（${o.title}）已超期或被要求${SUPERVISION_LABELS[level]}，请${o.handlerName ?? '承办单位'}负责人${level === 'investigate' ? '说明情况并接受查办' : '督促办理并反馈'}。`;
}

/** The duplicate's requesters join the original, so all of them hear when it closes. */
async function mergeInto(tx: Tx, actor: Actor, dup: OrderRow, target: OrderRow) {
  await tx.execute(sql`insert into wo_requesters (county_code, order_id, name, phone_cipher, phone_hash, phone_mask, confidential, wants_callback, user_id, from_order_id)
    select county_code, ${target.id}, name, phone_cipher, phone_hash, phone_mask, confidential, wants_callback, user_id, ${dup.id}
    from wo_requesters where county_code = ${dup.countyCode} and order_id = ${dup.id}`);
  const watchers = [...new Set([...target.watcherUserIds, ...dup.watcherUserIds])];
  await tx.update(woOrders).set({ watcherUserIds: watchers, confidential: target.confidential || dup.confidential, updatedAt: new Date() }).where(and(eq(woOrders.countyCode, target.countyCode), eq(woOrders.id, target.id)));
  await addEvent(tx, actor, target, { action: 'merged_in', from: target.status, to: target.status, note: `重复工单 ${dup.number} 已并入，其诉求人一并跟踪`, data: { from: { id: dup.id, number: dup.number } } });
  await tx.update(woAttachments).set({ orderId: target.id }).where(and(eq(woAttachments.countyCode, dup.countyCode), eq(woAttachments.orderId, dup.id)));
}

/**
 * Closing informs every requester, those of merged duplicates included: an in-app notice for those
 * with an account, an SMS outbox message for those with a callback number (sent by the gateway
 * configured with XZ_SMS_URL; without one it stays queued — see notices.ts).
 */
async function notifyRequesters(tx: Tx, actor: Actor, o: OrderRow) {
  const reqs = await tx
    .update(woRequesters)
    .set({ notifiedAt: new Date() })
    .where(and(eq(woRequesters.countyCode, o.countyCode), eq(woRequesters.orderId, o.id), sql`${woRequesters.notifiedAt} is null`))
    .returning({ id: woRequesters.id, userId: woRequesters.userId, fromOrderId: woRequesters.fromOrderId, phoneCipher: woRequesters.phoneCipher, phoneMask: woRequesters.phoneMask });
  const merged = await tx.select({ id: woOrders.id, number: woOrders.number }).from(woOrders).where(and(eq(woOrders.countyCode, o.countyCode), eq(woOrders.mergedIntoId, o.id)));
  for (const m of merged) await addEvent(tx, actor, { countyCode: o.countyCode, id: m.id }, { action: 'note', from: 'merged', to: 'merged', note: `主单 ${o.number} 已办结回访` });
  if (!reqs.length) return;
  const sent = await deliverNotices(tx, o, 'closed', noticeText('closed', o), reqs, { sms: true });
  await addEvent(tx, actor, o, {
    action: 'requesters_notified',
    from: 'closed',
    to: 'closed',
    note: `已通知 ${reqs.length} 位诉求人办理结果${merged.length ? `（含 ${merged.length} 张合并工单）` : ''}：站内通知 ${sent.notices} 条，短信 ${sent.sms} 条进入发件箱`,
    data: { count: reqs.length, notices: sent.notices, sms: sent.sms },
  });
  await emit(tx, actor, 'workorder.requesters_notified', o.path, { id: o.id, number: o.number, requesterIds: reqs.map((r) => r.id), userIds: reqs.map((r) => r.userId).filter((x) => x !== null) });
}

/**
 * Progress notices to the requesters' accounts (in-app only; the closing notice above also goes
 * by SMS): accepted at the first dispatch, resolved (please rate), reopened, cancelled, and
 * merged (the duplicate's requesters learn which order now carries their request).
 */
async function informProgress(tx: Tx, before: OrderRow, after: OrderRow, action: Action, target: OrderRow | null) {
  let kind: 'accepted' | 'resolved' | 'reopened' | 'cancelled' | 'merged' | null = null;
  if (action === 'dispatch' && before.status === 'received') kind = 'accepted';
  else if (after.status === 'resolved' && before.status !== 'resolved') kind = 'resolved';
  else if (after.status === 'reopened' && before.status !== 'reopened') kind = 'reopened';
  else if (after.status === 'cancelled') kind = 'cancelled';
  else if (after.status === 'merged') kind = 'merged';
  if (!kind) return;
  const reqs = await requestersOf(tx, before);
  if (!reqs.length) return;
  await deliverNotices(tx, before, kind, noticeText(kind, before, { handlerName: after.handlerName, targetNumber: target?.number }), reqs, { sms: false });
}

/** A requester rates their own resolved order from the phone (unsatisfied reopens it). */
export async function rateOrder(db: Db, actor: Actor, id: number, input: { rating: Exclude<Rating, 'unreachable'>; comment?: string; version: number }) {
  return act(db, actor, id, { action: 'callback', rating: input.rating, comment: input.comment, version: input.version }, { asRequester: true });
}

/** Full callback numbers for the agent making the callback call; each view is audited. */
export async function revealRequesters(db: Db, vault: PiiVault, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const o = await loadOrder(tx, actor.countyCode, id);
    const reqs = await tx.select().from(woRequesters).where(and(eq(woRequesters.countyCode, o.countyCode), eq(woRequesters.orderId, o.id))).orderBy(asc(woRequesters.id));
    await audit(tx, actor, { action: 'workorder.reveal_requesters', entity: 'wo_order', entityId: o.number, path: o.path });
    return reqs.map((r) => ({ id: r.id, name: r.name, phone: r.phoneCipher ? vault.decrypt(r.phoneCipher) : null, confidential: r.confidential }));
  });
}

// =============================================================================================
// Lists

export interface OrderFilter {
  status?: Status[];
  category?: string;
  source?: Source;
  region?: string;
  from?: string;
  to?: string;
  q?: string;
  supervision?: SupervisionLevel;
  overdue?: boolean;
  emergency?: boolean;
  mine?: 'handling' | 'reported';
  ids?: number[];
  page: number;
  pageSize: number;
}

/**
 * The list filter as xz_wo_list takes it (migration 0022): plain values, quoted into the statement
 * by the function. A category group is expanded to its matters here, so the category index serves it.
 */
async function listFilter(rt: CountyRouting, tx: Executor, actor: Actor, f: Omit<OrderFilter, 'page' | 'pageSize'>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (f.status?.length) out.status = f.status;
  if (f.category) {
    const children = await tx.select({ code: woCategories.code }).from(woCategories).where(and(eq(woCategories.countyCode, actor.countyCode), eq(woCategories.parentCode, f.category)));
    out.categories = [f.category, ...children.map((x) => x.code)];
  }
  if (f.source) out.source = f.source;
  if (f.region) {
    const r = rt.info.get(f.region);
    if (!r) throw notFound(`区域 ${f.region} `, 'Region');
    Object.assign(out, { regionPath: r.path, regionLevel: r.level, regionCode: r.code });
  }
  if (f.from) out.from = new Date(`${f.from}T00:00:00+08:00`).toISOString();
  if (f.to) out.to = new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
  if (f.q) {
    const q = f.q.trim();
    if (/^GD\d{8,}$/i.test(q)) out.number = q.toUpperCase();
    else {
      const tq = textQuery(q);
      if (tq) out.tsquery = tq;
      // The substring test is needed when the keyword is longer than the one lexeme that decides it
      // (bigrams of 路灯不亮 also match 路灯…灯不好…不亮); it also misleads the planner's estimates.
      if (!tq || !keywordIsOneLexeme(q)) out.like = '%' + likeEscape(q) + '%';
    }
  }
  if (f.supervision) out.supervision = f.supervision;
  if (f.overdue !== undefined) out.overdue = f.overdue;
  if (f.emergency !== undefined) out.emergency = f.emergency;
  if (f.ids?.length) out.ids = f.ids;
  if (f.mine) out.mine = f.mine;
  return out;
}

/**
 * A page of orders and the count, newest first. The ids come from xz_wo_list, which applies the
 * caller's scope as indexable conditions (row-level security gave the planner no index for it);
 * the page itself is read under row-level security as every other read.
 */
export async function listOrders(db: Db, actor: Actor, f: OrderFilter) {
  const rt = await countyRouting(db, actor.countyCode);
  return withScope(db, actor, async (tx) => {
    const filter = await listFilter(rt, tx, actor, f);
    // The count stops at LIST_COUNT_CAP (or just past the page asked for): counting a county's
    // year of orders takes seconds, and nobody pages that far. A keyword's matches are checked
    // row by row in the table (the bigram index only narrows them), so their count stops sooner.
    const cap = Math.max(f.q?.trim() ? KEYWORD_COUNT_CAP : LIST_COUNT_CAP, f.page * f.pageSize) + 1;
    const [found] = await rows<{ r: unknown }>(tx, sql`select xz_wo_list(${actor.countyCode}, ${JSON.stringify(filter)}::jsonb, ${f.pageSize}, ${(f.page - 1) * f.pageSize}, ${cap}) as r`);
    const r = (typeof found.r === 'string' ? JSON.parse(found.r) : found.r) as { total: number; ids: number[] };
    const list = r.ids.length ? await tx.select().from(woOrders).where(and(eq(woOrders.countyCode, actor.countyCode), inArray(woOrders.id, r.ids))) : [];
    const byId = new Map(list.map((o) => [o.id, o]));
    const vc = await viewContext(rt, tx, actor.countyCode);
    const now = new Date();
    const items = r.ids.flatMap((id) => {
      const o = byId.get(id);
      return o ? [summary(o, vc, now)] : [];
    });
    return { items, total: Math.min(num(r.total), cap - 1), totalCapped: num(r.total) >= cap, page: f.page, pageSize: f.pageSize };
  });
}

/** Lists count matching orders up to this many; beyond it `totalCapped` is true ("10,000+"). */
export const LIST_COUNT_CAP = 10_000;
/** A keyword search counts up to this many matches ("1,000+"). */
export const KEYWORD_COUNT_CAP = 1_000;

/** Orders by reference or by simple filters, for other modules and for Open311; scope applies. */
export async function findOrders(db: Db, actor: Actor, f: { ids?: number[]; numbers?: string[]; tokens?: string[]; categories?: string[]; statuses?: Status[]; from?: Date; to?: Date; limit: number }) {
  const rt = await countyRouting(db, actor.countyCode);
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(woOrders.countyCode, actor.countyCode)];
    if (f.ids) conds.push(f.ids.length ? inArray(woOrders.id, f.ids) : sql`false`);
    if (f.numbers) conds.push(f.numbers.length ? inArray(woOrders.number, f.numbers) : sql`false`);
    if (f.tokens) conds.push(f.tokens.length ? inArray(woOrders.open311Token, f.tokens) : sql`false`);
    if (f.categories?.length) conds.push(inArray(woOrders.categoryCode, f.categories));
    if (f.statuses?.length) conds.push(inArray(woOrders.status, f.statuses));
    if (f.from) conds.push(sql`${woOrders.createdAt} >= ${f.from}`);
    if (f.to) conds.push(sql`${woOrders.createdAt} <= ${f.to}`);
    const list = await tx.select().from(woOrders).where(and(...conds)).orderBy(desc(woOrders.createdAt), desc(woOrders.id)).limit(f.limit);
    const vc = await viewContext(rt, tx, actor.countyCode);
    return list.map((o) => ({ ...summary(o, vc), description: o.description, updatedAt: o.updatedAt.toISOString(), open311Token: o.open311Token }));
  });
}

// =============================================================================================
// Escalation 交办 → 督办 → 查办

/**
 * One sweep over overdue orders: each reaches 督办 and then 查办 by itself. The conditional
 * update (level = the level read) makes each step happen exactly once even when several
 * instances sweep at the same moment: the second update finds the level changed and does nothing.
 */
export async function escalateOverdue(db: Db, now = new Date(), batch = 500): Promise<{ supervised: number; investigated: number }> {
  const out = { supervised: 0, investigated: 0 };
  const counties = (await db.selectDistinct({ c: woOrders.countyCode }).from(woOrders).where(sql`${woOrders.status} in ('dispatched','signed_for','in_progress','reopened') and ${woOrders.supervisionLevel} <> 'investigate'`)).map((r) => r.c);
  for (const countyCode of counties) {
    const system = systemActor(countyCode, '系统（超期自动升级）');
    await withScope(db, system, async (tx) => {
      const settings = await settingsIn(tx, countyCode);
      const cal = calendarOf(settings);
      const candidates = await tx
        .select()
        .from(woOrders)
        .where(
          and(
            eq(woOrders.countyCode, countyCode),
            sql`${woOrders.status} in ('dispatched','signed_for','in_progress','reopened')`,
            sql`${woOrders.supervisionLevel} <> 'investigate'`,
            sql`((${woOrders.signedAt} is null and ${woOrders.signDueAt} < ${now}) or ${woOrders.resolveDueAt} < ${now})`,
          ),
        )
        .orderBy(asc(woOrders.resolveDueAt))
        .limit(batch);
      for (const o of candidates) {
        const next = escalationStep(o, now, cal, settings);
        if (!next) continue;
        const done = await tx
          .update(woOrders)
          .set({ supervisionLevel: next, supervisedAt: now, updatedAt: now })
          .where(and(eq(woOrders.countyCode, countyCode), eq(woOrders.id, o.id), eq(woOrders.supervisionLevel, o.supervisionLevel)))
          .returning();
        if (!done.length) continue; // another instance got there first
        const after = done[0];
        await addEvent(tx, system, o, { action: 'escalate', from: o.status, to: o.status, note: superviseNotice(after, next), data: { from: o.supervisionLevel, level: next, levelLabel: SUPERVISION_LABELS[next] } });
        await audit(tx, system, { action: 'workorder.escalate', entity: 'wo_order', entityId: o.number, path: o.path, before: { supervision: o.supervisionLevel }, after: { supervision: next } });
        await emit(tx, system, 'workorder.escalated', o.path, { ...eventPayload(after), from: o.supervisionLevel });
        if (next === 'supervise') out.supervised++;
        else out.investigated++;
      }
    });
  }
  return out;
}

/** The periodic sweep; startup wires it with one line. Unref'd: it never keeps the process alive. */
export function startEscalationTimer(database: Database, log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void }, everyMs = 60_000): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const r = await escalateOverdue(database.db);
      if (r.supervised || r.investigated) log?.info(r, 'work orders escalated');
    } catch (err) {
      log?.warn({ err }, 'work-order escalation sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  const first = setTimeout(() => void run(), 5_000);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
