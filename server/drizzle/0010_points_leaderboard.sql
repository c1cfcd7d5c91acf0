-- Leaderboards straight from the ordered balance indexes. Row-level security would re-check every
-- balance of a town against the caller's scope (and spoil the planner's estimates); instead the
-- function checks once that the whole region lies inside one of the caller's subtrees, then reads
-- the top of the index. Ranks are competition ranks ("1224"): one more than the balances above.
CREATE OR REPLACE FUNCTION pts_leaderboard(p_county varchar, p_scheme int, p_period varchar, p_region ltree, p_level text, p_group varchar, p_limit int, p_offset int)
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_where text;
  v_total bigint;
  v_rows jsonb;
BEGIN
  IF p_region IS NULL OR NOT (p_region <@ nullif(current_setting('xz.root', true), '')::ltree
      AND p_region <@ ANY (string_to_array(nullif(current_setting('xz.subtrees', true), ''), ',')::ltree[])) THEN
    RAISE EXCEPTION 'the region lies outside the caller''s scope' USING ERRCODE = '42501';
  END IF;
  v_where := format('b.county_code = %L AND b.scheme_id = %s AND b.period_key = %L', p_county, p_scheme, p_period);
  IF p_group IS NOT NULL THEN
    v_where := v_where || format(' AND b.group_key = %L AND b.path <@ %L::ltree', p_group, p_region::text);
  ELSIF p_level = 'county' THEN
    v_where := v_where || format(' AND b.path <@ %L::ltree', p_region::text);
  ELSIF p_level = 'town' THEN
    v_where := v_where || format(' AND b.town_key = %L', p_region::text);
  ELSIF p_level = 'village' THEN
    v_where := v_where || format(' AND b.village_key = %L', p_region::text);
  ELSE
    v_where := v_where || format(' AND b.path <@ %L::ltree', p_region::text);
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
GRANT EXECUTE ON FUNCTION pts_leaderboard(varchar, int, varchar, ltree, text, varchar, int, int) TO xz_app;
