-- People search by name within a region (issue 2's benchmark: p95 under 50 ms at 1.2 million).
-- 1. Name lexemes qualified by the person's town and village paths (people/rules.ts nameTokens):
--    existing rows get them from their bare lexemes.
UPDATE persons SET name_tokens = array_to_tsvector(
  tsvector_to_array(name_tokens)
  || CASE WHEN nlevel(path) >= 2 THEN array(SELECT subpath(path, 0, 2)::text || '|' || l FROM unnest(tsvector_to_array(name_tokens)) l WHERE l !~ '^c[0-9]{6}[.][^|]*[|]') ELSE '{}'::text[] END
  || CASE WHEN nlevel(path) >= 3 THEN array(SELECT subpath(path, 0, 3)::text || '|' || l FROM unnest(tsvector_to_array(name_tokens)) l WHERE l !~ '^c[0-9]{6}[.][^|]*[|]') ELSE '{}'::text[] END);
--> statement-breakpoint
-- 2. The candidates of a name search. Under row-level security the planner always joins the scope's
--    path index to the name index (it cannot estimate the scope and takes it for selective), and
--    for a town that index scan alone reads every resident of the town (133,000 entries, ~40 ms).
--    Here the region-qualified lexemes answer the region, and the scope is checked on each
--    candidate with the same xz_visible as the row policies (path::text::ltree keeps the planner
--    from turning it into that index scan again). It returns ids only, at most p_limit, in the
--    index's physical order (no parallel workers, so the same call returns the same ids); the
--    caller reads the page itself under row-level security.
CREATE OR REPLACE FUNCTION xz_person_name_search(p_query text, p_like text, p_path ltree, p_sex text, p_political text,
  p_role text, p_born_from date, p_born_to date, p_limit integer) RETURNS SETOF integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET max_parallel_workers_per_gather = 0 AS $$
BEGIN
  -- EXECUTE … USING plans with the values, so the NULL filters fold away.
  RETURN QUERY EXECUTE
    'SELECT id FROM persons
      WHERE name_tokens @@ $1::tsquery AND name LIKE $2
        AND ($3 IS NULL OR path <@ $3)
        AND ($4 IS NULL OR sex = $4) AND ($5 IS NULL OR political_status = $5) AND ($6 IS NULL OR $6 = ANY (roles))
        AND ($7 IS NULL OR birth_date >= $7) AND ($8 IS NULL OR birth_date <= $8)
        AND xz_visible(path::text::ltree)
      LIMIT $9'
  USING p_query, p_like, p_path, p_sex, p_political, p_role, p_born_from, p_born_to, p_limit;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION xz_person_name_search(text, text, ltree, text, text, text, date, date, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION xz_person_name_search(text, text, ltree, text, text, text, date, date, integer) TO xz_app;
