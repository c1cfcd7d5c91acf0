-- The leader team (头雁): row-level scope for every table (see 0002_security.sql for xz_visible).
-- Rows of a village or town: visible in the caller's scope only.
ALTER TABLE cadres ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadres_scope ON cadres FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cadre_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadre_events_scope ON cadre_events FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE seed_pool_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY seed_pool_members_scope ON seed_pool_members FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE seed_specials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY seed_specials_scope ON seed_specials FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE seed_activities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY seed_activities_scope ON seed_activities FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE selection_applications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY selection_applications_scope ON selection_applications FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cultivation_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cultivation_plans_scope ON cultivation_plans FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cultivation_milestones ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cultivation_milestones_scope ON cultivation_milestones FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE recruitment_candidates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recruitment_candidates_scope ON recruitment_candidates FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE training_enrollments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_enrollments_scope ON training_enrollments FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE training_attendance ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_attendance_scope ON training_attendance FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE capacity_checks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY capacity_checks_scope ON capacity_checks FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE capacity_followups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY capacity_followups_scope ON capacity_followups FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE session_matters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY session_matters_scope ON session_matters FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE session_matter_steps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY session_matter_steps_scope ON session_matter_steps FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE pay_level_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pay_level_changes_scope ON pay_level_changes FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE evaluation_subjects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evaluation_subjects_scope ON evaluation_subjects FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE evaluation_voters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evaluation_voters_scope ON evaluation_voters FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE ballot_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ballot_codes_scope ON ballot_codes FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE ballots ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ballots_scope ON ballots FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cadre_points_handoffs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadre_points_handoffs_scope ON cadre_points_handoffs FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE accountability_cases ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY accountability_cases_scope ON accountability_cases FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE correction_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY correction_items_scope ON correction_items FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cadre_honors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadre_honors_scope ON cadre_honors FOR ALL TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
-- County-wide configuration (plans, rounds, programmes, pay tables, scenarios) sits at the county path:
-- readable from below like region ancestors, writable only by whoever holds the county in scope.
ALTER TABLE cadre_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadre_plans_read ON cadre_plans FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY cadre_plans_insert ON cadre_plans FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY cadre_plans_update ON cadre_plans FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY cadre_plans_delete ON cadre_plans FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE cadre_plan_targets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY cadre_plan_targets_read ON cadre_plan_targets FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY cadre_plan_targets_insert ON cadre_plan_targets FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY cadre_plan_targets_update ON cadre_plan_targets FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY cadre_plan_targets_delete ON cadre_plan_targets FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE selection_rounds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY selection_rounds_read ON selection_rounds FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY selection_rounds_insert ON selection_rounds FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY selection_rounds_update ON selection_rounds FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY selection_rounds_delete ON selection_rounds FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE recruitment_batches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recruitment_batches_read ON recruitment_batches FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY recruitment_batches_insert ON recruitment_batches FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY recruitment_batches_update ON recruitment_batches FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY recruitment_batches_delete ON recruitment_batches FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE training_programs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_programs_read ON training_programs FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY training_programs_insert ON training_programs FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_programs_update ON training_programs FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_programs_delete ON training_programs FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE training_courses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_courses_read ON training_courses FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY training_courses_insert ON training_courses FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_courses_update ON training_courses FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_courses_delete ON training_courses FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE training_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_sessions_read ON training_sessions FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY training_sessions_insert ON training_sessions FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_sessions_update ON training_sessions FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY training_sessions_delete ON training_sessions FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE forum_cycles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY forum_cycles_read ON forum_cycles FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY forum_cycles_insert ON forum_cycles FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_cycles_update ON forum_cycles FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_cycles_delete ON forum_cycles FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE pay_scales ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pay_scales_read ON pay_scales FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY pay_scales_insert ON pay_scales FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY pay_scales_update ON pay_scales FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY pay_scales_delete ON pay_scales FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE evaluation_rounds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evaluation_rounds_read ON evaluation_rounds FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY evaluation_rounds_insert ON evaluation_rounds FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY evaluation_rounds_update ON evaluation_rounds FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY evaluation_rounds_delete ON evaluation_rounds FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE exemption_scenarios ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exemption_scenarios_read ON exemption_scenarios FOR SELECT TO xz_app USING (xz_visible(path) OR xz_is_scope_ancestor(path));
--> statement-breakpoint
CREATE POLICY exemption_scenarios_insert ON exemption_scenarios FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY exemption_scenarios_update ON exemption_scenarios FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY exemption_scenarios_delete ON exemption_scenarios FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
-- Order-style forum topics and topic votes are open county-wide (secretaries of every town vote on
-- the same topics); a row is written at its proposer's or voter's own village.
CREATE OR REPLACE FUNCTION xz_same_county(p ltree) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p <@ subpath(nullif(current_setting('xz.root', true), '')::ltree, 0, 1)
$$;
--> statement-breakpoint
ALTER TABLE forum_topics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY forum_topics_read ON forum_topics FOR SELECT TO xz_app USING (xz_same_county(path));
--> statement-breakpoint
CREATE POLICY forum_topics_insert ON forum_topics FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_topics_update ON forum_topics FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_topics_delete ON forum_topics FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
ALTER TABLE forum_votes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY forum_votes_read ON forum_votes FOR SELECT TO xz_app USING (xz_same_county(path));
--> statement-breakpoint
CREATE POLICY forum_votes_insert ON forum_votes FOR INSERT TO xz_app WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_votes_update ON forum_votes FOR UPDATE TO xz_app USING (xz_visible(path)) WITH CHECK (xz_visible(path));
--> statement-breakpoint
CREATE POLICY forum_votes_delete ON forum_votes FOR DELETE TO xz_app USING (xz_visible(path));
--> statement-breakpoint
-- Ballot secrecy and tamper evidence, enforced below the application too:
-- ballots are insert-only; a code can only flip from unused to used; the voter register is insert-only;
--> statement-breakpoint
-- the career timeline is append-only.
REVOKE UPDATE, DELETE ON ballots FROM xz_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ballot_codes FROM xz_app;
--> statement-breakpoint
GRANT UPDATE (used) ON ballot_codes TO xz_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON evaluation_voters FROM xz_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON cadre_events FROM xz_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xz_ballot_code_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.used AND NOT NEW.used THEN
    RAISE EXCEPTION 'a used ballot code cannot be reset' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ballot_codes_once BEFORE UPDATE ON ballot_codes FOR EACH ROW EXECUTE FUNCTION xz_ballot_code_once();
--> statement-breakpoint
-- The vocabularies and ranges the code relies on, enforced by the database too.
ALTER TABLE cadres ADD CONSTRAINT cadres_post_ck CHECK (post IN ('secretary','director','deputy','member','staff','special_post'));
--> statement-breakpoint
ALTER TABLE cadres ADD CONSTRAINT cadres_status_ck CHECK (status IN ('active','left'));
--> statement-breakpoint
ALTER TABLE cadres ADD CONSTRAINT cadres_channel_ck CHECK (source_channel IN ('commissioned','veteran_points','grid_direct','exam_second','special_post','election','other'));
--> statement-breakpoint
ALTER TABLE cadres ADD CONSTRAINT cadres_pay_ck CHECK (pay_post IN ('A','B','C','D') AND pay_level BETWEEN 1 AND 15);
--> statement-breakpoint
ALTER TABLE cadres ADD CONSTRAINT cadres_sex_ck CHECK (sex IN ('M','F'));
--> statement-breakpoint
ALTER TABLE cadres ADD CONSTRAINT cadres_left_ck CHECK ((status = 'left') = (left_on IS NOT NULL) AND (left_on IS NULL OR left_on >= joined_on));
--> statement-breakpoint
ALTER TABLE seed_pool_members ADD CONSTRAINT seed_pool_status_ck CHECK (status IN ('nominated','reviewed','admitted','rejected','left'));
--> statement-breakpoint
ALTER TABLE seed_specials ADD CONSTRAINT seed_specials_kind_ck CHECK (kind IN ('city_leader','pilot_topic','partner_enterprise','stage'));
--> statement-breakpoint
ALTER TABLE selection_rounds ADD CONSTRAINT selection_rounds_ck CHECK (status IN ('open','scoring','ranked','appointed') AND posts > 0 AND age_limit BETWEEN 18 AND 60);
--> statement-breakpoint
ALTER TABLE selection_applications ADD CONSTRAINT selection_scores_ck CHECK ((exam_score IS NULL OR exam_score BETWEEN 0 AND 100) AND (interview_score IS NULL OR interview_score BETWEEN 0 AND 100));
--> statement-breakpoint
ALTER TABLE recruitment_batches ADD CONSTRAINT recruitment_batches_ck CHECK (channel IN ('veteran_points','grid_direct','exam_second') AND status IN ('open','ranked','closed') AND quota > 0);
--> statement-breakpoint
ALTER TABLE training_programs ADD CONSTRAINT training_programs_ck CHECK (season IN ('spring','winter') AND ends_on >= starts_on);
--> statement-breakpoint
ALTER TABLE training_sessions ADD CONSTRAINT training_sessions_ck CHECK (kind IN ('course','order_forum','group_forum','livestream_debate','secretary_speak','capacity_check') AND credit_hours BETWEEN 0 AND 24 AND status IN ('scheduled','held'));
--> statement-breakpoint
ALTER TABLE training_attendance ADD CONSTRAINT training_attendance_ck CHECK (status IN ('present','absent','leave') AND role IN ('participant','debater','speaker','host') AND credit_hours >= 0);
--> statement-breakpoint
ALTER TABLE forum_cycles ADD CONSTRAINT forum_cycles_ck CHECK (period BETWEEN 1 AND 6 AND status IN ('open','scheduled'));
--> statement-breakpoint
ALTER TABLE capacity_checks ADD CONSTRAINT capacity_checks_ck CHECK (total BETWEEN 0 AND 100);
--> statement-breakpoint
ALTER TABLE session_matters ADD CONSTRAINT session_matters_ck CHECK (level IN ('assign','supervise','investigate') AND status IN ('open','resolved'));
--> statement-breakpoint
ALTER TABLE pay_level_changes ADD CONSTRAINT pay_level_changes_ck CHECK (from_level BETWEEN 1 AND 15 AND to_level BETWEEN 1 AND 15);
--> statement-breakpoint
ALTER TABLE evaluation_rounds ADD CONSTRAINT evaluation_rounds_ck CHECK (status IN ('open','closed'));
--> statement-breakpoint
ALTER TABLE evaluation_subjects ADD CONSTRAINT evaluation_subjects_ck CHECK ((up_total IS NULL OR up_total BETWEEN 0 AND 100) AND outcome IN ('pending','graded','insufficient_sample','no_upward') AND (grade IS NULL OR grade IN ('excellent','competent','basic','incompetent')) AND ballot_count >= 0 AND codes_issued >= 0);
--> statement-breakpoint
ALTER TABLE ballots ADD CONSTRAINT ballots_ck CHECK (seq >= 1 AND choice IN ('excellent','competent','basic','incompetent'));
--> statement-breakpoint
ALTER TABLE accountability_cases ADD CONSTRAINT accountability_cases_ck CHECK (status IN ('registered','reviewed','decided','correcting','closed') AND (decision IS NULL OR decision IN ('exempt','reduced','lighter','none')));
--> statement-breakpoint
ALTER TABLE cadre_honors ADD CONSTRAINT cadre_honors_kind_ck CHECK (kind IN ('benchmark','excellent'));
