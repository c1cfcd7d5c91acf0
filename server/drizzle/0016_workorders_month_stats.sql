-- Monthly figures per town and village, kept current by a trigger on wo_orders, so the monthly
-- three-rate ranking reads a few hundred rows instead of a month of orders under row-level security.
-- Each order contributes, to the row of its month of receipt (Asia/Shanghai), town and village:
-- 1 order (unless merged or cancelled), sign-for done / on time, first resolution done / on time,
-- first rating. The trigger is DEFERRED: it runs at commit, after the audit append, so a transaction
-- never holds a figures row while it waits for the county's audit-chain lock (no lock cycle with
-- the escalation sweep, which appends audit entries order by order).
CREATE OR REPLACE FUNCTION wo_month_stats_vec(o wo_orders) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN o.status IN ('merged', 'cancelled') THEN NULL ELSE ARRAY[
    1,
    (o.first_sign_due_at IS NOT NULL AND o.first_signed_at IS NOT NULL)::int,
    (o.first_sign_due_at IS NOT NULL AND o.first_signed_at IS NOT NULL AND coalesce(o.sign_on_time, false))::int,
    (o.resolve_due_at IS NOT NULL AND o.first_resolved_at IS NOT NULL)::int,
    (o.resolve_due_at IS NOT NULL AND o.first_resolved_at IS NOT NULL AND coalesce(o.resolved_on_time, false))::int,
    coalesce(o.first_rating IN ('satisfied', 'basically_satisfied', 'unsatisfied'), false)::int,
    coalesce(o.first_rating = 'satisfied', false)::int,
    coalesce(o.first_rating = 'basically_satisfied', false)::int,
    coalesce(o.first_rating = 'unsatisfied', false)::int] END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION wo_month_stats_add(o wo_orders, k int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v int[] := wo_month_stats_vec(o);
BEGIN
  IF v IS NULL THEN RETURN; END IF;
  INSERT INTO wo_month_stats AS s (county_code, month, town_code, village_code, path, orders, signed_due, signed_on_time,
      resolved_due, resolved_on_time, rated, satisfied, basically_satisfied, unsatisfied)
    VALUES (o.county_code, to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), o.town_code, coalesce(o.village_code, ''),
      subpath(o.path, 0, CASE WHEN o.village_code IS NULL THEN 2 ELSE 3 END),
      k * v[1], k * v[2], k * v[3], k * v[4], k * v[5], k * v[6], k * v[7], k * v[8], k * v[9])
    ON CONFLICT (county_code, month, town_code, village_code) DO UPDATE SET
      orders = s.orders + excluded.orders, signed_due = s.signed_due + excluded.signed_due, signed_on_time = s.signed_on_time + excluded.signed_on_time,
      resolved_due = s.resolved_due + excluded.resolved_due, resolved_on_time = s.resolved_on_time + excluded.resolved_on_time,
      rated = s.rated + excluded.rated, satisfied = s.satisfied + excluded.satisfied,
      basically_satisfied = s.basically_satisfied + excluded.basically_satisfied, unsatisfied = s.unsatisfied + excluded.unsatisfied;
END $$;--> statement-breakpoint
-- SECURITY DEFINER: the application role (xz_app) may read the figures but never write them.
CREATE OR REPLACE FUNCTION wo_month_stats_trg() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.county_code = NEW.county_code AND OLD.created_at = NEW.created_at AND OLD.town_code = NEW.town_code
     AND OLD.village_code IS NOT DISTINCT FROM NEW.village_code AND OLD.path = NEW.path
     AND wo_month_stats_vec(OLD) IS NOT DISTINCT FROM wo_month_stats_vec(NEW) THEN
    RETURN NULL; -- nothing the figures count has changed (most updates: start, notes, supervision…)
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM wo_month_stats_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM wo_month_stats_add(NEW, 1); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER wo_orders_month_stats AFTER INSERT OR UPDATE OR DELETE ON wo_orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wo_month_stats_trg();--> statement-breakpoint
-- Recomputes a county's figures from its orders (after a bulk load with the trigger disabled).
CREATE OR REPLACE FUNCTION wo_month_stats_rebuild(p_county text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  DELETE FROM wo_month_stats WHERE county_code = p_county;
  INSERT INTO wo_month_stats (county_code, month, town_code, village_code, path, orders, signed_due, signed_on_time,
      resolved_due, resolved_on_time, rated, satisfied, basically_satisfied, unsatisfied)
  SELECT county_code, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), town_code, coalesce(village_code, ''),
    subpath(path, 0, CASE WHEN village_code IS NULL THEN 2 ELSE 3 END),
    count(*),
    count(*) FILTER (WHERE first_sign_due_at IS NOT NULL AND first_signed_at IS NOT NULL),
    count(*) FILTER (WHERE first_sign_due_at IS NOT NULL AND first_signed_at IS NOT NULL AND coalesce(sign_on_time, false)),
    count(*) FILTER (WHERE resolve_due_at IS NOT NULL AND first_resolved_at IS NOT NULL),
    count(*) FILTER (WHERE resolve_due_at IS NOT NULL AND first_resolved_at IS NOT NULL AND coalesce(resolved_on_time, false)),
    count(*) FILTER (WHERE first_rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
    count(*) FILTER (WHERE first_rating = 'satisfied'),
    count(*) FILTER (WHERE first_rating = 'basically_satisfied'),
    count(*) FILTER (WHERE first_rating = 'unsatisfied')
  FROM wo_orders WHERE county_code = p_county AND status NOT IN ('merged', 'cancelled')
  GROUP BY 1, 2, 3, 4, 5;
END $$;--> statement-breakpoint
SELECT wo_month_stats_rebuild(c.county_code) FROM (SELECT DISTINCT county_code FROM wo_orders) c;--> statement-breakpoint
ALTER TABLE wo_month_stats ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_month_stats_read ON wo_month_stats FOR SELECT TO xz_app USING (xz_visible(path));--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON wo_month_stats FROM xz_app;
