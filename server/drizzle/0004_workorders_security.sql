-- Work orders: row-level scope (see 0002_security.sql for xz_visible and the per-transaction settings).
-- An order is visible where it happened (path), to whoever holds it (handler_path), and to the users
-- who reported it or were merged into it (watcher_user_ids), e.g. a resident following a request.
ALTER TABLE wo_orders ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_orders_scope ON wo_orders FOR ALL TO xz_app
  USING (xz_visible(path) OR (handler_path IS NOT NULL AND xz_visible(handler_path))
         OR nullif(current_setting('xz.user', true), '')::int = ANY (watcher_user_ids))
  WITH CHECK (xz_visible(path) OR (handler_path IS NOT NULL AND xz_visible(handler_path))
         OR nullif(current_setting('xz.user', true), '')::int = ANY (watcher_user_ids));--> statement-breakpoint
-- Timeline, requesters and photos follow their order (the subquery is itself filtered by wo_orders_scope).
ALTER TABLE wo_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_events_scope ON wo_events FOR ALL TO xz_app
  USING (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_events.county_code AND o.id = wo_events.order_id))
  WITH CHECK (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_events.county_code AND o.id = wo_events.order_id));--> statement-breakpoint
REVOKE UPDATE, DELETE ON wo_events FROM xz_app;--> statement-breakpoint
ALTER TABLE wo_requesters ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_requesters_scope ON wo_requesters FOR ALL TO xz_app
  USING (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_requesters.county_code AND o.id = wo_requesters.order_id))
  WITH CHECK (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_requesters.county_code AND o.id = wo_requesters.order_id));--> statement-breakpoint
-- A photo not yet attached belongs to its uploader only.
ALTER TABLE wo_attachments ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_attachments_scope ON wo_attachments FOR ALL TO xz_app
  USING ((order_id IS NULL AND uploaded_by = nullif(current_setting('xz.user', true), '')::int)
         OR EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_attachments.county_code AND o.id = wo_attachments.order_id))
  WITH CHECK ((order_id IS NULL AND uploaded_by = nullif(current_setting('xz.user', true), '')::int)
         OR EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_attachments.county_code AND o.id = wo_attachments.order_id));--> statement-breakpoint
REVOKE DELETE ON wo_attachments FROM xz_app;--> statement-breakpoint
-- County-wide configuration: each county sees its own (the county is the first label of the scope root).
ALTER TABLE wo_categories ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_categories_county ON wo_categories FOR ALL TO xz_app
  USING (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2))
  WITH CHECK (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2));--> statement-breakpoint
ALTER TABLE wo_units ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_units_county ON wo_units FOR ALL TO xz_app
  USING (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2))
  WITH CHECK (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2));--> statement-breakpoint
ALTER TABLE wo_unit_members ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_unit_members_county ON wo_unit_members FOR ALL TO xz_app
  USING (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2))
  WITH CHECK (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2));--> statement-breakpoint
ALTER TABLE wo_settings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_settings_county ON wo_settings FOR ALL TO xz_app
  USING (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2))
  WITH CHECK (county_code = substr(split_part(current_setting('xz.root', true), '.', 1), 2));--> statement-breakpoint
-- The vocabularies the code relies on, enforced by the database too.
ALTER TABLE wo_orders ADD CONSTRAINT wo_orders_status_ck CHECK (status IN ('received','dispatched','signed_for','in_progress','resolved','closed','sent_back','suspended','reopened','merged','cancelled'));--> statement-breakpoint
ALTER TABLE wo_orders ADD CONSTRAINT wo_orders_supervision_ck CHECK (supervision_level IN ('assign','supervise','investigate'));--> statement-breakpoint
ALTER TABLE wo_orders ADD CONSTRAINT wo_orders_handler_level_ck CHECK (handler_level IS NULL OR handler_level IN ('grid','village','town','department'));--> statement-breakpoint
ALTER TABLE wo_orders ADD CONSTRAINT wo_orders_version_ck CHECK (version >= 1);--> statement-breakpoint
ALTER TABLE wo_categories ADD CONSTRAINT wo_categories_limits_ck CHECK (sign_limit_amount > 0 AND resolve_limit_amount > 0);
