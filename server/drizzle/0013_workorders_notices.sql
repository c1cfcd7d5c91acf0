CREATE TABLE "wo_notices" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" bigint NOT NULL,
	"requester_id" bigint,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "wo_notices_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE TABLE "wo_sms_outbox" (
	"county_code" varchar(6) NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" bigint NOT NULL,
	"requester_id" bigint,
	"kind" text NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_mask" varchar(11),
	"text" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "wo_sms_outbox_county_code_id_pk" PRIMARY KEY("county_code","id")
);
--> statement-breakpoint
CREATE INDEX "wo_notices_user_idx" ON "wo_notices" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "wo_sms_outbox_queue_idx" ON "wo_sms_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "wo_sms_outbox_order_idx" ON "wo_sms_outbox" USING btree ("county_code","order_id");--> statement-breakpoint
-- Department members: a user in a handling unit (wo_unit_members) sees and acts on exactly the orders
-- that unit holds now, whatever their regional scope. Department orders carry no handler_path (a
-- department is not a region), so a county-wide path no longer exposes them to every county account.
-- The membership list is an uncorrelated sub-select: evaluated once per statement (an InitPlan).
DROP POLICY wo_orders_scope ON wo_orders;--> statement-breakpoint
CREATE POLICY wo_orders_scope ON wo_orders FOR ALL TO xz_app
  USING (xz_visible(path) OR (handler_path IS NOT NULL AND xz_visible(handler_path))
         OR nullif(current_setting('xz.user', true), '')::int = ANY (watcher_user_ids)
         OR (handler_level = 'department' AND handler_unit_id = ANY (ARRAY(SELECT m.unit_id FROM wo_unit_members m
               WHERE m.user_id = nullif(current_setting('xz.user', true), '')::int))))
  WITH CHECK (xz_visible(path) OR (handler_path IS NOT NULL AND xz_visible(handler_path))
         OR nullif(current_setting('xz.user', true), '')::int = ANY (watcher_user_ids)
         OR (handler_level = 'department' AND handler_unit_id = ANY (ARRAY(SELECT m.unit_id FROM wo_unit_members m
               WHERE m.user_id = nullif(current_setting('xz.user', true), '')::int))));--> statement-breakpoint
UPDATE wo_orders SET handler_path = NULL WHERE handler_level = 'department' AND handler_path IS NOT NULL;--> statement-breakpoint
-- Notices follow their order, and a resident always reads their own.
ALTER TABLE wo_notices ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_notices_scope ON wo_notices FOR ALL TO xz_app
  USING (user_id = nullif(current_setting('xz.user', true), '')::int
         OR EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_notices.county_code AND o.id = wo_notices.order_id))
  WITH CHECK (user_id = nullif(current_setting('xz.user', true), '')::int
         OR EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_notices.county_code AND o.id = wo_notices.order_id));--> statement-breakpoint
REVOKE DELETE ON wo_notices FROM xz_app;--> statement-breakpoint
ALTER TABLE wo_sms_outbox ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY wo_sms_outbox_scope ON wo_sms_outbox FOR ALL TO xz_app
  USING (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_sms_outbox.county_code AND o.id = wo_sms_outbox.order_id))
  WITH CHECK (EXISTS (SELECT 1 FROM wo_orders o WHERE o.county_code = wo_sms_outbox.county_code AND o.id = wo_sms_outbox.order_id));--> statement-breakpoint
REVOKE DELETE ON wo_sms_outbox FROM xz_app;--> statement-breakpoint
ALTER TABLE wo_notices ADD CONSTRAINT wo_notices_kind_ck CHECK (kind IN ('accepted','resolved','closed','merged','reopened','cancelled'));--> statement-breakpoint
ALTER TABLE wo_sms_outbox ADD CONSTRAINT wo_sms_outbox_status_ck CHECK (status IN ('queued','sent','failed'));
