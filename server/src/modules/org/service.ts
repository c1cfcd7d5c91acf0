import { insertRows } from '../../platform/db/bulk';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { regionPathsByCode } from '../regions/service';
import { personNamesByIds, personViewsByIds } from '../people/service';
import { partyMemberships, partyOrgs } from './schema';

export interface PartyOrgFilter {
  region?: string;
  kind?: (typeof partyOrgs.$inferSelect)['kind'];
  q?: string;
  page: number;
  pageSize: number;
}

const memberCount = sql<number>`(select count(*) from party_memberships m where m.org_id = "party_orgs"."id")`;

export async function listPartyOrgs(db: Db, actor: Actor, f: PartyOrgFilter) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) {
      const r = (await regionPathsByCode(tx, [f.region])).get(f.region);
      if (!r) throw notFound(`区域 ${f.region} `, 'Region');
      conds.push(sql`${partyOrgs.path} <@ ${r.path}::ltree`);
    }
    if (f.kind) conds.push(eq(partyOrgs.kind, f.kind));
    if (f.q) conds.push(sql`${partyOrgs.name} like ${'%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(partyOrgs).where(where);
    const list = await tx
      .select({ id: partyOrgs.id, name: partyOrgs.name, kind: partyOrgs.kind, regionCode: partyOrgs.regionCode, parentId: partyOrgs.parentId, secretaryPersonId: partyOrgs.secretaryPersonId, memberCount })
      .from(partyOrgs)
      .where(where)
      .orderBy(sql`nlevel(${partyOrgs.path})`, asc(partyOrgs.regionCode), asc(partyOrgs.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const regionNames = await regionPathsByCode(tx, list.map((o) => o.regionCode));
    const secretaries = await personNamesByIds(tx, list.map((o) => o.secretaryPersonId).filter((x): x is number => x !== null));
    return {
      items: list.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        regionCode: o.regionCode,
        regionName: regionNames.get(o.regionCode)?.name ?? '',
        parentId: o.parentId,
        secretaryName: o.secretaryPersonId ? secretaries.get(o.secretaryPersonId) ?? null : null,
        memberCount: num(o.memberCount),
      })),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}

export async function listPartyOrgMembers(db: Db, actor: Actor, orgId: number, page: number, pageSize: number) {
  return withScope(db, actor, async (tx) => {
    const [org] = await tx.select({ id: partyOrgs.id }).from(partyOrgs).where(eq(partyOrgs.id, orgId));
    if (!org) throw notFound('党组织', 'Party organization');
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(partyMemberships).where(eq(partyMemberships.orgId, orgId));
    const ids = (await tx.select({ personId: partyMemberships.personId }).from(partyMemberships).where(eq(partyMemberships.orgId, orgId)).orderBy(asc(partyMemberships.personId)).limit(pageSize).offset((page - 1) * pageSize)).map((m) => m.personId);
    return { items: await personViewsByIds(tx, ids), total: num(total), page, pageSize };
  });
}

/** The party organizations a person belongs to (for the person page). */
export async function partyOrgsOfPerson(db: Db, actor: Actor, personId: number) {
  return withScope(db, actor, async (tx) => {
    const orgIds = (await tx.select({ orgId: partyMemberships.orgId }).from(partyMemberships).where(eq(partyMemberships.personId, personId))).map((m) => m.orgId);
    if (orgIds.length === 0) return [];
    return tx.select({ id: partyOrgs.id, name: partyOrgs.name, kind: partyOrgs.kind }).from(partyOrgs).where(inArray(partyOrgs.id, orgIds));
  });
}

export interface PartyOrgInsert {
  name: string;
  kind: (typeof partyOrgs.$inferInsert)['kind'];
  regionCode: string;
  path: string;
  parentId: number | null;
  secretaryPersonId: number | null;
}

export async function insertPartyOrg(tx: Executor, countyCode: string, org: PartyOrgInsert): Promise<number> {
  const [row] = await tx.insert(partyOrgs).values({ ...org, countyCode }).returning({ id: partyOrgs.id });
  return row.id;
}

/** Many organizations in one statement, with ids reserved beforehand (see reserveIds). */
export async function insertPartyOrgsWithIds(tx: Executor, countyCode: string, list: (PartyOrgInsert & { id: number })[]): Promise<void> {
  if (list.length === 0) return;
  await tx.execute(sql`insert into party_orgs (id, county_code, name, kind, region_code, path, parent_id, secretary_person_id)
    select x.id, ${countyCode}, x.name, x.kind, x."regionCode", x.path::ltree, x."parentId", x."secretaryPersonId"
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id int, name text, kind text, "regionCode" text, path text, "parentId" int, "secretaryPersonId" int)`);
}

export async function insertMemberships(tx: Executor, countyCode: string, list: { orgId: number; personId: number; path: string; status: 'formal' | 'probationary' }[]): Promise<void> {
  await insertRows(tx, partyMemberships, list.map((m) => ({ ...m, countyCode })), { onConflictDoNothing: true });
}
