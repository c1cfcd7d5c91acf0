/**
 * Recruitment channels: 退役士兵积分进村 (a configurable points formula, ranked list, admission by
 * rank), 优秀网格员遴选直通 (selected directly by their record) and 一考双录 (exam candidates not
 * admitted elsewhere, a second admission list by exam result).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { personViewsByIds } from '../people/service';
import { recruitmentBatches, recruitmentCandidates } from './schema';
import {
  DEFAULT_EXAM_RULE,
  DEFAULT_GRID_RULE,
  DEFAULT_VETERAN_FORMULA,
  examSecondScore,
  gridDirectCheck,
  gridInputProblems,
  rankByScore,
  scoreProblem,
  SOURCE_CHANNEL_LABELS,
  veteranFormulaProblems,
  veteranInputProblems,
  veteranPoints,
  type ExamInputs,
  type ExamRule,
  type GridDirectRule,
  type GridInputs,
  type RecruitmentChannel,
  type VeteranFormula,
  type VeteranInputs,
} from './rules';
import { check, countyPath, placeNames, requireCounty, today, villageRef } from './shared';
import { insertCadre } from './registry';
import { personFor, resolvePerson } from './persons';

type BatchRow = typeof recruitmentBatches.$inferSelect;
type CandidateRow = typeof recruitmentCandidates.$inferSelect;
export type RecruitmentRule = VeteranFormula | GridDirectRule | ExamRule;
export type CandidateInputs = VeteranInputs | GridInputs | ExamInputs;

const BATCH_STATUS_LABELS = { open: '报名中', ranked: '已排名', closed: '已录用' } as const;

export function defaultRule(channel: RecruitmentChannel): RecruitmentRule {
  return channel === 'veteran_points' ? DEFAULT_VETERAN_FORMULA : channel === 'grid_direct' ? DEFAULT_GRID_RULE : DEFAULT_EXAM_RULE;
}

function ruleProblems(channel: RecruitmentChannel, rule: RecruitmentRule): string[] {
  if (channel === 'veteran_points') return veteranFormulaProblems(rule as VeteranFormula);
  if (channel === 'grid_direct') {
    const r = rule as GridDirectRule;
    return r.minGridYears >= 0 && r.minGridYears <= 20 && Number.isInteger(r.minExcellentYears) && r.minExcellentYears >= 0 ? [] : ['遴选条件：网格员年限应在 0—20 年，优秀次数为非负整数'];
  }
  const r = rule as ExamRule;
  return r.minScore >= 0 && r.minScore <= 100 ? [] : ['一考双录最低分数线应在 0—100 之间'];
}

/** Score, eligibility and reasons for a candidate under the batch's rule. */
function assess(channel: RecruitmentChannel, rule: RecruitmentRule, inputs: CandidateInputs, education: string): { problems: string[]; score: number; eligible: boolean; note: string | null; tiebreak: number[] } {
  if (channel === 'veteran_points') {
    const i = inputs as VeteranInputs;
    const problems = veteranInputProblems(i);
    return { problems, score: problems.length ? 0 : veteranPoints(i, education, rule as VeteranFormula), eligible: true, note: null, tiebreak: [i.serviceYears] };
  }
  if (channel === 'grid_direct') {
    const i = inputs as GridInputs;
    const problems = gridInputProblems(i);
    const c = gridDirectCheck(i, rule as GridDirectRule);
    return { problems, score: c.score, eligible: c.eligible, note: c.reasons.join('；') || null, tiebreak: [i.excellentYears, i.gridYears] };
  }
  const i = inputs as ExamInputs;
  const problems = [scoreProblem('笔试成绩', i.writtenScore), scoreProblem('面试成绩', i.interviewScore)].filter((x): x is string => !!x);
  if (!i.examName?.trim()) problems.push('请填写参加的考试名称');
  const score = examSecondScore(i);
  const min = (rule as ExamRule).minScore;
  return { problems, score, eligible: score >= min, note: score >= min ? null : `成绩 ${score} 低于分数线 ${min}`, tiebreak: [i.writtenScore] };
}

const batchView = (b: BatchRow, counts: { candidates: number; admitted: number }) => ({
  id: b.id, channel: b.channel as RecruitmentChannel, year: b.year, name: b.name, quota: b.quota, rule: b.rule as RecruitmentRule, status: b.status as keyof typeof BATCH_STATUS_LABELS, ...counts,
});

async function loadBatch(tx: Executor, id: number): Promise<BatchRow> {
  const [b] = await tx.select().from(recruitmentBatches).where(eq(recruitmentBatches.id, id));
  if (!b) throw notFound('招录批次', 'Recruitment batch');
  return b;
}

function requireBatch(b: BatchRow, status: keyof typeof BATCH_STATUS_LABELS) {
  if (b.status !== status) throw conflict('BATCH_STATE', `批次当前为「${BATCH_STATUS_LABELS[b.status as keyof typeof BATCH_STATUS_LABELS]}」，不能执行此操作`, 'Not allowed in this state');
}

export async function listRecruitmentBatches(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(recruitmentBatches).orderBy(desc(recruitmentBatches.year), asc(recruitmentBatches.channel));
    const counts = list.length
      ? await tx.select({ batchId: recruitmentCandidates.batchId, n: sql<number>`count(*)`, admitted: sql<number>`count(*) filter (where ${recruitmentCandidates.status} = 'admitted')` }).from(recruitmentCandidates).where(inArray(recruitmentCandidates.batchId, list.map((b) => b.id))).groupBy(recruitmentCandidates.batchId)
      : [];
    return { items: list.map((b) => { const c = counts.find((x) => x.batchId === b.id); return batchView(b, { candidates: num(c?.n), admitted: num(c?.admitted) }); }) };
  });
}

export async function createRecruitmentBatch(db: Db, actor: Actor, input: { channel: RecruitmentChannel; year: number; name: string; quota: number; rule?: RecruitmentRule | null }) {
  const rule = input.rule ?? defaultRule(input.channel);
  check('INVALID_RULE', ruleProblems(input.channel, rule));
  requireCounty(actor, '招录批次');
  return withScope(db, actor, async (tx) => {
    const [b] = await tx.insert(recruitmentBatches).values({ countyCode: actor.countyCode, path: countyPath(actor), channel: input.channel, year: input.year, name: input.name, quota: input.quota, rule }).returning();
    await audit(tx, actor, { action: 'recruitment.open', entity: 'recruitment_batch', entityId: b!.id, path: b!.path, after: { ...input, rule } });
    return batchView(b!, { candidates: 0, admitted: 0 });
  });
}

async function candidateViews(tx: Executor, list: CandidateRow[]) {
  const places = await placeNames(tx, list.map((c) => c.villageCode));
  return list.map((c) => ({
    id: c.id, personId: c.personId, name: c.name, education: c.education, villageCode: c.villageCode, villageName: places.get(c.villageCode)?.villageName ?? '',
    townName: places.get(c.villageCode)?.townName ?? '', inputs: c.inputs as Record<string, unknown>, score: c.score, rank: c.rank, status: c.status, note: c.note, cadreId: c.cadreId,
  }));
}

export async function getRecruitmentBatch(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const b = await loadBatch(tx, id);
    const list = await tx.select().from(recruitmentCandidates).where(eq(recruitmentCandidates.batchId, id)).orderBy(asc(sql`coalesce(${recruitmentCandidates.rank}, 1000000)`), desc(recruitmentCandidates.score), asc(recruitmentCandidates.id));
    return { ...batchView(b, { candidates: list.length, admitted: list.filter((c) => c.status === 'admitted').length }), candidates: await candidateViews(tx, list) };
  });
}

export async function addCandidate(db: Db, vault: PiiVault, actor: Actor, batchId: number, input: { personId?: number | null; name?: string | null; idNumber?: string | null; villageCode: string; education: string; inputs: CandidateInputs }) {
  const resolved = await resolvePerson(db, vault, actor, input);
  return withScope(db, actor, async (tx) => {
    const b = await loadBatch(tx, batchId);
    requireBatch(b, 'open');
    const a = assess(b.channel as RecruitmentChannel, b.rule as RecruitmentRule, input.inputs, input.education);
    check('INVALID_CANDIDATE', a.problems);
    const village = await villageRef(tx, input.villageCode);
    const person = await personFor(tx, vault, actor, resolved, village, { education: input.education, roles: ['resident'] });
    const [dup] = await tx.select({ id: recruitmentCandidates.id }).from(recruitmentCandidates).where(and(eq(recruitmentCandidates.batchId, batchId), eq(recruitmentCandidates.personId, person.id)));
    if (dup) throw conflict('ALREADY_CANDIDATE', `${person.name} 已在本批次名单中`, 'Already a candidate');
    const [c] = await tx
      .insert(recruitmentCandidates)
      .values({ countyCode: actor.countyCode, path: village.path, batchId, personId: person.id, villageCode: village.code, name: person.name, education: input.education, inputs: input.inputs, score: a.score, status: a.eligible ? 'candidate' : 'ineligible', note: a.note })
      .returning();
    await audit(tx, actor, { action: 'recruitment.add_candidate', entity: 'recruitment_candidate', entityId: c!.id, path: village.path, after: { batchId, personId: person.id, score: a.score, eligible: a.eligible } });
    return (await candidateViews(tx, [c!]))[0]!;
  });
}

export async function rankBatch(db: Db, actor: Actor, batchId: number) {
  requireCounty(actor, '招录批次');
  return withScope(db, actor, async (tx) => {
    const b = await loadBatch(tx, batchId);
    requireBatch(b, 'open');
    const list = await tx.select().from(recruitmentCandidates).where(eq(recruitmentCandidates.batchId, batchId));
    const channel = b.channel as RecruitmentChannel;
    const scored = list.map((c) => ({ c, a: assess(channel, b.rule as RecruitmentRule, c.inputs as CandidateInputs, c.education) }));
    const ranked = rankByScore(scored.filter((x) => x.a.eligible).map((x) => ({ id: x.c.id, score: x.a.score, tiebreak: x.a.tiebreak })));
    for (const x of scored) {
      const r = ranked.find((y) => y.id === x.c.id);
      await tx.update(recruitmentCandidates).set({ score: x.a.score, rank: r?.rank ?? null, status: x.a.eligible ? 'candidate' : 'ineligible', note: x.a.note }).where(eq(recruitmentCandidates.id, x.c.id));
    }
    const [after] = await tx.update(recruitmentBatches).set({ status: 'ranked' }).where(eq(recruitmentBatches.id, batchId)).returning();
    if (!after) throw forbidden('招录批次由县级组织部门统一管理', 'Only the county manages batches');
    await audit(tx, actor, { action: 'recruitment.rank', entity: 'recruitment_batch', entityId: batchId, path: b.path, after: { ranked: ranked.map((r) => ({ id: r.id, score: r.score, rank: r.rank })) } });
    return { id: batchId, status: 'ranked' as const, ranked: ranked.length, ineligible: scored.length - ranked.length };
  });
}

/**
 * Admission. Veterans and exam candidates are admitted strictly by rank up to the quota; grid
 * workers are selected directly (the chosen eligible ones, or the best ranked when none chosen).
 * Each admitted candidate becomes a cadre (专职工作者) of the village with the channel recorded.
 */
export async function admitBatch(db: Db, actor: Actor, batchId: number, input: { date: string; candidateIds?: number[] }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '录用日期不能晚于今天', 'Date in the future');
  requireCounty(actor, '招录批次');
  return withScope(db, actor, async (tx) => {
    const b = await loadBatch(tx, batchId);
    requireBatch(b, 'ranked');
    const channel = b.channel as RecruitmentChannel;
    const list = await tx.select().from(recruitmentCandidates).where(eq(recruitmentCandidates.batchId, batchId));
    const ranked = list.filter((c) => c.rank !== null).sort((x, y) => x.rank! - y.rank!);
    let chosen: CandidateRow[];
    if (channel === 'grid_direct' && input.candidateIds?.length) {
      chosen = input.candidateIds.map((id) => {
        const c = list.find((x) => x.id === id);
        if (!c) throw notFound('候选人', 'Candidate');
        if (c.rank === null) throw conflict('NOT_ELIGIBLE', `${c.name} 不符合遴选直通条件：${c.note ?? ''}`, 'Candidate not eligible');
        return c;
      });
      if (chosen.length > b.quota) throw badRequest('OVER_QUOTA', `本批次名额 ${b.quota} 人，不能录用 ${chosen.length} 人`, 'Over quota');
    } else {
      if (input.candidateIds?.length) throw badRequest('BY_RANK_ONLY', `${SOURCE_CHANNEL_LABELS[channel]}按排名依次录用，不能指定人选`, 'Admission strictly by rank');
      chosen = ranked.slice(0, b.quota);
    }
    if (chosen.length === 0) throw conflict('NOBODY_TO_ADMIT', '没有符合条件的候选人', 'No eligible candidates');
    const persons = new Map((await personViewsByIds(tx, chosen.map((c) => c.personId))).map((p) => [p.id, p]));
    const admitted: { candidateId: number; cadreId: number }[] = [];
    for (const c of chosen) {
      const person = persons.get(c.personId);
      if (!person) throw notFound('人员', 'Person');
      const village = await villageRef(tx, c.villageCode);
      const cadre = await insertCadre(tx, actor, { ...person, education: c.education }, village, { post: 'staff', sourceChannel: channel, joinedOn: input.date, payLevel: 1 }, `经「${b.name}」${SOURCE_CHANNEL_LABELS[channel]}录用，任${village.name}专职工作者${c.rank ? `（第 ${c.rank} 名）` : ''}`);
      await tx.update(recruitmentCandidates).set({ status: 'admitted', cadreId: cadre.id }).where(eq(recruitmentCandidates.id, c.id));
      admitted.push({ candidateId: c.id, cadreId: cadre.id });
    }
    await tx.update(recruitmentCandidates).set({ status: 'not_admitted' }).where(and(eq(recruitmentCandidates.batchId, batchId), eq(recruitmentCandidates.status, 'candidate')));
    const [after] = await tx.update(recruitmentBatches).set({ status: 'closed' }).where(eq(recruitmentBatches.id, batchId)).returning();
    if (!after) throw forbidden('招录批次由县级组织部门统一管理', 'Only the county manages batches');
    await audit(tx, actor, { action: 'recruitment.admit', entity: 'recruitment_batch', entityId: batchId, path: b.path, after: { admitted } });
    await emit(tx, actor, 'recruitment.admitted', b.path, { id: batchId, channel, admitted: admitted.length });
    return { id: batchId, status: 'closed' as const, admitted };
  });
}
