CREATE TABLE "wo_attachments" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" bigint,
	"event_id" bigint,
	"uploaded_by" integer,
	"file_name" text NOT NULL,
	"mime" varchar(40) NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wo_attachments_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "wo_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"code" varchar(32) NOT NULL,
	"name" text NOT NULL,
	"parent_code" varchar(32),
	"description" text DEFAULT '' NOT NULL,
	"first_level" text NOT NULL,
	"department_unit_id" integer,
	"sign_limit_amount" integer DEFAULT 24 NOT NULL,
	"sign_limit_unit" text DEFAULT 'hours' NOT NULL,
	"resolve_limit_amount" integer DEFAULT 5 NOT NULL,
	"resolve_limit_unit" text DEFAULT 'working_days' NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"auto_dispatch" boolean DEFAULT false NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wo_events" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "wo_events_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "wo_orders" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"number" varchar(24) NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"category_code" varchar(32) NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"search_tokens" "tsvector" NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"path" "ltree" NOT NULL,
	"town_code" varchar(9) NOT NULL,
	"village_code" varchar(12),
	"group_code" varchar(15),
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"handler_level" text,
	"handler_region_code" varchar(15),
	"handler_unit_id" integer,
	"handler_path" "ltree",
	"handler_name" text,
	"supervision_level" text DEFAULT 'assign' NOT NULL,
	"supervised_at" timestamp with time zone,
	"confidential" boolean DEFAULT false NOT NULL,
	"reporter_user_id" integer,
	"reporter_name" text NOT NULL,
	"watcher_user_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"sign_due_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"first_sign_due_at" timestamp with time zone,
	"first_signed_at" timestamp with time zone,
	"sign_on_time" boolean,
	"resolve_due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"first_resolved_at" timestamp with time zone,
	"resolved_on_time" boolean,
	"send_back_due_at" timestamp with time zone,
	"extension_status" text DEFAULT 'none' NOT NULL,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"extension_total_days" integer DEFAULT 0 NOT NULL,
	"suspended_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"rating" text,
	"first_rating" text,
	"rating_comment" text,
	"closed_at" timestamp with time zone,
	"merged_into_id" bigint,
	"open311_token" varchar(40),
	CONSTRAINT "wo_orders_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "wo_requesters" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" bigint NOT NULL,
	"name" text,
	"phone_cipher" text,
	"phone_hash" varchar(64),
	"phone_mask" varchar(11),
	"confidential" boolean DEFAULT false NOT NULL,
	"wants_callback" boolean DEFAULT true NOT NULL,
	"user_id" integer,
	"from_order_id" bigint,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wo_requesters_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "wo_settings" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wo_unit_members" (
	"county_code" varchar(6) NOT NULL,
	"unit_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "wo_unit_members_unit_id_user_id_pk" PRIMARY KEY("unit_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "wo_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"leader_name" text DEFAULT '' NOT NULL,
	"office_phone" varchar(20) DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wo_attachments_order_idx" ON "wo_attachments" USING btree ("county_code","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wo_categories_code_uq" ON "wo_categories" USING btree ("county_code","code");--> statement-breakpoint
CREATE INDEX "wo_events_order_idx" ON "wo_events" USING btree ("county_code","order_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "wo_orders_number_uq" ON "wo_orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "wo_orders_open311_token_uq" ON "wo_orders" USING btree ("open311_token");--> statement-breakpoint
CREATE INDEX "wo_orders_created_idx" ON "wo_orders" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "wo_orders_status_idx" ON "wo_orders" USING btree ("county_code","status","created_at");--> statement-breakpoint
CREATE INDEX "wo_orders_category_idx" ON "wo_orders" USING btree ("county_code","category_code","created_at");--> statement-breakpoint
CREATE INDEX "wo_orders_village_idx" ON "wo_orders" USING btree ("county_code","village_code","created_at");--> statement-breakpoint
CREATE INDEX "wo_orders_path_gist" ON "wo_orders" USING gist ("path");--> statement-breakpoint
CREATE INDEX "wo_orders_handler_path_gist" ON "wo_orders" USING gist ("handler_path");--> statement-breakpoint
CREATE INDEX "wo_orders_search_gin" ON "wo_orders" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "wo_orders_watchers_gin" ON "wo_orders" USING gin ("watcher_user_ids");--> statement-breakpoint
CREATE INDEX "wo_orders_open_due_idx" ON "wo_orders" USING btree ("resolve_due_at") WHERE status in ('dispatched','signed_for','in_progress','reopened');--> statement-breakpoint
CREATE INDEX "wo_requesters_order_idx" ON "wo_requesters" USING btree ("county_code","order_id");--> statement-breakpoint
CREATE INDEX "wo_unit_members_user_idx" ON "wo_unit_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wo_units_name_uq" ON "wo_units" USING btree ("county_code","name");