-- Casting a ballot in one round trip. The same three steps as before (lock the secretary's chain
-- head through the code, flip the code to used while the round is open, append the ballot and move
-- the head), now inside the database: a cast was five round trips (BEGIN, scope, lock, write,
-- COMMIT) and the round trips, not the work, set the pace of a county-wide vote.
-- The hash is the one rules.ts ballotHash computes: sha256 hex of prev|round|subject|seq|group|choice.
-- Outcomes: accepted (with the receipt), unknown, closed, used. Nothing is written unless accepted.
CREATE OR REPLACE FUNCTION xz_cast_ballot(p_county text, p_code_hash text, p_choice text)
  RETURNS TABLE (outcome text, receipt text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v record;
  v_seq integer;
  v_hash text;
BEGIN
  -- Ballots of one secretary queue on their subject row, so the chain has no gaps.
  SELECT s.id, s.round_id, s.chain_head, s.ballot_count, bc.voter_group, bc.path, bc.used, r.status INTO v
    FROM ballot_codes bc JOIN evaluation_subjects s ON s.id = bc.subject_id JOIN evaluation_rounds r ON r.id = bc.round_id
   WHERE bc.code_hash = p_code_hash AND bc.county_code = p_county
     FOR UPDATE OF s;
  IF NOT FOUND THEN RETURN QUERY SELECT 'unknown'::text, NULL::text; RETURN; END IF;
  IF v.status <> 'open' THEN RETURN QUERY SELECT 'closed'::text, NULL::text; RETURN; END IF;
  IF v.used THEN RETURN QUERY SELECT 'used'::text, NULL::text; RETURN; END IF;
  v_seq := v.ballot_count + 1;
  v_hash := encode(sha256(convert_to(concat_ws('|', v.chain_head, v.round_id, v.id, v_seq, v.voter_group, p_choice), 'UTF8')), 'hex');
  -- A fresh snapshot after the lock: the code may have been used, or the round closed, meanwhile.
  UPDATE ballot_codes SET used = true
   WHERE code_hash = p_code_hash AND NOT used
     AND EXISTS (SELECT 1 FROM evaluation_rounds r WHERE r.id = v.round_id AND r.status = 'open');
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM evaluation_rounds r WHERE r.id = v.round_id AND r.status = 'open') THEN
      RETURN QUERY SELECT 'used'::text, NULL::text;
    ELSE
      RETURN QUERY SELECT 'closed'::text, NULL::text;
    END IF;
    RETURN;
  END IF;
  INSERT INTO ballots (county_code, path, round_id, subject_id, seq, voter_group, choice, prev_hash, hash)
  VALUES (p_county, v.path, v.round_id, v.id, v_seq, v.voter_group, p_choice, v.chain_head, v_hash);
  UPDATE evaluation_subjects SET ballot_count = v_seq, chain_head = v_hash WHERE id = v.id;
  RETURN QUERY SELECT 'accepted'::text, v_hash;
END $$;
