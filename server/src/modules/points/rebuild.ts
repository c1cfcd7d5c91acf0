/**
 * Rebuild: recomputes every materialized figure of a county from the postings and redemptions
 * themselves (balances per period and their leaderboard totals per town and village, accounts'
 * earned/spent/available, cap usage), reports each
 * difference, and with `fix` replaces the materialized rows by the recomputed ones. The same
 * SQL expression computes a posting's balance effect here and when it becomes effective.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { systemActor } from '../../platform/scope';
import { BALANCE_EFFECT_SQL, PERIODS_LATERAL_SQL } from './engine';
import { freezeRanks } from './service';

export interface Difference {
  table: 'pts_balances' | 'pts_accounts' | 'pts_usage' | 'pts_balance_counts';
  key: string;
  expected: Record<string, number> | null;
  actual: Record<string, number> | null;
}

export interface RebuildReport {
  countyCode: string;
  postings: number;
  balances: number;
  accounts: number;
  differences: number;
  samples: Difference[];
  fixed: boolean;
  ms: number;
}

const N = (v: unknown) => (v === null || v === undefined ? null : num(v));

/** The number of balances per town key and per village key of each scheme and period. */
const expectedCounts = (county: string) => sql`
  select scheme_id, period_key, 't'::char(1) as level, town_key as region_key, count(*) as n from pts_balances where county_code = ${county} group by 1, 2, 4
  union all
  select scheme_id, period_key, 'v'::char(1), village_key, count(*) from pts_balances where county_code = ${county} group by 1, 2, 4`;

async function compare(tx: Tx, county: string): Promise<{ diffs: Difference[]; count: number }> {
  const diffs: Difference[] = [];
  let count = 0;
  const expectedBalances = sql`select ${BALANCE_EFFECT_SQL} from pts_postings p ${PERIODS_LATERAL_SQL}
     where p.county_code = ${county} and p.state = 'effective' group by p.scheme_id, k.period_key, p.account_id`;
  const bal = await rows<Record<string, unknown>>(tx, sql`
    with e as (${expectedBalances}), b as (select * from pts_balances where county_code = ${county})
    select coalesce(e.scheme_id, b.scheme_id) as scheme_id, coalesce(e.period_key, b.period_key) as period_key, coalesce(e.account_id, b.account_id) as account_id,
      e.raw_points as e_raw, b.raw_points as b_raw, e.plus as e_plus, b.plus as b_plus, e.minus as e_minus, b.minus as b_minus,
      e.postings as e_n, b.postings as b_n, e.vetoes as e_v, b.vetoes as b_v, e.zeroings as e_z, b.zeroings as b_z, (e.account_id is null) as no_e, (b.account_id is null) as no_b
      from e full join b on e.scheme_id = b.scheme_id and e.period_key = b.period_key and e.account_id = b.account_id
     where e.account_id is null or b.account_id is null or e.raw_points <> b.raw_points or e.plus <> b.plus or e.minus <> b.minus
        or e.postings <> b.postings or e.vetoes <> b.vetoes or e.zeroings <> b.zeroings`);
  count += bal.length;
  for (const r of bal.slice(0, 20)) {
    diffs.push({
      table: 'pts_balances',
      key: `scheme ${r.scheme_id} · ${r.period_key} · account ${r.account_id}`,
      expected: r.no_e ? null : { rawPoints: num(r.e_raw), plus: num(r.e_plus), minus: num(r.e_minus), postings: num(r.e_n), vetoes: num(r.e_v), zeroings: num(r.e_z) },
      actual: r.no_b ? null : { rawPoints: num(r.b_raw), plus: num(r.b_plus), minus: num(r.b_minus), postings: num(r.b_n), vetoes: num(r.b_v), zeroings: num(r.b_z) },
    });
  }
  const acc = await rows<Record<string, unknown>>(tx, sql`
    with e as (select account_id, sum(points) as earned from pts_postings where county_code = ${county} and state = 'effective' group by account_id),
         s as (select account_id, sum(points) as spent from pts_redemptions where county_code = ${county} and status <> 'cancelled' group by account_id)
    select a.id, a.earned, a.spent, a.available, coalesce(e.earned, 0) as e_earned, coalesce(s.spent, 0) as e_spent
      from pts_accounts a left join e on e.account_id = a.id left join s on s.account_id = a.id
     where a.county_code = ${county}
       and (a.earned <> coalesce(e.earned, 0) or a.spent <> coalesce(s.spent, 0) or a.available <> coalesce(e.earned, 0) - coalesce(s.spent, 0))`);
  count += acc.length;
  for (const r of acc.slice(0, 20)) {
    diffs.push({
      table: 'pts_accounts',
      key: `account ${r.id}`,
      expected: { earned: num(r.e_earned), spent: num(r.e_spent), available: num(r.e_earned) - num(r.e_spent) },
      actual: { earned: num(r.earned), spent: num(r.spent), available: num(r.available) },
    });
  }
  const usage = await rows<Record<string, unknown>>(tx, sql`
    with e as (select account_id, item_id, cap_key as period_key, sum(case when reverses_id is null then abs(points) else -abs(points) end) as used
                 from pts_postings where county_code = ${county} and state <> 'rejected' and cap_key is not null group by 1, 2, 3),
         u as (select * from pts_usage where county_code = ${county})
    select coalesce(e.account_id, u.account_id) as account_id, coalesce(e.item_id, u.item_id) as item_id, coalesce(e.period_key, u.period_key) as period_key,
           coalesce(e.used, 0) as e_used, coalesce(u.used, 0) as u_used
      from e full join u on e.account_id = u.account_id and e.item_id = u.item_id and e.period_key = u.period_key
     where coalesce(e.used, 0) <> coalesce(u.used, 0)`);
  count += usage.length;
  for (const r of usage.slice(0, 20)) {
    diffs.push({ table: 'pts_usage', key: `account ${r.account_id} · item ${r.item_id} · ${r.period_key}`, expected: { used: num(r.e_used) }, actual: { used: N(r.u_used) ?? 0 } });
  }
  // Leaderboard totals: balances per town and village key and period (migration 0023).
  const counts = await rows<Record<string, unknown>>(tx, sql`
    with e as (${expectedCounts(county)}), c as (select * from pts_balance_counts where county_code = ${county})
    select coalesce(e.scheme_id, c.scheme_id) as scheme_id, coalesce(e.period_key, c.period_key) as period_key, coalesce(e.level, c.level) as level,
           coalesce(e.region_key, c.region_key) as region_key, coalesce(e.n, 0) as e_n, coalesce(c.n, 0) as c_n
      from e full join c on e.scheme_id = c.scheme_id and e.period_key = c.period_key and e.level = c.level and e.region_key = c.region_key
     where coalesce(e.n, 0) <> coalesce(c.n, 0)`);
  count += counts.length;
  for (const r of counts.slice(0, 20)) {
    diffs.push({ table: 'pts_balance_counts', key: `scheme ${r.scheme_id} · ${r.period_key} · ${r.level === 't' ? 'town' : 'village'} ${r.region_key}`, expected: { n: num(r.e_n) }, actual: { n: num(r.c_n) } });
  }
  return { diffs: diffs.slice(0, 30), count };
}

/**
 * Compares (and with `fix`, replaces) the county's materialized points figures with those
 * recomputed from postings and redemptions. Writers wait while it runs, so the comparison is exact.
 */
export async function rebuildBalances(db: Db, countyCode: string, opts: { fix: boolean }): Promise<RebuildReport> {
  const started = Date.now();
  return db.transaction(async (tx) => {
    // Postings and redemptions are read-locked (writers wait); the materialized tables are ours.
    await tx.execute(sql`lock table pts_postings, pts_redemptions in share mode`);
    await tx.execute(sql`lock table pts_balances, pts_balance_counts, pts_accounts, pts_usage in exclusive mode`);
    const [{ n: postings }] = await rows<{ n: unknown }>(tx, sql`select count(*) as n from pts_postings where county_code = ${countyCode}`);
    const [{ n: balances }] = await rows<{ n: unknown }>(tx, sql`select count(*) as n from pts_balances where county_code = ${countyCode}`);
    const [{ n: accounts }] = await rows<{ n: unknown }>(tx, sql`select count(*) as n from pts_accounts where county_code = ${countyCode}`);
    const { diffs, count } = await compare(tx, countyCode);
    let fixed = false;
    if (opts.fix && count > 0) {
      await tx.execute(sql`delete from pts_balances where county_code = ${countyCode}`);
      await tx.execute(sql`
        insert into pts_balances (county_code, scheme_id, period_key, account_id, path, group_key, raw_points, plus, minus, postings, vetoes, zeroings)
        select ${countyCode}, e.scheme_id, e.period_key, e.account_id, a.path, a.group_key, e.raw_points, e.plus, e.minus, e.postings, e.vetoes, e.zeroings
          from (select ${BALANCE_EFFECT_SQL} from pts_postings p ${PERIODS_LATERAL_SQL}
                 where p.county_code = ${countyCode} and p.state = 'effective' group by p.scheme_id, k.period_key, p.account_id) e
          join pts_accounts a on a.id = e.account_id
         -- An account's periods side by side: a posting updates four of them at once.
         order by e.account_id, e.period_key, e.scheme_id`);
      await tx.execute(sql`
        with t as (
          select a.id, coalesce(e.earned, 0) as earned, coalesce(s.spent, 0) as spent from pts_accounts a
            left join (select account_id, sum(points) as earned from pts_postings where county_code = ${countyCode} and state = 'effective' group by account_id) e on e.account_id = a.id
            left join (select account_id, sum(points) as spent from pts_redemptions where county_code = ${countyCode} and status <> 'cancelled' group by account_id) s on s.account_id = a.id
           where a.county_code = ${countyCode})
        update pts_accounts a set earned = t.earned, spent = t.spent, available = t.earned - t.spent from t where a.id = t.id`);
      await tx.execute(sql`delete from pts_balance_counts where county_code = ${countyCode}`);
      await tx.execute(sql`insert into pts_balance_counts (county_code, scheme_id, period_key, level, region_key, n)
        select ${countyCode}, e.scheme_id, e.period_key, e.level, e.region_key, e.n from (${expectedCounts(countyCode)}) e`);
      await tx.execute(sql`delete from pts_usage where county_code = ${countyCode}`);
      await tx.execute(sql`
        insert into pts_usage (county_code, account_id, item_id, period_key, path, used)
        select ${countyCode}, p.account_id, p.item_id, p.cap_key, a.path, sum(case when p.reverses_id is null then abs(p.points) else -abs(p.points) end)
          from pts_postings p join pts_accounts a on a.id = p.account_id
         where p.county_code = ${countyCode} and p.state <> 'rejected' and p.cap_key is not null group by p.account_id, p.item_id, p.cap_key, a.path`);
      const closed = await rows<{ scheme_id: number; key: string }>(tx, sql`select scheme_id, key from pts_periods where county_code = ${countyCode}`);
      for (const c of closed) await freezeRanks(tx, countyCode, c.scheme_id, c.key);
      await audit(tx, systemActor(countyCode, '积分重算'), { action: 'points.rebuild', entity: 'points', entityId: countyCode, after: { differences: count, samples: diffs.slice(0, 5) } });
      fixed = true;
    }
    return { countyCode, postings: num(postings), balances: num(balances), accounts: num(accounts), differences: count, samples: diffs, fixed, ms: Date.now() - started };
  });
}
