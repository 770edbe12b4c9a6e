CREATE TABLE "api_key_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"channels" text[] NOT NULL,
	"actions" text[] NOT NULL,
	"scope" text DEFAULT 'own' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "banned_phones" (
	"phone" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"banned_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "basedata_changes" (
	"version_number" integer NOT NULL,
	"layer" text NOT NULL,
	"code" text NOT NULL,
	"op" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "basedata_changes_version_number_layer_code_pk" PRIMARY KEY("version_number","layer","code")
);
--> statement-breakpoint
CREATE TABLE "basedata_import_features" (
	"import_id" uuid NOT NULL,
	"layer" text NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "basedata_import_features_import_id_layer_code_pk" PRIMARY KEY("import_id","layer","code")
);
--> statement-breakpoint
CREATE TABLE "basedata_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"layers" text[] NOT NULL,
	"source" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"removals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"warning_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"applied_version" integer
);
--> statement-breakpoint
CREATE TABLE "basedata_versions" (
	"number" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"layers" text[] NOT NULL,
	"import_id" uuid,
	"revert_of" integer,
	"note" text,
	"source" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "beats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"community_code" text,
	"inspector_id" uuid,
	CONSTRAINT "beats_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"role" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step_deadline" timestamp with time zone,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"district_code" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"class_code" text NOT NULL,
	"filing_condition" text,
	"description" text NOT NULL,
	"location_text" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"area_class" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"self_fix" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"department_id" uuid,
	"co_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"assignee_id" uuid,
	"pending" jsonb,
	"handle_limit" jsonb,
	"handle_started_at" timestamp with time zone,
	"handle_deadline" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"step_started_at" timestamp with time zone,
	"step_deadline" timestamp with time zone,
	"step_warn_at" timestamp with time zone,
	"step_unit" text,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"extension_count" integer DEFAULT 0 NOT NULL,
	"close_type" text,
	"closed_at" timestamp with time zone,
	"duplicate_of" uuid,
	"component_id" text,
	"reporter_id" uuid,
	"reporter" jsonb,
	"created_by" uuid,
	"participant_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "catalogue_classes" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"parent_code" text,
	"major_code" text NOT NULL,
	"major_name_zh" text NOT NULL,
	"major_name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"department_kind" text NOT NULL,
	"locality" boolean NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"private_point" boolean DEFAULT false NOT NULL,
	"local" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "catalogue_classes_kind_code_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "citizen_reports" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"follow_token" text NOT NULL,
	"phone" text,
	"phone_verified" boolean DEFAULT false NOT NULL,
	"ip_hash" text,
	"idempotency_key" text,
	"reopen_of" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"code" text PRIMARY KEY NOT NULL,
	"street_code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"area_class" text DEFAULT 'B' NOT NULL,
	"geometry" jsonb NOT NULL,
	"generated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "component_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"component_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"case_id" uuid,
	"case_number" text,
	"actor_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "components" (
	"id" text PRIMARY KEY NOT NULL,
	"class_code" text NOT NULL,
	"name" text NOT NULL,
	"dept_code" text NOT NULL,
	"dept_name" text NOT NULL,
	"grid_code" text NOT NULL,
	"state" text NOT NULL,
	"initial_date" date NOT NULL,
	"change_date" date,
	"owner_unit" text,
	"maintenance_unit" text,
	"data_source" text,
	"note" text,
	"street_code" text,
	"street_name" text,
	"community_code" text,
	"community_name" text,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"location" "point" NOT NULL,
	"legacy_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"street_code" text,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "departments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "eval_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"self_fix" boolean NOT NULL,
	"kind" text NOT NULL,
	"class_code" text NOT NULL,
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"reported_at" timestamp with time zone NOT NULL,
	"reporter_id" uuid,
	"valid" boolean NOT NULL,
	"filed_at" timestamp with time zone,
	"cancelled" boolean NOT NULL,
	"department_id" uuid,
	"handle_deadline" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"handled_in_time" boolean NOT NULL,
	"closed_at" timestamp with time zone,
	"suspended" boolean NOT NULL,
	"reworks" integer NOT NULL,
	"reworks_at_department" integer NOT NULL,
	"first_dispatch_at" timestamp with time zone,
	"respond_deadline" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"satisfaction" text,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "eval_progress" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"gap_since" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_tasks" (
	"case_id" uuid NOT NULL,
	"ord" integer NOT NULL,
	"step" text NOT NULL,
	"person_id" uuid,
	"kind" text NOT NULL,
	"class_code" text NOT NULL,
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"done" boolean NOT NULL,
	"in_time" boolean NOT NULL,
	"flag" boolean NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "eval_tasks_case_id_ord_pk" PRIMARY KEY("case_id","ord")
);
--> statement-breakpoint
CREATE TABLE "field_duty" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"on_duty" boolean DEFAULT false NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"last_lng" double precision,
	"last_lat" double precision,
	"last_accuracy" double precision,
	"last_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "field_task_answers" (
	"user_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"case_id" uuid NOT NULL,
	"action" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "field_task_answers_user_id_idempotency_key_pk" PRIMARY KEY("user_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "filing_conditions" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"class_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"limit_amount" double precision NOT NULL,
	"limit_unit" text NOT NULL,
	"close_condition_zh" text DEFAULT '' NOT NULL,
	"close_condition_en" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gazetteer_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"road" text,
	"house_number" text,
	"street_code" text,
	"community_code" text,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"location" "point" NOT NULL,
	"generated" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'import' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gazetteer_tokens" (
	"token" text NOT NULL,
	"entry_id" bigint NOT NULL,
	CONSTRAINT "gazetteer_tokens_token_entry_id_pk" PRIMARY KEY("token","entry_id")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"code" text PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"ring" "polygon" NOT NULL,
	"area_m2" double precision NOT NULL,
	"centroid_lng" double precision NOT NULL,
	"centroid_lat" double precision NOT NULL,
	"beat_id" uuid,
	"generated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_case_refs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"api_key_id" uuid,
	"channel" text NOT NULL,
	"external_id" text,
	"token" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"media_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "map_layer_revisions" (
	"layer" text PRIMARY KEY NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_update_refs" (
	"api_key_id" uuid NOT NULL,
	"external_update_id" text NOT NULL,
	"case_id" uuid NOT NULL,
	"case_event_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "open311_update_refs_api_key_id_external_update_id_pk" PRIMARY KEY("api_key_id","external_update_id")
);
--> statement-breakpoint
CREATE TABLE "patrol_positions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"accuracy" double precision,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phone_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid,
	"stage" text DEFAULT 'before' NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"sha256" text NOT NULL,
	"path" text NOT NULL,
	"thumb_path" text NOT NULL,
	"taken_at" timestamp with time zone,
	"exif_lng" double precision,
	"exif_lat" double precision,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_moderation" (
	"case_id" uuid NOT NULL,
	"item" text NOT NULL,
	"ref" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"redacted_text" text,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "public_moderation_case_id_item_ref_pk" PRIMARY KEY("case_id","item","ref")
);
--> statement-breakpoint
CREATE TABLE "responsibility_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"class_code" text NOT NULL,
	"filing_condition" text,
	"area_class" text,
	"street_code" text,
	"department_id" uuid,
	"co_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"limit_amount" double precision,
	"limit_unit" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"text" text NOT NULL,
	"purpose" text NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "streets" (
	"code" text PRIMARY KEY NOT NULL,
	"district_code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"generated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"department_id" uuid,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" bigint NOT NULL,
	"subscription_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"http_status" integer,
	"duration_ms" integer NOT NULL,
	"error" text,
	"response_snippet" text
);
--> statement-breakpoint
CREATE TABLE "webhook_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"case_event_id" bigint NOT NULL,
	"case_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"actions" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_key_usage" ADD CONSTRAINT "api_key_usage_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basedata_changes" ADD CONSTRAINT "basedata_changes_version_number_basedata_versions_number_fk" FOREIGN KEY ("version_number") REFERENCES "public"."basedata_versions"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basedata_import_features" ADD CONSTRAINT "basedata_import_features_import_id_basedata_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."basedata_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beats" ADD CONSTRAINT "beats_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beats" ADD CONSTRAINT "beats_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_reports" ADD CONSTRAINT "citizen_reports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_street_code_streets_code_fk" FOREIGN KEY ("street_code") REFERENCES "public"."streets"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_events" ADD CONSTRAINT "component_events_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_duty" ADD CONSTRAINT "field_duty_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_task_answers" ADD CONSTRAINT "field_task_answers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gazetteer_tokens" ADD CONSTRAINT "gazetteer_tokens_entry_id_gazetteer_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."gazetteer_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_case_refs" ADD CONSTRAINT "integration_case_refs_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_case_refs" ADD CONSTRAINT "integration_case_refs_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_update_refs" ADD CONSTRAINT "open311_update_refs_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_update_refs" ADD CONSTRAINT "open311_update_refs_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_positions" ADD CONSTRAINT "patrol_positions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_moderation" ADD CONSTRAINT "public_moderation_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_rules" ADD CONSTRAINT "responsibility_rules_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_outbox" ADD CONSTRAINT "webhook_outbox_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_key_usage_key_at_idx" ON "api_key_usage" USING btree ("key_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "basedata_changes_code_idx" ON "basedata_changes" USING btree ("layer","code");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq_idx" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_events_at_idx" ON "case_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "case_events_actor_idx" ON "case_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "cases_state_idx" ON "cases" USING btree ("state");--> statement-breakpoint
CREATE INDEX "cases_class_idx" ON "cases" USING btree ("kind","class_code");--> statement-breakpoint
CREATE INDEX "cases_street_idx" ON "cases" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "cases_department_idx" ON "cases" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_step_deadline_idx" ON "cases" USING btree ("step_deadline");--> statement-breakpoint
CREATE INDEX "cases_component_idx" ON "cases" USING btree ("component_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_idempotency_idx" ON "cases" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_reports_token_idx" ON "citizen_reports" USING btree ("follow_token");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_reports_idem_idx" ON "citizen_reports" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "citizen_reports_phone_idx" ON "citizen_reports" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "citizen_reports_reopen_idx" ON "citizen_reports" USING btree ("reopen_of");--> statement-breakpoint
CREATE INDEX "communities_street_idx" ON "communities" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "component_events_component_idx" ON "component_events" USING btree ("component_id","at");--> statement-breakpoint
CREATE INDEX "components_class_idx" ON "components" USING btree ("class_code");--> statement-breakpoint
CREATE INDEX "components_grid_idx" ON "components" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "components_state_idx" ON "components" USING btree ("state");--> statement-breakpoint
CREATE INDEX "components_location_gist" ON "components" USING gist ("location");--> statement-breakpoint
CREATE INDEX "eval_cases_filed_idx" ON "eval_cases" USING btree ("filed_at");--> statement-breakpoint
CREATE INDEX "eval_cases_reported_idx" ON "eval_cases" USING btree ("reported_at");--> statement-breakpoint
CREATE INDEX "eval_cases_closed_idx" ON "eval_cases" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "eval_tasks_settled_idx" ON "eval_tasks" USING btree ("settled_at");--> statement-breakpoint
CREATE INDEX "filing_conditions_class_idx" ON "filing_conditions" USING btree ("kind","class_code");--> statement-breakpoint
CREATE UNIQUE INDEX "gazetteer_kind_code_idx" ON "gazetteer_entries" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "gazetteer_location_gist" ON "gazetteer_entries" USING gist ("location");--> statement-breakpoint
CREATE INDEX "gazetteer_tokens_entry_idx" ON "gazetteer_tokens" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "grids" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "grids_ring_gist" ON "grids" USING gist ("ring");--> statement-breakpoint
CREATE INDEX "grids_beat_idx" ON "grids" USING btree ("beat_id");--> statement-breakpoint
CREATE INDEX "integration_case_refs_case_idx" ON "integration_case_refs" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_case_refs_external_idx" ON "integration_case_refs" USING btree ("api_key_id","channel","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_case_refs_token_idx" ON "integration_case_refs" USING btree ("token");--> statement-breakpoint
CREATE INDEX "patrol_positions_user_at_idx" ON "patrol_positions" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "patrol_positions_at_idx" ON "patrol_positions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "phone_codes_phone_idx" ON "phone_codes" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "photos_case_idx" ON "photos" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_created_idx" ON "sms_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_sub_at_idx" ON "webhook_deliveries" USING btree ("subscription_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_outbox_sub_event_idx" ON "webhook_outbox" USING btree ("subscription_id","case_event_id");--> statement-breakpoint
CREATE INDEX "webhook_outbox_due_idx" ON "webhook_outbox" USING btree ("status","next_attempt_at");