/**
 * L4 Special-post secretaries (兴村特岗书记): a biennial selection round — open → apply (age under
 * the limit on the reference day, from the citizen ID) → exam and interview → ranking →
 * appointment — and the cultivation plan each appointee gets (milestones, mentors).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { isRealDate } from '../../platform/standards/citizenId';
import { personViewsByIds } from '../people/service';
import { cadres, cultivationMilestones, cultivationPlans, selectionApplications, selectionRounds } from './schema';
import { applicationProblems, defaultMilestones, rankApplications, roundIntervalProblem, scoreProblem, SELECTION_STATUS_LABELS, specialPostAge, weightProblems, type SelectionStatus } from './rules';
import { addEvent, check, countyPath, requireCounty, loadCadre, loadCadres, placeNames, regionRef, today, villageRef } from './shared';
import { cadreViews, insertCadre } from './registry';
import { personFor, resolvePerson } from './persons';

type RoundRow = typeof selectionRounds.$inferSelect;
type AppRow = typeof selectionApplications.$inferSelect;

export interface RoundInput {
  name: string;
  year: number;
  referenceDate: string;
  ageLimit: number;
  minEducation: string;
  posts: number;
  examWeight: number;
  interviewWeight: number;
  applyUntil: string;
}

async function loadRound(tx: Executor, id: number): Promise<RoundRow> {
  const [r] = await tx.select().from(selectionRounds).where(eq(selectionRounds.id, id));
  if (!r) throw notFound('选拔批次', 'Selection round');
  return r;
}

function requireStatus(r: RoundRow, ...allowed: SelectionStatus[]) {
  if (!allowed.includes(r.status as SelectionStatus)) throw conflict('ROUND_STATE', `选拔批次当前为「${SELECTION_STATUS_LABELS[r.status as SelectionStatus]}」，不能执行此操作`, 'Not allowed in this state');
}

/** Round-level changes need the county's scope (the round sits at the county path). */
async function updateRound(tx: Executor, id: number, set: Partial<RoundRow>): Promise<RoundRow> {
  const [r] = await tx.update(selectionRounds).set(set).where(eq(selectionRounds.id, id)).returning();
  if (!r) throw forbidden('选拔批次由县级组织部门统一管理', 'Only the county manages selection rounds');
  return r;
}

const roundView = (r: RoundRow, counts: { applications: number; appointed: number }) => ({
  id: r.id, name: r.name, year: r.year, referenceDate: r.referenceDate, ageLimit: r.ageLimit, minEducation: r.minEducation, posts: r.posts,
  examWeight: r.examWeight, interviewWeight: r.interviewWeight, applyUntil: r.applyUntil, status: r.status as SelectionStatus, ...counts,
});

export async function listSelectionRounds(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(selectionRounds).orderBy(desc(selectionRounds.year));
    const counts = list.length
      ? await tx.select({ roundId: selectionApplications.roundId, n: sql<number>`count(*)`, appointed: sql<number>`count(*) filter (where ${selectionApplications.status} = 'appointed')` }).from(selectionApplications).where(inArray(selectionApplications.roundId, list.map((r) => r.id))).groupBy(selectionApplications.roundId)
      : [];
    return { items: list.map((r) => { const c = counts.find((x) => x.roundId === r.id); return roundView(r, { applications: num(c?.n), appointed: num(c?.appointed) }); }) };
  });
}

export async function createSelectionRound(db: Db, actor: Actor, input: RoundInput) {
  const problems: string[] = [];
  if (!isRealDate(input.referenceDate)) problems.push(`年龄计算基准日 ${input.referenceDate} 不是有效日期`);
  if (!isRealDate(input.applyUntil)) problems.push(`报名截止日 ${input.applyUntil} 不是有效日期`);
  else if (input.applyUntil < today()) problems.push('报名截止日不能早于今天');
  const w = weightProblems([input.examWeight, input.interviewWeight], '笔试与面试权重');
  if (w) problems.push(w);
  check('INVALID_ROUND', problems);
  requireCounty(actor, '兴村特岗书记选拔批次');
  return withScope(db, actor, async (tx) => {
    const [last] = await tx.select({ year: selectionRounds.year }).from(selectionRounds).orderBy(desc(selectionRounds.year)).limit(1);
    const interval = roundIntervalProblem(last?.year ?? null, input.year);
    if (interval) throw conflict('ROUND_INTERVAL', interval, 'One round every two years');
    const [r] = await tx.insert(selectionRounds).values({ countyCode: actor.countyCode, path: countyPath(actor), ...input, status: 'open' }).returning();
    await audit(tx, actor, { action: 'selection.open', entity: 'selection_round', entityId: r!.id, path: r!.path, after: input });
    await emit(tx, actor, 'selection.opened', r!.path, { id: r!.id, year: r!.year });
    return roundView(r!, { applications: 0, appointed: 0 });
  });
}

async function applicationViews(tx: Executor, list: AppRow[]) {
  const places = await placeNames(tx, list.map((a) => a.villageCode));
  return list.map((a) => ({
    id: a.id, personId: a.personId, name: a.name, birthDate: a.birthDate, ageOnReference: a.ageOnReference, education: a.education,
    villageCode: a.villageCode, villageName: places.get(a.villageCode)?.villageName ?? '', townName: places.get(a.villageCode)?.townName ?? '',
    status: a.status, examScore: a.examScore, interviewScore: a.interviewScore, totalScore: a.totalScore, rank: a.rank, cadreId: a.cadreId,
  }));
}

export async function getSelectionRound(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, id);
    const apps = await tx.select().from(selectionApplications).where(eq(selectionApplications.roundId, id)).orderBy(asc(sql`coalesce(${selectionApplications.rank}, 1000000)`), asc(selectionApplications.id));
    return { ...roundView(r, { applications: apps.length, appointed: apps.filter((a) => a.status === 'appointed').length }), applicationList: await applicationViews(tx, apps) };
  });
}

export async function applyToRound(db: Db, vault: PiiVault, actor: Actor, roundId: number, input: { personId?: number | null; name?: string | null; idNumber?: string | null; villageCode: string; education: string }) {
  const resolved = await resolvePerson(db, vault, actor, input);
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    requireStatus(r, 'open');
    if (today() > r.applyUntil) throw conflict('APPLICATIONS_CLOSED', `报名已于 ${r.applyUntil} 截止`, 'Applications closed');
    const village = await villageRef(tx, input.villageCode);
    const person = await personFor(tx, vault, actor, resolved, village, { education: input.education, roles: ['resident'] });
    check('NOT_ELIGIBLE', applicationProblems({ birthDate: person.birthDate, education: input.education }, r), 'Applicant not eligible');
    const [dup] = await tx.select({ id: selectionApplications.id }).from(selectionApplications).where(and(eq(selectionApplications.roundId, roundId), eq(selectionApplications.personId, person.id)));
    if (dup) throw conflict('ALREADY_APPLIED', `${person.name} 已报名本批次`, 'Already applied');
    const [current] = await tx.select({ post: cadres.post }).from(cadres).where(and(eq(cadres.personId, person.id), eq(cadres.status, 'active')));
    if (current?.post === 'special_post') throw conflict('ALREADY_SPECIAL_POST', `${person.name} 已是在岗兴村特岗书记`, 'Already a special-post secretary');
    const { age } = specialPostAge(person.birthDate, r.referenceDate, r.ageLimit);
    const [a] = await tx.insert(selectionApplications).values({ countyCode: actor.countyCode, path: village.path, roundId, personId: person.id, villageCode: village.code, name: person.name, birthDate: person.birthDate, ageOnReference: age, education: input.education }).returning();
    await audit(tx, actor, { action: 'selection.apply', entity: 'selection_application', entityId: a!.id, path: village.path, after: { roundId, personId: person.id, villageCode: village.code, ageOnReference: age } });
    const [view] = await applicationViews(tx, [a!]);
    return view!;
  });
}

export async function closeApplications(db: Db, actor: Actor, roundId: number) {
  requireCounty(actor, '兴村特岗书记选拔批次');
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    requireStatus(r, 'open');
    const after = await updateRound(tx, roundId, { status: 'scoring' });
    await audit(tx, actor, { action: 'selection.close_applications', entity: 'selection_round', entityId: roundId, path: r.path, before: { status: r.status }, after: { status: after.status } });
    return { id: roundId, status: after.status as SelectionStatus };
  });
}

export async function setApplicationScores(db: Db, actor: Actor, roundId: number, appId: number, input: { examScore?: number | null; interviewScore?: number | null }) {
  check('INVALID_SCORE', [scoreProblem('笔试成绩', input.examScore), scoreProblem('面试成绩', input.interviewScore)].filter((x): x is string => !!x));
  requireCounty(actor, '考试面试成绩');
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    requireStatus(r, 'scoring');
    const [a] = await tx.select().from(selectionApplications).where(and(eq(selectionApplications.id, appId), eq(selectionApplications.roundId, roundId)));
    if (!a) throw notFound('报名记录', 'Application');
    const set: Partial<AppRow> = {};
    if (input.examScore !== undefined) set.examScore = input.examScore;
    if (input.interviewScore !== undefined) set.interviewScore = input.interviewScore;
    const [after] = await tx.update(selectionApplications).set(set).where(eq(selectionApplications.id, appId)).returning();
    await audit(tx, actor, { action: 'selection.score', entity: 'selection_application', entityId: appId, path: a.path, before: { examScore: a.examScore, interviewScore: a.interviewScore }, after: set });
    const [view] = await applicationViews(tx, [after!]);
    return view!;
  });
}

export async function rankRound(db: Db, actor: Actor, roundId: number) {
  requireCounty(actor, '兴村特岗书记选拔批次');
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    requireStatus(r, 'scoring');
    const apps = await tx.select().from(selectionApplications).where(eq(selectionApplications.roundId, roundId));
    const missing = apps.filter((a) => a.examScore === null || a.interviewScore === null);
    if (missing.length) throw conflict('SCORES_MISSING', `还有 ${missing.length} 人缺少笔试或面试成绩（如 ${missing[0]!.name}），不能排名`, 'Scores missing');
    if (apps.length === 0) throw conflict('NO_APPLICATIONS', '本批次没有报名人员', 'No applications');
    const ranked = rankApplications(apps, r.examWeight, r.interviewWeight);
    for (const x of ranked) await tx.update(selectionApplications).set({ totalScore: x.score, rank: x.rank }).where(eq(selectionApplications.id, x.id));
    await updateRound(tx, roundId, { status: 'ranked' });
    await audit(tx, actor, { action: 'selection.rank', entity: 'selection_round', entityId: roundId, path: r.path, after: { ranked: ranked.map((x) => ({ id: x.id, total: x.score, rank: x.rank })) } });
    return { id: roundId, status: 'ranked' as const, ranked: ranked.length };
  });
}

export interface Mentor {
  name: string;
  role: string;
  cadreId?: number | null;
}

/**
 * Appoints applicants within the number of posts, in rank order; each becomes a cadre (post
 * 兴村特岗书记 at the village applied for) with a cultivation plan: default milestones over two
 * years and mentors (the village's secretary first, then those given).
 */
export async function appointRound(db: Db, actor: Actor, roundId: number, input: { applicationIds: number[]; date: string; mentors: Mentor[] }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '任用日期不能晚于今天', 'Date in the future');
  requireCounty(actor, '兴村特岗书记选拔批次');
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    requireStatus(r, 'ranked');
    if (input.applicationIds.length === 0) throw badRequest('NOTHING_TO_APPOINT', '请选择拟任用人员', 'No applicants chosen');
    if (input.applicationIds.length > r.posts) throw badRequest('OVER_QUOTA', `本批次计划选拔 ${r.posts} 人，不能任用 ${input.applicationIds.length} 人`, 'More than the posts');
    const apps = await tx.select().from(selectionApplications).where(eq(selectionApplications.roundId, roundId));
    const chosen = input.applicationIds.map((id) => apps.find((a) => a.id === id));
    if (chosen.some((a) => !a)) throw notFound('报名记录', 'Application');
    const outside = chosen.filter((a) => a!.rank === null || a!.rank > r.posts);
    if (outside.length) throw conflict('OUTSIDE_QUOTA', `只能按排名在计划名额（前 ${r.posts} 名）内任用：${outside.map((a) => `${a!.name}（第 ${a!.rank ?? '—'} 名）`).join('、')}`, 'Outside the ranked quota');
    const persons = new Map((await personViewsByIds(tx, chosen.map((a) => a!.personId))).map((p) => [p.id, p]));
    const out: { applicationId: number; cadreId: number; planId: number }[] = [];
    for (const a of chosen as AppRow[]) {
      const person = persons.get(a.personId);
      if (!person) throw notFound('人员', 'Person');
      const village = await villageRef(tx, a.villageCode);
      // A serving cadre moves to the special post; everyone else is registered.
      const [current] = await tx.select().from(cadres).where(and(eq(cadres.personId, a.personId), eq(cadres.status, 'active')));
      if (current) {
        await tx.update(cadres).set({ status: 'left', leftOn: input.date, leftReason: '选任兴村特岗书记', updatedAt: new Date() }).where(eq(cadres.id, current.id));
        await addEvent(tx, actor, current, { date: input.date, kind: 'post_change', title: `选任${village.name}兴村特岗书记` });
      }
      const c = await insertCadre(tx, actor, { ...person, education: a.education }, village, { post: 'special_post', sourceChannel: 'special_post', joinedOn: input.date, payLevel: 1 }, `经${r.name}选拔，任${village.name}兴村特岗书记（第 ${a.rank} 名）`);
      const cadreId = c.id;
      const [secretary] = await tx.select({ id: cadres.id, name: cadres.name }).from(cadres).where(and(eq(cadres.villageCode, village.code), eq(cadres.post, 'secretary'), eq(cadres.status, 'active')));
      const mentors: Mentor[] = [...(secretary ? [{ name: secretary.name, role: '村党组织书记（驻村导师）', cadreId: secretary.id }] : []), ...input.mentors];
      const [plan] = await tx.insert(cultivationPlans).values({ countyCode: actor.countyCode, path: village.path, cadreId, applicationId: a.id, mentors, startsOn: input.date, endsOn: defaultMilestones(input.date).at(-1)!.dueOn }).returning();
      await tx.insert(cultivationMilestones).values(defaultMilestones(input.date).map((m, i) => ({ countyCode: actor.countyCode, path: village.path, planId: plan!.id, seq: i + 1, title: m.title, dueOn: m.dueOn })));
      await addEvent(tx, actor, c, { date: input.date, kind: 'cultivation', title: `制定全链条培养计划（导师：${mentors.map((m) => m.name).join('、') || '待定'}）` });
      await tx.update(selectionApplications).set({ status: 'appointed', cadreId }).where(eq(selectionApplications.id, a.id));
      out.push({ applicationId: a.id, cadreId, planId: plan!.id });
    }
    await tx.update(selectionApplications).set({ status: 'not_appointed' }).where(and(eq(selectionApplications.roundId, roundId), eq(selectionApplications.status, 'applied')));
    await updateRound(tx, roundId, { status: 'appointed' });
    await audit(tx, actor, { action: 'selection.appoint', entity: 'selection_round', entityId: roundId, path: r.path, after: { appointed: out } });
    await emit(tx, actor, 'selection.appointed', r.path, { id: roundId, appointed: out.length });
    return { id: roundId, status: 'appointed' as const, appointed: out };
  });
}

// ---------------------------------------------------------------------------------------------
// Cultivation plans

type PlanRow = typeof cultivationPlans.$inferSelect;

async function planViews(tx: Executor, list: PlanRow[]) {
  const cadreRows = await loadCadres(tx, list.map((p) => p.cadreId));
  const views = new Map((await cadreViews(tx, [...cadreRows.values()])).map((v) => [v.id, v]));
  const ms = list.length ? await tx.select().from(cultivationMilestones).where(inArray(cultivationMilestones.planId, list.map((p) => p.id))).orderBy(asc(cultivationMilestones.seq)) : [];
  const t = today();
  return list.map((p) => {
    const mine = ms.filter((m) => m.planId === p.id);
    const next = mine.find((m) => !m.doneOn);
    return {
      id: p.id, cadre: views.get(p.cadreId)!, mentors: p.mentors as Mentor[], startsOn: p.startsOn, endsOn: p.endsOn, status: p.status as 'active' | 'completed', completedOn: p.completedOn,
      done: mine.filter((m) => m.doneOn).length, total: mine.length, overdue: mine.filter((m) => !m.doneOn && m.dueOn < t).length,
      next: next ? { id: next.id, title: next.title, dueOn: next.dueOn } : null,
      milestones: mine.map((m) => ({ id: m.id, seq: m.seq, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn, note: m.note, overdue: !m.doneOn && m.dueOn < t })),
    };
  });
}

export async function listCultivationPlans(db: Db, actor: Actor, f: { region?: string; status?: 'active' | 'completed' }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) conds.push(sql`${cultivationPlans.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    if (f.status) conds.push(eq(cultivationPlans.status, f.status));
    const list = await tx.select().from(cultivationPlans).where(and(...conds)).orderBy(desc(cultivationPlans.startsOn), asc(cultivationPlans.id)).limit(500);
    return { items: await planViews(tx, list) };
  });
}

async function loadPlan(tx: Executor, id: number): Promise<PlanRow> {
  const [p] = await tx.select().from(cultivationPlans).where(eq(cultivationPlans.id, id));
  if (!p) throw notFound('培养计划', 'Cultivation plan');
  return p;
}

export async function getCultivationPlan(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => (await planViews(tx, [await loadPlan(tx, id)]))[0]!);
}

export async function setMentors(db: Db, actor: Actor, id: number, input: { mentors: Mentor[] }) {
  return withScope(db, actor, async (tx) => {
    const p = await loadPlan(tx, id);
    for (const m of input.mentors) if (m.cadreId) await loadCadre(tx, m.cadreId);
    await tx.update(cultivationPlans).set({ mentors: input.mentors }).where(eq(cultivationPlans.id, id));
    await audit(tx, actor, { action: 'cultivation.mentors', entity: 'cultivation_plan', entityId: id, path: p.path, before: p.mentors, after: input.mentors });
    await addEvent(tx, actor, await loadCadre(tx, p.cadreId), { date: today(), kind: 'cultivation', title: `培养导师：${input.mentors.map((m) => m.name).join('、')}` });
    return (await planViews(tx, [(await loadPlan(tx, id))]))[0]!;
  });
}

export async function addMilestone(db: Db, actor: Actor, id: number, input: { title: string; dueOn: string }) {
  return withScope(db, actor, async (tx) => {
    const p = await loadPlan(tx, id);
    if (p.status === 'completed') throw conflict('PLAN_COMPLETED', '培养计划已完成，不能再添加节点', 'Plan completed');
    if (input.dueOn < p.startsOn) throw badRequest('INVALID_DATE', `节点日期不能早于培养开始日期 ${p.startsOn}`, 'Before plan start');
    const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${cultivationMilestones.seq}), 0)` }).from(cultivationMilestones).where(eq(cultivationMilestones.planId, id));
    const [m] = await tx.insert(cultivationMilestones).values({ countyCode: actor.countyCode, path: p.path, planId: id, seq: num(max) + 1, title: input.title, dueOn: input.dueOn }).returning();
    await audit(tx, actor, { action: 'cultivation.add_milestone', entity: 'cultivation_plan', entityId: id, path: p.path, after: input });
    return { id: m!.id, seq: m!.seq, title: m!.title, dueOn: m!.dueOn };
  });
}

export async function completeMilestone(db: Db, actor: Actor, planId: number, milestoneId: number, input: { date: string; note: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '完成日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const p = await loadPlan(tx, planId);
    const [m] = await tx.select().from(cultivationMilestones).where(and(eq(cultivationMilestones.id, milestoneId), eq(cultivationMilestones.planId, planId)));
    if (!m) throw notFound('培养节点', 'Milestone');
    if (m.doneOn) throw conflict('MILESTONE_DONE', `该节点已于 ${m.doneOn} 完成`, 'Already done');
    if (input.date < p.startsOn) throw badRequest('INVALID_DATE', `完成日期不能早于培养开始日期 ${p.startsOn}`, 'Before plan start');
    await tx.update(cultivationMilestones).set({ doneOn: input.date, note: input.note }).where(eq(cultivationMilestones.id, milestoneId));
    const cadre = await loadCadre(tx, p.cadreId);
    await addEvent(tx, actor, cadre, { date: input.date, kind: 'cultivation', title: `完成培养节点：${m.title}` });
    const [{ open }] = await tx.select({ open: sql<number>`count(*)` }).from(cultivationMilestones).where(and(eq(cultivationMilestones.planId, planId), sql`${cultivationMilestones.doneOn} is null`));
    if (num(open) === 0) {
      await tx.update(cultivationPlans).set({ status: 'completed', completedOn: input.date }).where(eq(cultivationPlans.id, planId));
      await addEvent(tx, actor, cadre, { date: input.date, kind: 'cultivation', title: '培养计划全部完成' });
      await emit(tx, actor, 'cultivation.completed', p.path, { id: planId, cadreId: p.cadreId });
    }
    await audit(tx, actor, { action: 'cultivation.complete_milestone', entity: 'cultivation_plan', entityId: planId, path: p.path, after: { milestoneId, ...input } });
    return (await planViews(tx, [await loadPlan(tx, planId)]))[0]!;
  });
}
