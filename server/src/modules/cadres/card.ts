/** The printable cadre card, and "my record" for a secretary or cadre signed in with their own account. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { personViewsByIds } from '../people/service';
import { cadres, capacityChecks, cultivationMilestones, cultivationPlans, seedPoolMembers, trainingAttendance, trainingSessions } from './schema';
import type { SessionKind } from './rules';
import { loadCadre, today } from './shared';
import { cadreTimeline, cadreViews } from './registry';
import { evaluationsOfCadre } from './evaluation';
import { honorsOfCadres } from './honors';
import { cadrePayIn } from './pay';
import { pointsHandoffsOf } from './points';

async function cardOf(tx: Executor, id: number) {
  const c = await loadCadre(tx, id);
  const [view] = await cadreViews(tx, [c]);
  const [person] = await personViewsByIds(tx, [c.personId]);
  const hours = await tx
    .select({ year: sql<number>`extract(year from ${trainingSessions.startsAt} at time zone 'Asia/Shanghai')`, hours: sql<number>`coalesce(sum(${trainingAttendance.creditHours}), 0)`, sessions: sql<number>`count(*) filter (where ${trainingAttendance.status} = 'present')` })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(eq(trainingAttendance.cadreId, id))
    .groupBy(sql`1`)
    .orderBy(desc(sql`1`));
  const [seed] = await tx.select({ status: seedPoolMembers.status, admittedOn: seedPoolMembers.admittedOn }).from(seedPoolMembers).where(eq(seedPoolMembers.cadreId, id)).orderBy(desc(seedPoolMembers.id)).limit(1);
  const [plan] = await tx.select().from(cultivationPlans).where(eq(cultivationPlans.cadreId, id));
  const milestones = plan ? await tx.select().from(cultivationMilestones).where(eq(cultivationMilestones.planId, plan.id)) : [];
  const checks = await tx.select({ id: capacityChecks.id, checkedOn: capacityChecks.checkedOn, total: capacityChecks.total, weakItems: capacityChecks.weakItems }).from(capacityChecks).where(eq(capacityChecks.cadreId, id)).orderBy(desc(capacityChecks.checkedOn)).limit(5);
  return {
    cadre: view!,
    person: person ? { idNumber: person.idNumber, phone: person.phone, householdCode: person.householdCode } : { idNumber: '', phone: null, householdCode: null },
    timeline: await cadreTimeline(tx, id),
    training: hours.map((h) => ({ year: num(h.year), creditHours: num(h.hours), sessions: num(h.sessions) })),
    evaluations: await evaluationsOfCadre(tx, id),
    honors: (await honorsOfCadres(tx, [id])).map((h) => ({ year: h.year, kind: h.kind, title: h.title, awardedOn: h.awardedOn })),
    seedPool: seed ? { status: seed.status, admittedOn: seed.admittedOn } : null,
    cultivation: plan ? { id: plan.id, status: plan.status, startsOn: plan.startsOn, endsOn: plan.endsOn, done: milestones.filter((m) => m.doneOn).length, total: milestones.length } : null,
    capacityChecks: checks,
    pay: await cadrePayIn(tx, id),
    printedOn: today(),
  };
}

export async function cadreCard(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => cardOf(tx, id));
}

/** The signed-in person's own record: their cadre card, recent training, points and pay. */
export async function myRecord(db: Db, actor: Actor) {
  if (!actor.personId) throw notFound('您的干部档案（账号未关联人员）', 'Your cadre record (account not linked to a person)');
  return withScope(db, actor, async (tx) => {
    const [c] = await tx.select({ id: cadres.id }).from(cadres).where(eq(cadres.personId, actor.personId!)).orderBy(sql`case when ${cadres.status} = 'active' then 0 else 1 end`, desc(cadres.joinedOn)).limit(1);
    if (!c) throw notFound('您的干部档案', 'Your cadre record');
    const card = await cardOf(tx, c.id);
    const recent = await tx
      .select({ id: trainingSessions.id, title: trainingSessions.title, kind: trainingSessions.kind, startsAt: trainingSessions.startsAt, status: trainingAttendance.status, creditHours: trainingAttendance.creditHours })
      .from(trainingAttendance)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
      .where(and(eq(trainingAttendance.cadreId, c.id)))
      .orderBy(desc(trainingSessions.startsAt))
      .limit(20);
    return {
      ...card,
      recentSessions: recent.map((r) => ({ id: r.id, title: r.title, kind: r.kind as SessionKind, startsAt: r.startsAt.toISOString(), status: r.status, creditHours: r.creditHours })),
      points: await pointsHandoffsOf(tx, c.id),
    };
  });
}
