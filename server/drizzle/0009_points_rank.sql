-- An account's rank among the balances of a period (in its village, town and branch), for anyone who
-- may see the account itself: a resident sees where their household stands without seeing the others.
CREATE OR REPLACE FUNCTION pts_rank_of(p_county varchar, p_scheme int, p_period varchar, p_account int)
RETURNS TABLE (points numeric, village_rank bigint, village_count bigint, town_rank bigint, town_count bigint, group_rank bigint, group_count bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH me AS (
    SELECT b.points, b.village_key, b.town_key, b.group_key FROM pts_balances b
     WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.account_id = p_account AND xz_visible(b.path))
  SELECT me.points,
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.village_key = me.village_key AND b.points > me.points),
    (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.village_key = me.village_key),
    (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key AND b.points > me.points),
    (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.town_key = me.town_key),
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) + 1 FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key AND b.points > me.points) END,
    CASE WHEN me.group_key IS NULL THEN NULL ELSE (SELECT count(*) FROM pts_balances b WHERE b.county_code = p_county AND b.scheme_id = p_scheme AND b.period_key = p_period AND b.group_key = me.group_key) END
  FROM me
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_rank_of(varchar, int, varchar, int) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_rank_of(varchar, int, varchar, int) TO xz_app;
