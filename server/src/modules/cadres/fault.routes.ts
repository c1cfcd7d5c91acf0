/** Routes: fault tolerance (L9) — exemption review first, then decision, correction and closure. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { createOnce, idemHeaders } from './idempotency';
import * as C from './contracts';
import { addCorrection, closeCase, completeCorrection, decideCase, getCase, listCases, listScenarios, registerCase, reviewCase, saveScenario } from './service';

const tags = ['fault-tolerance'];
const ScenarioSchema = z.object({ code: z.string(), title: z.string(), description: z.string(), active: z.boolean(), sort: z.number().int() });

export const faultRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;

  app.get('/api/fault-tolerance/scenarios', {
    config: { permission: 'fault:read' },
    schema: { tags, summary: '免责容错情形（默认 8 类，可配置）与审查要素', response: { 200: z.object({ configured: z.boolean(), items: z.array(ScenarioSchema), factors: z.record(z.string(), z.string()) }) } },
  }, async (req) => listScenarios(db, actorOf(req)));

  app.put('/api/fault-tolerance/scenarios/:code', {
    config: { permission: 'fault:write' },
    schema: {
      tags,
      summary: '新增或修改免责情形',
      params: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '情形代码应为小写字母开头的字母、数字或下划线') }),
      body: z.strictObject({ title: C.text(60, '情形名称'), description: C.text(300, '情形说明'), active: z.boolean().default(true), sort: z.number().int().min(0).max(1000).default(100) }),
      response: { 200: ScenarioSchema },
    },
  }, async (req) => saveScenario(db, actorOf(req), req.params.code, req.body));

  app.get('/api/fault-tolerance/cases', {
    config: { permission: 'fault:read' },
    schema: { tags, summary: '容错纠错案例', querystring: z.object({ status: z.enum(C.CASE_STATUSES).optional(), region: C.regionCodeQ.optional(), ...pagingQuery }), response: { 200: C.page(C.CaseSchema) } },
  }, async (req) => listCases(db, actorOf(req), req.query));

  app.post('/api/fault-tolerance/cases', {
    config: { permission: 'fault:write' },
    schema: { headers: idemHeaders, tags, summary: '登记问题线索（先进行免责审查）', body: z.strictObject({ cadreId: z.number().int().positive(), title: C.text(120, '标题'), facts: C.text(4000, '基本事实'), occurredOn: C.dateStr }), response: { 201: C.CaseSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => registerCase(d, actorOf(req), req.body)));

  app.get('/api/fault-tolerance/cases/:id', {
    config: { permission: 'fault:read' },
    schema: { tags, summary: '案例详情', params: C.idParam, response: { 200: C.CaseSchema } },
  }, async (req) => getCase(db, actorOf(req), req.params.id));

  app.post('/api/fault-tolerance/cases/:id/review', {
    config: { permission: 'fault:write' },
    schema: { tags, summary: '免责情形审查：对照情形与审查要素，得出建议', params: C.idParam, body: z.strictObject({ factors: C.CaseFactorsSchema, scenarioCodes: z.array(z.string().max(32)).max(20), note: C.optText(1000, '审查意见').default('') }), response: { 200: C.CaseSchema } },
  }, async (req) => reviewCase(db, actorOf(req), req.params.id, req.body));

  app.post('/api/fault-tolerance/cases/:id/decide', {
    config: { permission: 'fault:write' },
    schema: { tags, summary: '处理决定（免予问责 / 减轻 / 从轻 / 不予容错），不得宽于审查结论', params: C.idParam, body: z.strictObject({ decision: z.enum(C.DECISIONS), reasoning: C.text(2000, '处理理由') }), response: { 200: C.CaseSchema } },
  }, async (req) => decideCase(db, actorOf(req), req.params.id, req.body));

  app.post('/api/fault-tolerance/cases/:id/corrections', {
    config: { permission: 'fault:write' },
    schema: { headers: idemHeaders, tags, summary: '制定纠错整改措施', params: C.idParam, body: z.strictObject({ measure: C.text(500, '整改措施'), dueOn: C.dateStr }), response: { 201: C.CaseSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addCorrection(d, actorOf(req), req.params.id, req.body)));

  app.post('/api/fault-tolerance/corrections/:id/complete', {
    config: { permission: 'fault:write' },
    schema: { tags, summary: '整改措施完成', params: C.idParam, body: z.strictObject({ date: C.dateStr, result: C.text(1000, '整改结果') }), response: { 200: C.CaseSchema } },
  }, async (req) => completeCorrection(db, actorOf(req), req.params.id, req.body));

  app.post('/api/fault-tolerance/cases/:id/close', {
    config: { permission: 'fault:write' },
    schema: { tags, summary: '办结（整改措施须全部完成）', params: C.idParam, body: z.strictObject({ date: C.dateStr }), response: { 200: C.CaseSchema } },
  }, async (req) => closeCase(db, actorOf(req), req.params.id, req.body));
};
