/** Routes: registry (L1), plan (L2), seed pool (L3), special posts and recruitment (L4), pay (L7), honors (L11), my record. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pagingQuery } from '../../platform/http/paging';
import { badRequest } from '../../platform/http/errors';
import type { AppDeps } from '../../app';
import { createOnce, idemHeaders } from './idempotency';
import { EXPORT_FORMATS, renderExport } from './tables';
import {
  AGE_BAND_LABELS,
  CADRE_STATUS_LABELS,
  CASE_FACTORS,
  CASE_STATUS_LABELS,
  DECISION_LABELS,
  GRADE_LABELS,
  HONOR_KIND_LABELS,
  LEVEL_CHANGE_REASON_LABELS,
  MATTER_LEVEL_LABELS,
  PAY_POST_LABELS,
  PLAN_METRICS,
  POLITICAL_LABELS,
  POST_LABELS,
  SEASON_LABELS,
  SEED_STATUS_LABELS,
  SELECTION_STATUS_LABELS,
  SESSION_KIND_LABELS,
  SOURCE_CHANNEL_LABELS,
  SPECIAL_KIND_LABELS,
  VOTER_GROUP_LABELS,
} from './rules';
import * as C from './contracts';
import {
  addCadreNote,
  addCandidate,
  addMilestone,
  addSpecialActivity,
  admitBatch,
  admitSeed,
  applyToRound,
  appointRound,
  awardHonor,
  cadreCard,
  cadreLeaves,
  cadrePay,
  cadreSummary,
  changePayLevel,
  changePost,
  closeApplications,
  completeMilestone,
  createRecruitmentBatch,
  createSelectionRound,
  exportCadres,
  exportHonors,
  getCadre,
  getCultivationPlan,
  getHonorEvidence,
  getPayScale,
  getPlan,
  getRecruitmentBatch,
  getSeedMember,
  getSelectionRound,
  importCadres,
  importTemplate,
  leaveSeed,
  listCadres,
  listCultivationPlans,
  listHonors,
  listRecruitmentBatches,
  listSeedPool,
  listSelectionRounds,
  myRecord,
  nominateSeed,
  payroll,
  payrollExport,
  rankBatch,
  rankRound,
  registerCadre,
  reviewSeed,
  setApplicationScores,
  setMentors,
  setPayScale,
  setPlanTargets,
  setSpecial,
  updateCadre,
} from './service';

/** ?format=xlsx (default) or csv on every export. */
const formatQ = { format: z.enum(EXPORT_FORMATS).default('xlsx').describe('xlsx（默认，Excel 工作簿）或 csv') };

const CadreFilterQuery = {
  region: C.regionCodeQ.optional(),
  q: z.string().trim().max(20, '搜索词过长').optional(),
  post: z.enum(C.POSTS).optional(),
  status: z.enum(['active', 'left', 'all']).optional(),
  channel: z.enum(C.SOURCE_CHANNELS).optional(),
  ageBand: z.enum(C.AGE_BANDS).optional(),
  reserve: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  minEducation: C.education.optional(),
};

const PersonRef = {
  personId: z.number().int().positive().nullish(),
  name: z.string().trim().min(1, '姓名不能为空').max(40, '姓名过长').nullish(),
  idNumber: z.string().trim().length(18, '身份证号应为 18 位').nullish(),
};

const CadreCreate = z.strictObject({
  ...PersonRef,
  villageCode: C.villageCode,
  post: z.enum(C.POSTS),
  sourceChannel: z.enum(C.SOURCE_CHANNELS),
  joinedOn: C.dateStr,
  education: C.education.nullish(),
  politicalStatus: C.politicalStatus.nullish(),
  termStart: C.dateStr.nullish(),
  termEnd: C.dateStr.nullish(),
  isReserve: z.boolean().optional(),
  payLevel: z.number().int().min(1, '薪酬等级应为 1—15').max(15, '薪酬等级应为 1—15').optional(),
  payPost: z.enum(C.PAY_POSTS).nullish(),
});

const CadrePatch = z.strictObject({
  education: C.education.optional(),
  politicalStatus: C.politicalStatus.optional(),
  sourceChannel: z.enum(C.SOURCE_CHANNELS).optional(),
  termStart: C.dateStr.nullable().optional(),
  termEnd: C.dateStr.nullable().optional(),
  isReserve: z.boolean().optional(),
});

const ImportRow = z.object({ line: z.number().int(), name: z.string(), idNumber: z.string(), ok: z.boolean(), action: z.enum(['link', 'create']).nullable(), errors: z.array(z.string()) });
const SummarySchema = z.object({
  total: z.number().int(), secretaries: z.number().int(), villages: z.number().int(), reserves: z.number().int(), women: z.number().int(), secretaryAverageAge: z.number().nullable(),
  byPost: z.record(z.string(), z.number().int()), byChannel: z.record(z.string(), z.number().int()), byEducation: z.record(z.string(), z.number().int()),
  byAgeBand: z.record(z.string(), z.number().int()), secretariesByAgeBand: z.record(z.string(), z.number().int()),
});
const MetricRow = z.object({ metric: z.enum(C.PLAN_METRIC_KEYS), target: z.number().nullable(), actual: z.number().nullable(), verdict: z.enum(['met', 'behind', 'no_target', 'no_data']) });
const PlanSchema = z.object({
  plan: z.object({ id: z.number().int().nullable(), name: z.string(), startYear: z.number().int(), endYear: z.number().int() }),
  area: z.object({ code: z.string(), name: z.string() }),
  metrics: z.array(z.object({ key: z.enum(C.PLAN_METRIC_KEYS), label: z.string(), unit: z.string(), goal: z.enum(['min', 'max']) })),
  targets: z.array(z.object({ year: z.number().int(), metric: z.enum(C.PLAN_METRIC_KEYS), value: z.number() })),
  series: z.array(z.object({ year: z.number().int(), asOf: z.string().nullable(), metrics: z.array(MetricRow) })),
  year: z.number().int(),
  asOf: z.string(),
  byTown: z.array(z.object({ code: z.string(), name: z.string(), metrics: z.array(MetricRow) })),
});
const PayAmountsSchema = z.strictObject({ A: z.array(z.number()), B: z.array(z.number()), C: z.array(z.number()), D: z.array(z.number()) });
const PayScaleSchema = z.object({ id: z.number().int().nullable(), name: z.string(), effectiveFrom: z.string().nullable(), amounts: PayAmountsSchema });
const PayrollSchema = z.object({ month: z.string(), scaleName: z.string(), rows: z.array(z.object({ cadre: C.CadreSchema, payPost: z.enum(C.PAY_POSTS), payLevel: z.number().int(), monthly: z.number() })), total: z.number() });
const VocabularySchema = z.object({
  labels: z.record(z.string(), z.record(z.string(), z.string())),
  planMetrics: z.record(z.string(), z.object({ label: z.string(), unit: z.string(), goal: z.enum(['min', 'max']) })),
});
const MeSchema = C.CardSchema.extend({
  recentSessions: z.array(z.object({ id: z.number().int(), title: z.string(), kind: z.enum(C.SESSION_KINDS), startsAt: z.string(), status: z.string(), creditHours: z.number() })),
  points: z.array(z.object({ id: z.number().int(), category: z.string(), points: z.number(), reason: z.string(), status: z.enum(['pending', 'posted']), postedRef: z.string().nullable(), createdAt: z.string() })),
});
const kindParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数'), kind: z.enum(C.SPECIAL_KINDS) });

export const registryRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  const vault = deps.vault;
  const tags = ['cadres'];

  app.get('/api/cadres/vocabulary', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '头雁模块的词表（岗位、来源渠道、等次、情形等中文名称）', response: { 200: VocabularySchema } },
  }, async () => ({
    labels: {
      posts: POST_LABELS, payPosts: PAY_POST_LABELS, channels: SOURCE_CHANNEL_LABELS, statuses: CADRE_STATUS_LABELS, political: POLITICAL_LABELS, ageBands: AGE_BAND_LABELS,
      seedStatuses: SEED_STATUS_LABELS, specialKinds: SPECIAL_KIND_LABELS, selectionStatuses: SELECTION_STATUS_LABELS, seasons: SEASON_LABELS, sessionKinds: SESSION_KIND_LABELS,
      matterLevels: MATTER_LEVEL_LABELS, grades: GRADE_LABELS, voterGroups: VOTER_GROUP_LABELS, decisions: DECISION_LABELS, caseStatuses: CASE_STATUS_LABELS, caseFactors: CASE_FACTORS,
      honorKinds: HONOR_KIND_LABELS, levelChangeReasons: LEVEL_CHANGE_REASON_LABELS,
    },
    planMetrics: PLAN_METRICS,
  }));

  // ---- L1 registry
  app.get('/api/cadres', {
    config: { permission: 'cadre:read' },
    schema: { tags, summary: '村干部名册（按区域、姓名、岗位、来源渠道、年龄段、后备、学历筛选）', querystring: z.object({ ...CadreFilterQuery, ...pagingQuery }), response: { 200: C.page(C.CadreSchema) } },
  }, async (req) => listCadres(db, actorOf(req), req.query));

  app.get('/api/cadres/summary', {
    config: { permission: 'cadre:read' },
    schema: { tags, summary: '队伍结构概况（岗位、来源、学历、年龄段、后备）', querystring: z.object({ region: C.regionCodeQ.optional() }), response: { 200: SummarySchema } },
  }, async (req) => cadreSummary(db, actorOf(req), req.query.region));

  app.post('/api/cadres', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags, summary: '登记村干部（选择人员，或填姓名与身份证号；出生日期取自身份证）', body: CadreCreate, response: { 201: C.CadreSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => registerCadre(d, vault, actorOf(req), req.body)));

  app.get('/api/cadres/export', {
    config: { permission: 'cadre:read' },
    schema: { tags, summary: '导出名册（默认 Excel .xlsx，format=csv 导出 CSV；身份证号脱敏）', querystring: z.object({ ...CadreFilterQuery, ...formatQ }) },
  }, async (req, reply) => {
    const { format, ...filter } = req.query;
    const out = await renderExport(await exportCadres(db, actorOf(req), filter), format, '村干部名册');
    return reply.headers(out.headers).send(out.body);
  });

  app.get('/api/cadres/import-template', {
    config: { permission: 'cadre:write' },
    schema: { tags, summary: '名册导入模板（默认 Excel .xlsx：表头与一行示例；format=csv 为 CSV）', querystring: z.object(formatQ) },
  }, async (req, reply) => {
    const out = await renderExport(importTemplate(), req.query.format, '村干部名册导入模板');
    return reply.headers(out.headers).send(out.body);
  });

  app.post('/api/cadres/import', {
    config: { permission: 'cadre:write' },
    // A 3,000-row workbook is a few hundred kB; base64 adds a third.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags,
      headers: idemHeaders,
      summary: '导入名册：file 为上传文件的 base64（Excel .xlsx 或 UTF-8 CSV，按内容识别），或 csv 为 CSV 文本；逐行校验并返回报告；dryRun 只校验不写入；有错误行时整批不写入，返回 422 与逐行报告',
      body: z
        .strictObject({
          file: z.string().min(1, '文件内容为空').max(6_000_000, '文件过大（不超过 4 MB），请分批导入').optional(),
          fileName: z.string().max(200).optional().describe('仅供记录；格式按文件内容识别'),
          csv: z.string().min(1, '文件内容为空').max(900_000, '文件过大，请分批导入').optional(),
          dryRun: z.boolean().default(false),
        })
        .refine((b) => (b.file === undefined) !== (b.csv === undefined), '请上传一个文件（file）或提供 CSV 文本（csv），二者选一'),
      response: { 200: z.object({ imported: z.number().int(), rows: z.array(ImportRow) }) },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => importCadres(d, vault, actorOf(req), req.body), 200));

  app.get('/api/cadres/me', {
    config: { permission: 'cadre:self' },
    schema: { tags, summary: '我的档案：本人履历、培训、考核、积分与薪酬', response: { 200: MeSchema } },
  }, async (req) => myRecord(db, actorOf(req)));

  app.get('/api/cadres/:id', {
    config: { permission: 'cadre:read' },
    schema: { tags, summary: '村干部详情与履历时间线', params: C.idParam, response: { 200: C.CadreSchema.extend({ timeline: z.array(C.TimelineItem) }) } },
  }, async (req) => getCadre(db, actorOf(req), req.params.id));

  app.get('/api/cadres/:id/card', {
    config: { permission: 'cadre:read' },
    schema: { tags, summary: '干部卡片（打印用：基本信息、履历、培训、考核、荣誉、薪酬）', params: C.idParam, response: { 200: C.CardSchema } },
  }, async (req) => cadreCard(db, actorOf(req), req.params.id));

  app.patch('/api/cadres/:id', {
    config: { permission: 'cadre:write' },
    schema: { tags, summary: '修改学历、政治面貌、来源渠道、届期、后备', params: C.idParam, body: CadrePatch, response: { 200: C.CadreSchema } },
  }, async (req) => updateCadre(db, actorOf(req), req.params.id, req.body));

  app.post('/api/cadres/:id/post-change', {
    config: { permission: 'cadre:write' },
    schema: { tags, summary: '岗位调整（可跨村），记入履历', params: C.idParam, body: z.strictObject({ post: z.enum(C.POSTS), date: C.dateStr, villageCode: C.villageCode.optional(), note: C.optText(200, '说明').optional() }), response: { 200: C.CadreSchema } },
  }, async (req) => changePost(db, actorOf(req), req.params.id, req.body));

  app.post('/api/cadres/:id/leave', {
    config: { permission: 'cadre:write' },
    schema: { tags, summary: '离任', params: C.idParam, body: z.strictObject({ date: C.dateStr, reason: C.text(200, '离任原因') }), response: { 200: C.CadreSchema } },
  }, async (req) => cadreLeaves(db, actorOf(req), req.params.id, req.body));

  app.post('/api/cadres/:id/notes', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags, summary: '在履历中记一笔', params: C.idParam, body: z.strictObject({ date: C.dateStr, title: C.text(200, '内容') }), response: { 201: z.object({ timeline: z.array(C.TimelineItem) }) } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addCadreNote(d, actorOf(req), req.params.id, req.body)));

  // ---- L7 pay
  app.get('/api/cadres/:id/pay', {
    config: { permission: 'cadre:pay' },
    schema: { tags: ['pay'], summary: '村干部薪酬：岗位、等级、月薪、调级记录与晋级资格', params: C.idParam, response: { 200: C.PayInfo } },
  }, async (req) => cadrePay(db, actorOf(req), req.params.id));

  app.post('/api/cadres/:id/pay-level', {
    config: { permission: 'cadre:pay' },
    schema: {
      tags: ['pay'],
      summary: '调整薪酬等级（写明原因；年度考核晋级须有晋级资格）',
      params: C.idParam,
      body: z.strictObject({ toLevel: z.number().int(), toPost: z.enum(C.PAY_POSTS).nullish(), reason: z.enum(C.LEVEL_CHANGE_REASONS), note: C.optText(200, '说明').default(''), effectiveOn: C.dateStr }),
      response: { 200: z.object({ cadre: C.CadreSchema, pay: C.PayInfo }) },
    },
  }, async (req) => changePayLevel(db, actorOf(req), req.params.id, req.body));

  app.get('/api/pay-scales', {
    config: { permission: 'cadre:pay' },
    schema: { tags: ['pay'], summary: '四岗十五级薪酬表（现行与历次）', response: { 200: z.object({ current: PayScaleSchema, history: z.array(PayScaleSchema), posts: z.record(z.string(), z.string()) }) } },
  }, async (req) => getPayScale(db, actorOf(req)));

  app.post('/api/pay-scales', {
    config: { permission: 'cadre:pay' },
    schema: { headers: idemHeaders, tags: ['pay'], summary: '发布新的薪酬表（自生效日期起执行）', body: z.strictObject({ name: C.text(80, '名称'), effectiveFrom: C.dateStr, amounts: PayAmountsSchema }), response: { 201: PayScaleSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => setPayScale(d, actorOf(req), req.body)));

  app.get('/api/payroll', {
    config: { permission: 'cadre:pay' },
    schema: { tags: ['pay'], summary: '月度工资表（按当月末的岗位与等级、当月初的薪酬表）', querystring: z.object({ month: C.monthStr, region: C.regionCodeQ.optional() }), response: { 200: PayrollSchema } },
  }, async (req) => payroll(db, actorOf(req), req.query));

  app.get('/api/payroll/export', {
    config: { permission: 'cadre:pay' },
    schema: { tags: ['pay'], summary: '导出月度工资表（默认 Excel .xlsx，format=csv 导出 CSV）', querystring: z.object({ month: C.monthStr, region: C.regionCodeQ.optional(), ...formatQ }) },
  }, async (req, reply) => {
    const { format, ...f } = req.query;
    const out = await renderExport(await payrollExport(db, actorOf(req), f), format, `村干部工资表-${f.month}`);
    return reply.headers(out.headers).send(out.body);
  });

  // ---- L2 plan
  app.get('/api/cadre-plan', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['cadre-plan'], summary: '五年行动计划：逐年目标与实时实际（可按镇查看），所选年度分镇对比', querystring: z.object({ region: C.regionCodeQ.optional(), year: C.yearNum.optional() }), response: { 200: PlanSchema } },
  }, async (req) => getPlan(db, actorOf(req), req.query));

  app.put('/api/cadre-plan/targets', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['cadre-plan'],
      summary: '设置年度目标（年份须在计划期内；百分比 0—100）',
      body: z.strictObject({ targets: z.array(z.strictObject({ year: z.number().int(), metric: z.enum(C.PLAN_METRIC_KEYS), value: z.number().finite() })).min(1).max(200) }),
      response: { 200: z.object({ updated: z.number().int() }) },
    },
  }, async (req) => setPlanTargets(db, actorOf(req), req.body));

  // ---- L3 seed pool
  app.get('/api/seed-pool', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['seed-pool'], summary: '种子库成员（含"四专"落实情况）', querystring: z.object({ status: z.enum(C.SEED_STATUSES).optional(), region: C.regionCodeQ.optional(), ...pagingQuery }), response: { 200: C.page(C.SeedMemberSchema).extend({ counts: z.record(z.string(), z.number().int()) }) } },
  }, async (req) => listSeedPool(db, actorOf(req), req.query));

  app.post('/api/seed-pool', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags: ['seed-pool'], summary: '提名书记进入种子库', body: z.strictObject({ cadreId: z.number().int().positive(), reason: C.text(500, '提名理由') }), response: { 201: C.SeedMemberSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => nominateSeed(d, actorOf(req), req.body)));

  app.get('/api/seed-pool/:id', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['seed-pool'], summary: '种子库成员详情与"四专"活动记录', params: C.idParam, response: { 200: C.SeedMemberSchema.extend({ activities: z.array(z.object({ id: z.number().int(), kind: z.enum(C.SPECIAL_KINDS), date: z.string(), summary: z.string(), outcome: z.string() })) }) } },
  }, async (req) => getSeedMember(db, actorOf(req), req.params.id));

  app.post('/api/seed-pool/:id/review', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['seed-pool'], summary: '审核提名（通过 / 不通过）', params: C.idParam, body: z.strictObject({ approve: z.boolean(), note: C.optText(500, '审核意见').default('') }), response: { 200: C.SeedMemberSchema } },
  }, async (req) => reviewSeed(db, actorOf(req), req.params.id, req.body));

  app.post('/api/seed-pool/:id/admit', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['seed-pool'], summary: '入库（须已审核通过）', params: C.idParam, body: z.strictObject({ date: C.dateStr }), response: { 200: C.SeedMemberSchema } },
  }, async (req) => admitSeed(db, actorOf(req), req.params.id, req.body));

  app.post('/api/seed-pool/:id/leave', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['seed-pool'], summary: '出库', params: C.idParam, body: z.strictObject({ date: C.dateStr, reason: C.text(200, '出库原因') }), response: { 200: C.SeedMemberSchema } },
  }, async (req) => leaveSeed(db, actorOf(req), req.params.id, req.body));

  app.put('/api/seed-pool/:id/specials/:kind', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['seed-pool'],
      summary: '落实"四专"之一（市领导挂钩、部门点题、企业联动、专岗点将）',
      params: kindParam,
      body: z.strictObject({ title: C.text(120, '内容'), partner: C.optText(120, '对接方').default(''), organizationId: z.number().int().positive().nullish(), assignedOn: C.dateStr }),
      response: { 200: z.object({ id: z.number().int(), kind: z.enum(C.SPECIAL_KINDS), title: z.string(), partner: z.string(), organizationId: z.number().int().nullable(), assignedOn: z.string() }) },
    },
  }, async (req) => setSpecial(db, actorOf(req), req.params.id, req.params.kind, req.body));

  app.post('/api/seed-pool/:id/specials/:kind/activities', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags: ['seed-pool'], summary: '记录"四专"活动', params: kindParam, body: z.strictObject({ date: C.dateStr, summary: C.text(500, '活动内容'), outcome: C.optText(500, '成效').default('') }), response: { 201: z.object({ id: z.number().int(), kind: z.enum(C.SPECIAL_KINDS), date: z.string(), summary: z.string(), outcome: z.string() }) } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addSpecialActivity(d, actorOf(req), req.params.id, req.params.kind, req.body)));

  // ---- L4 special-post selection and cultivation
  app.get('/api/selection-rounds', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['special-posts'], summary: '兴村特岗书记选拔批次', response: { 200: z.object({ items: z.array(C.SelectionRoundSchema) }) } },
  }, async (req) => listSelectionRounds(db, actorOf(req)));

  app.post('/api/selection-rounds', {
    config: { permission: 'cadre:write' },
    schema: {
      headers: idemHeaders,
      tags: ['special-posts'],
      summary: '开启选拔批次（每两年一批；年龄按基准日、以身份证出生日期计算）',
      body: z.strictObject({
        name: C.text(80, '批次名称'), year: C.yearNum, referenceDate: C.dateStr, ageLimit: z.number().int().min(18).max(60).default(35), minEducation: C.education.default('大专'),
        posts: z.number().int().min(1, '计划人数至少 1 人').max(500), examWeight: z.number().default(0.5), interviewWeight: z.number().default(0.5), applyUntil: C.dateStr,
      }),
      response: { 201: C.SelectionRoundSchema },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => createSelectionRound(d, actorOf(req), req.body)));

  app.get('/api/selection-rounds/:id', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['special-posts'], summary: '选拔批次详情与报名名单（按排名）', params: C.idParam, response: { 200: C.SelectionRoundSchema.extend({ applicationList: z.array(C.ApplicationSchema) }) } },
  }, async (req) => getSelectionRound(db, actorOf(req), req.params.id));

  app.post('/api/selection-rounds/:id/applications', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags: ['special-posts'], summary: '报名（35 周岁以下以身份证出生日期核验；学历核验）', params: C.idParam, body: z.strictObject({ ...PersonRef, villageCode: C.villageCode, education: C.education }), response: { 201: C.ApplicationSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => applyToRound(d, vault, actorOf(req), req.params.id, req.body)));

  app.post('/api/selection-rounds/:id/close-applications', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['special-posts'], summary: '截止报名，进入考试面试', params: C.idParam, response: { 200: z.object({ id: z.number().int(), status: z.enum(['open', 'scoring', 'ranked', 'appointed']) }) } },
  }, async (req) => closeApplications(db, actorOf(req), req.params.id));

  app.put('/api/selection-rounds/:id/applications/:appId/scores', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['special-posts'], summary: '录入笔试、面试成绩（0—100）', params: z.object({ id: z.coerce.number().int().positive(), appId: z.coerce.number().int().positive() }), body: z.strictObject({ examScore: C.score.nullish(), interviewScore: C.score.nullish() }), response: { 200: C.ApplicationSchema } },
  }, async (req) => setApplicationScores(db, actorOf(req), req.params.id, req.params.appId, req.body));

  app.post('/api/selection-rounds/:id/rank', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['special-posts'], summary: '按加权总分排名', params: C.idParam, response: { 200: z.object({ id: z.number().int(), status: z.literal('ranked'), ranked: z.number().int() }) } },
  }, async (req) => rankRound(db, actorOf(req), req.params.id));

  app.post('/api/selection-rounds/:id/appoint', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['special-posts'],
      summary: '按排名在计划名额内任用，生成培养计划（节点与导师）',
      params: C.idParam,
      body: z.strictObject({ applicationIds: z.array(z.number().int().positive()).min(1).max(500), date: C.dateStr, mentors: z.array(C.MentorSchema).max(5).default([]) }),
      response: { 200: z.object({ id: z.number().int(), status: z.literal('appointed'), appointed: z.array(z.object({ applicationId: z.number().int(), cadreId: z.number().int(), planId: z.number().int() })) }) },
    },
  }, async (req) => appointRound(db, actorOf(req), req.params.id, req.body));

  app.get('/api/cultivation-plans', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['special-posts'], summary: '培养计划与进度', querystring: z.object({ region: C.regionCodeQ.optional(), status: z.enum(['active', 'completed']).optional() }), response: { 200: z.object({ items: z.array(C.CultivationPlanSchema) }) } },
  }, async (req) => listCultivationPlans(db, actorOf(req), req.query));

  app.get('/api/cultivation-plans/:id', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['special-posts'], summary: '培养计划详情', params: C.idParam, response: { 200: C.CultivationPlanSchema } },
  }, async (req) => getCultivationPlan(db, actorOf(req), req.params.id));

  app.put('/api/cultivation-plans/:id/mentors', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['special-posts'], summary: '设置培养导师', params: C.idParam, body: z.strictObject({ mentors: z.array(C.MentorSchema).min(1).max(5) }), response: { 200: C.CultivationPlanSchema } },
  }, async (req) => setMentors(db, actorOf(req), req.params.id, req.body));

  app.post('/api/cultivation-plans/:id/milestones', {
    config: { permission: 'cadre:write' },
    schema: { headers: idemHeaders, tags: ['special-posts'], summary: '增加培养节点', params: C.idParam, body: z.strictObject({ title: C.text(100, '节点名称'), dueOn: C.dateStr }), response: { 201: z.object({ id: z.number().int(), seq: z.number().int(), title: z.string(), dueOn: z.string() }) } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addMilestone(d, actorOf(req), req.params.id, req.body)));

  app.post('/api/cultivation-plans/:id/milestones/:milestoneId/complete', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['special-posts'], summary: '完成培养节点（全部完成即计划完成）', params: z.object({ id: z.coerce.number().int().positive(), milestoneId: z.coerce.number().int().positive() }), body: z.strictObject({ date: C.dateStr, note: C.optText(500, '说明').default('') }), response: { 200: C.CultivationPlanSchema } },
  }, async (req) => completeMilestone(db, actorOf(req), req.params.id, req.params.milestoneId, req.body));

  // ---- recruitment channels
  app.get('/api/recruitment-batches', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['recruitment'], summary: '招录批次（退役士兵积分进村、网格员遴选直通、一考双录）', response: { 200: z.object({ items: z.array(C.BatchSchema) }) } },
  }, async (req) => listRecruitmentBatches(db, actorOf(req)));

  app.post('/api/recruitment-batches', {
    config: { permission: 'cadre:write' },
    schema: {
      headers: idemHeaders,
      tags: ['recruitment'],
      summary: '开启招录批次（退役士兵积分公式、遴选条件、分数线可配置）',
      body: z.strictObject({ channel: z.enum(C.RECRUITMENT_CHANNELS), year: C.yearNum, name: C.text(80, '批次名称'), quota: z.number().int().min(1, '名额至少 1 人').max(1000), rule: z.union([C.VeteranFormulaSchema, C.GridRuleSchema, C.ExamRuleSchema]).nullish() }),
      response: { 201: C.BatchSchema },
    },
  }, async (req, reply) => {
    const b = req.body;
    const ruleShapeOk = !b.rule || (b.channel === 'veteran_points' ? 'perServiceYear' in b.rule : b.channel === 'grid_direct' ? 'minGridYears' in b.rule : 'minScore' in b.rule);
    if (!ruleShapeOk) throw badRequest('RULE_MISMATCH', '规则与招录渠道不匹配（退役士兵为积分公式，网格员为遴选条件，一考双录为分数线）', 'Rule does not match the channel');
    return createOnce(db, req, reply, (d) => createRecruitmentBatch(d, actorOf(req), b));
  });

  app.get('/api/recruitment-batches/:id', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['recruitment'], summary: '招录批次详情与排名名单', params: C.idParam, response: { 200: C.BatchSchema.extend({ candidates: z.array(C.CandidateSchema) }) } },
  }, async (req) => getRecruitmentBatch(db, actorOf(req), req.params.id));

  app.post('/api/recruitment-batches/:id/candidates', {
    config: { permission: 'cadre:write' },
    schema: {
      headers: idemHeaders,
      tags: ['recruitment'],
      summary: '登记候选人（按渠道填写服役、网格或考试信息，自动计分）',
      params: C.idParam,
      body: z.strictObject({ ...PersonRef, villageCode: C.villageCode, education: C.education, inputs: z.union([C.VeteranInputsSchema, C.GridInputsSchema, C.ExamInputsSchema]) }),
      response: { 201: C.CandidateSchema },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addCandidate(d, vault, actorOf(req), req.params.id, req.body)));

  app.post('/api/recruitment-batches/:id/rank', {
    config: { permission: 'cadre:write' },
    schema: { tags: ['recruitment'], summary: '计分排名（不符合条件者列为不合格）', params: C.idParam, response: { 200: z.object({ id: z.number().int(), status: z.literal('ranked'), ranked: z.number().int(), ineligible: z.number().int() }) } },
  }, async (req) => rankBatch(db, actorOf(req), req.params.id));

  app.post('/api/recruitment-batches/:id/admit', {
    config: { permission: 'cadre:write' },
    schema: {
      tags: ['recruitment'],
      summary: '录用：按排名依次录用至名额；网格员可直接遴选符合条件者',
      params: C.idParam,
      body: z.strictObject({ date: C.dateStr, candidateIds: z.array(z.number().int().positive()).max(1000).optional() }),
      response: { 200: z.object({ id: z.number().int(), status: z.literal('closed'), admitted: z.array(z.object({ candidateId: z.number().int(), cadreId: z.number().int() })) }) },
    },
  }, async (req) => admitBatch(db, actorOf(req), req.params.id, req.body));

  // ---- L11 honors
  app.get('/api/honors', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['honors'], summary: '荣誉榜（按年度）', querystring: z.object({ year: C.yearNum.optional() }), response: { 200: z.object({ items: z.array(C.HonorSchema), years: z.array(z.object({ year: z.number().int(), count: z.number().int() })) }) } },
  }, async (req) => listHonors(db, actorOf(req), req.query));

  app.get('/api/honors/export', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['honors'], summary: '导出荣誉榜（按年度；默认 Excel .xlsx，format=csv 导出 CSV）', querystring: z.object({ year: C.yearNum.optional(), ...formatQ }) },
  }, async (req, reply) => {
    const { format, year } = req.query;
    const out = await renderExport(await exportHonors(db, actorOf(req), { year }), format, year ? `荣誉榜-${year}` : '荣誉榜');
    return reply.headers(out.headers).send(out.body);
  });

  app.get('/api/honors/evidence', {
    config: { permission: 'cadre:read' },
    schema: { tags: ['honors'], summary: '授予前查看该书记的实绩记录', querystring: z.object({ cadreId: z.coerce.number().int().positive() }), response: { 200: C.EvidenceSchema } },
  }, async (req) => getHonorEvidence(db, actorOf(req), req.query.cadreId));

  app.post('/api/honors', {
    config: { permission: 'cadre:write' },
    schema: {
      headers: idemHeaders,
      tags: ['honors'],
      summary: '授予乡村标杆书记 / 乡村优秀书记（附实绩证据）',
      body: z.strictObject({ cadreId: z.number().int().positive(), year: C.yearNum, kind: z.enum(C.HONOR_KINDS), citation: C.text(500, '事迹'), awardedOn: C.dateStr }),
      response: { 201: C.HonorSchema },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => awardHonor(d, actorOf(req), req.body)));
};
