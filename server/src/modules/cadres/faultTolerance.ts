/**
 * L9 Fault tolerance (容错 + 纠错): an accountability case is first reviewed against the configured
 * exemption scenarios (eight by default) — exemption before accountability — then decided
 * (exempt / reduced / lighter / none) with reasoning, then corrected and followed up to closure.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { accountabilityCases, correctionItems, exemptionScenarios } from './schema';
import { assessExemption, CASE_FACTORS, CASE_STATUS_LABELS, DECISION_LABELS, decisionProblems, DEFAULT_EXEMPTION_SCENARIOS, type CaseFactors, type CaseStatus, type Decision } from './rules';
import { addEvent, check, countyPath, loadCadre, loadCadres, regionRef, requireCounty, today } from './shared';
import { cadreViews } from './registry';

type CaseRow = typeof accountabilityCases.$inferSelect;

export interface Review {
  factors: CaseFactors;
  scenarioCodes: string[];
  /** The matched scenarios as worded when the case was reviewed: a later edit of the list does not rewrite past reviews. */
  scenarios?: { code: string; title: string; description: string }[];
  recommendation: Decision;
  reasons: string[];
  note: string;
}

/** The county's scenarios; the eight defaults until the county configures its own. */
async function scenarios(tx: Executor) {
  const list = await tx.select().from(exemptionScenarios).orderBy(asc(exemptionScenarios.sort), asc(exemptionScenarios.id));
  if (list.length) return { configured: true, items: list.map((s) => ({ code: s.code, title: s.title, description: s.description, active: s.active, sort: s.sort })) };
  return { configured: false, items: DEFAULT_EXEMPTION_SCENARIOS.map((s, i) => ({ ...s, active: true, sort: i + 1 })) };
}

export async function listScenarios(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => ({ ...(await scenarios(tx)), factors: CASE_FACTORS }));
}

/** Stores the defaults for the county (so they can be edited), when not yet configured. */
export async function ensureScenarios(tx: Executor, actor: Actor) {
  const [any] = await tx.select({ id: exemptionScenarios.id }).from(exemptionScenarios).limit(1);
  if (!any) await tx.insert(exemptionScenarios).values(DEFAULT_EXEMPTION_SCENARIOS.map((s, i) => ({ countyCode: actor.countyCode, path: countyPath(actor), ...s, sort: i + 1 })));
}

export async function saveScenario(db: Db, actor: Actor, code: string, input: { title: string; description: string; active: boolean; sort: number }) {
  requireCounty(actor, '免责容错情形');
  return withScope(db, actor, async (tx) => {
    await ensureScenarios(tx, actor);
    const [before] = await tx.select().from(exemptionScenarios).where(eq(exemptionScenarios.code, code));
    const [row] = before
      ? await tx.update(exemptionScenarios).set(input).where(eq(exemptionScenarios.id, before.id)).returning()
      : await tx.insert(exemptionScenarios).values({ countyCode: actor.countyCode, path: countyPath(actor), code, ...input }).returning();
    if (!row) throw forbidden('免责情形由县级组织部门统一配置', 'Scenarios are configured by the county');
    await audit(tx, actor, { action: 'fault.scenario_save', entity: 'exemption_scenario', entityId: code, path: row.path, before: before ? { title: before.title, description: before.description, active: before.active } : undefined, after: input });
    return { code, ...input };
  });
}

async function caseViews(tx: Executor, list: CaseRow[]) {
  const views = new Map((await cadreViews(tx, [...(await loadCadres(tx, list.map((c) => c.cadreId))).values()])).map((v) => [v.id, v]));
  const items = list.length ? await tx.select().from(correctionItems).where(inArray(correctionItems.caseId, list.map((c) => c.id))).orderBy(asc(correctionItems.dueOn), asc(correctionItems.id)) : [];
  const t = today();
  return list.map((c) => ({
    id: c.id, cadre: views.get(c.cadreId)!, title: c.title, facts: c.facts, occurredOn: c.occurredOn, status: c.status as CaseStatus,
    review: c.review as Review | null, reviewedBy: c.reviewedBy, reviewedAt: c.reviewedAt?.toISOString() ?? null,
    decision: c.decision as Decision | null, reasoning: c.reasoning, decidedBy: c.decidedBy, decidedAt: c.decidedAt?.toISOString() ?? null, closedOn: c.closedOn,
    corrections: items.filter((i) => i.caseId === c.id).map((i) => ({ id: i.id, measure: i.measure, dueOn: i.dueOn, doneOn: i.doneOn, result: i.result, overdue: !i.doneOn && i.dueOn < t })),
  }));
}

async function loadCase(tx: Executor, id: number): Promise<CaseRow> {
  const [c] = await tx.select().from(accountabilityCases).where(eq(accountabilityCases.id, id));
  if (!c) throw notFound('容错纠错案例', 'Case');
  return c;
}

export async function listCases(db: Db, actor: Actor, f: { status?: CaseStatus; region?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.status) conds.push(eq(accountabilityCases.status, f.status));
    if (f.region) conds.push(sql`${accountabilityCases.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(accountabilityCases).where(where);
    const list = await tx.select().from(accountabilityCases).where(where).orderBy(desc(accountabilityCases.createdAt), desc(accountabilityCases.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { items: await caseViews(tx, list), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function getCase(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => (await caseViews(tx, [await loadCase(tx, id)]))[0]!);
}

export async function registerCase(db: Db, actor: Actor, input: { cadreId: number; title: string; facts: string; occurredOn: string }) {
  if (input.occurredOn > today()) throw badRequest('INVALID_DATE', '发生日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const cadre = await loadCadre(tx, input.cadreId);
    if (input.occurredOn < cadre.joinedOn) throw badRequest('INVALID_DATE', `发生日期早于其任职日期 ${cadre.joinedOn}，不属于任职期间的问题`, 'Before the cadre took office');
    const [c] = await tx.insert(accountabilityCases).values({ countyCode: actor.countyCode, path: cadre.path, ...input }).returning();
    await audit(tx, actor, { action: 'fault.case_register', entity: 'accountability_case', entityId: c!.id, path: cadre.path, after: input });
    return (await caseViews(tx, [c!]))[0]!;
  });
}

/** The exemption review: factors found and scenarios matched, and what the rule recommends. */
export async function reviewCase(db: Db, actor: Actor, id: number, input: { factors: CaseFactors; scenarioCodes: string[]; note: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCase(tx, id);
    if (c.status !== 'registered' && c.status !== 'reviewed') throw conflict('CASE_STATE', `案例已${CASE_STATUS_LABELS[c.status as CaseStatus]}，不能重新审查`, 'Already decided');
    const known = (await scenarios(tx)).items.filter((s) => s.active);
    const unknown = input.scenarioCodes.filter((code) => !known.some((s) => s.code === code));
    if (unknown.length) throw badRequest('UNKNOWN_SCENARIO', `以下免责情形不存在或已停用：${unknown.join('、')}`, 'Unknown scenario');
    const a = assessExemption(input.factors, input.scenarioCodes);
    const matched = input.scenarioCodes.map((code) => known.find((s) => s.code === code)!).map((s) => ({ code: s.code, title: s.title, description: s.description }));
    const review: Review = { factors: input.factors, scenarioCodes: input.scenarioCodes, scenarios: matched, recommendation: a.recommendation, reasons: a.reasons, note: input.note };
    await tx.update(accountabilityCases).set({ status: 'reviewed', review, reviewedBy: actor.displayName, reviewedAt: new Date() }).where(eq(accountabilityCases.id, id));
    await audit(tx, actor, { action: 'fault.case_review', entity: 'accountability_case', entityId: id, path: c.path, before: c.review, after: review });
    return (await caseViews(tx, [await loadCase(tx, id)]))[0]!;
  });
}

export async function decideCase(db: Db, actor: Actor, id: number, input: { decision: Decision; reasoning: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCase(tx, id);
    if (c.status === 'registered') throw conflict('REVIEW_FIRST', '须先进行免责情形审查，再作处理决定（先免责、后问责）', 'Exemption review comes first');
    if (c.status !== 'reviewed') throw conflict('CASE_STATE', `案例已${CASE_STATUS_LABELS[c.status as CaseStatus]}`, 'Already decided');
    const review = c.review as Review;
    check('INVALID_DECISION', decisionProblems(input.decision, review.recommendation, input.reasoning));
    await tx.update(accountabilityCases).set({ status: 'decided', decision: input.decision, reasoning: input.reasoning, decidedBy: actor.displayName, decidedAt: new Date() }).where(eq(accountabilityCases.id, id));
    await addEvent(tx, actor, await loadCadre(tx, c.cadreId), { date: today(), kind: 'accountability', title: `「${c.title}」：${DECISION_LABELS[input.decision]}`, detail: { caseId: id } });
    await audit(tx, actor, { action: 'fault.case_decide', entity: 'accountability_case', entityId: id, path: c.path, before: { status: c.status }, after: input });
    await emit(tx, actor, 'fault.case_decided', c.path, { id, decision: input.decision });
    return (await caseViews(tx, [await loadCase(tx, id)]))[0]!;
  });
}

export async function addCorrection(db: Db, actor: Actor, id: number, input: { measure: string; dueOn: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCase(tx, id);
    if (c.status !== 'decided' && c.status !== 'correcting') throw conflict('DECIDE_FIRST', c.status === 'closed' ? '案例已办结' : '作出处理决定后才能制定纠错整改措施', 'Decide first');
    if (input.dueOn < today()) throw badRequest('INVALID_DATE', '整改期限不能早于今天', 'Due date in the past');
    const [item] = await tx.insert(correctionItems).values({ countyCode: actor.countyCode, path: c.path, caseId: id, ...input }).returning();
    await tx.update(accountabilityCases).set({ status: 'correcting' }).where(eq(accountabilityCases.id, id));
    await audit(tx, actor, { action: 'fault.correction_add', entity: 'correction_item', entityId: item!.id, path: c.path, after: input });
    return (await caseViews(tx, [await loadCase(tx, id)]))[0]!;
  });
}

export async function completeCorrection(db: Db, actor: Actor, itemId: number, input: { date: string; result: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '完成日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const [item] = await tx.select().from(correctionItems).where(eq(correctionItems.id, itemId));
    if (!item) throw notFound('整改措施', 'Correction');
    if (item.doneOn) throw conflict('CORRECTION_DONE', `该措施已于 ${item.doneOn} 完成`, 'Already done');
    await tx.update(correctionItems).set({ doneOn: input.date, result: input.result }).where(eq(correctionItems.id, itemId));
    await audit(tx, actor, { action: 'fault.correction_done', entity: 'correction_item', entityId: itemId, path: item.path, after: input });
    return (await caseViews(tx, [await loadCase(tx, item.caseId)]))[0]!;
  });
}

/** Closes a case when its correction plan (at least one measure) is fully carried out. */
export async function closeCase(db: Db, actor: Actor, id: number, input: { date: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '办结日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const c = await loadCase(tx, id);
    if (c.status !== 'correcting') throw conflict('CASE_STATE', c.status === 'closed' ? '案例已办结' : '须制定并完成纠错整改措施后才能办结', 'Corrections required');
    const open = await tx.select({ id: correctionItems.id }).from(correctionItems).where(and(eq(correctionItems.caseId, id), sql`${correctionItems.doneOn} is null`));
    if (open.length) throw conflict('CORRECTIONS_OPEN', `还有 ${open.length} 项整改措施未完成`, 'Corrections still open');
    await tx.update(accountabilityCases).set({ status: 'closed', closedOn: input.date }).where(eq(accountabilityCases.id, id));
    await addEvent(tx, actor, await loadCadre(tx, c.cadreId), { date: input.date, kind: 'accountability', title: `「${c.title}」纠错整改完成，案例办结` });
    await audit(tx, actor, { action: 'fault.case_close', entity: 'accountability_case', entityId: id, path: c.path, after: input });
    return (await caseViews(tx, [await loadCase(tx, id)]))[0]!;
  });
}

/** Whether a cadre was held accountable without tolerance in a year (bars honors). */
export async function punishedInYear(tx: Executor, cadreId: number, year: number): Promise<boolean> {
  const [c] = await tx.select({ id: accountabilityCases.id }).from(accountabilityCases).where(and(eq(accountabilityCases.cadreId, cadreId), eq(accountabilityCases.decision, 'none'), sql`extract(year from ${accountabilityCases.decidedAt} at time zone 'Asia/Shanghai') = ${year}`));
  return !!c;
}
