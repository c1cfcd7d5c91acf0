/**
 * The command centre's lists and figures, through the real service functions, and the same
 * questions asked the naive way as baselines:
 *  - list/filter: listOrders under a county / town / village scope with status, category, date
 *    range and Chinese keyword filters (count + first page of 20), against the same conditions run
 *    as the superuser with index scans off (sequential scan of wo_orders);
 *  - monthly three-rate ranking: monthlyRates for all towns and for all villages, against a plain
 *    GROUP BY over wo_orders for the month (superuser, indexes allowed).
 */
import { sql, type SQL } from 'drizzle-orm';
import { likeEscape, num, rows, type Db } from '../../server/src/platform/db';
import { computeScope, type Actor } from '../../server/src/platform/scope';
import { listOrders, type OrderFilter } from '../../server/src/modules/workorders/service';
import { monthlyRates } from '../../server/src/modules/workorders/stats';
import { monthRange } from '../../server/src/modules/workorders/rules';
import { countyRouting } from '../../server/src/modules/workorders/routing';

export const PAGE_SIZE = 20;

export function actorFor(countyCode: string, path: string, kind: 'all' | 'own_and_below'): Actor {
  return {
    userId: null,
    username: 'bench',
    displayName: '基准测试',
    countyCode,
    permissions: new Set(['workorder:read', 'workorder:stats']),
    scope: computeScope(kind, `c${countyCode}`, [path], null),
    personId: null,
  };
}

export interface ListScenario {
  id: number;
  label: string;
  scope: { level: 'county' | 'town' | 'village'; code: string; name: string; path: string };
  filter: Omit<OrderFilter, 'page' | 'pageSize'>;
}

const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Deterministic scenarios drawn from the data: the busiest town, one of its villages, recent dates. */
export async function listScenarios(db: Db, countyCode: string, now: Date): Promise<ListScenario[]> {
  const rt = await countyRouting(db, countyCode);
  const towns = await rows<{ code: string; n: unknown }>(db, sql`select town_code as code, count(*) as n from wo_orders where county_code = ${countyCode} group by 1 order by 2 desc, 1`);
  const bigTown = towns[0].code;
  const smallTown = towns[towns.length - 1].code;
  const [village] = await rows<{ code: string }>(db, sql`select village_code as code from wo_orders where county_code = ${countyCode} and town_code = ${bigTown} and village_code is not null group by 1 order by count(*) desc, 1 limit 1`);
  const info = (code: string) => rt.info.get(code)!;
  const county = { level: 'county' as const, code: countyCode, name: info(countyCode)?.name ?? countyCode, path: `c${countyCode}` };
  const town = { level: 'town' as const, code: bigTown, name: info(bigTown).name, path: info(bigTown).path };
  const town2 = { level: 'town' as const, code: smallTown, name: info(smallTown).name, path: info(smallTown).path };
  const vil = { level: 'village' as const, code: village.code, name: info(village.code).name, path: info(village.code).path };
  const villageShort = vil.name.replace(/(村民委员会|村委会)$/, '村').replace(/(社区)?(居民委员会|居委会)$/, '社区');
  const today = day(now);
  const weekAgo = day(new Date(now.getTime() - 6 * 86_400_000));
  const monthAgo = day(new Date(now.getTime() - 30 * 86_400_000));
  const quarterAgo = day(new Date(now.getTime() - 90 * 86_400_000));
  const list: Omit<ListScenario, 'id'>[] = [
    { label: 'county: open orders (dispatched, signed, in progress, reopened)', scope: county, filter: { status: ['dispatched', 'signed_for', 'in_progress', 'reopened'] } },
    { label: 'county: awaiting callback (resolved)', scope: county, filter: { status: ['resolved'] } },
    { label: 'county: overdue', scope: county, filter: { overdue: true } },
    { label: 'county: category 路灯不亮, last 30 days', scope: county, filter: { category: 'DLSS-LD', from: monthAgo, to: today } },
    { label: 'county: category group 环境卫生, closed, last 90 days', scope: county, filter: { category: 'HJWS', status: ['closed'], from: quarterAgo, to: today } },
    { label: 'county: keyword 垃圾, last 7 days', scope: county, filter: { q: '垃圾', from: weekAgo, to: today } },
    { label: `county: keyword ${villageShort}`, scope: county, filter: { q: villageShort } },
    { label: 'county: keyword 井盖 (all year)', scope: county, filter: { q: '井盖' } },
    { label: `town ${town.name}: everything, newest first`, scope: town, filter: {} },
    { label: `town ${town.name}: open, category 垃圾堆放与清运`, scope: town, filter: { category: 'HJWS-LJ', status: ['dispatched', 'signed_for', 'in_progress'] } },
    { label: `town ${town.name}: keyword 路灯, last 30 days`, scope: town, filter: { q: '路灯', from: monthAgo, to: today } },
    { label: `town ${town2.name}: resolved + closed, last 7 days`, scope: town2, filter: { status: ['resolved', 'closed'], from: weekAgo, to: today } },
    { label: `village ${vil.name}: everything`, scope: vil, filter: {} },
    { label: `village ${vil.name}: keyword 漏水, all year`, scope: vil, filter: { q: '漏水' } },
    { label: `county → region filter ${vil.name}, last 90 days`, scope: county, filter: { region: vil.code, from: quarterAgo, to: today } },
  ];
  return list.map((s, id) => ({ id, ...s }));
}

export interface ListAnswer {
  ms: number;
  total: number;
  /** The design's count stops at LIST_COUNT_CAP. */
  capped?: boolean;
  ids: number[];
}

export async function designList(db: Db, countyCode: string, s: ListScenario): Promise<ListAnswer> {
  const actor = actorFor(countyCode, s.scope.path, s.scope.level === 'county' ? 'all' : 'own_and_below');
  const started = performance.now();
  const res = await listOrders(db, actor, { ...s.filter, page: 1, pageSize: PAGE_SIZE });
  return { ms: performance.now() - started, total: res.total, capped: res.totalCapped, ids: res.items.map((o) => o.id) };
}

/** The same question without the design: superuser, no RLS, LIKE for the keyword, sequential scans. */
export async function baselineList(db: Db, countyCode: string, s: ListScenario): Promise<ListAnswer> {
  const rt = await countyRouting(db, countyCode);
  const f = s.filter;
  const c: SQL[] = [sql`county_code = ${countyCode}`, sql`(path <@ ${s.scope.path}::ltree or handler_path <@ ${s.scope.path}::ltree)`];
  if (f.status?.length) c.push(sql`status in (${sql.join(f.status.map((x) => sql`${x}`), sql`, `)})`);
  if (f.category) c.push(sql`(category_code = ${f.category} or category_code in (select code from wo_categories where county_code = ${countyCode} and parent_code = ${f.category}))`);
  if (f.region) c.push(sql`path <@ ${rt.info.get(f.region)!.path}::ltree`);
  if (f.from) c.push(sql`created_at >= ${new Date(`${f.from}T00:00:00+08:00`)}`);
  if (f.to) c.push(sql`created_at < ${new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000)}`);
  if (f.q) {
    const like = '%' + likeEscape(f.q) + '%';
    c.push(sql`(title like ${like} or description like ${like} or address like ${like})`);
  }
  if (f.overdue) c.push(sql`(status in ('dispatched','signed_for','in_progress','reopened') and ((signed_at is null and sign_due_at < now()) or resolve_due_at < now()))`);
  const where = sql.join(c, sql` and `);
  const started = performance.now();
  const out = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_indexscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_indexonlyscan = off`);
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total from wo_orders where ${where}`);
    const page = await rows<{ id: unknown }>(tx, sql`select * from wo_orders where ${where} order by created_at desc, id desc limit ${PAGE_SIZE}`);
    return { total: num(total), ids: page.map((r) => num(r.id)) };
  });
  return { ms: performance.now() - started, ...out };
}

// ---------------------------------------------------------------------------------------------
// Ranking

export interface RankingAnswer {
  ms: number;
  byCode: Map<string, { orders: number; responseDue: number; responseOnTime: number; resolutionDue: number; resolvedOnTime: number; rated: number; satisfied: number }>;
  ranked: number;
}

export async function designRanking(db: Db, countyCode: string, month: string, level: 'town' | 'village'): Promise<RankingAnswer> {
  const actor = actorFor(countyCode, `c${countyCode}`, 'all');
  const started = performance.now();
  const r = await monthlyRates(db, actor, { month, level });
  const ms = performance.now() - started;
  return {
    ms,
    ranked: r.rows.filter((x) => x.rank !== null).length,
    byCode: new Map(r.rows.map((x) => [x.code, { orders: x.orders, responseDue: x.responseDue, responseOnTime: x.responseOnTime, resolutionDue: x.resolutionDue, resolvedOnTime: x.resolvedOnTime, rated: x.rated, satisfied: x.satisfied }])),
  };
}

/** A plain GROUP BY over wo_orders for the month, as the superuser (no RLS), indexes allowed. */
export async function baselineRanking(db: Db, countyCode: string, month: string, level: 'town' | 'village'): Promise<RankingAnswer> {
  const [start, end] = monthRange(month);
  const key = sql.raw(level === 'town' ? 'town_code' : 'village_code');
  const started = performance.now();
  const r = await rows<Record<string, unknown>>(
    db,
    sql`select ${key} as code, count(*) as orders,
      count(*) filter (where first_sign_due_at is not null and (first_signed_at is not null or first_sign_due_at < now())) as response_due,
      count(*) filter (where first_sign_due_at is not null and (first_signed_at is not null or first_sign_due_at < now()) and coalesce(sign_on_time, false)) as response_on_time,
      count(*) filter (where resolve_due_at is not null and (first_resolved_at is not null or (resolve_due_at < now() and status <> 'suspended'))) as resolution_due,
      count(*) filter (where resolve_due_at is not null and (first_resolved_at is not null or (resolve_due_at < now() and status <> 'suspended')) and coalesce(resolved_on_time, false)) as resolved_on_time,
      count(*) filter (where first_rating in ('satisfied','basically_satisfied','unsatisfied')) as rated,
      count(*) filter (where first_rating = 'satisfied') as satisfied
    from wo_orders where county_code = ${countyCode} and created_at >= ${start} and created_at < ${end} and status not in ('merged','cancelled') and ${key} is not null
    group by 1`,
  );
  const ms = performance.now() - started;
  return {
    ms,
    ranked: 0,
    byCode: new Map(
      r.map((x) => [
        String(x.code),
        { orders: num(x.orders), responseDue: num(x.response_due), responseOnTime: num(x.response_on_time), resolutionDue: num(x.resolution_due), resolvedOnTime: num(x.resolved_on_time), rated: num(x.rated), satisfied: num(x.satisfied) },
      ]),
    ),
  };
}

/** Codes whose figures differ between design and baseline. */
export function rankingMismatches(a: RankingAnswer, b: RankingAnswer): string[] {
  const codes = new Set([...a.byCode.keys(), ...b.byCode.keys()]);
  const out: string[] = [];
  for (const c of codes) if (JSON.stringify(a.byCode.get(c)) !== JSON.stringify(b.byCode.get(c))) out.push(c);
  return out;
}
