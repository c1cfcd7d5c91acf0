import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../auth/plugin';
import { pageSchema, pagingQuery } from '../http/paging';
import { forbidden } from '../http/errors';
import type { AppDeps } from '../../app';
import { verifyAuditChain } from './index';
import { searchAudit } from './search';

const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  regionPath: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), '日期格式不正确');

export const auditRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  app.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: '审计日志检索（只见数据范围内的记录）',
      querystring: z.object({ q: z.string().trim().max(60).optional(), action: z.string().max(60).optional(), entity: z.string().max(60).optional(), actor: z.string().max(60).optional(), from: isoDate.optional(), to: isoDate.optional(), ...pagingQuery }),
      response: { 200: pageSchema(AuditRow) },
    },
  }, async (req) => searchAudit(db, actorOf(req), req.query));

  app.post('/api/audit/verify', {
    config: { permission: 'audit:read' },
    schema: { tags: ['audit'], summary: '校验审计哈希链（全县管理员）', response: { 200: z.object({ ok: z.boolean(), checked: z.number().int(), chains: z.number().int(), brokenAt: z.number().int().nullable() }) } },
  }, async (req) => {
    const actor = actorOf(req);
    if (actor.scope.kind !== 'all') throw forbidden('只有全县范围的管理员可以校验整条哈希链', 'County-wide scope required');
    return verifyAuditChain(db, actor.countyCode);
  });
};
