import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pageSchema, pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { regionCode } from '../regions/routes';
import { PersonSchema } from '../people/routes';
import { PARTY_ORG_KINDS } from './schema';
import { listPartyOrgMembers, listPartyOrgs, partyOrgsOfPerson } from './service';

const PartyOrgSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PARTY_ORG_KINDS),
  regionCode: z.string(),
  regionName: z.string(),
  parentId: z.number().int().nullable(),
  secretaryName: z.string().nullable(),
  memberCount: z.number().int(),
});
const tags = ['party-orgs'];
const idParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数') });

export const orgRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  app.get('/api/party-orgs', {
    config: { permission: 'party_org:read' },
    schema: { tags, summary: '党组织列表（党委/党总支/党支部/网格党小组）', querystring: z.object({ region: regionCode.optional(), kind: z.enum(PARTY_ORG_KINDS).optional(), q: z.string().trim().max(40).optional(), ...pagingQuery }), response: { 200: pageSchema(PartyOrgSchema) } },
  }, async (req) => listPartyOrgs(db, actorOf(req), req.query));

  app.get('/api/party-orgs/:id/members', {
    config: { permission: 'party_org:read' },
    schema: { tags, summary: '党组织成员', params: idParam, querystring: z.object(pagingQuery), response: { 200: pageSchema(PersonSchema) } },
  }, async (req) => listPartyOrgMembers(db, actorOf(req), req.params.id, req.query.page, req.query.pageSize));

  app.get('/api/persons/:id/party-orgs', {
    config: { permission: 'party_org:read' },
    schema: { tags, summary: '某人所在的党组织', params: idParam, response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(PARTY_ORG_KINDS) })) }) } },
  }, async (req) => ({ items: await partyOrgsOfPerson(db, actorOf(req), req.params.id) }));
};
