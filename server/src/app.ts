import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Config } from './config';
import type { Database } from './platform/db';
import type { PiiVault } from './platform/crypto/vault';
import { installErrorHandler, sendError } from './platform/http/errorHandler';
import { installAuth } from './platform/auth/plugin';
import { authRoutes } from './platform/auth/routes';
import { auditRoutes } from './platform/audit/routes';
import { regionRoutes } from './modules/regions/routes';
import { peopleRoutes } from './modules/people/routes';
import { orgRoutes } from './modules/org/routes';
import { organizationRoutes } from './modules/organizations/routes';

z.config(z.locales.zhCN());

export interface AppDeps {
  database: Database;
  vault: PiiVault;
  config: Config;
  /** Built web app to serve (web/dist); null in API-only tests. */
  webDist?: string | null;
  logger?: boolean;
}

export const VERSION = '0.1.0';
export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: process.env.XZ_TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  // Secure headers (helmet), its middleware built once: @fastify/helmet rebuilt it, parsing the
  // CSP directives, on every request (a few per cent of a posting's CPU).
  const secureHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => secureHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { max: deps.config.rateLimitPerMinute, timeWindow: '1 minute', errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests', message: `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试` }) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '乡治 Xiangzhi API', version: VERSION, description: '党建引领乡村振兴与基层治理平台。所有错误形如 { error: { code, message } }，message 为中文（Accept-Language: en 时为英文）。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xz_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installAuth(app, deps.database.db);

  app.get('/api/health', {
    config: { public: true },
    schema: { tags: ['platform'], summary: '健康检查', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) } },
  }, async () => {
    await deps.database.db.execute(sql`select 1`);
    return { status: 'ok' as const, database: deps.database.kind, version: VERSION };
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(regionRoutes(deps));
  await app.register(peopleRoutes(deps));
  await app.register(orgRoutes(deps));
  await app.register(organizationRoutes(deps));
  await app.register((await import('./modules/workorders/routes')).workOrderRoutes(deps));
  await app.register((await import('./modules/open311/routes')).open311Routes(deps));
  await app.register((await import('./modules/cadres/routes')).cadreRoutes(deps));
  await app.register((await import('./modules/points/routes')).pointsRoutes(deps));

  const dist = deps.webDist === undefined ? DEFAULT_WEB_DIST : deps.webDist;
  const hasWeb = !!dist && fs.existsSync(path.join(dist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: dist!, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes: any other GET outside the APIs serves the app shell.
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/open311/')) return reply.type('text/html').sendFile('index.html');
    return sendError(req, reply, 404, 'NOT_FOUND', `接口不存在：${req.method} ${req.url.split('?')[0]}`, 'No such endpoint');
  });
  return app;
}
