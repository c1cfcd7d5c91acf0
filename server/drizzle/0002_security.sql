-- Data scope, enforced once for every read and write by row-level security.
-- platform/scope sets, per transaction: xz.root (lowest common ancestor of the scope, indexable),
-- xz.subtrees (region subtrees, comma separated), xz.exact (lquery list for "own region only"),
-- xz.kind and xz.user. Unset settings fail closed (NULL never matches).
CREATE OR REPLACE FUNCTION xz_visible(p ltree) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p <@ nullif(current_setting('xz.root', true), '')::ltree
     AND (p <@ ANY (string_to_array(nullif(current_setting('xz.subtrees', true), ''), ',')::ltree[])
          OR p ? (string_to_array(nullif(current_setting('xz.exact', true), ''), ',')::lquery[]))
$$;--> statement-breakpoint
-- Regions: ancestors of the scope stay readable (names for breadcrumbs), never writable.
CREATE OR REPLACE FUNCTION xz_is_scope_ancestor(p ltree) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p @> ANY (string_to_array(nullif(concat_ws(',', nullif(current_setting('xz.subtrees', true), ''),
                                                    nullif(current_setting('xz.exact_roots', true), '')), ''), ',')::ltree[])
$$;--> statement-breakpoint
ALTER TABLE regions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY regions_read ON regions FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY regions_insert ON regions FOR INSERT TO xz_app WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY regions_update ON regions FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
CREATE POLICY regions_delete ON regions FOR DELETE TO xz_app USING (xz_visible(path));--> statement-breakpoint
ALTER TABLE region_stats ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY region_stats_read ON region_stats FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));--> statement-breakpoint
CREATE POLICY region_stats_write ON region_stats FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE households ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY households_scope ON households FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY persons_scope ON persons FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE party_orgs ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY party_orgs_scope ON party_orgs FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE party_memberships ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY party_memberships_scope ON party_memberships FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY organizations_scope ON organizations FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY users_scope ON users FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));--> statement-breakpoint
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY outbox_insert ON outbox FOR INSERT TO xz_app WITH CHECK (true);--> statement-breakpoint
CREATE POLICY outbox_read ON outbox FOR SELECT TO xz_app USING (path IS NULL OR xz_visible(path));--> statement-breakpoint
-- Sessions and API tokens belong to the platform connection only.
REVOKE ALL ON sessions, api_tokens FROM xz_app;--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY idempotency_own ON idempotency_keys FOR ALL TO xz_app
  USING (user_id = nullif(current_setting('xz.user', true), '')::int)
  WITH CHECK (user_id = nullif(current_setting('xz.user', true), '')::int);--> statement-breakpoint
GRANT SELECT ON roles TO xz_app;--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON roles FROM xz_app;--> statement-breakpoint

-- Audit: append-only and hash-chained per county.
CREATE OR REPLACE FUNCTION xz_audit_hash(prev text, id bigint, at timestamptz, actor int, actor_name text, action text,
  entity text, entity_id text, path ltree, before jsonb, after jsonb, ip text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|', prev, id::text,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), coalesce(actor::text, ''), actor_name, action, entity,
    coalesce(entity_id, ''), coalesce(path::text, ''), coalesce(before::text, ''), coalesce(after::text, ''), coalesce(ip, '')), 'UTF8')), 'hex')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION xz_audit_append(p_county text, p_actor int, p_actor_name text, p_action text, p_entity text,
  p_entity_id text, p_path ltree, p_before jsonb, p_after jsonb, p_ip text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_prev text;
  v_id bigint;
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  -- One chain per county: the lock orders appends so ids and hashes follow each other.
  PERFORM pg_advisory_xact_lock(hashtext('xz_audit_chain'), hashtext(p_county));
  SELECT hash INTO v_prev FROM audit_log WHERE county_code = p_county ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  INSERT INTO audit_log (county_code, id, at, actor_user_id, actor_name, action, entity, entity_id, path, before, after, ip, prev_hash, hash)
  VALUES (p_county, v_id, v_at, p_actor, p_actor_name, p_action, p_entity, p_entity_id, p_path, p_before, p_after, p_ip, v_prev,
          xz_audit_hash(v_prev, v_id, v_at, p_actor, p_actor_name, p_action, p_entity, p_entity_id, p_path, p_before, p_after, p_ip));
  RETURN v_id;
END $$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION xz_audit_append(text, int, text, text, text, text, ltree, jsonb, jsonb, text) TO xz_app;--> statement-breakpoint
CREATE OR REPLACE FUNCTION xz_audit_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION xz_audit_forbid_change();--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON audit_log FROM xz_app;--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY audit_read ON audit_log FOR SELECT TO xz_app
  USING ((path IS NULL AND current_setting('xz.kind', true) = 'all') OR xz_visible(path));
