/** L11 Honors: 乡村标杆书记 and 乡村优秀书记, with the record behind them; a list per year. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { cadreHonors, capacityChecks, evaluationRounds, evaluationSubjects, seedPoolMembers, trainingAttendance, trainingSessions } from './schema';
import { GRADE_LABELS, HONOR_KIND_LABELS, honorProblems, POST_LABELS, type Grade, type HonorKind, type Post } from './rules';
import { addEvent, check, countyPath, loadCadre, loadCadres, today } from './shared';
import type { ExportTable } from './tables';
import { cadreViews } from './registry';
import { punishedInYear } from './faultTolerance';

/**
 * The record behind an honor as of a day (the award date): closed evaluations, training hours,
 * seed-pool admission, the latest capacity check and earlier honors — nothing that came later.
 */
export async function honorEvidence(tx: Executor, cadreId: number, asOf: string = today()) {
  const until = `${asOf} 23:59:59+08`;
  const graded = await tx
    .select({ year: evaluationRounds.year, grade: evaluationSubjects.grade, total: evaluationSubjects.total })
    .from(evaluationSubjects)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
    .where(and(eq(evaluationSubjects.cadreId, cadreId), eq(evaluationSubjects.outcome, 'graded'), sql`${evaluationRounds.closedAt} <= ${until}::timestamptz`))
    .orderBy(desc(evaluationRounds.year))
    .limit(3);
  const evaluations = graded.map((e) => ({ year: e.year, grade: e.grade as Grade, total: e.total }));
  const hours = await tx
    .select({ year: sql<number>`extract(year from ${trainingSessions.startsAt} at time zone 'Asia/Shanghai')`, hours: sql<number>`coalesce(sum(${trainingAttendance.creditHours}), 0)` })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(and(eq(trainingAttendance.cadreId, cadreId), sql`${trainingSessions.startsAt} <= ${until}::timestamptz`))
    .groupBy(sql`1`)
    .orderBy(desc(sql`1`))
    .limit(3);
  const [seed] = await tx.select({ status: seedPoolMembers.status, admittedOn: seedPoolMembers.admittedOn }).from(seedPoolMembers).where(and(eq(seedPoolMembers.cadreId, cadreId), sql`${seedPoolMembers.admittedOn} <= ${asOf}`)).orderBy(desc(seedPoolMembers.id)).limit(1);
  const [check6] = await tx.select({ total: capacityChecks.total, checkedOn: capacityChecks.checkedOn }).from(capacityChecks).where(and(eq(capacityChecks.cadreId, cadreId), sql`${capacityChecks.checkedOn} <= ${asOf}`)).orderBy(desc(capacityChecks.checkedOn)).limit(1);
  const earlier = await tx.select({ year: cadreHonors.year, kind: cadreHonors.kind }).from(cadreHonors).where(and(eq(cadreHonors.cadreId, cadreId), sql`${cadreHonors.awardedOn} <= ${asOf}`)).orderBy(desc(cadreHonors.year));
  const lines = [
    ...evaluations.map((e) => `${e.year} 年度双评${GRADE_LABELS[e.grade]}（${e.total} 分）`),
    ...hours.map((h) => `${num(h.year)} 年培训 ${num(h.hours)} 学时`),
    ...(seed ? [`${seed.admittedOn} 入选先进典型书记"种子库"`] : []),
    ...(check6 ? [`${check6.checkedOn} 六问组织力体检 ${check6.total} 分`] : []),
    ...earlier.map((h) => `${h.year} 年获评${HONOR_KIND_LABELS[h.kind as HonorKind]}`),
  ];
  return {
    evaluations,
    trainingHours: hours.map((h) => ({ year: num(h.year), hours: num(h.hours) })),
    seedPool: seed ? { status: seed.status, admittedOn: seed.admittedOn } : null,
    capacityCheck: check6 ?? null,
    earlierHonors: earlier.map((h) => ({ year: h.year, kind: h.kind as HonorKind })),
    summary: lines,
  };
}

export async function getHonorEvidence(db: Db, actor: Actor, cadreId: number) {
  return withScope(db, actor, async (tx) => {
    await loadCadre(tx, cadreId);
    return honorEvidence(tx, cadreId);
  });
}

export async function listHonors(db: Db, actor: Actor, f: { year?: number }) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(cadreHonors).where(f.year ? eq(cadreHonors.year, f.year) : undefined).orderBy(desc(cadreHonors.year), asc(sql`array_position(array['benchmark','excellent'], ${cadreHonors.kind})`), asc(cadreHonors.id));
    const views = new Map((await cadreViews(tx, [...(await loadCadres(tx, list.map((h) => h.cadreId))).values()])).map((v) => [v.id, v]));
    const years = await tx.select({ year: cadreHonors.year, n: sql<number>`count(*)` }).from(cadreHonors).groupBy(cadreHonors.year).orderBy(desc(cadreHonors.year));
    return {
      items: list.map((h) => ({ id: h.id, year: h.year, kind: h.kind as HonorKind, title: h.title, citation: h.citation, awardedOn: h.awardedOn, evidence: h.evidence as Awaited<ReturnType<typeof honorEvidence>>, cadre: views.get(h.cadreId)! })),
      years: years.map((y) => ({ year: y.year, count: num(y.n) })),
    };
  });
}

/** The honors list (of a year, or all years) as a table for the .xlsx / CSV export. */
export async function exportHonors(db: Db, actor: Actor, f: { year?: number }): Promise<ExportTable & { count: number }> {
  const { items } = await listHonors(db, actor, f);
  return withScope(db, actor, async (tx) => {
    await audit(tx, actor, { action: 'honor.export', entity: 'cadre_honor', entityId: null, path: countyPath(actor), after: { year: f.year ?? null, count: items.length } });
    return {
      sheet: f.year ? `${f.year} 年荣誉榜` : '荣誉榜',
      header: ['年度', '荣誉', '姓名', '镇（街道）', '村（社区）', '岗位', '授予日期', '事迹', '实绩'],
      rows: items.map((h) => [h.year, HONOR_KIND_LABELS[h.kind], h.cadre.name, h.cadre.townName, h.cadre.villageName, POST_LABELS[h.cadre.post as Post], h.awardedOn, h.citation, (h.evidence?.summary ?? []).join('；')]),
      count: items.length,
    };
  });
}

export async function awardHonor(db: Db, actor: Actor, input: { cadreId: number; year: number; kind: HonorKind; citation: string; awardedOn: string }) {
  if (input.awardedOn > today()) throw badRequest('INVALID_DATE', '授予日期不能晚于今天', 'Date in the future');
  if (Number(input.awardedOn.slice(0, 4)) < input.year) throw badRequest('INVALID_DATE', `授予日期不能早于荣誉年度 ${input.year} 年`, 'Awarded before the year');
  return withScope(db, actor, async (tx) => {
    const cadre = await loadCadre(tx, input.cadreId);
    const evidence = await honorEvidence(tx, cadre.id, input.awardedOn);
    const latest = evidence.evaluations[0]?.grade ?? null;
    check('NOT_ELIGIBLE', honorProblems({ post: cadre.post, status: cadre.status, latestGrade: latest, punishedInYear: await punishedInYear(tx, cadre.id, input.year), kind: input.kind }), 'Not eligible for the honor');
    const [dup] = await tx.select({ id: cadreHonors.id }).from(cadreHonors).where(and(eq(cadreHonors.cadreId, cadre.id), eq(cadreHonors.year, input.year), eq(cadreHonors.kind, input.kind)));
    if (dup) throw conflict('HONOR_EXISTS', `${cadre.name} 已获评 ${input.year} 年${HONOR_KIND_LABELS[input.kind]}`, 'Already awarded');
    const title = `${input.year}年${HONOR_KIND_LABELS[input.kind]}`;
    const [h] = await tx.insert(cadreHonors).values({ countyCode: actor.countyCode, path: cadre.path, cadreId: cadre.id, year: input.year, kind: input.kind, title, citation: input.citation, evidence, awardedOn: input.awardedOn }).returning();
    await addEvent(tx, actor, cadre, { date: input.awardedOn, kind: 'honor', title: `获评${title}`, detail: { honorId: h!.id } });
    await audit(tx, actor, { action: 'honor.award', entity: 'cadre_honor', entityId: h!.id, path: cadre.path, after: { ...input, evidence: evidence.summary } });
    await emit(tx, actor, 'cadre.honored', cadre.path, { id: h!.id, cadreId: cadre.id, kind: input.kind, year: input.year });
    const [view] = await cadreViews(tx, [cadre]);
    return { id: h!.id, year: h!.year, kind: input.kind, title, citation: h!.citation, awardedOn: h!.awardedOn, evidence, cadre: view! };
  });
}

export async function honorsOfCadres(tx: Executor, cadreIds: number[]) {
  if (cadreIds.length === 0) return [];
  return tx.select({ cadreId: cadreHonors.cadreId, year: cadreHonors.year, kind: cadreHonors.kind, title: cadreHonors.title, awardedOn: cadreHonors.awardedOn }).from(cadreHonors).where(inArray(cadreHonors.cadreId, cadreIds)).orderBy(desc(cadreHonors.year));
}
