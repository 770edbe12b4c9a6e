CREATE TABLE "eval_rollup" (
	"scope" text NOT NULL,
	"day" integer NOT NULL,
	"key" text NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	"valid_reports" integer DEFAULT 0 NOT NULL,
	"filed" integer DEFAULT 0 NOT NULL,
	"public_filed" integer DEFAULT 0 NOT NULL,
	"due_to_close" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"handled_on_time" integer DEFAULT 0 NOT NULL,
	"reworks" integer DEFAULT 0 NOT NULL,
	"hotline_to_respond" integer DEFAULT 0 NOT NULL,
	"hotline_responded_on_time" integer DEFAULT 0 NOT NULL,
	"hotline_due" integer DEFAULT 0 NOT NULL,
	"hotline_closed" integer DEFAULT 0 NOT NULL,
	"hotline_rated" integer DEFAULT 0 NOT NULL,
	"hotline_satisfied" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"to_intake" integer DEFAULT 0 NOT NULL,
	"intake_on_time" integer DEFAULT 0 NOT NULL,
	"to_verify" integer DEFAULT 0 NOT NULL,
	"verify_on_time" integer DEFAULT 0 NOT NULL,
	"filings" integer DEFAULT 0 NOT NULL,
	"filings_on_time" integer DEFAULT 0 NOT NULL,
	"filings_accurate" integer DEFAULT 0 NOT NULL,
	"to_dispatch" integer DEFAULT 0 NOT NULL,
	"dispatch_on_time" integer DEFAULT 0 NOT NULL,
	"dispatch_accurate" integer DEFAULT 0 NOT NULL,
	"to_send_check" integer DEFAULT 0 NOT NULL,
	"send_check_on_time" integer DEFAULT 0 NOT NULL,
	"to_check" integer DEFAULT 0 NOT NULL,
	"check_on_time" integer DEFAULT 0 NOT NULL,
	"to_close" integer DEFAULT 0 NOT NULL,
	"close_on_time" integer DEFAULT 0 NOT NULL,
	"reported_all" integer DEFAULT 0 NOT NULL,
	"dispatched_all" integer DEFAULT 0 NOT NULL,
	"closed_all" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "eval_rollup_scope_day_key_pk" PRIMARY KEY("scope","day","key")
);
--> statement-breakpoint
CREATE TABLE "eval_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eval_cases" ADD COLUMN "live" boolean GENERATED ALWAYS AS (((filed_at is not null and not suspended and not cancelled and handled_at is null and handle_deadline is not null) or (respond_deadline is not null and responded_at is null))) STORED;--> statement-breakpoint
CREATE INDEX "eval_cases_live_idx" ON "eval_cases" USING btree ("filed_at") WHERE live;--> statement-breakpoint
CREATE INDEX "eval_tasks_running_idx" ON "eval_tasks" USING btree ("settled_at") WHERE ended_at is null;