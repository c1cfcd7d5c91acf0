CREATE TABLE "pts_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" integer NOT NULL,
	"label" text NOT NULL,
	"group_key" varchar(20),
	"sector" text,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"earned" numeric(14, 2) DEFAULT 0 NOT NULL,
	"spent" numeric(14, 2) DEFAULT 0 NOT NULL,
	"available" numeric(14, 2) DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"year" integer NOT NULL,
	"stage" text DEFAULT 'self' NOT NULL,
	"self_scores" jsonb,
	"self_total" numeric(14, 2),
	"self_by_name" text,
	"self_at" timestamp with time zone,
	"member_mean" numeric(14, 2),
	"member_count" integer DEFAULT 0 NOT NULL,
	"notice_until" timestamp with time zone,
	"superior_scores" jsonb,
	"superior_total" numeric(14, 2),
	"superior_by_name" text,
	"superior_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_balances" (
	"county_code" varchar(6) NOT NULL,
	"scheme_id" integer NOT NULL,
	"period_key" varchar(10) NOT NULL,
	"account_id" integer NOT NULL,
	"path" "ltree" NOT NULL,
	"town_key" text GENERATED ALWAYS AS (case when nlevel(path) >= 2 then subpath(path, 0, 2)::text else path::text end) STORED,
	"village_key" text GENERATED ALWAYS AS (case when nlevel(path) >= 3 then subpath(path, 0, 3)::text else path::text end) STORED,
	"group_key" varchar(20),
	"raw_points" numeric(14, 2) DEFAULT 0 NOT NULL,
	"points" numeric(14, 2) GENERATED ALWAYS AS (case when zeroings > 0 and period_key <> 'all' then 0 else raw_points end) STORED,
	"plus" numeric(14, 2) DEFAULT 0 NOT NULL,
	"minus" numeric(14, 2) DEFAULT 0 NOT NULL,
	"postings" integer DEFAULT 0 NOT NULL,
	"vetoes" integer DEFAULT 0 NOT NULL,
	"zeroings" integer DEFAULT 0 NOT NULL,
	"rank_village" integer,
	"rank_town" integer,
	"rank_group" integer,
	"rank_county" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pts_balances_county_code_scheme_id_period_key_account_id_pk" PRIMARY KEY("county_code","scheme_id","period_key","account_id")
);
--> statement-breakpoint
CREATE TABLE "pts_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"points" numeric(14, 2) NOT NULL,
	"min_points" numeric(14, 2),
	"max_points" numeric(14, 2),
	"cap" numeric(14, 2),
	"cap_period" text,
	"evidence_required" boolean DEFAULT false NOT NULL,
	"propose_permission" text DEFAULT 'points:propose' NOT NULL,
	"approve_permission" text DEFAULT 'points:approve' NOT NULL,
	"veto" boolean DEFAULT false NOT NULL,
	"zeroing" boolean DEFAULT false NOT NULL,
	"sector" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"kind" text NOT NULL,
	"period_key" varchar(10) NOT NULL,
	"entries" jsonb NOT NULL,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" bigint NOT NULL,
	"objector_user" integer,
	"objector_name" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by_name" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_periods" (
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"key" varchar(10) NOT NULL,
	"kind" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by_name" text NOT NULL,
	CONSTRAINT "pts_periods_county_code_scheme_id_key_pk" PRIMARY KEY("county_code","scheme_id","key")
);
--> statement-breakpoint
CREATE TABLE "pts_posting_log" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"posting_id" bigint NOT NULL,
	"path" "ltree" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user" integer,
	"actor_name" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "pts_posting_log_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "pts_postings" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"path" "ltree" NOT NULL,
	"scheme_id" integer NOT NULL,
	"scheme_version" integer NOT NULL,
	"item_id" integer NOT NULL,
	"item_code" varchar(40) NOT NULL,
	"item_name" text NOT NULL,
	"category" text NOT NULL,
	"account_id" integer NOT NULL,
	"points" numeric(14, 2) NOT NULL,
	"occurred_on" date NOT NULL,
	"cap_key" varchar(10),
	"is_veto" boolean DEFAULT false NOT NULL,
	"is_zeroing" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"reverses_id" bigint,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"idempotency_key" varchar(160),
	"proposed_by_user" integer,
	"proposed_by_name" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user" integer,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"noticed_at" timestamp with time zone,
	"notice_until" timestamp with time zone,
	"effective_at" timestamp with time zone,
	"rejected_reason" text,
	CONSTRAINT "pts_postings_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "pts_products" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"store_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '件' NOT NULL,
	"price_points" numeric(14, 2) NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_ratings" (
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"assessment_id" integer NOT NULL,
	"rater_user" integer NOT NULL,
	"rater_person_id" integer,
	"score" numeric(14, 2) NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pts_ratings_assessment_id_rater_user_pk" PRIMARY KEY("assessment_id","rater_user")
);
--> statement-breakpoint
CREATE TABLE "pts_redemptions" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"path" "ltree" NOT NULL,
	"store_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"product_name" text NOT NULL,
	"account_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"price_points" numeric(14, 2) NOT NULL,
	"points" numeric(14, 2) NOT NULL,
	"status" text DEFAULT 'placed' NOT NULL,
	"pickup_code" varchar(6) NOT NULL,
	"placed_by_user" integer,
	"placed_by_name" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"picked_up_at" timestamp with time zone,
	"confirmed_by_name" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "pts_redemptions_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "pts_scheme_versions" (
	"scheme_id" integer NOT NULL,
	"version" integer NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"items" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pts_scheme_versions_scheme_id_version_pk" PRIMARY KEY("scheme_id","version")
);
--> statement-breakpoint
CREATE TABLE "pts_schemes" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"code" varchar(40) NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"notice_days" integer DEFAULT 7 NOT NULL,
	"point_value_cents" integer DEFAULT 100 NOT NULL,
	"settings" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_stores" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"scheme_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"open_hours" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pts_usage" (
	"county_code" varchar(6) NOT NULL,
	"account_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"period_key" varchar(10) NOT NULL,
	"path" "ltree" NOT NULL,
	"used" numeric(14, 2) DEFAULT 0 NOT NULL,
	CONSTRAINT "pts_usage_county_code_account_id_item_id_period_key_pk" PRIMARY KEY("county_code","account_id","item_id","period_key")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pts_accounts_owner_uq" ON "pts_accounts" USING btree ("county_code","scheme_id","owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "pts_accounts_path_gist" ON "pts_accounts" USING gist ("path");--> statement-breakpoint
CREATE INDEX "pts_accounts_owner_idx" ON "pts_accounts" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pts_assessments_uq" ON "pts_assessments" USING btree ("county_code","account_id","year");--> statement-breakpoint
CREATE INDEX "pts_assessments_path_gist" ON "pts_assessments" USING gist ("path");--> statement-breakpoint
CREATE INDEX "pts_balances_village_idx" ON "pts_balances" USING btree ("county_code","scheme_id","period_key","village_key","points" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pts_balances_town_idx" ON "pts_balances" USING btree ("county_code","scheme_id","period_key","town_key","points" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pts_balances_group_idx" ON "pts_balances" USING btree ("county_code","scheme_id","period_key","group_key","points" DESC NULLS LAST) WHERE group_key is not null;--> statement-breakpoint
CREATE INDEX "pts_balances_county_idx" ON "pts_balances" USING btree ("county_code","scheme_id","period_key","points" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "pts_items_code_uq" ON "pts_items" USING btree ("scheme_id","code");--> statement-breakpoint
CREATE INDEX "pts_items_scheme_idx" ON "pts_items" USING btree ("scheme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pts_lists_uq" ON "pts_lists" USING btree ("county_code","scheme_id","kind","period_key","path");--> statement-breakpoint
CREATE INDEX "pts_lists_path_gist" ON "pts_lists" USING gist ("path");--> statement-breakpoint
CREATE INDEX "pts_objections_target_idx" ON "pts_objections" USING btree ("county_code","target_kind","target_id");--> statement-breakpoint
CREATE INDEX "pts_objections_path_gist" ON "pts_objections" USING gist ("path");--> statement-breakpoint
CREATE INDEX "pts_posting_log_posting_idx" ON "pts_posting_log" USING btree ("county_code","posting_id");--> statement-breakpoint
CREATE INDEX "pts_postings_account_idx" ON "pts_postings" USING btree ("county_code","account_id","occurred_on");--> statement-breakpoint
CREATE INDEX "pts_postings_state_idx" ON "pts_postings" USING btree ("county_code","state","scheme_id","id");--> statement-breakpoint
CREATE INDEX "pts_postings_notice_idx" ON "pts_postings" USING btree ("county_code","notice_until") WHERE state = 'noticed';--> statement-breakpoint
CREATE INDEX "pts_postings_path_gist" ON "pts_postings" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "pts_postings_idem_uq" ON "pts_postings" USING btree ("county_code","scheme_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "pts_postings_reverses_uq" ON "pts_postings" USING btree ("county_code","reverses_id") WHERE reverses_id is not null;--> statement-breakpoint
CREATE INDEX "pts_products_store_idx" ON "pts_products" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "pts_redemptions_store_idx" ON "pts_redemptions" USING btree ("county_code","store_id","placed_at");--> statement-breakpoint
CREATE INDEX "pts_redemptions_account_idx" ON "pts_redemptions" USING btree ("county_code","account_id","placed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pts_schemes_code_uq" ON "pts_schemes" USING btree ("county_code","code");--> statement-breakpoint
CREATE INDEX "pts_schemes_path_gist" ON "pts_schemes" USING gist ("path");--> statement-breakpoint
CREATE INDEX "pts_stores_path_gist" ON "pts_stores" USING gist ("path");