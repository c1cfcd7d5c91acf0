-- Under row-level security PostgreSQL only pushes LEAKPROOF operators into index scans, so the
-- name search (tsvector @@ tsquery) ran as a filter over every row of the scope. ts_match_vq
-- only compares its arguments and raises no data-dependent errors, so it is safe to mark.
-- Needs a superuser; without one the search stays correct, just slower (see docs/SCALING.md).
DO $$ BEGIN
  ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'ts_match_vq not marked LEAKPROOF (needs a superuser): name search will not use its index under RLS';
END $$;
