-- Work-order intake in one statement (issue 3: ≥ 1,000 orders/s through the API). The intake was
-- some twenty statements in a transaction, each planned under row-level security, ~45 ms of CPU
-- per order on a 2-core machine. Now the app does what is pure (validation, routing by point,
-- handler and working-day deadlines, search tokens, phone encryption, the duplicate window) and
-- calls this function once, in autocommit: idempotency key, order, timeline, photos, requester,
-- notice, outbox event, duplicate candidates, stored response and audit append, one transaction.
--
-- It runs as its owner (no row-level security), so it applies the scope itself, exactly as the
-- policies of 0004 would: it sets the caller's xz.* settings for this transaction (xz_visible
-- reads them), refuses an order the caller could not see (field reports: the place itself) and
-- reads duplicate candidates through the wo_orders_scope predicate. Only the platform connection
-- may call it (not xz_app, not PUBLIC).
--
-- The app caches the county's categories, units and settings; p->'check' says which versions it
-- used, and the function raises 'xz:STALE' (nothing written) when they no longer match, so the app
-- reloads and computes again. Outcomes: 'created', 'replayed' (the stored result of the same
-- Idempotency-Key and request), 'key_reused' (same key, another request). A stale
-- configuration, a photo that is not the caller's unused upload, or a place out of scope raise
-- 'xz:<CODE>' and roll everything back. The result (also what a replay returns) holds the rows as written; the app
-- builds the order detail from it.
CREATE OR REPLACE FUNCTION xz_wo_intake(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_county text := p->>'county';
  v_user int := (p->>'user')::int;
  v_key text := p->>'key';
  v_check jsonb := p->'check';
  v_prev record;
  v_o wo_orders%ROWTYPE;
  v_id bigint;
  v_number text;
  v_event_id bigint;
  v_events jsonb;
  v_req jsonb := NULL;
  v_req_id bigint;
  v_req_user int;
  v_files jsonb := '[]'::jsonb;
  v_wanted bigint[];
  v_reporter text;
  v_cands jsonb := '[]'::jsonb;
  v_units jsonb := '[]'::jsonb;
  v_result jsonb;
BEGIN
  -- The caller's scope, for this transaction (as platform/scope withScope sets it).
  PERFORM set_config('xz.root', coalesce(p#>>'{scope,root}', ''), true), set_config('xz.subtrees', coalesce(p#>>'{scope,subtrees}', ''), true),
          set_config('xz.exact', coalesce(p#>>'{scope,exact}', ''), true), set_config('xz.exact_roots', coalesce(p#>>'{scope,exact_roots}', ''), true),
          set_config('xz.kind', coalesce(p#>>'{scope,kind}', ''), true), set_config('xz.user', coalesce(v_user::text, ''), true);

  -- 1. Idempotency, first (a retry gets its first answer whatever changed since). A transaction lock
  --    on (user, key) makes a concurrent request with the same key wait here until the first has
  --    committed, then find its answer; the answer is stored at the end, in one insert.
  IF v_key IS NOT NULL AND v_user IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('xz_idempotency'), hashtext(v_user::text || ':' || v_key));
    SELECT route, response INTO v_prev FROM idempotency_keys WHERE user_id = v_user AND key = v_key;
    IF FOUND THEN
      IF v_prev.route <> p->>'fingerprint' THEN RETURN jsonb_build_object('outcome', 'key_reused'); END IF;
      RETURN jsonb_build_object('outcome', 'replayed', 'result', v_prev.response);
    END IF;
  END IF;

  -- 2. The configuration the app computed with must still be the county's (else nothing is written).
  IF NOT EXISTS (SELECT 1 FROM wo_categories c
                  WHERE c.county_code = v_county AND c.code = v_check->>'category' AND c.active
                    AND (extract(epoch FROM c.updated_at) * 1000000)::bigint::text = v_check->>'category_stamp')
     OR EXISTS (SELECT 1 FROM wo_categories c WHERE c.county_code = v_county AND c.parent_code = v_check->>'category' AND c.active)
     OR coalesce((SELECT s.version FROM wo_settings s WHERE s.county_code = v_county), 0) <> (v_check->>'settings_version')::int
     OR (v_check->>'unit_id' IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM wo_units u WHERE u.id = (v_check->>'unit_id')::int AND u.county_code = v_county AND u.active AND u.name = v_check->>'unit_name'))
  THEN
    RAISE EXCEPTION 'xz:STALE';
  END IF;

  -- 3. The order: the app's row, with the id issued now and the number made from it.
  v_o := jsonb_populate_record(NULL::wo_orders, p->'order');
  IF (p->>'source_must_be_visible')::boolean AND NOT coalesce(xz_visible(v_o.path), false) THEN
    RAISE EXCEPTION 'xz:OUT_OF_SCOPE';
  END IF;
  IF NOT (coalesce(xz_visible(v_o.path), false) OR (v_o.handler_path IS NOT NULL AND coalesce(xz_visible(v_o.handler_path), false))
          OR coalesce(v_user = ANY (v_o.watcher_user_ids), false)) THEN
    RAISE EXCEPTION 'xz:OUT_OF_SCOPE';
  END IF;
  v_id := nextval(pg_get_serial_sequence('wo_orders', 'id'));
  v_number := (p->>'number_prefix') || CASE WHEN length(v_id::text) < 7 THEN lpad(v_id::text, 7, '0') ELSE v_id::text END;
  IF (p->>'person_id') IS NOT NULL THEN
    SELECT name INTO v_reporter FROM persons WHERE id = (p->>'person_id')::int AND xz_visible(path);
    IF v_reporter IS NOT NULL THEN v_o.reporter_name := v_reporter; END IF;
  END IF;
  INSERT INTO wo_orders (county_code, id, number, source, source_ref, category_code, emergency, title, description, search_tokens, address,
    lon, lat, path, town_code, village_code, group_code, status, version, handler_level, handler_region_code, handler_unit_id, handler_path,
    handler_name, supervision_level, supervised_at, confidential, reporter_user_id, reporter_name, watcher_user_ids, created_at, updated_at,
    dispatched_at, sign_due_at, signed_at, first_sign_due_at, first_signed_at, sign_on_time, resolve_due_at, resolved_at, first_resolved_at,
    resolved_on_time, send_back_due_at, extension_status, extension_days, extension_total_days, suspended_at, reopen_count, rating,
    first_rating, rating_comment, closed_at, merged_into_id, open311_token)
  VALUES (v_county, v_id, v_number, v_o.source, v_o.source_ref, v_o.category_code, v_o.emergency, v_o.title, v_o.description, v_o.search_tokens,
    v_o.address, v_o.lon, v_o.lat, v_o.path, v_o.town_code, v_o.village_code, v_o.group_code, v_o.status, v_o.version, v_o.handler_level,
    v_o.handler_region_code, v_o.handler_unit_id, v_o.handler_path, v_o.handler_name, v_o.supervision_level, v_o.supervised_at, v_o.confidential,
    v_o.reporter_user_id, v_o.reporter_name, v_o.watcher_user_ids, v_o.created_at, v_o.updated_at, v_o.dispatched_at, v_o.sign_due_at,
    v_o.signed_at, v_o.first_sign_due_at, v_o.first_signed_at, v_o.sign_on_time, v_o.resolve_due_at, v_o.resolved_at, v_o.first_resolved_at,
    v_o.resolved_on_time, v_o.send_back_due_at, v_o.extension_status, v_o.extension_days, v_o.extension_total_days, v_o.suspended_at,
    v_o.reopen_count, v_o.rating, v_o.first_rating, v_o.rating_comment, v_o.closed_at, v_o.merged_into_id, v_o.open311_token)
  RETURNING * INTO v_o;

  -- 4. Timeline: the intake, and the automatic dispatch when the category has one.
  INSERT INTO wo_events (county_code, order_id, actor_user_id, actor_name, action, from_status, to_status, note, data)
  VALUES (v_county, v_id, v_user, p->>'actor_name', 'intake', NULL, 'received', coalesce(p#>>'{intake_event,note}', ''), coalesce(p#>'{intake_event,data}', '{}'))
  RETURNING id, jsonb_build_array(to_jsonb(wo_events.*)) INTO v_event_id, v_events;
  IF jsonb_typeof(p->'dispatch_event') = 'object' THEN
    INSERT INTO wo_events (county_code, order_id, actor_user_id, actor_name, action, from_status, to_status, note, data)
    VALUES (v_county, v_id, NULL, p#>>'{dispatch_event,actor_name}', 'dispatch', 'received', 'dispatched', '', coalesce(p#>'{dispatch_event,data}', '{}'))
    RETURNING v_events || jsonb_build_array(to_jsonb(wo_events.*)) INTO v_events;
  END IF;

  -- 5. Photos the caller uploaded and nobody has used yet, bound to the intake step.
  IF jsonb_typeof(p->'attachment_ids') = 'array' AND jsonb_array_length(p->'attachment_ids') > 0 THEN
    SELECT array_agg(DISTINCT x::bigint) INTO v_wanted FROM jsonb_array_elements_text(p->'attachment_ids') x;
    WITH bound AS (
      UPDATE wo_attachments SET order_id = v_id, event_id = v_event_id
       WHERE county_code = v_county AND id = ANY (v_wanted) AND order_id IS NULL AND uploaded_by = v_user
      RETURNING id, file_name, mime, size, event_id)
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'file_name', file_name, 'mime', mime, 'size', size, 'event_id', event_id) ORDER BY id), '[]')
      INTO v_files FROM bound;
    IF v_user IS NULL OR jsonb_array_length(v_files) <> cardinality(v_wanted) THEN RAISE EXCEPTION 'xz:BAD_ATTACHMENT'; END IF;
  END IF;

  -- 6. The requester (phone encrypted by the app), and the "accepted" notice for one with an account.
  IF jsonb_typeof(p->'requester') = 'object' THEN
    v_req_user := (p#>>'{requester,user_id}')::int;
    INSERT INTO wo_requesters (county_code, order_id, name, phone_cipher, phone_hash, phone_mask, confidential, wants_callback, user_id)
    VALUES (v_county, v_id, coalesce(p#>>'{requester,name}', CASE WHEN (p#>>'{requester,name_is_reporter}')::boolean THEN v_o.reporter_name END),
            p#>>'{requester,phone_cipher}', p#>>'{requester,phone_hash}', p#>>'{requester,phone_mask}',
            coalesce((p#>>'{requester,confidential}')::boolean, false), coalesce((p#>>'{requester,wants_callback}')::boolean, true), v_req_user)
    RETURNING id, jsonb_build_object('id', id, 'name', name, 'phone_mask', phone_mask, 'confidential', confidential, 'wants_callback', wants_callback,
                                     'from_order_id', from_order_id, 'notified_at', notified_at)
      INTO v_req_id, v_req;
    IF jsonb_typeof(p->'notice') = 'object' AND v_req_user IS NOT NULL THEN
      INSERT INTO wo_notices (county_code, order_id, requester_id, user_id, kind, text)
      VALUES (v_county, v_id, v_req_id, v_req_user, 'accepted', (p#>>'{notice,before}') || v_number || (p#>>'{notice,after}'));
    END IF;
  END IF;

  -- 7. The domain event for the cockpit (SSE).
  INSERT INTO outbox (county_code, type, path, payload)
  VALUES (v_county, 'workorder.created', v_o.path, coalesce(p->'event', '{}') || jsonb_build_object('id', v_id, 'number', v_number));

  -- 8. Duplicate candidates: same category, open, in the window and the box, visible to the caller.
  IF jsonb_typeof(p->'dup') = 'object' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number, 'title', d.title, 'status', d.status, 'created_at', d.created_at,
                                                 'lon', d.lon, 'lat', d.lat, 'category_code', d.category_code) ORDER BY d.created_at), '[]')
      INTO v_cands
      FROM (SELECT o.id, o.number, o.title, o.status, o.created_at, o.lon, o.lat, o.category_code FROM wo_orders o
             WHERE o.county_code = v_county AND o.category_code = v_o.category_code
               AND o.created_at BETWEEN (p#>>'{dup,from}')::timestamptz AND (p#>>'{dup,to}')::timestamptz
               AND o.lon BETWEEN (p#>>'{dup,min_lon}')::float8 AND (p#>>'{dup,max_lon}')::float8
               AND o.lat BETWEEN (p#>>'{dup,min_lat}')::float8 AND (p#>>'{dup,max_lat}')::float8
               AND o.status NOT IN ('closed', 'merged', 'cancelled') AND o.id <> v_id
               AND (xz_visible(o.path) OR (o.handler_path IS NOT NULL AND xz_visible(o.handler_path)) OR v_user = ANY (o.watcher_user_ids))
             ORDER BY o.created_at LIMIT 20) d;
  END IF;

  -- 9. The caller's departments (the detail's allowed actions), when the handler is one.
  IF (p->>'want_units')::boolean AND v_user IS NOT NULL THEN
    SELECT coalesce(jsonb_agg(m.unit_id ORDER BY m.unit_id), '[]') INTO v_units FROM wo_unit_members m WHERE m.user_id = v_user AND m.county_code = v_county;
  END IF;

  v_result := jsonb_build_object('v', 2, 'order', to_jsonb(v_o) - 'search_tokens', 'events', v_events, 'requester', v_req,
                                 'attachments', v_files, 'candidates', v_cands, 'unit_ids', v_units);
  IF v_key IS NOT NULL AND v_user IS NOT NULL THEN
    INSERT INTO idempotency_keys (user_id, key, route, status_code, response) VALUES (v_user, v_key, p->>'fingerprint', 201, v_result)
    ON CONFLICT DO NOTHING;
    -- Taken meanwhile by another route's request (platform/http/idempotency claims without this lock).
    IF NOT FOUND THEN RAISE EXCEPTION 'xz:KEY_REUSED'; END IF;
  END IF;

  -- 10. Last: the audit append holds its chain's lock until the commit, which follows at once.
  PERFORM xz_audit_append(v_county, v_user, p->>'actor_name', 'workorder.intake', 'wo_order', v_number, v_o.path, NULL,
    jsonb_build_object('id', v_id, 'number', v_number) || coalesce(p->'audit_after', '{}'), p->>'ip');
  RETURN jsonb_build_object('outcome', 'created', 'result', v_result);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION xz_wo_intake(jsonb) FROM PUBLIC;
