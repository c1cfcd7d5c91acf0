import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pageSchema, pagingQuery } from '../../platform/http/paging';
import { badRequest } from '../../platform/http/errors';
import type { Permission } from '../../platform/auth/permissions';
import type { AppDeps } from '../../app';
import { regionCode } from '../regions/routes';
import {
  ACTIONS,
  EXTENSION_STATES,
  HANDLER_LEVELS,
  LIMIT_UNITS,
  NOTICE_KINDS,
  RATINGS,
  SMS_STATUSES,
  SOURCES,
  STATUSES,
  SUPERVISION_LEVELS,
  type Action,
} from './rules';
import {
  act,
  createCategory,
  createUnit,
  findDuplicates,
  getOrder,
  getSettings,
  installStandardCatalog,
  intake,
  listCategories,
  listOrders,
  listUnits,
  previewRoute,
  rateOrder,
  readAttachment,
  revealRequesters,
  unitMemberCandidates,
  updateCategory,
  updateSettings,
  updateUnit,
  uploadPhoto,
  type ActionInput,
} from './service';
import { cockpit, exportRatesXlsx, monthlyRates, rateOrders } from './stats';
import { listSmsOutbox, markNoticesRead, myNotices } from './notices';
import { XLSX_MIME } from '../../platform/excel';
import { eventsSince, sseFrame, subscribeOrders } from './stream';
import { UPLOAD_BODY_LIMIT } from './uploads';

const tags = ['workorders'];
const iso = z.string().describe('ISO 8601 时间（UTC）');
const isoN = iso.nullable();

// ---------------------------------------------------------------------------------------------
// Contracts

const Limit = z.strictObject({ amount: z.number().int().min(1, '时限须为正整数').max(1000), unit: z.enum(LIMIT_UNITS) });
const categoryCode = z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, '类别代码为 1–32 位字母、数字、下划线或减号');

export const CategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  description: z.string(),
  firstLevel: z.enum(HANDLER_LEVELS),
  firstLevelLabel: z.string(),
  departmentUnitId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  signLimit: z.object({ amount: z.number().int(), unit: z.enum(LIMIT_UNITS) }),
  resolveLimit: z.object({ amount: z.number().int(), unit: z.enum(LIMIT_UNITS) }),
  emergency: z.boolean(),
  autoDispatch: z.boolean(),
  public: z.boolean(),
  active: z.boolean(),
  sort: z.number().int(),
});

const CategoryFields = {
  name: z.string().trim().min(1, '名称不能为空').max(80),
  parentCode: categoryCode.nullish(),
  description: z.string().max(500).optional(),
  firstLevel: z.enum(HANDLER_LEVELS),
  departmentUnitId: z.number().int().positive().nullish(),
  signLimit: Limit.optional(),
  resolveLimit: Limit.optional(),
  emergency: z.boolean().optional(),
  autoDispatch: z.boolean().optional(),
  public: z.boolean().optional(),
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(10000).optional(),
};
const CategoryCreate = z.strictObject({ code: categoryCode, ...CategoryFields });
const CategoryPatch = z.strictObject({ ...CategoryFields, name: CategoryFields.name.optional(), firstLevel: z.enum(HANDLER_LEVELS).optional() });

const UnitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  leaderName: z.string(),
  officePhone: z.string(),
  active: z.boolean(),
  members: z.array(z.object({ userId: z.number().int(), username: z.string(), displayName: z.string() })),
});
const UnitFields = {
  name: z.string().trim().min(1, '名称不能为空').max(60),
  leaderName: z.string().trim().max(40).optional(),
  officePhone: z.string().trim().regex(/^[0-9-]{0,20}$/, '办公电话只含数字和减号').optional(),
  active: z.boolean().optional(),
  memberUserIds: z.array(z.number().int().positive()).max(200).optional(),
};

const NoticeSchema = z.object({ id: z.number().int(), orderId: z.number().int(), orderNumber: z.string(), kind: z.enum(NOTICE_KINDS), text: z.string(), createdAt: iso, readAt: isoN });
const SmsSchema = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNumber: z.string(),
  kind: z.enum(NOTICE_KINDS),
  phone: z.string(),
  text: z.string(),
  status: z.enum(SMS_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: iso,
  sentAt: isoN,
});

const Weights = z.strictObject({ response: z.number().min(0).max(100), resolution: z.number().min(0).max(100), satisfaction: z.number().min(0).max(100) });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const SettingsFields = {
  weights: Weights,
  basicallySatisfiedWeight: z.number().min(0).max(1),
  duplicateMeters: z.number().int().min(10).max(5000),
  duplicateHours: z.number().int().min(1).max(24 * 30),
  sendBackWorkingDays: z.number().int().min(1).max(2),
  maxExtensionWorkingDays: z.number().int().min(0).max(10),
  superviseAfterWorkingDays: z.number().int().min(0).max(30),
  investigateAfterWorkingDays: z.number().int().min(1).max(60),
  honorListSize: z.number().int().min(0).max(50),
  warningListSize: z.number().int().min(0).max(50),
  minOrdersForRanking: z.number().int().min(0).max(1000),
  officeHours: z.array(z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)])).min(1).max(4),
  extraHolidays: z.array(day).max(400),
  extraWorkdays: z.array(day).max(400),
};
const SettingsSchema = z.object({ ...SettingsFields, version: z.number().int() });
const SettingsPatch = z.strictObject({ ...Object.fromEntries(Object.entries(SettingsFields).map(([k, v]) => [k, v.optional()])), version: z.number().int().min(0) }) as unknown as z.ZodType<
  Partial<{ [K in keyof typeof SettingsFields]: z.infer<(typeof SettingsFields)[K]> }> & { version: number }
>;

const HandlerSchema = z.object({ level: z.enum(HANDLER_LEVELS), levelLabel: z.string(), regionCode: z.string().nullable(), unitId: z.number().int().nullable(), name: z.string() });

export const OrderSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  source: z.enum(SOURCES),
  sourceLabel: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  emergency: z.boolean(),
  title: z.string(),
  address: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  region: z.object({ townCode: z.string(), townName: z.string(), villageCode: z.string().nullable(), villageName: z.string().nullable(), groupCode: z.string().nullable(), groupName: z.string().nullable() }),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  version: z.number().int(),
  handler: HandlerSchema.nullable(),
  supervisionLevel: z.enum(SUPERVISION_LEVELS),
  supervisionLabel: z.string(),
  overdue: z.boolean(),
  createdAt: iso,
  signDueAt: isoN,
  resolveDueAt: isoN,
  closedAt: isoN,
  rating: z.enum(RATINGS).nullable(),
});

const FileSchema = z.object({ id: z.number().int(), fileName: z.string(), mime: z.string(), size: z.number().int(), url: z.string() });

export const OrderDetailSchema = OrderSummarySchema.extend({
  description: z.string(),
  sourceRef: z.string().nullable(),
  confidential: z.boolean(),
  reporterName: z.string(),
  dispatchedAt: isoN,
  signedAt: isoN,
  resolvedAt: isoN,
  sendBackDueAt: isoN,
  supervisedAt: isoN,
  extension: z.object({ status: z.enum(EXTENSION_STATES), days: z.number().int(), totalDays: z.number().int() }),
  reopenCount: z.number().int(),
  ratingLabel: z.string().nullable(),
  ratingComment: z.string().nullable(),
  mergedInto: z.object({ id: z.number().int(), number: z.string() }).nullable(),
  requesters: z.array(
    z.object({
      id: z.number().int(),
      name: z.string().nullable(),
      phone: z.string().nullable().describe('脱敏号码；保密诉求对承办单位显示为“（保密）”'),
      confidential: z.boolean(),
      wantsCallback: z.boolean(),
      fromOrderNumber: z.string().nullable(),
      notifiedAt: isoN,
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.number().int(),
      at: iso,
      actorName: z.string(),
      action: z.string(),
      actionLabel: z.string(),
      fromStatus: z.enum(STATUSES).nullable(),
      toStatus: z.enum(STATUSES).nullable(),
      note: z.string(),
      data: z.record(z.string(), z.unknown()),
      attachments: z.array(FileSchema),
    }),
  ),
  attachments: z.array(FileSchema),
  allowedActions: z.array(z.enum(ACTIONS)).describe('当前用户在当前状态下可执行的操作'),
  canRate: z.boolean(),
});

const DuplicateSchema = z.object({ id: z.number().int(), number: z.string(), title: z.string(), status: z.enum(STATUSES), statusLabel: z.string(), createdAt: iso, distanceMeters: z.number() });

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const attachmentIds = z.array(z.number().int().positive()).max(9, '每次最多 9 张照片').optional();

const IntakeBody = z.strictObject({
  source: z.enum(['grid', 'hotline', 'resident', 'matter']),
  categoryCode,
  title: z.string().trim().max(60).nullish(),
  description: z.string().trim().min(2, '请描述问题（至少 2 个字）').max(2000),
  lon: lon.nullish(),
  lat: lat.nullish(),
  regionCode: regionCode.nullish(),
  address: z.string().trim().max(200).nullish(),
  requester: z
    .strictObject({
      name: z.string().trim().max(40).nullish(),
      phone: z.string().trim().max(20).nullish(),
      confidential: z.boolean().optional(),
      wantsCallback: z.boolean().optional(),
    })
    .nullish(),
  attachmentIds,
  sourceRef: z.string().trim().max(120).nullish(),
});

const version = z.number().int().min(1, '版本号须为正整数').describe('客户端看到的工单版本（乐观并发）');
const reason = z.string().trim().min(1, '请说明理由').max(500);
const HandlerInput = z.strictObject({ level: z.enum(HANDLER_LEVELS), regionCode: z.string().regex(/^\d{9}(\d{3}(\d{3})?)?$/, '区域代码应为 9、12 或 15 位').nullish(), unitId: z.number().int().positive().nullish() });
const base = { version, attachmentIds };

/** Each action: its URL, the permission it declares, its body. */
const ACTION_ROUTES: Record<Action, { path: string; permission: Permission; summary: string; body: z.ZodObject }> = {
  dispatch: { path: 'dispatch', permission: 'workorder:dispatch', summary: '派单（默认按类别首办层级派至所在网格/村/镇或部门）', body: z.strictObject({ ...base, handler: HandlerInput.nullish() }) },
  sign_for: { path: 'sign', permission: 'workorder:handle', summary: '签收', body: z.strictObject({ ...base }) },
  send_back: { path: 'send-back', permission: 'workorder:handle', summary: '退单（派单后 2 个工作日内，须说明理由）', body: z.strictObject({ ...base, reason }) },
  start: { path: 'start', permission: 'workorder:handle', summary: '开始处置', body: z.strictObject({ ...base }) },
  transfer: { path: 'transfer', permission: 'workorder:dispatch', summary: '转派（可同时更正所在区域）', body: z.strictObject({ ...base, handler: HandlerInput, reason, regionCode: regionCode.nullish() }) },
  hand_over: { path: 'hand-over', permission: 'workorder:handle', summary: '提级上交：网格 → 村 → 镇 → 职能部门', body: z.strictObject({ ...base, reason, unitId: z.number().int().positive().nullish() }) },
  request_extension: { path: 'extension', permission: 'workorder:handle', summary: '申请延期（累计不超过 10 个工作日）', body: z.strictObject({ ...base, days: z.number().int().min(1).max(10), reason }) },
  approve_extension: { path: 'extension/approve', permission: 'workorder:dispatch', summary: '批准延期', body: z.strictObject({ ...base, note: z.string().trim().max(500).optional() }) },
  reject_extension: { path: 'extension/reject', permission: 'workorder:dispatch', summary: '驳回延期', body: z.strictObject({ ...base, reason }) },
  suspend: { path: 'suspend', permission: 'workorder:dispatch', summary: '挂起（时限暂停）', body: z.strictObject({ ...base, reason }) },
  resume: { path: 'resume', permission: 'workorder:dispatch', summary: '恢复办理（补回挂起时剩余的工作日）', body: z.strictObject({ ...base, note: z.string().trim().max(500).optional() }) },
  resolve: { path: 'resolve', permission: 'workorder:handle', summary: '办结（填写处理结果，可附照片）', body: z.strictObject({ ...base, note: z.string().trim().min(1, '请填写处理结果').max(2000) }) },
  callback: { path: 'callback', permission: 'workorder:callback', summary: '回访（满意/基本满意结案，不满意重办，无法回访结案）', body: z.strictObject({ ...base, rating: z.enum(RATINGS), comment: z.string().trim().max(500).optional() }) },
  merge: { path: 'merge', permission: 'workorder:dispatch', summary: '合并为重复工单（诉求人并入主单）', body: z.strictObject({ ...base, targetId: z.number().int().positive() }) },
  cancel: { path: 'cancel', permission: 'workorder:dispatch', summary: '作废（无效、骚扰或测试来电）', body: z.strictObject({ ...base, reason }) },
  supervise: { path: 'supervise', permission: 'workorder:dispatch', summary: '督办升级：交办 → 督办 → 查办', body: z.strictObject({ ...base, reason: z.string().trim().max(500).optional() }) },
  note: { path: 'notes', permission: 'workorder:read', summary: '添加备注或补充照片（承办单位、指挥中心或诉求人）', body: z.strictObject({ ...base, note: z.string().trim().min(1, '备注不能为空').max(2000) }) },
};

const RateRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  townCode: z.string(),
  townName: z.string(),
  orders: z.number().int(),
  responseDue: z.number().int(),
  responseOnTime: z.number().int(),
  resolutionDue: z.number().int(),
  resolvedOnTime: z.number().int(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  unsatisfied: z.number().int(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  composite: z.number().nullable(),
  rank: z.number().int().nullable(),
  list: z.enum(['honor', 'warning']).nullable(),
});
const RatesSchema = z.object({
  month: z.string(),
  level: z.enum(['town', 'village']),
  weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }),
  basicallySatisfiedWeight: z.number(),
  minOrdersForRanking: z.number().int(),
  rows: z.array(RateRowSchema),
  honor: z.array(RateRowSchema),
  warning: z.array(RateRowSchema),
});
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional();
const RatesQuery = z.object({ month, level: z.enum(['town', 'village']).default('village'), town: z.string().regex(/^\d{9}$/, '镇代码为 9 位').optional() });

const CockpitSchema = z.object({
  today: z.string(),
  totals: z.object({ receivedToday: z.number().int(), resolvedToday: z.number().int(), closedToday: z.number().int(), open: z.number().int(), overdue: z.number().int(), supervised: z.number().int(), investigated: z.number().int(), emergencyOpen: z.number().int() }),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), received: z.number().int(), closed: z.number().int() })),
  byTown: z.array(z.object({ code: z.string(), name: z.string(), received: z.number().int(), closed: z.number().int(), overdue: z.number().int(), open: z.number().int() })),
  heat: z.array(z.tuple([z.number(), z.number(), z.number()])).describe('[经度, 纬度, 件数]，约 500 米网格'),
  trend: z.array(z.object({ day: z.string(), received: z.number().int(), closed: z.number().int() })),
  recent: z.array(OrderSummarySchema),
  overdueOrders: z.array(OrderSummarySchema),
});

const idParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数').max(2 ** 53 - 1) });
const csvList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const ListQuery = z.object({
  status: csvList(STATUSES).optional().describe('逗号分隔的状态'),
  category: categoryCode.optional(),
  source: z.enum(SOURCES).optional(),
  region: regionCode.optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().max(40, '搜索词过长').optional(),
  supervision: z.enum(SUPERVISION_LEVELS).optional(),
  overdue: bool.optional(),
  emergency: bool.optional(),
  mine: z.enum(['handling', 'reported']).optional().describe('handling = 我单位承办的；reported = 我上报或参与的'),
  ...pagingQuery,
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

// ---------------------------------------------------------------------------------------------

export const workOrderRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  const svc = { vault: deps.vault, dataDir: deps.config.dataDir };

  // Configuration -----------------------------------------------------------------------------
  app.get('/api/workorders/categories', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '工单类别（两级分类、首办层级、时限）', querystring: z.object({ includeInactive: bool.optional() }), response: { 200: z.object({ items: z.array(CategorySchema) }) } },
  }, async (req) => ({ items: await listCategories(db, actorOf(req), { includeInactive: req.query.includeInactive }) }));

  app.post('/api/workorders/categories', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '新增工单类别', body: CategoryCreate, response: { 201: CategorySchema } },
  }, async (req, reply) => reply.status(201).send(await createCategory(db, actorOf(req), req.body)));

  app.post('/api/workorders/categories/standard', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '安装标准类别目录（环境卫生、道路设施、邻里纠纷、违章搭建、河道管护等及对应职能部门；已有的不覆盖）', response: { 200: z.object({ units: z.number().int(), categories: z.number().int() }) } },
  }, async (req) => installStandardCatalog(db, actorOf(req)));

  app.patch('/api/workorders/categories/:code', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '修改工单类别（首办层级、部门、时限、启停）', params: z.object({ code: categoryCode }), body: CategoryPatch, response: { 200: CategorySchema } },
  }, async (req) => updateCategory(db, actorOf(req), req.params.code, req.body));

  app.get('/api/workorders/units', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '承办单位（职能部门）及其承办人账号', response: { 200: z.object({ items: z.array(UnitSchema) }) } },
  }, async (req) => ({ items: await listUnits(db, actorOf(req)) }));

  app.post('/api/workorders/units', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '新增承办单位', body: z.strictObject(UnitFields), response: { 201: UnitSchema } },
  }, async (req, reply) => reply.status(201).send(await createUnit(db, actorOf(req), req.body)));

  app.patch('/api/workorders/units/:id', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '修改承办单位（负责人、启停、承办人账号）', params: idParam, body: z.strictObject({ ...UnitFields, name: UnitFields.name.optional() }), response: { 200: UnitSchema } },
  }, async (req) => updateUnit(db, actorOf(req), req.params.id, req.body));

  app.get('/api/workorders/units/candidates', {
    config: { permission: 'workorder:configure' },
    schema: {
      tags,
      summary: '可设为承办人的账号（按账号或姓名查找；职能部门承办人角色优先）',
      querystring: z.object({ q: z.string().trim().max(40).optional() }),
      response: { 200: z.object({ items: z.array(z.object({ userId: z.number().int(), username: z.string(), displayName: z.string(), roles: z.array(z.string()) })) }) },
    },
  }, async (req) => ({ items: await unitMemberCandidates(db, actorOf(req), req.query.q) }));

  app.get('/api/workorders/settings', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '工单规则设置（三率权重、重复判定、退单与延期期限、督办升级、办公时间、节假日更正）', response: { 200: SettingsSchema } },
  }, async (req) => getSettings(db, actorOf(req)));

  app.put('/api/workorders/settings', {
    config: { permission: 'workorder:configure' },
    schema: { tags, summary: '修改工单规则设置（带版本号，乐观并发）', body: SettingsPatch, response: { 200: SettingsSchema } },
  }, async (req) => updateSettings(db, actorOf(req), req.body));

  // Intake ------------------------------------------------------------------------------------
  app.post('/api/workorders/route', {
    config: { permission: 'workorder:report' },
    schema: {
      tags,
      summary: '定位预览：坐标 → 网格、村、镇，及该类别的首办单位（县域外的点会被拒绝）',
      body: z.strictObject({ lon: lon.nullish(), lat: lat.nullish(), regionCode: regionCode.nullish(), categoryCode: categoryCode.nullish() }),
      response: { 200: z.object({ townCode: z.string(), villageCode: z.string().nullable(), groupCode: z.string().nullable(), label: z.string(), handler: z.object({ level: z.enum(HANDLER_LEVELS), levelLabel: z.string(), name: z.string() }).nullable() }) },
    },
  }, async (req) => previewRoute(db, actorOf(req), req.body));

  app.post('/api/workorders', {
    config: { permission: 'workorder:report' },
    schema: {
      tags,
      summary: '受理登记：网格上报（GPS 点）、热线来电（来电人、回访电话、保密）、群众自报、书记论坛事项；立即返回工单编号。支持 Idempotency-Key',
      headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
      body: IntakeBody,
      response: { 201: z.object({ order: OrderDetailSchema, duplicates: z.array(DuplicateSchema).describe('疑似重复（同类别、距离与时间窗口内）'), replayed: z.boolean() }) },
    },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw badRequest('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 须为 8–128 位字母、数字或 _.:-', 'Malformed Idempotency-Key');
    const out = await intake(db, svc, actorOf(req), req.body, key);
    if (out.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(out);
  });

  app.post('/api/workorders/attachments', {
    config: { permission: 'workorder:report' },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      tags,
      summary: '上传照片（base64 JSON，≤ 5 MB；按文件内容识别 JPEG/PNG/WebP/GIF）。返回的 id 用于上报或处置时附上',
      body: z.strictObject({ fileName: z.string().trim().min(1).max(200), contentBase64: z.string().min(1, '照片内容不能为空') }),
      response: { 201: FileSchema },
    },
  }, async (req, reply) => reply.status(201).send(await uploadPhoto(db, svc, actorOf(req), req.body)));

  app.get('/api/workorders/attachments/:id', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '查看照片（仅限能看到该工单的用户）', params: idParam },
  }, async (req, reply) => {
    const f = await readAttachment(db, svc, actorOf(req), req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });

  // Lists and figures --------------------------------------------------------------------------
  app.get('/api/workorders', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '工单列表（状态、类别、来源、区域、日期、中文关键词、督办级别、超期；数据范围内）', querystring: ListQuery, response: { 200: pageSchema(OrderSummarySchema).extend({ totalCapped: z.boolean().describe('true: more than `total` orders match (the count stops at 10,000, at 1,000 with a keyword, or just past the page asked for)') }) } },
  }, async (req) => listOrders(db, actorOf(req), req.query));

  app.get('/api/workorders/stream', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '实时事件流（text/event-stream，Server-Sent Events）：新工单、状态变化、超期升级；按数据范围过滤，支持 Last-Event-ID 续传' },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const last = Number(req.headers['last-event-id']);
    const missed = Number.isInteger(last) && last >= 0 ? await eventsSince(db, actor, last) : [];
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 3000\n: connected\n\n');
    for (const e of missed) raw.write(sseFrame(e));
    const unsubscribe = subscribeOrders(db, actor, (e) => raw.write(sseFrame(e)));
    const ping = setInterval(() => raw.write(': ping\n\n'), 15_000);
    ping.unref();
    req.raw.on('close', () => {
      unsubscribe();
      clearInterval(ping);
    });
  });

  app.get('/api/workorders/cockpit', {
    config: { permission: 'workorder:stats' },
    schema: { tags, summary: '指挥大屏（一屏全览）：今日受理与办结、分类分镇、超期与督办、热力点、近 14 天趋势', response: { 200: CockpitSchema } },
  }, async (req) => cockpit(db, actorOf(req)));

  app.get('/api/workorders/rates', {
    config: { permission: 'workorder:stats' },
    schema: { tags, summary: '三率（响应率、解决率、满意率）与综合得分：按镇或村、按月排名，红榜与黑榜', querystring: RatesQuery, response: { 200: RatesSchema } },
  }, async (req) => monthlyRates(db, actorOf(req), req.query));

  app.get('/api/workorders/rates/orders', {
    config: { permission: 'workorder:stats' },
    schema: {
      tags,
      summary: '三率下钻：某镇/村某月某项指标达标或未达标的工单',
      querystring: z.object({ month, region: z.string().regex(/^\d{9}(\d{3})?$/, '镇或村代码'), metric: z.enum(['response', 'resolution', 'satisfaction', 'all']).default('all'), outcome: z.enum(['pass', 'fail']).optional(), ...pagingQuery }),
      response: { 200: pageSchema(OrderSummarySchema) },
    },
  }, async (req) => rateOrders(db, actorOf(req), req.query));

  app.get('/api/workorders/rates/export', {
    config: { permission: 'workorder:stats' },
    schema: {
      tags,
      summary: '导出三率排名（Excel .xlsx）：工作表 1 排名（响应率、解决率、满意率、综合得分、名次、红黑榜），工作表 2 计入各项指标的工单明细（最多 20000 件），工作表 3 口径说明',
      querystring: RatesQuery,
    },
  }, async (req, reply) => {
    const f = await exportRatesXlsx(db, actorOf(req), req.query);
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="rates.xlsx"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .send(f.body);
  });

  // Informing requesters --------------------------------------------------------------------
  app.get('/api/workorders/notices', {
    config: { permission: 'workorder:read' },
    schema: {
      tags,
      summary: '我的工单消息：所反映问题的受理、办结、合并等进展通知（仅本人）',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) }),
      response: { 200: z.object({ items: z.array(NoticeSchema), unread: z.number().int() }) },
    },
  }, async (req) => myNotices(db, actorOf(req), req.query));

  app.post('/api/workorders/notices/read', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '把本人的消息标为已读（不传 ids 则全部）', body: z.strictObject({ ids: z.array(z.number().int().positive()).max(200).optional() }), response: { 200: z.object({ marked: z.number().int() }) } },
  }, async (req) => markNoticesRead(db, actorOf(req), req.body.ids));

  app.get('/api/workorders/sms-outbox', {
    config: { permission: 'workorder:dispatch' },
    schema: {
      tags,
      summary: '短信发件箱：发给诉求人的办结短信（号码脱敏）。配置 XZ_SMS_URL 后由短信网关发送；未配置时保持排队、不会发出',
      querystring: z.object({ status: z.enum(SMS_STATUSES).optional(), ...pagingQuery }),
      response: {
        200: z.object({
          gatewayConfigured: z.boolean(),
          counts: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
          items: z.array(SmsSchema),
          total: z.number().int(),
          page: z.number().int(),
          pageSize: z.number().int(),
        }),
      },
    },
  }, async (req) => listSmsOutbox(db, actorOf(req), req.query));

  // One order ---------------------------------------------------------------------------------
  app.get('/api/workorders/:id', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '工单详情与完整时间线（谁、何时、做了什么、附件）', params: idParam, response: { 200: OrderDetailSchema } },
  }, async (req) => getOrder(db, actorOf(req), req.params.id));

  app.get('/api/workorders/:id/duplicates', {
    config: { permission: 'workorder:read' },
    schema: { tags, summary: '疑似重复工单（同类别、设定距离与时间窗口内、未结案）', params: idParam, response: { 200: z.object({ items: z.array(DuplicateSchema) }) } },
  }, async (req) => ({ items: await findDuplicates(db, actorOf(req), req.params.id) }));

  app.post('/api/workorders/:id/requesters/reveal', {
    config: { permission: 'workorder:callback' },
    schema: { tags, summary: '查看诉求人完整回访电话（回访用，审计留痕）', params: idParam, response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string().nullable(), phone: z.string().nullable(), confidential: z.boolean() })) }) } },
  }, async (req) => ({ items: await revealRequesters(db, deps.vault, actorOf(req), req.params.id) }));

  app.post('/api/workorders/:id/rate', {
    config: { permission: 'workorder:report' },
    schema: {
      tags,
      summary: '诉求人评价（手机端）：满意、基本满意结案；不满意则重办',
      params: idParam,
      body: z.strictObject({ version, rating: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']), comment: z.string().trim().max(500).optional() }),
      response: { 200: OrderDetailSchema },
    },
  }, async (req) => rateOrder(db, actorOf(req), req.params.id, req.body));

  for (const action of ACTIONS) {
    const r = ACTION_ROUTES[action];
    app.post(`/api/workorders/:id/${r.path}`, {
      config: { permission: r.permission },
      schema: { tags, summary: r.summary, params: idParam, body: r.body, response: { 200: OrderDetailSchema } },
    }, async (req) => act(db, actorOf(req), (req.params as { id: number }).id, { ...(req.body as object), action } as ActionInput & { version: number; attachmentIds?: number[] }));
  }
};
