ALTER TABLE "audit_log" ADD COLUMN "chain" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_chain_idx" ON "audit_log" USING btree ("county_code","chain","id");--> statement-breakpoint
-- Parallel chains: one county-wide chain made every audited write in the county wait for the
-- previous one to commit. A transaction now takes the first free of 16 chains (starting from its
-- connection's own) and keeps it to the end, so concurrent writers rarely meet. Within a chain the
-- lock is still held until commit, so ids and hashes follow each other exactly as before; rows
-- written before this migration form chain 0.
CREATE OR REPLACE FUNCTION xz_audit_append(p_county text, p_actor int, p_actor_name text, p_action text, p_entity text,
  p_entity_id text, p_path ltree, p_before jsonb, p_after jsonb, p_ip text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_chains constant int := 16;
  v_chain int := nullif(current_setting('xz.audit_chain_' || p_county, true), '')::int;
  v_start int;
  v_prev text;
  v_id bigint;
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
BEGIN
  IF v_chain IS NULL THEN
    v_start := pg_backend_pid() % v_chains;
    FOR k IN 0 .. v_chains - 1 LOOP
      IF pg_try_advisory_xact_lock(hashtext('xz_audit_chain:' || p_county), (v_start + k) % v_chains) THEN
        v_chain := (v_start + k) % v_chains;
        EXIT;
      END IF;
    END LOOP;
    IF v_chain IS NULL THEN
      v_chain := v_start;
      PERFORM pg_advisory_xact_lock(hashtext('xz_audit_chain:' || p_county), v_chain);
    END IF;
    PERFORM set_config('xz.audit_chain_' || p_county, v_chain::text, true);
  END IF;
  SELECT hash INTO v_prev FROM audit_log WHERE county_code = p_county AND chain = v_chain ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  INSERT INTO audit_log (county_code, chain, id, at, actor_user_id, actor_name, action, entity, entity_id, path, before, after, ip, prev_hash, hash)
  VALUES (p_county, v_chain, v_id, v_at, p_actor, p_actor_name, p_action, p_entity, p_entity_id, p_path, p_before, p_after, p_ip, v_prev,
          xz_audit_hash(v_prev, v_id, v_at, p_actor, p_actor_name, p_action, p_entity, p_entity_id, p_path, p_before, p_after, p_ip));
  RETURN v_id;
END $$;
