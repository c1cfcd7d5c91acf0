import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { num } from '../db';
import { audit } from '../audit';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { can, pathVisible, withScope, type Actor } from '../scope';
import { regionPathsByCode } from '../../modules/regions/service';
import { apiTokens, roles, users, type ScopeKind } from './schema';
import { hashPassword } from './passwords';
import { passwordProblem } from './rules';
import { PERMISSIONS } from './permissions';
import { issueApiToken } from './service';

export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  scopeKind: ScopeKind;
  scopeRegionCodes: string[];
  homeRegionCode: string;
  personId?: number | null;
}

type UserRow = typeof users.$inferSelect;

async function userViews(db: Db, actor: Actor, list: UserRow[]) {
  return withScope(db, actor, async (tx) => {
    const regionsByCode = await regionPathsByCode(tx, list.flatMap((u) => [u.homeRegionCode, ...u.scopeRegionCodes]));
    const name = (code: string) => ({ code, name: regionsByCode.get(code)?.name ?? code });
    return list.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      scopeKind: u.scopeKind,
      scopeRegions: u.scopeRegionCodes.map(name),
      homeRegion: name(u.homeRegionCode),
      disabled: u.disabled,
      lockedUntil: u.lockedUntil?.toISOString() ?? null,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    }));
  });
}

export async function listUsers(db: Db, actor: Actor, f: { q?: string; page: number; pageSize: number }) {
  const { list, total } = await withScope(db, actor, async (tx) => {
    const where: SQL | undefined = f.q ? sql`(${users.username} like ${'%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} or ${users.displayName} like ${'%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'})` : undefined;
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(users).where(where);
    const list = await tx.select().from(users).where(where).orderBy(asc(users.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { list, total: num(total) };
  });
  return { items: await userViews(db, actor, list), total, page: f.page, pageSize: f.pageSize };
}

/**
 * Nobody hands out more than they hold: roles only with permissions the actor has, scopes only
 * inside the actor's own scope, 'all' only by an actor whose scope is all.
 */
async function checkGrant(db: Db, actor: Actor, input: Pick<UserInput, 'roles' | 'scopeKind' | 'scopeRegionCodes' | 'homeRegionCode'>) {
  const roleRows = input.roles.length ? await db.select().from(roles).where(inArray(roles.code, input.roles)) : [];
  const unknown = input.roles.filter((r) => !roleRows.some((x) => x.code === r));
  if (unknown.length) throw badRequest('UNKNOWN_ROLE', `角色不存在：${unknown.join('、')}`, `Unknown roles: ${unknown.join(', ')}`);
  const excess = roleRows.flatMap((r) => r.permissions).filter((p) => !can(actor, p));
  if (excess.length) throw forbidden(`不能授予自己没有的权限：${[...new Set(excess)].join('、')}`, 'Cannot grant permissions you do not hold');
  if (input.scopeKind === 'all' && actor.scope.kind !== 'all') throw forbidden('只有全县范围的管理员可以授予“全部”数据范围', 'Only county-wide admins grant scope all');
  if (input.scopeKind === 'custom' && input.scopeRegionCodes.length === 0) throw badRequest('SCOPE_REGIONS_REQUIRED', '自定义数据范围至少选择一个区域', 'Custom scope needs regions');
  const codes = [input.homeRegionCode, ...(input.scopeKind === 'custom' ? input.scopeRegionCodes : [])];
  const paths = await withScope(db, actor, (tx) => regionPathsByCode(tx, codes));
  for (const code of codes) {
    const r = paths.get(code);
    if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
    if (!pathVisible(actor.scope, r.path)) throw forbidden(`区域 ${r.name} 超出您的数据范围`, 'Region outside your scope');
  }
  return paths.get(input.homeRegionCode)!.path;
}

export async function createUser(db: Db, actor: Actor, input: UserInput) {
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest('WEAK_PASSWORD', problem, 'Password too weak');
  const homePath = await checkGrant(db, actor, input);
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw conflict('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`, 'Username taken');
  const passwordHash = await hashPassword(input.password);
  const row = await withScope(db, actor, async (tx) => {
    const { password: _omit, ...rest } = input;
    const [row] = await tx.insert(users).values({ ...rest, countyCode: actor.countyCode, path: homePath, passwordHash, personId: input.personId ?? null }).returning();
    await audit(tx, actor, { action: 'user.create', entity: 'user', entityId: row.id, path: homePath, after: { username: row.username, roles: row.roles, scopeKind: row.scopeKind, scopeRegionCodes: row.scopeRegionCodes } });
    return row;
  });
  return (await userViews(db, actor, [row]))[0];
}

export interface UserPatch {
  displayName?: string;
  password?: string;
  roles?: string[];
  scopeKind?: ScopeKind;
  scopeRegionCodes?: string[];
  homeRegionCode?: string;
  disabled?: boolean;
}

export async function updateUser(db: Db, actor: Actor, id: number, patch: UserPatch) {
  const [current] = await withScope(db, actor, (tx) => tx.select().from(users).where(eq(users.id, id)));
  if (!current) throw notFound('用户', 'User');
  if (id === actor.userId && (patch.disabled || patch.roles || patch.scopeKind)) throw forbidden('不能修改自己的角色、数据范围或停用自己', 'Cannot change your own access');
  const merged = { roles: patch.roles ?? current.roles, scopeKind: patch.scopeKind ?? current.scopeKind, scopeRegionCodes: patch.scopeRegionCodes ?? current.scopeRegionCodes, homeRegionCode: patch.homeRegionCode ?? current.homeRegionCode };
  const homePath = await checkGrant(db, actor, merged);
  const set: Partial<typeof users.$inferInsert> = { ...merged, path: homePath };
  if (patch.displayName !== undefined) set.displayName = patch.displayName;
  if (patch.disabled !== undefined) set.disabled = patch.disabled;
  if (patch.password !== undefined) {
    const problem = passwordProblem(patch.password);
    if (problem) throw badRequest('WEAK_PASSWORD', problem, 'Password too weak');
    set.passwordHash = await hashPassword(patch.password);
  }
  const row = await withScope(db, actor, async (tx) => {
    const [row] = await tx.update(users).set(set).where(eq(users.id, id)).returning();
    await audit(tx, actor, {
      action: 'user.update', entity: 'user', entityId: id, path: homePath,
      before: { roles: current.roles, scopeKind: current.scopeKind, scopeRegionCodes: current.scopeRegionCodes, disabled: current.disabled },
      after: { roles: row.roles, scopeKind: row.scopeKind, scopeRegionCodes: row.scopeRegionCodes, disabled: row.disabled, passwordChanged: patch.password !== undefined },
    });
    return row;
  });
  if (patch.disabled || patch.password !== undefined) await db.execute(sql`delete from sessions where user_id = ${id}`);
  return (await userViews(db, actor, [row]))[0];
}

export async function unlockUser(db: Db, actor: Actor, id: number) {
  const row = await withScope(db, actor, async (tx) => {
    const [row] = await tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, id)).returning();
    if (!row) throw notFound('用户', 'User');
    await audit(tx, actor, { action: 'user.unlock', entity: 'user', entityId: id, path: row.path });
    return row;
  });
  return (await userViews(db, actor, [row]))[0];
}

export async function listRoles(db: Db) {
  return db.select().from(roles).orderBy(asc(roles.code));
}

export async function updateRolePermissions(db: Db, actor: Actor, code: string, permissions: string[]) {
  const unknown = permissions.filter((p) => !(p in PERMISSIONS));
  if (unknown.length) throw badRequest('UNKNOWN_PERMISSION', `权限不存在：${unknown.join('、')}`, 'Unknown permission');
  const excess = permissions.filter((p) => !can(actor, p));
  if (excess.length) throw forbidden(`不能授予自己没有的权限：${excess.join('、')}`, 'Cannot grant permissions you do not hold');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(roles).where(eq(roles.code, code));
    if (!before) throw notFound('角色', 'Role');
    const [row] = await tx.update(roles).set({ permissions }).where(eq(roles.code, code)).returning();
    await audit(tx, actor, { action: 'role.update', entity: 'role', entityId: code, before: { permissions: before.permissions }, after: { permissions } });
    return row;
  });
}

/** Tokens of the users the actor can see. */
export async function listTokens(db: Db, actor: Actor) {
  const visible = await withScope(db, actor, (tx) => tx.select({ id: users.id, displayName: users.displayName }).from(users));
  if (visible.length === 0) return [];
  const names = new Map(visible.map((u) => [u.id, u.displayName]));
  const list = await db.select().from(apiTokens).where(inArray(apiTokens.userId, [...names.keys()])).orderBy(desc(apiTokens.id));
  return list.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, userName: names.get(t.userId) ?? '', createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }));
}

export async function createToken(db: Db, actor: Actor, name: string, userId?: number) {
  const target = userId ?? actor.userId;
  if (target === null) throw forbidden();
  const [u] = await withScope(db, actor, (tx) => tx.select({ id: users.id }).from(users).where(eq(users.id, target)));
  if (!u) throw notFound('用户', 'User');
  return issueApiToken(db, actor, target, name);
}

export async function revokeToken(db: Db, actor: Actor, id: number) {
  const mine = await listTokens(db, actor);
  if (!mine.some((t) => t.id === id)) throw notFound('令牌', 'Token');
  await db.transaction(async (tx) => {
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    await audit(tx, actor, { action: 'token.revoke', entity: 'api_token', entityId: id });
  });
}
