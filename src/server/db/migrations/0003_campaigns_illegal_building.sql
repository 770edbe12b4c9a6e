CREATE SEQUENCE "public"."illegal_building_serial" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "campaign_cases" (
	"campaign_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"tagged_at" timestamp with time zone NOT NULL,
	"basis" text NOT NULL,
	CONSTRAINT "campaign_cases_campaign_id_case_id_pk" PRIMARY KEY("campaign_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"classes" jsonb NOT NULL,
	"street_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"community_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"target_count" integer,
	"target_closure_rate" double precision,
	"target_recurrence_rate" double precision,
	"recurrence_radius_m" double precision DEFAULT 50 NOT NULL,
	"recurrence_days" integer DEFAULT 30 NOT NULL,
	"lead_department_id" uuid,
	"co_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "illegal_building_cases" (
	"building_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "illegal_building_cases_building_id_case_id_pk" PRIMARY KEY("building_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "illegal_building_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"building_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"on" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"note" text,
	"area_m2" double precision,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "illegal_building_files" (
	"building_id" uuid NOT NULL,
	"photo_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text,
	"doc_type" text,
	"doc_no" text,
	"title" text DEFAULT '' NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "illegal_building_files_building_id_photo_id_pk" PRIMARY KEY("building_id","photo_id")
);
--> statement-breakpoint
CREATE TABLE "illegal_building_targets" (
	"year" integer PRIMARY KEY NOT NULL,
	"demolish_m2" double precision NOT NULL,
	"new_deal_within_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "illegal_buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"stock" text NOT NULL,
	"type" text NOT NULL,
	"address" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"location" "point" NOT NULL,
	"footprint" "polygon",
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"area_m2" double precision NOT NULL,
	"demolished_m2" double precision DEFAULT 0 NOT NULL,
	"owner_kind" text DEFAULT 'unknown' NOT NULL,
	"owner_name" text,
	"owner_phone" text,
	"found_on" date NOT NULL,
	"source" text NOT NULL,
	"state" text NOT NULL,
	"deadline" date,
	"last_on" date NOT NULL,
	"closed_on" date,
	"department_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_cases" ADD CONSTRAINT "campaign_cases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_cases" ADD CONSTRAINT "campaign_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_building_cases" ADD CONSTRAINT "illegal_building_cases_building_id_illegal_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."illegal_buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_building_cases" ADD CONSTRAINT "illegal_building_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_building_events" ADD CONSTRAINT "illegal_building_events_building_id_illegal_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."illegal_buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_building_files" ADD CONSTRAINT "illegal_building_files_building_id_illegal_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."illegal_buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_building_files" ADD CONSTRAINT "illegal_building_files_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "illegal_buildings" ADD CONSTRAINT "illegal_buildings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_cases_case_idx" ON "campaign_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "campaigns_period_idx" ON "campaigns" USING btree ("start_date","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "illegal_building_cases_case_idx" ON "illegal_building_cases" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "illegal_building_events_seq_idx" ON "illegal_building_events" USING btree ("building_id","seq");--> statement-breakpoint
CREATE INDEX "illegal_building_events_action_on_idx" ON "illegal_building_events" USING btree ("action","on");--> statement-breakpoint
CREATE UNIQUE INDEX "illegal_building_files_photo_idx" ON "illegal_building_files" USING btree ("photo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "illegal_buildings_code_idx" ON "illegal_buildings" USING btree ("code");--> statement-breakpoint
CREATE INDEX "illegal_buildings_state_idx" ON "illegal_buildings" USING btree ("state");--> statement-breakpoint
CREATE INDEX "illegal_buildings_street_idx" ON "illegal_buildings" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "illegal_buildings_found_idx" ON "illegal_buildings" USING btree ("found_on");--> statement-breakpoint
CREATE INDEX "illegal_buildings_location_gist" ON "illegal_buildings" USING gist ("location");