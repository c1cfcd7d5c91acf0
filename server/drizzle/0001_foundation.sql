CREATE TABLE "audit_log" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"path" "ltree",
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	CONSTRAINT "audit_log_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"prefix" varchar(12) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"code" varchar(40) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"permissions" text[] DEFAULT '{}' NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"username" varchar(64) NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] DEFAULT '{}' NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_region_codes" text[] DEFAULT '{}' NOT NULL,
	"home_region_code" varchar(15) NOT NULL,
	"path" "ltree" NOT NULL,
	"person_id" integer,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"path" "ltree",
	"payload" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" integer NOT NULL,
	"key" varchar(128) NOT NULL,
	"route" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "party_memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"path" "ltree" NOT NULL,
	"status" text DEFAULT 'formal' NOT NULL,
	"joined_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_orgs" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"path" "ltree" NOT NULL,
	"parent_id" integer,
	"secretary_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"uscc" varchar(18) NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"path" "ltree" NOT NULL,
	"contact_name" text,
	"contact_phone_cipher" text,
	"contact_phone_mask" varchar(11),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_uscc_unique" UNIQUE("uscc")
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"code" varchar(19) NOT NULL,
	"path" "ltree" NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"address" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"is_liaison" boolean DEFAULT false NOT NULL,
	"liaison_household_id" integer,
	"head_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_code_unique" UNIQUE("code"),
	CONSTRAINT "households_path_unique" UNIQUE("path")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"path" "ltree" NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"household_id" integer,
	"name" text NOT NULL,
	"name_tokens" "tsvector" NOT NULL,
	"id_cipher" text NOT NULL,
	"id_hash" varchar(64) NOT NULL,
	"id_mask" varchar(18) NOT NULL,
	"phone_cipher" text,
	"phone_hash" varchar(64),
	"phone_mask" varchar(11),
	"birth_date" date NOT NULL,
	"sex" varchar(1) NOT NULL,
	"relation" text DEFAULT '其他' NOT NULL,
	"political_status" text DEFAULT 'masses' NOT NULL,
	"education" text DEFAULT '无' NOT NULL,
	"roles" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_stats" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"path" "ltree" NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	"party_members" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" varchar(15),
	"path" "ltree" NOT NULL,
	"geometry" jsonb,
	"geometry_synthetic" boolean DEFAULT true NOT NULL,
	"centroid_lon" double precision,
	"centroid_lat" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_code_unique" UNIQUE("code"),
	CONSTRAINT "regions_path_unique" UNIQUE("path")
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("county_code","at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_path_gist" ON "users" USING gist ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "party_memberships_org_person_uq" ON "party_memberships" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE INDEX "party_memberships_person_idx" ON "party_memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "party_memberships_path_gist" ON "party_memberships" USING gist ("path");--> statement-breakpoint
CREATE INDEX "party_orgs_path_gist" ON "party_orgs" USING gist ("path");--> statement-breakpoint
CREATE INDEX "party_orgs_parent_idx" ON "party_orgs" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organizations_path_gist" ON "organizations" USING gist ("path");--> statement-breakpoint
CREATE INDEX "households_path_gist" ON "households" USING gist ("path");--> statement-breakpoint
CREATE INDEX "households_region_idx" ON "households" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "households_liaison_idx" ON "households" USING btree ("liaison_household_id");--> statement-breakpoint
CREATE INDEX "persons_path_gist" ON "persons" USING gist ("path");--> statement-breakpoint
CREATE INDEX "persons_name_gin" ON "persons" USING gin ("name_tokens");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_hash_uq" ON "persons" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "persons_phone_hash_idx" ON "persons" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "persons_household_idx" ON "persons" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "regions_path_gist" ON "regions" USING gist ("path");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");