/**
 * Settings of the leader team that the web app edits after the fact: a cultivation milestone's
 * title and due date, a recruitment batch's rule (the veterans' points formula, the grid-worker
 * conditions, the exam cut-off) with the ranked list recomputed, and the order of the exemption
 * scenarios. One exported function per use case, each in one transaction with audit.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { audit } from '../../platform/audit';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { isRealDate } from '../../platform/standards/citizenId';
import { cultivationMilestones, cultivationPlans, exemptionScenarios, recruitmentBatches, recruitmentCandidates } from './schema';
import {
  examSecondScore,
  gridDirectCheck,
  rankByScore,
  veteranFormulaProblems,
  veteranPoints,
  type ExamInputs,
  type ExamRule,
  type GridDirectRule,
  type GridInputs,
  type RecruitmentChannel,
  type VeteranFormula,
  type VeteranInputs,
} from './rules';
import { check, placeNames, requireCounty } from './shared';
import { ensureScenarios, getCultivationPlan, getRecruitmentBatch, listScenarios, type RecruitmentRule } from './service';

// ---------------------------------------------------------------------------------------------
// Cultivation milestones

/** Renames or reschedules a milestone that is not done yet, on a plan still in progress. */
export async function updateMilestone(db: Db, actor: Actor, planId: number, milestoneId: number, input: { title?: string; dueOn?: string }) {
  if (input.title === undefined && input.dueOn === undefined) throw badRequest('NOTHING_TO_CHANGE', '请填写新的节点名称或期限', 'Nothing to change');
  if (input.dueOn !== undefined && !isRealDate(input.dueOn)) throw badRequest('INVALID_DATE', `节点期限 ${input.dueOn} 不是有效日期`, 'Invalid date');
  await withScope(db, actor, async (tx) => {
    const [p] = await tx.select().from(cultivationPlans).where(eq(cultivationPlans.id, planId));
    if (!p) throw notFound('培养计划', 'Cultivation plan');
    if (p.status === 'completed') throw conflict('PLAN_COMPLETED', '培养计划已完成，节点不能再修改', 'Plan completed');
    const [m] = await tx.select().from(cultivationMilestones).where(and(eq(cultivationMilestones.id, milestoneId), eq(cultivationMilestones.planId, planId)));
    if (!m) throw notFound('培养节点', 'Milestone');
    if (m.doneOn) throw conflict('MILESTONE_DONE', `该节点已于 ${m.doneOn} 完成，不能再修改`, 'Already done');
    if (input.dueOn !== undefined && input.dueOn < p.startsOn) throw badRequest('INVALID_DATE', `节点期限不能早于培养开始日期 ${p.startsOn}`, 'Before plan start');
    const set = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}) };
    const [after] = await tx.update(cultivationMilestones).set(set).where(eq(cultivationMilestones.id, milestoneId)).returning();
    if (!after) throw forbidden('超出您的数据范围', 'Out of scope');
    // The plan runs until its last milestone.
    const [{ last }] = await tx.select({ last: sql<string>`max(${cultivationMilestones.dueOn})::text` }).from(cultivationMilestones).where(eq(cultivationMilestones.planId, planId));
    if (last && last > p.endsOn) await tx.update(cultivationPlans).set({ endsOn: last }).where(eq(cultivationPlans.id, planId));
    await audit(tx, actor, { action: 'cultivation.edit_milestone', entity: 'cultivation_plan', entityId: planId, path: p.path, before: { milestoneId, title: m.title, dueOn: m.dueOn }, after: { milestoneId, ...set } });
  });
  return getCultivationPlan(db, actor, planId);
}

// ---------------------------------------------------------------------------------------------
// Recruitment rules

type CandidateRow = typeof recruitmentCandidates.$inferSelect;

function ruleFits(channel: RecruitmentChannel, rule: RecruitmentRule): boolean {
  return channel === 'veteran_points' ? 'perServiceYear' in rule : channel === 'grid_direct' ? 'minGridYears' in rule : 'minScore' in rule;
}

export function recruitmentRuleProblems(channel: RecruitmentChannel, rule: RecruitmentRule): string[] {
  if (!ruleFits(channel, rule)) return ['规则与招录渠道不匹配（退役士兵为积分公式，网格员为遴选条件，一考双录为分数线）'];
  if (channel === 'veteran_points') return veteranFormulaProblems(rule as VeteranFormula);
  if (channel === 'grid_direct') {
    const r = rule as GridDirectRule;
    return r.minGridYears >= 0 && r.minGridYears <= 20 && Number.isInteger(r.minExcellentYears) && r.minExcellentYears >= 0 && r.minExcellentYears <= 20 ? [] : ['遴选条件：网格员年限应在 0—20 年，优秀次数为 0—20 的整数'];
  }
  const r = rule as ExamRule;
  return Number.isFinite(r.minScore) && r.minScore >= 0 && r.minScore <= 100 ? [] : ['一考双录最低分数线应在 0—100 之间'];
}

/** Score and eligibility of a stored candidate under a rule (inputs were validated when entered). */
function assess(channel: RecruitmentChannel, rule: RecruitmentRule, c: CandidateRow): { score: number; eligible: boolean; note: string | null; tiebreak: number[] } {
  if (channel === 'veteran_points') {
    const i = c.inputs as VeteranInputs;
    return { score: veteranPoints(i, c.education, rule as VeteranFormula), eligible: true, note: null, tiebreak: [i.serviceYears] };
  }
  if (channel === 'grid_direct') {
    const i = c.inputs as GridInputs;
    const r = gridDirectCheck(i, rule as GridDirectRule);
    return { score: r.score, eligible: r.eligible, note: r.reasons.join('；') || null, tiebreak: [i.excellentYears, i.gridYears] };
  }
  const i = c.inputs as ExamInputs;
  const score = examSecondScore(i);
  const min = (rule as ExamRule).minScore;
  return { score, eligible: score >= min, note: score >= min ? null : `成绩 ${score} 低于分数线 ${min}`, tiebreak: [i.writtenScore] };
}

/** Every candidate's score, eligibility and rank under the rule, in rank order (ineligible last). */
function rescore(channel: RecruitmentChannel, rule: RecruitmentRule, list: CandidateRow[]) {
  const scored = list.map((c) => ({ c, a: assess(channel, rule, c) }));
  const ranked = rankByScore(scored.filter((x) => x.a.eligible).map((x) => ({ id: x.c.id, score: x.a.score, tiebreak: x.a.tiebreak })));
  const rankOf = new Map(ranked.map((r) => [r.id, r.rank]));
  return scored
    .map((x) => ({ ...x, rank: rankOf.get(x.c.id) ?? null }))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.a.score - a.a.score || a.c.id - b.c.id);
}

async function loadOpenBatch(tx: Executor, id: number) {
  const [b] = await tx.select().from(recruitmentBatches).where(eq(recruitmentBatches.id, id));
  if (!b) throw notFound('招录批次', 'Recruitment batch');
  if (b.status === 'closed') throw conflict('BATCH_STATE', '批次已录用，规则不能再修改', 'Batch closed');
  return b;
}

/**
 * What the ranked list would be under a proposed rule, without saving: each candidate's score and
 * rank now and under the proposal. Visible candidates only (the actor's scope).
 */
export async function previewBatchRule(db: Db, actor: Actor, batchId: number, rule: RecruitmentRule) {
  return withScope(db, actor, async (tx) => {
    const b = await loadOpenBatch(tx, batchId);
    const channel = b.channel as RecruitmentChannel;
    check('INVALID_RULE', recruitmentRuleProblems(channel, rule), 'Invalid rule');
    const list = await tx.select().from(recruitmentCandidates).where(eq(recruitmentCandidates.batchId, batchId)).orderBy(asc(recruitmentCandidates.id));
    const now = new Map(rescore(channel, b.rule as RecruitmentRule, list).map((x) => [x.c.id, x]));
    const places = await placeNames(tx, list.map((c) => c.villageCode));
    const rows = rescore(channel, rule, list).map((x) => ({
      id: x.c.id, name: x.c.name, education: x.c.education, villageName: places.get(x.c.villageCode)?.villageName ?? '', townName: places.get(x.c.villageCode)?.townName ?? '',
      before: { score: now.get(x.c.id)!.a.score, rank: now.get(x.c.id)!.rank },
      after: { score: x.a.score, rank: x.rank, eligible: x.a.eligible, note: x.a.note },
    }));
    return { id: batchId, channel, quota: b.quota, rule, candidates: rows };
  });
}

/**
 * Replaces the batch's rule (before admission). Scores and eligibility are recomputed at once;
 * a batch already ranked is re-ranked under the new rule, so the list always matches its rule.
 */
export async function setBatchRule(db: Db, actor: Actor, batchId: number, rule: RecruitmentRule) {
  requireCounty(actor, '招录批次规则');
  await withScope(db, actor, async (tx) => {
    const b = await loadOpenBatch(tx, batchId);
    const channel = b.channel as RecruitmentChannel;
    check('INVALID_RULE', recruitmentRuleProblems(channel, rule), 'Invalid rule');
    const [after] = await tx.update(recruitmentBatches).set({ rule }).where(eq(recruitmentBatches.id, batchId)).returning();
    if (!after) throw forbidden('招录批次由县级组织部门统一管理', 'Only the county manages batches');
    const list = await tx.select().from(recruitmentCandidates).where(eq(recruitmentCandidates.batchId, batchId));
    const ranked = b.status === 'ranked';
    for (const x of rescore(channel, rule, list)) {
      await tx
        .update(recruitmentCandidates)
        .set({ score: x.a.score, status: x.a.eligible ? 'candidate' : 'ineligible', note: x.a.note, ...(ranked ? { rank: x.rank } : {}) })
        .where(eq(recruitmentCandidates.id, x.c.id));
    }
    await audit(tx, actor, { action: 'recruitment.rule', entity: 'recruitment_batch', entityId: batchId, path: b.path, before: b.rule, after: rule });
  });
  return getRecruitmentBatch(db, actor, batchId);
}

// ---------------------------------------------------------------------------------------------
// Exemption scenarios

/** Puts the scenarios in the given order (every configured code exactly once). */
export async function reorderScenarios(db: Db, actor: Actor, input: { codes: string[] }) {
  requireCounty(actor, '免责容错情形');
  if (new Set(input.codes).size !== input.codes.length) throw badRequest('DUPLICATE_SCENARIO', '排序中有重复的情形', 'Duplicate scenario');
  await withScope(db, actor, async (tx) => {
    await ensureScenarios(tx, actor);
    const list = await tx.select().from(exemptionScenarios).orderBy(asc(exemptionScenarios.sort), asc(exemptionScenarios.id));
    const unknown = input.codes.filter((c) => !list.some((s) => s.code === c));
    const missing = list.filter((s) => !input.codes.includes(s.code)).map((s) => s.code);
    check('INVALID_ORDER', [...(unknown.length ? [`以下情形不存在：${unknown.join('、')}`] : []), ...(missing.length ? [`排序须包含全部情形，缺少：${missing.join('、')}`] : [])], 'Order must list every scenario once');
    for (const [i, code] of input.codes.entries()) {
      const [row] = await tx.update(exemptionScenarios).set({ sort: (i + 1) * 10 }).where(eq(exemptionScenarios.code, code)).returning();
      if (!row) throw forbidden('免责情形由县级组织部门统一配置', 'Scenarios are configured by the county');
    }
    await audit(tx, actor, { action: 'fault.scenario_order', entity: 'exemption_scenario', entityId: 'order', path: list[0]!.path, before: list.map((s) => s.code), after: input.codes });
  });
  return listScenarios(db, actor);
}
