CREATE TABLE "wo_month_stats" (
	"county_code" varchar(6) NOT NULL,
	"month" varchar(7) NOT NULL,
	"town_code" varchar(9) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"path" "ltree" NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"signed_due" integer DEFAULT 0 NOT NULL,
	"signed_on_time" integer DEFAULT 0 NOT NULL,
	"resolved_due" integer DEFAULT 0 NOT NULL,
	"resolved_on_time" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "wo_month_stats_county_code_month_town_code_village_code_pk" PRIMARY KEY("county_code","month","town_code","village_code")
);
--> statement-breakpoint
CREATE INDEX "wo_orders_town_idx" ON "wo_orders" USING btree ("county_code","town_code","created_at");--> statement-breakpoint
CREATE INDEX "wo_orders_handler_unit_idx" ON "wo_orders" USING btree ("handler_unit_id") WHERE handler_level = 'department';--> statement-breakpoint
CREATE INDEX "wo_orders_sign_pending_idx" ON "wo_orders" USING btree ("county_code","created_at") WHERE first_sign_due_at is not null and first_signed_at is null;--> statement-breakpoint
CREATE INDEX "wo_orders_resolve_pending_idx" ON "wo_orders" USING btree ("county_code","created_at") WHERE resolve_due_at is not null and first_resolved_at is null;