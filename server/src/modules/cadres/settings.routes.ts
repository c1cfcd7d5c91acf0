/** Routes: settings edited after the fact — cultivation milestones, recruitment rules, scenario order. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import type { AppDeps } from '../../app';
import * as C from './contracts';
import { previewBatchRule, reorderScenarios, setBatchRule, updateMilestone } from './settings';

const RuleSchema = z.union([C.VeteranFormulaSchema, C.GridRuleSchema, C.ExamRuleSchema]);
const ScenarioSchema = z.object({ code: z.string(), title: z.string(), description: z.string(), active: z.boolean(), sort: z.number().int() });
const milestoneParams = z.object({ id: z.coerce.number().int().positive('编号必须是正整数'), milestoneId: z.coerce.number().int().positive('编号必须是正整数') });
const PreviewRow = z.object({
  id: z.number().int(), name: z.string(), education: z.string(), villageName: z.string(), townName: z.string(),
  before: z.object({ score: z.number(), rank: z.number().int().nullable() }),
  after: z.object({ score: z.number(), rank: z.number().int().nullable(), eligible: z.boolean(), note: z.string().nullable() }),
});

export const settingsRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;

  app.patch('/api/cultivation-plans/:id/milestones/:milestoneId', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['special-posts'],
      summary: '修改未完成的培养节点（名称、期限；期限不早于培养开始日期）',
      params: milestoneParams,
      body: z.strictObject({ title: C.text(100, '节点名称').optional(), dueOn: C.dateStr.optional() }),
      response: { 200: C.CultivationPlanSchema },
    },
  }, async (req) => updateMilestone(db, actorOf(req), req.params.id, req.params.milestoneId, req.body));

  app.post('/api/recruitment-batches/:id/rule-preview', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['recruitment'],
      summary: '试算：按拟修改的规则（积分公式、遴选条件、分数线）重新计分排名，不保存',
      params: C.idParam,
      body: z.strictObject({ rule: RuleSchema }),
      response: { 200: z.object({ id: z.number().int(), channel: z.enum(C.RECRUITMENT_CHANNELS), quota: z.number().int(), rule: RuleSchema, candidates: z.array(PreviewRow) }) },
    },
  }, async (req) => previewBatchRule(db, actorOf(req), req.params.id, req.body.rule));

  app.put('/api/recruitment-batches/:id/rule', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['recruitment'],
      summary: '修改招录规则（录用前）；候选人积分随即重算，已排名的批次按新规则重新排名',
      params: C.idParam,
      body: z.strictObject({ rule: RuleSchema }),
      response: { 200: C.BatchSchema.extend({ candidates: z.array(C.CandidateSchema) }) },
    },
  }, async (req) => setBatchRule(db, actorOf(req), req.params.id, req.body.rule));

  app.put('/api/fault-tolerance/scenario-order', {
    config: { permission: 'fault:write' },
    schema: {
      tags: ['fault-tolerance'],
      summary: '调整免责情形的顺序（须列出全部情形代码各一次）',
      body: z.strictObject({ codes: z.array(z.string().max(32, '情形代码过长')).min(1, '请列出情形').max(100) }),
      response: { 200: z.object({ configured: z.boolean(), items: z.array(ScenarioSchema), factors: z.record(z.string(), z.string()) }) },
    },
  }, async (req) => reorderScenarios(db, actorOf(req), req.body));
};
