import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { likeEscape, num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { can, withScope, type Actor } from '../../platform/scope';
import { maskCitizenId, validateCitizenId, ageOn } from '../../platform/standards/citizenId';
import { maskPhone, validatePhone } from '../../platform/standards/phone';
import { regionPathsByCode, replaceRegionStats, type RegionCounts } from '../regions/service';
import { households, persons } from './schema';
import { birthDateBounds, nameQuery, nameTokens, searchScope, tsvectorLiteral } from './rules';

export interface PersonView {
  id: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  idNumber: string;
  phone: string | null;
  householdId: number | null;
  householdCode: string | null;
  regionCode: string;
  regionName: string;
  politicalStatus: string;
  education: string;
  relation: string;
  roles: string[];
}

/** Today's date in Asia/Shanghai, where ages are reckoned. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const personColumns = {
  id: persons.id,
  name: persons.name,
  sex: persons.sex,
  birthDate: persons.birthDate,
  idMask: persons.idMask,
  phoneMask: persons.phoneMask,
  householdId: persons.householdId,
  householdCode: households.code,
  regionCode: persons.regionCode,
  politicalStatus: persons.politicalStatus,
  education: persons.education,
  relation: persons.relation,
  roles: persons.roles,
};
type PersonSelect = { id: number; name: string; sex: string; birthDate: string; idMask: string; phoneMask: string | null; householdId: number | null; householdCode: string | null; regionCode: string; politicalStatus: string; education: string; relation: string; roles: string[] };

async function toViews(tx: Executor, list: PersonSelect[]): Promise<PersonView[]> {
  const names = await regionPathsByCode(tx, list.map((p) => p.regionCode));
  const today = todayInChina();
  return list.map((p) => ({
    id: p.id,
    name: p.name,
    sex: p.sex as 'M' | 'F',
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, today),
    idNumber: p.idMask,
    phone: p.phoneMask,
    householdId: p.householdId,
    householdCode: p.householdCode,
    regionCode: p.regionCode,
    regionName: names.get(p.regionCode)?.name ?? '',
    politicalStatus: p.politicalStatus,
    education: p.education,
    relation: p.relation,
    roles: p.roles,
  }));
}

/** Person rows by id for other modules (party members, cadres…); scope still applies. */
export async function personViewsByIds(tx: Executor, ids: number[]): Promise<PersonView[]> {
  if (ids.length === 0) return [];
  const list = await tx.select(personColumns).from(persons).leftJoin(households, eq(households.id, persons.householdId)).where(inArray(persons.id, ids)).orderBy(asc(persons.id));
  return toViews(tx, list as PersonSelect[]);
}

export async function personNamesByIds(tx: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const list = await tx.select({ id: persons.id, name: persons.name }).from(persons).where(inArray(persons.id, [...new Set(ids)]));
  return new Map(list.map((p) => [p.id, p.name]));
}

async function regionPath(tx: Executor, code: string): Promise<string> {
  const r = (await regionPathsByCode(tx, [code])).get(code);
  if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
  return r.path;
}

export interface PersonFilter {
  region?: string;
  q?: string;
  sex?: 'M' | 'F';
  politicalStatus?: string;
  role?: string;
  ageMin?: number;
  ageMax?: number;
  page: number;
  pageSize: number;
}

/** The filters of a listing without a name (a name search goes through searchPersonsByName). */
function personConditions(f: Omit<PersonFilter, 'page' | 'pageSize' | 'q'>, regionPathValue: string | null): SQL[] {
  const conds: SQL[] = [];
  if (regionPathValue) conds.push(sql`${persons.path} <@ ${regionPathValue}::ltree`);
  if (f.sex) conds.push(eq(persons.sex, f.sex));
  if (f.politicalStatus) conds.push(eq(persons.politicalStatus, f.politicalStatus));
  if (f.role) conds.push(sql`${f.role} = any(${persons.roles})`);
  const { from, to } = birthDateBounds(todayInChina(), f.ageMin, f.ageMax);
  if (from) conds.push(sql`${persons.birthDate} >= ${from}`);
  if (to) conds.push(sql`${persons.birthDate} <= ${to}`);
  return conds;
}

/** A name search counts at most this many matches; beyond it the total reads "1,000+" (totalCapped). */
export const NAME_SEARCH_CAP = 1000;

export interface PersonPage {
  items: PersonView[];
  total: number;
  /** True when more than `total` people match (a name search stops counting at NAME_SEARCH_CAP). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export async function listPersons(db: Db, actor: Actor, f: PersonFilter, opts: { nameSearchCap?: number } = {}): Promise<PersonPage> {
  if (f.ageMin !== undefined && f.ageMax !== undefined && f.ageMin > f.ageMax) throw badRequest('BAD_AGE_RANGE', '最小年龄不能大于最大年龄', 'ageMin > ageMax');
  return withScope(db, actor, async (tx) => {
    const regionPathValue = f.region ? await regionPath(tx, f.region) : null;
    if (f.q && nameQuery(f.q)) return searchPersonsByName(tx, actor, f, regionPathValue, opts.nameSearchCap ?? NAME_SEARCH_CAP);
    const where = and(...personConditions(f, regionPathValue));
    // Total and page in one pass over the matches; households are joined for the page only.
    const page = await tx
      .select({ id: persons.id, total: sql<number>`count(*) over ()` })
      .from(persons)
      .where(where)
      .orderBy(asc(persons.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    let total = page.length ? num(page[0].total) : 0;
    if (page.length === 0 && f.page > 1) {
      [{ total }] = (await tx.select({ total: sql<number>`count(*)` }).from(persons).where(where)).map((r) => ({ total: num(r.total) }));
    }
    return { items: await personViewsByIds(tx, page.map((p) => p.id)), total, totalCapped: false, page: f.page, pageSize: f.pageSize };
  });
}

/**
 * A name search: candidates from xz_person_name_search (migration 0020: the region-qualified name
 * lexemes, the other filters, the scope checked per candidate), at most cap + 1 of them; the page is
 * then read under row-level security like every other read. The region searched is the one asked
 * for or, when the caller's scope lies inside it (or none was asked for), the scope's root.
 */
async function searchPersonsByName(tx: Executor, actor: Actor, f: PersonFilter, regionPathValue: string | null, cap: number): Promise<PersonPage> {
  const root = actor.scope.root || null;
  const within = regionPathValue && root && !root.startsWith(regionPathValue + '.') ? regionPathValue : (root ?? regionPathValue);
  const { prefix, pathFilter } = searchScope(within);
  const fragment = f.q!.replace(/\s+/g, '');
  const { from, to } = birthDateBounds(todayInChina(), f.ageMin, f.ageMax);
  const found = await rows<{ id: unknown }>(
    tx,
    sql`select xz_person_name_search(${nameQuery(fragment, prefix)}, ${'%' + likeEscape(fragment) + '%'}, ${pathFilter}::ltree,
          ${f.sex ?? null}, ${f.politicalStatus ?? null}, ${f.role ?? null}, ${from}::date, ${to}::date, ${cap + 1}) as id`,
  );
  const ids = found.map((r) => num(r.id)).sort((a, b) => a - b);
  const start = (f.page - 1) * f.pageSize;
  const pageIds = ids.slice(0, cap).slice(start, start + f.pageSize);
  return { items: await personViewsByIds(tx, pageIds), total: Math.min(ids.length, cap), totalCapped: ids.length > cap, page: f.page, pageSize: f.pageSize };
}

export async function getPerson(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const [view] = await personViewsByIds(tx, [id]);
    if (!view) throw notFound('人员', 'Person');
    const [h] = view.householdId ? await tx.select({ address: households.address }).from(households).where(eq(households.id, view.householdId)) : [];
    return { ...view, address: h?.address ?? null };
  });
}

/** Full ID number and phone for a caller allowed to see them; the view itself is audited. */
export async function revealPerson(db: Db, vault: PiiVault, actor: Actor, id: number) {
  if (!can(actor, 'person:pii')) throw forbidden('没有查看完整个人信息的权限', 'Not allowed to see personal data');
  return withScope(db, actor, async (tx) => {
    const [p] = await tx.select({ idCipher: persons.idCipher, phoneCipher: persons.phoneCipher, path: persons.path }).from(persons).where(eq(persons.id, id));
    if (!p) throw notFound('人员', 'Person');
    await audit(tx, actor, { action: 'person.reveal_pii', entity: 'person', entityId: id, path: p.path });
    return { idNumber: vault.decrypt(p.idCipher), phone: p.phoneCipher ? vault.decrypt(p.phoneCipher) : null };
  });
}

export async function findPersonByIdNumber(db: Db, vault: PiiVault, actor: Actor, idNumber: string) {
  const checked = validateCitizenId(idNumber);
  if (!checked.ok) throw badRequest('INVALID_ID_NUMBER', checked.reason, 'Invalid citizen ID number');
  return withScope(db, actor, async (tx) => {
    const [p] = await tx.select({ id: persons.id, path: persons.path }).from(persons).where(eq(persons.idHash, vault.hash('id', idNumber.toUpperCase())));
    if (!p) throw notFound('该身份证号对应的人员', 'Person with this ID number');
    await audit(tx, actor, { action: 'person.lookup_by_id', entity: 'person', entityId: p.id, path: p.path });
    const [view] = await personViewsByIds(tx, [p.id]);
    return view;
  });
}

export interface PersonInput {
  name: string;
  idNumber: string;
  phone?: string | null;
  householdId?: number | null;
  regionCode?: string | null;
  relation: string;
  politicalStatus: string;
  education: string;
  roles: string[];
}

/** Values for a new person row: validated, derived (birth date, sex) and encrypted. */
export function personRow(vault: PiiVault, countyCode: string, input: PersonInput, place: { path: string; regionCode: string; householdId: number | null }) {
  const id = validateCitizenId(input.idNumber);
  if (!id.ok) throw badRequest('INVALID_ID_NUMBER', `身份证号不合法：${id.reason}`, 'Invalid citizen ID number');
  const idNumber = input.idNumber.toUpperCase();
  if (input.phone && !validatePhone(input.phone).ok) throw badRequest('INVALID_PHONE', '手机号格式不正确（应为 11 位，以 1 开头）', 'Invalid mobile number');
  return {
    countyCode,
    path: place.path,
    regionCode: place.regionCode,
    householdId: place.householdId,
    name: input.name.trim(),
    nameTokens: tsvectorLiteral(nameTokens(input.name.trim(), place.path)),
    idCipher: vault.encrypt(idNumber),
    idHash: vault.hash('id', idNumber),
    idMask: maskCitizenId(idNumber),
    phoneCipher: input.phone ? vault.encrypt(input.phone) : null,
    phoneHash: input.phone ? vault.hash('phone', input.phone) : null,
    phoneMask: input.phone ? maskPhone(input.phone) : null,
    birthDate: id.birthDate,
    sex: id.sex,
    relation: input.relation,
    politicalStatus: input.politicalStatus,
    education: input.education,
    roles: input.roles,
  };
}

export async function createPerson(db: Db, vault: PiiVault, actor: Actor, input: PersonInput) {
  return withScope(db, actor, async (tx) => {
    let place: { path: string; regionCode: string; householdId: number | null };
    if (input.householdId) {
      const [h] = await tx.select({ path: households.path, regionCode: households.regionCode }).from(households).where(eq(households.id, input.householdId));
      if (!h) throw notFound('户', 'Household');
      place = { path: h.path, regionCode: h.regionCode, householdId: input.householdId };
    } else if (input.regionCode) {
      place = { path: await regionPath(tx, input.regionCode), regionCode: input.regionCode, householdId: null };
    } else {
      throw badRequest('PLACE_REQUIRED', '请指定所属户或所属区域', 'householdId or regionCode is required');
    }
    const values = personRow(vault, actor.countyCode, input, place);
    const [existing] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.idHash, values.idHash));
    if (existing) throw conflict('DUPLICATE_ID_NUMBER', '该身份证号已登记', 'This ID number is already registered');
    const [row] = await tx.insert(persons).values(values).returning({ id: persons.id });
    const [view] = await personViewsByIds(tx, [row.id]);
    await audit(tx, actor, { action: 'person.create', entity: 'person', entityId: row.id, path: values.path, after: view });
    await emit(tx, actor, 'person.created', values.path, { id: row.id });
    return view;
  });
}

export interface PersonPatch {
  name?: string;
  phone?: string | null;
  relation?: string;
  politicalStatus?: string;
  education?: string;
  roles?: string[];
}

export async function updatePerson(db: Db, vault: PiiVault, actor: Actor, id: number, patch: PersonPatch) {
  if (patch.phone && !validatePhone(patch.phone).ok) throw badRequest('INVALID_PHONE', '手机号格式不正确（应为 11 位，以 1 开头）', 'Invalid mobile number');
  return withScope(db, actor, async (tx) => {
    const [before] = await personViewsByIds(tx, [id]);
    if (!before) throw notFound('人员', 'Person');
    const set: Partial<typeof persons.$inferInsert> = { updatedAt: new Date() };
    if (patch.name !== undefined) {
      const [{ path }] = await tx.select({ path: persons.path }).from(persons).where(eq(persons.id, id));
      Object.assign(set, { name: patch.name.trim(), nameTokens: tsvectorLiteral(nameTokens(patch.name.trim(), path)) });
    }
    if (patch.phone !== undefined)
      Object.assign(set, patch.phone
        ? { phoneCipher: vault.encrypt(patch.phone), phoneHash: vault.hash('phone', patch.phone), phoneMask: maskPhone(patch.phone) }
        : { phoneCipher: null, phoneHash: null, phoneMask: null });
    for (const k of ['relation', 'politicalStatus', 'education', 'roles'] as const) if (patch[k] !== undefined) Object.assign(set, { [k]: patch[k] });
    const [row] = await tx.update(persons).set(set).where(eq(persons.id, id)).returning({ path: persons.path });
    const [after] = await personViewsByIds(tx, [id]);
    await audit(tx, actor, { action: 'person.update', entity: 'person', entityId: id, path: row.path, before, after });
    return after;
  });
}

export interface HouseholdFilter {
  region?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const headName = sql<string | null>`(select p.name from persons p where p.id = "households"."head_person_id")`;
const householdSize = sql<number>`(select count(*) from persons p where p.household_id = "households"."id")`;

export async function listHouseholds(db: Db, actor: Actor, f: HouseholdFilter) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) conds.push(sql`${households.path} <@ ${await regionPath(tx, f.region)}::ltree`);
    if (f.q) conds.push(sql`(${households.address} like ${'%' + likeEscape(f.q) + '%'} or ${households.code} like ${likeEscape(f.q) + '%'}
      or exists (select 1 from persons p where p.household_id = ${households.id} and p.relation = '户主' and p.name like ${'%' + likeEscape(f.q) + '%'}))`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(households).where(where);
    const list = await tx
      .select({ id: households.id, code: households.code, address: households.address, regionCode: households.regionCode, isLiaison: households.isLiaison, liaisonHouseholdId: households.liaisonHouseholdId, headName, size: householdSize, lon: households.lon, lat: households.lat })
      .from(households)
      .where(where)
      .orderBy(asc(households.code))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    return { items: await householdViews(tx, list), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

type HouseholdSelect = { id: number; code: string; address: string; regionCode: string; isLiaison: boolean; liaisonHouseholdId: number | null; headName: string | null; size: unknown; lon: number | null; lat: number | null };

async function householdViews(tx: Executor, list: HouseholdSelect[]) {
  const names = await regionPathsByCode(tx, list.map((h) => h.regionCode));
  const liaisonIds = [...new Set(list.map((h) => h.liaisonHouseholdId).filter((x): x is number => x !== null))];
  const liaisons = liaisonIds.length
    ? await tx.select({ id: households.id, headName }).from(households).where(inArray(households.id, liaisonIds))
    : [];
  const liaisonById = new Map(liaisons.map((l) => [l.id, l]));
  return list.map((h) => ({
    id: h.id,
    code: h.code,
    address: h.address,
    headName: h.headName,
    size: num(h.size),
    regionCode: h.regionCode,
    regionName: names.get(h.regionCode)?.name ?? '',
    isLiaison: h.isLiaison,
    liaison: h.liaisonHouseholdId && liaisonById.has(h.liaisonHouseholdId) ? { id: h.liaisonHouseholdId, headName: liaisonById.get(h.liaisonHouseholdId)!.headName } : null,
    lon: h.lon,
    lat: h.lat,
  }));
}

export async function getHousehold(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const list = await tx
      .select({ id: households.id, code: households.code, address: households.address, regionCode: households.regionCode, isLiaison: households.isLiaison, liaisonHouseholdId: households.liaisonHouseholdId, headName, size: householdSize, lon: households.lon, lat: households.lat })
      .from(households)
      .where(eq(households.id, id));
    if (!list[0]) throw notFound('户', 'Household');
    const [view] = await householdViews(tx, list);
    const memberIds = (await tx.select({ id: persons.id }).from(persons).where(eq(persons.householdId, id))).map((p) => p.id);
    return { ...view, members: await personViewsByIds(tx, memberIds) };
  });
}

/** Household points of a group for the map (small: a group has tens of households). */
export async function householdPoints(tx: Executor, regionPathValue: string) {
  return tx.select({ id: households.id, code: households.code, address: households.address, lon: households.lon, lat: households.lat }).from(households).where(sql`${households.path} <@ ${regionPathValue}::ltree`).orderBy(asc(households.code)).limit(2000);
}

/** Recounts households, persons and party members per region (after imports, and periodically). */
export async function refreshRegionStats(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const counts = new Map<string, RegionCounts>();
    const bump = (code: string) => {
      let c = counts.get(code);
      if (!c) counts.set(code, (c = { households: 0, persons: 0, partyMembers: 0 }));
      return c;
    };
    const h = await tx.select({ code: households.regionCode, n: sql<number>`count(*)` }).from(households).groupBy(households.regionCode);
    for (const r of h) bump(r.code).households = num(r.n);
    const p = await tx
      .select({ code: persons.regionCode, n: sql<number>`count(*)`, party: sql<number>`count(*) filter (where ${persons.politicalStatus} in ('party_member','probationary_member'))` })
      .from(persons)
      .groupBy(persons.regionCode);
    for (const r of p) Object.assign(bump(r.code), { persons: num(r.n), partyMembers: num(r.party) });
    await replaceRegionStats(tx, counts);
  });
}

export interface HouseholdInsert {
  code: string;
  path: string;
  regionCode: string;
  address: string;
  lon: number | null;
  lat: number | null;
  isLiaison: boolean;
}

/** Bulk insert for imports and seeding; returns ids by household code. */
export async function insertHouseholds(tx: Executor, countyCode: string, list: HouseholdInsert[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // One JSON parameter per chunk, as insertPersonRows.
  for (let i = 0; i < list.length; i += 5000) {
    const chunk = list.slice(i, i + 5000);
    const out = await rows<{ id: number; code: string }>(tx, sql`
      insert into households (county_code, code, path, region_code, address, lon, lat, is_liaison)
      select ${countyCode}, x.code, x.path::ltree, x."regionCode", x.address, x.lon, x.lat, coalesce(x."isLiaison", false)
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(code text, path text, "regionCode" text, address text, lon float8, lat float8, "isLiaison" boolean)
      returning id, code`);
    for (const r of out) ids.set(r.code, num(r.id));
  }
  return ids;
}

/**
 * A bulk load with ids reserved beforehand (see reserveIds): households arrive already linked to
 * their liaison household and head, so neither needs a second pass over the table.
 */
export async function insertHouseholdsWithIds(tx: Executor, countyCode: string, list: (HouseholdInsert & { id: number; liaisonHouseholdId: number | null; headPersonId: number | null })[]): Promise<void> {
  for (let i = 0; i < list.length; i += 5000) {
    await tx.execute(sql`
      insert into households (id, county_code, code, path, region_code, address, lon, lat, is_liaison, liaison_household_id, head_person_id)
      select x.id, ${countyCode}, x.code, x.path::ltree, x."regionCode", x.address, x.lon, x.lat, coalesce(x."isLiaison", false), x."liaisonHouseholdId", x."headPersonId"
        from jsonb_to_recordset(${JSON.stringify(list.slice(i, i + 5000))}::jsonb) as x(id int, code text, path text, "regionCode" text, address text, lon float8, lat float8,
          "isLiaison" boolean, "liaisonHouseholdId" int, "headPersonId" int)`);
  }
}

/** Links households to their liaison household (党员中心户), by code. */
export async function linkLiaisonHouseholds(tx: Executor, links: { code: string; liaisonCode: string }[]): Promise<void> {
  for (let i = 0; i < links.length; i += 2000) {
    const chunk = links.slice(i, i + 2000);
    // JSON keeps the pairs one parameter on both drivers.
    await tx.execute(sql`update households h set liaison_household_id = l.id
      from json_to_recordset(${JSON.stringify(chunk)}::json) as x(code text, "liaisonCode" text)
      join households l on l.code = x."liaisonCode"
      where h.code = x.code`);
  }
}

/**
 * Bulk insert of prepared person rows (see personRow), in chunks of one JSON parameter each:
 * building a multi-row INSERT through the query builder cost more than the database's own work
 * (about 12 of the demo seed's 28 s). Returns the ids in input order (matched by the unique
 * ID-number hash).
 */
export async function insertPersonRows(tx: Executor, list: ReturnType<typeof personRow>[]): Promise<number[]> {
  const idByHash = new Map<string, number>();
  for (let i = 0; i < list.length; i += 5000) {
    const chunk = list.slice(i, i + 5000);
    const out = await rows<{ id: number; id_hash: string }>(tx, sql`
      insert into persons (county_code, path, region_code, household_id, name, name_tokens, id_cipher, id_hash, id_mask,
          phone_cipher, phone_hash, phone_mask, birth_date, sex, relation, political_status, education, roles)
      select x."countyCode", x.path::ltree, x."regionCode", x."householdId", x.name, x."nameTokens"::tsvector, x."idCipher", x."idHash", x."idMask",
          x."phoneCipher", x."phoneHash", x."phoneMask", x."birthDate"::date, x.sex, x.relation, x."politicalStatus", x.education, x.roles
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x("countyCode" text, path text, "regionCode" text, "householdId" int, name text,
          "nameTokens" text, "idCipher" text, "idHash" text, "idMask" text, "phoneCipher" text, "phoneHash" text, "phoneMask" text,
          "birthDate" text, sex text, relation text, "politicalStatus" text, education text, roles text[])
      returning id, id_hash`);
    for (const r of out) idByHash.set(r.id_hash, num(r.id));
  }
  return list.map((p) => idByHash.get(p.idHash)!);
}

/** Sets each household's head to its member whose relation is 户主. */
export async function assignHouseholdHeads(tx: Executor): Promise<void> {
  await tx.execute(sql`update households h set head_person_id = p.id from persons p where p.household_id = h.id and p.relation = '户主' and h.head_person_id is null`);
}
