CREATE TABLE "inspection_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"declared_by" uuid,
	"declared_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"status" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"inputs_hash" text NOT NULL,
	"commitment" text NOT NULL,
	"secret" text NOT NULL,
	"committed_by" uuid,
	"committed_at" timestamp with time zone NOT NULL,
	"witness" text,
	"draw_seed" text,
	"result" jsonb,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"uscc" text,
	"address" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"grid_code" text NOT NULL,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_entities_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"class_code" text NOT NULL,
	"note" text,
	"rectify_by" date NOT NULL,
	"case_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"sectors" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_inspectors_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"checklist" jsonb NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draw_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"inspector_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"inspector_codes" text[] NOT NULL,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"inspected_on" date,
	"results" jsonb,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sweeping_records" (
	"segment_id" uuid NOT NULL,
	"date" date NOT NULL,
	"method" text NOT NULL,
	"area_m2" double precision NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sweeping_records_segment_id_date_method_pk" PRIMARY KEY("segment_id","date","method")
);
--> statement-breakpoint
CREATE TABLE "sweeping_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"road_name" text NOT NULL,
	"street_code" text NOT NULL,
	"grade" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"length_m" double precision NOT NULL,
	"width_m" double precision NOT NULL,
	"area_m2" double precision NOT NULL,
	"maintainer_department_id" uuid,
	"in_service_from" date NOT NULL,
	"in_service_until" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sweeping_segments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "inspection_conflicts" ADD CONSTRAINT "inspection_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_conflicts" ADD CONSTRAINT "inspection_conflicts_entity_id_inspection_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."inspection_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_conflicts" ADD CONSTRAINT "inspection_conflicts_declared_by_users_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_committed_by_users_id_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_entities" ADD CONSTRAINT "inspection_entities_street_code_streets_code_fk" FOREIGN KEY ("street_code") REFERENCES "public"."streets"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_draw_id_inspection_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."inspection_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_entity_id_inspection_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."inspection_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeping_records" ADD CONSTRAINT "sweeping_records_segment_id_sweeping_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."sweeping_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeping_records" ADD CONSTRAINT "sweeping_records_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeping_segments" ADD CONSTRAINT "sweeping_segments_street_code_streets_code_fk" FOREIGN KEY ("street_code") REFERENCES "public"."streets"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeping_segments" ADD CONSTRAINT "sweeping_segments_maintainer_department_id_departments_id_fk" FOREIGN KEY ("maintainer_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_conflicts_pair_idx" ON "inspection_conflicts" USING btree ("user_id","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_draws_plan_round_idx" ON "inspection_draws" USING btree ("plan_id","round");--> statement-breakpoint
CREATE INDEX "inspection_entities_sector_idx" ON "inspection_entities" USING btree ("sector");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_findings_item_idx" ON "inspection_findings" USING btree ("inspection_id","item_code");--> statement-breakpoint
CREATE INDEX "inspection_findings_case_idx" ON "inspection_findings" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_draw_entity_idx" ON "inspections" USING btree ("draw_id","entity_id");--> statement-breakpoint
CREATE INDEX "inspections_entity_idx" ON "inspections" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "inspections_status_idx" ON "inspections" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sweeping_segments_street_idx" ON "sweeping_segments" USING btree ("street_code");