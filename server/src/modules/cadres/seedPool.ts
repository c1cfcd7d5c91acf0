/** L3 Seed pool (种子库): nominate → review → admit; the "four specials" with their activity records. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { seedActivities, seedPoolMembers, seedSpecials } from './schema';
import { SEED_STATUS_LABELS, seedTransition, SPECIAL_KIND_LABELS, SPECIAL_KINDS, type SeedAction, type SeedStatus, type SpecialKind } from './rules';
import { addEvent, loadCadre, loadCadres, regionRef, today } from './shared';
import { cadreViews, type CadreView } from './registry';

type MemberRow = typeof seedPoolMembers.$inferSelect;

async function loadMember(tx: Executor, id: number): Promise<MemberRow> {
  const [m] = await tx.select().from(seedPoolMembers).where(eq(seedPoolMembers.id, id));
  if (!m) throw notFound('种子库成员', 'Seed pool member');
  return m;
}

async function memberViews(tx: Executor, list: MemberRow[]) {
  const cadreRows = await loadCadres(tx, list.map((m) => m.cadreId));
  const views = new Map((await cadreViews(tx, [...cadreRows.values()])).map((v) => [v.id, v]));
  const ids = list.map((m) => m.id);
  const specials = ids.length
    ? await tx
        .select({ id: seedSpecials.id, memberId: seedSpecials.memberId, kind: seedSpecials.kind, title: seedSpecials.title, partner: seedSpecials.partner, assignedOn: seedSpecials.assignedOn, activities: sql<number>`(select count(*) from seed_activities a where a.special_id = seed_specials.id)` })
        .from(seedSpecials)
        .where(inArray(seedSpecials.memberId, ids))
    : [];
  return list.map((m) => ({
    id: m.id,
    status: m.status as SeedStatus,
    reason: m.reason,
    nominatedBy: m.nominatedBy,
    nominatedAt: m.nominatedAt.toISOString(),
    reviewNote: m.reviewNote,
    reviewedBy: m.reviewedBy,
    admittedOn: m.admittedOn,
    leftOn: m.leftOn,
    cadre: views.get(m.cadreId) as CadreView,
    specials: SPECIAL_KINDS.map((kind) => {
      const s = specials.find((x) => x.memberId === m.id && x.kind === kind);
      return s ? { kind, assigned: true, title: s.title, partner: s.partner, assignedOn: s.assignedOn as string | null, activities: num(s.activities) } : { kind, assigned: false, title: null, partner: null, assignedOn: null, activities: 0 };
    }),
  }));
}

export async function listSeedPool(db: Db, actor: Actor, f: { status?: SeedStatus; region?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) conds.push(sql`${seedPoolMembers.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    const base = and(...conds);
    const where = and(base, f.status ? eq(seedPoolMembers.status, f.status) : undefined);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(seedPoolMembers).where(where);
    const byStatus = await tx.select({ status: seedPoolMembers.status, n: sql<number>`count(*)` }).from(seedPoolMembers).where(base).groupBy(seedPoolMembers.status);
    const list = await tx.select().from(seedPoolMembers).where(where).orderBy(asc(sql`array_position(array['admitted','reviewed','nominated','rejected','left'], ${seedPoolMembers.status})`), asc(seedPoolMembers.path), asc(seedPoolMembers.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return {
      items: await memberViews(tx, list),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
      counts: Object.fromEntries(Object.keys(SEED_STATUS_LABELS).map((s) => [s, num(byStatus.find((b) => b.status === s)?.n)])) as Record<SeedStatus, number>,
    };
  });
}

export async function getSeedMember(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const [view] = await memberViews(tx, [await loadMember(tx, id)]);
    const specials = await tx.select().from(seedSpecials).where(eq(seedSpecials.memberId, id));
    const acts = specials.length ? await tx.select().from(seedActivities).where(inArray(seedActivities.specialId, specials.map((s) => s.id))).orderBy(asc(seedActivities.date), asc(seedActivities.id)) : [];
    return {
      ...view!,
      activities: acts.map((a) => ({ id: a.id, kind: specials.find((s) => s.id === a.specialId)!.kind as SpecialKind, date: a.date, summary: a.summary, outcome: a.outcome })),
    };
  });
}

export async function nominateSeed(db: Db, actor: Actor, input: { cadreId: number; reason: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCadre(tx, input.cadreId);
    if (c.status !== 'active' || c.post !== 'secretary') throw badRequest('NOT_A_SECRETARY', `种子库只吸纳在岗的村（社区）党组织书记：${c.name} 不是在岗书记`, 'Only serving secretaries can be nominated');
    const [live] = await tx.select({ id: seedPoolMembers.id, status: seedPoolMembers.status }).from(seedPoolMembers).where(and(eq(seedPoolMembers.cadreId, c.id), inArray(seedPoolMembers.status, ['nominated', 'reviewed', 'admitted'])));
    if (live) throw conflict('ALREADY_NOMINATED', `${c.name} 已在种子库流程中（${SEED_STATUS_LABELS[live.status as SeedStatus]}）`, 'Already in the seed pool process');
    const [m] = await tx.insert(seedPoolMembers).values({ countyCode: actor.countyCode, path: c.path, cadreId: c.id, status: 'nominated', reason: input.reason, nominatedBy: actor.displayName }).returning();
    await audit(tx, actor, { action: 'seed_pool.nominate', entity: 'seed_pool_member', entityId: m!.id, path: c.path, after: { cadreId: c.id, reason: input.reason } });
    const [view] = await memberViews(tx, [m!]);
    return view!;
  });
}

async function transition(db: Db, actor: Actor, id: number, action: SeedAction, apply: (m: MemberRow) => Partial<MemberRow>, event?: (m: MemberRow) => { date: string; title: string }, guard?: (m: MemberRow) => void) {
  return withScope(db, actor, async (tx) => {
    const m = await loadMember(tx, id);
    const t = seedTransition(m.status as SeedStatus, action);
    if (!t.ok) throw conflict('SEED_STATE', t.message, 'Not allowed in this state');
    guard?.(m);
    const [after] = await tx.update(seedPoolMembers).set({ status: t.next, ...apply(m) }).where(eq(seedPoolMembers.id, id)).returning();
    await audit(tx, actor, { action: `seed_pool.${action}`, entity: 'seed_pool_member', entityId: id, path: m.path, before: { status: m.status }, after: { status: t.next } });
    if (event) await addEvent(tx, actor, await loadCadre(tx, m.cadreId), { kind: 'seed_pool', ...event(after!) });
    if (t.next === 'admitted') await emit(tx, actor, 'seed_pool.admitted', m.path, { id, cadreId: m.cadreId });
    const [view] = await memberViews(tx, [after!]);
    return view!;
  });
}

export async function reviewSeed(db: Db, actor: Actor, id: number, input: { approve: boolean; note: string }) {
  return transition(db, actor, id, input.approve ? 'approve' : 'reject', () => ({ reviewNote: input.note, reviewedBy: actor.displayName, reviewedAt: new Date() }));
}

export async function admitSeed(db: Db, actor: Actor, id: number, input: { date: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '入库日期不能晚于今天', 'Date in the future');
  return transition(db, actor, id, 'admit', () => ({ admittedOn: input.date }), () => ({ date: input.date, title: '入选先进典型书记"种子库"' }), (m) => {
    if (input.date < m.nominatedAt.toISOString().slice(0, 10)) throw badRequest('INVALID_DATE', '入库日期不能早于提名日期', 'Admission before nomination');
  });
}

export async function leaveSeed(db: Db, actor: Actor, id: number, input: { date: string; reason: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '出库日期不能晚于今天', 'Date in the future');
  return transition(db, actor, id, 'leave', () => ({ leftOn: input.date, reviewNote: input.reason }), () => ({ date: input.date, title: `退出"种子库"：${input.reason}` }), (m) => {
    if (m.admittedOn && input.date < m.admittedOn) throw badRequest('INVALID_DATE', `出库日期不能早于入库日期 ${m.admittedOn}`, 'Date before admission');
  });
}

async function admittedMember(tx: Executor, id: number): Promise<MemberRow> {
  const m = await loadMember(tx, id);
  if (m.status !== 'admitted') throw conflict('SEED_NOT_ADMITTED', `只有已入库的成员才能落实"四专"措施（当前：${SEED_STATUS_LABELS[m.status as SeedStatus]}）`, 'Member not admitted');
  return m;
}

export async function setSpecial(db: Db, actor: Actor, memberId: number, kind: SpecialKind, input: { title: string; partner: string; organizationId?: number | null; assignedOn: string }) {
  return withScope(db, actor, async (tx) => {
    const m = await admittedMember(tx, memberId);
    if (input.assignedOn > today()) throw badRequest('INVALID_DATE', '落实日期不能晚于今天', 'Date in the future');
    if (m.admittedOn && input.assignedOn < m.admittedOn) throw badRequest('INVALID_DATE', `落实日期不能早于入库日期 ${m.admittedOn}`, 'Date before admission');
    const [before] = await tx.select().from(seedSpecials).where(and(eq(seedSpecials.memberId, memberId), eq(seedSpecials.kind, kind)));
    const values = { title: input.title, partner: input.partner, organizationId: input.organizationId ?? null, assignedOn: input.assignedOn };
    const [row] = before
      ? await tx.update(seedSpecials).set(values).where(eq(seedSpecials.id, before.id)).returning()
      : await tx.insert(seedSpecials).values({ countyCode: actor.countyCode, path: m.path, memberId, kind, ...values }).returning();
    await audit(tx, actor, { action: 'seed_pool.set_special', entity: 'seed_special', entityId: row!.id, path: m.path, before: before ? { title: before.title, partner: before.partner } : undefined, after: { kind, ...values } });
    if (!before) await addEvent(tx, actor, await loadCadre(tx, m.cadreId), { date: input.assignedOn, kind: 'seed_pool', title: `落实"${SPECIAL_KIND_LABELS[kind]}"：${input.title}` });
    return { id: row!.id, kind, ...values };
  });
}

export async function addSpecialActivity(db: Db, actor: Actor, memberId: number, kind: SpecialKind, input: { date: string; summary: string; outcome: string }) {
  return withScope(db, actor, async (tx) => {
    const m = await admittedMember(tx, memberId);
    const [s] = await tx.select().from(seedSpecials).where(and(eq(seedSpecials.memberId, memberId), eq(seedSpecials.kind, kind)));
    if (!s) throw conflict('SPECIAL_NOT_SET', `请先落实"${SPECIAL_KIND_LABELS[kind]}"再记录活动`, 'Special not assigned yet');
    if (input.date < s.assignedOn) throw badRequest('INVALID_DATE', `活动日期不能早于落实日期 ${s.assignedOn}`, 'Date before assignment');
    if (input.date > today()) throw badRequest('INVALID_DATE', '活动日期不能晚于今天', 'Date in the future');
    const [a] = await tx.insert(seedActivities).values({ countyCode: actor.countyCode, path: m.path, specialId: s.id, date: input.date, summary: input.summary, outcome: input.outcome }).returning();
    await audit(tx, actor, { action: 'seed_pool.activity', entity: 'seed_activity', entityId: a!.id, path: m.path, after: { kind, ...input } });
    return { id: a!.id, kind, date: a!.date, summary: a!.summary, outcome: a!.outcome };
  });
}
