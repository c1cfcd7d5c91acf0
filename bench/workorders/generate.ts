/**
 * A year of county work orders, generated in the database: insert … select from generate_series
 * in batches, over small helper tables (categories with their weights and limits, every grid with
 * a few points inside its outline, the texts of the demo templates with their search tokens).
 *
 * Each order gets a realistic life from its category's limits and its village's steady "quality"
 * (as in the demo seed): dispatch, sign-for on time or late, start, resolution on time or late,
 * a callback rating (unsatisfied → reopened and resolved again), and the state it has reached at
 * `now`; some are cancelled or merged, a few suspended, the overdue ones escalated. Only wo_orders
 * is generated (no timeline, requesters or audit rows: no measured query reads them at volume).
 *
 * Bulk loading the usual way: the secondary indexes of wo_orders and the monthly-stats trigger
 * are set aside during the load, then the indexes are rebuilt and the monthly figures recomputed
 * in one pass; each phase is timed.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/src/platform/db';
import { num, rows } from '../../server/src/platform/db';
import { systemActor } from '../../server/src/platform/scope';
import { geometryBBox, pointInGeometry, type AreaGeometry } from '../../server/src/platform/geo/pointInPolygon';
import { Rng } from '../../server/src/demo/prng';
import { regionGeometries } from '../../server/src/modules/regions/service';
import { countyRouting } from '../../server/src/modules/workorders/routing';
import { installStandardCatalog } from '../../server/src/modules/workorders/service';
import { STANDARD_CATEGORIES } from '../../server/src/modules/workorders/catalog';
import { TEMPLATES, PLACES } from '../../server/src/modules/workorders/demo';
import { woCategories, woUnits } from '../../server/src/modules/workorders/schema';

export const POINTS_PER_GROUP = 8;
/** Landmarks each village's texts use (of the demo's 12), to keep the text table small. */
const LANDMARKS_PER_VILLAGE = 4;
const HOURS = [7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 21];
const HOUR_WEIGHTS = [4, 9, 12, 11, 8, 7, 10, 10, 9, 6, 4, 2];

export interface GenerateReport {
  orders: number;
  batches: number;
  helperSeconds: number;
  dropIndexSeconds: number;
  insertSeconds: number;
  indexSeconds: number;
  statsSeconds: number;
  analyzeSeconds: number;
  /** CHECKPOINT after the load (PostgreSQL), so the measured phases do not share the machine with its write-back. */
  checkpointSeconds: number;
  totalSeconds: number;
  ordersPerSecond: number;
  insertRowsPerSecond: number;
  indexes: { name: string; seconds: number }[];
  byStatus: Record<string, number>;
  firstDay: string;
  lastDay: string;
}

export interface GroupPoint {
  group: string;
  lon: number;
  lat: number;
}

function randomPointIn(rng: Rng, g: AreaGeometry): [number, number] | null {
  const [minLon, minLat, maxLon, maxLat] = geometryBBox(g);
  for (let i = 0; i < 200; i++) {
    const lon = rng.float(minLon, maxLon);
    const lat = rng.float(minLat, maxLat);
    if (pointInGeometry(lon, lat, g)) return [Number(lon.toFixed(6)), Number(lat.toFixed(6))];
  }
  return null;
}

const shortName = (name: string) => name.replace(/(村民委员会|村委会)$/, '村').replace(/(社区)?(居民委员会|居委会)$/, '社区');
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Points inside every grid outline (deterministic), also used for the HTTP intake and routing. */
export async function groupPoints(database: Database, countyCode: string, perGroup = POINTS_PER_GROUP, seed = 20261201): Promise<GroupPoint[]> {
  const groups = (await regionGeometries(database.db, 'group')).filter((g) => g.code.startsWith(countyCode) && g.geometry) as { code: string; geometry: AreaGeometry }[];
  const rng = new Rng(seed);
  const out: GroupPoint[] = [];
  for (const g of groups.sort((a, b) => a.code.localeCompare(b.code))) {
    for (let k = 0; k < perGroup; k++) {
      const p = randomPointIn(rng, g.geometry);
      if (p) out.push({ group: g.code, lon: p[0], lat: p[1] });
    }
  }
  return out;
}

async function insertValues(database: Database, table: string, columns: string[], values: string[][]) {
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    await database.exec(`insert into ${table} (${columns.join(', ')}) values ${chunk.map((v) => `(${v.join(', ')})`).join(', ')}`);
  }
}

/** Secondary indexes of wo_orders (everything but the primary key), as CREATE INDEX statements. */
async function secondaryIndexes(database: Database): Promise<{ name: string; def: string }[]> {
  const r = await rows<{ name: string; def: string }>(
    database.db,
    sql`select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'wo_orders'::regclass and not x.indisprimary order by i.relname`,
  );
  return r;
}

export async function generateOrders(
  database: Database,
  countyCode: string,
  opts: { orders: number; batchSize: number; now: Date; seed?: number; log: (m: string) => void },
): Promise<GenerateReport> {
  const { db } = database;
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  const { log } = opts;

  // ---- helpers: the catalogue, grids with points, texts
  await installStandardCatalog(db, systemActor(countyCode));
  const cats = await db.select().from(woCategories).where(eq(woCategories.countyCode, countyCode));
  const unitNames = new Map((await db.select().from(woUnits).where(eq(woUnits.countyCode, countyCode))).map((u) => [u.id, u.name]));
  const weights = new Map(STANDARD_CATEGORIES.map((c) => [c.code, c.weight ?? 0]));
  // Limits in hours; working days ≈ 1.4 calendar days, working hours ≈ 3 calendar hours (close enough for a load test).
  const hoursOf = (amount: number, unit: string) => (unit === 'hours' ? amount : unit === 'working_hours' ? amount * 3 : amount * 24 * 1.4);
  const leaves = cats.filter((c) => c.active && (weights.get(c.code) ?? 0) > 0).sort((a, b) => a.code.localeCompare(b.code));
  await database.exec(`drop table if exists bench_cat, bench_group, bench_pt, bench_tpl, bench_text;
    create table bench_cat (idx int primary key, code text, first_level text, emergency boolean, auto boolean, sign_h float8, resolve_h float8, unit_id int, unit_name text, ntpl int, matter boolean);
    create table bench_group (idx int primary key, code text, path ltree, village text, town text, v_idx int, quality float8, village_path ltree, town_path ltree, handler_grid text, handler_village text, handler_town text);
    create table bench_pt (group_idx int, k int, lon float8, lat float8, primary key (group_idx, k));
    create table bench_tpl (cat_idx int, t_idx int, tpl text, primary key (cat_idx, t_idx));`);
  await insertValues(
    database,
    'bench_cat',
    ['idx', 'code', 'first_level', 'emergency', 'auto', 'sign_h', 'resolve_h', 'unit_id', 'unit_name', 'ntpl', 'matter'],
    leaves.map((c, i) => [
      String(i), lit(c.code), lit(c.firstLevel), String(c.emergency), String(c.autoDispatch), String(hoursOf(c.signLimitAmount, c.signLimitUnit)), String(hoursOf(c.resolveLimitAmount, c.resolveLimitUnit)),
      c.departmentUnitId ? String(c.departmentUnitId) : 'null', c.departmentUnitId ? lit(unitNames.get(c.departmentUnitId) ?? '职能部门') : 'null', String((TEMPLATES[c.code] ?? TEMPLATES.QT).length), String(c.code.startsWith('SJLT')),
    ]),
  );
  await insertValues(database, 'bench_tpl', ['cat_idx', 't_idx', 'tpl'], leaves.flatMap((c, i) => (TEMPLATES[c.code] ?? TEMPLATES.QT).map((t, k) => [String(i), String(k), lit(t)])));
  // Category picked by weight: an array of 1,000 category indexes.
  const totalWeight = leaves.reduce((s, c) => s + weights.get(c.code)!, 0);
  const catMap: number[] = [];
  leaves.forEach((c, i) => {
    const n = Math.round((weights.get(c.code)! / totalWeight) * 1000);
    for (let k = 0; k < n; k++) catMap.push(i);
  });
  const hourMap: number[] = [];
  HOURS.forEach((h, i) => {
    for (let k = 0; k < HOUR_WEIGHTS[i]; k++) hourMap.push(h);
  });

  const rt = await countyRouting(db, countyCode);
  const points = await groupPoints(database, countyCode);
  const groupCodes = [...new Set(points.map((p) => p.group))];
  const villages = [...new Set(groupCodes.map((g) => g.slice(0, 12)))].sort();
  const vIdx = new Map(villages.map((v, i) => [v, i]));
  const seed = opts.seed ?? 20261129;
  const quality = (village: string) => {
    const r = Rng.derive(seed, village);
    return r.chance(0.12) ? r.float(0.45, 0.7) : r.float(0.78, 0.99);
  };
  const name = (code: string) => rt.info.get(code)?.name ?? code;
  await insertValues(
    database,
    'bench_group',
    ['idx', 'code', 'path', 'village', 'town', 'v_idx', 'quality', 'village_path', 'town_path', 'handler_grid', 'handler_village', 'handler_town'],
    groupCodes.map((g, i) => {
      const v = g.slice(0, 12);
      const t = g.slice(0, 9);
      return [String(i), lit(g), lit(rt.info.get(g)!.path), lit(v), lit(t), String(vIdx.get(v)), String(quality(v)), lit(rt.info.get(v)?.path ?? rt.info.get(g)!.path), lit(rt.info.get(t)!.path), lit(`${name(v)} ${name(g)}`), lit(name(v)), lit(name(t))];
    }),
  );
  const gIdx = new Map(groupCodes.map((g, i) => [g, i]));
  const perGroup = new Map<string, number>();
  await insertValues(
    database,
    'bench_pt',
    ['group_idx', 'k', 'lon', 'lat'],
    points.map((p) => {
      const k = perGroup.get(p.group) ?? 0;
      perGroup.set(p.group, k + 1);
      return [String(gIdx.get(p.group)), String(k), String(p.lon), String(p.lat)];
    }),
  );
  // Groups with fewer points than POINTS_PER_GROUP: repeat their first point.
  await database.exec(`insert into bench_pt (group_idx, k, lon, lat)
    select p.group_idx, k.k, p.lon, p.lat from bench_pt p cross join generate_series(0, ${POINTS_PER_GROUP - 1}) k(k)
    where p.k = 0 on conflict do nothing`);
  // Texts: every template × village × landmark, with search tokens computed as rules.textTokens does
  // (each Han character and each pair within a run of Han characters).
  const places = PLACES.map((p, i) => `(${i}, ${lit(p)})`).join(', ');
  const villageNames = villages.map((v, i) => `(${i}, ${lit(shortName(name(v)))})`).join(', ');
  await database.exec(`create or replace function pg_temp.bench_tokens(t text) returns tsvector language sql immutable as $f$
      select coalesce(array_to_tsvector(array_agg(distinct substr(run, i, n))), ''::tsvector)
      from regexp_split_to_table(t, '[^一-龥]+') run, generate_series(1, char_length(run)) i, (values (1), (2)) w(n)
      where i + n - 1 <= char_length(run) $f$;
    create table bench_text as
      select tp.cat_idx, tp.t_idx, v.v_idx, l.l_idx, left(txt, 30) as title, txt as description, v.vname || pl.place as address,
             pg_temp.bench_tokens(left(txt, 30) || ' ' || txt || ' ' || v.vname || pl.place) as tokens,
             '来电反映：' || txt || '。请尽快处理。' as hotline_description,
             pg_temp.bench_tokens(left(txt, 30) || ' 来电反映：' || txt || '。请尽快处理。 ' || v.vname || pl.place) as hotline_tokens
      from bench_tpl tp cross join (values ${villageNames}) v(v_idx, vname) cross join generate_series(0, ${LANDMARKS_PER_VILLAGE - 1}) l(l_idx)
      join (values ${places}) pl(p_idx, place) on pl.p_idx = (v.v_idx * 5 + l.l_idx * 7) % ${PLACES.length}
      cross join lateral (select replace(tp.tpl, '{p}', v.vname || pl.place) as txt) x;
    alter table bench_text add primary key (cat_idx, t_idx, v_idx, l_idx);
    analyze bench_cat; analyze bench_group; analyze bench_pt; analyze bench_text;`);
  const helperSeconds = since();
  log(`helpers: ${leaves.length} categories, ${groupCodes.length} grids × ${POINTS_PER_GROUP} points, ${villages.length} villages; ${helperSeconds.toFixed(1)} s`);

  // ---- set indexes and the stats trigger aside
  const t1 = performance.now();
  const indexes = await secondaryIndexes(database);
  for (const ix of indexes) await database.exec(`drop index ${ix.name}`);
  const hasTrigger = (await rows(db, sql`select 1 from pg_trigger where tgname = 'wo_orders_month_stats' and tgrelid = 'wo_orders'::regclass`)).length > 0;
  if (hasTrigger) await database.exec('alter table wo_orders disable trigger wo_orders_month_stats');
  const dropIndexSeconds = (performance.now() - t1) / 1000;

  // ---- the orders, in batches
  const now = opts.now;
  const lastDay = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const firstDayDate = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 364 * 86_400_000);
  const firstDay = firstDayDate.toISOString().slice(0, 10);
  const nowIso = now.toISOString();
  const N = opts.orders;
  const t2 = performance.now();
  let batches = 0;
  for (let a = 0; a < N; a += opts.batchSize) {
    const b = Math.min(N, a + opts.batchSize);
    const batchSql = `select setseed(${((seed + a) % 2147483647) / 2147483647});
      insert into wo_orders (county_code, id, number, source, source_ref, category_code, emergency, title, description, search_tokens, address, lon, lat, path,
        town_code, village_code, group_code, status, version, handler_level, handler_region_code, handler_unit_id, handler_path, handler_name,
        supervision_level, supervised_at, confidential, reporter_name, watcher_user_ids, created_at, updated_at, dispatched_at, sign_due_at, signed_at,
        first_sign_due_at, first_signed_at, sign_on_time, resolve_due_at, resolved_at, first_resolved_at, resolved_on_time,
        rating, first_rating, rating_comment, closed_at, merged_into_id, reopen_count)
      select '${countyCode}', id, 'GD' || to_char(created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(id::text, 7, '0'), source,
        case source when 'matter' then '书记讲给书记听·第' || (1 + (id % 24)) || '期' when 'open311' then 'open311:citizen-app' end,
        code, emergency, title, case when source = 'hotline' then hotline_description else description end,
        case when source = 'hotline' then hotline_tokens else tokens end, address, lon, lat, path, town, village, gcode,
        st, 1 + steps, handler_level, case when handler_level is not null then handler_region end, case when handler_level = 'department' then unit_id end, handler_path, handler_name,
        case when st in ('dispatched','signed_for','in_progress','reopened') and overdue_days > 12 then 'investigate'
             when st in ('dispatched','signed_for','in_progress','reopened') and overdue_days > 5 then 'supervise' else 'assign' end,
        case when st in ('dispatched','signed_for','in_progress','reopened') and overdue_days > 5 then least(now_, created_at + interval '6 days') end,
        false, case source when 'grid' then '网格员' when 'hotline' then '12345 热线坐席' when 'matter' then '村党组织书记' when 'open311' then '市民 App' else '群众' end,
        '{}'::integer[], created_at, greatest(created_at, least(now_, coalesce(closed_at, resolved2_at, callback_at, resolved_at, started_at, signed_at, dispatched_at, created_at))),
        d_at, case when d_at is not null then sign_due end, s_at, case when d_at is not null then sign_due end, s_at, case when s_at is not null then sign_ontime end,
        case when d_at is not null then (case when reopened and now_ >= callback_at then callback_at + (resolve_h || ' hours')::interval else resolve_due end) end,
        case when reopened and now_ >= resolved2_at then resolved2_at when now_ >= resolved_at and not cancelled and not merged then resolved_at end,
        case when now_ >= resolved_at and not cancelled and not merged then resolved_at end,
        case when now_ >= resolved_at and not cancelled and not merged then resolve_ontime end,
        case when st = 'closed' then (case when reopened then second_rating else rating end) when st = 'reopened' then 'unsatisfied' end,
        case when st in ('closed','reopened') or (st = 'resolved' and reopened and now_ >= callback_at) then rating end,
        case when st = 'reopened' then '问题没有彻底解决' end,
        case when st = 'closed' then closed_at end,
        null, case when reopened and now_ >= callback_at and not cancelled then 1 else 0 end
      from (
        select s.*, c.code, c.emergency, c.first_level, c.unit_id, c.resolve_h,
          case when c.matter then 'matter' else (array['grid','grid','grid','grid','grid','grid','grid','grid','grid','hotline','hotline','hotline','hotline','hotline','hotline','hotline','hotline','resident','resident','resident','open311'])[1 + floor(s.r_src * 20)::int] end as source,
          tx.title, tx.description, tx.tokens, tx.hotline_description, tx.hotline_tokens, tx.address, p.lon, p.lat, g.path, g.town, g.village, g.code as gcode,
          case c.first_level when 'grid' then g.code when 'village' then g.village when 'town' then g.town end as handler_region,
          case c.first_level when 'grid' then g.path when 'village' then g.village_path when 'town' then g.town_path end as h_path,
          case c.first_level when 'grid' then g.handler_grid when 'village' then g.handler_village when 'town' then g.handler_town else c.unit_name end as h_name,
          c.first_level as handler_level0,
          created_at + case when c.auto then interval '0' else make_interval(mins => 5 + floor(s.r_disp * 85)::int) end as dispatched_at,
          s.r_cancel < 0.02 as cancelled, s.r_cancel >= 0.02 and s.r_cancel < 0.035 as merged, s.r_cancel >= 0.035 and s.r_cancel < 0.042 as suspended,
          g.quality, c.sign_h, s.r_sign < least(0.99, g.quality + 0.08) as sign_ontime, s.r_res < least(0.99, g.quality) as resolve_ontime,
          case when s.r_rate < 0.02 then 'unreachable' when s.r_rate < 0.02 + (0.02 + 0.18 * (1 - g.quality)) then 'unsatisfied'
               when s.r_rate < 0.14 + (0.02 + 0.18 * (1 - g.quality)) then 'basically_satisfied' else 'satisfied' end as rating,
          case when s.r_rate2 < 0.8 then 'satisfied' else 'basically_satisfied' end as second_rating
        from (
          select nextval(pg_get_serial_sequence('wo_orders', 'id')) as id, g,
            least(timestamptz '${nowIso}' - make_interval(secs => 60 + floor(random() * 14400)::int),
                  (date '${firstDay}' + floor(g::float8 * 365 / ${N})::int)::timestamp at time zone 'Asia/Shanghai'
                  + make_interval(hours => (array[${hourMap.join(',')}])[1 + floor(random() * ${hourMap.length})::int], secs => floor(random() * 3600)::int)) as created_at,
            timestamptz '${nowIso}' as now_,
            (array[${catMap.join(',')}])[1 + floor(random() * ${catMap.length})::int] as cat_idx,
            floor(random() * ${groupCodes.length})::int as group_idx, floor(random() * ${POINTS_PER_GROUP})::int as k,
            random() as r_tpl, floor(random() * ${LANDMARKS_PER_VILLAGE})::int as l_idx, random() as r_src, random() as r_disp, random() as r_cancel,
            random() as r_sign, random() as r_sign2, random() as r_start, random() as r_res, random() as r_res2, random() as r_rate, random() as r_rate2, random() as r_cb
          from generate_series(${a}, ${b - 1}) g
          offset 0 -- keeps each row's random draws and id together (no flattening into the joins)
        ) s
        join bench_cat c on c.idx = s.cat_idx
        join bench_group g on g.idx = s.group_idx
        join bench_pt p on p.group_idx = s.group_idx and p.k = s.k
        join bench_text tx on tx.cat_idx = s.cat_idx and tx.t_idx = least(c.ntpl - 1, floor(s.r_tpl * c.ntpl)::int) and tx.v_idx = g.v_idx and tx.l_idx = s.l_idx
        offset 0
      ) o
      cross join lateral (select
          dispatched_at + make_interval(secs => (3600 * sign_h * case when sign_ontime then 0.05 + 0.75 * r_sign2 else 1.05 + 1.45 * r_sign2 end)::int) as signed_at,
          dispatched_at + make_interval(secs => (3600 * sign_h)::int) as sign_due,
          dispatched_at + make_interval(secs => (3600 * resolve_h)::int) as resolve_due) t1
      cross join lateral (select signed_at + make_interval(secs => (3600 * (0.3 + 4.7 * r_start))::int) as started_at) t2
      cross join lateral (select case when resolve_ontime then started_at + greatest(interval '18 minutes', (resolve_due - started_at) * (0.1 + 0.8 * r_res2))
                                      else resolve_due + make_interval(secs => (86400 * (0.2 + 3.8 * r_res2))::int) end as resolved_at) t3
      cross join lateral (select resolved_at + make_interval(secs => (3600 * (2 + 28 * r_cb))::int) as callback_at, rating = 'unsatisfied' as reopened) t4
      cross join lateral (select callback_at + make_interval(secs => (86400 * (1 + 3 * r_cb))::int) as resolved2_at) t5
      cross join lateral (select case when reopened then resolved2_at + interval '20 hours' else callback_at end as closed_at0) t6
      cross join lateral (select
          case when cancelled then (case when now_ >= created_at + interval '30 minutes' then 'cancelled' else 'received' end)
               when merged then (case when now_ >= created_at + interval '20 minutes' then 'merged' else 'received' end)
               when now_ < dispatched_at then 'received'
               when now_ < signed_at then 'dispatched'
               when now_ < started_at then 'signed_for'
               when now_ < resolved_at then (case when suspended then 'suspended' else 'in_progress' end)
               when now_ < callback_at then 'resolved'
               when reopened and now_ < resolved2_at then 'reopened'
               when reopened and now_ < closed_at0 then 'resolved'
               else 'closed' end as st) t7
      cross join lateral (select
          case when st in ('received','cancelled','merged') then null else dispatched_at end as d_at,
          case when st in ('received','cancelled','merged','dispatched') then null else signed_at end as s_at,
          case when st = 'closed' then closed_at0 end as closed_at,
          case st when 'received' then 0 when 'cancelled' then 1 when 'merged' then 1 when 'dispatched' then 1 when 'signed_for' then 2 when 'in_progress' then 3
                  when 'suspended' then 4 when 'resolved' then (case when reopened then 7 else 4 end) when 'reopened' then 6 else (case when reopened then 8 else 5 end) end as steps,
          case when st in ('received','cancelled','merged') then null else handler_level0 end as handler_level,
          case when st in ('received','cancelled','merged') then null else h_path end as handler_path,
          case when st in ('received','cancelled','merged') then null else h_name end as handler_name,
          extract(epoch from now_ - (case when now_ < signed_at then sign_due else resolve_due end)) / 86400 as overdue_days) t8`;
    if (process.env.BENCH_WO_DUMP_SQL) (await import('node:fs')).writeFileSync(process.env.BENCH_WO_DUMP_SQL, batchSql);
    await database.exec(batchSql);
    batches++;
    const done = b;
    const secs = (performance.now() - t2) / 1000;
    log(`orders: ${done.toLocaleString('en')} / ${N.toLocaleString('en')} (${Math.round(done / secs).toLocaleString('en')}/s)`);
  }
  const insertSeconds = (performance.now() - t2) / 1000;

  // ---- indexes back, monthly figures recomputed, statistics
  const t3 = performance.now();
  await database.exec(`set maintenance_work_mem = '512MB'`).catch(() => undefined);
  const indexTimes: { name: string; seconds: number }[] = [];
  for (const ix of indexes) {
    const s = performance.now();
    await database.exec(ix.def);
    indexTimes.push({ name: ix.name, seconds: Math.round((performance.now() - s) / 100) / 10 });
    log(`index ${ix.name}: ${indexTimes[indexTimes.length - 1].seconds} s`);
  }
  const indexSeconds = (performance.now() - t3) / 1000;
  const t4 = performance.now();
  if (hasTrigger) {
    await database.exec(`select wo_month_stats_rebuild('${countyCode}')`);
    await database.exec('alter table wo_orders enable trigger wo_orders_month_stats');
  }
  const statsSeconds = (performance.now() - t4) / 1000;
  const t5 = performance.now();
  if (!process.env.BENCH_WO_DUMP_SQL) await database.exec('drop table if exists bench_text, bench_tpl');
  await database.exec('vacuum (analyze) wo_orders');
  const analyzeSeconds = (performance.now() - t5) / 1000;
  // The year of orders was written in minutes; without this, the server writes those gigabytes back
  // while the lists and the ranking are being timed (a checkpoint of 7 minutes was seen). A year
  // of real intake would have been written back long ago.
  const t6 = performance.now();
  if (database.kind === 'postgres') await database.exec('checkpoint');
  const checkpointSeconds = (performance.now() - t6) / 1000;
  const byStatus = Object.fromEntries(
    (await rows<{ status: string; n: unknown }>(db, sql`select status, count(*) as n from wo_orders where county_code = ${countyCode} group by status order by 2 desc`)).map((r) => [r.status, num(r.n)]),
  );
  const totalSeconds = since();
  return {
    orders: N,
    batches,
    helperSeconds: r1(helperSeconds),
    dropIndexSeconds: r1(dropIndexSeconds),
    insertSeconds: r1(insertSeconds),
    indexSeconds: r1(indexSeconds),
    statsSeconds: r1(statsSeconds),
    analyzeSeconds: r1(analyzeSeconds),
    checkpointSeconds: r1(checkpointSeconds),
    totalSeconds: r1(totalSeconds),
    ordersPerSecond: Math.round(N / totalSeconds),
    insertRowsPerSecond: Math.round(N / insertSeconds),
    indexes: indexTimes,
    byStatus,
    firstDay,
    lastDay,
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;
