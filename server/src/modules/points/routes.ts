import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { badRequest, forbidden } from '../../platform/http/errors';
import { pageSchema, pagingQuery } from '../../platform/http/paging';
import { can } from '../../platform/scope';
import type { AppDeps } from '../../app';
import { regionCode } from '../regions/routes';
import {
  ASSESSMENT_STAGES, EVIDENCE_LINK_KINDS, ITEM_CATEGORIES, OWNER_KINDS, PERIOD_KINDS, POSTING_SOURCES, POSTING_STATES,
  REDEMPTION_STATES, SCHEME_KINDS, SECTORS, chinaDate,
} from './rules';
import {
  accrueSeniority, addItem, closePeriod, decidePostings, finalizeDue, getAccount, getPassbook, getPosting, getScheme, leaderboard, listAccounts, listLists,
  listNotices, listObjections, listPeriods, listPostings, listSchemes, listSchemeVersions, myAccounts, objectToPosting, openAccountsInRegion, proposePosting,
  publishHonorLists, publishPostings, resolveObjection, reversePosting, selectCivilizedFamilies, setupSchemes, updateAccount, updateItem, updateScheme,
} from './service';
import { closeRating, getAssessment, listAssessments, objectToAssessment, rateAssessment, startAssessments, submitSelfAssessment, superiorRating } from './fortress';
import { cancelRedemption, confirmPickup, createProduct, createStore, listProducts, listRedemptions, listStores, redeem, storeReport, updateProduct, updateStore } from './store';

const tags = ['points'];
const id = z.coerce.number().int().positive('编号必须是正整数');
const idParam = z.object({ id });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const periodKey = z.string().regex(/^(\d{4}(-(\d{2}|Q[1-4]))?|all)$/, '期间格式应为 2026-05、2026-Q2、2026 或 all');
const monthKey = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 2026-05');
const pointsValue = z.number().min(-1000, '分值过小').max(1000, '分值过大').refine((n) => Math.round(n * 100) === n * 100, '分值最多两位小数');
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const idemHeaders = z.object({ 'idempotency-key': z.string().optional() }).passthrough();
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

function idemKey(headers: Record<string, unknown>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw badRequest('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 须为 8–128 位字母、数字或 _.:-', 'Malformed Idempotency-Key');
  return key;
}

// ---------------------------------------------------------------------------------------------
// Schemas

const Evidence = z.strictObject({
  text: text(2000).nullish(),
  links: z.array(z.strictObject({ kind: z.enum(EVIDENCE_LINK_KINDS), ref: z.string().trim().min(1, '关联编号不能为空').max(100), label: text(100).nullish() })).max(10).optional(),
  photos: z.array(z.string().trim().min(1).max(300)).max(10, '最多 10 张照片').optional(),
});
const EvidenceOut = z.object({
  text: z.string().nullish(),
  links: z.array(z.object({ kind: z.enum(EVIDENCE_LINK_KINDS), ref: z.string(), label: z.string().nullish() })).optional(),
  photos: z.array(z.string()).optional(),
});

const Tier = z.object({ code: z.string(), name: z.string(), minPoints: z.number(), benefit: z.string() });

const SchemeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(SCHEME_KINDS),
  kindLabel: z.string(),
  ownerKind: z.enum(OWNER_KINDS),
  name: z.string(),
  description: z.string(),
  noticeDays: z.number().int(),
  pointValueCents: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  active: z.boolean(),
  itemCount: z.number().int(),
});

const ItemSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(ITEM_CATEGORIES),
  categoryLabel: z.string(),
  points: z.number(),
  minPoints: z.number().nullable(),
  maxPoints: z.number().nullable(),
  cap: z.number().nullable(),
  capPeriod: z.enum(PERIOD_KINDS).nullable(),
  evidenceRequired: z.boolean(),
  proposePermission: z.string(),
  approvePermission: z.string(),
  veto: z.boolean(),
  zeroing: z.boolean(),
  sector: z.string().nullable(),
  sort: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});

const permissionCode = z.string().regex(/^points:[a-z]+$/, '权限须为积分权限，如 points:propose');
const ItemFields = {
  name: z.string().trim().min(1, '名称不能为空').max(60),
  description: text(500).optional(),
  category: z.enum(ITEM_CATEGORIES),
  points: pointsValue,
  minPoints: pointsValue.nullish(),
  maxPoints: pointsValue.nullish(),
  cap: z.number().positive('封顶分值应大于 0').max(10000).nullish(),
  capPeriod: z.enum(PERIOD_KINDS).nullish(),
  evidenceRequired: z.boolean().optional(),
  proposePermission: permissionCode.optional(),
  approvePermission: permissionCode.optional(),
  veto: z.boolean().optional(),
  zeroing: z.boolean().optional(),
  sector: z.enum(SECTORS).nullish(),
  sort: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
  note: text(200).optional(),
};
const ItemCreate = z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '代码为 2–40 位小写字母、数字或下划线，以字母开头'), ...ItemFields });
const ItemPatch = z.strictObject({ ...ItemFields, name: ItemFields.name.optional(), category: ItemFields.category.optional(), points: pointsValue.optional() });

const SettingsPatch = z.strictObject({
  tiers: z.array(z.strictObject({ code: z.string().trim().min(1).max(20), name: z.string().trim().min(1).max(20), minPoints: z.number().min(0).max(100000), benefit: text(200) })).length(4, '退职待遇须设四个档次').optional(),
  seniorityItem: z.string().max(40).optional(),
  performanceItem: z.string().max(40).optional(),
  defaultPerformance: z.number().min(0).max(1000).optional(),
  retirementAge: z.strictObject({ M: z.number().int().min(40).max(75), F: z.number().int().min(40).max(75) }).optional(),
  maxScore: z.number().positive().max(1000).optional(),
  starThresholds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  laggingBelow: z.number().min(0).optional(),
  memberRatingItem: z.string().max(40).optional(),
  honorListSize: z.number().int().min(1).max(100).optional(),
  warningListSize: z.number().int().min(0).max(100).optional(),
  civilizedMinPoints: z.number().min(0).max(100000).optional(),
  civilizedPerVillage: z.number().int().min(1).max(100).optional(),
});

const SchemePatch = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  description: text(1000).optional(),
  noticeDays: z.number().int().min(0, '公示天数不能为负').max(60, '公示天数不超过 60 天').optional(),
  pointValueCents: z.number().int().min(0).max(100000).optional(),
  settings: SettingsPatch.optional(),
  active: z.boolean().optional(),
  note: text(200).optional(),
});

const VersionSchema = z.object({ version: z.number().int(), note: z.string(), createdByName: z.string(), createdAt: z.string(), items: z.array(ItemSchema), settings: z.record(z.string(), z.unknown()) });

const AccountSchema = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  ownerKind: z.enum(OWNER_KINDS),
  ownerKindLabel: z.string(),
  ownerId: z.number().int(),
  label: z.string(),
  groupKey: z.string().nullable(),
  sector: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()),
  earned: z.number(),
  spent: z.number(),
  available: z.number(),
  active: z.boolean(),
});

const FortressRatingSchema = z.object({ index: z.number(), stars: z.number().int(), lagging: z.boolean(), vetoed: z.boolean(), label: z.string() });
const RankSchema = z.object({ periodKey: z.string(), points: z.number(), village: z.number().int(), villageOf: z.number().int(), town: z.number().int(), townOf: z.number().int(), group: z.number().int().nullable(), groupOf: z.number().int().nullable() }).nullable();
const CadreSummarySchema = z.object({
  total: z.number(),
  tier: Tier.nullable(),
  yearsToRetirement: z.number().int(),
  performancePerYear: z.number(),
  projectedTotal: z.number(),
  projectedTier: Tier.nullable(),
  toNextTier: z.number().nullable(),
  serviceStart: z.string().nullable(),
  retireOn: z.string().nullable(),
  serviceYears: z.number().int().nullable(),
  byCategory: z.record(z.string(), z.number()),
  tiers: z.array(Tier),
});

const AccountDetail = AccountSchema.extend({
  scheme: SchemeSchema,
  periods: z.array(z.object({ periodKey: z.string(), label: z.string(), points: z.number(), rawPoints: z.number(), plus: z.number(), minus: z.number(), postings: z.number().int(), vetoes: z.number().int(), zeroed: z.boolean(), frozenRank: z.object({ village: z.number().int().nullable(), town: z.number().int().nullable(), group: z.number().int().nullable() }) })),
  ranks: z.object({ month: RankSchema, year: RankSchema }),
  summary: z.object({ fortress: FortressRatingSchema.optional(), years: z.array(FortressRatingSchema.extend({ year: z.string() })).optional(), cadre: CadreSummarySchema.optional() }),
});

const PostingSchema = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  schemeVersion: z.number().int(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  accountId: z.number().int(),
  accountLabel: z.string(),
  ownerKind: z.string(),
  points: z.number(),
  occurredOn: z.string(),
  state: z.enum(POSTING_STATES),
  stateLabel: z.string(),
  source: z.enum(POSTING_SOURCES),
  reversesId: z.number().int().nullable(),
  reversedById: z.number().int().nullable(),
  isVeto: z.boolean(),
  isZeroing: z.boolean(),
  evidence: EvidenceOut,
  note: z.string(),
  proposedByName: z.string(),
  proposedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  noticedAt: z.string().nullable(),
  noticeUntil: z.string().nullable(),
  effectiveAt: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  openObjections: z.number().int(),
});

const ObjectionSchema = z.object({
  id: z.number().int(),
  targetKind: z.enum(['posting', 'assessment']),
  targetId: z.number().int(),
  objectorName: z.string(),
  reason: z.string(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  statusLabel: z.string(),
  resolution: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
});

const PostingDetail = PostingSchema.extend({
  log: z.array(z.object({ at: z.string(), actorName: z.string(), from: z.string(), to: z.string(), fromLabel: z.string(), toLabel: z.string(), note: z.string() })),
  objections: z.array(ObjectionSchema),
});

const BatchResult = z.object({ results: z.array(z.object({ id: z.number().int(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional(), state: z.enum(POSTING_STATES).optional() })), done: z.number().int() });
const Ids = z.strictObject({ ids: z.array(z.number().int().positive()).min(1, '请至少选择一条').max(500, '一次最多处理 500 条') });

const ListSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['honor', 'warning', 'civilized']),
  kindLabel: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  village: z.string().nullable(),
  entries: z.array(z.object({ accountId: z.number().int(), label: z.string(), points: z.number(), rank: z.number().int(), plus: z.number().optional(), minus: z.number().optional() })),
  publishedByName: z.string(),
  publishedAt: z.string(),
});

const AssessmentSchema = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  accountId: z.number().int(),
  branchName: z.string(),
  branchId: z.number().int().nullable(),
  sector: z.string().nullable(),
  year: z.number().int(),
  stage: z.enum(ASSESSMENT_STAGES),
  stageLabel: z.string(),
  items: z.array(ItemSchema),
  selfScores: z.record(z.string(), z.number()).nullable(),
  selfTotal: z.number().nullable(),
  selfByName: z.string().nullable(),
  memberMean: z.number().nullable(),
  memberCount: z.number().int(),
  noticeUntil: z.string().nullable(),
  superiorScores: z.record(z.string(), z.number()).nullable(),
  superiorTotal: z.number().nullable(),
  superiorByName: z.string().nullable(),
  openObjections: z.number().int(),
  objections: z.number().int(),
  myRating: z.number().nullable(),
  rating: FortressRatingSchema,
});
const Scores = z.strictObject({ scores: z.record(z.string().max(40), z.number().min(-1000).max(1000)) });

const StoreSchema = z.object({
  id: z.number().int(), name: z.string(), regionCode: z.string(), regionName: z.string(), schemeId: z.number().int(), schemeName: z.string(), pointValueCents: z.number().int(),
  address: z.string(), openHours: z.string(), active: z.boolean(), products: z.number().int(), manageable: z.boolean(),
});
const ProductSchema = z.object({ id: z.number().int(), storeId: z.number().int(), name: z.string(), description: z.string(), unit: z.string(), pricePoints: z.number(), priceYuan: z.number(), stock: z.number().int(), active: z.boolean(), sort: z.number().int() });
const RedemptionSchema = z.object({
  id: z.number().int(), storeId: z.number().int(), storeName: z.string().nullable(), productId: z.number().int(), productName: z.string(), accountId: z.number().int(), accountLabel: z.string().nullable(),
  quantity: z.number().int(), pricePoints: z.number(), points: z.number(), status: z.enum(REDEMPTION_STATES), statusLabel: z.string(), pickupCode: z.string(), placedByName: z.string(),
  placedAt: z.string(), pickedUpAt: z.string().nullable(), confirmedByName: z.string().nullable(), cancelledAt: z.string().nullable(), cancelReason: z.string().nullable(),
});

const LeaderboardSchema = z.object({
  scheme: SchemeSchema,
  period: z.string(),
  periodLabel: z.string(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  within: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(z.object({
    rank: z.number().int(), accountId: z.number().int(), label: z.string(), ownerKind: z.string(), ownerId: z.number().int(), groupKey: z.string().nullable(), groupName: z.string().nullable(), village: z.string().nullable(), points: z.number(), plus: z.number(), minus: z.number(),
    postings: z.number().int(), zeroed: z.boolean(), rating: FortressRatingSchema.nullable(), tier: Tier.nullable(),
  })),
});

// ---------------------------------------------------------------------------------------------

export const pointsRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;

  // Schemes and catalogs ----------------------------------------------------------------------
  app.get('/api/points/schemes', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '积分方案列表（干部积分、堡垒指数、先锋指数、文明家庭积分）', response: { 200: z.object({ items: z.array(SchemeSchema) }) } },
  }, async (req) => ({ items: await listSchemes(db, actorOf(req)) }));

  app.post('/api/points/schemes/setup', {
    config: { permission: 'points:configure' },
    schema: { tags, summary: '为本县创建四套默认积分方案（已有的跳过）', response: { 200: z.object({ created: z.array(SchemeSchema) }) } },
  }, async (req) => setupSchemes(db, actorOf(req)));

  app.get('/api/points/schemes/:id', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '积分方案及其细则', params: idParam, response: { 200: SchemeSchema.extend({ items: z.array(ItemSchema) }) } },
  }, async (req) => getScheme(db, actorOf(req), req.params.id));

  app.patch('/api/points/schemes/:id', {
    config: { permission: 'points:configure' },
    schema: { tags, summary: '修改方案设置（公示天数、1 分折合金额、档次、星级线、红黑榜人数等），版本号加一', params: idParam, body: SchemePatch, response: { 200: SchemeSchema } },
  }, async (req) => updateScheme(db, actorOf(req), req.params.id, req.body));

  app.get('/api/points/schemes/:id/versions', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '方案细则的历史版本（每条积分记录注明其版本）', params: idParam, response: { 200: z.object({ items: z.array(VersionSchema) }) } },
  }, async (req) => ({ items: await listSchemeVersions(db, actorOf(req), req.params.id) }));

  app.post('/api/points/schemes/:id/items', {
    config: { permission: 'points:configure' },
    schema: { tags, summary: '新增积分细则（版本号加一）', params: idParam, body: ItemCreate, response: { 201: ItemSchema } },
  }, async (req, reply) => reply.status(201).send(await addItem(db, actorOf(req), req.params.id, { ...req.body, sector: req.body.sector ?? null })));

  app.patch('/api/points/schemes/:id/items/:itemId', {
    config: { permission: 'points:configure' },
    schema: { tags, summary: '修改或停用积分细则（版本号加一；已有积分记录保留原版本）', params: z.object({ id, itemId: id }), body: ItemPatch, response: { 200: ItemSchema } },
  }, async (req) => updateItem(db, actorOf(req), req.params.id, req.params.itemId, req.body));

  app.get('/api/points/schemes/:id/periods', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '已结账期间', params: idParam, response: { 200: z.object({ items: z.array(z.object({ key: z.string(), kind: z.enum(PERIOD_KINDS), kindLabel: z.string(), label: z.string(), closedAt: z.string(), closedByName: z.string() })) }) } },
  }, async (req) => ({ items: await listPeriods(db, actorOf(req), req.params.id) }));

  app.post('/api/points/schemes/:id/periods/close', {
    config: { permission: 'points:configure' },
    schema: { tags, summary: '结账（月、季、年）：有未处理积分时拒绝；冻结该期排名；此后不能再记入该期', params: idParam, body: z.strictObject({ key: z.string().regex(/^\d{4}(-(\d{2}|Q[1-4]))?$/, '期间格式应为 2026-05、2026-Q2 或 2026') }), response: { 200: z.object({ key: z.string(), label: z.string(), closed: z.boolean() }) } },
  }, async (req) => closePeriod(db, actorOf(req), req.params.id, req.body.key));

  // Accounts ----------------------------------------------------------------------------------
  app.get('/api/points/accounts', {
    config: { permission: 'points:read' },
    schema: {
      tags, summary: '积分账户（本月、本年积分）',
      querystring: z.object({ schemeId: id, region: regionCode.optional(), q: text(40).optional(), ...pagingQuery }),
      response: { 200: pageSchema(AccountSchema.extend({ monthPoints: z.number(), yearPoints: z.number() })) },
    },
  }, async (req) => listAccounts(db, actorOf(req), req.query));

  app.get('/api/points/me', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '我的积分账户（本户文明家庭积分、本人先锋指数、干部积分）', response: { 200: z.object({ items: z.array(AccountSchema.extend({ schemeName: z.string(), schemeKind: z.enum(SCHEME_KINDS) })) }) } },
  }, async (req) => ({ items: await myAccounts(db, actorOf(req)) }));

  app.post('/api/points/accounts/open', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '为区域内尚无账户的对象开户（农户、党员、党组织或村干部，按方案）', body: z.strictObject({ schemeId: z.number().int().positive(), regionCode }), response: { 200: z.object({ opened: z.number().int(), existing: z.number().int() }) } },
  }, async (req) => openAccountsInRegion(db, actorOf(req), req.body));

  app.get('/api/points/accounts/:id', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '积分账户详情：各期积分、本月本年排名；干部积分含档次与预计退职档次，堡垒指数含星级', params: idParam, response: { 200: AccountDetail } },
  }, async (req) => getAccount(db, actorOf(req), req.params.id));

  app.patch('/api/points/accounts/:id', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '修改账户：干部任职起始日、退职日期（须上级评定权限），党组织类型，启停', params: idParam, body: z.strictObject({ serviceStart: date.nullish(), retireOn: date.nullish(), sector: z.enum(SECTORS).nullish(), active: z.boolean().optional() }), response: { 200: AccountSchema } },
  }, async (req) => {
    const actor = actorOf(req);
    if ((req.body.serviceStart !== undefined || req.body.retireOn !== undefined) && !can(actor, 'points:assess')) throw forbidden('修改干部任职日期须具有「points:assess」权限', 'Needs points:assess');
    return updateAccount(db, actor, req.params.id, req.body);
  });

  app.get('/api/points/accounts/:id/passbook', {
    config: { permission: 'points:read' },
    schema: {
      tags, summary: '积分存折：每笔生效积分、兑换与退还及余额', params: idParam, querystring: z.object({ ...pagingQuery }),
      response: { 200: pageSchema(z.object({ kind: z.enum(['posting', 'redemption', 'refund']), id: z.number().int(), at: z.string(), occurredOn: z.string(), amount: z.number(), title: z.string(), detail: z.string(), evidenceText: z.string().nullable(), balance: z.number() })).extend({ account: AccountSchema }) },
    },
  }, async (req) => getPassbook(db, actorOf(req), req.params.id, req.query.page, req.query.pageSize));

  // Postings ----------------------------------------------------------------------------------
  app.get('/api/points/postings', {
    config: { permission: 'points:read' },
    schema: {
      tags, summary: '积分记录（工作台）：按方案、状态、区域、账户、细则、日期筛选',
      querystring: z.object({ schemeId: id.optional(), state: z.enum(POSTING_STATES).optional(), region: regionCode.optional(), accountId: id.optional(), itemId: id.optional(), mine: bool.optional(), from: date.optional(), to: date.optional(), ...pagingQuery }),
      response: { 200: pageSchema(PostingSchema).extend({ byState: z.record(z.string(), z.number()) }) },
    },
  }, async (req) => listPostings(db, actorOf(req), req.query));

  app.post('/api/points/postings', {
    config: { permission: 'points:propose' },
    schema: {
      tags, summary: '申报积分（附佐证：文字、照片、关联工单或活动）；校验细则权限、分值区间、封顶、结账期间与数据范围。支持 Idempotency-Key',
      headers: idemHeaders,
      body: z.strictObject({ accountId: z.number().int().positive(), itemId: z.number().int().positive().optional(), itemCode: z.string().max(40).optional(), points: pointsValue.nullish(), occurredOn: date.optional(), evidence: Evidence.optional(), note: text(500).optional() }),
      response: { 201: z.object({ posting: PostingSchema, replayed: z.boolean() }) },
    },
  }, async (req, reply) => {
    const out = await proposePosting(db, actorOf(req), req.body, idemKey(req.headers));
    if (out.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(out);
  });

  app.get('/api/points/postings/:id', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '积分记录详情、流转记录与异议', params: idParam, response: { 200: PostingDetail } },
  }, async (req) => getPosting(db, actorOf(req), req.params.id));

  app.post('/api/points/postings/approve', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '批量审核通过（逐条校验：状态、细则审核权限、不得审核本人申报或本人账户）', body: Ids, response: { 200: BatchResult } },
  }, async (req) => decidePostings(db, actorOf(req), { ids: req.body.ids, action: 'approve' }));

  app.post('/api/points/postings/reject', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '批量驳回（须填理由）', body: Ids.extend({ reason: z.string().trim().min(1, '驳回须填写理由').max(500) }), response: { 200: BatchResult } },
  }, async (req) => decidePostings(db, actorOf(req), { ids: req.body.ids, action: 'reject', reason: req.body.reason }));

  app.post('/api/points/postings/publish', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '批量公示（公示期按方案天数；0 天则立即生效）', body: Ids, response: { 200: BatchResult } },
  }, async (req) => publishPostings(db, actorOf(req), req.body));

  app.post('/api/points/postings/finalize', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '公示期满且无未处理异议的积分生效（本人数据范围内）', response: { 200: z.object({ effective: z.number().int() }) } },
  }, async (req) => finalizeDue(db, actorOf(req)));

  app.post('/api/points/postings/:id/reverse', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '冲正已生效的积分（生成一条相反的记录，原记录保留）', params: idParam, body: z.strictObject({ reason: z.string().trim().min(1, '冲正须填写理由').max(500) }), response: { 201: PostingSchema } },
  }, async (req, reply) => reply.status(201).send(await reversePosting(db, actorOf(req), req.params.id, req.body.reason)));

  app.post('/api/points/postings/:id/objections', {
    config: { permission: 'points:object' },
    schema: { tags, summary: '对公示中的积分提出异议（本村群众均可）', params: idParam, body: z.strictObject({ reason: z.string().trim().min(2, '请说明异议理由').max(1000) }), response: { 201: ObjectionSchema } },
  }, async (req, reply) => reply.status(201).send(await objectToPosting(db, actorOf(req), req.params.id, req.body.reason)));

  // Public notice board and objections -------------------------------------------------------
  app.get('/api/points/notices', {
    config: { permission: 'points:read' },
    schema: {
      tags, summary: '公示栏：公示中的积分（本村群众可见）及异议数',
      querystring: z.object({ schemeId: id.optional(), region: regionCode.optional(), ...pagingQuery }),
      response: { 200: pageSchema(PostingSchema.extend({ village: z.string().nullable(), objectedByMe: z.boolean() })) },
    },
  }, async (req) => listNotices(db, actorOf(req), req.query));

  app.get('/api/points/objections', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '异议列表', querystring: z.object({ status: z.enum(['open', 'upheld', 'dismissed']).optional(), ...pagingQuery }), response: { 200: pageSchema(ObjectionSchema) } },
  }, async (req) => listObjections(db, actorOf(req), req.query));

  app.post('/api/points/objections/:id/resolve', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '处理异议：成立则驳回该积分（年度评定退回自评），不成立则公示继续', params: idParam, body: z.strictObject({ decision: z.enum(['upheld', 'dismissed']), resolution: z.string().trim().min(1, '请填写处理意见').max(1000) }), response: { 200: ObjectionSchema } },
  }, async (req) => resolveObjection(db, actorOf(req), req.params.id, req.body));

  // Leaderboards and lists -------------------------------------------------------------------
  app.get('/api/points/leaderboard', {
    config: { permission: 'points:read' },
    schema: {
      tags, summary: '排行榜：某期在县、镇、村或支部内的排名（直接读取物化余额）',
      querystring: z.object({ schemeId: id, period: periodKey.default(() => chinaDate().slice(0, 7)), region: regionCode.optional(), branchId: id.optional(), ...pagingQuery }),
      response: { 200: LeaderboardSchema },
    },
  }, async (req) => leaderboard(db, actorOf(req), req.query));

  app.get('/api/points/lists', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '已发布的红黑榜与文明家庭名单（本村群众可见）', querystring: z.object({ schemeId: id.optional(), region: regionCode.optional(), kind: z.enum(['honor', 'warning', 'civilized']).optional(), period: periodKey.optional(), ...pagingQuery }), response: { 200: pageSchema(ListSchema) } },
  }, async (req) => listLists(db, actorOf(req), req.query));

  app.post('/api/points/lists/honor', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '发布某村某月红黑榜（按当月积分；有扣分的上黑榜）', body: z.strictObject({ schemeId: z.number().int().positive(), regionCode, month: monthKey }), response: { 200: z.object({ honor: ListSchema, warning: ListSchema }) } },
  }, async (req) => publishHonorLists(db, actorOf(req), req.body));

  app.post('/api/points/lists/civilized', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '按全年积分评选某村文明家庭（达到门槛、全年无扣分，按名额取前几名）', body: z.strictObject({ schemeId: z.number().int().positive(), regionCode, year: z.string().regex(/^\d{4}$/, '年度格式应为 2026') }), response: { 200: ListSchema } },
  }, async (req) => selectCivilizedFamilies(db, actorOf(req), req.body));

  // Cadre seniority --------------------------------------------------------------------------
  app.post('/api/points/seniority/accrue', {
    config: { permission: 'points:assess' },
    schema: { tags, summary: '计入年功分（每满一年任职一条，可重复执行不会重复计入；通常由年度定时任务执行）', body: z.strictObject({ through: date.optional() }), response: { 200: z.object({ through: z.string(), created: z.number().int(), duplicates: z.number().int(), rejected: z.array(z.object({ accountId: z.number().int(), year: z.number().int(), message: z.string() })) }) } },
  }, async (req) => {
    const actor = actorOf(req);
    if (actor.scope.kind !== 'all') throw forbidden('年功分计入为全县任务，须由全县范围的管理员执行', 'County-wide task');
    return accrueSeniority(db, actor.countyCode, req.body.through);
  });

  // Fortress assessments ---------------------------------------------------------------------
  app.get('/api/points/assessments', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '堡垒指数年度评定（自评 → 党员评议 → 公示 → 上级评定）', querystring: z.object({ schemeId: id, year: z.coerce.number().int().min(2000).max(2100), region: regionCode.optional(), stage: z.enum(ASSESSMENT_STAGES).optional(), ...pagingQuery }), response: { 200: pageSchema(AssessmentSchema) } },
  }, async (req) => listAssessments(db, actorOf(req), req.query));

  app.post('/api/points/assessments/start', {
    config: { permission: 'points:assess' },
    schema: { tags, summary: '开启区域内各党组织的年度评定', body: z.strictObject({ schemeId: z.number().int().positive(), year: z.number().int().min(2000).max(2100), regionCode }), response: { 200: z.object({ started: z.number().int(), existing: z.number().int() }) } },
  }, async (req) => startAssessments(db, actorOf(req), req.body));

  app.get('/api/points/assessments/:id', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '年度评定详情', params: idParam, response: { 200: AssessmentSchema.extend({ objectionList: z.array(z.object({ id: z.number().int(), objectorName: z.string(), reason: z.string(), status: z.string(), resolution: z.string().nullable(), createdAt: z.string() })) }) } },
  }, async (req) => getAssessment(db, actorOf(req), req.params.id));

  app.post('/api/points/assessments/:id/self', {
    config: { permission: 'points:propose' },
    schema: { tags, summary: '支部自评（各共性、个性指标得分）', params: idParam, body: Scores, response: { 200: AssessmentSchema } },
  }, async (req) => submitSelfAssessment(db, actorOf(req), req.params.id, req.body.scores));

  app.post('/api/points/assessments/:id/ratings', {
    config: { permission: 'points:rate' },
    schema: { tags, summary: '党员评议本支部（0–100 分，每人一次）', params: idParam, body: z.strictObject({ score: z.number().min(0).max(100), comment: text(500).optional() }), response: { 201: z.object({ assessmentId: z.number().int(), score: z.number() }) } },
  }, async (req, reply) => reply.status(201).send(await rateAssessment(db, actorOf(req), req.params.id, req.body)));

  app.post('/api/points/assessments/:id/close-rating', {
    config: { permission: 'points:approve' },
    schema: { tags, summary: '结束党员评议，评定结果进入公示', params: idParam, response: { 200: AssessmentSchema } },
  }, async (req) => closeRating(db, actorOf(req), req.params.id));

  app.post('/api/points/assessments/:id/objections', {
    config: { permission: 'points:object' },
    schema: { tags, summary: '对公示中的年度评定提出异议', params: idParam, body: z.strictObject({ reason: z.string().trim().min(2, '请说明异议理由').max(1000) }), response: { 201: z.object({ id: z.number().int(), status: z.string() }) } },
  }, async (req, reply) => reply.status(201).send(await objectToAssessment(db, actorOf(req), req.params.id, req.body.reason)));

  app.post('/api/points/assessments/:id/superior', {
    config: { permission: 'points:assess' },
    schema: { tags, summary: '上级评定（公示期满、无未处理异议后）：各指标得分计入当年堡垒指数', params: idParam, body: Scores, response: { 200: AssessmentSchema } },
  }, async (req) => superiorRating(db, actorOf(req), req.params.id, req.body.scores));

  // Store ------------------------------------------------------------------------------------
  app.get('/api/points/stores', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '积分超市（本村、本镇）', querystring: z.object({ region: regionCode.optional() }), response: { 200: z.object({ items: z.array(StoreSchema) }) } },
  }, async (req) => ({ items: await listStores(db, actorOf(req), req.query) }));

  app.post('/api/points/stores', {
    config: { permission: 'points:store' },
    schema: { tags, summary: '开设积分超市（村或镇）', body: z.strictObject({ regionCode, schemeId: z.number().int().positive(), name: z.string().trim().min(1).max(60), address: text(200).optional(), openHours: text(100).optional() }), response: { 201: StoreSchema } },
  }, async (req, reply) => reply.status(201).send(await createStore(db, actorOf(req), req.body)));

  app.patch('/api/points/stores/:id', {
    config: { permission: 'points:store' },
    schema: { tags, summary: '修改积分超市', params: idParam, body: z.strictObject({ name: z.string().trim().min(1).max(60).optional(), address: text(200).optional(), openHours: text(100).optional(), active: z.boolean().optional() }), response: { 200: StoreSchema } },
  }, async (req) => updateStore(db, actorOf(req), req.params.id, req.body));

  app.get('/api/points/stores/:id/products', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '超市商品（积分价、折合金额、库存）', params: idParam, querystring: z.object({ includeInactive: bool.optional() }), response: { 200: z.object({ items: z.array(ProductSchema) }) } },
  }, async (req) => ({ items: await listProducts(db, actorOf(req), req.params.id, req.query) }));

  app.post('/api/points/stores/:id/products', {
    config: { permission: 'points:store' },
    schema: { tags, summary: '上架商品', params: idParam, body: z.strictObject({ name: z.string().trim().min(1).max(60), description: text(500).optional(), unit: text(10).optional(), pricePoints: z.number().positive('积分价应大于 0').max(100000), stock: z.number().int().min(0).max(1000000), sort: z.number().int().min(0).max(10000).optional() }), response: { 201: ProductSchema } },
  }, async (req, reply) => reply.status(201).send(await createProduct(db, actorOf(req), req.params.id, req.body)));

  app.patch('/api/points/products/:id', {
    config: { permission: 'points:store' },
    schema: { tags, summary: '修改商品、调价、上下架、补货（stockDelta > 0）或报损（< 0，须说明原因）', params: idParam, body: z.strictObject({ name: z.string().trim().min(1).max(60).optional(), description: text(500).optional(), unit: text(10).optional(), pricePoints: z.number().positive().max(100000).optional(), active: z.boolean().optional(), sort: z.number().int().min(0).max(10000).optional(), stockDelta: z.number().int().min(-1000000).max(1000000).optional(), reason: text(200).optional() }), response: { 200: ProductSchema } },
  }, async (req) => updateProduct(db, actorOf(req), req.params.id, req.body));

  app.get('/api/points/stores/:id/report', {
    config: { permission: 'points:store' },
    schema: {
      tags, summary: '超市月报：兑换单数、积分与折合金额、分商品、服务户数、库存', params: idParam, querystring: z.object({ month: monthKey.optional() }),
      response: { 200: z.object({ store: z.object({ id: z.number().int(), name: z.string() }), month: z.string(), monthLabel: z.string(), orders: z.number().int(), pickedUp: z.number().int(), waiting: z.number().int(), cancelled: z.number().int(), points: z.number(), moneyYuan: z.number(), units: z.number().int(), households: z.number().int(), byProduct: z.array(z.object({ productId: z.number().int(), productName: z.string(), units: z.number().int(), points: z.number(), orders: z.number().int(), moneyYuan: z.number() })), stock: z.array(z.object({ productId: z.number().int(), name: z.string(), stock: z.number().int(), unit: z.string(), active: z.boolean(), low: z.boolean() })) }) },
    },
  }, async (req) => storeReport(db, actorOf(req), req.params.id, req.query.month));

  app.get('/api/points/redemptions', {
    config: { permission: 'points:read' },
    schema: { tags, summary: '兑换单', querystring: z.object({ storeId: id.optional(), accountId: id.optional(), status: z.enum(REDEMPTION_STATES).optional(), month: monthKey.optional(), ...pagingQuery }), response: { 200: pageSchema(RedemptionSchema) } },
  }, async (req) => listRedemptions(db, actorOf(req), req.query));

  app.post('/api/points/redemptions', {
    config: { permission: 'points:redeem' },
    schema: {
      tags, summary: '兑换：库存与积分在同一事务中扣减（不超卖、余额不为负）；工作人员可在柜台当场核销（pickedUp）。支持 Idempotency-Key',
      headers: idemHeaders,
      body: z.strictObject({ productId: z.number().int().positive(), accountId: z.number().int().positive(), quantity: z.number().int().min(1, '数量至少为 1').max(100, '一次最多兑换 100 件'), pickedUp: z.boolean().optional() }),
      response: { 201: z.object({ redemption: RedemptionSchema.extend({ available: z.number() }), replayed: z.boolean() }) },
    },
  }, async (req, reply) => {
    const out = await redeem(db, actorOf(req), req.body, idemKey(req.headers));
    if (out.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(out);
  });

  app.post('/api/points/redemptions/:id/pickup', {
    config: { permission: 'points:store' },
    schema: { tags, summary: '核销领取（可核对取货码）', params: idParam, body: z.strictObject({ code: z.string().regex(/^\d{6}$/, '取货码为 6 位数字').optional() }), response: { 200: RedemptionSchema } },
  }, async (req) => confirmPickup(db, actorOf(req), req.params.id, req.body.code));

  app.post('/api/points/redemptions/:id/cancel', {
    config: { permission: 'points:redeem' },
    schema: { tags, summary: '取消未领取的兑换单（退还积分、恢复库存）', params: idParam, body: z.strictObject({ reason: z.string().trim().min(1, '请说明原因').max(200) }), response: { 200: RedemptionSchema } },
  }, async (req) => cancelRedemption(db, actorOf(req), req.params.id, req.body.reason));
};

