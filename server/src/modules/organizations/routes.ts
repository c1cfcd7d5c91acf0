import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pageSchema, pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { regionCode } from '../regions/routes';
import { ORGANIZATION_KINDS } from './schema';
import { createOrganization, listOrganizations } from './service';

const OrganizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable().describe('脱敏联系电话'),
});
const tags = ['organizations'];

export const organizationRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  app.get('/api/organizations', {
    config: { permission: 'organization:read' },
    schema: { tags, summary: '企业、机关、国企与金融机构', querystring: z.object({ region: regionCode.optional(), kind: z.enum(ORGANIZATION_KINDS).optional(), q: z.string().trim().max(60).optional(), ...pagingQuery }), response: { 200: pageSchema(OrganizationSchema) } },
  }, async (req) => listOrganizations(db, actorOf(req), req.query));

  app.post('/api/organizations', {
    config: { permission: 'organization:write' },
    schema: {
      tags,
      summary: '登记企业或机关（校验统一社会信用代码 GB 32100）',
      body: z.strictObject({
        name: z.string().trim().min(2, '名称至少 2 个字').max(100, '名称过长'),
        kind: z.enum(ORGANIZATION_KINDS),
        uscc: z.string().trim().length(18, '统一社会信用代码应为 18 位'),
        regionCode,
        contactName: z.string().trim().max(40).nullish(),
        contactPhone: z.string().regex(/^1[3-9]\d{9}$/, '联系电话应为 11 位手机号').nullish(),
      }),
      response: { 201: OrganizationSchema },
    },
  }, async (req, reply) => reply.status(201).send(await createOrganization(db, deps.vault, actorOf(req), req.body)));
};
