/**
 * Figures for the command centre: the three rates per town or village per month with the
 * composite, ranking, honor and warning lists, the orders behind each figure, a spreadsheet
 * export, and the cockpit (一屏全览). Scope applies: a town sees its villages.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { localDay, startOfDay, nextDay } from '../../platform/calendar';
import { badRequest, notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { regionNames, regionOf } from './routing';
import { woCategories, woOrders } from './schema';
import { getSettings, listOrders } from './service';
import { monthRange, rank, ratesOf, type RateCounts } from './rules';

export type RateLevel = 'town' | 'village';
export type RateMetric = 'response' | 'resolution' | 'satisfaction' | 'all';

/** Orders that count in the rates: not merged into another, not voided. */
const counted = sql`${woOrders.status} not in ('merged','cancelled')`;

/** Per-order conditions of each figure (the drill-down uses the same ones). */
const cond = {
  responseDue: sql`(${woOrders.firstSignDueAt} is not null and (${woOrders.firstSignedAt} is not null or ${woOrders.firstSignDueAt} < now()))`,
  responseOnTime: sql`coalesce(${woOrders.signOnTime}, false)`,
  resolutionDue: sql`(${woOrders.resolveDueAt} is not null and (${woOrders.firstResolvedAt} is not null or (${woOrders.resolveDueAt} < now() and ${woOrders.status} <> 'suspended')))`,
  resolvedOnTime: sql`coalesce(${woOrders.resolvedOnTime}, false)`,
  rated: sql`${woOrders.firstRating} in ('satisfied','basically_satisfied','unsatisfied')`,
  satisfiedish: sql`${woOrders.firstRating} in ('satisfied','basically_satisfied')`,
};

function monthOf(month: string | undefined): string {
  const m = month ?? localDay(new Date()).slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw badRequest('BAD_MONTH', '月份格式应为 YYYY-MM', 'Month must be YYYY-MM');
  return m;
}

export interface RateRow extends RateCounts {
  code: string;
  name: string;
  townCode: string;
  townName: string;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  rank: number | null;
  list: 'honor' | 'warning' | null;
}

export async function monthlyRates(db: Db, actor: Actor, q: { month?: string; level: RateLevel; town?: string }) {
  const month = monthOf(q.month);
  const [start, end] = monthRange(month);
  const settings = await getSettings(db, actor);
  const names = await regionNames(db, actor.countyCode);
  const counts = await withScope(db, actor, async (tx) => {
    const key = q.level === 'town' ? woOrders.townCode : woOrders.villageCode;
    const conds: SQL[] = [eq(woOrders.countyCode, actor.countyCode), sql`${woOrders.createdAt} >= ${start} and ${woOrders.createdAt} < ${end}`, counted, sql`${key} is not null`];
    if (q.town) {
      const t = await regionOf(db, actor.countyCode, q.town);
      if (!t || t.level !== 'town') throw notFound(`镇（街道）${q.town} `, 'Town');
      conds.push(eq(woOrders.townCode, q.town));
    }
    return rows<Record<string, unknown>>(
      tx,
      sql`select ${key} as code, count(*) as orders,
        count(*) filter (where ${cond.responseDue}) as response_due,
        count(*) filter (where ${cond.responseDue} and ${cond.responseOnTime}) as response_on_time,
        count(*) filter (where ${cond.resolutionDue}) as resolution_due,
        count(*) filter (where ${cond.resolutionDue} and ${cond.resolvedOnTime}) as resolved_on_time,
        count(*) filter (where ${cond.rated}) as rated,
        count(*) filter (where ${woOrders.firstRating} = 'satisfied') as satisfied,
        count(*) filter (where ${woOrders.firstRating} = 'basically_satisfied') as basically_satisfied,
        count(*) filter (where ${woOrders.firstRating} = 'unsatisfied') as unsatisfied
      from ${woOrders} where ${and(...conds)} group by ${key}`,
    );
  });
  const list = counts.map((r) => {
    const c: RateCounts = {
      orders: num(r.orders),
      responseDue: num(r.response_due),
      responseOnTime: num(r.response_on_time),
      resolutionDue: num(r.resolution_due),
      resolvedOnTime: num(r.resolved_on_time),
      rated: num(r.rated),
      satisfied: num(r.satisfied),
      basicallySatisfied: num(r.basically_satisfied),
      unsatisfied: num(r.unsatisfied),
    };
    const code = String(r.code);
    const townCode = code.slice(0, 9);
    return { code, name: names.get(code)?.name ?? code, townCode, townName: names.get(townCode)?.name ?? townCode, ...c, ...ratesOf(c, settings.weights, settings.basicallySatisfiedWeight) };
  });
  const ranked = rank(list, settings);
  const honor = new Set(ranked.honor.map((r) => r.code));
  const warning = new Set(ranked.warning.map((r) => r.code));
  const rowsOut: RateRow[] = ranked.rows.map((r) => ({ ...r, list: honor.has(r.code) ? 'honor' : warning.has(r.code) ? 'warning' : null }));
  return {
    month,
    level: q.level,
    weights: settings.weights,
    basicallySatisfiedWeight: settings.basicallySatisfiedWeight,
    minOrdersForRanking: settings.minOrdersForRanking,
    rows: rowsOut,
    honor: rowsOut.filter((r) => r.list === 'honor').sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)),
    warning: rowsOut.filter((r) => r.list === 'warning').sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0)),
  };
}

/** The orders behind a figure: e.g. the late sign-fors of a village in a month. */
export async function rateOrders(db: Db, actor: Actor, q: { month?: string; region: string; metric: RateMetric; outcome?: 'pass' | 'fail'; page: number; pageSize: number }) {
  const month = monthOf(q.month);
  const [start, end] = monthRange(month);
  const r = await regionOf(db, actor.countyCode, q.region);
  if (!r || (r.level !== 'town' && r.level !== 'village')) throw notFound(`镇村 ${q.region} `, 'Town or village');
  const pass = q.outcome !== 'fail';
  const conds: SQL[] = [sql`${woOrders.createdAt} >= ${start} and ${woOrders.createdAt} < ${end}`, counted, r.level === 'town' ? eq(woOrders.townCode, q.region) : eq(woOrders.villageCode, q.region)];
  if (q.metric === 'response') conds.push(cond.responseDue, pass ? cond.responseOnTime : sql`not ${cond.responseOnTime}`);
  if (q.metric === 'resolution') conds.push(cond.resolutionDue, pass ? cond.resolvedOnTime : sql`not ${cond.resolvedOnTime}`);
  if (q.metric === 'satisfaction') conds.push(cond.rated, pass ? cond.satisfiedish : sql`${woOrders.firstRating} = 'unsatisfied'`);
  const ids = await withScope(db, actor, async (tx) => (await tx.select({ id: woOrders.id }).from(woOrders).where(and(eq(woOrders.countyCode, actor.countyCode), ...conds)).orderBy(desc(woOrders.createdAt)).limit(5000)).map((x) => x.id));
  if (!ids.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  return listOrders(db, actor, { ids, page: q.page, pageSize: q.pageSize });
}

const pct = (v: number | null) => (v === null ? '' : (v * 100).toFixed(1));

/** Field text for CSV: quoted, and formula-looking cells neutralised (no =, +, -, @ at the start). */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The ranking as a CSV file Excel opens directly (UTF-8 with BOM). exceljs is not installed in
 * this deployment, so there is no .xlsx yet; the columns are those of the monthly report.
 */
export async function exportRatesCsv(db: Db, actor: Actor, q: { month?: string; level: RateLevel; town?: string }): Promise<{ fileName: string; body: string }> {
  const r = await monthlyRates(db, actor, q);
  const head = ['排名', '镇（街道）', ...(q.level === 'village' ? ['村（社区）'] : []), '工单数', '应签收', '按时签收', '响应率%', '应办结', '按时办结', '解决率%', '回访数', '满意', '基本满意', '不满意', '满意率%', '综合得分', '榜单'];
  const lines = [head.map(csvCell).join(',')];
  for (const x of r.rows) {
    lines.push(
      [
        x.rank ?? '未排名',
        x.townName,
        ...(q.level === 'village' ? [x.name] : []),
        x.orders,
        x.responseDue,
        x.responseOnTime,
        pct(x.responseRate),
        x.resolutionDue,
        x.resolvedOnTime,
        pct(x.resolutionRate),
        x.rated,
        x.satisfied,
        x.basicallySatisfied,
        x.unsatisfied,
        pct(x.satisfactionRate),
        pct(x.composite),
        x.list === 'honor' ? '红榜' : x.list === 'warning' ? '黑榜' : '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  lines.push('');
  lines.push(csvCell(`权重：响应率 ${r.weights.response}%，解决率 ${r.weights.resolution}%，满意率 ${r.weights.satisfaction}%；每月工单不少于 ${r.minOrdersForRanking} 件方参与排名`));
  return { fileName: `三率排名-${q.level === 'town' ? '镇街' : '村社区'}-${r.month}.csv`, body: '\uFEFF' + lines.join('\r\n') + '\r\n' };
}

// ---------------------------------------------------------------------------------------------
// Cockpit

export async function cockpit(db: Db, actor: Actor, q: { heatDays?: number } = {}) {
  const today = localDay(new Date());
  const dayStart = startOfDay(today);
  const dayEnd = startOfDay(nextDay(today));
  const heatFrom = new Date(dayStart.getTime() - (q.heatDays ?? 30) * 86_400_000);
  const trendFrom = startOfDay(nextDay(today, -13));
  const names = await regionNames(db, actor.countyCode);
  // Lists first: each opens its own transaction (never nest one inside another on PGlite).
  const recent = await listOrders(db, actor, { page: 1, pageSize: 12 });
  const escalated = await listOrders(db, actor, { overdue: true, page: 1, pageSize: 12 });
  return withScope(db, actor, async (tx) => {
    const county = eq(woOrders.countyCode, actor.countyCode);
    const one = async (where: SQL) => num((await tx.select({ n: sql<number>`count(*)` }).from(woOrders).where(and(county, where)))[0].n);
    const overdue = sql`(${woOrders.status} in ('dispatched','signed_for','in_progress','reopened') and ((${woOrders.signedAt} is null and ${woOrders.signDueAt} < now()) or ${woOrders.resolveDueAt} < now()))`;
    const open = sql`${woOrders.status} not in ('closed','merged','cancelled')`;
    const todayIn = sql`${woOrders.createdAt} >= ${dayStart} and ${woOrders.createdAt} < ${dayEnd}`;
    const totals = {
      receivedToday: await one(todayIn),
      resolvedToday: await one(sql`${woOrders.resolvedAt} >= ${dayStart} and ${woOrders.resolvedAt} < ${dayEnd}`),
      closedToday: await one(sql`${woOrders.closedAt} >= ${dayStart} and ${woOrders.closedAt} < ${dayEnd} and ${woOrders.status} = 'closed'`),
      open: await one(open),
      overdue: await one(overdue),
      supervised: await one(sql`${open} and ${woOrders.supervisionLevel} = 'supervise'`),
      investigated: await one(sql`${open} and ${woOrders.supervisionLevel} = 'investigate'`),
      emergencyOpen: await one(sql`${open} and ${woOrders.emergency}`),
    };
    const byCategory = await rows<{ code: string; name: string | null; received: unknown; closed: unknown }>(
      tx,
      sql`select coalesce(c.parent_code, o.category_code) as code, coalesce(p.name, c.name) as name, count(*) as received, count(*) filter (where o.status = 'closed') as closed
          from ${woOrders} o left join ${woCategories} c on c.county_code = o.county_code and c.code = o.category_code
          left join ${woCategories} p on p.county_code = c.county_code and p.code = c.parent_code
          where o.county_code = ${actor.countyCode} and o.created_at >= ${dayStart} and o.created_at < ${dayEnd}
          group by 1, 2 order by 3 desc limit 30`,
    );
    const byTown = await rows<{ code: string; received: unknown; closed: unknown; overdue: unknown; open: unknown }>(
      tx,
      sql`select town_code as code, count(*) filter (where ${todayIn}) as received, count(*) filter (where closed_at >= ${dayStart} and status = 'closed') as closed,
            count(*) filter (where ${overdue}) as overdue, count(*) filter (where ${open}) as open
          from ${woOrders} where county_code = ${actor.countyCode} and (${open} or created_at >= ${dayStart} or closed_at >= ${dayStart})
          group by town_code order by town_code`,
    );
    // Heat map: reports of the last days on a ~500 m grid.
    const heat = await rows<{ lon: unknown; lat: unknown; n: unknown }>(
      tx,
      sql`select round(lon::numeric / 0.005) * 0.005 as lon, round(lat::numeric / 0.005) * 0.005 as lat, count(*) as n
          from ${woOrders} where county_code = ${actor.countyCode} and created_at >= ${heatFrom} and lon is not null
          group by 1, 2 order by 3 desc limit 4000`,
    );
    const trend = await rows<{ day: string; received: unknown; closed: unknown }>(
      tx,
      sql`select d.day, (select count(*) from ${woOrders} o where o.county_code = ${actor.countyCode} and o.created_at >= d.day::date::timestamp at time zone 'Asia/Shanghai' and o.created_at < (d.day::date + 1)::timestamp at time zone 'Asia/Shanghai') as received,
                 (select count(*) from ${woOrders} o where o.county_code = ${actor.countyCode} and o.status = 'closed' and o.closed_at >= d.day::date::timestamp at time zone 'Asia/Shanghai' and o.closed_at < (d.day::date + 1)::timestamp at time zone 'Asia/Shanghai') as closed
          from (select to_char(g, 'YYYY-MM-DD') as day from generate_series(${localDay(trendFrom)}::date, ${today}::date, interval '1 day') g) d order by d.day`,
    );
    return {
      today,
      totals,
      byCategory: byCategory.map((c) => ({ code: c.code, name: c.name ?? c.code, received: num(c.received), closed: num(c.closed) })),
      byTown: byTown.map((t) => ({ code: t.code, name: names.get(t.code)?.name ?? t.code, received: num(t.received), closed: num(t.closed), overdue: num(t.overdue), open: num(t.open) })),
      heat: heat.map((h) => [Number(num(h.lon).toFixed(3)), Number(num(h.lat).toFixed(3)), num(h.n)] as [number, number, number]),
      trend: trend.map((t) => ({ day: t.day, received: num(t.received), closed: num(t.closed) })),
      recent: recent.items,
      overdueOrders: escalated.items,
    };
  });
}
