-- Leaderboard totals without counting. A board's total was count(*) over the region's balances:
-- a town's whole stretch of the region index (≈ 27,000 entries a period at county scale), and for a
-- village the same stretch again (its key is checked inside the town's entries). The number of
-- balances per town and per village and period is now kept in pts_balance_counts, written in the
-- same statement that inserts new balance rows (engine.ts: a balance row is only ever inserted by
-- the first posting of an account in a period, or by the rebuild, which recounts; paths never move).
-- Level 't' counts balances by town key, 'v' by village key (the generated columns of pts_balances).
-- Read only by the SECURITY DEFINER functions below: row-level security without a policy for
-- xz_app keeps it from the application role.
CREATE TABLE IF NOT EXISTS "pts_balance_counts" (
  "county_code" varchar(6) NOT NULL,
  "scheme_id" integer NOT NULL,
  "period_key" varchar(10) NOT NULL,
  "level" char(1) NOT NULL,
  "region_key" text NOT NULL,
  "n" bigint NOT NULL DEFAULT 0,
  CONSTRAINT "pts_balance_counts_pk" PRIMARY KEY ("county_code", "scheme_id", "period_key", "level", "region_key")
);--> statement-breakpoint
ALTER TABLE "pts_balance_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The writers (engine.ts) add the balance rows their upsert inserted through this function, in the
-- upsert's own statement; the application role holds no privilege on the table itself.
CREATE OR REPLACE FUNCTION pts_count_new_balances(p_county varchar, p_new jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO pts_balance_counts AS c (county_code, scheme_id, period_key, level, region_key, n)
  SELECT p_county, x.s, x.k, x.l, x.r, sum(x.n) FROM jsonb_to_recordset(coalesce(p_new, '[]'::jsonb)) AS x(s int, k text, l text, r text, n bigint)
   WHERE x.l IN ('t', 'v') GROUP BY x.s, x.k, x.l, x.r ORDER BY x.s, x.k, x.l, x.r
  ON CONFLICT (county_code, scheme_id, period_key, level, region_key) DO UPDATE SET n = c.n + excluded.n
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_count_new_balances(varchar, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_count_new_balances(varchar, jsonb) TO xz_app;--> statement-breakpoint
-- Existing databases: count what is there.
INSERT INTO "pts_balance_counts" (county_code, scheme_id, period_key, level, region_key, n)
SELECT county_code, scheme_id, period_key, 't', town_key, count(*) FROM pts_balances GROUP BY county_code, scheme_id, period_key, town_key
UNION ALL
SELECT county_code, scheme_id, period_key, 'v', village_key, count(*) FROM pts_balances GROUP BY county_code, scheme_id, period_key, village_key
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Ranks of a page: only the page's first row is counted (the balances above it); every other row
-- is ranked by its position, a tie taking the rank of the first row of its points in the page
-- (competition ranks, "1224", as before: one more than the balances above). Totals come from
-- pts_balance_counts for towns, villages and the county; a branch or another region still counts.
-- No JIT: the planner's cost of the county board (a lateral count per town) passes jit_above_cost,
-- and compiling it took 0.9 s of a 0.93 s query at county scale; these queries read a few hundred rows.
CREATE OR REPLACE FUNCTION pts_leaderboard(p_county varchar, p_scheme int, p_period varchar, p_region ltree, p_level text, p_group varchar, p_limit int, p_offset int)
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET jit = off AS $$
DECLARE
  v_base text;
  v_where text;
  v_total bigint;
  v_rows jsonb;
  v_town text;
  v_in text;
  v_level char(1);
BEGIN
  IF p_region IS NULL OR NOT (p_region <@ nullif(current_setting('xz.root', true), '')::ltree
      AND p_region <@ ANY (string_to_array(nullif(current_setting('xz.subtrees', true), ''), ',')::ltree[])) THEN
    RAISE EXCEPTION 'the region lies outside the caller''s scope' USING ERRCODE = '42501';
  END IF;
  v_base := format('b.county_code = %L AND b.scheme_id = %s AND b.period_key = %L', p_county, p_scheme, p_period);
  -- The town key of the region, as the generated column computes it for the balances inside it.
  v_town := CASE WHEN nlevel(p_region) >= 2 THEN subpath(p_region, 0, 2)::text ELSE p_region::text END;
  IF p_group IS NOT NULL THEN
    v_where := v_base || format(' AND b.group_key = %L AND b.path <@ %L::ltree', p_group, p_region::text);
  ELSIF p_level = 'town' THEN
    v_where := v_base || format(' AND b.town_key = %L', p_region::text);
    v_level := 't';
  ELSIF p_level = 'village' THEN
    v_where := v_base || format(' AND b.town_key = %L AND b.village_key = %L', v_town, p_region::text);
    v_level := 'v';
  ELSIF nlevel(p_region) >= 2 THEN
    -- Below a town (a group, a household…) or a town not labelled as one: within the town's stretch.
    v_where := v_base || format(' AND b.town_key = %L AND b.path <@ %L::ltree', v_town, p_region::text);
  ELSE
    -- The county (or wider): each town's top rows, merged; the first row's rank summed town by town.
    -- The county's own root holds every balance of the county: no path test (it would read every
    -- row), and its total is the sum of its towns'.
    v_in := CASE WHEN nlevel(p_region) = 1 THEN '' ELSE format(' AND b.path <@ %L::ltree', p_region::text) END;
    IF nlevel(p_region) = 1 THEN
      SELECT coalesce(sum(c.n), 0) INTO v_total FROM pts_balance_counts c
       WHERE c.county_code = p_county AND c.scheme_id = p_scheme AND c.period_key = p_period AND c.level = 't';
    ELSE
      EXECUTE format('SELECT count(*) FROM pts_balances b WHERE %s%s', v_base, v_in) INTO v_total;
    END IF;
    EXECUTE format($q$
      WITH RECURSIVE towns AS (
        (SELECT b.town_key AS t FROM pts_balances b WHERE %1$s ORDER BY b.town_key LIMIT 1)
        UNION ALL
        SELECT (SELECT b.town_key FROM pts_balances b WHERE %1$s AND b.town_key > towns.t ORDER BY b.town_key LIMIT 1) FROM towns WHERE towns.t IS NOT NULL),
      tk AS (SELECT t FROM towns WHERE t IS NOT NULL),
      page AS (
        SELECT x.*, row_number() OVER (ORDER BY x.points DESC NULLS LAST, x.account_id) AS pos FROM (
          SELECT x.* FROM tk CROSS JOIN LATERAL (
            SELECT b.* FROM pts_balances b WHERE %1$s AND b.town_key = tk.t%2$s
             ORDER BY b.points DESC NULLS LAST, b.account_id LIMIT %3$s) x
           ORDER BY x.points DESC NULLS LAST, x.account_id LIMIT %4$s OFFSET %5$s) x),
      first AS (
        SELECT p.points, 1 + (SELECT coalesce(sum(c.n), 0) FROM tk CROSS JOIN LATERAL (
                                SELECT count(*) AS n FROM pts_balances b WHERE %1$s AND b.town_key = tk.t%2$s AND b.points > p.points) c) AS rank
          FROM page p WHERE p.pos = 1),
      ranked AS (
        SELECT p.*, CASE WHEN p.points = f.points THEN f.rank ELSE %5$s + min(p.pos) OVER (PARTITION BY p.points) END AS rank
          FROM page p CROSS JOIN first f)
      SELECT coalesce(jsonb_agg(jsonb_build_object(
             'account_id', t.account_id, 'points', t.points, 'plus', t.plus, 'minus', t.minus, 'postings', t.postings, 'vetoes', t.vetoes,
             'zeroings', t.zeroings, 'group_key', t.group_key, 'label', a.label, 'owner_kind', a.owner_kind, 'owner_id', a.owner_id,
             'attrs', a.attrs, 'path', a.path::text, 'rank', t.rank)
             ORDER BY t.points DESC NULLS LAST, t.account_id), '[]'::jsonb)
        FROM ranked t JOIN pts_accounts a ON a.id = t.account_id
    $q$, v_base, v_in, p_limit + p_offset, p_limit, p_offset) INTO v_rows;
    RETURN jsonb_build_object('total', v_total, 'rows', v_rows);
  END IF;
  IF v_level IS NOT NULL THEN
    SELECT coalesce(max(c.n), 0) INTO v_total FROM pts_balance_counts c
     WHERE c.county_code = p_county AND c.scheme_id = p_scheme AND c.period_key = p_period AND c.level = v_level AND c.region_key = p_region::text;
  ELSE
    EXECUTE 'SELECT count(*) FROM pts_balances b WHERE ' || v_where INTO v_total;
  END IF;
  EXECUTE format($q$
    WITH page AS (
      SELECT x.*, row_number() OVER (ORDER BY x.points DESC NULLS LAST, x.account_id) AS pos
        FROM (SELECT b.* FROM pts_balances b WHERE %1$s ORDER BY b.points DESC NULLS LAST, b.account_id LIMIT %2$s OFFSET %3$s) x),
    first AS (
      SELECT p.points, 1 + (SELECT count(*) FROM pts_balances b WHERE %1$s AND b.points > p.points) AS rank FROM page p WHERE p.pos = 1),
    ranked AS (
      SELECT p.*, CASE WHEN p.points = f.points THEN f.rank ELSE %3$s + min(p.pos) OVER (PARTITION BY p.points) END AS rank
        FROM page p CROSS JOIN first f)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'account_id', t.account_id, 'points', t.points, 'plus', t.plus, 'minus', t.minus, 'postings', t.postings, 'vetoes', t.vetoes,
             'zeroings', t.zeroings, 'group_key', t.group_key, 'label', a.label, 'owner_kind', a.owner_kind, 'owner_id', a.owner_id,
             'attrs', a.attrs, 'path', a.path::text, 'rank', t.rank) ORDER BY t.points DESC, t.account_id), '[]'::jsonb)
      FROM ranked t JOIN pts_accounts a ON a.id = t.account_id
  $q$, v_where, p_limit, p_offset) INTO v_rows;
  RETURN jsonb_build_object('total', v_total, 'rows', v_rows);
END $$;--> statement-breakpoint
-- An account's rank: the totals of its village and town from the counts as well.
CREATE OR REPLACE FUNCTION pts_rank_of(p_county varchar, p_scheme int, p_period varchar, p_account int)
RETURNS TABLE (points numeric, village_rank bigint, village_count bigint, town_rank bigint, town_count bigint, group_rank bigint, group_count bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET jit = off AS $$
  WITH me AS (
    SELECT b.points, b.village_key, b.town_key, b.group_key FROM pts_balances b
     WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.account_id = p_account AND xz_visible(b.path))
  SELECT me.points,
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.village_key = me.village_key AND b.points > me.points),
    (SELECT coalesce(max(c.n), 0) FROM pts_balance_counts c WHERE c.county_code = p_county AND c.scheme_id = p_scheme AND c.period_key = p_period AND c.level = 'v' AND c.region_key = me.village_key),
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.points > me.points),
    (SELECT coalesce(max(c.n), 0) FROM pts_balance_counts c WHERE c.county_code = p_county AND c.scheme_id = p_scheme AND c.period_key = p_period AND c.level = 't' AND c.region_key = me.town_key),
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key AND b.points > me.points) END,
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key) END
  FROM me
$$;--> statement-breakpoint
-- Bulk postings update four balance rows per posting (month, quarter, year, all time); the rows are
-- never HOT (points is in the region index), but with free room on its page the new version stays
-- on the page, so a batch dirties (and writes full-page images of) fewer pages. The rebuild writes
-- an account's rows next to each other (rebuild.ts). Applies to pages written from now on.
ALTER TABLE pts_balances SET (fillfactor = 80);
