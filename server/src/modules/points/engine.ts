/**
 * The engine core every points use case goes through: loading schemes and items, admitting and
 * inserting postings in batches (one posting or twenty thousand take the same few statements),
 * cap usage under row locks, and materializing balances in the same transaction as the postings
 * that become effective. Services call these with a transaction they opened (usually withScope).
 */
import { insertRows } from '../../platform/db/bulk';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { AppError, notFound, unprocessable } from '../../platform/http/errors';
import { can, type Actor } from '../../platform/scope';
import { ptsAccounts, ptsItems, ptsPeriods, ptsPostingLog, ptsPostings, ptsSchemes } from './schema';
import { admitPosting, chinaDate, periodKeysOf, type Evidence, type ItemCategory, type ItemRule, type Outcome, type PeriodKind, type PostingSource, type PostingState, type SchemeKind } from './rules';

export type SchemeRow = typeof ptsSchemes.$inferSelect & { kind: SchemeKind };
export type ItemRow = typeof ptsItems.$inferSelect;
export type AccountRow = typeof ptsAccounts.$inferSelect;
export type PostingRow = typeof ptsPostings.$inferSelect;

export function fromOutcome<T>(o: Outcome<T>): T {
  if (!o.ok) throw new AppError(o.status, o.code, o.message, o.messageEn);
  return o.value;
}

export function itemRule(i: ItemRow): ItemRule {
  return {
    code: i.code,
    name: i.name,
    category: i.category as ItemCategory,
    points: i.points,
    minPoints: i.minPoints,
    maxPoints: i.maxPoints,
    cap: i.cap,
    capPeriod: i.capPeriod as PeriodKind | null,
    evidenceRequired: i.evidenceRequired,
    proposePermission: i.proposePermission,
    approvePermission: i.approvePermission,
    veto: i.veto,
    zeroing: i.zeroing,
    sector: i.sector,
    active: i.active,
  };
}

/** Array literal for a bigint[]/int[] parameter that both drivers pass as one text value. */
export const idArray = (ids: readonly number[]) => `{${ids.map((i) => Math.trunc(i)).join(',')}}`;
export const textArray = (list: readonly string[]) => `{${list.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

export async function schemeById(tx: Tx, id: number): Promise<SchemeRow> {
  const [s] = await tx.select().from(ptsSchemes).where(eq(ptsSchemes.id, id));
  if (!s) throw notFound('积分方案', 'Points scheme');
  return s as SchemeRow;
}

export async function schemeByCode(tx: Tx, countyCode: string, code: string): Promise<SchemeRow> {
  const [s] = await tx.select().from(ptsSchemes).where(and(eq(ptsSchemes.countyCode, countyCode), eq(ptsSchemes.code, code)));
  if (!s) throw notFound(`积分方案「${code}」`, `Points scheme ${code}`);
  return s as SchemeRow;
}

export async function closedKeys(tx: Tx, countyCode: string, schemeIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>(schemeIds.map((id) => [id, new Set<string>()]));
  if (schemeIds.length === 0) return out;
  const list = await tx.select({ schemeId: ptsPeriods.schemeId, key: ptsPeriods.key }).from(ptsPeriods).where(and(eq(ptsPeriods.countyCode, countyCode), inArray(ptsPeriods.schemeId, schemeIds)));
  for (const r of list) out.get(r.schemeId)?.add(r.key);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Inserting postings

export interface PostingEntry {
  account: AccountRow;
  scheme: SchemeRow;
  item: ItemRow;
  points?: number | null;
  occurredOn: string;
  evidence: Evidence;
  note: string;
  source: PostingSource;
  /** 'proposed' enters the workflow; 'effective' (automatic, accrual, assessment) counts at once. */
  state: 'proposed' | 'effective';
  idempotencyKey?: string | null;
  /** Check the item's propose permission against the actor (manual postings). */
  checkPermission: boolean;
}

export interface EntryResult {
  index: number;
  id?: number;
  duplicateOf?: number;
  error?: { status: number; code: string; message: string; messageEn: string };
}

interface UsageKey {
  accountId: number;
  itemId: number;
  key: string;
  path: string;
}

const usageId = (accountId: number, itemId: number, key: string) => `${accountId}|${itemId}|${key}`;

/** Developer aid (XZ_PTS_PROFILE=1, see bench/points/profile-bulk.ts): prints the time since the previous mark. */
const PROF = process.env.XZ_PTS_PROFILE === '1';
let profT = 0;
export function prof(label: string): void {
  if (!PROF) return;
  const now = performance.now();
  if (label !== 'start') console.log(`  [pts] ${label}: ${(now - profT).toFixed(0)} ms`);
  profT = now;
}

/**
 * Admits and inserts postings. `strict` throws the first problem (a single posting from a user
 * or another module: nothing is written); otherwise every entry gets its own result and the
 * admissible ones are written (bulk). Cap usage rows are locked first, so concurrent postings
 * on one account and item never overrun the cap.
 */
export async function insertPostings(tx: Tx, actor: Actor, entries: PostingEntry[], opts: { strict: boolean; today?: string; closed?: Map<number, Set<string>> }): Promise<EntryResult[]> {
  const today = opts.today ?? chinaDate();
  const county = actor.countyCode;
  const results: EntryResult[] = entries.map((_, index) => ({ index }));
  if (entries.length === 0) return results;

  // Retries: keys already posted in their scheme.
  const keyed = entries.filter((e) => e.idempotencyKey);
  const existing = new Map<string, number>();
  if (keyed.length) {
    // One probe of the idempotency index per key (lateral + offset 0): under row-level security
    // the planner misjudges the scope filter and would otherwise scan the county's postings.
    const pairs = JSON.stringify([...new Map(keyed.map((e) => [`${e.scheme.id}|${e.idempotencyKey}`, { s: e.scheme.id, k: e.idempotencyKey }])).values()]);
    const found = await rows<{ scheme_id: number; idempotency_key: string; id: unknown }>(tx, sql`
      select p.scheme_id, p.idempotency_key, p.id from json_to_recordset(${pairs}::json) as x(s int, k text)
        cross join lateral (select scheme_id, idempotency_key, id from pts_postings
                             where county_code = ${county} and scheme_id = x.s and idempotency_key = x.k offset 0) p`);
    for (const f of found) existing.set(`${f.scheme_id}|${f.idempotency_key}`, num(f.id));
  }

  prof('idempotency probe');
  // A caller that read the closed periods with its own lookups (proposePosting) passes them in.
  const schemeIds = [...new Set(entries.map((e) => e.scheme.id))];
  const closed = opts.closed && schemeIds.every((id) => opts.closed!.has(id)) ? opts.closed : await closedKeys(tx, county, schemeIds);

  // Cap usage: create missing rows, then lock them all in a fixed order.
  const usageKeys = new Map<string, UsageKey>();
  for (const e of entries) {
    if (e.item.cap === null || !e.item.capPeriod) continue;
    const key = capKeyOf(e.occurredOn, e.item.capPeriod as PeriodKind);
    if (!key) continue;
    usageKeys.set(usageId(e.account.id, e.item.id, key), { accountId: e.account.id, itemId: e.item.id, key, path: e.account.path });
  }
  const used = new Map<string, number>();
  if (usageKeys.size) {
    const list = [...usageKeys.values()].sort((a, b) => a.accountId - b.accountId || a.itemId - b.itemId || a.key.localeCompare(b.key));
    const json = JSON.stringify(list.map((u) => ({ a: u.accountId, i: u.itemId, k: u.key, p: u.path })));
    // One statement creates the missing rows and locks every row (a no-op update takes the row
    // lock and returns the current figure), in a fixed order, probing the primary key per row.
    const locked = await rows<{ account_id: number; item_id: number; period_key: string; used: unknown }>(tx, sql`
      insert into pts_usage as u (county_code, account_id, item_id, period_key, path, used)
      select ${county}, x.a, x.i, x.k, x.p::ltree, 0 from json_to_recordset(${json}::json) as x(a int, i int, k text, p text) order by x.a, x.i, x.k
      on conflict (county_code, account_id, item_id, period_key) do update set used = u.used
      returning u.account_id, u.item_id, u.period_key, u.used`);
    for (const r of locked) used.set(usageId(r.account_id, r.item_id, r.period_key), num(r.used));
  }

  prof('usage lock');
  type Row = { e: PostingEntry; index: number; points: number; capKey: string | null };
  const admitted: Row[] = [];
  const seenKeys = new Map<string, number>();
  for (let index = 0; index < entries.length; index++) {
    const e = entries[index];
    const idem = e.idempotencyKey ? `${e.scheme.id}|${e.idempotencyKey}` : null;
    if (idem && existing.has(idem)) {
      results[index].duplicateOf = existing.get(idem);
      continue;
    }
    if (idem && seenKeys.has(idem)) {
      results[index].duplicateOf = -1; // repeated inside this batch: posted once
      continue;
    }
    if (e.item.schemeId !== e.scheme.id || e.account.schemeId !== e.scheme.id) {
      results[index].error = { status: 422, code: 'SCHEME_MISMATCH', message: '积分细则与账户不属于同一积分方案', messageEn: 'Item and account belong to different schemes' };
      if (opts.strict) throw unprocessable('SCHEME_MISMATCH', results[index].error!.message, results[index].error!.messageEn);
      continue;
    }
    const capKey = e.item.cap !== null && e.item.capPeriod ? capKeyOf(e.occurredOn, e.item.capPeriod as PeriodKind) : null;
    const out = admitPosting({
      schemeActive: e.scheme.active,
      schemeName: e.scheme.name,
      item: itemRule(e.item),
      accountActive: e.account.active,
      accountSector: e.account.sector,
      requestedPoints: e.points,
      evidence: e.evidence,
      occurredOn: e.occurredOn,
      today,
      closed: closed.get(e.scheme.id) ?? new Set(),
      usedInCap: capKey ? used.get(usageId(e.account.id, e.item.id, capKey)) ?? 0 : 0,
      can: e.checkPermission ? (p) => can(actor, p) : null,
    });
    if (!out.ok) {
      if (opts.strict) fromOutcome(out);
      results[index].error = { status: out.status, code: out.code, message: out.message, messageEn: out.messageEn };
      continue;
    }
    if (out.value.capKey) {
      const k = usageId(e.account.id, e.item.id, out.value.capKey);
      used.set(k, (used.get(k) ?? 0) + Math.abs(out.value.points));
    }
    if (idem) seenKeys.set(idem, index);
    admitted.push({ e, index, points: out.value.points, capKey: out.value.capKey });
  }
  if (admitted.length === 0) return results;

  prof('admit');
  const now = new Date().toISOString();
  const effectiveIds: number[] = [];
  // Ids are drawn first, so each entry knows its posting whatever order the rows are written in;
  // a single posting (a proposal, postAutomatic) draws its id in the insert itself (one round trip less).
  const single = admitted.length === 1;
  const drawn = single ? [] : await rows<{ id: unknown }>(tx, sql`select nextval(pg_get_serial_sequence('pts_postings', 'id')) as id from generate_series(1, ${admitted.length})`);
  const ids = single ? [0] : drawn.map((r) => num(r.id));
  const CHUNK = 5000;
  for (let i = 0; i < admitted.length; i += CHUNK) {
    const chunk = admitted.slice(i, i + CHUNK);
    const json = JSON.stringify(chunk.map((r, j) => ({
      id: single ? null : ids[i + j],
      path: r.e.account.path,
      scheme_id: r.e.scheme.id,
      scheme_version: r.e.scheme.version,
      item_id: r.e.item.id,
      item_code: r.e.item.code,
      item_name: r.e.item.name,
      category: r.e.item.category,
      account_id: r.e.account.id,
      points: r.points,
      occurred_on: r.e.occurredOn,
      cap_key: r.capKey,
      is_veto: r.e.item.veto,
      is_zeroing: r.e.item.zeroing,
      state: r.e.state,
      source: r.e.source,
      evidence: r.e.evidence ?? {},
      note: r.e.note ?? '',
      idempotency_key: r.e.idempotencyKey ?? null,
      effective_at: r.e.state === 'effective' ? now : null,
    })));
    const inserted = await rows<{ id: unknown }>(tx, sql`
      insert into pts_postings (county_code, id, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on,
        cap_key, is_veto, is_zeroing, state, source, evidence, note, idempotency_key, proposed_by_user, proposed_by_name, proposed_at, effective_at)
      select ${county}, coalesce(x.id, nextval(pg_get_serial_sequence('pts_postings', 'id'))), x.path::ltree, x.scheme_id, x.scheme_version, x.item_id, x.item_code, x.item_name, x.category, x.account_id, x.points, x.occurred_on,
        x.cap_key, x.is_veto, x.is_zeroing, x.state, x.source, x.evidence, x.note, x.idempotency_key, ${actor.userId}::int, ${actor.displayName}, ${now}::timestamptz, x.effective_at
        from json_to_recordset(${json}::json) as x(id bigint, path text, scheme_id int, scheme_version int, item_id int, item_code text, item_name text,
          category text, account_id int, points numeric, occurred_on date, cap_key text, is_veto boolean, is_zeroing boolean, state text, source text,
          evidence jsonb, note text, idempotency_key text, effective_at timestamptz)
       order by x.id
      on conflict do nothing
      returning id`);
    if (single && inserted.length) ids[0] = num(inserted[0].id);
    const done = new Set(inserted.map((r) => num(r.id)));
    chunk.forEach((c, j) => {
      const id = ids[i + j];
      if (!done.has(id)) {
        results[c.index].duplicateOf = -1; // lost a race with a concurrent retry of the same key
        return;
      }
      results[c.index].id = id;
      if (c.e.state === 'effective') effectiveIds.push(id);
    });
  }

  prof('insert postings');
  const insertedRows = admitted.filter((r) => results[r.index].id !== undefined);
  await addUsage(tx, county, insertedRows.filter((r) => r.capKey).map((r) => ({ accountId: r.e.account.id, itemId: r.e.item.id, key: r.capKey!, path: r.e.account.path, delta: Math.abs(r.points) })));
  prof('add usage');
  // The effect of what was just inserted is known here: no need to read the postings back.
  if (effectiveIds.length) {
    await applyNewEffective(tx, county, insertedRows.filter((r) => r.e.state === 'effective').map((r) => ({
      schemeId: r.e.scheme.id, accountId: r.e.account.id, path: r.e.account.path, groupKey: r.e.account.groupKey, occurredOn: r.e.occurredOn, points: r.points, veto: r.e.item.veto, zeroing: r.e.item.zeroing,
    })));
  }
  return results;
}

function capKeyOf(date: string, kind: PeriodKind): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return kind === 'month' ? date.slice(0, 7) : kind === 'quarter' ? `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}` : date.slice(0, 4);
}

/** Adds (or, with negative deltas, gives back) cap usage. */
export async function addUsage(tx: Tx, county: string, list: { accountId: number; itemId: number; key: string; path: string; delta: number }[]): Promise<void> {
  if (list.length === 0) return;
  const agg = new Map<string, { a: number; i: number; k: string; p: string; d: number }>();
  for (const u of list) {
    const id = usageId(u.accountId, u.itemId, u.key);
    const cur = agg.get(id);
    if (cur) cur.d += u.delta;
    else agg.set(id, { a: u.accountId, i: u.itemId, k: u.key, p: u.path, d: u.delta });
  }
  const json = JSON.stringify([...agg.values()].sort((x, y) => x.a - y.a || x.i - y.i || x.k.localeCompare(y.k)));
  await tx.execute(sql`insert into pts_usage as u (county_code, account_id, item_id, period_key, path, used)
    select ${county}, x.a, x.i, x.k, x.p::ltree, x.d from json_to_recordset(${json}::json) as x(a int, i int, k text, p text, d numeric)
    on conflict (county_code, account_id, item_id, period_key) do update set used = u.used + excluded.used`);
}

/**
 * The balance effect of postings (the same expression the rebuild uses): each posting counts in
 * its month, quarter, year and all time; `plus`/`minus` follow the direction of the original item
 * (a reversal of an award lowers `plus`); vetoes and zeroings count up, their reversals down.
 */
export const BALANCE_EFFECT_SQL = sql.raw(`
  p.scheme_id, k.period_key, p.account_id,
  sum(p.points) as raw_points,
  sum(case when (case when p.reverses_id is null then p.points else -p.points end) > 0 then p.points else 0 end) as plus,
  sum(case when (case when p.reverses_id is null then p.points else -p.points end) < 0 then p.points else 0 end) as minus,
  count(*)::int as postings,
  sum(case when p.is_veto then (case when p.reverses_id is null then 1 else -1 end) else 0 end)::int as vetoes,
  sum(case when p.is_zeroing then (case when p.reverses_id is null then 1 else -1 end) else 0 end)::int as zeroings`);

export const PERIODS_LATERAL_SQL = sql.raw(`cross join lateral unnest(array[to_char(p.occurred_on, 'YYYY-MM'), to_char(p.occurred_on, 'YYYY-"Q"Q'), to_char(p.occurred_on, 'YYYY'), 'all']) as k(period_key)`);

/**
 * Leaderboard totals (pts_balance_counts, migration 0023): a balance upsert written as
 * `with up as (insert … on conflict … do update … ${COUNT_NEW_BALANCES_RETURNING}) ${countNewBalances(county)}`
 * adds the rows it inserted (xmax = 0: not an update of an existing row) to their town's and
 * village's counts, in the same statement.
 */
const COUNT_NEW_BALANCES_RETURNING = sql.raw(`returning (b.xmax = 0) as ins, b.scheme_id, b.period_key, b.town_key, b.village_key`);
const countNewBalances = (county: string) => sql`
  select pts_count_new_balances(${county}, (select jsonb_agg(jsonb_build_object('s', z.scheme_id, 'k', z.period_key, 'l', z.l, 'r', z.r, 'n', z.n)) from (
    select scheme_id, period_key, 't' as l, town_key as r, count(*) as n from up where ins group by 1, 2, 3, 4
    union all
    select scheme_id, period_key, 'v', village_key, count(*) from up where ins group by 1, 2, 3, 4) z))`;

/**
 * Materializes postings that just became effective: their balances per period and their
 * accounts' earned and available points, in the caller's transaction. Accounts are locked first,
 * in id order, so concurrent writers queue instead of deadlocking.
 */
export async function applyEffective(tx: Tx, county: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const arr = idArray([...new Set(ids)].sort((a, b) => a - b));
  // Large batches sort tens of thousands of balance rows: keep the sorts in memory.
  if (ids.length > 2000) await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
  await tx.execute(sql`select a.id from pts_accounts a where a.id in (select distinct account_id from pts_postings where county_code = ${county} and id = any(${arr}::bigint[])) order by a.id for update`);
  await tx.execute(sql`
    with up as (
    insert into pts_balances as b (county_code, scheme_id, period_key, account_id, path, group_key, raw_points, plus, minus, postings, vetoes, zeroings, updated_at)
    -- One primary-key probe per row, not a join ("offset 0" keeps the planner from flattening
    -- it): row estimates for an id list under row-level security are poor, and a filtered join
    -- over every account costs far more than a probe.
    select ${county}, e.scheme_id, e.period_key, e.account_id, a.path, a.group_key,
           e.raw_points, e.plus, e.minus, e.postings, e.vetoes, e.zeroings, now()
      from (select ${BALANCE_EFFECT_SQL} from pts_postings p ${PERIODS_LATERAL_SQL}
             where p.county_code = ${county} and p.id = any(${arr}::bigint[]) and p.state = 'effective'
             group by p.scheme_id, k.period_key, p.account_id) e
      cross join lateral (select x.path, x.group_key from pts_accounts x where x.id = e.account_id offset 0) a
     order by e.account_id, e.period_key
    on conflict (county_code, scheme_id, period_key, account_id) do update set
      raw_points = b.raw_points + excluded.raw_points, plus = b.plus + excluded.plus, minus = b.minus + excluded.minus,
      postings = b.postings + excluded.postings, vetoes = b.vetoes + excluded.vetoes, zeroings = b.zeroings + excluded.zeroings, updated_at = now()
    ${COUNT_NEW_BALANCES_RETURNING})
    ${countNewBalances(county)}`);
  await tx.execute(sql`
    update pts_accounts a set earned = a.earned + s.total, available = a.available + s.total
      from (select account_id, sum(points) as total from pts_postings where county_code = ${county} and id = any(${arr}::bigint[]) and state = 'effective' group by account_id) s
     where a.id = s.account_id`);
}

/** A new, effective, non-reversing posting as far as balances are concerned. */
export interface NewEffect {
  schemeId: number;
  accountId: number;
  /** The account's path and ranking group (read in the same transaction). */
  path: string;
  groupKey: string | null;
  occurredOn: string;
  points: number;
  veto: boolean;
  zeroing: boolean;
}

/** Hundredths of a point as an exact decimal literal (points keep two decimals). */
const decimal = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/**
 * applyEffective for postings this transaction has just inserted (so nothing needs reading back):
 * the balance effect — the same as BALANCE_EFFECT_SQL for postings that reverse nothing — is summed
 * per scheme, period and account in exact hundredths, then written with one upsert, and the
 * accounts' earned and available points with one update. Accounts are locked first, in id order,
 * as applyEffective does, so concurrent batches queue instead of deadlocking.
 */
export async function applyNewEffective(tx: Tx, county: string, list: NewEffect[]): Promise<void> {
  if (list.length === 0) return;
  type Agg = { s: number; k: string; a: number; p: string; g: string | null; r: number; pl: number; mi: number; n: number; v: number; z: number };
  const balances = new Map<string, Agg>();
  const accounts = new Map<number, number>();
  for (const e of list) {
    const cents = Math.round(e.points * 100);
    accounts.set(e.accountId, (accounts.get(e.accountId) ?? 0) + cents);
    for (const k of periodKeysOf(e.occurredOn)) {
      const id = `${e.schemeId}|${k}|${e.accountId}`;
      let b = balances.get(id);
      if (!b) balances.set(id, (b = { s: e.schemeId, k, a: e.accountId, p: e.path, g: e.groupKey, r: 0, pl: 0, mi: 0, n: 0, v: 0, z: 0 }));
      b.r += cents;
      if (cents > 0) b.pl += cents;
      if (cents < 0) b.mi += cents;
      b.n += 1;
      if (e.veto) b.v += 1;
      if (e.zeroing) b.z += 1;
    }
  }
  const ids = [...accounts.keys()].sort((a, b) => a - b);
  if (balances.size > 8000) await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
  // Locked in id order, one primary-key probe each (a plain "id = any(…)" lets the planner pick a
  // scan of the whole scope through the path index, misjudging row-level security's filter).
  await tx.execute(sql`select t.id from unnest(${idArray(ids)}::int[]) with ordinality as u(i, n)
    cross join lateral (select id from pts_accounts where id = u.i for update) t order by u.n`);
  prof('lock accounts');
  const sorted = [...balances.values()].sort((x, y) => x.a - y.a || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0) || x.s - y.s);
  // One statement for the whole batch: the balance rows it inserts (first postings of an account in
  // a period) are counted per town and village in the same statement (pts_count_new_balances),
  // each count row locked once, in key order.
  const json = JSON.stringify(sorted.map((b) => ({ ...b, r: decimal(b.r), pl: decimal(b.pl), mi: decimal(b.mi) })));
  await tx.execute(sql`
    with up as (
    insert into pts_balances as b (county_code, scheme_id, period_key, account_id, path, group_key, raw_points, plus, minus, postings, vetoes, zeroings, updated_at)
    select ${county}, x.s, x.k, x.a, x.p::ltree, x.g, x.r, x.pl, x.mi, x.n, x.v, x.z, now()
      from json_to_recordset(${json}::json) as x(s int, k text, a int, p text, g text, r numeric, pl numeric, mi numeric, n int, v int, z int)
    on conflict (county_code, scheme_id, period_key, account_id) do update set
      raw_points = b.raw_points + excluded.raw_points, plus = b.plus + excluded.plus, minus = b.minus + excluded.minus,
      postings = b.postings + excluded.postings, vetoes = b.vetoes + excluded.vetoes, zeroings = b.zeroings + excluded.zeroings, updated_at = now()
    ${COUNT_NEW_BALANCES_RETURNING})
    ${countNewBalances(county)}`);
  prof(`upsert balances (${sorted.length})`);
  const deltas = JSON.stringify(ids.map((id) => ({ i: id, d: decimal(accounts.get(id)!) })));
  // Rows found by primary key, updated by their tuple id (the same planner trap as above).
  await tx.execute(sql`
    update pts_accounts a set earned = a.earned + s.d, available = a.available + s.d
      from (select x.d, t.ctid as c from json_to_recordset(${deltas}::json) as x(i int, d numeric)
              cross join lateral (select ctid from pts_accounts where id = x.i offset 0) t) s
     where a.ctid = s.c`);
  prof('update accounts');
}

/** Records a state change of postings in their append-only log. */
export async function logTransitions(tx: Tx, actor: Actor, list: { postingId: number; path: string; from: PostingState; to: PostingState; note?: string }[]): Promise<void> {
  if (list.length === 0) return;
  await insertRows(tx, ptsPostingLog, list.map((l) => ({ countyCode: actor.countyCode, postingId: l.postingId, path: l.path, actorUser: actor.userId, actorName: actor.displayName, fromState: l.from, toState: l.to, note: l.note ?? '' })));
}
