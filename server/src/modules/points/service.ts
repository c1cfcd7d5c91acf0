/**
 * Points use cases: scheme and catalog configuration, accounts, the posting workflow (propose →
 * approve → public notice with objections → effective; reject; reverse), periods and closing,
 * leaderboards, published lists (红黑榜, civilized families), cadre seniority accrual, and the
 * automatic-posting API other modules call. One exported function per use case, each in one
 * scoped transaction, recording audit and events.
 */
import { insertRows } from '../../platform/db/bulk';
import { countyCache } from '../../platform/db/county-cache';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/http/errors';
import { onceForKey, requestFingerprint } from '../../platform/http/idempotency';
import { can, pathVisible, scopeSettings, systemActor, withScope, type Actor } from '../../platform/scope';
import { listChildren, regionPathsByCode } from '../regions/service';
import { getPerson, listHouseholds, listPersons } from '../people/service';
import { listPartyOrgMembers, listPartyOrgs } from '../org/service';
import { ptsAccounts, ptsItems, ptsLists, ptsObjections, ptsPeriods, ptsPostingLog, ptsPostings, ptsSchemes, ptsSchemeVersions } from './schema';
import {
  ALL_TIME, CATEGORY_LABELS, OWNER_KIND_LABELS, OWNER_OF_SCHEME, PERIOD_KIND_LABELS, SCHEME_KIND_LABELS, STATE_LABELS,
  addDays, admitPosting, anniversary, chinaDate, civilizedCandidates, completedYears, fortressRating, honorAndWarning, isDate, monthKey, nextState, parsePeriod,
  periodKeysOf, periodLabel, projectCadre, retirementDate, cadreTier, validateCadreSettings, validateFortressSettings, validateHouseholdSettings, validateItem,
  yearKey, type CadreSettings, type Evidence, type FortressSettings, type HouseholdSettings, type ItemCategory, type OwnerKind, type PeriodKind,
  type PostingSource, type PostingState, type SchemeKind,
} from './rules';
import { DEFAULT_SCHEMES, type DefaultItem } from './defaults';
import {
  addUsage, applyEffective, closedKeys, idArray, insertPostings, logTransitions, schemeByCode, schemeById,
  type AccountRow, type EntryResult, type ItemRow, type PostingEntry, type SchemeRow,
  prof, itemRule,
} from './engine';

// =============================================================================================
// Views

export function itemView(i: ItemRow) {
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    description: i.description,
    category: i.category as ItemCategory,
    categoryLabel: CATEGORY_LABELS[i.category as ItemCategory] ?? i.category,
    points: i.points,
    minPoints: i.minPoints,
    maxPoints: i.maxPoints,
    cap: i.cap,
    capPeriod: i.capPeriod as PeriodKind | null,
    evidenceRequired: i.evidenceRequired,
    proposePermission: i.proposePermission,
    approvePermission: i.approvePermission,
    veto: i.veto,
    zeroing: i.zeroing,
    sector: i.sector,
    sort: i.sort,
    active: i.active,
    version: i.version,
  };
}
export type ItemView = ReturnType<typeof itemView>;

function schemeView(s: SchemeRow, itemCount?: number) {
  return {
    id: s.id,
    code: s.code,
    kind: s.kind,
    kindLabel: SCHEME_KIND_LABELS[s.kind],
    ownerKind: OWNER_OF_SCHEME[s.kind],
    name: s.name,
    description: s.description,
    noticeDays: s.noticeDays,
    pointValueCents: s.pointValueCents,
    settings: s.settings as Record<string, unknown>,
    version: s.version,
    active: s.active,
    itemCount: itemCount ?? 0,
  };
}
export type SchemeView = ReturnType<typeof schemeView>;

async function regionPath(tx: Tx, code: string): Promise<{ path: string; level: string; name: string }> {
  const r = (await regionPathsByCode(tx, [code])).get(code);
  if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
  return r;
}

/** A region the actor's scope covers entirely (for lists and leaderboards over it). */
async function scopedRegion(tx: Tx, actor: Actor, code: string | undefined) {
  if (!code) {
    const root = actor.scope.root;
    const [r] = await rows<{ code: string; path: string; level: string; name: string }>(tx, sql`select code, path::text as path, level, name from regions where path = ${root}::ltree`);
    if (!r) throw badRequest('REGION_REQUIRED', '请指定区域', 'A region is required');
    return r;
  }
  const r = await regionPath(tx, code);
  if (!pathVisible(actor.scope, r.path)) throw forbidden(`区域「${r.name}」超出您的数据范围`, 'The region is outside your scope');
  return { code, ...r };
}

// =============================================================================================
// Schemes and catalogs

async function itemsOf(tx: Tx, schemeId: number): Promise<ItemRow[]> {
  return tx.select().from(ptsItems).where(eq(ptsItems.schemeId, schemeId)).orderBy(asc(ptsItems.sort), asc(ptsItems.id));
}

async function snapshot(tx: Tx, actor: Actor, s: SchemeRow, note: string) {
  const items = (await itemsOf(tx, s.id)).map(itemView);
  await tx.insert(ptsSchemeVersions).values({ schemeId: s.id, version: s.version, countyCode: s.countyCode, path: s.path, items, settings: s.settings as object, note, createdByName: actor.displayName });
}

export async function listSchemes(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const list = (await tx.select().from(ptsSchemes).where(eq(ptsSchemes.countyCode, actor.countyCode)).orderBy(asc(ptsSchemes.id))) as SchemeRow[];
    const counts = await rows<{ scheme_id: number; n: unknown }>(tx, sql`select scheme_id, count(*) as n from pts_items where active group by scheme_id`);
    const byId = new Map(counts.map((c) => [c.scheme_id, num(c.n)]));
    return list.map((s) => schemeView(s, byId.get(s.id)));
  });
}

export async function getScheme(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, id);
    const items = (await itemsOf(tx, id)).map(itemView);
    return { ...schemeView(s, items.filter((i) => i.active).length), items };
  });
}

export async function listSchemeVersions(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    await schemeById(tx, id);
    const list = await tx.select().from(ptsSchemeVersions).where(eq(ptsSchemeVersions.schemeId, id)).orderBy(desc(ptsSchemeVersions.version));
    return list.map((v) => ({ version: v.version, note: v.note, createdByName: v.createdByName, createdAt: v.createdAt.toISOString(), items: v.items as ItemView[], settings: v.settings as Record<string, unknown> }));
  });
}

export function validateSettings(kind: SchemeKind, settings: unknown): string[] {
  if (kind === 'cadre') return validateCadreSettings(settings as CadreSettings);
  if (kind === 'fortress') return validateFortressSettings(settings as FortressSettings);
  if (kind === 'household') return validateHouseholdSettings(settings as HouseholdSettings);
  return [];
}

export interface SchemePatch {
  name?: string;
  description?: string;
  noticeDays?: number;
  pointValueCents?: number;
  settings?: Record<string, unknown>;
  active?: boolean;
  note?: string;
}

async function bumpVersion(tx: Tx, s: SchemeRow, set: Partial<typeof ptsSchemes.$inferInsert> = {}): Promise<SchemeRow> {
  const [next] = await tx.update(ptsSchemes).set({ ...set, version: s.version + 1, updatedAt: new Date() }).where(and(eq(ptsSchemes.id, s.id), eq(ptsSchemes.version, s.version))).returning();
  if (!next) throw conflict('CONCURRENT_UPDATE', '方案刚被他人修改，请刷新后重试', 'The scheme changed meanwhile');
  return next as SchemeRow;
}

export async function updateScheme(db: Db, actor: Actor, id: number, patch: SchemePatch) {
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, id);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分方案由上级配置，您只能查看', 'The scheme is configured above your scope');
    if (patch.settings) {
      const merged = { ...(s.settings as object), ...patch.settings };
      const problems = validateSettings(s.kind, merged);
      if (problems.length) throw unprocessable('INVALID_SETTINGS', `方案设置不合理：${problems.join('；')}`, 'Invalid scheme settings');
      patch.settings = merged;
    }
    const { note, ...set } = patch;
    const next = await bumpVersion(tx, s, set);
    await snapshot(tx, actor, next, note ?? '修改方案设置');
    await audit(tx, actor, { action: 'points.scheme.update', entity: 'points_scheme', entityId: id, path: s.path, before: schemeView(s), after: schemeView(next) });
    return schemeView(next);
  });
}

export interface ItemInput {
  code: string;
  name: string;
  description?: string;
  category: ItemCategory;
  points: number;
  minPoints?: number | null;
  maxPoints?: number | null;
  cap?: number | null;
  capPeriod?: PeriodKind | null;
  evidenceRequired?: boolean;
  proposePermission?: string;
  approvePermission?: string;
  veto?: boolean;
  zeroing?: boolean;
  sector?: string | null;
  sort?: number;
  active?: boolean;
}

function checkItem(kind: SchemeKind, it: ItemInput) {
  const problems = validateItem(kind, { ...it, veto: it.veto ?? it.category === 'veto', zeroing: it.zeroing ?? it.category === 'zeroing' });
  if (problems.length) throw unprocessable('INVALID_ITEM', `细则不合理：${problems.join('；')}`, 'Invalid item');
  for (const p of [it.proposePermission, it.approvePermission]) {
    if (p !== undefined && !p.startsWith('points:')) throw unprocessable('INVALID_ITEM', `细则的申报、审核权限须为积分权限（points:…），而不是「${p}」`, 'Item permissions must be points permissions');
  }
}

export async function addItem(db: Db, actor: Actor, schemeId: number, input: ItemInput & { note?: string }) {
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, schemeId);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分方案由上级配置，您只能查看', 'The scheme is configured above your scope');
    checkItem(s.kind, input);
    const [dup] = await tx.select({ id: ptsItems.id }).from(ptsItems).where(and(eq(ptsItems.schemeId, schemeId), eq(ptsItems.code, input.code)));
    if (dup) throw conflict('DUPLICATE_ITEM', `细则代码「${input.code}」已存在`, 'Item code exists');
    const next = await bumpVersion(tx, s);
    const { note, ...values } = input;
    const [row] = await tx.insert(ptsItems).values({ ...values, veto: input.veto ?? input.category === 'veto', zeroing: input.zeroing ?? input.category === 'zeroing', countyCode: s.countyCode, path: s.path, schemeId, version: next.version }).returning();
    await snapshot(tx, actor, next, note ?? `新增细则「${input.name}」`);
    await audit(tx, actor, { action: 'points.item.create', entity: 'points_item', entityId: row.id, path: s.path, after: itemView(row) });
    return itemView(row);
  });
}

export async function updateItem(db: Db, actor: Actor, schemeId: number, itemId: number, patch: Partial<Omit<ItemInput, 'code'>> & { note?: string }) {
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, schemeId);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分方案由上级配置，您只能查看', 'The scheme is configured above your scope');
    const [before] = await tx.select().from(ptsItems).where(and(eq(ptsItems.id, itemId), eq(ptsItems.schemeId, schemeId)));
    if (!before) throw notFound('积分细则', 'Item');
    const { note, ...set } = patch;
    const merged: ItemInput = { ...itemView(before), ...set } as ItemInput;
    checkItem(s.kind, merged);
    const next = await bumpVersion(tx, s);
    const [row] = await tx.update(ptsItems).set({ ...set, version: next.version }).where(eq(ptsItems.id, itemId)).returning();
    await snapshot(tx, actor, next, note ?? `修改细则「${row.name}」`);
    await audit(tx, actor, { action: 'points.item.update', entity: 'points_item', entityId: itemId, path: s.path, before: itemView(before), after: itemView(row) });
    return itemView(row);
  });
}

/** Creates the four default schemes for the actor's county (those missing). */
export async function setupDefaultSchemes(tx: Tx, actor: Actor): Promise<SchemeRow[]> {
  const county = actor.countyCode;
  const path = `c${county}`;
  const created: SchemeRow[] = [];
  for (const d of DEFAULT_SCHEMES) {
    const [exists] = await tx.select({ id: ptsSchemes.id }).from(ptsSchemes).where(and(eq(ptsSchemes.countyCode, county), eq(ptsSchemes.code, d.code)));
    if (exists) continue;
    const [s] = (await tx.insert(ptsSchemes).values({ countyCode: county, path, code: d.code, kind: d.kind, name: d.name, description: d.description, noticeDays: d.noticeDays, pointValueCents: d.pointValueCents, settings: d.settings, version: 1 }).returning()) as SchemeRow[];
    await tx.insert(ptsItems).values(d.items.map((it: DefaultItem, i) => ({
      countyCode: county, path, schemeId: s.id, code: it.code, name: it.name, description: it.description ?? '', category: it.category, points: it.points,
      minPoints: it.minPoints ?? null, maxPoints: it.maxPoints ?? null, cap: it.cap ?? null, capPeriod: it.capPeriod ?? null, evidenceRequired: it.evidenceRequired ?? false,
      proposePermission: it.proposePermission ?? 'points:propose', approvePermission: it.approvePermission ?? 'points:approve', veto: it.veto ?? false, zeroing: it.zeroing ?? false,
      sector: it.sector ?? null, sort: i, version: 1,
    })));
    await snapshot(tx, actor, s, '初始方案');
    await audit(tx, actor, { action: 'points.scheme.setup', entity: 'points_scheme', entityId: s.id, path, after: { code: d.code, items: d.items.length } });
    created.push(s);
  }
  return created;
}

export async function setupSchemes(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    if (actor.scope.kind !== 'all') throw forbidden('只有全县范围的管理员可以初始化积分方案', 'Only a county-wide administrator can set up schemes');
    const created = await setupDefaultSchemes(tx, actor);
    return { created: created.map((s) => schemeView(s)) };
  });
}

// =============================================================================================
// Accounts

export interface OwnerInput {
  ownerKind: OwnerKind;
  ownerId: number;
  path: string;
  label: string;
  groupKey?: string | null;
  sector?: string | null;
  attrs?: Record<string, unknown>;
}

/** Opens accounts that do not exist yet (for seeding, the open-accounts use case and other modules). */
export async function ensureAccounts(tx: Tx, countyCode: string, schemeId: number, owners: OwnerInput[]): Promise<{ opened: number; existing: number }> {
  const rowsIn = owners.map((o) => ({ countyCode, path: o.path, schemeId, ownerKind: o.ownerKind, ownerId: o.ownerId, label: o.label, groupKey: o.groupKey ?? null, sector: o.sector ?? null, attrs: o.attrs ?? {} }));
  const opened = (await insertRows(tx, ptsAccounts, rowsIn, { onConflictDoNothing: true, returningId: true })).length;
  return { opened, existing: owners.length - opened };
}

const householdPathOf = (groupPath: string, householdCode: string) => `${groupPath}.h${householdCode.slice(15)}`;

/**
 * Who a scheme scores inside a region, read through the owning modules' exported functions and
 * the actor's scope: households, party members with their branch, village party organizations,
 * or village cadres. A household's path is its group path + '.h' + the sequence of its code.
 */
export async function ownersInRegion(db: Db, actor: Actor, kind: SchemeKind, regionCode: string, cadreSettings?: CadreSettings): Promise<OwnerInput[]> {
  const BIG = 1_000_000;
  const owners: OwnerInput[] = [];
  const groupPaths = async (codes: string[]) => withScope(db, actor, (tx) => regionPathsByCode(tx, codes));
  if (kind === 'household') {
    const list = (await listHouseholds(db, actor, { region: regionCode, page: 1, pageSize: BIG })).items;
    const paths = await groupPaths(list.map((h) => h.regionCode));
    for (const h of list) {
      const g = paths.get(h.regionCode);
      if (!g) continue;
      owners.push({ ownerKind: 'household', ownerId: h.id, path: householdPathOf(g.path, h.code), label: `${h.headName ?? '（未登记户主）'}户`, attrs: { code: h.code, address: h.address } });
    }
    return owners;
  }
  const orgs = (await listPartyOrgs(db, actor, { region: regionCode, page: 1, pageSize: BIG })).items.filter((o) => o.kind !== 'grid_group');
  if (kind === 'fortress') {
    // Village (community) party organizations and the branches below them; the sector follows
    // the village: a residents' committee's are community organizations.
    const paths = await groupPaths(orgs.map((o) => o.regionCode));
    const villageKinds = new Map<string, string>();
    for (const townCode of new Set(orgs.filter((o) => o.regionCode.length >= 12).map((o) => o.regionCode.slice(0, 9)))) {
      for (const v of await listChildren(db, actor, townCode).catch(() => [])) villageKinds.set(v.code, v.kind);
    }
    for (const o of orgs) {
      const p = paths.get(o.regionCode);
      if (!p || (p.level !== 'village' && p.level !== 'natural_village')) continue;
      const sector = villageKinds.get(o.regionCode.slice(0, 12)) === 'residents_committee' ? 'community' : 'village';
      owners.push({ ownerKind: 'branch', ownerId: o.id, path: p.path, label: o.name, sector, attrs: { regionName: o.regionName, kind: o.kind } });
    }
    return owners;
  }
  if (kind === 'pioneer') {
    // A member's ranking group is the deepest organization (branch) they belong to.
    const orgPaths = await groupPaths(orgs.map((o) => o.regionCode));
    const memberships: { org: (typeof orgs)[number]; depth: number; members: Awaited<ReturnType<typeof listPartyOrgMembers>>['items'] }[] = [];
    for (const o of orgs) {
      const depth = orgPaths.get(o.regionCode)?.path.split('.').length ?? 0;
      if (o.memberCount > 0) memberships.push({ org: o, depth, members: (await listPartyOrgMembers(db, actor, o.id, 1, BIG)).items });
    }
    const gp = await groupPaths(memberships.flatMap((m) => m.members.map((p) => p.regionCode)));
    const seen = new Map<number, OwnerInput & { depth: number }>();
    for (const { org, depth, members } of memberships) {
      for (const m of members) {
        const g = gp.get(m.regionCode);
        if (!g) continue;
        const prev = seen.get(m.id);
        if (prev && prev.depth >= depth) continue;
        seen.set(m.id, { ownerKind: 'party_member', ownerId: m.id, path: m.householdCode ? householdPathOf(g.path, m.householdCode) : g.path, label: m.name, groupKey: String(org.id), attrs: { branch: org.name }, depth });
      }
    }
    return [...seen.values()].map(({ depth: _depth, ...o }) => o);
  }
  // cadre: the village (community) cadres serving in the region; the account sits at their village.
  const list = (await listPersons(db, actor, { region: regionCode, role: 'village_cadre', page: 1, pageSize: BIG })).items;
  const gp = await groupPaths(list.map((p) => p.regionCode));
  const settings = cadreSettings;
  for (const p of list) {
    const g = gp.get(p.regionCode);
    if (!g) continue;
    const village = g.path.split('.').slice(0, 3).join('.');
    const secretary = p.roles.includes('village_secretary');
    owners.push({
      ownerKind: 'cadre', ownerId: p.id, path: village, label: p.name,
      attrs: { post: secretary ? '书记' : '村（社区）干部', serviceStart: null, retireOn: settings ? retirementDate(p.birthDate, p.sex, settings) : null, birthDate: p.birthDate, sex: p.sex },
    });
  }
  return owners;
}

export async function openAccountsInRegion(db: Db, actor: Actor, input: { schemeId: number; regionCode: string }) {
  const { scheme, region } = await withScope(db, actor, async (tx) => ({ scheme: await schemeById(tx, input.schemeId), region: await scopedRegion(tx, actor, input.regionCode) }));
  if (!pathVisible(actor.scope, region.path)) throw forbidden('区域超出您的数据范围', 'Region outside scope');
  const owners = await ownersInRegion(db, actor, scheme.kind, input.regionCode, scheme.kind === 'cadre' ? (scheme.settings as CadreSettings) : undefined);
  return withScope(db, actor, async (tx) => {
    const r = await ensureAccounts(tx, actor.countyCode, scheme.id, owners.filter((o) => o.path.startsWith(scheme.path)));
    await audit(tx, actor, { action: 'points.accounts.open', entity: 'points_scheme', entityId: scheme.id, path: region.path, after: { region: input.regionCode, ...r } });
    return r;
  });
}

export interface AccountPatch {
  serviceStart?: string | null;
  retireOn?: string | null;
  sector?: string | null;
  active?: boolean;
}

export async function updateAccount(db: Db, actor: Actor, id: number, patch: AccountPatch) {
  for (const d of [patch.serviceStart, patch.retireOn]) if (d && !isDate(d)) throw badRequest('BAD_DATE', '日期格式应为 YYYY-MM-DD', 'Malformed date');
  return withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, id));
    if (!a) throw notFound('积分账户', 'Account');
    if ((patch.serviceStart !== undefined || patch.retireOn !== undefined) && a.ownerKind !== 'cadre') throw badRequest('NOT_A_CADRE', '任职起始日和退职日期只适用于干部积分账户', 'Only cadre accounts have service dates');
    const attrs = { ...(a.attrs as object) } as Record<string, unknown>;
    if (patch.serviceStart !== undefined) attrs.serviceStart = patch.serviceStart;
    if (patch.retireOn !== undefined) attrs.retireOn = patch.retireOn;
    if (attrs.serviceStart && attrs.retireOn && String(attrs.retireOn) <= String(attrs.serviceStart)) throw unprocessable('BAD_DATES', '退职日期应晚于任职起始日', 'Retirement must follow the start of service');
    const set: Partial<typeof ptsAccounts.$inferInsert> = { attrs };
    if (patch.sector !== undefined) set.sector = patch.sector;
    if (patch.active !== undefined) set.active = patch.active;
    const [row] = await tx.update(ptsAccounts).set(set).where(eq(ptsAccounts.id, id)).returning();
    await audit(tx, actor, { action: 'points.account.update', entity: 'points_account', entityId: id, path: a.path, before: { attrs: a.attrs, sector: a.sector, active: a.active }, after: { attrs: row.attrs, sector: row.sector, active: row.active } });
    return accountView(row);
  });
}

function accountView(a: AccountRow) {
  return {
    id: a.id,
    schemeId: a.schemeId,
    ownerKind: a.ownerKind as OwnerKind,
    ownerKindLabel: OWNER_KIND_LABELS[a.ownerKind as OwnerKind],
    ownerId: a.ownerId,
    label: a.label,
    groupKey: a.groupKey,
    sector: a.sector,
    attrs: a.attrs as Record<string, unknown>,
    earned: a.earned,
    spent: a.spent,
    available: a.available,
    active: a.active,
  };
}
export type AccountView = ReturnType<typeof accountView>;

export interface AccountFilter {
  schemeId: number;
  region?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listAccounts(db: Db, actor: Actor, f: AccountFilter) {
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, f.schemeId);
    const conds: SQL[] = [eq(ptsAccounts.schemeId, s.id)];
    if (f.region) conds.push(sql`${ptsAccounts.path} <@ ${(await regionPath(tx, f.region)).path}::ltree`);
    if (f.q) conds.push(sql`${ptsAccounts.label} like ${'%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(ptsAccounts).where(where);
    const today = chinaDate();
    const list = await tx.select().from(ptsAccounts).where(where).orderBy(asc(ptsAccounts.path), asc(ptsAccounts.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const ids = list.map((a) => a.id);
    const bal = ids.length
      ? await rows<{ account_id: number; period_key: string; points: unknown }>(tx, sql`select account_id, period_key, points from pts_balances
          where county_code = ${actor.countyCode} and scheme_id = ${s.id} and period_key in (${monthKey(today)}, ${yearKey(today)}) and account_id = any(${idArray(ids)}::int[])`)
      : [];
    const pick = (id: number, key: string) => num(bal.find((b) => b.account_id === id && b.period_key === key)?.points);
    return {
      items: list.map((a) => ({ ...accountView(a), monthPoints: pick(a.id, monthKey(today)), yearPoints: pick(a.id, yearKey(today)) })),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}

/** The actor's own accounts: their household's civility points, their pioneer index, their cadre points. */
export async function myAccounts(db: Db, actor: Actor) {
  if (actor.personId === null) return [];
  const householdId = await getPerson(db, actor, actor.personId).then((p) => p.householdId, () => null);
  return withScope(db, actor, async (tx) => {
    const list = await rows<AccountRow & { scheme_name: string; scheme_kind: SchemeKind }>(tx, sql`
      select a.id, a.scheme_id as "schemeId", a.owner_kind as "ownerKind", a.owner_id as "ownerId", a.label, a.group_key as "groupKey", a.sector, a.attrs,
             a.earned, a.spent, a.available, a.active, s.name as scheme_name, s.kind as scheme_kind
        from pts_accounts a join pts_schemes s on s.id = a.scheme_id
       where a.county_code = ${actor.countyCode}
         and ((a.owner_kind in ('cadre', 'party_member') and a.owner_id = ${actor.personId}) or (a.owner_kind = 'household' and a.owner_id = ${householdId ?? -1}))
       order by s.id`);
    return list.map((a) => ({ ...accountView({ ...a, earned: num(a.earned), spent: num(a.spent), available: num(a.available) }), schemeName: a.scheme_name, schemeKind: a.scheme_kind }));
  });
}

async function accountById(tx: Tx, id: number): Promise<AccountRow> {
  const [a] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, id));
  if (!a) throw notFound('积分账户', 'Points account');
  return a;
}

/**
 * An account's rank among the balances of a period in its village, town and branch. Through a
 * database function: a household sees where it stands without seeing the other households.
 */
async function rankIn(tx: Tx, county: string, schemeId: number, periodKey: string, accountId: number) {
  const [r] = await rows<{ points: unknown; village_rank: unknown; village_count: unknown; town_rank: unknown; town_count: unknown; group_rank: unknown; group_count: unknown }>(tx,
    sql`select * from pts_rank_of(${county}, ${schemeId}, ${periodKey}, ${accountId})`);
  if (!r) return null;
  return {
    points: num(r.points), village: num(r.village_rank), villageOf: num(r.village_count), town: num(r.town_rank), townOf: num(r.town_count),
    group: r.group_count === null ? null : num(r.group_rank), groupOf: r.group_count === null ? null : num(r.group_count),
  };
}

export async function getAccount(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const a = await accountById(tx, id);
    const s = await schemeById(tx, a.schemeId);
    const today = chinaDate();
    const balances = await rows<{ period_key: string; points: unknown; raw_points: unknown; plus: unknown; minus: unknown; postings: number; vetoes: number; zeroings: number; rank_village: number | null; rank_town: number | null; rank_group: number | null }>(tx, sql`
      select period_key, points, raw_points, plus, minus, postings, vetoes, zeroings, rank_village, rank_town, rank_group from pts_balances
       where county_code = ${a.countyCode} and scheme_id = ${a.schemeId} and account_id = ${a.id} order by period_key desc`);
    const periods = balances.map((b) => ({ periodKey: b.period_key, label: periodLabel(b.period_key), points: num(b.points), rawPoints: num(b.raw_points), plus: num(b.plus), minus: num(b.minus), postings: b.postings, vetoes: b.vetoes, zeroed: b.zeroings > 0, frozenRank: { village: b.rank_village, town: b.rank_town, group: b.rank_group } }));
    const month = await rankIn(tx, a.countyCode, a.schemeId, monthKey(today), a.id);
    const year = await rankIn(tx, a.countyCode, a.schemeId, yearKey(today), a.id);
    const summary: Record<string, unknown> = {};
    if (s.kind === 'fortress') {
      const y = balances.find((b) => b.period_key === yearKey(today));
      summary.fortress = fortressRating(num(y?.points), y?.vetoes ?? 0, s.settings as FortressSettings);
      summary.years = balances.filter((b) => /^\d{4}$/.test(b.period_key)).map((b) => ({ year: b.period_key, ...fortressRating(num(b.points), b.vetoes, s.settings as FortressSettings) }));
    }
    if (s.kind === 'cadre') summary.cadre = await cadreSummary(tx, s, a, today);
    return { ...accountView(a), scheme: schemeView(s), periods, ranks: { month: month && { periodKey: monthKey(today), ...month }, year: year && { periodKey: yearKey(today), ...year } }, summary };
  });
}

async function cadreSummary(tx: Tx, s: SchemeRow, a: AccountRow, today: string) {
  const settings = s.settings as CadreSettings;
  const [seniority] = await tx.select({ points: ptsItems.points }).from(ptsItems).where(and(eq(ptsItems.schemeId, s.id), eq(ptsItems.code, settings.seniorityItem)));
  const perf = await rows<{ y: string; total: unknown }>(tx, sql`select to_char(occurred_on, 'YYYY') as y, sum(points) as total from pts_postings
     where county_code = ${a.countyCode} and account_id = ${a.id} and state = 'effective' and item_code = ${settings.performanceItem} group by 1`);
  const byCategory = await rows<{ category: string; total: unknown }>(tx, sql`select category, sum(points) as total from pts_postings
     where county_code = ${a.countyCode} and account_id = ${a.id} and state = 'effective' group by category`);
  const performancePerYear = perf.length ? perf.reduce((x, r) => x + num(r.total), 0) / perf.length : settings.defaultPerformance;
  const attrs = a.attrs as { serviceStart?: string | null; retireOn?: string | null };
  const projection = projectCadre({ total: a.earned, today, retireOn: attrs.retireOn ?? null, seniorityPerYear: seniority?.points ?? 0, performancePerYear, tiers: settings.tiers });
  return {
    ...projection,
    serviceStart: attrs.serviceStart ?? null,
    retireOn: attrs.retireOn ?? null,
    serviceYears: attrs.serviceStart ? completedYears(attrs.serviceStart, today) : null,
    byCategory: Object.fromEntries(byCategory.map((c) => [c.category, num(c.total)])),
    tiers: settings.tiers,
  };
}

/** The passbook: every effective posting, redemption and refund with the running balance. */
export async function getPassbook(db: Db, actor: Actor, accountId: number, page: number, pageSize: number) {
  return withScope(db, actor, async (tx) => {
    const a = await accountById(tx, accountId);
    const movements = sql`
      select 'posting' as kind, p.id, p.effective_at as at, p.points as amount, p.item_name as title, p.category as detail, p.occurred_on::text as occurred_on, p.evidence
        from pts_postings p where p.county_code = ${a.countyCode} and p.account_id = ${a.id} and p.state = 'effective'
      union all
      select 'redemption', r.id, r.placed_at, -r.points, r.product_name, r.quantity::text || '件', (r.placed_at at time zone 'Asia/Shanghai')::date::text, '{}'::jsonb
        from pts_redemptions r where r.county_code = ${a.countyCode} and r.account_id = ${a.id}
      union all
      select 'refund', r.id, r.cancelled_at, r.points, r.product_name, coalesce(r.cancel_reason, ''), (r.cancelled_at at time zone 'Asia/Shanghai')::date::text, '{}'::jsonb
        from pts_redemptions r where r.county_code = ${a.countyCode} and r.account_id = ${a.id} and r.status = 'cancelled'`;
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total from (${movements}) m`);
    const list = await rows<{ kind: string; id: unknown; at: Date | string; amount: unknown; title: string; detail: string; occurred_on: string; evidence: Evidence; balance: unknown }>(tx, sql`
      select * from (select m.*, sum(m.amount) over (order by m.at, m.kind, m.id rows unbounded preceding) as balance from (${movements}) m) x
       order by x.at desc, x.kind desc, x.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`);
    return {
      account: accountView(a),
      items: list.map((m) => ({
        kind: m.kind as 'posting' | 'redemption' | 'refund',
        id: num(m.id),
        at: new Date(m.at).toISOString(),
        occurredOn: m.occurred_on,
        amount: num(m.amount),
        title: m.title,
        detail: m.kind === 'posting' ? CATEGORY_LABELS[m.detail as ItemCategory] ?? m.detail : m.detail,
        evidenceText: m.evidence?.text ?? null,
        balance: num(m.balance),
      })),
      total: num(total),
      page,
      pageSize,
    };
  });
}

// =============================================================================================
// Postings

export interface PostingView {
  id: number;
  schemeId: number;
  schemeVersion: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  category: string;
  categoryLabel: string;
  accountId: number;
  accountLabel: string;
  ownerKind: string;
  points: number;
  occurredOn: string;
  state: PostingState;
  stateLabel: string;
  source: PostingSource;
  reversesId: number | null;
  reversedById: number | null;
  isVeto: boolean;
  isZeroing: boolean;
  evidence: Evidence;
  note: string;
  proposedByName: string;
  proposedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  noticedAt: string | null;
  noticeUntil: string | null;
  effectiveAt: string | null;
  rejectedReason: string | null;
  openObjections: number;
}

const postingSelect = sql`
  select p.*, a.label as account_label, a.owner_kind,
    (select r.id from pts_postings r where r.county_code = p.county_code and r.reverses_id = p.id) as reversed_by_id,
    (select count(*) from pts_objections o where o.county_code = p.county_code and o.target_kind = 'posting' and o.target_id = p.id and o.status = 'open') as open_objections
  from pts_postings p left join pts_accounts a on a.id = p.account_id`;

type RawPosting = Record<string, unknown> & { id: unknown; points: unknown; state: PostingState; source: PostingSource };

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function postingView(r: RawPosting): PostingView {
  return {
    id: num(r.id),
    schemeId: r.scheme_id as number,
    schemeVersion: r.scheme_version as number,
    itemId: r.item_id as number,
    itemCode: r.item_code as string,
    itemName: r.item_name as string,
    category: r.category as string,
    categoryLabel: CATEGORY_LABELS[r.category as ItemCategory] ?? (r.category as string),
    accountId: r.account_id as number,
    accountLabel: (r.account_label as string | null) ?? '（账户不在您的范围内）',
    ownerKind: (r.owner_kind as string | null) ?? '',
    points: num(r.points),
    occurredOn: typeof r.occurred_on === 'string' ? r.occurred_on : new Date(r.occurred_on as Date).toISOString().slice(0, 10),
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    source: r.source,
    reversesId: r.reverses_id === null ? null : num(r.reverses_id),
    reversedById: r.reversed_by_id === null || r.reversed_by_id === undefined ? null : num(r.reversed_by_id),
    isVeto: r.is_veto as boolean,
    isZeroing: r.is_zeroing as boolean,
    evidence: (r.evidence ?? {}) as Evidence,
    note: r.note as string,
    proposedByName: r.proposed_by_name as string,
    proposedAt: iso(r.proposed_at)!,
    decidedByName: (r.decided_by_name as string | null) ?? null,
    decidedAt: iso(r.decided_at),
    noticedAt: iso(r.noticed_at),
    noticeUntil: iso(r.notice_until),
    effectiveAt: iso(r.effective_at),
    rejectedReason: (r.rejected_reason as string | null) ?? null,
    openObjections: num(r.open_objections),
  };
}

async function postingsByIds(tx: Tx, county: string, ids: number[]): Promise<PostingView[]> {
  if (ids.length === 0) return [];
  const list = await rows<RawPosting>(tx, sql`${postingSelect} where p.county_code = ${county} and p.id = any(${idArray(ids)}::bigint[]) order by p.id`);
  return list.map(postingView);
}

export interface ProposeInput {
  accountId: number;
  itemId?: number;
  itemCode?: string;
  points?: number | null;
  occurredOn?: string;
  evidence?: Evidence;
  note?: string;
}

/**
 * The account (under row-level security), its scheme, the item and the scheme's closed periods
 * in one statement; the same answers, in the same order of precedence, as accountById,
 * schemeById, the item by id or code and closedKeys one after the other (four round trips, each planned with the
 * scope's policies, were a quarter of a proposal's statements).
 */
async function proposalContext(tx: Tx, county: string, input: { accountId: number; itemId?: number; itemCode?: string }) {
  const itemMatch = input.itemId ? eq(ptsItems.id, input.itemId) : input.itemCode ? eq(ptsItems.code, input.itemCode) : sql`false`;
  const [r] = await tx.select({
    account: ptsAccounts,
    scheme: ptsSchemes,
    item: ptsItems,
    closed: sql<string[] | null>`(select array_agg(pp.key) from ${ptsPeriods} pp where pp.county_code = ${county} and pp.scheme_id = ${ptsSchemes.id})`,
  }).from(ptsAccounts)
    .leftJoin(ptsSchemes, eq(ptsSchemes.id, ptsAccounts.schemeId))
    .leftJoin(ptsItems, and(eq(ptsItems.schemeId, ptsSchemes.id), itemMatch))
    .where(eq(ptsAccounts.id, input.accountId));
  if (!r) throw notFound('积分账户', 'Points account');
  if (!r.scheme) throw notFound('积分方案', 'Points scheme');
  if (!input.itemId && !input.itemCode) throw badRequest('ITEM_REQUIRED', '请选择积分细则', 'itemId or itemCode is required');
  if (!r.item) throw notFound('该方案下的积分细则', 'Item of this scheme');
  const closed = Array.isArray(r.closed) ? r.closed : typeof r.closed === 'string' ? parsePgTextArray(r.closed) : [];
  return { account: r.account, scheme: r.scheme as SchemeRow, item: r.item, closed: new Set(closed) };
}

/** A text[] as the driver may return it unparsed ("{2026-01,2026-02}"); period keys need no quoting. */
const parsePgTextArray = (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',').map((x) => x.replace(/^"|"$/g, '')));

/** A user proposes a posting with evidence; it waits for approval. */
export async function proposePosting(db: Db, actor: Actor, input: ProposeInput, idempotencyKey?: string) {
  // One statement in autocommit (xz_pts_propose, migration 0024) when the cached catalog admits the
  // posting; every refusal, and whatever the function cannot confirm, takes the transaction below.
  const fast = await proposeOnce(db, actor, input, idempotencyKey);
  if (fast) return fast;
  return proposeInTransaction(db, actor, input, idempotencyKey);
}

/** The proposal as one transaction of statements under row-level security (the path of before 0024). */
async function proposeInTransaction(db: Db, actor: Actor, input: ProposeInput, idempotencyKey?: string) {
  return withScope(db, actor, async (tx) => {
    let path = '';
    const out = await onceForKey<PostingView | StoredProposal>(tx, actor.userId, idempotencyKey, requestFingerprint('POST /api/points/postings', input), async () => {
      const { account, scheme, item, closed } = await proposalContext(tx, actor.countyCode, input);
      path = account.path;
      const [r] = await insertPostings(tx, actor, [{
        account, scheme, item, points: input.points, occurredOn: input.occurredOn ?? chinaDate(), evidence: cleanEvidence(input.evidence), note: input.note?.trim() ?? '',
        source: 'manual', state: 'proposed', checkPermission: true,
      }], { strict: true, closed: new Map([[scheme.id, closed]]) });
      // The row as written, built as xz_pts_propose builds it: both paths store, audit and answer the same form.
      const [{ row }] = await rows<{ row: RawPosting | string }>(tx, sql`
        select to_jsonb(p) || jsonb_build_object('account_label', a.label, 'owner_kind', a.owner_kind, 'reversed_by_id', null, 'open_objections', 0) as row
          from pts_postings p left join pts_accounts a on a.id = p.account_id where p.county_code = ${actor.countyCode} and p.id = ${r.id!}`);
      const stored: StoredProposal = { v: 2, row: typeof row === 'string' ? (JSON.parse(row) as RawPosting) : row };
      await emit(tx, actor, 'points.posting.proposed', account.path, { id: r.id!, schemeId: scheme.id, points: num(stored.row.points) });
      return stored;
    });
    // The audit record is the transaction's last write: an append holds its audit chain's lock until
    // commit, so everything else is done before another writer can wait on that chain.
    if (!out.replayed) {
      const after = 'v' in out.body && out.body.v === 2 ? out.body.row : out.body;
      await audit(tx, actor, { action: 'points.posting.propose', entity: 'points_posting', entityId: num((after as { id: unknown }).id), path, after });
    }
    return { posting: storedView(out.body), replayed: out.replayed };
  });
}

/** What both paths store for a retry: the row as written (an answer stored before this form is the view itself). */
type StoredProposal = { v: 2; row: RawPosting };
function storedView(body: PostingView | StoredProposal): PostingView {
  return body && typeof body === 'object' && 'v' in body && body.v === 2 ? postingView(body.row) : (body as PostingView);
}

// The county's schemes and items as proposals admit with: cached per process, and checked by
// xz_pts_propose (scheme version, item version, both active) before it writes anything.
interface ProposalCatalog {
  schemes: Map<number, SchemeRow>;
  items: ItemRow[];
}
const catalogs = countyCache<ProposalCatalog>(60_000, async (db, countyCode) => {
  const [schemes, items] = await Promise.all([
    db.select().from(ptsSchemes).where(eq(ptsSchemes.countyCode, countyCode)),
    db.select().from(ptsItems).innerJoin(ptsSchemes, eq(ptsSchemes.id, ptsItems.schemeId)).where(eq(ptsSchemes.countyCode, countyCode)),
  ]);
  return { schemes: new Map(schemes.map((s) => [s.id, s as SchemeRow])), items: items.map((r) => r.pts_items) };
});
const proposalCatalog = (db: Db, countyCode: string) => catalogs.get(db, countyCode);
const forgetCatalog = (db: Db, countyCode: string) => catalogs.forget(db, countyCode);

/** Whether an error (or one of its causes) is a 'xz:RECHECK:…' raised by xz_pts_propose. */
function recheckOf(err: unknown): string | null {
  for (let e = err as { message?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    const m = /xz:RECHECK:([A-Z_]+)/.exec(e.message ?? '');
    if (m) return m[1];
  }
  return null;
}

/**
 * The proposal in one call of xz_pts_propose. The rules of admitPosting are applied here, against
 * the cached catalog, once for every scheme of the county holding the item (the account, hence its
 * scheme, is read by the function): with the account assumed active and of the item's sector, no
 * period closed and nothing used from the cap — the function checks exactly those. Returns null
 * when the transaction path must answer (a refusal here or there, a catalog it cannot confirm).
 */
async function proposeOnce(db: Db, actor: Actor, input: ProposeInput, idempotencyKey?: string): Promise<{ posting: PostingView; replayed: boolean } | null> {
  if (!input.itemId && !input.itemCode) return null;
  const catalog = await proposalCatalog(db, actor.countyCode);
  const occurredOn = input.occurredOn ?? chinaDate();
  const evidence = cleanEvidence(input.evidence);
  const today = chinaDate();
  const candidates: Record<string, unknown> = {};
  for (const item of catalog.items) {
    if (input.itemId ? item.id !== input.itemId : item.code !== input.itemCode) continue;
    const scheme = catalog.schemes.get(item.schemeId);
    if (!scheme) continue;
    const out = admitPosting({
      schemeActive: scheme.active, schemeName: scheme.name, item: itemRule(item), accountActive: true, accountSector: item.sector,
      requestedPoints: input.points, evidence, occurredOn, today, closed: new Set(), usedInCap: 0, can: (p) => can(actor, p),
    });
    if (!out.ok) continue; // the transaction path gives the refusal, in its order of precedence
    candidates[String(scheme.id)] = {
      scheme_version: scheme.version, item_id: item.id, item_version: item.version, item_code: item.code, item_name: item.name, category: item.category,
      points: out.value.points, cap_key: out.value.capKey, cap: item.cap, sector: item.sector, is_veto: item.veto, is_zeroing: item.zeroing,
    };
  }
  if (Object.keys(candidates).length === 0) return null;
  const payload = {
    county: actor.countyCode,
    user: actor.userId,
    actor_name: actor.displayName,
    ip: actor.ip ?? null,
    scope: scopeSettings(actor.scope),
    key: idempotencyKey ?? null,
    fingerprint: requestFingerprint('POST /api/points/postings', input),
    account_id: input.accountId,
    candidates,
    period_keys: periodKeysOf(occurredOn),
    occurred_on: occurredOn,
    evidence,
    note: input.note?.trim() ?? '',
    now: new Date().toISOString(),
  };
  let answer: { outcome: 'created' | 'replayed' | 'key_reused'; result?: PostingView | StoredProposal };
  try {
    const [r] = await rows<{ r: unknown }>(db, sql`select xz_pts_propose(${JSON.stringify(payload)}::jsonb) as r`);
    answer = (typeof r.r === 'string' ? JSON.parse(r.r) : r.r) as typeof answer;
  } catch (err) {
    const reason = recheckOf(err);
    if (!reason) throw err;
    if (reason === 'CONFIG' || reason === 'SCHEME') forgetCatalog(db, actor.countyCode);
    return null;
  }
  if (answer.outcome === 'key_reused') throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个不同的请求', 'Idempotency-Key reused for a different request');
  return { posting: storedView(answer.result!), replayed: answer.outcome === 'replayed' };
}

function cleanEvidence(e: Evidence | undefined): Evidence {
  if (!e) return {};
  const out: Evidence = {};
  if (e.text?.trim()) out.text = e.text.trim();
  if (e.links?.length) out.links = e.links.map((l) => ({ kind: l.kind, ref: l.ref.trim(), ...(l.label ? { label: l.label.trim() } : {}) }));
  if (e.photos?.length) out.photos = e.photos.map((p) => p.trim()).filter(Boolean);
  return out;
}

export interface BatchResult {
  id: number;
  ok: boolean;
  code?: string;
  message?: string;
  state?: PostingState;
}

interface LockedPosting {
  id: number;
  path: string;
  state: PostingState;
  scheme_id: number;
  item_id: number;
  account_id: number;
  points: unknown;
  cap_key: string | null;
  proposed_by_user: number | null;
  source: PostingSource;
  notice_until: Date | string | null;
  owner_kind: string;
  owner_id: number;
}

async function lockPostings(tx: Tx, county: string, ids: number[]): Promise<Map<number, LockedPosting>> {
  if (ids.length === 0) return new Map();
  const list = await rows<LockedPosting & { id: unknown }>(tx, sql`
    select p.id, p.path::text as path, p.state, p.scheme_id, p.item_id, p.account_id, p.points, p.cap_key, p.proposed_by_user, p.source, p.notice_until, a.owner_kind, a.owner_id
      from pts_postings p join pts_accounts a on a.id = p.account_id
     where p.county_code = ${county} and p.id = any(${idArray(ids)}::bigint[]) and xz_visible(p.path)
     order by p.id for update of p`);
  return new Map(list.map((r) => [num(r.id), { ...r, id: num(r.id) }]));
}

/**
 * Approves or rejects postings in bulk. Each is checked on its own (state, the item's approve
 * permission, no approving one's own proposal or account); the others still go through.
 */
export async function decidePostings(db: Db, actor: Actor, input: { ids: number[]; action: 'approve' | 'reject'; reason?: string }) {
  if (input.action === 'reject' && !input.reason?.trim()) throw badRequest('REASON_REQUIRED', '驳回须填写理由', 'A reason is required to reject');
  return withScope(db, actor, async (tx) => {
    const locked = await lockPostings(tx, actor.countyCode, input.ids);
    const items = await itemsByIds(tx, [...new Set([...locked.values()].map((p) => p.item_id))]);
    const results: BatchResult[] = [];
    const logs: Parameters<typeof logTransitions>[2] = [];
    const now = new Date();
    const giveBack: Parameters<typeof addUsage>[2] = [];
    for (const id of input.ids) {
      const p = locked.get(id);
      if (!p) {
        results.push({ id, ok: false, code: 'NOT_FOUND', message: '积分记录不存在或不在您的数据范围内' });
        continue;
      }
      const item = items.get(p.item_id)!;
      if (!can(actor, item.approvePermission)) {
        results.push({ id, ok: false, code: 'ITEM_NOT_APPROVABLE', message: `您无权审核「${item.name}」：须具有「${item.approvePermission}」权限` });
        continue;
      }
      if (input.action === 'approve' && p.source === 'manual' && p.proposed_by_user !== null && p.proposed_by_user === actor.userId) {
        results.push({ id, ok: false, code: 'SELF_APPROVAL', message: '不能审核自己申报的积分（申报与审核须为不同人员）' });
        continue;
      }
      if (input.action === 'approve' && actor.personId !== null && (p.owner_kind === 'cadre' || p.owner_kind === 'party_member') && p.owner_id === actor.personId) {
        results.push({ id, ok: false, code: 'OWN_ACCOUNT', message: '不能审核本人积分账户的积分' });
        continue;
      }
      const next = nextState(p.state, input.action);
      if (!next.ok) {
        results.push({ id, ok: false, code: next.code, message: next.message });
        continue;
      }
      const set = input.action === 'approve'
        ? { state: next.value, decidedByUser: actor.userId, decidedByName: actor.displayName, decidedAt: now }
        : { state: next.value, decidedByUser: actor.userId, decidedByName: actor.displayName, decidedAt: now, rejectedReason: input.reason!.trim() };
      await tx.update(ptsPostings).set(set).where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.id, id)));
      logs.push({ postingId: id, path: p.path, from: p.state, to: next.value, note: input.action === 'reject' ? input.reason!.trim() : '' });
      if (next.value === 'rejected' && p.cap_key) giveBack.push({ accountId: p.account_id, itemId: p.item_id, key: p.cap_key, path: p.path, delta: -Math.abs(num(p.points)) });
      await audit(tx, actor, { action: `points.posting.${input.action}`, entity: 'points_posting', entityId: id, path: p.path, before: { state: p.state }, after: { state: next.value, reason: input.reason ?? null } });
      results.push({ id, ok: true, state: next.value });
    }
    await logTransitions(tx, actor, logs);
    await addUsage(tx, actor.countyCode, giveBack);
    if (logs.length) await emit(tx, actor, `points.posting.${input.action === 'approve' ? 'approved' : 'rejected'}`, null, { ids: logs.map((l) => l.postingId) });
    return { results, done: logs.length };
  });
}

async function itemsByIds(tx: Tx, ids: number[]): Promise<Map<number, ItemRow>> {
  if (ids.length === 0) return new Map();
  const list = await tx.select().from(ptsItems).where(inArray(ptsItems.id, ids));
  return new Map(list.map((i) => [i.id, i]));
}

async function schemesByIds(tx: Tx, ids: number[]): Promise<Map<number, SchemeRow>> {
  if (ids.length === 0) return new Map();
  const list = (await tx.select().from(ptsSchemes).where(inArray(ptsSchemes.id, ids))) as SchemeRow[];
  return new Map(list.map((s) => [s.id, s]));
}

/** Publishes approved postings for public notice (公示) for the scheme's notice days; zero days: effective at once. */
export async function publishPostings(db: Db, actor: Actor, input: { ids: number[] }) {
  return withScope(db, actor, async (tx) => {
    const locked = await lockPostings(tx, actor.countyCode, input.ids);
    const schemes = await schemesByIds(tx, [...new Set([...locked.values()].map((p) => p.scheme_id))]);
    const items = await itemsByIds(tx, [...new Set([...locked.values()].map((p) => p.item_id))]);
    const results: BatchResult[] = [];
    const logs: Parameters<typeof logTransitions>[2] = [];
    const effective: number[] = [];
    const now = new Date();
    for (const id of input.ids) {
      const p = locked.get(id);
      if (!p) {
        results.push({ id, ok: false, code: 'NOT_FOUND', message: '积分记录不存在或不在您的数据范围内' });
        continue;
      }
      const item = items.get(p.item_id)!;
      if (!can(actor, item.approvePermission)) {
        results.push({ id, ok: false, code: 'ITEM_NOT_APPROVABLE', message: `您无权公示「${item.name}」：须具有「${item.approvePermission}」权限` });
        continue;
      }
      const scheme = schemes.get(p.scheme_id)!;
      const next = nextState(p.state, 'publish', { noticeDays: scheme.noticeDays });
      if (!next.ok) {
        results.push({ id, ok: false, code: next.code, message: next.message });
        continue;
      }
      const until = new Date(now.getTime() + scheme.noticeDays * 86400_000);
      await tx.update(ptsPostings).set(next.value === 'noticed' ? { state: 'noticed', noticedAt: now, noticeUntil: until } : { state: 'effective', noticedAt: now, noticeUntil: now, effectiveAt: now })
        .where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.id, id)));
      logs.push({ postingId: id, path: p.path, from: p.state, to: next.value, note: next.value === 'noticed' ? `公示 ${scheme.noticeDays} 天` : '' });
      if (next.value === 'effective') effective.push(id);
      results.push({ id, ok: true, state: next.value });
    }
    await logTransitions(tx, actor, logs);
    await applyEffective(tx, actor.countyCode, effective);
    if (logs.length) {
      await audit(tx, actor, { action: 'points.posting.publish', entity: 'points_posting', entityId: logs.map((l) => l.postingId).join(',').slice(0, 200), after: { ids: logs.map((l) => l.postingId), effective } });
      await emit(tx, actor, 'points.posting.noticed', null, { ids: logs.map((l) => l.postingId) });
    }
    return { results, done: logs.length };
  });
}

/**
 * Postings whose notice is over without an open objection become effective (in the actor's
 * scope); run from the workbench, the `points-finalize` command, or a timer.
 */
export async function finalizeDue(db: Db, actor: Actor, now = new Date()) {
  return withScope(db, actor, async (tx) => {
    const due = await rows<{ id: unknown; path: string }>(tx, sql`
      select p.id, p.path::text as path from pts_postings p
       where p.county_code = ${actor.countyCode} and p.state = 'noticed' and p.notice_until <= ${now.toISOString()}::timestamptz and xz_visible(p.path)
         and not exists (select 1 from pts_objections o where o.county_code = p.county_code and o.target_kind = 'posting' and o.target_id = p.id and o.status = 'open')
       order by p.id for update of p`);
    const ids = due.map((d) => num(d.id));
    for (let i = 0; i < ids.length; i += 5000) {
      await tx.execute(sql`update pts_postings set state = 'effective', effective_at = ${now.toISOString()}::timestamptz where county_code = ${actor.countyCode} and id = any(${idArray(ids.slice(i, i + 5000))}::bigint[])`);
    }
    await logTransitions(tx, actor, due.map((d) => ({ postingId: num(d.id), path: d.path, from: 'noticed' as const, to: 'effective' as const, note: '公示期满，无异议' })));
    await applyEffective(tx, actor.countyCode, ids);
    if (ids.length) {
      await audit(tx, actor, { action: 'points.posting.finalize', entity: 'points_posting', entityId: `${ids.length}`, after: { count: ids.length, first: ids[0], last: ids[ids.length - 1] } });
      await emit(tx, actor, 'points.posting.effective', null, { count: ids.length });
    }
    return { effective: ids.length };
  });
}

/**
 * Corrects an effective posting with a reversing one (the original stays). The reversal is
 * dated like the original, or today when the original's period is closed.
 */
export async function reversePosting(db: Db, actor: Actor, id: number, reason: string) {
  if (!reason.trim()) throw badRequest('REASON_REQUIRED', '冲正须填写理由', 'A reason is required');
  return withScope(db, actor, async (tx) => {
    const locked = await lockPostings(tx, actor.countyCode, [id]);
    const p = locked.get(id);
    if (!p) throw notFound('积分记录', 'Posting');
    const [orig] = await tx.select().from(ptsPostings).where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.id, id)));
    const item = (await itemsByIds(tx, [orig.itemId])).get(orig.itemId)!;
    if (!can(actor, item.approvePermission)) throw forbidden(`您无权冲正「${item.name}」：须具有「${item.approvePermission}」权限`, 'Not allowed to reverse this item');
    if (orig.state !== 'effective') throw conflict('STATE_CONFLICT', `只有已生效的积分可以冲正，当前为「${STATE_LABELS[orig.state as PostingState]}」（未生效的请驳回）`, 'Only effective postings can be reversed');
    if (orig.reversesId !== null) throw conflict('IS_REVERSAL', '冲正记录不能再冲正，如需恢复请重新申报', 'A reversal cannot be reversed');
    const [already] = await tx.select({ id: ptsPostings.id }).from(ptsPostings).where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.reversesId, id)));
    if (already) throw conflict('ALREADY_REVERSED', `该积分已于记录 #${already.id} 冲正`, 'Already reversed');
    const closed = (await closedKeys(tx, actor.countyCode, [orig.schemeId])).get(orig.schemeId)!;
    const today = chinaDate();
    const occurredOn = periodKeysOf(orig.occurredOn).some((k) => closed.has(k)) ? today : orig.occurredOn;
    if (periodKeysOf(occurredOn).some((k) => closed.has(k))) throw conflict('PERIOD_CLOSED', '当前期间已结账，无法冲正', 'The current period is closed');
    const now = new Date();
    const [{ id: rawId }] = await rows<{ id: unknown }>(tx, sql`select nextval(pg_get_serial_sequence('pts_postings', 'id')) as id`);
    const newId = num(rawId);
    await tx.insert(ptsPostings).values({
      countyCode: actor.countyCode, id: newId, path: orig.path, schemeId: orig.schemeId, schemeVersion: orig.schemeVersion, itemId: orig.itemId, itemCode: orig.itemCode,
      itemName: orig.itemName, category: orig.category, accountId: orig.accountId, points: -orig.points, occurredOn, capKey: orig.capKey, isVeto: orig.isVeto,
      isZeroing: orig.isZeroing, state: 'effective', source: 'reversal', reversesId: id, evidence: { text: reason.trim() }, note: `冲正 #${id}：${reason.trim()}`,
      proposedByUser: actor.userId, proposedByName: actor.displayName, proposedAt: now, decidedByUser: actor.userId, decidedByName: actor.displayName, decidedAt: now, effectiveAt: now,
    });
    if (orig.capKey) await addUsage(tx, actor.countyCode, [{ accountId: orig.accountId, itemId: orig.itemId, key: orig.capKey, path: orig.path, delta: -Math.abs(orig.points) }]);
    await applyEffective(tx, actor.countyCode, [newId]);
    const [view] = await postingsByIds(tx, actor.countyCode, [newId]);
    await audit(tx, actor, { action: 'points.posting.reverse', entity: 'points_posting', entityId: newId, path: orig.path, before: { id, points: orig.points }, after: view });
    await emit(tx, actor, 'points.posting.reversed', orig.path, { id: newId, reverses: id });
    return view;
  });
}

export async function getPosting(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const [view] = await postingsByIds(tx, actor.countyCode, [id]);
    if (!view) throw notFound('积分记录', 'Posting');
    const log = await tx.select().from(ptsPostingLog).where(and(eq(ptsPostingLog.countyCode, actor.countyCode), eq(ptsPostingLog.postingId, id))).orderBy(asc(ptsPostingLog.id));
    const objections = await tx.select().from(ptsObjections).where(and(eq(ptsObjections.countyCode, actor.countyCode), eq(ptsObjections.targetKind, 'posting'), eq(ptsObjections.targetId, id))).orderBy(asc(ptsObjections.id));
    return {
      ...view,
      log: log.map((l) => ({ at: l.at.toISOString(), actorName: l.actorName, from: l.fromState, to: l.toState, fromLabel: STATE_LABELS[l.fromState as PostingState], toLabel: STATE_LABELS[l.toState as PostingState], note: l.note })),
      objections: objections.map(objectionView),
    };
  });
}

export interface PostingFilter {
  schemeId?: number;
  state?: PostingState;
  region?: string;
  accountId?: number;
  itemId?: number;
  mine?: boolean;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listPostings(db: Db, actor: Actor, f: PostingFilter) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [sql`p.county_code = ${actor.countyCode}`, sql`xz_visible(p.path)`];
    if (f.schemeId) conds.push(sql`p.scheme_id = ${f.schemeId}`);
    if (f.state) conds.push(sql`p.state = ${f.state}`);
    if (f.region) conds.push(sql`p.path <@ ${(await regionPath(tx, f.region)).path}::ltree`);
    if (f.accountId) conds.push(sql`p.account_id = ${f.accountId}`);
    if (f.itemId) conds.push(sql`p.item_id = ${f.itemId}`);
    if (f.mine) conds.push(sql`p.proposed_by_user = ${actor.userId}`);
    if (f.from) conds.push(sql`p.occurred_on >= ${f.from}::date`);
    if (f.to) conds.push(sql`p.occurred_on <= ${f.to}::date`);
    const where = sql.join(conds, sql` and `);
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total from pts_postings p where ${where}`);
    const list = await rows<RawPosting>(tx, sql`${postingSelect} where ${where} order by p.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`);
    const sums = await rows<{ state: string; n: unknown }>(tx, sql`select p.state, count(*) as n from pts_postings p where ${where} group by p.state`);
    return { items: list.map(postingView), total: num(total), page: f.page, pageSize: f.pageSize, byState: Object.fromEntries(sums.map((s) => [s.state, num(s.n)])) };
  });
}

// ---------------------------------------------------------------------------------------------
// Public notice board and objections

/** What is on public notice in a village (or the actor's area): public to everyone living there. */
export async function listNotices(db: Db, actor: Actor, f: { schemeId?: number; region?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [sql`p.county_code = ${actor.countyCode}`, sql`p.state = 'noticed'`];
    if (f.schemeId) conds.push(sql`p.scheme_id = ${f.schemeId}`);
    if (f.region) conds.push(sql`p.path <@ ${(await regionPath(tx, f.region)).path}::ltree`);
    const where = sql.join(conds, sql` and `);
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total from pts_postings p where ${where}`);
    // The account may lie outside a resident's own scope: its label comes from the notice itself.
    const list = await rows<RawPosting & { mine: unknown; public_label: string | null; village: string | null }>(tx, sql`
      select p.*, coalesce(a.label, pa.label) as account_label, coalesce(a.owner_kind, pa.owner_kind) as owner_kind,
        null as reversed_by_id,
        (select count(*) from pts_objections o where o.county_code = p.county_code and o.target_kind = 'posting' and o.target_id = p.id and o.status = 'open') as open_objections,
        (select count(*) from pts_objections o where o.county_code = p.county_code and o.target_kind = 'posting' and o.target_id = p.id and o.objector_user = ${actor.userId}) as mine,
        (select r.name from regions r where r.path = subpath(p.path, 0, least(3, nlevel(p.path)))) as village
        from pts_postings p
        left join pts_accounts a on a.id = p.account_id
        left join lateral (select label, owner_kind from pts_notice_labels(p.county_code, p.id)) pa on true
       where ${where} order by p.notice_until asc, p.id asc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`);
    return {
      items: list.map((r) => ({ ...postingView(r), village: r.village, objectedByMe: num(r.mine) > 0 })),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}

function objectionView(o: typeof ptsObjections.$inferSelect) {
  return {
    id: o.id,
    targetKind: o.targetKind as 'posting' | 'assessment',
    targetId: o.targetId,
    objectorName: o.objectorName,
    reason: o.reason,
    status: o.status as 'open' | 'upheld' | 'dismissed',
    statusLabel: ({ open: '待处理', upheld: '异议成立', dismissed: '异议不成立' } as Record<string, string>)[o.status],
    resolution: o.resolution,
    resolvedByName: o.resolvedByName,
    resolvedAt: iso(o.resolvedAt),
    createdAt: o.createdAt.toISOString(),
  };
}
export type ObjectionView = ReturnType<typeof objectionView>;

export async function objectToPosting(db: Db, actor: Actor, postingId: number, reason: string) {
  if (actor.userId === null) throw forbidden('须以个人账号提出异议', 'Objections need a user');
  return withScope(db, actor, async (tx) => {
    const [p] = await rows<{ state: PostingState; notice_until: string | Date | null; path: string }>(tx, sql`select state, notice_until, path::text as path from pts_postings where county_code = ${actor.countyCode} and id = ${postingId}`);
    if (!p) throw notFound('积分记录', 'Posting');
    if (p.state !== 'noticed' || (p.notice_until && new Date(p.notice_until) <= new Date())) throw conflict('NOTICE_CLOSED', '该积分不在公示期内，不能提出异议', 'The posting is not on public notice');
    const [mine] = await tx.select({ id: ptsObjections.id }).from(ptsObjections).where(and(eq(ptsObjections.countyCode, actor.countyCode), eq(ptsObjections.targetKind, 'posting'), eq(ptsObjections.targetId, postingId), eq(ptsObjections.objectorUser, actor.userId!), eq(ptsObjections.status, 'open')));
    if (mine) throw conflict('ALREADY_OBJECTED', '您已对该积分提出异议，正在处理中', 'You already objected');
    const [row] = await tx.insert(ptsObjections).values({ countyCode: actor.countyCode, path: p.path, targetKind: 'posting', targetId: postingId, objectorUser: actor.userId, objectorName: actor.displayName, reason: reason.trim() }).returning();
    await audit(tx, actor, { action: 'points.objection.create', entity: 'points_objection', entityId: row.id, path: p.path, after: { postingId, reason: row.reason } });
    await emit(tx, actor, 'points.objection.raised', p.path, { id: row.id, postingId });
    return objectionView(row);
  });
}

export async function listObjections(db: Db, actor: Actor, f: { status?: 'open' | 'upheld' | 'dismissed'; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(ptsObjections.countyCode, actor.countyCode)];
    if (f.status) conds.push(eq(ptsObjections.status, f.status));
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(ptsObjections).where(where);
    const list = await tx.select().from(ptsObjections).where(where).orderBy(desc(ptsObjections.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { items: list.map(objectionView), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

/**
 * Decides an objection. Upheld against a posting: the posting is rejected. Upheld against a
 * fortress assessment: the assessment returns to self-assessment. Dismissed: the notice runs on.
 */
export async function resolveObjection(db: Db, actor: Actor, id: number, input: { decision: 'upheld' | 'dismissed'; resolution: string }) {
  if (!input.resolution.trim()) throw badRequest('RESOLUTION_REQUIRED', '请填写处理意见', 'A resolution is required');
  return withScope(db, actor, async (tx) => {
    const [o] = await tx.select().from(ptsObjections).where(and(eq(ptsObjections.id, id), sql`xz_visible(${ptsObjections.path})`)).for('update');
    if (!o) throw notFound('异议', 'Objection');
    if (o.status !== 'open') throw conflict('STATE_CONFLICT', '该异议已处理', 'Already resolved');
    const now = new Date();
    const [row] = await tx.update(ptsObjections).set({ status: input.decision, resolution: input.resolution.trim(), resolvedByName: actor.displayName, resolvedAt: now }).where(eq(ptsObjections.id, id)).returning();
    if (input.decision === 'upheld' && o.targetKind === 'posting') {
      const locked = await lockPostings(tx, actor.countyCode, [o.targetId]);
      const p = locked.get(o.targetId);
      if (p && (p.state === 'noticed' || p.state === 'approved' || p.state === 'proposed')) {
        await tx.update(ptsPostings).set({ state: 'rejected', decidedByUser: actor.userId, decidedByName: actor.displayName, decidedAt: now, rejectedReason: `异议成立：${input.resolution.trim()}` }).where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.id, p.id)));
        await logTransitions(tx, actor, [{ postingId: p.id, path: p.path, from: p.state, to: 'rejected', note: `异议成立：${input.resolution.trim()}` }]);
        if (p.cap_key) await addUsage(tx, actor.countyCode, [{ accountId: p.account_id, itemId: p.item_id, key: p.cap_key, path: p.path, delta: -Math.abs(num(p.points)) }]);
      }
    }
    if (input.decision === 'upheld' && o.targetKind === 'assessment') {
      await tx.execute(sql`update pts_assessments set stage = 'self', notice_until = null where id = ${o.targetId} and stage = 'notice'`);
    }
    await audit(tx, actor, { action: 'points.objection.resolve', entity: 'points_objection', entityId: id, path: o.path, before: { status: 'open' }, after: { status: input.decision, resolution: row.resolution } });
    await emit(tx, actor, 'points.objection.resolved', o.path, { id, decision: input.decision });
    return objectionView(row);
  });
}

// =============================================================================================
// Periods

export async function listPeriods(db: Db, actor: Actor, schemeId: number) {
  return withScope(db, actor, async (tx) => {
    await schemeById(tx, schemeId);
    const list = await tx.select().from(ptsPeriods).where(and(eq(ptsPeriods.countyCode, actor.countyCode), eq(ptsPeriods.schemeId, schemeId))).orderBy(desc(ptsPeriods.key));
    return list.map((p) => ({ key: p.key, kind: p.kind as PeriodKind, kindLabel: PERIOD_KIND_LABELS[p.kind as PeriodKind], label: periodLabel(p.key), closedAt: p.closedAt.toISOString(), closedByName: p.closedByName }));
  });
}

/**
 * Closes a period of a scheme: refused while postings dated in it are still pending; the ranks of
 * the period are frozen into the balances; afterwards nothing can be dated in it.
 */
export async function closePeriod(db: Db, actor: Actor, schemeId: number, key: string) {
  const range = parsePeriod(key);
  if (!range) throw badRequest('BAD_PERIOD', '期间格式应为 2026-05、2026-Q2 或 2026', 'Malformed period');
  if (range.endsOn >= chinaDate()) throw unprocessable('PERIOD_NOT_OVER', `${range.label}尚未结束，不能结账`, 'The period is not over');
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, schemeId);
    if (!pathVisible(actor.scope, s.path)) throw forbidden('该积分方案由上级结账', 'The scheme is closed above your scope');
    const [done] = await tx.select({ key: ptsPeriods.key }).from(ptsPeriods).where(and(eq(ptsPeriods.countyCode, actor.countyCode), eq(ptsPeriods.schemeId, schemeId), eq(ptsPeriods.key, key)));
    if (done) throw conflict('ALREADY_CLOSED', `${range.label}已结账`, 'Already closed');
    // Lock the scheme row: postings admitted meanwhile would otherwise slip in.
    await tx.execute(sql`select id from pts_schemes where id = ${schemeId} for update`);
    const [{ n }] = await rows<{ n: unknown }>(tx, sql`select count(*) as n from pts_postings where county_code = ${actor.countyCode} and scheme_id = ${schemeId}
      and state in ('proposed','approved','noticed') and occurred_on between ${range.startsOn}::date and ${range.endsOn}::date`);
    if (num(n) > 0) throw conflict('PENDING_POSTINGS', `${range.label}尚有 ${num(n)} 条积分未处理完（待审核、待公示或公示中），处理后才能结账`, 'Pending postings in the period');
    await tx.insert(ptsPeriods).values({ countyCode: actor.countyCode, path: s.path, schemeId, key, kind: range.kind, closedByName: actor.displayName });
    await freezeRanks(tx, actor.countyCode, schemeId, key);
    await audit(tx, actor, { action: 'points.period.close', entity: 'points_scheme', entityId: schemeId, path: s.path, after: { key } });
    await emit(tx, actor, 'points.period.closed', s.path, { schemeId, key });
    return { key, label: range.label, closed: true };
  });
}

export async function freezeRanks(tx: Tx, county: string, schemeId: number, key: string) {
  await tx.execute(sql`
    update pts_balances b set rank_village = r.rv, rank_town = r.rt, rank_group = r.rg, rank_county = r.rc
      from (select account_id,
              rank() over (partition by village_key order by points desc) as rv,
              rank() over (partition by town_key order by points desc) as rt,
              case when group_key is null then null else rank() over (partition by group_key order by points desc) end as rg,
              rank() over (order by points desc) as rc
              from pts_balances where county_code = ${county} and scheme_id = ${schemeId} and period_key = ${key}) r
     where b.county_code = ${county} and b.scheme_id = ${schemeId} and b.period_key = ${key} and b.account_id = r.account_id`);
}

// =============================================================================================
// Leaderboards

interface LeaderRaw {
  account_id: number;
  points: unknown;
  plus: unknown;
  minus: unknown;
  postings: number;
  vetoes: number;
  zeroings: number;
  rank: unknown;
  label: string;
  owner_kind: string;
  owner_id: number;
  group_key: string | null;
  attrs: Record<string, unknown>;
  path: string;
}

export interface LeaderboardQuery {
  schemeId: number;
  period: string;
  region?: string;
  branchId?: number;
  page: number;
  pageSize: number;
}

/** Ranks of a period within a region (county, town, village…) or a branch, straight from the ordered balances. */
export async function leaderboard(db: Db, actor: Actor, q: LeaderboardQuery) {
  if (q.period !== ALL_TIME && !parsePeriod(q.period)) throw badRequest('BAD_PERIOD', '期间格式应为 2026-05、2026-Q2、2026 或 all', 'Malformed period');
  return withScope(db, actor, async (tx) => {
    const s = await schemeById(tx, q.schemeId);
    const region = await scopedRegion(tx, actor, q.region);
    const within = q.branchId ? 'branch' : region.level;
    // One database function reads the top of the ordered index for the region (after checking the
    // whole region lies in the caller's scope) and counts the balances above each row for its rank.
    const [{ out }] = await rows<{ out: string | { total: unknown; rows: LeaderRaw[] } }>(tx, sql`
      select pts_leaderboard(${actor.countyCode}, ${s.id}, ${q.period}, ${region.path}::ltree, ${region.level}, ${q.branchId ? String(q.branchId) : null}, ${q.pageSize}, ${(q.page - 1) * q.pageSize}) as out`);
    const board = (typeof out === 'string' ? JSON.parse(out) : out) as { total: unknown; rows: LeaderRaw[] };
    const total = num(board.total);
    const list = board.rows;
    const villages = await regionNamesByPath(tx, [...new Set(list.map((r) => r.path.split('.').slice(0, 3).join('.')))]);
    return {
      scheme: schemeView(s),
      period: q.period,
      periodLabel: periodLabel(q.period),
      region: { code: region.code, name: region.name, level: region.level },
      within,
      total: num(total),
      page: q.page,
      pageSize: q.pageSize,
      items: list.map((r) => ({
        rank: num(r.rank),
        accountId: r.account_id,
        label: r.label,
        ownerKind: r.owner_kind,
        ownerId: r.owner_id,
        groupKey: r.group_key,
        groupName: typeof r.attrs?.branch === 'string' ? r.attrs.branch : null,
        village: villages.get(r.path.split('.').slice(0, 3).join('.')) ?? null,
        points: num(r.points),
        plus: num(r.plus),
        minus: num(r.minus),
        postings: r.postings,
        zeroed: r.zeroings > 0,
        rating: s.kind === 'fortress' ? fortressRating(num(r.points), r.vetoes, s.settings as FortressSettings) : null,
        tier: s.kind === 'cadre' ? cadreTier(num(r.points), (s.settings as CadreSettings).tiers) : null,
      })),
    };
  });
}

async function regionNamesByPath(tx: Tx, paths: string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const list = await rows<{ path: string; name: string }>(tx, sql`select path::text as path, name from regions where path::text = any(${`{${paths.join(',')}}`}::text[])`);
  return new Map(list.map((r) => [r.path, r.name]));
}

// =============================================================================================
// Published lists: 红黑榜 (monthly, per village) and civilized families (yearly)

async function villageRows(tx: Tx, county: string, schemeId: number, period: string, villagePath: string) {
  const list = await rows<{ account_id: number; label: string; points: unknown; plus: unknown; minus: unknown; zeroings: number }>(tx, sql`
    select b.account_id, a.label, b.points, b.plus, b.minus, b.zeroings from pts_balances b join pts_accounts a on a.id = b.account_id
     where b.county_code = ${county} and b.scheme_id = ${schemeId} and b.period_key = ${period}
       and b.town_key = ${villagePath.split('.').slice(0, 2).join('.')} and b.village_key = ${villagePath}`);
  return list.map((r) => ({ accountId: r.account_id, label: r.label, points: num(r.points), plus: num(r.plus), minus: num(r.minus), zeroings: r.zeroings }));
}

async function householdScheme(tx: Tx, schemeId: number): Promise<SchemeRow> {
  const s = await schemeById(tx, schemeId);
  if (s.kind !== 'household') throw unprocessable('NOT_HOUSEHOLD_SCHEME', '红黑榜和文明家庭评选只适用于文明家庭积分方案', 'Lists are for the household scheme');
  return s;
}

async function villageOf(tx: Tx, actor: Actor, code: string) {
  const r = await regionPath(tx, code);
  if (r.level !== 'village') throw unprocessable('NOT_A_VILLAGE', '红黑榜和文明家庭按村（社区）发布，请选择村（社区）', 'Pick a village');
  if (!pathVisible(actor.scope, r.path)) throw forbidden(`「${r.name}」超出您的数据范围`, 'Outside your scope');
  return r;
}

async function saveList(tx: Tx, actor: Actor, s: SchemeRow, path: string, kind: 'honor' | 'warning' | 'civilized', periodKey: string, entries: unknown[]) {
  const [row] = await tx.insert(ptsLists).values({ countyCode: actor.countyCode, path, schemeId: s.id, kind, periodKey, entries, publishedByName: actor.displayName })
    .onConflictDoUpdate({ target: [ptsLists.countyCode, ptsLists.schemeId, ptsLists.kind, ptsLists.periodKey, ptsLists.path], set: { entries, publishedByName: actor.displayName, publishedAt: new Date() } })
    .returning();
  return row;
}

function listView(l: typeof ptsLists.$inferSelect, villageName: string | null) {
  return {
    id: l.id,
    kind: l.kind as 'honor' | 'warning' | 'civilized',
    kindLabel: ({ honor: '红榜', warning: '黑榜', civilized: '文明家庭' } as Record<string, string>)[l.kind],
    periodKey: l.periodKey,
    periodLabel: periodLabel(l.periodKey),
    village: villageName,
    entries: l.entries as { accountId: number; label: string; points: number; rank: number }[],
    publishedByName: l.publishedByName,
    publishedAt: l.publishedAt.toISOString(),
  };
}

/** Publishes a village's monthly honor and warning lists (红黑榜) from the month's balances. */
export async function publishHonorLists(db: Db, actor: Actor, input: { schemeId: number; regionCode: string; month: string }) {
  const range = parsePeriod(input.month);
  if (!range || range.kind !== 'month') throw badRequest('BAD_PERIOD', '月份格式应为 2026-05', 'Malformed month');
  if (input.month > monthKey(chinaDate())) throw unprocessable('FUTURE_PERIOD', '不能发布未来月份的红黑榜', 'Future month');
  return withScope(db, actor, async (tx) => {
    const s = await householdScheme(tx, input.schemeId);
    const v = await villageOf(tx, actor, input.regionCode);
    const { honor, warning } = honorAndWarning(await villageRows(tx, actor.countyCode, s.id, input.month, v.path), s.settings as HouseholdSettings);
    const strip = (r: { accountId: number; label: string; points: number; rank: number; plus: number; minus: number }) => ({ accountId: r.accountId, label: r.label, points: r.points, rank: r.rank, plus: r.plus, minus: r.minus });
    const h = await saveList(tx, actor, s, v.path, 'honor', input.month, honor.map(strip));
    const w = await saveList(tx, actor, s, v.path, 'warning', input.month, warning.map(strip));
    await audit(tx, actor, { action: 'points.list.publish', entity: 'points_list', entityId: `${h.id},${w.id}`, path: v.path, after: { month: input.month, honor: honor.length, warning: warning.length } });
    await emit(tx, actor, 'points.list.published', v.path, { month: input.month, kind: 'honor_warning' });
    return { honor: listView(h, v.name), warning: listView(w, v.name) };
  });
}

/** Selects a village's civilized families (文明家庭) from the year's record. */
export async function selectCivilizedFamilies(db: Db, actor: Actor, input: { schemeId: number; regionCode: string; year: string }) {
  if (!/^\d{4}$/.test(input.year)) throw badRequest('BAD_PERIOD', '年度格式应为 2026', 'Malformed year');
  return withScope(db, actor, async (tx) => {
    const s = await householdScheme(tx, input.schemeId);
    const v = await villageOf(tx, actor, input.regionCode);
    const chosen = civilizedCandidates(await villageRows(tx, actor.countyCode, s.id, input.year, v.path), s.settings as HouseholdSettings);
    const row = await saveList(tx, actor, s, v.path, 'civilized', input.year, chosen.map((r) => ({ accountId: r.accountId, label: r.label, points: r.points, rank: r.rank })));
    await audit(tx, actor, { action: 'points.list.civilized', entity: 'points_list', entityId: row.id, path: v.path, after: { year: input.year, families: chosen.length } });
    await emit(tx, actor, 'points.list.published', v.path, { year: input.year, kind: 'civilized' });
    return listView(row, v.name);
  });
}

/** Published lists visible to the actor: their scope, and their own village's lists for residents. */
export async function listLists(db: Db, actor: Actor, f: { schemeId?: number; region?: string; kind?: 'honor' | 'warning' | 'civilized'; period?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(ptsLists.countyCode, actor.countyCode)];
    if (f.schemeId) conds.push(eq(ptsLists.schemeId, f.schemeId));
    if (f.kind) conds.push(eq(ptsLists.kind, f.kind));
    if (f.period) conds.push(eq(ptsLists.periodKey, f.period));
    if (f.region) {
      const r = await regionPath(tx, f.region);
      conds.push(sql`(${ptsLists.path} <@ ${r.path}::ltree or ${ptsLists.path} @> ${r.path}::ltree)`);
    }
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(ptsLists).where(where);
    const list = await tx.select().from(ptsLists).where(where).orderBy(desc(ptsLists.periodKey), asc(ptsLists.path), asc(ptsLists.kind)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const names = await regionNamesByPath(tx, [...new Set(list.map((l) => l.path))]);
    return { items: list.map((l) => listView(l, names.get(l.path) ?? null)), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

// =============================================================================================
// Cadre seniority accrual (年功分) — a yearly scheduled job

/**
 * Posts one seniority posting per completed year of service for every cadre account with a
 * service start date, up to `through`. Each year has its own key, so running it again (or
 * twice at once) posts nothing twice; years in closed periods are reported, not posted.
 */
export async function accrueSeniority(db: Db, countyCode: string, through = chinaDate()) {
  if (!isDate(through)) throw badRequest('BAD_DATE', '日期格式应为 YYYY-MM-DD', 'Malformed date');
  const actor = systemActor(countyCode, '年功分计入任务');
  return withScope(db, actor, async (tx) => {
    const schemes = (await tx.select().from(ptsSchemes).where(and(eq(ptsSchemes.countyCode, countyCode), eq(ptsSchemes.kind, 'cadre')))) as SchemeRow[];
    let created = 0;
    let duplicates = 0;
    const rejected: { accountId: number; year: number; message: string }[] = [];
    for (const s of schemes) {
      const settings = s.settings as CadreSettings;
      const [item] = await tx.select().from(ptsItems).where(and(eq(ptsItems.schemeId, s.id), eq(ptsItems.code, settings.seniorityItem)));
      if (!item) continue;
      const accounts = await tx.select().from(ptsAccounts).where(and(eq(ptsAccounts.schemeId, s.id), eq(ptsAccounts.active, true), sql`${ptsAccounts.attrs}->>'serviceStart' is not null`));
      const entries: PostingEntry[] = [];
      const meta: { accountId: number; year: number }[] = [];
      for (const a of accounts) {
        const start = (a.attrs as { serviceStart: string }).serviceStart;
        const retire = (a.attrs as { retireOn?: string | null }).retireOn ?? null;
        const end = retire && retire < through ? retire : through;
        const years = completedYears(start, end);
        for (let n = 1; n <= years; n++) {
          entries.push({ account: a, scheme: s, item, occurredOn: anniversary(start, n), evidence: { text: `任职满 ${n} 年（${start} 起）` }, note: '', source: 'accrual', state: 'effective', idempotencyKey: `seniority:${a.id}:${n}`, checkPermission: false });
          meta.push({ accountId: a.id, year: n });
        }
      }
      const results = await insertPostings(tx, actor, entries, { strict: false, today: through > chinaDate() ? chinaDate() : through });
      for (const r of results) {
        if (r.id) created++;
        else if (r.duplicateOf) duplicates++;
        else if (r.error) rejected.push({ ...meta[r.index], message: r.error.message });
      }
    }
    if (created) {
      await audit(tx, actor, { action: 'points.seniority.accrue', entity: 'points_scheme', entityId: schemes.map((s) => s.id).join(','), path: `c${countyCode}`, after: { through, created, duplicates, rejected: rejected.length } });
      await emit(tx, actor, 'points.seniority.accrued', `c${countyCode}`, { through, created });
    }
    return { through, created, duplicates, rejected };
  });
}

// =============================================================================================
// Automatic postings from other modules

export interface AutomaticPosting {
  /** Scheme code, e.g. 'household', 'pioneer', 'cadre'. */
  scheme: string;
  /** Item code in that scheme, e.g. 'volunteer'. */
  item: string;
  owner: { kind: OwnerKind; id: number };
  evidence?: Evidence;
  /** Unique per scheme: the same key never posts twice (e.g. `workorder:2026-000123:resolved`). */
  idempotencyKey: string;
  occurredOn?: string;
  /** For items with a points range (e.g. performance points from an evaluation grade). */
  points?: number;
  note?: string;
  /** 'effective' (default) counts at once; 'proposed' sends it to the workbench for review. */
  state?: 'effective' | 'proposed';
}

async function resolveAutomatic(tx: Tx, actor: Actor, list: AutomaticPosting[]) {
  const schemes = new Map<string, SchemeRow>();
  for (const code of new Set(list.map((p) => p.scheme))) {
    const [s] = await tx.select().from(ptsSchemes).where(and(eq(ptsSchemes.countyCode, actor.countyCode), eq(ptsSchemes.code, code)));
    if (s) schemes.set(code, s as SchemeRow);
  }
  const items = new Map<string, ItemRow>();
  if (schemes.size) {
    const all = await tx.select().from(ptsItems).where(inArray(ptsItems.schemeId, [...schemes.values()].map((s) => s.id)));
    for (const it of all) items.set(`${it.schemeId}|${it.code}`, it);
  }
  const accounts = new Map<string, AccountRow>();
  const owners = [...new Map(list.filter((p) => schemes.has(p.scheme)).map((p) => [`${schemes.get(p.scheme)!.id}|${p.owner.kind}|${p.owner.id}`, { s: schemes.get(p.scheme)!.id, k: p.owner.kind, o: p.owner.id }])).values()];
  // One statement per 20,000 owners, probing the owner index, returning the rows themselves.
  for (let i = 0; i < owners.length; i += 20000) {
    const json = JSON.stringify(owners.slice(i, i + 20000));
    const found = await rows<Record<string, unknown>>(tx, sql`select a.id, a.county_code, a.path::text as path, a.scheme_id, a.owner_kind, a.owner_id, a.label, a.group_key, a.sector,
        a.attrs, a.earned, a.spent, a.available, a.active, a.created_at
      from json_to_recordset(${json}::json) as x(s int, k text, o int)
      cross join lateral (select * from pts_accounts a where a.county_code = ${actor.countyCode} and a.scheme_id = x.s and a.owner_kind = x.k and a.owner_id = x.o offset 0) a`);
    for (const r of found) {
      const a: AccountRow = {
        id: num(r.id), countyCode: String(r.county_code), path: String(r.path), schemeId: num(r.scheme_id), ownerKind: String(r.owner_kind), ownerId: num(r.owner_id),
        label: String(r.label), groupKey: (r.group_key as string | null) ?? null, sector: (r.sector as string | null) ?? null,
        attrs: typeof r.attrs === 'string' ? JSON.parse(r.attrs) : r.attrs, earned: num(r.earned), spent: num(r.spent), available: num(r.available),
        active: r.active === true || r.active === 't', createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
      };
      accounts.set(`${a.schemeId}|${a.ownerKind}|${a.ownerId}`, a);
    }
  }
  return list.map((p) => {
    const scheme = schemes.get(p.scheme);
    if (!scheme) return { error: { status: 404, code: 'NO_SCHEME', message: `积分方案「${p.scheme}」不存在`, messageEn: `No scheme ${p.scheme}` } };
    const item = items.get(`${scheme.id}|${p.item}`);
    if (!item) return { error: { status: 404, code: 'NO_ITEM', message: `积分方案「${scheme.name}」中没有细则「${p.item}」`, messageEn: `No item ${p.item}` } };
    const account = accounts.get(`${scheme.id}|${p.owner.kind}|${p.owner.id}`);
    if (!account) return { error: { status: 404, code: 'NO_ACCOUNT', message: `${OWNER_KIND_LABELS[p.owner.kind] ?? p.owner.kind} #${p.owner.id} 尚未开立「${scheme.name}」账户，或不在数据范围内`, messageEn: 'No such account in scope' } };
    const entry: PostingEntry = {
      account, scheme, item, points: p.points ?? null, occurredOn: p.occurredOn ?? chinaDate(), evidence: cleanEvidence(p.evidence), note: p.note?.trim() ?? '',
      source: 'automatic', state: p.state ?? 'effective', idempotencyKey: p.idempotencyKey, checkPermission: false,
    };
    return { entry };
  });
}

/**
 * One automatic posting from another capability, in the caller's transaction (so it commits or
 * rolls back with the caller's own change). Throws a 4xx AppError naming the rule when the
 * posting is not admissible; a retried key returns the first posting.
 */
export async function postAutomatic(tx: Tx, actor: Actor, input: AutomaticPosting): Promise<{ id: number; replayed: boolean }> {
  if (!input.idempotencyKey?.trim()) throw badRequest('IDEMPOTENCY_KEY_REQUIRED', '自动积分须提供幂等键', 'idempotencyKey is required');
  const [r] = await resolveAutomatic(tx, actor, [input]);
  if ('error' in r && r.error) throw new AppError(r.error.status, r.error.code, r.error.message, r.error.messageEn);
  const [res] = await insertPostings(tx, actor, [r.entry!], { strict: true });
  if (res.duplicateOf) {
    const [p] = await tx.select({ id: ptsPostings.id }).from(ptsPostings).where(and(eq(ptsPostings.countyCode, actor.countyCode), eq(ptsPostings.schemeId, r.entry!.scheme.id), eq(ptsPostings.idempotencyKey, input.idempotencyKey)));
    return { id: p?.id ?? res.duplicateOf, replayed: true };
  }
  await audit(tx, actor, { action: 'points.posting.automatic', entity: 'points_posting', entityId: res.id!, path: r.entry!.account.path, after: { scheme: input.scheme, item: input.item, owner: input.owner, key: input.idempotencyKey, state: r.entry!.state } });
  return { id: res.id!, replayed: false };
}

export interface BulkOutcome {
  created: number;
  duplicates: number;
  rejected: { index: number; code: string; message: string }[];
  ids: number[];
}

/**
 * Many automatic postings at once (e.g. a month of volunteer service hours): a handful of
 * set-based statements whatever the count, one audit record for the batch. Entries that are
 * not admissible are reported, the others are posted.
 */
export async function postAutomaticBulk(tx: Tx, actor: Actor, list: AutomaticPosting[]): Promise<BulkOutcome> {
  prof('start');
  const resolved = await resolveAutomatic(tx, actor, list);
  prof('resolve');
  const rejected: BulkOutcome['rejected'] = [];
  const entries: PostingEntry[] = [];
  const back: number[] = [];
  resolved.forEach((r, i) => {
    if (!list[i].idempotencyKey) rejected.push({ index: i, code: 'IDEMPOTENCY_KEY_REQUIRED', message: '自动积分须提供幂等键' });
    else if ('error' in r && r.error) rejected.push({ index: i, code: r.error.code, message: r.error.message });
    else {
      entries.push(r.entry!);
      back.push(i);
    }
  });
  const results: EntryResult[] = await insertPostings(tx, actor, entries, { strict: false });
  let created = 0;
  let duplicates = 0;
  const ids: number[] = [];
  for (const r of results) {
    if (r.id) {
      created++;
      ids.push(r.id);
    } else if (r.duplicateOf) duplicates++;
    else if (r.error) rejected.push({ index: back[r.index], code: r.error.code, message: r.error.message });
  }
  if (created) {
    await emit(tx, actor, 'points.posting.bulk', null, { created });
    // Last write of the transaction: the append holds its audit chain's lock until commit.
    await audit(tx, actor, { action: 'points.posting.automatic_bulk', entity: 'points_posting', entityId: `${ids[0]}..${ids[ids.length - 1]}`, after: { created, duplicates, rejected: rejected.length, schemes: [...new Set(list.map((p) => p.scheme))] } });
  }
  prof('audit');
  rejected.sort((a, b) => a.index - b.index);
  return { created, duplicates, rejected, ids };
}

export { schemeByCode, addDays };
