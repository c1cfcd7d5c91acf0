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
import { woCategories, woMonthStats, woOrders } from './schema';
import { getSettings, listOrders } from './service';
import { STATUS_LABELS, monthRange, rank, ratesOf, type RateCounts } from './rules';
import { toXlsx } from '../../platform/excel';

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
  if (q.town) {
    const t = await regionOf(db, actor.countyCode, q.town);
    if (!t || t.level !== 'town') throw notFound(`镇（街道）${q.town} `, 'Town');
  }
  // Settled figures come from wo_month_stats (kept by a trigger); what still depends on the clock
  // (a sign-for or first resolution outstanding past its deadline: few orders, partial indexes) is
  // counted live. Both by place: the rows of the towns and villages in the actor's scope.
  const counts = await withScope(db, actor, async (tx) => {
    const village = q.level === 'village';
    const key = sql.raw(village ? 'village_code' : 'town_code');
    const town = q.town ? sql` and town_code = ${q.town}` : sql``;
    const settled = await rows<Record<string, unknown>>(
      tx,
      sql`select ${key} as code, sum(orders) as orders, sum(signed_due) as response_due, sum(signed_on_time) as response_on_time,
          sum(resolved_due) as resolution_due, sum(resolved_on_time) as resolved_on_time, sum(rated) as rated, sum(satisfied) as satisfied,
          sum(basically_satisfied) as basically_satisfied, sum(unsatisfied) as unsatisfied
        from ${woMonthStats} where county_code = ${actor.countyCode} and month = ${month}${village ? sql` and village_code <> ''` : sql``}${town}
        group by 1 having sum(orders) > 0`,
    );
    const signPending = sql`(${woOrders.firstSignDueAt} is not null and ${woOrders.firstSignedAt} is null and ${woOrders.firstSignDueAt} < now())`;
    const resolvePending = sql`(${woOrders.resolveDueAt} is not null and ${woOrders.firstResolvedAt} is null and ${woOrders.resolveDueAt} < now() and ${woOrders.status} <> 'suspended')`;
    const pending = await rows<Record<string, unknown>>(
      tx,
      sql`select ${key} as code,
          count(*) filter (where ${signPending}) as response_due,
          count(*) filter (where ${signPending} and ${cond.responseOnTime}) as response_on_time,
          count(*) filter (where ${resolvePending}) as resolution_due,
          count(*) filter (where ${resolvePending} and ${cond.resolvedOnTime}) as resolved_on_time
        from ${woOrders}
        where county_code = ${actor.countyCode} and created_at >= ${start} and created_at < ${end} and ${counted} and ${key} is not null${town}
          and ((first_sign_due_at is not null and first_signed_at is null) or (resolve_due_at is not null and first_resolved_at is null))
          and (${signPending} or ${resolvePending}) and xz_visible(path)
        group by 1`,
    );
    const byCode = new Map(settled.map((r) => [String(r.code), r]));
    for (const p of pending) {
      const r = byCode.get(String(p.code));
      if (!r) continue; // every counted order is in the settled figures (orders ≥ 1)
      for (const k of ['response_due', 'response_on_time', 'resolution_due', 'resolved_on_time']) r[k] = num(r[k]) + num(p[k]);
    }
    return settled;
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

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** At most this many orders on the export's second sheet ("the orders behind the figures"). */
export const EXPORT_ORDER_LIMIT = 20_000;

const yes = (v: boolean | null) => (v === null ? '' : v ? '是' : '否');
const RATING_TEXT: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unreachable: '无法回访' };

/**
 * The monthly ranking as an Excel workbook: sheet 1 the ranking (three rates, composite, rank,
 * honor/warning list), sheet 2 the orders behind the figures (each with its on-time and rating
 * outcome as counted), sheet 3 the weights and rules used. Scope applies to both sheets.
 */
export async function exportRatesXlsx(db: Db, actor: Actor, q: { month?: string; level: RateLevel; town?: string }): Promise<{ fileName: string; body: Buffer; orders: number; truncated: boolean }> {
  const r = await monthlyRates(db, actor, q);
  const [start, end] = monthRange(r.month);
  const village = q.level === 'village';
  const names = await regionNames(db, actor.countyCode);
  const rankHead = ['排名', '镇（街道）', ...(village ? ['村（社区）'] : []), '工单数', '应签收', '按时签收', '响应率%', '应办结', '按时办结', '解决率%', '回访数', '满意', '基本满意', '不满意', '满意率%', '综合得分', '榜单'];
  const rankRows = r.rows.map((x) => [
    x.rank ?? '未排名',
    x.townName,
    ...(village ? [x.name] : []),
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
  ]);

  const orders = await withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(woOrders.countyCode, actor.countyCode), sql`${woOrders.createdAt} >= ${start} and ${woOrders.createdAt} < ${end}`, counted, sql`${village ? woOrders.villageCode : woOrders.townCode} is not null`];
    if (q.town) conds.push(eq(woOrders.townCode, q.town));
    return tx
      .select({
        number: woOrders.number,
        townCode: woOrders.townCode,
        villageCode: woOrders.villageCode,
        category: woCategories.name,
        categoryCode: woOrders.categoryCode,
        title: woOrders.title,
        status: woOrders.status,
        createdAt: woOrders.createdAt,
        handlerName: woOrders.handlerName,
        responseDue: sql<boolean>`${cond.responseDue}`,
        signOnTime: woOrders.signOnTime,
        resolutionDue: sql<boolean>`${cond.resolutionDue}`,
        resolvedOnTime: woOrders.resolvedOnTime,
        firstRating: woOrders.firstRating,
      })
      .from(woOrders)
      .leftJoin(woCategories, and(eq(woCategories.countyCode, woOrders.countyCode), eq(woCategories.code, woOrders.categoryCode)))
      .where(and(...conds))
      .orderBy(woOrders.townCode, woOrders.villageCode, woOrders.createdAt)
      .limit(EXPORT_ORDER_LIMIT + 1);
  });
  const truncated = orders.length > EXPORT_ORDER_LIMIT;
  const shown = orders.slice(0, EXPORT_ORDER_LIMIT);
  const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  const orderRows = shown.map((o) => [
    o.number,
    names.get(o.townCode)?.name ?? o.townCode,
    o.villageCode ? names.get(o.villageCode)?.name ?? o.villageCode : '',
    o.category ?? o.categoryCode,
    o.title,
    local(o.createdAt),
    STATUS_LABELS[o.status],
    o.handlerName ?? '',
    o.responseDue ? '计入' : '',
    o.responseDue ? yes(o.signOnTime ?? false) : '',
    o.resolutionDue ? '计入' : '',
    o.resolutionDue ? yes(o.resolvedOnTime ?? false) : '',
    o.firstRating ? RATING_TEXT[o.firstRating] ?? o.firstRating : '',
  ]);
  const levelLabel = village ? '村（社区）' : '镇（街道）';
  const body = await toXlsx([
    {
      name: `${r.month} ${village ? '村社区' : '镇街'}排名`,
      columns: rankHead.map((h) => ({ header: h, width: h.length > 4 ? 12 : 10 })).map((c, i) => (i === 1 || (village && i === 2) ? { ...c, width: 18 } : c)),
      rows: rankRows,
    },
    {
      name: '工单明细',
      columns: [
        { header: '工单编号', width: 20 },
        { header: '镇（街道）', width: 14 },
        { header: '村（社区）', width: 16 },
        { header: '类别', width: 14 },
        { header: '标题', width: 32 },
        { header: '受理时间', width: 17 },
        { header: '状态', width: 10 },
        { header: '承办单位', width: 22 },
        { header: '响应率', width: 8 },
        { header: '按时签收', width: 10 },
        { header: '解决率', width: 8 },
        { header: '按时办结', width: 10 },
        { header: '首次回访评价', width: 14 },
      ],
      rows: truncated ? [...orderRows, [`（仅列出前 ${EXPORT_ORDER_LIMIT} 件，请按镇筛选后分别导出）`]] : orderRows,
    },
    {
      name: '说明',
      columns: [{ header: '项目', width: 16 }, { header: '内容', width: 80 }],
      rows: [
        ['月份', r.month],
        ['排名对象', levelLabel],
        ['权重', `响应率 ${r.weights.response}%，解决率 ${r.weights.resolution}%，满意率 ${r.weights.satisfaction}%`],
        ['基本满意折算', String(r.basicallySatisfiedWeight)],
        ['参与排名', `当月工单不少于 ${r.minOrdersForRanking} 件`],
        ['响应率', '按时签收的工单 / 应签收的工单（首次派单）'],
        ['解决率', '首次办结按时的工单 / 应办结的工单（挂起中的不计）'],
        ['满意率', '（满意 + 基本满意×折算）/ 已回访的工单（无法回访不计）'],
        ['口径', '按受理月份统计；已合并、已作废的工单不计'],
      ],
    },
  ]);
  return { fileName: `三率排名-${village ? '村社区' : '镇街'}-${r.month}.xlsx`, body, orders: shown.length, truncated };
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
