CREATE TABLE "work_plan_evidence" (
	"report_id" integer NOT NULL,
	"task_id" uuid NOT NULL,
	"photo_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plan_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"value" double precision,
	"text" text NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"on" date NOT NULL,
	"department_id" uuid,
	"reported_by" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plan_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plan_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"code" text NOT NULL,
	"text" text NOT NULL,
	"lead_department_id" uuid NOT NULL,
	"co_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"target_value" double precision NOT NULL,
	"target_unit" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"deadline" date NOT NULL,
	"milestones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"measure_key" text,
	"measure_params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plan_urges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"text" text NOT NULL,
	"reply_by" date,
	"status_then" text NOT NULL,
	"by_user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"source" text DEFAULT 'import' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_plan_evidence" ADD CONSTRAINT "work_plan_evidence_task_id_work_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."work_plan_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_evidence" ADD CONSTRAINT "work_plan_evidence_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_reports" ADD CONSTRAINT "work_plan_reports_task_id_work_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."work_plan_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_reports" ADD CONSTRAINT "work_plan_reports_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_reports" ADD CONSTRAINT "work_plan_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_sections" ADD CONSTRAINT "work_plan_sections_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_tasks" ADD CONSTRAINT "work_plan_tasks_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_tasks" ADD CONSTRAINT "work_plan_tasks_section_id_work_plan_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."work_plan_sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_tasks" ADD CONSTRAINT "work_plan_tasks_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_urges" ADD CONSTRAINT "work_plan_urges_task_id_work_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."work_plan_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_urges" ADD CONSTRAINT "work_plan_urges_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plans" ADD CONSTRAINT "work_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_plan_evidence_photo_idx" ON "work_plan_evidence" USING btree ("photo_id");--> statement-breakpoint
CREATE INDEX "work_plan_evidence_report_idx" ON "work_plan_evidence" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "work_plan_reports_task_idx" ON "work_plan_reports" USING btree ("task_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "work_plan_sections_seq_idx" ON "work_plan_sections" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "work_plan_tasks_code_idx" ON "work_plan_tasks" USING btree ("plan_id","code");--> statement-breakpoint
CREATE INDEX "work_plan_tasks_lead_idx" ON "work_plan_tasks" USING btree ("lead_department_id");--> statement-breakpoint
CREATE INDEX "work_plan_urges_task_idx" ON "work_plan_urges" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_plans_code_idx" ON "work_plans" USING btree ("code");