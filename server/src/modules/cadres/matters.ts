/**
 * L6 "Secretaries speak to secretaries" (书记讲给书记听): issues raised at a session become matters
 * that are assigned → supervised → investigated (交办 → 督办 → 查办) until resolved, visible from
 * the session record.
 *
 * The ladder runs in the command centre's matter engine (work orders, G6): each matter is handed
 * to `intake` as a 书记论坛事项 (source 'matter', categories SJLT-FZ / SJLT-ZL) and the work
 * order's number is kept in externalRef; from then on its level and status are the order's, and
 * 督办 / 查办 / 办结 happen there (the engine escalates late orders by working days). When the
 * engine cannot take a matter (its catalogue not installed, the caller without
 * workorder:handle…), the matter is kept here with the same three-level ladder and can be handed
 * over later (`handOffMatter`).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { findOrders, intake } from '../workorders/service';
import { sessionMatters, sessionMatterSteps, trainingSessions } from './schema';
import { addDays, MATTER_LEVEL_LABELS, MATTER_LIMIT_DAYS, matterEscalation, nextMatterLevel, SESSION_KIND_LABELS, type MatterLevel, type SessionKind } from './rules';
import { loadCadre, regionRef, today } from './shared';

type MatterRow = typeof sessionMatters.$inferSelect;
const MATTER_SESSION_KINDS: SessionKind[] = ['secretary_speak', 'order_forum', 'group_forum', 'livestream_debate'];
export const MATTER_KINDS = ['development', 'governance'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];
/** The work-order categories of the standard catalogue for forum matters (书记论坛事项). */
export const MATTER_CATEGORIES: Record<MatterKind, string> = { development: 'SJLT-FZ', governance: 'SJLT-ZL' };

export interface MatterDeps {
  vault: PiiVault;
  dataDir: string;
}

interface OrderLink {
  number: string;
  status: string;
  statusLabel: string;
  supervisionLevel: MatterLevel;
  supervisionLabel: string;
  overdue: boolean;
  closed: boolean;
}

async function step(tx: Executor, actor: Actor, m: MatterRow, action: string, level: MatterLevel, note: string) {
  await tx.insert(sessionMatterSteps).values({ countyCode: actor.countyCode, path: m.path, matterId: m.id, action, level, note, by: actor.displayName });
}

async function matterView(tx: Executor, m: MatterRow) {
  const steps = await tx.select().from(sessionMatterSteps).where(eq(sessionMatterSteps.matterId, m.id)).orderBy(asc(sessionMatterSteps.at), asc(sessionMatterSteps.id));
  const [s] = await tx.select({ title: trainingSessions.title, kind: trainingSessions.kind }).from(trainingSessions).where(eq(trainingSessions.id, m.sessionId));
  const region = await regionRef(tx, m.regionCode).catch(() => null);
  return {
    id: m.id, sessionId: m.sessionId, sessionTitle: s?.title ?? '', sessionKind: (s?.kind ?? 'secretary_speak') as SessionKind, regionCode: m.regionCode, regionName: region?.name ?? '',
    title: m.title, description: m.description, department: m.department, raisedByCadreId: m.raisedByCadreId, level: m.level as MatterLevel, status: m.status as 'open' | 'resolved',
    dueOn: m.dueOn, overdue: m.status === 'open' && today() > m.dueOn, resolvedOn: m.resolvedOn, resolution: m.resolution, externalRef: m.externalRef,
    order: null as OrderLink | null,
    steps: steps.map((x) => ({ at: x.at.toISOString(), action: x.action, level: x.level as MatterLevel, note: x.note, by: x.by })),
  };
}
type MatterView = Awaited<ReturnType<typeof matterView>>;

/** Linked matters show the work order's level and status (read after our own transaction). */
async function withOrders(db: Db, actor: Actor, views: MatterView[]): Promise<MatterView[]> {
  const numbers = views.map((v) => v.externalRef).filter((x): x is string => !!x);
  if (numbers.length === 0) return views;
  const orders = new Map((await findOrders(db, actor, { numbers, limit: numbers.length })).map((o) => [o.number, o]));
  return views.map((v) => {
    const o = v.externalRef ? orders.get(v.externalRef) : undefined;
    if (!o) return v;
    const closed = o.status === 'closed' || o.status === 'resolved' || o.status === 'cancelled';
    const order: OrderLink = { number: o.number, status: o.status, statusLabel: o.statusLabel, supervisionLevel: o.supervisionLevel as MatterLevel, supervisionLabel: o.supervisionLabel, overdue: o.overdue, closed };
    return { ...v, order, level: order.supervisionLevel, status: closed ? 'resolved' : 'open', overdue: o.overdue };
  });
}

async function loadMatter(tx: Executor, id: number): Promise<MatterRow> {
  const [m] = await tx.select().from(sessionMatters).where(eq(sessionMatters.id, id));
  if (!m) throw notFound('事项', 'Matter');
  return m;
}

/** Hands a matter to the work-order engine; a refusal (4xx) leaves it tracked here, with the reason. */
async function handOff(db: Db, deps: MatterDeps, actor: Actor, m: MatterRow, kind: MatterKind, sessionTitle: string): Promise<string | null> {
  try {
    const { order } = await intake(
      db,
      deps,
      actor,
      {
        source: 'matter',
        categoryCode: MATTER_CATEGORIES[kind],
        title: m.title.slice(0, 60),
        description: `${m.description}\n（来源：${sessionTitle}；建议承办：${m.department}）`,
        regionCode: m.regionCode,
        sourceRef: `书记讲给书记听·活动 ${m.sessionId}·事项 ${m.id}`,
      },
      `cadre-matter-${m.id}`,
    );
    await withScope(db, actor, async (tx) => {
      await tx.update(sessionMatters).set({ externalRef: order.number }).where(eq(sessionMatters.id, m.id));
      await step(tx, actor, m, 'hand_off', 'assign', `交由一网统管办理，工单 ${order.number}`);
      await audit(tx, actor, { action: 'matter.hand_off', entity: 'session_matter', entityId: m.id, path: m.path, after: { order: order.number } });
    });
    return null;
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) return err.message;
    throw err;
  }
}

export async function raiseMatter(db: Db, deps: MatterDeps, actor: Actor, sessionId: number, input: { title: string; description: string; department: string; regionCode: string; kind?: MatterKind; raisedByCadreId?: number | null; dueOn?: string | null }) {
  const created = await withScope(db, actor, async (tx) => {
    const [s] = await tx.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
    if (!s) throw notFound('培训活动', 'Session');
    if (!MATTER_SESSION_KINDS.includes(s.kind as SessionKind)) throw badRequest('NOT_A_FORUM', `「${SESSION_KIND_LABELS[s.kind as SessionKind]}」不是交流类活动，事项应来自书记讲给书记听、讲坛或擂台`, 'Matters come from forum-type sessions');
    const region = await regionRef(tx, input.regionCode);
    if (input.raisedByCadreId) await loadCadre(tx, input.raisedByCadreId);
    const t = today();
    const dueOn = input.dueOn ?? addDays(t, MATTER_LIMIT_DAYS.assign);
    if (dueOn < t) throw badRequest('INVALID_DATE', '办理期限不能早于今天', 'Due date in the past');
    const [m] = await tx.insert(sessionMatters).values({ countyCode: actor.countyCode, path: region.path, sessionId, regionCode: region.code, title: input.title, description: input.description, department: input.department, raisedByCadreId: input.raisedByCadreId ?? null, dueOn }).returning();
    await step(tx, actor, m!, 'assign', 'assign', `交办${input.department}，期限 ${dueOn}`);
    await audit(tx, actor, { action: 'matter.assign', entity: 'session_matter', entityId: m!.id, path: region.path, after: { sessionId, ...input, dueOn } });
    await emit(tx, actor, 'matter.assigned', region.path, { id: m!.id, sessionId, department: input.department });
    return { m: m!, sessionTitle: s.title };
  });
  const handOffReason = await handOff(db, deps, actor, created.m, input.kind ?? 'governance', created.sessionTitle);
  const [view] = await withOrders(db, actor, [await withScope(db, actor, async (tx) => matterView(tx, await loadMatter(tx, created.m.id)))]);
  return { ...view!, handOffReason };
}

/** Hands a matter kept here to the work-order engine (e.g. once the engine's catalogue is installed). */
export async function handOffMatter(db: Db, deps: MatterDeps, actor: Actor, id: number, input: { kind: MatterKind }) {
  const { m, sessionTitle } = await withScope(db, actor, async (tx) => {
    const m = await loadMatter(tx, id);
    if (m.externalRef) throw conflict('MATTER_IN_ENGINE', `该事项已交由一网统管办理（工单 ${m.externalRef}）`, 'Already handed over');
    if (m.status !== 'open') throw conflict('MATTER_RESOLVED', '事项已办结', 'Matter resolved');
    const [s] = await tx.select({ title: trainingSessions.title }).from(trainingSessions).where(eq(trainingSessions.id, m.sessionId));
    return { m, sessionTitle: s?.title ?? '' };
  });
  const reason = await handOff(db, deps, actor, m, input.kind, sessionTitle);
  if (reason) throw conflict('HAND_OFF_REFUSED', `一网统管未受理：${reason}`, 'The matter engine refused the matter');
  return getMatter(db, actor, id);
}

export async function listMatters(db: Db, actor: Actor, f: { status?: 'open' | 'resolved'; level?: MatterLevel; sessionId?: number; region?: string; page: number; pageSize: number }) {
  const out = await withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.status) conds.push(eq(sessionMatters.status, f.status));
    if (f.level) conds.push(eq(sessionMatters.level, f.level));
    if (f.sessionId) conds.push(eq(sessionMatters.sessionId, f.sessionId));
    if (f.region) conds.push(sql`${sessionMatters.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(sessionMatters).where(where);
    const list = await tx.select().from(sessionMatters).where(where).orderBy(asc(sql`case when ${sessionMatters.status} = 'open' then 0 else 1 end`), desc(sessionMatters.level), asc(sessionMatters.dueOn), asc(sessionMatters.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const items = [];
    for (const m of list) items.push(await matterView(tx, m));
    return { items, total: num(total), page: f.page, pageSize: f.pageSize };
  });
  return { ...out, items: await withOrders(db, actor, out.items) };
}

export async function getMatter(db: Db, actor: Actor, id: number) {
  const view = await withScope(db, actor, async (tx) => matterView(tx, await loadMatter(tx, id)));
  return (await withOrders(db, actor, [view]))[0]!;
}

function notInEngine(m: MatterRow) {
  if (m.externalRef) throw conflict('MATTER_IN_ENGINE', `该事项已交由一网统管办理（工单 ${m.externalRef}），督办、查办与办结请在工单中进行`, 'Handled as a work order');
}

async function escalate(tx: Executor, actor: Actor, m: MatterRow, to: MatterLevel, note: string) {
  const dueOn = addDays(today(), MATTER_LIMIT_DAYS[to]);
  await tx.update(sessionMatters).set({ level: to, dueOn }).where(eq(sessionMatters.id, m.id));
  await step(tx, actor, m, to, to, `${note}；升级为${MATTER_LEVEL_LABELS[to]}，期限 ${dueOn}`);
  await audit(tx, actor, { action: `matter.${to}`, entity: 'session_matter', entityId: m.id, path: m.path, before: { level: m.level, dueOn: m.dueOn }, after: { level: to, dueOn, note } });
  await emit(tx, actor, 'matter.escalated', m.path, { id: m.id, level: to });
}

export async function escalateMatter(db: Db, actor: Actor, id: number, input: { note: string }) {
  await withScope(db, actor, async (tx) => {
    const m = await loadMatter(tx, id);
    notInEngine(m);
    if (m.status !== 'open') throw conflict('MATTER_RESOLVED', '事项已办结', 'Matter resolved');
    const to = nextMatterLevel(m.level as MatterLevel);
    if (!to) throw conflict('MATTER_TOP_LEVEL', '事项已在查办阶段，不能再升级', 'Already investigated');
    await escalate(tx, actor, m, to, input.note);
  });
  return getMatter(db, actor, id);
}

export async function resolveMatter(db: Db, actor: Actor, id: number, input: { date: string; resolution: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '办结日期不能晚于今天', 'Date in the future');
  await withScope(db, actor, async (tx) => {
    const m = await loadMatter(tx, id);
    notInEngine(m);
    if (m.status !== 'open') throw conflict('MATTER_RESOLVED', '事项已办结', 'Matter resolved');
    if (input.date < m.createdAt.toISOString().slice(0, 10)) throw badRequest('INVALID_DATE', '办结日期不能早于交办日期', 'Before assignment');
    await tx.update(sessionMatters).set({ status: 'resolved', resolvedOn: input.date, resolution: input.resolution }).where(eq(sessionMatters.id, id));
    await step(tx, actor, m, 'resolve', m.level as MatterLevel, input.resolution);
    await audit(tx, actor, { action: 'matter.resolve', entity: 'session_matter', entityId: id, path: m.path, after: input });
    await emit(tx, actor, 'matter.resolved', m.path, { id });
  });
  return getMatter(db, actor, id);
}

/** Moves every late open matter kept here one level up (交办 → 督办 → 查办); the engine escalates its own. */
export async function escalateOverdueMatters(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const open = await tx.select().from(sessionMatters).where(and(eq(sessionMatters.status, 'open'), sql`${sessionMatters.externalRef} is null`));
    const t = today();
    const moved: { id: number; to: MatterLevel }[] = [];
    for (const m of open) {
      const to = matterEscalation({ level: m.level as MatterLevel, status: m.status, dueOn: m.dueOn }, t);
      if (to) {
        await escalate(tx, actor, m, to, `逾期未办结（期限 ${m.dueOn}）`);
        moved.push({ id: m.id, to });
      }
    }
    return { escalated: moved.length, moved };
  });
}
