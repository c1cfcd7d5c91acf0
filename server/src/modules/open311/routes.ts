/**
 * Open311 GeoReport v2 at /open311/v2/ (see README.md in this folder).
 *
 * These routes are outside /api, so the platform's session/permission hook does not run for
 * them: each request endpoint resolves its api_key (an API token issued under 系统管理 → API 令牌)
 * itself and requires workorder:report (POST) or workorder:read (GET); the token user's data
 * scope applies. The service list is public. Errors are [{code, description}] with 400/403/404.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { AppError, notFound } from '../../platform/http/errors';
import { errorBody, httpStatusFor, render, type Format, type Kind } from './rules';
import { checkJurisdiction, open311Actor, request, requests, serviceDefinition, services, submit, tokenLookup, type SubmitParams } from './service';

type Params = Record<string, string | undefined>;

function formatOf(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0]) ? 'xml' : 'json';
}

/** "HJWS.json" → ['HJWS', 'json']; anything else is not an endpoint. */
function splitFile(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) throw notFound('接口', 'Endpoint');
  return [decodeURIComponent(m[1]), m[2].toLowerCase() as Format];
}

function send(reply: FastifyReply, format: Format, kind: Kind, value: unknown, status = 200) {
  const out = render(format, kind, value);
  return reply.status(status).type(out.contentType).send(out.body);
}

function sendError(req: FastifyRequest, reply: FastifyReply, status: number, description: string) {
  const code = httpStatusFor(status);
  return send(reply, formatOf(req.url), 'errors', errorBody(code, description), code);
}

export const open311Routes = (deps: AppDeps): FastifyPluginAsync => async (root) => {
  const { db } = deps.database;
  const county = deps.config.countyCode;
  const svc = { vault: deps.vault, dataDir: deps.config.dataDir };

  await root.register(
    async (app) => {
      // GeoReport clients post forms; JSON bodies are accepted too.
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      app.setErrorHandler((err: FastifyError, req, reply) => {
        if (err instanceof AppError) return sendError(req, reply, err.statusCode, err.message);
        if (err.statusCode === 429) return sendError(req, reply, 429, '请求过于频繁，请稍后再试');
        if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(req, reply, 400, err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? '请求体不是合法的 JSON' : '请求不合法');
        req.log.error({ err }, 'open311 error');
        return sendError(req, reply, 500, '服务器内部错误，请稍后重试');
      });
      app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, `接口不存在：${req.method} ${req.url.split('?')[0]}`));

      const q = (req: FastifyRequest) => (req.query ?? {}) as Params;
      const ip = (req: FastifyRequest) => req.ip;

      for (const format of ['json', 'xml'] as const) {
        app.get(`/discovery.${format}`, { schema: { hide: true } }, async (_req, reply) =>
          send(reply, format, 'discovery', {
            changeset: '2026-11-01T00:00:00+08:00',
            contact: '县（市）集成指挥中心',
            key_service: '系统管理 → API 令牌（外部系统账号，需“上报、登记工单”与“查看工单”权限）',
            endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: '/open311/v2', changeset: '2026-11-01T00:00:00+08:00', type: 'production', formats: ['application/json', 'text/xml'] }],
          }),
        );

        app.get(`/services.${format}`, { schema: { hide: true } }, async (req, reply) => {
          checkJurisdiction(county, q(req).jurisdiction_id);
          return send(reply, format, 'services', await services(db, county));
        });

        app.get(`/requests.${format}`, { schema: { hide: true } }, async (req, reply) => {
          const p = q(req);
          checkJurisdiction(county, p.jurisdiction_id);
          const actor = await open311Actor(db, p.api_key, ip(req), 'workorder:read');
          return send(reply, format, 'service_requests', await requests(db, actor, p));
        });

        app.post(`/requests.${format}`, { schema: { hide: true } }, async (req, reply) => {
          const p = { ...q(req), ...((req.body ?? {}) as Params) } as SubmitParams & Params;
          for (const [k, v] of Object.entries(p)) if (v !== undefined && typeof v !== 'string') p[k] = String(v);
          checkJurisdiction(county, p.jurisdiction_id);
          const actor = await open311Actor(db, p.api_key, ip(req), 'workorder:report');
          return send(reply, format, 'service_requests', await submit(db, svc, actor, p), 201);
        });
      }

      app.get('/services/:file', { schema: { hide: true } }, async (req, reply) => {
        const [code, format] = splitFile((req.params as Params).file ?? '');
        checkJurisdiction(county, q(req).jurisdiction_id);
        return send(reply, format, 'service_definition', await serviceDefinition(db, county, code));
      });

      app.get('/requests/:file', { schema: { hide: true } }, async (req, reply) => {
        const [id, format] = splitFile((req.params as Params).file ?? '');
        checkJurisdiction(county, q(req).jurisdiction_id);
        const actor = await open311Actor(db, q(req).api_key, ip(req), 'workorder:read');
        return send(reply, format, 'service_requests', await request(db, actor, id));
      });

      app.get('/tokens/:file', { schema: { hide: true } }, async (req, reply) => {
        const [token, format] = splitFile((req.params as Params).file ?? '');
        checkJurisdiction(county, q(req).jurisdiction_id);
        const actor = await open311Actor(db, q(req).api_key, ip(req), 'workorder:read');
        return send(reply, format, 'service_requests', await tokenLookup(db, actor, token));
      });
    },
    { prefix: '/open311/v2' },
  );
};
