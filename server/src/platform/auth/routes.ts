import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app';
import { regionPathsByCode } from '../../modules/regions/service';
import { pageSchema, pagingQuery } from '../http/paging';
import { unauthorized } from '../http/errors';
import { withScope } from '../scope';
import { CSRF_COOKIE, SESSION_COOKIE, actorOf } from './plugin';
import { createToken, createUser, listRoles, listTokens, listUsers, revokeToken, unlockUser, updateRolePermissions, updateUser } from './admin';
import { PERMISSIONS } from './permissions';
import { SCOPE_KINDS, roles as rolesTable } from './schema';
import { actorFor, login, logout } from './service';
import { inArray } from 'drizzle-orm';

const RegionRef = z.object({ code: z.string(), name: z.string() });
const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  roleNames: z.array(z.string()),
  permissions: z.array(z.string()),
  scope: z.object({ kind: z.enum(SCOPE_KINDS), regions: z.array(RegionRef.extend({ level: z.string(), path: z.string() })) }),
  homeRegion: RegionRef.extend({ level: z.string(), path: z.string() }),
});
const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  scopeKind: z.enum(SCOPE_KINDS),
  scopeRegions: z.array(RegionRef),
  homeRegion: RegionRef,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
const username = z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/, '用户名为 3–64 位字母、数字、下划线、点或减号');
const regionCodeList = z.array(z.string().regex(/^\d{6,15}$/, '区域代码格式不正确')).max(50);
const idParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数') });

export const authRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  const cfg = deps.config;
  const cookieBase = { path: '/', secure: cfg.secureCookies, maxAge: cfg.sessionHours * 3600 };

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: '登录（会话 Cookie + CSRF 令牌）', body: z.strictObject({ username: z.string().trim().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(128) }), response: { 200: z.object({ user: Me }) } },
  }, async (req, reply) => {
    const result = await login(db, { ...cfg, countyCode: cfg.countyCode }, req.body.username, req.body.password, req.ip, req.headers['user-agent'] ?? '');
    reply.setCookie(SESSION_COOKIE, result.sessionToken, { ...cookieBase, httpOnly: true, sameSite: 'lax' });
    reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieBase, httpOnly: false, sameSite: 'strict' });
    return { user: await meOf(deps, await actorFor(db, result.user, req.ip), result.user) };
  });

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: z.object({ ok: z.boolean() }) } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { config: { permission: 'authenticated' }, schema: { tags: ['auth'], summary: '当前用户、角色、权限与数据范围', response: { 200: Me } } }, async (req) => {
    if (!req.auth) throw unauthorized();
    return meOf(deps, actorOf(req), req.auth.user);
  });

  app.get('/api/admin/users', {
    config: { permission: 'admin:users' },
    schema: { tags: ['admin'], summary: '用户列表（数据范围内）', querystring: z.object({ q: z.string().trim().max(40).optional(), ...pagingQuery }), response: { 200: pageSchema(UserView) } },
  }, async (req) => listUsers(db, actorOf(req), req.query));

  app.post('/api/admin/users', {
    config: { permission: 'admin:users' },
    schema: {
      tags: ['admin'],
      summary: '新建用户（只能授予自己拥有的权限与范围）',
      body: z.strictObject({ username, displayName: z.string().trim().min(1).max(40), password: z.string().max(128), roles: z.array(z.string().max(40)).min(1, '至少选择一个角色').max(10), scopeKind: z.enum(SCOPE_KINDS), scopeRegionCodes: regionCodeList.default([]), homeRegionCode: z.string().regex(/^\d{6,15}$/, '区域代码格式不正确'), personId: z.number().int().positive().nullish() }),
      response: { 201: UserView },
    },
  }, async (req, reply) => reply.status(201).send(await createUser(db, actorOf(req), req.body)));

  app.patch('/api/admin/users/:id', {
    config: { permission: 'admin:users' },
    schema: {
      tags: ['admin'],
      summary: '修改用户',
      params: idParam,
      body: z.strictObject({ displayName: z.string().trim().min(1).max(40).optional(), password: z.string().max(128).optional(), roles: z.array(z.string().max(40)).min(1).max(10).optional(), scopeKind: z.enum(SCOPE_KINDS).optional(), scopeRegionCodes: regionCodeList.optional(), homeRegionCode: z.string().regex(/^\d{6,15}$/).optional(), disabled: z.boolean().optional() }),
      response: { 200: UserView },
    },
  }, async (req) => updateUser(db, actorOf(req), req.params.id, req.body));

  app.post('/api/admin/users/:id/unlock', { config: { permission: 'admin:users' }, schema: { tags: ['admin'], summary: '解除登录锁定', params: idParam, response: { 200: UserView } } }, async (req) => unlockUser(db, actorOf(req), req.params.id));

  app.get('/api/admin/roles', {
    config: { permission: 'admin:users' },
    schema: { tags: ['admin'], summary: '角色及其权限', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), permissions: z.array(z.string()), builtin: z.boolean() })) }) } },
  }, async () => ({ items: await listRoles(db) }));

  app.put('/api/admin/roles/:code', {
    config: { permission: 'admin:roles' },
    schema: { tags: ['admin'], summary: '修改角色权限', params: z.object({ code: z.string().max(40) }), body: z.strictObject({ permissions: z.array(z.string().max(60)).max(100) }), response: { 200: z.object({ code: z.string(), name: z.string(), permissions: z.array(z.string()), builtin: z.boolean() }) } },
  }, async (req) => updateRolePermissions(db, actorOf(req), req.params.code, req.body.permissions));

  app.get('/api/admin/permissions', {
    config: { permission: 'admin:users' },
    schema: { tags: ['admin'], summary: '全部权限项', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) } },
  }, async () => ({ items: Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name })) }));

  const TokenView = z.object({ id: z.number().int(), name: z.string(), prefix: z.string(), userName: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
  app.get('/api/admin/tokens', { config: { permission: 'admin:tokens' }, schema: { tags: ['admin'], summary: 'API 令牌', response: { 200: z.object({ items: z.array(TokenView) }) } } }, async (req) => ({ items: await listTokens(db, actorOf(req)) }));
  app.post('/api/admin/tokens', {
    config: { permission: 'admin:tokens' },
    schema: { tags: ['admin'], summary: '签发 API 令牌（明文只显示一次）', body: z.strictObject({ name: z.string().trim().min(1, '请填写令牌名称').max(60), userId: z.number().int().positive().optional() }), response: { 201: z.object({ id: z.number().int(), token: z.string() }) } },
  }, async (req, reply) => reply.status(201).send(await createToken(db, actorOf(req), req.body.name, req.body.userId)));
  app.delete('/api/admin/tokens/:id', { config: { permission: 'admin:tokens' }, schema: { tags: ['admin'], summary: '吊销 API 令牌', params: idParam, response: { 200: z.object({ ok: z.boolean() }) } } }, async (req) => {
    await revokeToken(db, actorOf(req), req.params.id);
    return { ok: true };
  });
};

async function meOf(deps: AppDeps, actor: ReturnType<typeof actorOf>, user: { id: number; username: string; displayName: string; roles: string[]; scopeKind: (typeof SCOPE_KINDS)[number]; scopeRegionCodes: string[]; homeRegionCode: string }) {
  const { db } = deps.database;
  const roleRows = user.roles.length ? await db.select().from(rolesTable).where(inArray(rolesTable.code, user.roles)) : [];
  const scopeCodes = user.scopeKind === 'custom' ? user.scopeRegionCodes : user.scopeKind === 'all' ? [actor.countyCode] : [user.homeRegionCode];
  const regionsByCode = await withScope(db, actor, (tx) => regionPathsByCode(tx, [user.homeRegionCode, ...scopeCodes]));
  const ref = (code: string) => {
    const r = regionsByCode.get(code);
    return { code, name: r?.name ?? code, level: r?.level ?? '', path: r?.path ?? '' };
  };
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    roleNames: roleRows.map((r) => r.name),
    permissions: [...actor.permissions],
    scope: {
      kind: user.scopeKind,
      regions: scopeCodes.map(ref),
    },
    homeRegion: ref(user.homeRegionCode),
  };
}
