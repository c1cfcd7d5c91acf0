/**
 * The branch fortress index's yearly cycle (堡垒指数): self-assessment by the branch → rating by
 * its party members → public notice with objections → rating by the superior party committee,
 * whose scores are posted as effective postings (with the member rating scaled into its item).
 * Reverse items and one-vote vetoes are posted through the ordinary workflow during the year.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/http/errors';
import { pathVisible, systemActor, withScope, type Actor } from '../../platform/scope';
import { regionPathsByCode } from '../regions/service';
import { listPartyOrgMembers } from '../org/service';
import { ptsAccounts, ptsAssessments, ptsItems, ptsObjections, ptsRatings } from './schema';
import { STAGE_LABELS, chinaDate, fortressRating, memberRatingPoints, nextStage, round2, type AssessmentStage, type FortressSettings } from './rules';
import { fromOutcome, insertPostings, schemeById, type ItemRow, type SchemeRow } from './engine';
import { itemView } from './service';

type AssessmentRow = typeof ptsAssessments.$inferSelect;

async function fortressScheme(tx: Tx, schemeId: number): Promise<SchemeRow> {
  const s = await schemeById(tx, schemeId);
  if (s.kind !== 'fortress') throw unprocessable('NOT_FORTRESS_SCHEME', '年度评定只适用于堡垒指数方案', 'Assessments are for the fortress scheme');
  return s;
}

/** The items a branch is scored on in the assessment: common, its sector's, and the member rating. */
function assessedItems(items: ItemRow[], sector: string | null) {
  return items.filter((i) => i.active && (i.category === 'common' || i.category === 'member_rating' || (i.category === 'sector' && i.sector === sector)));
}

function checkScores(items: ItemRow[], scores: Record<string, number>, withMemberRating: boolean) {
  const scored = items.filter((i) => i.category !== 'member_rating' || withMemberRating);
  const unknown = Object.keys(scores).filter((k) => !scored.some((i) => i.code === k));
  if (unknown.length) throw unprocessable('UNKNOWN_ITEMS', `以下指标不适用于该党组织：${unknown.join('、')}`, 'Unknown items');
  const missing = scored.filter((i) => i.category !== 'member_rating' && scores[i.code] === undefined);
  if (missing.length) throw unprocessable('MISSING_SCORES', `以下指标尚未评分：${missing.map((i) => i.name).join('、')}`, 'Missing scores');
  for (const i of scored) {
    const v = scores[i.code];
    if (v === undefined) continue;
    const min = i.minPoints ?? Math.min(0, i.points);
    const max = i.maxPoints ?? Math.max(0, i.points);
    if (!(v >= min && v <= max)) throw unprocessable('POINTS_OUT_OF_RANGE', `「${i.name}」的得分应在 ${min} 至 ${max} 分之间`, 'Score out of range');
  }
  return round2(Object.values(scores).reduce((a, b) => a + b, 0));
}

async function view(tx: Tx, a: AssessmentRow, actor: Actor) {
  const s = await schemeById(tx, a.schemeId);
  const [acc] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, a.accountId));
  const items = assessedItems(await tx.select().from(ptsItems).where(eq(ptsItems.schemeId, s.id)).orderBy(asc(ptsItems.sort)), acc?.sector ?? null);
  const [bal] = await rows<{ points: unknown; vetoes: number }>(tx, sql`select points, vetoes from pts_balances where county_code = ${a.countyCode} and scheme_id = ${a.schemeId} and period_key = ${String(a.year)} and account_id = ${a.accountId}`);
  const [objections] = await rows<{ open: unknown; total: unknown }>(tx, sql`select count(*) filter (where status = 'open') as open, count(*) as total from pts_objections where county_code = ${a.countyCode} and target_kind = 'assessment' and target_id = ${a.id}`);
  const [mine] = actor.userId === null ? [] : await tx.select({ score: ptsRatings.score }).from(ptsRatings).where(and(eq(ptsRatings.assessmentId, a.id), eq(ptsRatings.raterUser, actor.userId)));
  return {
    id: a.id,
    schemeId: a.schemeId,
    accountId: a.accountId,
    branchName: acc?.label ?? '',
    branchId: acc?.ownerId ?? null,
    sector: acc?.sector ?? null,
    year: a.year,
    stage: a.stage as AssessmentStage,
    stageLabel: STAGE_LABELS[a.stage as AssessmentStage],
    items: items.map(itemView),
    selfScores: (a.selfScores ?? null) as Record<string, number> | null,
    selfTotal: a.selfTotal,
    selfByName: a.selfByName,
    memberMean: a.memberMean,
    memberCount: a.memberCount,
    noticeUntil: a.noticeUntil?.toISOString() ?? null,
    superiorScores: (a.superiorScores ?? null) as Record<string, number> | null,
    superiorTotal: a.superiorTotal,
    superiorByName: a.superiorByName,
    openObjections: num(objections?.open),
    objections: num(objections?.total),
    myRating: mine?.score ?? null,
    rating: fortressRating(num(bal?.points), bal?.vetoes ?? 0, s.settings as FortressSettings),
  };
}
export type AssessmentView = Awaited<ReturnType<typeof view>>;

async function lockAssessment(tx: Tx, id: number): Promise<AssessmentRow> {
  const [a] = await tx.select().from(ptsAssessments).where(and(eq(ptsAssessments.id, id), sql`xz_visible(${ptsAssessments.path})`)).for('update');
  if (!a) throw notFound('年度评定', 'Assessment');
  return a;
}

export async function listAssessments(db: Db, actor: Actor, f: { schemeId: number; year: number; region?: string; stage?: AssessmentStage; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    await fortressScheme(tx, f.schemeId);
    const conds: SQL[] = [eq(ptsAssessments.countyCode, actor.countyCode), eq(ptsAssessments.schemeId, f.schemeId), eq(ptsAssessments.year, f.year)];
    if (f.stage) conds.push(eq(ptsAssessments.stage, f.stage));
    if (f.region) {
      const r = (await regionPathsByCode(tx, [f.region])).get(f.region);
      if (!r) throw notFound(`区域 ${f.region} `, 'Region');
      conds.push(sql`${ptsAssessments.path} <@ ${r.path}::ltree`);
    }
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(ptsAssessments).where(where);
    const list = await tx.select().from(ptsAssessments).where(where).orderBy(asc(ptsAssessments.path), asc(ptsAssessments.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const items: AssessmentView[] = [];
    for (const a of list) items.push(await view(tx, a, actor));
    return { items, total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function getAssessment(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(ptsAssessments).where(eq(ptsAssessments.id, id));
    if (!a) throw notFound('年度评定', 'Assessment');
    const objections = await tx.select().from(ptsObjections).where(and(eq(ptsObjections.countyCode, a.countyCode), eq(ptsObjections.targetKind, 'assessment'), eq(ptsObjections.targetId, id))).orderBy(asc(ptsObjections.id));
    return { ...(await view(tx, a, actor)), objectionList: objections.map((o) => ({ id: o.id, objectorName: o.objectorName, reason: o.reason, status: o.status, resolution: o.resolution, createdAt: o.createdAt.toISOString() })) };
  });
}

/** Opens the year's assessment for every branch account of the scheme in a region. */
export async function startAssessments(db: Db, actor: Actor, input: { schemeId: number; year: number; regionCode: string }) {
  if (input.year > Number(chinaDate().slice(0, 4))) throw unprocessable('FUTURE_YEAR', '不能开启未来年度的评定', 'Future year');
  return withScope(db, actor, async (tx) => {
    const s = await fortressScheme(tx, input.schemeId);
    const r = (await regionPathsByCode(tx, [input.regionCode])).get(input.regionCode);
    if (!r) throw notFound(`区域 ${input.regionCode} `, 'Region');
    if (!pathVisible(actor.scope, r.path)) throw forbidden(`「${r.name}」超出您的数据范围`, 'Outside your scope');
    const accounts = await tx.select().from(ptsAccounts).where(and(eq(ptsAccounts.schemeId, s.id), eq(ptsAccounts.active, true), sql`${ptsAccounts.path} <@ ${r.path}::ltree`));
    if (accounts.length === 0) throw unprocessable('NO_ACCOUNTS', `「${r.name}」还没有开立堡垒指数账户的党组织，请先开立账户`, 'No branch accounts in the region');
    const out = await tx.insert(ptsAssessments).values(accounts.map((a) => ({ countyCode: actor.countyCode, path: a.path, schemeId: s.id, accountId: a.id, year: input.year })))
      .onConflictDoNothing().returning({ id: ptsAssessments.id });
    await audit(tx, actor, { action: 'points.assessment.start', entity: 'points_scheme', entityId: s.id, path: r.path, after: { year: input.year, started: out.length } });
    return { started: out.length, existing: accounts.length - out.length };
  });
}

/** The branch's self-assessment: a score for every applicable item (the member rating excepted). */
export async function submitSelfAssessment(db: Db, actor: Actor, id: number, scores: Record<string, number>) {
  return withScope(db, actor, async (tx) => {
    const a = await lockAssessment(tx, id);
    const next = fromOutcome(nextStage(a.stage as AssessmentStage, 'self'));
    const [acc] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, a.accountId));
    const items = assessedItems(await tx.select().from(ptsItems).where(eq(ptsItems.schemeId, a.schemeId)), acc.sector);
    const total = checkScores(items, scores, false);
    const [row] = await tx.update(ptsAssessments).set({ stage: next, selfScores: scores, selfTotal: total, selfByName: actor.displayName, selfAt: new Date() }).where(eq(ptsAssessments.id, id)).returning();
    await audit(tx, actor, { action: 'points.assessment.self', entity: 'points_assessment', entityId: id, path: a.path, before: { stage: a.stage }, after: { stage: next, scores, total } });
    await emit(tx, actor, 'points.assessment.self', a.path, { id });
    return view(tx, row, actor);
  });
}

/** A party member of the branch rates it (0–100), once. */
export async function rateAssessment(db: Db, actor: Actor, id: number, input: { score: number; comment?: string }) {
  if (actor.userId === null || actor.personId === null) throw forbidden('须以党员本人的账号评议', 'Rating needs a party member’s own account');
  const { branchId } = await withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(ptsAssessments).where(eq(ptsAssessments.id, id));
    if (!a) throw notFound('年度评定', 'Assessment');
    const [acc] = await rows<{ owner_id: number }>(tx, sql`select owner_id from pts_accounts where id = ${a.accountId}`);
    return { branchId: acc?.owner_id ?? null };
  });
  const members = branchId ? (await listPartyOrgMembers(db, systemActor(actor.countyCode), branchId, 1, 100000)).items.map((m) => m.id) : [];
  if (!members.includes(actor.personId)) throw forbidden('只有本党组织的党员可以参加评议', 'Only members of the branch may rate it');
  return withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(ptsAssessments).where(eq(ptsAssessments.id, id));
    if (!a) throw notFound('年度评定', 'Assessment');
    if (a.stage !== 'member') throw conflict('STAGE_CONFLICT', `当前为「${STAGE_LABELS[a.stage as AssessmentStage]}」，不在党员评议阶段`, 'Not in member rating');
    const inserted = await tx.insert(ptsRatings).values({ countyCode: a.countyCode, path: a.path, assessmentId: id, raterUser: actor.userId!, raterPersonId: actor.personId, score: input.score, comment: input.comment?.trim() ?? '' }).onConflictDoNothing().returning();
    if (!inserted.length) throw conflict('ALREADY_RATED', '您已参加过本次评议', 'Already rated');
    await audit(tx, actor, { action: 'points.assessment.rate', entity: 'points_assessment', entityId: id, path: a.path, after: { score: input.score } });
    return { assessmentId: id, score: input.score };
  });
}

/** Ends the member rating: the mean is recorded and the result goes on public notice. */
export async function closeRating(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const a = await lockAssessment(tx, id);
    const [{ n, mean }] = await rows<{ n: unknown; mean: unknown }>(tx, sql`select count(*) as n, avg(score) as mean from pts_ratings where assessment_id = ${id}`);
    const next = fromOutcome(nextStage(a.stage as AssessmentStage, 'close_rating', { ratings: num(n) }));
    const s = await schemeById(tx, a.schemeId);
    const until = new Date(Date.now() + s.noticeDays * 86400_000);
    const [row] = await tx.update(ptsAssessments).set({ stage: next, memberMean: round2(num(mean)), memberCount: num(n), noticeUntil: until }).where(eq(ptsAssessments.id, id)).returning();
    await audit(tx, actor, { action: 'points.assessment.notice', entity: 'points_assessment', entityId: id, path: a.path, before: { stage: a.stage }, after: { stage: next, memberMean: row.memberMean, memberCount: row.memberCount } });
    await emit(tx, actor, 'points.assessment.noticed', a.path, { id });
    return view(tx, row, actor);
  });
}

export async function objectToAssessment(db: Db, actor: Actor, id: number, reason: string) {
  if (actor.userId === null) throw forbidden('须以个人账号提出异议', 'Objections need a user');
  return withScope(db, actor, async (tx) => {
    const [a] = await tx.select().from(ptsAssessments).where(eq(ptsAssessments.id, id));
    if (!a) throw notFound('年度评定', 'Assessment');
    if (a.stage !== 'notice' || (a.noticeUntil && a.noticeUntil <= new Date())) throw conflict('NOTICE_CLOSED', '该评定不在公示期内，不能提出异议', 'Not on public notice');
    const [row] = await tx.insert(ptsObjections).values({ countyCode: a.countyCode, path: a.path, targetKind: 'assessment', targetId: id, objectorUser: actor.userId, objectorName: actor.displayName, reason: reason.trim() }).returning();
    await audit(tx, actor, { action: 'points.objection.create', entity: 'points_objection', entityId: row.id, path: a.path, after: { assessmentId: id, reason: row.reason } });
    return { id: row.id, status: row.status };
  });
}

/**
 * The superior committee's rating after the notice: its scores (and the member rating scaled to
 * its item) become effective postings of the branch's year; the assessment is done.
 */
export async function superiorRating(db: Db, actor: Actor, id: number, scores: Record<string, number>, now = new Date()) {
  return withScope(db, actor, async (tx) => {
    const a = await lockAssessment(tx, id);
    const [{ open }] = await rows<{ open: unknown }>(tx, sql`select count(*) as open from pts_objections where county_code = ${a.countyCode} and target_kind = 'assessment' and target_id = ${id} and status = 'open'`);
    const afterNotice = fromOutcome(nextStage(a.stage as AssessmentStage, 'end_notice', { now, noticeUntil: a.noticeUntil, openObjections: num(open) }));
    const done = fromOutcome(nextStage(afterNotice, 'superior'));
    const s = await fortressScheme(tx, a.schemeId);
    const [acc] = await tx.select().from(ptsAccounts).where(eq(ptsAccounts.id, a.accountId));
    const items = assessedItems(await tx.select().from(ptsItems).where(eq(ptsItems.schemeId, s.id)), acc.sector);
    const total = checkScores(items, scores, false);
    const ratingItem = items.find((i) => i.code === (s.settings as FortressSettings).memberRatingItem);
    const all = { ...scores };
    if (ratingItem && a.memberMean !== null) all[ratingItem.code] = memberRatingPoints(a.memberMean, ratingItem.maxPoints ?? ratingItem.points);
    const today = chinaDate(now);
    const date = `${a.year}-12-31` <= today ? `${a.year}-12-31` : today;
    if (!date.startsWith(String(a.year))) throw badRequest('BAD_YEAR', '评定年度不对', 'Wrong year');
    await insertPostings(tx, actor, items.filter((i) => all[i.code] !== undefined && all[i.code] !== 0).map((i) => ({
      account: acc, scheme: s, item: i, points: all[i.code], occurredOn: date, evidence: { text: `${a.year} 年度堡垒指数上级评定（自评 ${a.selfScores ? (a.selfScores as Record<string, number>)[i.code] ?? '—' : '—'}）`, links: [{ kind: 'document' as const, ref: `assessment:${id}`, label: `${a.year} 年度评定` }] },
      note: '', source: 'assessment' as const, state: 'effective' as const, idempotencyKey: `assessment:${id}:${i.code}`, checkPermission: false,
    })), { strict: true, today });
    const [row] = await tx.update(ptsAssessments).set({ stage: done, superiorScores: all, superiorTotal: round2(total + (ratingItem ? all[ratingItem.code] ?? 0 : 0)), superiorByName: actor.displayName, superiorAt: now }).where(eq(ptsAssessments.id, id)).returning();
    await audit(tx, actor, { action: 'points.assessment.superior', entity: 'points_assessment', entityId: id, path: a.path, before: { stage: a.stage }, after: { stage: done, scores: all } });
    await emit(tx, actor, 'points.assessment.done', a.path, { id });
    return view(tx, row, actor);
  });
}
