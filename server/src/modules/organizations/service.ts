import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { badRequest, conflict, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { maskPhone, validatePhone } from '../../platform/standards/phone';
import { validateUscc } from '../../platform/standards/uscc';
import { regionPathsByCode } from '../regions/service';
import { organizations, ORGANIZATION_KINDS } from './schema';

export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface OrganizationFilter {
  region?: string;
  kind?: OrganizationKind;
  q?: string;
  page: number;
  pageSize: number;
}

const columns = { id: organizations.id, name: organizations.name, kind: organizations.kind, uscc: organizations.uscc, regionCode: organizations.regionCode, contactName: organizations.contactName, contactPhone: organizations.contactPhoneMask };

export async function listOrganizations(db: Db, actor: Actor, f: OrganizationFilter) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) {
      const r = (await regionPathsByCode(tx, [f.region])).get(f.region);
      if (!r) throw notFound(`区域 ${f.region} `, 'Region');
      conds.push(sql`${organizations.path} <@ ${r.path}::ltree`);
    }
    if (f.kind) conds.push(eq(organizations.kind, f.kind));
    if (f.q) conds.push(sql`(${organizations.name} like ${'%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} or ${organizations.uscc} = ${f.q.toUpperCase()})`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(organizations).where(where);
    const list = await tx.select(columns).from(organizations).where(where).orderBy(asc(organizations.kind), asc(organizations.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const names = await regionPathsByCode(tx, list.map((o) => o.regionCode));
    return { items: list.map((o) => ({ ...o, regionName: names.get(o.regionCode)?.name ?? '' })), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export interface OrganizationInput {
  name: string;
  kind: OrganizationKind;
  uscc: string;
  regionCode: string;
  contactName?: string | null;
  contactPhone?: string | null;
}

export function organizationRow(vault: PiiVault, countyCode: string, input: OrganizationInput, path: string) {
  const uscc = input.uscc.trim().toUpperCase();
  const checked = validateUscc(uscc);
  if (!checked.ok) throw badRequest('INVALID_USCC', `统一社会信用代码不合法：${checked.reason}`, 'Invalid unified social credit code');
  if (input.contactPhone && !validatePhone(input.contactPhone).ok) throw badRequest('INVALID_PHONE', '联系电话格式不正确（应为 11 位手机号）', 'Invalid mobile number');
  return {
    countyCode,
    name: input.name.trim(),
    kind: input.kind,
    uscc,
    regionCode: input.regionCode,
    path,
    contactName: input.contactName ?? null,
    contactPhoneCipher: input.contactPhone ? vault.encrypt(input.contactPhone) : null,
    contactPhoneMask: input.contactPhone ? maskPhone(input.contactPhone) : null,
  };
}

export async function createOrganization(db: Db, vault: PiiVault, actor: Actor, input: OrganizationInput) {
  return withScope(db, actor, async (tx) => {
    const region = (await regionPathsByCode(tx, [input.regionCode])).get(input.regionCode);
    if (!region) throw notFound(`区域 ${input.regionCode} `, 'Region');
    const values = organizationRow(vault, actor.countyCode, input, region.path);
    const [dup] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, values.uscc));
    if (dup) throw conflict('DUPLICATE_USCC', '该统一社会信用代码已登记', 'This credit code is already registered');
    const [row] = await tx.insert(organizations).values(values).returning(columns);
    const view = { ...row, regionName: region.name };
    await audit(tx, actor, { action: 'organization.create', entity: 'organization', entityId: row.id, path: region.path, after: view });
    await emit(tx, actor, 'organization.created', region.path, { id: row.id, kind: row.kind });
    return view;
  });
}

export async function insertOrganizations(tx: Executor, list: ReturnType<typeof organizationRow>[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) await tx.insert(organizations).values(list.slice(i, i + 1000)).onConflictDoNothing();
}
