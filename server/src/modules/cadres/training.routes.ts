/** Routes: training (L5) and matters raised at sessions (L6). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { createOnce, idemHeaders } from './idempotency';
import * as C from './contracts';
import {
  addCourse,
  completeFollowup,
  createCapacityCheck,
  createForumCycle,
  createProgram,
  createSession,
  creditHours,
  enrollRotation,
  escalateMatter,
  escalateOverdueMatters,
  handOffMatter,
  MATTER_KINDS,
  getCapacityCheck,
  getForumCycle,
  getMatter,
  getProgram,
  getSession,
  listCapacityChecks,
  listForumCycles,
  listMatters,
  listPrograms,
  listSessions,
  proposeTopic,
  raiseMatter,
  recordAttendance,
  resolveMatter,
  scheduleForum,
  updateSession,
  voteTopic,
  capacityRubric,
} from './service';

const tags = ['training'];
const ProgramDetail = C.ProgramSchema.omit({ courses: true, creditHours: true, enrolled: true }).extend({
  courses: z.array(z.object({ id: z.number().int(), title: z.string(), teacher: z.string(), creditHours: z.number() })),
  sessions: z.array(C.SessionSchema),
  enrolled: z.array(z.object({ cadre: C.CadreSchema, creditHours: z.number() })),
});
const SessionDetail = C.SessionSchema.extend({
  attendance: z.array(z.object({ cadre: C.CadreSchema, status: z.enum(C.ATTENDANCE_STATUSES), role: z.enum(C.ATTENDANCE_ROLES), creditHours: z.number() })),
  matters: z.array(z.object({ id: z.number().int(), title: z.string(), level: z.string(), status: z.string(), department: z.string(), dueOn: z.string() })),
});
const CycleDetail = C.ForumCycleSchema.omit({ topics: true, votes: true }).extend({ topics: z.array(C.TopicSchema), myVotesLeft: z.number().int().nullable(), canVote: z.boolean() });
const topicParams = z.object({ id: z.coerce.number().int().positive('编号必须是正整数'), topicId: z.coerce.number().int().positive('编号必须是正整数') });

export const trainingRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  const matterDeps = { vault: deps.vault, dataDir: deps.config.dataDir };

  app.get('/api/training/programs', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '春训 / 冬训班次', querystring: z.object({ year: C.yearNum.optional() }), response: { 200: z.object({ items: z.array(C.ProgramSchema) }) } },
  }, async (req) => listPrograms(db, actorOf(req), req.query));

  app.post('/api/training/programs', {
    config: { permission: 'training:write' },
    schema: { headers: idemHeaders, tags, summary: '开设春训或冬训班次（每年各一）', body: z.strictObject({ year: C.yearNum, season: z.enum(C.SEASONS), name: C.text(80, '班次名称'), startsOn: C.dateStr, endsOn: C.dateStr }), response: { 201: C.ProgramSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => createProgram(d, actorOf(req), req.body)));

  app.get('/api/training/programs/:id', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '班次详情：课程、场次、学员与学时', params: C.idParam, response: { 200: ProgramDetail } },
  }, async (req) => getProgram(db, actorOf(req), req.params.id));

  app.post('/api/training/programs/:id/courses', {
    config: { permission: 'training:write' },
    schema: { headers: idemHeaders, tags, summary: '增加课程', params: C.idParam, body: z.strictObject({ title: C.text(100, '课程名称'), teacher: C.optText(60, '授课人').default(''), creditHours: z.number() }), response: { 201: z.object({ id: z.number().int(), title: z.string(), teacher: z.string(), creditHours: z.number() }) } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => addCourse(d, actorOf(req), req.params.id, req.body)));

  app.post('/api/training/programs/:id/enroll-rotation', {
    config: { permission: 'training:write' },
    schema: { tags, summary: '按"春培 + 冬训"年度交替轮训编入本班次应训书记', params: C.idParam, response: { 200: z.object({ enrolled: z.number().int(), notTheirTurn: z.number().int(), alreadyThisYear: z.number().int() }) } },
  }, async (req) => enrollRotation(db, actorOf(req), req.params.id));

  app.get('/api/training/sessions', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '培训与交流活动（课程、点单式讲坛、分组式讲坛、擂台直播、书记讲给书记听）', querystring: z.object({ kind: z.enum(C.SESSION_KINDS).optional(), from: C.dateStr.optional(), to: C.dateStr.optional(), programId: z.coerce.number().int().positive().optional(), ...pagingQuery }), response: { 200: C.page(C.SessionSchema.extend({ attendees: z.number().int(), matters: z.number().int() })) } },
  }, async (req) => listSessions(db, actorOf(req), req.query));

  app.post('/api/training/sessions', {
    config: { permission: 'training:write' },
    schema: {
      headers: idemHeaders,
      tags,
      summary: '安排一场活动',
      body: z.strictObject({
        kind: z.enum(C.SESSION_KINDS), title: C.text(120, '标题'), programId: z.number().int().positive().nullish(), courseId: z.number().int().positive().nullish(), regionCode: C.regionCodeQ.nullish(),
        startsAt: C.dateTimeStr, place: C.optText(120, '地点').default(''), creditHours: z.number().nullish(), groupName: C.optText(60, '分组').nullish(), theme: C.optText(60, '主题').nullish(), streamUrl: z.string().url('直播地址应为网址').max(300).nullish(),
      }),
      response: { 201: C.SessionSchema },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => createSession(d, actorOf(req), req.body)));

  app.get('/api/training/sessions/:id', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '活动详情：出勤与学时、交办事项', params: C.idParam, response: { 200: SessionDetail } },
  }, async (req) => getSession(db, actorOf(req), req.params.id));

  app.patch('/api/training/sessions/:id', {
    config: { permission: 'training:write' },
    schema: { tags, summary: '补记活动纪要、观看人数、回放地址', params: C.idParam, body: z.strictObject({ summary: C.optText(2000, '纪要').optional(), viewers: z.number().int().min(0).nullish(), streamUrl: z.string().url('回放地址应为网址').max(300).nullish(), place: C.optText(120, '地点').optional() }), response: { 200: C.SessionSchema } },
  }, async (req) => updateSession(db, actorOf(req), req.params.id, req.body));

  app.put('/api/training/sessions/:id/attendance', {
    config: { permission: 'training:write' },
    schema: {
      tags,
      summary: '登记出勤（出席计学时；擂台可标注辩手）',
      params: C.idParam,
      body: z.strictObject({ records: z.array(z.strictObject({ cadreId: z.number().int().positive(), status: z.enum(C.ATTENDANCE_STATUSES), role: z.enum(C.ATTENDANCE_ROLES).default('participant') })).min(1).max(3000) }),
      response: { 200: z.object({ recorded: z.number().int(), present: z.number().int() }) },
    },
  }, async (req) => recordAttendance(db, actorOf(req), req.params.id, req.body));

  app.get('/api/training/credits', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '年度学时统计（每位在岗村干部）', querystring: z.object({ year: C.yearNum, region: C.regionCodeQ.optional(), ...pagingQuery }), response: { 200: C.page(z.object({ cadre: C.CadreSchema, creditHours: z.number(), sessions: z.number().int() })) } },
  }, async (req) => creditHours(db, actorOf(req), req.query));

  // ---- order-style forum
  app.get('/api/training/forum-cycles', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '点单式讲坛期次（每两个月一期）', querystring: z.object({ year: C.yearNum.optional() }), response: { 200: z.object({ items: z.array(C.ForumCycleSchema) }) } },
  }, async (req) => listForumCycles(db, actorOf(req), req.query));

  app.post('/api/training/forum-cycles', {
    config: { permission: 'training:write' },
    schema: { headers: idemHeaders, tags, summary: '开启一期讲坛选题', body: z.strictObject({ year: C.yearNum, period: z.number().int().min(1, '期次应为 1—6（每两个月一期）').max(6, '期次应为 1—6（每两个月一期）'), slots: z.number().int().min(1).max(6).default(2), votesPerCadre: z.number().int().min(1).max(10).default(3) }), response: { 201: C.ForumCycleSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => createForumCycle(d, actorOf(req), req.body)));

  app.get('/api/training/forum-cycles/:id', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '本期选题与票数', params: C.idParam, response: { 200: CycleDetail } },
  }, async (req) => getForumCycle(db, actorOf(req), req.params.id));

  app.post('/api/training/forum-cycles/:id/topics', {
    config: { permission: 'training:participate' },
    schema: { headers: idemHeaders, tags, summary: '提出选题（"点单"）', params: C.idParam, body: z.strictObject({ title: C.text(100, '选题'), description: C.optText(500, '说明').default(''), cadreId: z.number().int().positive().nullish() }), response: { 201: C.TopicSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => proposeTopic(d, actorOf(req), req.params.id, req.body)));

  app.post('/api/training/forum-cycles/:id/topics/:topicId/vote', {
    config: { permission: 'training:participate' },
    schema: { headers: idemHeaders, tags, summary: '为选题投票（每期限票）', params: topicParams, response: { 200: z.object({ votesLeft: z.number().int() }) } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => voteTopic(d, actorOf(req), req.params.id, req.params.topicId), 200));

  app.post('/api/training/forum-cycles/:id/schedule', {
    config: { permission: 'training:write' },
    schema: { tags, summary: '按票数排期前几名选题', params: C.idParam, body: z.strictObject({ startsAt: C.dateTimeStr, place: C.optText(120, '地点').default(''), creditHours: z.number().default(2) }), response: { 200: z.object({ id: z.number().int(), status: z.literal('scheduled'), sessions: z.array(z.object({ topicId: z.number().int(), sessionId: z.number().int() })) }) } },
  }, async (req) => scheduleForum(db, actorOf(req), req.params.id, req.body));

  // ---- six-question capacity check
  app.get('/api/training/capacity-rubric', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '六问组织力体检细则', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), title: z.string(), max: z.number() })), weakRatio: z.number() }) } },
  }, async () => capacityRubric());

  app.get('/api/training/capacity-checks', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '六问组织力体检记录', querystring: z.object({ region: C.regionCodeQ.optional(), cadreId: z.coerce.number().int().positive().optional(), ...pagingQuery }), response: { 200: C.page(C.CheckSchema) } },
  }, async (req) => listCapacityChecks(db, actorOf(req), req.query));

  app.post('/api/training/capacity-checks', {
    config: { permission: 'training:write' },
    schema: { headers: idemHeaders, tags, summary: '现场体检打分（六项，薄弱项自动生成整改跟踪）', body: z.strictObject({ cadreId: z.number().int().positive(), checkedOn: C.dateStr, examiners: C.text(200, '考官'), scores: z.array(C.score).max(20), note: C.optText(1000, '备注').default(''), sessionId: z.number().int().positive().nullish() }), response: { 201: C.CheckSchema } },
  }, async (req, reply) => createOnce(db, req, reply, (d) => createCapacityCheck(d, actorOf(req), req.body)));

  app.get('/api/training/capacity-checks/:id', {
    config: { permission: 'training:read' },
    schema: { tags, summary: '体检详情与整改跟踪', params: C.idParam, response: { 200: C.CheckSchema } },
  }, async (req) => getCapacityCheck(db, actorOf(req), req.params.id));

  app.post('/api/training/capacity-followups/:id/complete', {
    config: { permission: 'training:write' },
    schema: { tags, summary: '薄弱项整改完成', params: C.idParam, body: z.strictObject({ date: C.dateStr, result: C.text(500, '整改结果') }), response: { 200: C.CheckSchema } },
  }, async (req) => completeFollowup(db, actorOf(req), req.params.id, req.body));

  // ---- L6 matters
  app.post('/api/training/sessions/:id/matters', {
    config: { permission: 'training:write' },
    schema: {
      headers: idemHeaders,
      tags: ['matters'],
      summary: '把活动中提出的问题交办给部门（交办 → 督办 → 查办）',
      params: C.idParam,
      body: z.strictObject({ title: C.text(120, '事项'), description: C.text(2000, '问题描述'), department: C.text(60, '承办部门'), regionCode: C.regionCodeQ, kind: z.enum(MATTER_KINDS).default('governance').describe('development 村级发展难题 / governance 基层治理难题'), raisedByCadreId: z.number().int().positive().nullish(), dueOn: C.dateStr.nullish() }),
      response: { 201: C.MatterSchema.extend({ handOffReason: z.string().nullable().describe('一网统管未受理时的原因（事项仍在此跟踪）') }) },
    },
  }, async (req, reply) => createOnce(db, req, reply, (d) => raiseMatter(d, matterDeps, actorOf(req), req.params.id, req.body)));

  app.post('/api/training/matters/:id/hand-off', {
    config: { permission: 'training:write' },
    schema: { tags: ['matters'], summary: '把仍在本模块跟踪的事项交由一网统管（工单）办理', params: C.idParam, body: z.strictObject({ kind: z.enum(MATTER_KINDS).default('governance') }), response: { 200: C.MatterSchema } },
  }, async (req) => handOffMatter(db, matterDeps, actorOf(req), req.params.id, req.body));

  app.get('/api/training/matters', {
    config: { permission: 'training:read' },
    schema: { tags: ['matters'], summary: '交办事项（按状态、层级、活动、区域）', querystring: z.object({ status: z.enum(['open', 'resolved']).optional(), level: z.enum(C.MATTER_LEVELS).optional(), sessionId: z.coerce.number().int().positive().optional(), region: C.regionCodeQ.optional(), ...pagingQuery }), response: { 200: C.page(C.MatterSchema) } },
  }, async (req) => listMatters(db, actorOf(req), req.query));

  app.post('/api/training/matters/escalate-overdue', {
    config: { permission: 'training:write' },
    schema: { tags: ['matters'], summary: '逾期事项逐级升级（交办 → 督办 → 查办）', response: { 200: z.object({ escalated: z.number().int(), moved: z.array(z.object({ id: z.number().int(), to: z.enum(C.MATTER_LEVELS) })) }) } },
  }, async (req) => escalateOverdueMatters(db, actorOf(req)));

  app.get('/api/training/matters/:id', {
    config: { permission: 'training:read' },
    schema: { tags: ['matters'], summary: '事项详情与办理过程', params: C.idParam, response: { 200: C.MatterSchema } },
  }, async (req) => getMatter(db, actorOf(req), req.params.id));

  app.post('/api/training/matters/:id/escalate', {
    config: { permission: 'training:write' },
    schema: { tags: ['matters'], summary: '升级督办 / 查办', params: C.idParam, body: z.strictObject({ note: C.text(500, '说明') }), response: { 200: C.MatterSchema } },
  }, async (req) => escalateMatter(db, actorOf(req), req.params.id, req.body));

  app.post('/api/training/matters/:id/resolve', {
    config: { permission: 'training:write' },
    schema: { tags: ['matters'], summary: '办结', params: C.idParam, body: z.strictObject({ date: C.dateStr, resolution: C.text(1000, '办理结果') }), response: { 200: C.MatterSchema } },
  }, async (req) => resolveMatter(db, actorOf(req), req.params.id, req.body));
};
