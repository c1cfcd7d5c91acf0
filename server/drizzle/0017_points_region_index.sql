DROP INDEX "pts_balances_village_idx";--> statement-breakpoint
DROP INDEX "pts_balances_town_idx";--> statement-breakpoint
DROP INDEX "pts_balances_county_idx";--> statement-breakpoint
CREATE INDEX "pts_balances_region_idx" ON "pts_balances" USING btree ("county_code","scheme_id","period_key","town_key","points" DESC NULLS LAST,"village_key");--> statement-breakpoint
-- A village's balances are found in its town's stretch of the region index (town key, then points
-- in order, the village key checked inside the index); a county's or any wider region's top rows
-- are merged from the top of each town's stretch (the towns are found by skipping through the index).
CREATE OR REPLACE FUNCTION pts_rank_of(p_county varchar, p_scheme int, p_period varchar, p_account int)
RETURNS TABLE (points numeric, village_rank bigint, village_count bigint, town_rank bigint, town_count bigint, group_rank bigint, group_count bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH me AS (
    SELECT b.points, b.village_key, b.town_key, b.group_key FROM pts_balances b
     WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.account_id = p_account AND xz_visible(b.path))
  SELECT me.points,
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.village_key = me.village_key AND b.points > me.points),
    (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.village_key = me.village_key),
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.points > me.points),
    (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key),
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key AND b.points > me.points) END,
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key) END
  FROM me
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION pts_leaderboard(p_county varchar, p_scheme int, p_period varchar, p_region ltree, p_level text, p_group varchar, p_limit int, p_offset int)
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_base text;
  v_where text;
  v_total bigint;
  v_rows jsonb;
  v_town text;
  v_in text;
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
  ELSIF p_level = 'village' THEN
    v_where := v_base || format(' AND b.town_key = %L AND b.village_key = %L', v_town, p_region::text);
  ELSIF nlevel(p_region) >= 2 THEN
    -- Below a town (a group, a household…) or a town not labelled as one: within the town's stretch.
    v_where := v_base || format(' AND b.town_key = %L AND b.path <@ %L::ltree', v_town, p_region::text);
  ELSE
    -- The county (or wider): each town's top rows, merged; ranks summed town by town. The county's
    -- own root holds every balance of the county: no path test (it would read every row).
    v_in := CASE WHEN nlevel(p_region) = 1 THEN '' ELSE format(' AND b.path <@ %L::ltree', p_region::text) END;
    EXECUTE format($q$
      WITH RECURSIVE towns AS (
        (SELECT b.town_key AS t FROM pts_balances b WHERE %1$s ORDER BY b.town_key LIMIT 1)
        UNION ALL
        SELECT (SELECT b.town_key FROM pts_balances b WHERE %1$s AND b.town_key > towns.t ORDER BY b.town_key LIMIT 1) FROM towns WHERE towns.t IS NOT NULL),
      tk AS (SELECT t FROM towns WHERE t IS NOT NULL),
      top AS (
        SELECT x.* FROM tk CROSS JOIN LATERAL (
          SELECT b.* FROM pts_balances b WHERE %1$s AND b.town_key = tk.t%2$s
           ORDER BY b.points DESC NULLS LAST, b.account_id LIMIT %3$s) x
         ORDER BY x.points DESC NULLS LAST, x.account_id LIMIT %4$s OFFSET %5$s)
      SELECT (SELECT count(*) FROM pts_balances b WHERE %1$s%2$s),
        coalesce(jsonb_agg(jsonb_build_object(
             'account_id', t.account_id, 'points', t.points, 'plus', t.plus, 'minus', t.minus, 'postings', t.postings, 'vetoes', t.vetoes,
             'zeroings', t.zeroings, 'group_key', t.group_key, 'label', a.label, 'owner_kind', a.owner_kind, 'owner_id', a.owner_id,
             'attrs', a.attrs, 'path', a.path::text,
             'rank', 1 + (SELECT coalesce(sum(c.n), 0) FROM tk CROSS JOIN LATERAL (
                            SELECT count(*) AS n FROM pts_balances b WHERE %1$s AND b.town_key = tk.t%2$s AND b.points > t.points) c))
             ORDER BY t.points DESC NULLS LAST, t.account_id), '[]'::jsonb)
        FROM top t JOIN pts_accounts a ON a.id = t.account_id
    $q$, v_base, v_in, p_limit + p_offset, p_limit, p_offset) INTO v_total, v_rows;
    RETURN jsonb_build_object('total', v_total, 'rows', v_rows);
  END IF;
  EXECUTE 'SELECT count(*) FROM pts_balances b WHERE ' || v_where INTO v_total;
  EXECUTE format($q$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'account_id', t.account_id, 'points', t.points, 'plus', t.plus, 'minus', t.minus, 'postings', t.postings, 'vetoes', t.vetoes,
             'zeroings', t.zeroings, 'group_key', t.group_key, 'label', a.label, 'owner_kind', a.owner_kind, 'owner_id', a.owner_id,
             'attrs', a.attrs, 'path', a.path::text,
             'rank', 1 + (SELECT count(*) FROM pts_balances b WHERE %1$s AND b.points > t.points)) ORDER BY t.points DESC, t.account_id), '[]'::jsonb)
      FROM (SELECT b.* FROM pts_balances b WHERE %1$s ORDER BY b.points DESC NULLS LAST, b.account_id LIMIT %2$s OFFSET %3$s) t
      JOIN pts_accounts a ON a.id = t.account_id
  $q$, v_where, p_limit, p_offset) INTO v_rows;
  RETURN jsonb_build_object('total', v_total, 'rows', v_rows);
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_leaderboard(varchar, int, varchar, ltree, text, varchar, int, int) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_leaderboard(varchar, int, varchar, ltree, text, varchar, int, int) TO xz_app;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_rank_of(varchar, int, varchar, int) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_rank_of(varchar, int, varchar, int) TO xz_app;
