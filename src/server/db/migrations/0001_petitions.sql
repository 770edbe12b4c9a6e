CREATE TABLE "petition_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"petition_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"role" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step_deadline" timestamp with time zone,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "petitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"district_code" text NOT NULL,
	"channel" text NOT NULL,
	"topic" text NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"location_text" text,
	"lng" double precision,
	"lat" double precision,
	"street_code" text,
	"community_code" text,
	"people_count" integer DEFAULT 1 NOT NULL,
	"petitioner" jsonb NOT NULL,
	"screening" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"route" text,
	"department_id" uuid,
	"accepted_at" timestamp with time zone,
	"handle_days" integer,
	"handle_deadline" timestamp with time zone,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"replied_at" timestamp with time zone,
	"review_until" timestamp with time zone,
	"satisfaction" text,
	"review_requested_at" timestamp with time zone,
	"review_deadline" timestamp with time zone,
	"review_decision" text,
	"closed_at" timestamp with time zone,
	"case_id" uuid,
	"step" text,
	"step_started_at" timestamp with time zone,
	"step_deadline" timestamp with time zone,
	"step_warn_at" timestamp with time zone,
	"reception_day_id" uuid,
	"appointment_id" uuid,
	"leader_instruction" text,
	"follow_token" text NOT NULL,
	"query_code" text NOT NULL,
	"query_failures" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "petitions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "reception_appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"day_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"subject" text NOT NULL,
	"people_count" integer DEFAULT 1 NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reception_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"kind" text NOT NULL,
	"host_name" text NOT NULL,
	"host_title" text NOT NULL,
	"department_id" uuid,
	"community_code" text,
	"place" text NOT NULL,
	"topics" text,
	"capacity" integer NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reception_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"day_id" uuid,
	"department_id" uuid NOT NULL,
	"text" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"done_at" timestamp with time zone,
	"done_note" text,
	"done_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "petition_events" ADD CONSTRAINT "petition_events_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_reception_day_id_reception_days_id_fk" FOREIGN KEY ("reception_day_id") REFERENCES "public"."reception_days"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_appointment_id_reception_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."reception_appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_appointments" ADD CONSTRAINT "reception_appointments_day_id_reception_days_id_fk" FOREIGN KEY ("day_id") REFERENCES "public"."reception_days"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_days" ADD CONSTRAINT "reception_days_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_days" ADD CONSTRAINT "reception_days_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_tasks" ADD CONSTRAINT "reception_tasks_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_tasks" ADD CONSTRAINT "reception_tasks_day_id_reception_days_id_fk" FOREIGN KEY ("day_id") REFERENCES "public"."reception_days"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_tasks" ADD CONSTRAINT "reception_tasks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_tasks" ADD CONSTRAINT "reception_tasks_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_tasks" ADD CONSTRAINT "reception_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "petition_events_seq_idx" ON "petition_events" USING btree ("petition_id","seq");--> statement-breakpoint
CREATE INDEX "petition_events_at_idx" ON "petition_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "petitions_state_idx" ON "petitions" USING btree ("state");--> statement-breakpoint
CREATE INDEX "petitions_department_idx" ON "petitions" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "petitions_step_deadline_idx" ON "petitions" USING btree ("step_deadline");--> statement-breakpoint
CREATE INDEX "petitions_case_idx" ON "petitions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "petitions_reception_day_idx" ON "petitions" USING btree ("reception_day_id");--> statement-breakpoint
CREATE INDEX "petitions_received_idx" ON "petitions" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_follow_token_idx" ON "petitions" USING btree ("follow_token");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_idempotency_idx" ON "petitions" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "reception_appointments_day_seq_idx" ON "reception_appointments" USING btree ("day_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "reception_appointments_idem_idx" ON "reception_appointments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "reception_days_day_idx" ON "reception_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "reception_tasks_department_idx" ON "reception_tasks" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "reception_tasks_petition_idx" ON "reception_tasks" USING btree ("petition_id");