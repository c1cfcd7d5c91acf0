-- A proposed posting in one statement (issue 4: ≥ 1,000 postings/s through the API). A proposal was
-- eleven statements (BEGIN, scope settings, idempotency claim, the context read, cap usage lock,
-- insert, usage, read-back, outbox, idempotency answer, audit, COMMIT), each planned under
-- row-level security. Now the app admits the posting with its pure rules (rules.ts, admitPosting)
-- against a cached catalog, once for every scheme of the county that has the item (the account's
-- scheme is only known here), and calls this function once, in autocommit.
--
-- It runs as its owner (no row-level security), so it applies the scope itself, as the policies of
-- 0006 would: it sets the caller's xz.* settings for this transaction and reads the account only if
-- xz_visible(path), the scheme and item only if visible or a scope ancestor. Then it re-checks what
-- the app could not know or what may have changed: the account (its scheme picks the candidate; it
-- must be active and of the item's sector), the catalog version, the item still active, no closed
-- period, and the cap against the usage row locked here. Any of these failing raises
-- 'xz:RECHECK:<reason>' (nothing written) and the app falls back to the transaction of before,
-- which answers with the same 4xx in the same order of precedence (or posts, if only its cache was
-- stale). Idempotency as 0021: a transaction advisory lock on (user, key), a replay of the stored
-- answer, the answer stored once at the end. The audit append is the last write.
-- Only the platform connection may call it (not xz_app, not PUBLIC).
CREATE OR REPLACE FUNCTION xz_pts_propose(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_county text := p->>'county';
  v_user int := (p->>'user')::int;
  v_key text := p->>'key';
  v_prev record;
  v_a record;
  v_c jsonb;
  v_used numeric;
  v_points numeric;
  v_row pts_postings%ROWTYPE;
  v_result jsonb;
BEGIN
  PERFORM set_config('xz.root', coalesce(p#>>'{scope,root}', ''), true), set_config('xz.subtrees', coalesce(p#>>'{scope,subtrees}', ''), true),
          set_config('xz.exact', coalesce(p#>>'{scope,exact}', ''), true), set_config('xz.exact_roots', coalesce(p#>>'{scope,exact_roots}', ''), true),
          set_config('xz.kind', coalesce(p#>>'{scope,kind}', ''), true), set_config('xz.user', coalesce(v_user::text, ''), true);

  -- 1. Idempotency first: a retry gets its first answer whatever changed since.
  IF v_key IS NOT NULL AND v_user IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('xz_idempotency'), hashtext(v_user::text || ':' || v_key));
    SELECT route, status_code, response INTO v_prev FROM idempotency_keys WHERE user_id = v_user AND key = v_key;
    IF FOUND THEN
      IF v_prev.route <> p->>'fingerprint' THEN RETURN jsonb_build_object('outcome', 'key_reused'); END IF;
      RETURN jsonb_build_object('outcome', 'replayed', 'result', v_prev.response);
    END IF;
  END IF;

  -- 2. The account, in the caller's scope (as pts_accounts_scope), and the candidate of its scheme.
  SELECT a.id, a.path, a.scheme_id, a.active, a.sector, a.label, a.owner_kind INTO v_a
    FROM pts_accounts a WHERE a.id = (p->>'account_id')::int AND coalesce(xz_visible(a.path), false);
  IF NOT FOUND THEN RAISE EXCEPTION 'xz:RECHECK:OUT_OF_SCOPE'; END IF;
  v_c := p->'candidates'->(v_a.scheme_id::text);
  IF v_c IS NULL THEN RAISE EXCEPTION 'xz:RECHECK:SCHEME'; END IF;
  IF NOT v_a.active OR (v_c->>'sector' IS NOT NULL AND v_c->>'sector' IS DISTINCT FROM v_a.sector) THEN
    RAISE EXCEPTION 'xz:RECHECK:ACCOUNT';
  END IF;

  -- 3. The catalog the app admitted with must still be the scheme's (as the read policies of 0006).
  IF NOT EXISTS (SELECT 1 FROM pts_schemes s WHERE s.id = v_a.scheme_id AND s.active AND s.version = (v_c->>'scheme_version')::int
                    AND (xz_visible(s.path) OR xz_is_scope_ancestor(s.path)))
     OR NOT EXISTS (SELECT 1 FROM pts_items i WHERE i.id = (v_c->>'item_id')::int AND i.scheme_id = v_a.scheme_id AND i.active
                    AND i.version = (v_c->>'item_version')::int AND (xz_visible(i.path) OR xz_is_scope_ancestor(i.path)))
  THEN
    RAISE EXCEPTION 'xz:RECHECK:CONFIG';
  END IF;

  -- 4. No period of the date closed.
  IF EXISTS (SELECT 1 FROM pts_periods pp WHERE pp.county_code = v_county AND pp.scheme_id = v_a.scheme_id
              AND pp.key IN (SELECT jsonb_array_elements_text(p->'period_keys'))) THEN
    RAISE EXCEPTION 'xz:RECHECK:PERIOD_CLOSED';
  END IF;

  -- 5. The cap, against the usage row locked here (concurrent proposals queue on it).
  v_points := (v_c->>'points')::numeric;
  IF v_c->>'cap_key' IS NOT NULL THEN
    INSERT INTO pts_usage AS u (county_code, account_id, item_id, period_key, path, used)
    VALUES (v_county, v_a.id, (v_c->>'item_id')::int, v_c->>'cap_key', v_a.path, 0)
    ON CONFLICT (county_code, account_id, item_id, period_key) DO UPDATE SET used = u.used
    RETURNING u.used INTO v_used;
    IF v_used + abs(v_points) > (v_c->>'cap')::numeric THEN RAISE EXCEPTION 'xz:RECHECK:OVER_CAP'; END IF;
    UPDATE pts_usage u SET used = u.used + abs(v_points)
     WHERE u.county_code = v_county AND u.account_id = v_a.id AND u.item_id = (v_c->>'item_id')::int AND u.period_key = v_c->>'cap_key';
  END IF;

  -- 6. The posting, proposed.
  INSERT INTO pts_postings (county_code, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on,
    cap_key, is_veto, is_zeroing, state, source, evidence, note, idempotency_key, proposed_by_user, proposed_by_name, proposed_at, effective_at)
  VALUES (v_county, v_a.path, v_a.scheme_id, (v_c->>'scheme_version')::int, (v_c->>'item_id')::int, v_c->>'item_code', v_c->>'item_name',
    v_c->>'category', v_a.id, v_points, (p->>'occurred_on')::date, v_c->>'cap_key', (v_c->>'is_veto')::boolean, (v_c->>'is_zeroing')::boolean,
    'proposed', 'manual', coalesce(p->'evidence', '{}'), coalesce(p->>'note', ''), NULL, v_user, p->>'actor_name', (p->>'now')::timestamptz, NULL)
  RETURNING * INTO v_row;

  -- 7. The domain event (as emit() writes it).
  INSERT INTO outbox (county_code, type, path, payload)
  VALUES (v_county, 'points.posting.proposed', v_a.path, jsonb_build_object('id', v_row.id, 'schemeId', v_row.scheme_id, 'points', v_row.points));

  -- 8. The answer (the row as written; the app makes the posting view of it), stored for retries.
  v_result := jsonb_build_object('v', 2, 'row', to_jsonb(v_row) || jsonb_build_object('account_label', v_a.label, 'owner_kind', v_a.owner_kind,
                                                                                     'reversed_by_id', NULL, 'open_objections', 0));
  IF v_key IS NOT NULL AND v_user IS NOT NULL THEN
    INSERT INTO idempotency_keys (user_id, key, route, status_code, response) VALUES (v_user, v_key, p->>'fingerprint', 201, v_result)
    ON CONFLICT DO NOTHING;
    -- Claimed meanwhile by the transaction path (platform/http/idempotency claims without this lock).
    IF NOT FOUND THEN RAISE EXCEPTION 'xz:RECHECK:KEY'; END IF;
  END IF;

  -- 9. Last: the audit append holds its chain's lock until the commit, which follows at once.
  PERFORM xz_audit_append(v_county, v_user, p->>'actor_name', 'points.posting.propose', 'points_posting', v_row.id::text, v_a.path, NULL,
    v_result->'row', p->>'ip');
  RETURN jsonb_build_object('outcome', 'created', 'result', v_result);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION xz_pts_propose(jsonb) FROM PUBLIC;
