import crypto from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { audit } from '../audit';
import { conflict, forbidden, unauthorized } from '../http/errors';
import { computeScope, type Actor } from '../scope';
import { regions } from '../../modules/regions/schema';
import { persons } from '../../modules/people/schema';
import { apiTokens, knownPermissions, roles, sessions, users, type ScopeKind } from './schema';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { API_TOKEN_PREFIX, afterAttempt, isLocked } from './rules';
import { BUILTIN_ROLES, PERMISSIONS } from './permissions';

export interface AuthSettings {
  countyCode: string;
  sessionHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

type UserRow = typeof users.$inferSelect;

/** Builds the request actor: permissions from roles, scope paths from region codes. */
export async function actorFor(db: Db, user: UserRow, ip?: string, known?: SessionExtras): Promise<Actor> {
  // The session lookup reads the roles' permissions and the scope's paths in the same statement
  // (resolveSession); other callers (login, API tokens, Open311) read them here.
  const permissions = new Set(
    known?.permissions ?? (user.roles.length ? await db.select().from(roles).where(inArray(roles.code, user.roles)) : []).flatMap((r) => r.permissions),
  );
  const county = `c${user.countyCode}`;
  let regionPaths: string[] = known?.scopePaths ?? [];
  let selfPath: string | null = known?.selfPath ?? null;
  const codes = user.scopeKind === 'custom' ? user.scopeRegionCodes : user.scopeKind === 'all' || user.scopeKind === 'self' ? [] : [user.homeRegionCode];
  if (!known && codes.length) {
    regionPaths = (await db.select({ path: regions.path }).from(regions).where(inArray(regions.code, codes))).map((r) => r.path);
  }
  if (!known && user.scopeKind === 'self' && user.personId) {
    const [p] = await db.select({ path: persons.path }).from(persons).where(eq(persons.id, user.personId));
    selfPath = p?.path ?? null;
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    countyCode: user.countyCode,
    permissions,
    scope: computeScope(user.scopeKind, county, regionPaths, selfPath),
    personId: user.personId,
    ip,
  };
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  user: UserRow;
}

export async function login(db: Db, settings: AuthSettings, username: string, password: string, ip: string, userAgent: string): Promise<LoginResult> {
  const now = new Date();
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) {
    await verifyPassword(DUMMY_HASH, password);
    throw unauthorized('用户名或密码错误', 'Wrong username or password');
  }
  const actor = { userId: user.id, username: user.username, displayName: user.displayName, countyCode: user.countyCode, ip } as Actor;
  if (user.disabled) throw forbidden('账号已停用，请联系管理员', 'Account disabled');
  if (isLocked(user, now)) {
    throw forbidden(`连续登录失败次数过多，账号已锁定至 ${fmt(user.lockedUntil!)}`, 'Account locked after repeated failures');
  }
  const ok = await verifyPassword(user.passwordHash, password);
  const next = afterAttempt(user, ok, now, settings.loginMaxFailures, settings.loginLockMinutes);
  if (!ok) {
    await db.transaction(async (tx) => {
      await tx.update(users).set(next).where(eq(users.id, user.id));
      await audit(tx, actor, { action: next.lockedUntil ? 'auth.locked' : 'auth.login_failed', entity: 'user', entityId: user.id, path: user.path });
    });
    if (next.lockedUntil) throw forbidden(`连续登录失败 ${next.failedAttempts} 次，账号已锁定 ${settings.loginLockMinutes} 分钟`, 'Account locked');
    throw unauthorized('用户名或密码错误', 'Wrong username or password');
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ ...next, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(now.getTime() + settings.sessionHours * 3600_000),
      ip,
      userAgent: userAgent.slice(0, 300),
    });
    await audit(tx, actor, { action: 'auth.login', entity: 'user', entityId: user.id, path: user.path });
  });
  return { sessionToken, csrfToken, user };
}

function fmt(d: Date): string {
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** What the session lookup reads besides the user, so that building the actor needs no statement. */
export interface SessionExtras {
  /** The permissions of the user's roles. */
  permissions: string[];
  /** The paths of the regions the user's scope names (home region or custom regions). */
  scopePaths: string[];
  /** A 'self' scope's person path. */
  selfPath: string | null;
}

export interface Authenticated {
  user: UserRow;
  csrfToken: string | null;
  via: 'session' | 'token';
  /** Read with the session: the request's actor is built without another statement. */
  extras?: SessionExtras;
}

/**
 * The session lookup, one prepared statement per connection: the session, its user, the roles'
 * permissions and the scope's region paths (the same codes actorFor reads: the home region for a
 * town, village or grid scope, the listed regions for a custom one), and a 'self' scope's person.
 * Every API request runs it; prepared, it is neither rebuilt by the ORM nor planned again.
 */
function buildSessionLookup(db: Db) {
  return db
    .select({
      user: users,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      permissions: sql<string[]>`coalesce((select array_agg(distinct p) from ${roles} r cross join lateral unnest(r.permissions) p where r.code = any(${users.roles})), '{}'::text[])`,
      scopePaths: sql<string[]>`coalesce((select array_agg(g.path::text) from ${regions} g where g.code = any(case ${users.scopeKind}
          when 'custom' then ${users.scopeRegionCodes} when 'all' then '{}'::text[] when 'self' then '{}'::text[] else array[${users.homeRegionCode}]::text[] end)), '{}'::text[])`,
      selfPath: sql<string | null>`(select pp.path::text from ${persons} pp where ${users.scopeKind} = 'self' and pp.id = ${users.personId})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('xz_session_lookup');
}
const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();
function sessionLookup(db: Db) {
  let q = sessionLookups.get(db);
  if (!q) sessionLookups.set(db, (q = buildSessionLookup(db)));
  return q;
}

export async function resolveSession(db: Db, token: string): Promise<Authenticated | null> {
  const [row] = await sessionLookup(db).execute({ id: sha256(token) });
  if (!row || row.expiresAt.getTime() < Date.now() || row.user.disabled) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, sha256(token)));
  }
  return {
    user: row.user,
    csrfToken: row.csrfToken,
    via: 'session',
    extras: { permissions: row.permissions, scopePaths: row.scopePaths, selfPath: row.selfPath },
  };
}

export async function resolveApiToken(db: Db, token: string): Promise<Authenticated | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ user: users, id: apiTokens.id })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  if (!row || row.user.disabled) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  return { user: row.user, csrfToken: null, via: 'token' };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}

export async function issueApiToken(db: Db, actor: Actor, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = API_TOKEN_PREFIX + randomToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name, prefix: token.slice(0, 10), tokenHash: sha256(token) })
      .returning({ id: apiTokens.id });
    await audit(tx, actor, { action: 'token.create', entity: 'api_token', entityId: row.id, after: { name, userId } });
    return { id: row.id, token };
  });
}

/**
 * Creates missing built-in roles, and grants permissions introduced by a new version to the
 * built-in roles that have them by default — once, so an administrator's later removal stays.
 */
export async function ensureBuiltinRoles(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const known = new Set((await tx.select({ code: knownPermissions.code }).from(knownPermissions)).map((k) => k.code));
    const introduced = (Object.keys(PERMISSIONS) as string[]).filter((p) => !known.has(p));
    for (const r of BUILTIN_ROLES) {
      const inserted = await tx.insert(roles).values({ code: r.code, name: r.name, permissions: r.permissions, builtin: true }).onConflictDoNothing().returning({ code: roles.code });
      if (inserted.length) continue; // a new role already has all its defaults
      const grant = r.permissions.filter((p) => introduced.includes(p));
      if (grant.length) {
        await tx.execute(sql`update roles set permissions = (select array(select distinct unnest(permissions || ${sql.raw(`ARRAY[${grant.map((g) => `'${g.replace(/'/g, "''")}'`).join(',')}]::text[]`)}))) where code = ${r.code}`);
      }
    }
    if (introduced.length) await tx.insert(knownPermissions).values(introduced.map((code) => ({ code }))).onConflictDoNothing();
  });
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  scopeKind: ScopeKind;
  scopeRegionCodes: string[];
  homeRegionCode: string;
  personId?: number | null;
}

/** Creates an account without a scoped actor: for seeding and the create-user command. */
export async function createUserUnscoped(db: Db, countyCode: string, u: NewUser): Promise<UserRow> {
  const [home] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, u.homeRegionCode));
  if (!home) throw conflict('UNKNOWN_REGION', `区域 ${u.homeRegionCode} 不存在`, `Region ${u.homeRegionCode} does not exist`);
  const [row] = await db
    .insert(users)
    .values({ ...u, countyCode, path: home.path, passwordHash: await hashPassword(u.password), personId: u.personId ?? null })
    .returning();
  return row;
}
