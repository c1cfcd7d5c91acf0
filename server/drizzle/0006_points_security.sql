-- Points engine: row-level scope (see 0002_security.sql for xz_visible and the per-transaction settings).
-- Public within the village: a posting on public notice (公示) and the village's published lists are
-- readable by everyone whose scope lies inside that village (e.g. a resident who sees only their household).
CREATE OR REPLACE FUNCTION xz_pts_public(p ltree) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nlevel(p) >= 3 AND xz_is_scope_ancestor(subpath(p, 0, 3))
$$;--> statement-breakpoint
-- Configuration sits at a region and is readable from below it; written only within scope.
ALTER TABLE pts_schemes ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_schemes_read ON pts_schemes FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_schemes_write ON pts_schemes FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_schemes_update ON pts_schemes FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_items ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_items_read ON pts_items FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_items_write ON pts_items FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_items_update ON pts_items FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_scheme_versions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_scheme_versions_read ON pts_scheme_versions FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_scheme_versions_write ON pts_scheme_versions FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_periods ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_periods_read ON pts_periods FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_periods_write ON pts_periods FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_stores ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_stores_read ON pts_stores FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_stores_write ON pts_stores FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_stores_update ON pts_stores FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_products ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_products_read ON pts_products FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY pts_products_write ON pts_products FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_products_update ON pts_products FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
-- Owner data: accounts, balances, cap usage, redemptions, within scope.
ALTER TABLE pts_accounts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_accounts_scope ON pts_accounts FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_balances ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_balances_scope ON pts_balances FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_usage ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_usage_scope ON pts_usage FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_redemptions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_redemptions_scope ON pts_redemptions FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
REVOKE DELETE ON pts_redemptions, pts_accounts FROM xz_app;--> statement-breakpoint
-- Postings: within scope, and on public notice to the whole village; never deleted.
ALTER TABLE pts_postings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_postings_read ON pts_postings FOR SELECT TO xz_app USING (xz_visible(path) OR (state = 'noticed' AND xz_pts_public(path)));--> statement-breakpoint
CREATE POLICY pts_postings_insert ON pts_postings FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_postings_update ON pts_postings FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON pts_postings FROM xz_app;--> statement-breakpoint
ALTER TABLE pts_posting_log ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_posting_log_read ON pts_posting_log FOR SELECT TO xz_app USING (xz_visible(path) OR xz_pts_public(path));--> statement-breakpoint
CREATE POLICY pts_posting_log_insert ON pts_posting_log FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON pts_posting_log FROM xz_app;--> statement-breakpoint
-- Objections: anyone in the village may raise one during a notice and follow their own.
ALTER TABLE pts_objections ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_objections_read ON pts_objections FOR SELECT TO xz_app
  USING (xz_visible(path) OR objector_user = nullif(current_setting('xz.user', true), '')::int);--> statement-breakpoint
CREATE POLICY pts_objections_insert ON pts_objections FOR INSERT TO xz_app
  WITH CHECK ((xz_visible(path) OR xz_pts_public(path)) AND objector_user = nullif(current_setting('xz.user', true), '')::int);--> statement-breakpoint
CREATE POLICY pts_objections_update ON pts_objections FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
REVOKE DELETE ON pts_objections FROM xz_app;--> statement-breakpoint
-- Published lists and fortress assessments are public within their village.
ALTER TABLE pts_lists ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_lists_read ON pts_lists FOR SELECT TO xz_app USING (xz_visible(path) OR xz_pts_public(path));--> statement-breakpoint
CREATE POLICY pts_lists_write ON pts_lists FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_lists_update ON pts_lists FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_assessments ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_assessments_read ON pts_assessments FOR SELECT TO xz_app USING (xz_visible(path) OR xz_pts_public(path));--> statement-breakpoint
CREATE POLICY pts_assessments_insert ON pts_assessments FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY pts_assessments_update ON pts_assessments FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE pts_ratings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY pts_ratings_read ON pts_ratings FOR SELECT TO xz_app
  USING (xz_visible(path) OR rater_user = nullif(current_setting('xz.user', true), '')::int);--> statement-breakpoint
CREATE POLICY pts_ratings_insert ON pts_ratings FOR INSERT TO xz_app
  WITH CHECK ((xz_visible(path) OR xz_pts_public(path)) AND rater_user = nullif(current_setting('xz.user', true), '')::int);--> statement-breakpoint
REVOKE UPDATE, DELETE ON pts_ratings FROM xz_app;--> statement-breakpoint
-- Postings are append-only: content never changes, states only move forward, rows never go away.
CREATE OR REPLACE FUNCTION pts_postings_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'pts_postings is append-only' USING ERRCODE = '23514';
  END IF;
  IF (NEW.county_code, NEW.id, NEW.path, NEW.scheme_id, NEW.scheme_version, NEW.item_id, NEW.item_code, NEW.item_name, NEW.category,
      NEW.account_id, NEW.points, NEW.occurred_on, NEW.cap_key, NEW.is_veto, NEW.is_zeroing, NEW.source, NEW.reverses_id, NEW.evidence,
      NEW.note, NEW.idempotency_key, NEW.proposed_by_user, NEW.proposed_by_name, NEW.proposed_at)
     IS DISTINCT FROM
     (OLD.county_code, OLD.id, OLD.path, OLD.scheme_id, OLD.scheme_version, OLD.item_id, OLD.item_code, OLD.item_name, OLD.category,
      OLD.account_id, OLD.points, OLD.occurred_on, OLD.cap_key, OLD.is_veto, OLD.is_zeroing, OLD.source, OLD.reverses_id, OLD.evidence,
      OLD.note, OLD.idempotency_key, OLD.proposed_by_user, OLD.proposed_by_name, OLD.proposed_at) THEN
    RAISE EXCEPTION 'a posting''s content is immutable; correct it with a reversing posting' USING ERRCODE = '23514';
  END IF;
  IF OLD.state IN ('effective', 'rejected') AND NEW.state IS DISTINCT FROM OLD.state THEN
    RAISE EXCEPTION 'a % posting cannot change state', OLD.state USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER pts_postings_append_only BEFORE UPDATE OR DELETE ON pts_postings FOR EACH ROW EXECUTE FUNCTION pts_postings_guard();--> statement-breakpoint
CREATE OR REPLACE FUNCTION pts_posting_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'pts_posting_log is append-only' USING ERRCODE = '23514';
END $$;--> statement-breakpoint
CREATE TRIGGER pts_posting_log_append_only BEFORE UPDATE OR DELETE ON pts_posting_log FOR EACH ROW EXECUTE FUNCTION pts_posting_log_guard();--> statement-breakpoint
-- Stock is taken and given back only through these functions: a household redeeming at its
-- village's store may not see (or write) the store's rows otherwise. The conditional update takes
-- the row lock, so a unit is never sold twice whatever the concurrency.
CREATE OR REPLACE FUNCTION pts_take_stock(p_county varchar, p_product int, p_qty int)
RETURNS TABLE (r_id int, r_store_id int, r_name text, r_price numeric, r_path ltree, r_stock int)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE pts_products p SET stock = p.stock - p_qty, updated_at = now()
   WHERE p.id = p_product AND p.county_code = p_county AND p.active AND p_qty > 0 AND p.stock >= p_qty
     AND (xz_visible(p.path) OR xz_is_scope_ancestor(p.path))
     AND EXISTS (SELECT 1 FROM pts_stores s WHERE s.id = p.store_id AND s.active)
  RETURNING p.id, p.store_id, p.name, p.price_points, p.path, p.stock
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION pts_return_stock(p_county varchar, p_product int, p_qty int) RETURNS int
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  WITH u AS (
    UPDATE pts_products p SET stock = p.stock + p_qty, updated_at = now()
     WHERE p.id = p_product AND p.county_code = p_county AND p_qty > 0
       AND (xz_visible(p.path) OR xz_is_scope_ancestor(p.path))
    RETURNING p.stock)
  SELECT stock FROM u
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_take_stock(varchar, int, int) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_return_stock(varchar, int, int) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_take_stock(varchar, int, int) TO xz_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_return_stock(varchar, int, int) TO xz_app;--> statement-breakpoint
-- The label of the account a noticed posting is about, for the public notice board: a resident may
-- see the notice without seeing the other household's account itself.
CREATE OR REPLACE FUNCTION pts_notice_labels(p_county varchar, p_posting bigint) RETURNS TABLE (label text, owner_kind text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.label, a.owner_kind FROM pts_postings p JOIN pts_accounts a ON a.id = p.account_id
   WHERE p.county_code = p_county AND p.id = p_posting AND p.state = 'noticed' AND (xz_visible(p.path) OR xz_pts_public(p.path))
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pts_notice_labels(varchar, bigint) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pts_notice_labels(varchar, bigint) TO xz_app;--> statement-breakpoint
-- The vocabularies the code relies on, enforced by the database too.
ALTER TABLE pts_schemes ADD CONSTRAINT pts_schemes_kind_ck CHECK (kind IN ('cadre','fortress','pioneer','household'));--> statement-breakpoint
ALTER TABLE pts_schemes ADD CONSTRAINT pts_schemes_values_ck CHECK (notice_days BETWEEN 0 AND 60 AND point_value_cents >= 0 AND version >= 1);--> statement-breakpoint
ALTER TABLE pts_items ADD CONSTRAINT pts_items_category_ck CHECK (category IN ('seniority','performance','merit','demerit','common','sector','member_rating','reverse','veto','basic','positive','negative','zeroing','star'));--> statement-breakpoint
ALTER TABLE pts_items ADD CONSTRAINT pts_items_cap_ck CHECK ((cap IS NULL) = (cap_period IS NULL) AND (cap_period IS NULL OR cap_period IN ('month','quarter','year')) AND (cap IS NULL OR cap > 0));--> statement-breakpoint
ALTER TABLE pts_accounts ADD CONSTRAINT pts_accounts_owner_ck CHECK (owner_kind IN ('cadre','party_member','branch','household'));--> statement-breakpoint
ALTER TABLE pts_accounts ADD CONSTRAINT pts_accounts_spent_ck CHECK (spent >= 0);--> statement-breakpoint
ALTER TABLE pts_postings ADD CONSTRAINT pts_postings_state_ck CHECK (state IN ('proposed','approved','noticed','effective','rejected'));--> statement-breakpoint
ALTER TABLE pts_postings ADD CONSTRAINT pts_postings_source_ck CHECK (source IN ('manual','automatic','assessment','accrual','reversal'));--> statement-breakpoint
ALTER TABLE pts_postings ADD CONSTRAINT pts_postings_reversal_ck CHECK ((source = 'reversal') = (reverses_id IS NOT NULL));--> statement-breakpoint
ALTER TABLE pts_objections ADD CONSTRAINT pts_objections_ck CHECK (target_kind IN ('posting','assessment') AND status IN ('open','upheld','dismissed'));--> statement-breakpoint
ALTER TABLE pts_lists ADD CONSTRAINT pts_lists_kind_ck CHECK (kind IN ('honor','warning','civilized'));--> statement-breakpoint
ALTER TABLE pts_assessments ADD CONSTRAINT pts_assessments_stage_ck CHECK (stage IN ('self','member','notice','superior','done'));--> statement-breakpoint
ALTER TABLE pts_ratings ADD CONSTRAINT pts_ratings_score_ck CHECK (score BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE pts_products ADD CONSTRAINT pts_products_stock_ck CHECK (stock >= 0 AND price_points > 0);--> statement-breakpoint
ALTER TABLE pts_redemptions ADD CONSTRAINT pts_redemptions_ck CHECK (quantity > 0 AND points > 0 AND status IN ('placed','picked_up','cancelled'));
