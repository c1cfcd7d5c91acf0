CREATE TABLE "accountability_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"occurred_on" date NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"review" jsonb,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"decision" text,
	"reasoning" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballot_codes" (
	"code_hash" varchar(64) PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"round_id" integer NOT NULL,
	"subject_id" integer NOT NULL,
	"voter_group" text NOT NULL,
	"used" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"round_id" integer NOT NULL,
	"subject_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"voter_group" text NOT NULL,
	"choice" text NOT NULL,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	CONSTRAINT "ballots_subject_id_seq_pk" PRIMARY KEY("subject_id","seq")
);
--> statement-breakpoint
CREATE TABLE "cadre_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadre_honors" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"citation" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"awarded_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadre_plan_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"plan_id" integer NOT NULL,
	"year" integer NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadre_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadre_points_handoffs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"category" text NOT NULL,
	"points" double precision NOT NULL,
	"reason" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"posted_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadres" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"person_id" integer NOT NULL,
	"name" text NOT NULL,
	"sex" varchar(1) NOT NULL,
	"birth_date" date NOT NULL,
	"post" text NOT NULL,
	"education" text NOT NULL,
	"political_status" text NOT NULL,
	"source_channel" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"is_reserve" boolean DEFAULT false NOT NULL,
	"term_start" date,
	"term_end" date,
	"joined_on" date NOT NULL,
	"left_on" date,
	"left_reason" text,
	"pay_post" varchar(1) NOT NULL,
	"pay_level" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"checked_on" date NOT NULL,
	"examiners" text NOT NULL,
	"scores" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"weak_items" integer[] DEFAULT '{}' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"session_id" integer
);
--> statement-breakpoint
CREATE TABLE "capacity_followups" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"check_id" integer NOT NULL,
	"item" integer NOT NULL,
	"action" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "correction_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"case_id" integer NOT NULL,
	"measure" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "cultivation_milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"plan_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "cultivation_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"application_id" integer,
	"mentors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"completed_on" date
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"config" jsonb NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evaluation_subjects" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"up_scores" jsonb,
	"up_total" double precision,
	"up_scored_by" text,
	"up_scored_at" timestamp with time zone,
	"codes_issued" integer DEFAULT 0 NOT NULL,
	"ballot_count" integer DEFAULT 0 NOT NULL,
	"chain_head" varchar(64) NOT NULL,
	"tally" jsonb,
	"down_score" double precision,
	"total" double precision,
	"grade" text,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"promotion_eligible" boolean DEFAULT false NOT NULL,
	"points_posted" double precision
);
--> statement-breakpoint
CREATE TABLE "evaluation_voters" (
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"subject_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"voter_group" text NOT NULL,
	CONSTRAINT "evaluation_voters_subject_id_person_id_pk" PRIMARY KEY("subject_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "exemption_scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"code" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_cycles" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"year" integer NOT NULL,
	"period" integer NOT NULL,
	"slots" integer NOT NULL,
	"votes_per_cadre" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cycle_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposer_cadre_id" integer,
	"proposer_name" text NOT NULL,
	"session_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cycle_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"cadre_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pay_level_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"from_post" varchar(1) NOT NULL,
	"to_post" varchar(1) NOT NULL,
	"from_level" integer NOT NULL,
	"to_level" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"effective_on" date NOT NULL,
	"evaluation_subject_id" integer,
	"by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pay_scales" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"amounts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"channel" text NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"quota" integer NOT NULL,
	"rule" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_candidates" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"batch_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"education" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"score" double precision,
	"rank" integer,
	"status" text DEFAULT 'candidate' NOT NULL,
	"note" text,
	"cadre_id" integer
);
--> statement-breakpoint
CREATE TABLE "seed_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"special_id" integer NOT NULL,
	"date" date NOT NULL,
	"summary" text NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seed_pool_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"cadre_id" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"nominated_by" text NOT NULL,
	"nominated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_note" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"admitted_on" date,
	"left_on" date
);
--> statement-breakpoint
CREATE TABLE "seed_specials" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"partner" text DEFAULT '' NOT NULL,
	"organization_id" integer,
	"assigned_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"round_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"birth_date" date NOT NULL,
	"age_on_reference" integer NOT NULL,
	"education" text NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"exam_score" double precision,
	"interview_score" double precision,
	"total_score" double precision,
	"rank" integer,
	"cadre_id" integer,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"reference_date" date NOT NULL,
	"age_limit" integer DEFAULT 35 NOT NULL,
	"min_education" text NOT NULL,
	"posts" integer NOT NULL,
	"exam_weight" double precision NOT NULL,
	"interview_weight" double precision NOT NULL,
	"apply_until" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_matter_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"matter_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"level" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_matters" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"session_id" integer NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"department" text NOT NULL,
	"raised_by_cadre_id" integer,
	"level" text DEFAULT 'assign' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_on" date NOT NULL,
	"resolved_on" date,
	"resolution" text,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"session_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"status" text NOT NULL,
	"role" text DEFAULT 'participant' NOT NULL,
	"credit_hours" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"program_id" integer NOT NULL,
	"title" text NOT NULL,
	"teacher" text DEFAULT '' NOT NULL,
	"credit_hours" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_enrollments" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"program_id" integer NOT NULL,
	"cadre_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_programs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"year" integer NOT NULL,
	"season" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"program_id" integer,
	"course_id" integer,
	"forum_topic_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"credit_hours" double precision DEFAULT 0 NOT NULL,
	"group_name" text,
	"theme" text,
	"stream_url" text,
	"viewers" integer,
	"summary" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "accountability_cases_path_gist" ON "accountability_cases" USING gist ("path");--> statement-breakpoint
CREATE INDEX "accountability_cases_cadre_idx" ON "accountability_cases" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "ballot_codes_subject_idx" ON "ballot_codes" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "cadre_events_cadre_idx" ON "cadre_events" USING btree ("cadre_id","date");--> statement-breakpoint
CREATE INDEX "cadre_events_path_gist" ON "cadre_events" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_honors_uq" ON "cadre_honors" USING btree ("cadre_id","year","kind");--> statement-breakpoint
CREATE INDEX "cadre_honors_path_gist" ON "cadre_honors" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_plan_targets_uq" ON "cadre_plan_targets" USING btree ("plan_id","year","metric");--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_plans_county_uq" ON "cadre_plans" USING btree ("county_code","start_year");--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_points_handoffs_source_uq" ON "cadre_points_handoffs" USING btree ("source_type","source_id","category");--> statement-breakpoint
CREATE INDEX "cadre_points_handoffs_cadre_idx" ON "cadre_points_handoffs" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "cadres_path_gist" ON "cadres" USING gist ("path");--> statement-breakpoint
CREATE INDEX "cadres_person_idx" ON "cadres" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "cadres_village_idx" ON "cadres" USING btree ("village_code","post");--> statement-breakpoint
CREATE UNIQUE INDEX "cadres_active_person_uq" ON "cadres" USING btree ("person_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "capacity_checks_cadre_idx" ON "capacity_checks" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "capacity_checks_path_gist" ON "capacity_checks" USING gist ("path");--> statement-breakpoint
CREATE INDEX "capacity_followups_check_idx" ON "capacity_followups" USING btree ("check_id");--> statement-breakpoint
CREATE INDEX "correction_items_case_idx" ON "correction_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cultivation_milestones_plan_idx" ON "cultivation_milestones" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "cultivation_plans_cadre_uq" ON "cultivation_plans" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "cultivation_plans_path_gist" ON "cultivation_plans" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_rounds_year_uq" ON "evaluation_rounds" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_subjects_uq" ON "evaluation_subjects" USING btree ("round_id","cadre_id");--> statement-breakpoint
CREATE INDEX "evaluation_subjects_path_gist" ON "evaluation_subjects" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "exemption_scenarios_uq" ON "exemption_scenarios" USING btree ("county_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_cycles_uq" ON "forum_cycles" USING btree ("county_code","year","period");--> statement-breakpoint
CREATE INDEX "forum_topics_cycle_idx" ON "forum_topics" USING btree ("cycle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_votes_uq" ON "forum_votes" USING btree ("topic_id","cadre_id");--> statement-breakpoint
CREATE INDEX "forum_votes_cycle_idx" ON "forum_votes" USING btree ("cycle_id","cadre_id");--> statement-breakpoint
CREATE INDEX "pay_level_changes_cadre_idx" ON "pay_level_changes" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_scales_uq" ON "pay_scales" USING btree ("county_code","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_batches_uq" ON "recruitment_batches" USING btree ("county_code","channel","year");--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_candidates_uq" ON "recruitment_candidates" USING btree ("batch_id","person_id");--> statement-breakpoint
CREATE INDEX "recruitment_candidates_path_gist" ON "recruitment_candidates" USING gist ("path");--> statement-breakpoint
CREATE INDEX "seed_activities_special_idx" ON "seed_activities" USING btree ("special_id","date");--> statement-breakpoint
CREATE INDEX "seed_pool_members_path_gist" ON "seed_pool_members" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "seed_pool_members_live_uq" ON "seed_pool_members" USING btree ("cadre_id") WHERE status in ('nominated', 'reviewed', 'admitted');--> statement-breakpoint
CREATE UNIQUE INDEX "seed_specials_member_kind_uq" ON "seed_specials" USING btree ("member_id","kind");--> statement-breakpoint
CREATE INDEX "seed_specials_path_gist" ON "seed_specials" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "selection_applications_uq" ON "selection_applications" USING btree ("round_id","person_id");--> statement-breakpoint
CREATE INDEX "selection_applications_path_gist" ON "selection_applications" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "selection_rounds_year_uq" ON "selection_rounds" USING btree ("county_code","year");--> statement-breakpoint
CREATE INDEX "session_matter_steps_matter_idx" ON "session_matter_steps" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "session_matters_session_idx" ON "session_matters" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "session_matters_path_gist" ON "session_matters" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "training_attendance_uq" ON "training_attendance" USING btree ("session_id","cadre_id");--> statement-breakpoint
CREATE INDEX "training_attendance_cadre_idx" ON "training_attendance" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "training_attendance_path_gist" ON "training_attendance" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrollments_uq" ON "training_enrollments" USING btree ("program_id","cadre_id");--> statement-breakpoint
CREATE INDEX "training_enrollments_path_gist" ON "training_enrollments" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "training_programs_uq" ON "training_programs" USING btree ("county_code","year","season");--> statement-breakpoint
CREATE INDEX "training_sessions_kind_idx" ON "training_sessions" USING btree ("kind","starts_at");--> statement-breakpoint
CREATE INDEX "training_sessions_path_gist" ON "training_sessions" USING gist ("path");