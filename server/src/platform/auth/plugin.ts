import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db';
import { forbidden, unauthorized } from '../http/errors';
import { can, type Actor } from '../scope';
import { actorFor, resolveApiToken, resolveSession, type Authenticated } from './service';
import type { Permission } from './permissions';

export const SESSION_COOKIE = 'xz_session';
export const CSRF_COOKIE = 'xz_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The interactive API docs (@fastify/swagger-ui) are public like the OpenAPI document. */
const PUBLIC_PREFIXES = ['/api/docs'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs; every /api route declares one, or `public: true`. */
    permission?: Permission | 'authenticated';
    public?: boolean;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
    actorOrNull: Actor | null;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  permission: string;
}

/** Every route and what it requires: the deny-by-default map reviewed like a security change. */
export const routeTable: RouteRecord[] = [];

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actorOrNull) throw unauthorized();
  return req.actorOrNull;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function installAuth(app: FastifyInstance, db: Db) {
  app.decorateRequest('auth', null);
  app.decorateRequest('actorOrNull', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/') || methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
    const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (!cfg.permission && !cfg.public) throw new Error(`路由 ${methods.join(',')} ${route.url} 未声明权限（deny by default）`);
    for (const m of methods) if (m !== 'HEAD') routeTable.push({ method: m, url: route.url, permission: cfg.public ? 'public' : cfg.permission! });
  });

  app.addHook('preHandler', async (req) => {
    const cfg = req.routeOptions.config as { permission?: string; public?: boolean } | undefined;
    if (!req.url.startsWith('/api/') || PUBLIC_PREFIXES.some((p) => req.url === p || req.url.startsWith(p + '/'))) return;
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (bearer) req.auth = await resolveApiToken(db, bearer);
    else if (cookie) req.auth = await resolveSession(db, cookie);
    if (req.auth) req.actorOrNull = await actorFor(db, req.auth.user, req.ip, req.auth.extras);
    if (cfg?.public) return;
    if (!req.auth || !req.actorOrNull) throw unauthorized();
    if (req.auth.via === 'session' && UNSAFE.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !req.auth.csrfToken || !safeEqual(header, req.auth.csrfToken))
        throw forbidden('CSRF 校验失败，请刷新页面后重试', 'CSRF token missing or wrong');
    }
    if (cfg?.permission && cfg.permission !== 'authenticated' && !can(req.actorOrNull, cfg.permission)) {
      throw forbidden(`没有权限：需要「${cfg.permission}」`, `Permission required: ${cfg.permission}`);
    }
  });
}
