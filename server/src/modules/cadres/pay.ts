/** L7 Pay: the four-posts-fifteen-levels table (configurable), pay from post + level, level changes, payroll. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { isRealDate } from '../../platform/standards/citizenId';
import { cadres, evaluationRounds, evaluationSubjects, payLevelChanges, payScales } from './schema';
import { defaultPayAmounts, GRADE_LABELS, LEVEL_CHANGE_REASON_LABELS, levelChangeProblems, PAY_POST_LABELS, payFor, payScaleProblems, POST_LABELS, type EvaluationBasis, type Grade, type LevelChangeReason, type PayAmounts, type PayPost, type Post } from './rules';
import { addEvent, check, countyPath, loadCadre, regionRef, requireCounty, today } from './shared';
import { cadreViewById, cadreViews } from './registry';
import type { ExportTable } from './tables';

type ScaleRow = typeof payScales.$inferSelect;

/** The table in force on a date (the latest effective on or before it), or the built-in default. */
export async function scaleOn(tx: Executor, date: string): Promise<{ id: number | null; name: string; effectiveFrom: string | null; amounts: PayAmounts }> {
  const [s] = await tx.select().from(payScales).where(sql`${payScales.effectiveFrom} <= ${date}`).orderBy(desc(payScales.effectiveFrom)).limit(1);
  return s ? { id: s.id, name: s.name, effectiveFrom: s.effectiveFrom, amounts: s.amounts as PayAmounts } : { id: null, name: '默认薪酬表（未配置）', effectiveFrom: null, amounts: defaultPayAmounts() };
}

export async function getPayScale(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const current = await scaleOn(tx, today());
    const history = await tx.select().from(payScales).orderBy(desc(payScales.effectiveFrom));
    return { current, history: history.map((h: ScaleRow) => ({ id: h.id, name: h.name, effectiveFrom: h.effectiveFrom, amounts: h.amounts as PayAmounts })), posts: PAY_POST_LABELS };
  });
}

export async function setPayScale(db: Db, actor: Actor, input: { name: string; effectiveFrom: string; amounts: PayAmounts }) {
  const problems = payScaleProblems(input.amounts);
  if (!isRealDate(input.effectiveFrom)) problems.push(`生效日期 ${input.effectiveFrom} 不是有效日期`);
  check('INVALID_PAY_SCALE', problems);
  requireCounty(actor, '薪酬表');
  return withScope(db, actor, async (tx) => {
    const [dup] = await tx.select({ id: payScales.id }).from(payScales).where(eq(payScales.effectiveFrom, input.effectiveFrom));
    if (dup) throw conflict('PAY_SCALE_EXISTS', `${input.effectiveFrom} 起生效的薪酬表已存在`, 'A table with this date exists');
    const before = await scaleOn(tx, input.effectiveFrom);
    const [row] = await tx.insert(payScales).values({ countyCode: actor.countyCode, path: countyPath(actor), ...input }).returning();
    await audit(tx, actor, { action: 'pay.scale_set', entity: 'pay_scale', entityId: row!.id, path: row!.path, before: before.id ? before.amounts : null, after: input });
    await emit(tx, actor, 'pay.scale_changed', row!.path, { id: row!.id, effectiveFrom: input.effectiveFrom });
    return { id: row!.id, name: row!.name, effectiveFrom: row!.effectiveFrom, amounts: row!.amounts as PayAmounts };
  });
}

/** The latest graded evaluation of a cadre and whether a level change already used it. */
async function evaluationBasis(tx: Executor, cadreId: number): Promise<(EvaluationBasis & { subjectId: number; year: number; used: boolean }) | null> {
  const [s] = await tx
    .select({ id: evaluationSubjects.id, grade: evaluationSubjects.grade, eligible: evaluationSubjects.promotionEligible, year: evaluationRounds.year })
    .from(evaluationSubjects)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
    .where(and(eq(evaluationSubjects.cadreId, cadreId), eq(evaluationSubjects.outcome, 'graded')))
    .orderBy(desc(evaluationRounds.year))
    .limit(1);
  if (!s) return null;
  const [used] = await tx.select({ id: payLevelChanges.id }).from(payLevelChanges).where(eq(payLevelChanges.evaluationSubjectId, s.id));
  return { grade: s.grade as Grade, promotionEligible: s.eligible, subjectId: s.id, year: s.year, used: !!used };
}

export async function cadrePay(db: Db, actor: Actor, cadreId: number) {
  return withScope(db, actor, async (tx) => cadrePayIn(tx, cadreId));
}

export async function cadrePayIn(tx: Executor, cadreId: number) {
  const c = await loadCadre(tx, cadreId);
  const scale = await scaleOn(tx, today());
  const changes = await tx.select().from(payLevelChanges).where(eq(payLevelChanges.cadreId, cadreId)).orderBy(desc(payLevelChanges.effectiveOn), desc(payLevelChanges.id));
  const basis = await evaluationBasis(tx, cadreId);
  return {
    cadreId,
    payPost: c.payPost as PayPost,
    payLevel: c.payLevel,
    monthly: payFor(scale.amounts, c.payPost as PayPost, c.payLevel),
    scaleName: scale.name,
    promotion: basis ? { year: basis.year, grade: basis.grade, eligible: basis.promotionEligible && !basis.used, used: basis.used } : null,
    changes: changes.map((x) => ({ id: x.id, fromPost: x.fromPost as PayPost, toPost: x.toPost as PayPost, fromLevel: x.fromLevel, toLevel: x.toLevel, reason: x.reason as LevelChangeReason, note: x.note, effectiveOn: x.effectiveOn, by: x.by })),
  };
}

/** A level (or pay-post) change with its reason; evaluation-based changes are tied to the grade. */
export async function changePayLevel(db: Db, actor: Actor, cadreId: number, input: { toLevel: number; toPost?: PayPost | null; reason: LevelChangeReason; note: string; effectiveOn: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCadre(tx, cadreId);
    if (c.status !== 'active') throw conflict('CADRE_LEFT', '该村干部已离任，不能调整薪酬等级', 'Cadre has left');
    if (!isRealDate(input.effectiveOn)) throw badRequest('INVALID_DATE', '生效日期不是有效日期', 'Invalid date');
    if (input.effectiveOn < c.joinedOn) throw badRequest('INVALID_DATE', `生效日期不能早于任职日期 ${c.joinedOn}`, 'Before joining');
    const toPost = input.toPost ?? (c.payPost as PayPost);
    const isEvaluation = input.reason === 'evaluation_promotion' || input.reason === 'evaluation_demotion';
    const basis = isEvaluation ? await evaluationBasis(tx, cadreId) : null;
    if (isEvaluation && basis?.used) throw conflict('EVALUATION_USED', `${basis.year} 年度考核结果已用于调整等级，不能重复使用`, 'Evaluation already used');
    check('INVALID_LEVEL_CHANGE', levelChangeProblems({ fromLevel: c.payLevel, toLevel: input.toLevel, fromPost: c.payPost as PayPost, toPost, reason: input.reason, note: input.note }, basis));
    await tx.update(cadres).set({ payLevel: input.toLevel, payPost: toPost, updatedAt: new Date() }).where(eq(cadres.id, cadreId));
    await tx.insert(payLevelChanges).values({ countyCode: actor.countyCode, path: c.path, cadreId, fromPost: c.payPost, toPost, fromLevel: c.payLevel, toLevel: input.toLevel, reason: input.reason, note: input.note, effectiveOn: input.effectiveOn, evaluationSubjectId: basis?.subjectId ?? null, by: actor.displayName });
    const basisText = basis ? `（依据 ${basis.year} 年度考核「${GRADE_LABELS[basis.grade]}」）` : '';
    await addEvent(tx, actor, c, { date: input.effectiveOn, kind: 'level_change', title: `薪酬${PAY_POST_LABELS[c.payPost as PayPost]}${c.payLevel}级 → ${PAY_POST_LABELS[toPost]}${input.toLevel}级：${LEVEL_CHANGE_REASON_LABELS[input.reason]}${basisText}`, detail: { note: input.note } });
    await audit(tx, actor, { action: 'pay.level_change', entity: 'cadre', entityId: cadreId, path: c.path, before: { payPost: c.payPost, payLevel: c.payLevel }, after: { payPost: toPost, payLevel: input.toLevel, reason: input.reason, note: input.note, effectiveOn: input.effectiveOn } });
    await emit(tx, actor, 'cadre.level_changed', c.path, { id: cadreId, toLevel: input.toLevel, reason: input.reason });
    return { cadre: await cadreViewById(tx, cadreId), pay: await cadrePayIn(tx, cadreId) };
  });
}

/**
 * The payroll of a month: cadres in post during it, with the post and level in force at its end
 * (level changes replayed) and the table in force on its first day.
 */
async function payrollRows(tx: Executor, f: { month: string; region?: string }) {
  const first = `${f.month}-01`;
  const [y, m] = f.month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const conds: SQL[] = [sql`${cadres.joinedOn} <= ${last}`, sql`(${cadres.leftOn} is null or ${cadres.leftOn} >= ${first})`];
  if (f.region) conds.push(sql`${cadres.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
  const list = await tx.select().from(cadres).where(and(...conds)).orderBy(asc(cadres.villageCode), asc(cadres.id));
  const scale = await scaleOn(tx, first);
  const changes = list.length ? await tx.select().from(payLevelChanges).where(inArray(payLevelChanges.cadreId, list.map((c) => c.id))).orderBy(asc(payLevelChanges.effectiveOn), asc(payLevelChanges.id)) : [];
  const views = await cadreViews(tx, list);
  const rows = views.map((v) => {
    const mine = changes.filter((x) => x.cadreId === v.id);
    const applied = mine.filter((x) => x.effectiveOn <= last).at(-1);
    const post = (applied ? applied.toPost : mine[0] ? mine[0].fromPost : v.payPost) as PayPost;
    const level = applied ? applied.toLevel : mine[0] ? mine[0].fromLevel : v.payLevel;
    return { cadre: v, payPost: post, payLevel: level, monthly: payFor(scale.amounts, post, level) };
  });
  return { month: f.month, scaleName: scale.name, rows, total: rows.reduce((s, r) => s + r.monthly, 0) };
}

export async function payroll(db: Db, actor: Actor, f: { month: string; region?: string }) {
  return withScope(db, actor, async (tx) => payrollRows(tx, f));
}

export async function payrollExport(db: Db, actor: Actor, f: { month: string; region?: string }): Promise<ExportTable & { count: number; total: number }> {
  return withScope(db, actor, async (tx) => {
    const p = await payrollRows(tx, f);
    await audit(tx, actor, { action: 'pay.payroll_export', entity: 'payroll', entityId: f.month, path: f.region ? (await regionRef(tx, f.region)).path : countyPath(actor), after: { month: f.month, rows: p.rows.length, total: p.total } });
    return {
      sheet: `工资表 ${f.month}`,
      header: ['月份', '镇（街道）', '村（社区）', '姓名', '岗位', '薪酬岗位', '薪酬等级', '月薪（元）'],
      rows: [...p.rows.map((r) => [f.month, r.cadre.townName, r.cadre.villageName, r.cadre.name, POST_LABELS[r.cadre.post as Post], PAY_POST_LABELS[r.payPost], r.payLevel, r.monthly]), ['合计', '', '', `${p.rows.length} 人`, '', '', '', p.total]],
      count: p.rows.length,
      total: p.total,
    };
  });
}
