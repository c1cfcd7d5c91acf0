CREATE TABLE "known_permissions" (
	"code" varchar(60) PRIMARY KEY NOT NULL,
	"introduced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON known_permissions FROM xz_app;
