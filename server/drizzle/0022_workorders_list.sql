-- Work-order lists without row-level security in the planner's way.
--
-- Under the four-arm policy on wo_orders (the place, the handler's region, the watchers, the
-- department's members) no index can serve the scope: a village officer's "everything" or a
-- town's newest orders scanned the county's year of orders until enough matched. xz_wo_list finds
-- the page and the (capped) count itself, as literal, indexable conditions, one branch per arm
-- of the policy, read from the caller's own scope settings (xz.root, xz.subtrees, xz.exact,
-- xz.user). Together the branches select exactly the rows the policy lets the caller see:
--  * the place: path <@ each visible subtree (with the town/village/group code equality that
--    the code indexes serve, ordered by time), or path ? the exact patterns of an "own" scope;
--  * the handler's region: an order whose handler_path contains its own path is already in the
--    place branch of any subtree that holds the handler; only the rare "displaced" ones (handed
--    to another region) need their own branch, served by a small partial index;
--  * the watchers (gin) and the department units of the caller (partial index).
-- It returns ids only; the caller reads the page under row-level security as before. Filters come
-- as one jsonb object and are quoted into the statement with format(%L).
DROP INDEX IF EXISTS "wo_orders_handler_unit_idx";--> statement-breakpoint
CREATE INDEX "wo_orders_handler_unit_idx" ON "wo_orders" USING btree ("county_code","handler_unit_id","created_at") WHERE handler_level = 'department';--> statement-breakpoint
CREATE INDEX "wo_orders_displaced_idx" ON "wo_orders" USING btree ("county_code","handler_path") INCLUDE ("id") WHERE handler_path IS NOT NULL AND NOT (handler_path @> path);--> statement-breakpoint
-- Open orders (the dispatcher's queues, "overdue", a town's open matters of a category): paged,
-- and often counted, from this small index alone, with what those filters test included.
CREATE INDEX "wo_orders_open_idx" ON "wo_orders" USING btree ("county_code","created_at") INCLUDE ("id","status","category_code","town_code","village_code","path","signed_at","sign_due_at","resolve_due_at") WHERE status in ('dispatched','signed_for','in_progress','reopened');--> statement-breakpoint
-- The escalation sweep's index, narrowed to what the sweep asks (not yet at 查办): sharing the
-- open-order index's predicate, the planner took it for a cheap bitmap in list counts.
DROP INDEX IF EXISTS "wo_orders_open_due_idx";--> statement-breakpoint
CREATE INDEX "wo_orders_open_due_idx" ON "wo_orders" USING btree ("resolve_due_at") WHERE status in ('dispatched','signed_for','in_progress','reopened') AND supervision_level <> 'investigate';--> statement-breakpoint
-- No GiST index on the orders' place: row-level security cannot use it for the policy's OR, the
-- list function reads places through the btree indexes, and its estimates for <@ and for ranges
-- (a handful of rows where a village has thousands) drew the planner into bitmap scans and sorts
-- of a whole village; it also cost every intake a GiST insert.
DROP INDEX IF EXISTS "wo_orders_path_gist";--> statement-breakpoint
-- A region's orders as a range of paths: a count of a village's or town's orders (up to the cap)
-- reads this index alone, where the code indexes above must visit every row for its path.
CREATE INDEX "wo_orders_path_idx" ON "wo_orders" USING btree ("county_code","path") INCLUDE ("id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION xz_wo_list(p_county varchar, p_filter jsonb, p_limit integer, p_offset integer, p_count_cap integer)
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET max_parallel_workers_per_gather = 0 SET jit = off SET work_mem = '64MB' AS $$
DECLARE
  v_root ltree := nullif(current_setting('xz.root', true), '')::ltree;
  v_subtrees ltree[] := coalesce(string_to_array(nullif(current_setting('xz.subtrees', true), ''), ',')::ltree[], '{}'::ltree[]);
  v_exact lquery[] := coalesce(string_to_array(nullif(current_setting('xz.exact', true), ''), ',')::lquery[], '{}'::lquery[]);
  v_exact_roots ltree[] := coalesce(string_to_array(nullif(current_setting('xz.exact_roots', true), ''), ',')::ltree[], '{}'::ltree[]);
  v_user integer := nullif(current_setting('xz.user', true), '')::integer;
  v_units integer[] := '{}';
  v_where text := format('o.county_code = %L', p_county);
  v_arms text[] := '{}';
  v_count_arms text[] := '{}';
  v_upper text;
  v_prefix text;
  v_displaced bigint[];
  v_whole boolean := false;
  v_subtree ltree;
  v_region record;
  v_arm text;
  v_page text := '';
  v_count text := '';
  v_total bigint;
  v_ids integer[];
BEGIN
  IF v_root IS NULL THEN
    RETURN jsonb_build_object('total', 0, 'ids', '[]'::jsonb);
  END IF;
  IF v_user IS NOT NULL THEN
    SELECT coalesce(array_agg(m.unit_id), '{}') INTO v_units FROM wo_unit_members m WHERE m.user_id = v_user;
  END IF;

  -- The filters (what listOrders' filterConditions asked of the policy-protected table before).
  IF p_filter ? 'status' THEN
    v_where := v_where || format(' AND o.status = ANY (%L::text[])', ARRAY(SELECT jsonb_array_elements_text(p_filter->'status')));
  END IF;
  IF p_filter ? 'categories' THEN
    v_where := v_where || format(' AND o.category_code = ANY (%L::text[])', ARRAY(SELECT jsonb_array_elements_text(p_filter->'categories')));
  END IF;
  IF p_filter ? 'source' THEN
    v_where := v_where || format(' AND o.source = %L', p_filter->>'source');
  END IF;
  IF p_filter ? 'regionPath' THEN
    v_where := v_where || format(' AND o.path <@ %L::ltree', p_filter->>'regionPath')
      || CASE p_filter->>'regionLevel'
           WHEN 'town' THEN format(' AND o.town_code = %L', p_filter->>'regionCode')
           WHEN 'village' THEN format(' AND o.village_code = %L', p_filter->>'regionCode')
           WHEN 'group' THEN format(' AND o.group_code = %L', p_filter->>'regionCode')
           ELSE '' END;
  END IF;
  IF p_filter ? 'from' THEN
    v_where := v_where || format(' AND o.created_at >= %L::timestamptz', p_filter->>'from');
  END IF;
  IF p_filter ? 'to' THEN
    v_where := v_where || format(' AND o.created_at < %L::timestamptz', p_filter->>'to');
  END IF;
  IF p_filter ? 'number' THEN
    v_where := v_where || format(' AND o.number = %L', p_filter->>'number');
  END IF;
  IF p_filter ? 'tsquery' THEN
    v_where := v_where || format(' AND o.search_tokens @@ %L::tsquery', p_filter->>'tsquery');
  END IF;
  IF p_filter ? 'like' THEN
    v_where := v_where || format(' AND (o.title LIKE %1$L OR o.description LIKE %1$L OR o.address LIKE %1$L)', p_filter->>'like');
  END IF;
  IF p_filter ? 'supervision' THEN
    v_where := v_where || format(' AND o.supervision_level = %L', p_filter->>'supervision');
  END IF;
  IF p_filter ? 'overdue' THEN
    v_where := v_where || CASE WHEN (p_filter->>'overdue')::boolean THEN ' AND ' ELSE ' AND NOT ' END
      || '(o.status IN (''dispatched'',''signed_for'',''in_progress'',''reopened'') AND ((o.signed_at IS NULL AND o.sign_due_at < now()) OR o.resolve_due_at < now()))';
  END IF;
  IF p_filter ? 'emergency' THEN
    v_where := v_where || format(' AND o.emergency = %L::boolean', p_filter->>'emergency');
  END IF;
  IF p_filter ? 'ids' THEN
    v_where := v_where || format(' AND o.id = ANY (%L::integer[])', ARRAY(SELECT jsonb_array_elements_text(p_filter->'ids'))::integer[]);
  END IF;
  IF p_filter->>'mine' = 'reported' THEN
    v_where := v_where || CASE WHEN v_user IS NULL THEN ' AND false' ELSE format(' AND o.watcher_user_ids @> ARRAY[%s]::integer[]', v_user) END;
  ELSIF p_filter->>'mine' = 'handling' THEN
    v_where := v_where || format(' AND ((o.handler_level <> ''department'' AND o.handler_path = ANY (%L::ltree[])) OR (o.handler_level = ''department'' AND o.handler_unit_id = ANY (%L::integer[])))',
      v_subtrees || v_exact_roots, v_units);
  END IF;

  -- The branches of the policy, each an indexable condition.
  FOREACH v_subtree IN ARRAY v_subtrees LOOP
    CONTINUE WHEN NOT v_subtree <@ v_root;
    IF nlevel(v_subtree) = 1 AND v_subtree::text = 'c' || p_county THEN
      v_whole := true; -- the whole county: every order of it is visible
      EXIT;
    END IF;
    SELECT r.code, r.level INTO v_region FROM regions r WHERE r.path = v_subtree;
    -- The subtree as a range of paths: every descendant of a.b.v008 lies in [a.b.v008, a.b.v0080),
    -- and the text prefix test keeps exactly the descendants (a label such as v0080 also falls in
    -- the range). Unlike <@, neither is taken for the GiST indexes, whose estimates mislead here.
    v_upper := CASE WHEN nlevel(v_subtree) > 1 THEN subpath(v_subtree, 0, nlevel(v_subtree) - 1)::text || '.' ELSE '' END
               || subpath(v_subtree, nlevel(v_subtree) - 1)::text || '0';
    v_prefix := replace(v_subtree::text, '_', '\_') || '.%';
    -- Place: paged newest first through the code indexes; counted from wo_orders_path_idx alone.
    v_arms := v_arms || (format('o.path <@ %L::ltree', v_subtree)
      || CASE WHEN v_region.level = 'town' THEN format(' AND o.town_code = %L', v_region.code)
              WHEN v_region.level = 'village' THEN format(' AND o.village_code = %L', v_region.code)
              WHEN v_region.level = 'group' THEN format(' AND o.group_code = %L', v_region.code)
              ELSE '' END);
    v_count_arms := v_count_arms || format('o.path >= %L::ltree AND o.path < %L::ltree AND (o.path::text || ''.'') LIKE %L', v_subtree, v_upper, v_prefix);
    -- Held here but placed elsewhere ("displaced"): rare, so their ids are looked up first in their
    -- small partial index (the planner has no statistics for its predicate and would misjudge a
    -- branch that combined it with the filters); none, no branch.
    EXECUTE format('SELECT array_agg(d.id) FROM (SELECT o.id FROM wo_orders o WHERE o.county_code = %L AND o.handler_path IS NOT NULL
        AND NOT (o.handler_path @> o.path) AND o.handler_path >= %L::ltree AND o.handler_path < %L::ltree AND (o.handler_path::text || ''.'') LIKE %L LIMIT 5001) d',
      p_county, v_subtree, v_upper, v_prefix) INTO v_displaced;
    IF v_displaced IS NOT NULL THEN
      v_arm := CASE WHEN cardinality(v_displaced) <= 5000 THEN format('o.id = ANY (%L::bigint[])', v_displaced)
                    ELSE format('o.handler_path IS NOT NULL AND NOT (o.handler_path @> o.path) AND o.handler_path <@ %L::ltree', v_subtree) END;
      v_arms := v_arms || v_arm;
      v_count_arms := v_count_arms || v_arm;
    END IF;
  END LOOP;
  IF v_whole THEN
    v_arms := ARRAY['true'];
    v_count_arms := v_arms;
  ELSE
    IF cardinality(v_exact) > 0 THEN
      v_arms := v_arms || format('o.path <@ %1$L::ltree AND o.path ? %2$L::lquery[]', v_root, v_exact)
                       || format('o.handler_path <@ %1$L::ltree AND o.handler_path ? %2$L::lquery[]', v_root, v_exact);
    END IF;
    IF v_user IS NOT NULL THEN
      v_arms := v_arms || format('o.watcher_user_ids @> ARRAY[%s]::integer[]', v_user);
      IF cardinality(v_units) > 0 THEN
        v_arms := v_arms || format('o.handler_level = ''department'' AND o.handler_unit_id = ANY (%L::integer[])', v_units);
      END IF;
    END IF;
  END IF;
  IF cardinality(v_arms) = 0 THEN
    RETURN jsonb_build_object('total', 0, 'ids', '[]'::jsonb);
  END IF;
  IF NOT v_whole THEN
    -- The branches after the subtrees' (exact patterns, watchers, units) are counted as they are paged.
    v_count_arms := v_count_arms || v_arms[cardinality(v_count_arms) + 1 :];
  END IF;

  -- Each branch is cut at what the page or the count can use; UNION removes orders found twice.
  -- The count is exact below the cap: if every branch has fewer rows than the cap, each was read
  -- whole; if one reached it, the union holds at least the cap.
  FOREACH v_arm IN ARRAY v_arms LOOP
    v_page := v_page || CASE WHEN v_page = '' THEN '' ELSE ' UNION ' END
      || format('(SELECT o.id, o.created_at FROM wo_orders o WHERE %s AND %s ORDER BY o.created_at DESC, o.id DESC LIMIT %s)', v_where, v_arm, p_limit + p_offset);
  END LOOP;
  FOREACH v_arm IN ARRAY v_count_arms LOOP
    v_count := v_count || CASE WHEN v_count = '' THEN '' ELSE ' UNION ' END
      || format('(SELECT o.id FROM wo_orders o WHERE %s AND %s LIMIT %s)', v_where, v_arm, p_count_cap);
  END LOOP;
  EXECUTE 'SELECT count(*) FROM (' || v_count || ') u' INTO v_total;
  EXECUTE 'SELECT coalesce(array_agg(p.id ORDER BY p.created_at DESC, p.id DESC), ''{}'') FROM (SELECT u.id, u.created_at FROM ('
    || v_page || format(') u ORDER BY u.created_at DESC, u.id DESC LIMIT %s OFFSET %s) p', p_limit, p_offset) INTO v_ids;
  RETURN jsonb_build_object('total', least(v_total, p_count_cap), 'ids', to_jsonb(v_ids));
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION xz_wo_list(varchar, jsonb, integer, integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION xz_wo_list(varchar, jsonb, integer, integer, integer) TO xz_app;
