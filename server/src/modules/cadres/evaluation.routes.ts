/** Routes: dual evaluation (L8), including the public, account-free ballot by code. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { createOnce, idemHeaders } from './idempotency';
import { EXPORT_FORMATS, renderExport } from './tables';
import * as C from './contracts';
import { DEFAULT_EVALUATION_CONFIG } from './rules';
import {
  castBallot,
  closeEvaluationRound,
  exportEvaluationResults,
  getEvaluationRound,
  getSubject,
  issueBallotCodes,
  listEvaluationRounds,
  listSubjects,
  lookupBallot,
  openEvaluationRound,
  retryPointsHandoffs,
  scoreUpward,
  verifySubjectChain,
} from './service';

const tags = ['evaluation'];
const codeBody = z.string().trim().min(1, '请输入投票码').max(30, '投票码格式不正确');

export const evaluationRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  const vault = deps.vault;

  app.get('/api/evaluation/defaults', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '默认测评规则（上评细则、权重、等次线、样本要求、绩效分）', response: { 200: C.EvaluationConfigSchema } },
  }, async () => DEFAULT_EVALUATION_CONFIG);

  app.get('/api/evaluation/rounds', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '年度双评', response: { 200: z.object({ items: z.array(C.EvaluationRoundSchema) }) } },
  }, async (req) => listEvaluationRounds(db, actorOf(req)));

  app.post('/api/evaluation/rounds', {
    config: { permission: 'evaluation:manage' },
    schema: { headers: idemHeaders, tags, summary: '开启年度双评（在岗书记均为测评对象）', body: z.strictObject({ year: C.yearNum, name: C.text(80, '名称'), config: C.EvaluationConfigSchema.nullish() }), response: { 201: C.EvaluationRoundSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => openEvaluationRound(d, actorOf(req), req.body)));

  app.get('/api/evaluation/rounds/:id', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags,
      summary: '测评进度（关闭计票后含等次分布）',
      params: C.idParam,
      response: { 200: C.EvaluationRoundSchema.extend({ distribution: z.object({ excellent: z.number().int(), competent: z.number().int(), basic: z.number().int(), incompetent: z.number().int(), insufficient_sample: z.number().int(), no_upward: z.number().int() }).nullable() }) },
    },
  }, async (req) => getEvaluationRound(db, actorOf(req), req.params.id));

  app.get('/api/evaluation/rounds/:id/subjects', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '测评对象（计票结果仅在关闭后显示）', params: C.idParam, querystring: z.object({ region: C.regionCodeQ.optional(), q: z.string().trim().max(20).optional(), ...pagingQuery }), response: { 200: C.page(C.SubjectSchema) } },
  }, async (req) => listSubjects(db, actorOf(req), req.params.id, req.query));

  app.get('/api/evaluation/rounds/:id/export', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags,
      summary: '导出测评结果（关闭计票后；每位书记一行：上评、下评各等次票数、总分、等次、晋级资格、绩效分；默认 Excel .xlsx，format=csv 导出 CSV）',
      params: C.idParam,
      querystring: z.object({ region: C.regionCodeQ.optional(), format: z.enum(EXPORT_FORMATS).default('xlsx') }),
    },
  }, async (req, reply) => {
    const t = await exportEvaluationResults(db, actorOf(req), req.params.id, { region: req.query.region });
    const out = await renderExport(t, req.query.format, `${t.year}年度双评结果`);
    return reply.headers(out.headers).send(out.body);
  });

  app.post('/api/evaluation/rounds/:id/close', {
    config: { permission: 'evaluation:manage' },
    schema: { tags, summary: '关闭并计票：校验选票链、样本量，加权评定等次，记绩效分，标注晋级资格', params: C.idParam, response: { 200: z.object({ id: z.number().int(), status: z.literal('closed'), subjects: z.number().int(), ballots: z.number().int(), outcomes: z.record(z.string(), z.number().int()) }) } },
  }, async (req) => closeEvaluationRound(db, actorOf(req), req.params.id));

  app.get('/api/evaluation/subjects/:id', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '测评对象详情与上评细则', params: C.idParam, response: { 200: C.SubjectSchema.extend({ rubric: z.array(z.object({ key: z.string(), title: z.string(), max: z.number() })), roundStatus: z.enum(['open', 'closed']), votersByGroup: z.record(z.string(), z.number().int()) }) } },
  }, async (req) => getSubject(db, actorOf(req), req.params.id));

  app.put('/api/evaluation/subjects/:id/upward', {
    config: { permission: 'evaluation:score' },
    schema: { tags, summary: '上评：镇党委按细则打分（每项不超过满分）', params: C.idParam, body: z.strictObject({ scores: z.record(z.string().max(32), C.score) }), response: { 200: C.SubjectSchema } },
  }, async (req) => scoreUpward(db, actorOf(req), req.params.id, req.body));

  app.post('/api/evaluation/subjects/:id/codes', {
    config: { permission: 'evaluation:manage' },
    schema: {
      tags,
      summary: '向该村参评人发放一次性投票码（每人一码；仅本次返回明文，系统不记录谁拿到哪个码）',
      params: C.idParam,
      response: { 200: z.object({ subjectId: z.number().int(), issued: z.number().int(), alreadyIssued: z.number().int(), groups: z.array(z.object({ voterGroup: z.enum(C.VOTER_GROUPS), label: z.string(), codes: z.array(z.string()) })) }) },
    },
  }, async (req) => issueBallotCodes(db, vault, actorOf(req), req.params.id));

  app.get('/api/evaluation/subjects/:id/chain', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '校验选票哈希链（关闭后公开各票回执哈希）', params: C.idParam, response: { 200: z.object({ subjectId: z.number().int(), ok: z.boolean(), brokenAt: z.number().int().nullable(), ballots: z.number().int(), head: z.string(), receipts: z.array(z.string()).nullable() }) } },
  }, async (req) => verifySubjectChain(db, actorOf(req), req.params.id));

  app.post('/api/evaluation/points-handoffs/retry', {
    config: { permission: 'evaluation:manage' },
    schema: { tags, summary: '补记绩效分：把尚未记入干部积分的考核结果交给积分引擎（方案或账户开立后）', response: { 200: z.object({ posted: z.number().int(), stillPending: z.number().int(), reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })) }) } },
  }, async (req) => retryPointsHandoffs(db, actorOf(req)));

  // Public: the code is the credential. Requests are not logged (no time or address tied to a ballot).
  app.post('/api/evaluation/ballot/lookup', {
    config: { public: true },
    logLevel: 'silent',
    schema: {
      tags,
      summary: '下评：凭投票码查看测评对象（不消耗投票码，无需登录）',
      body: z.strictObject({ code: codeBody }),
      response: { 200: z.object({ round: z.object({ year: z.number().int(), name: z.string() }), subject: z.object({ name: z.string(), villageName: z.string(), townName: z.string() }), voterGroup: z.enum(C.VOTER_GROUPS), choices: z.array(z.object({ value: z.enum(C.GRADES), label: z.string() })) }) },
    },
  }, async (req) => lookupBallot(db, vault, deps.config.countyCode, req.body));

  app.post('/api/evaluation/ballot', {
    config: { public: true },
    logLevel: 'silent',
    schema: {
      tags,
      summary: '下评：凭投票码投票（每码一票，匿名；回执为选票链哈希）',
      body: z.strictObject({ code: codeBody, choice: z.enum(C.GRADES) }),
      response: { 201: z.object({ accepted: z.literal(true), receipt: z.string() }) },
    },
  }, async (req, reply) => reply.status(201).send(await castBallot(db, vault, deps.config.countyCode, req.body)));
};
