import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import type { AppDeps } from '../../app';
import { REGION_LEVELS } from './schema';
import { getRegion, listAncestors, listChildren, regionGeoJson, searchRegions } from './service';

export const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3}(\d{2,3})?)?)?$/, '区域代码应为 6、9、12、14 或 15 位数字');

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  kind: z.string(),
  path: z.string(),
  parentCode: z.string().nullable(),
  childCount: z.number().int(),
  geometrySynthetic: z.boolean(),
  stats: z.object({ households: z.number().int(), persons: z.number().int(), partyMembers: z.number().int() }),
});

const Geometry = z.object({ type: z.string(), coordinates: z.any() });
const params = z.object({ code: regionCode });
const tags = ['regions'];

export const regionRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  app.get('/api/regions/search', {
    config: { permission: 'region:read' },
    schema: { tags, summary: '按名称或代码搜索区域', querystring: z.object({ q: z.string().trim().min(1, '请输入搜索词').max(50) }), response: { 200: z.object({ items: z.array(RegionSchema) }) } },
  }, async (req) => ({ items: await searchRegions(db, actorOf(req), req.query.q) }));

  app.get('/api/regions/:code', {
    config: { permission: 'region:read' },
    schema: { tags, summary: '区域详情（含人口统计）', params, response: { 200: RegionSchema } },
  }, async (req) => getRegion(db, actorOf(req), req.params.code));

  app.get('/api/regions/:code/children', {
    config: { permission: 'region:read' },
    schema: { tags, summary: '下级区域', params, response: { 200: z.object({ items: z.array(RegionSchema) }) } },
  }, async (req) => ({ items: await listChildren(db, actorOf(req), req.params.code) }));

  app.get('/api/regions/:code/ancestors', {
    config: { permission: 'region:read' },
    schema: { tags, summary: '上级区域链（面包屑，自县而下）', params, response: { 200: z.object({ items: z.array(RegionSchema) }) } },
  }, async (req) => ({ items: await listAncestors(db, actorOf(req), req.params.code) }));

  app.get('/api/regions/:code/geojson', {
    config: { permission: 'region:read' },
    schema: {
      tags,
      summary: '区域及下级边界（GeoJSON）',
      params,
      response: {
        200: z.object({
          type: z.literal('FeatureCollection'),
          synthetic: z.boolean(),
          outline: Geometry.nullable(),
          features: z.array(z.object({ type: z.literal('Feature'), geometry: Geometry, properties: z.object({ code: z.string(), name: z.string(), level: z.string(), persons: z.number() }) })),
        }),
      },
    },
  }, async (req) => regionGeoJson(db, actorOf(req), req.params.code));
};
