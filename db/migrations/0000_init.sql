CREATE TYPE "public"."band" AS ENUM('low', 'elevated', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."change_state" AS ENUM('open', 'merged', 'closed');--> statement-breakpoint
CREATE TYPE "public"."receipt_kind" AS ENUM('merge', 'amendment');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'engineer', 'executive', 'counsel');--> statement-breakpoint
CREATE TYPE "public"."sync_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"active_policy_version_id" uuid,
	"webhook_secret_sealed" text,
	"previous_webhook_secret_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"active_org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sign_in_attempts_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"github_login" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_github_login_unique" UNIQUE("github_login")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"roles" "role"[] NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"roles" "role"[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"target" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_connections" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"api_url" text NOT NULL,
	"token_sealed" text NOT NULL,
	"login" text NOT NULL,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"connected_by" uuid,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"github_id" bigint,
	"default_branch" text DEFAULT 'main' NOT NULL,
	"selected" boolean DEFAULT false NOT NULL,
	"codeowners" text,
	"codeowners_path" text,
	"protection" jsonb,
	"sync_cursor" text,
	"last_synced_at" timestamp with time zone,
	"gate_enabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"yaml" text NOT NULL,
	"sha256" text NOT NULL,
	"note" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_commits" (
	"change_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"sha" text NOT NULL,
	"message" text NOT NULL,
	"author_name" text,
	"author_email" text,
	"author_login" text,
	"committed_at" timestamp with time zone,
	"parent_count" smallint DEFAULT 1 NOT NULL,
	"trailers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "change_commits_change_id_sha_pk" PRIMARY KEY("change_id","sha")
);
--> statement-breakpoint
CREATE TABLE "change_files" (
	"change_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"path" text NOT NULL,
	"previous_path" text,
	"status" text NOT NULL,
	"additions" integer,
	"deletions" integer,
	"service" text,
	CONSTRAINT "change_files_change_id_path_pk" PRIMARY KEY("change_id","path")
);
--> statement-breakpoint
CREATE TABLE "change_reviews" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"change_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"reviewer" text NOT NULL,
	"reviewer_type" text DEFAULT 'User' NOT NULL,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"commit_sha" text
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"number" integer,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"url" text,
	"state" "change_state" NOT NULL,
	"author_login" text NOT NULL,
	"author_type" text DEFAULT 'User' NOT NULL,
	"merged_by_login" text,
	"created_at" timestamp with time zone NOT NULL,
	"merged_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"base_ref" text NOT NULL,
	"head_ref" text NOT NULL,
	"head_sha" text,
	"merge_sha" text,
	"labels" text[] DEFAULT '{}' NOT NULL,
	"requested_reviewers" text[] DEFAULT '{}' NOT NULL,
	"checks" jsonb,
	"additions" integer DEFAULT 0 NOT NULL,
	"deletions" integer DEFAULT 0 NOT NULL,
	"file_count" integer DEFAULT 0 NOT NULL,
	"truncated_reason" text,
	"provenance" jsonb,
	"current_assessment_id" bigint,
	"risk" smallint,
	"band" "band",
	"ai_origin" boolean DEFAULT false NOT NULL,
	"top_reason" text,
	"services" text[] DEFAULT '{}' NOT NULL,
	"tier" smallint,
	"failed_controls" text[] DEFAULT '{}' NOT NULL,
	"owners" text[] DEFAULT '{}' NOT NULL,
	"attested" boolean DEFAULT false NOT NULL,
	"failed" boolean
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"change_id" bigint NOT NULL,
	"policy_version_id" uuid,
	"policy_version" text NOT NULL,
	"model_version" text NOT NULL,
	"risk" smallint NOT NULL,
	"band" "band" NOT NULL,
	"signals" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"checks" jsonb NOT NULL,
	"ai" jsonb NOT NULL,
	"services" jsonb NOT NULL,
	"regimes" text[] DEFAULT '{}' NOT NULL,
	"trigger" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"status" "sync_status" DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" uuid,
	"repos_total" integer DEFAULT 0 NOT NULL,
	"repos_done" integer DEFAULT 0 NOT NULL,
	"prs_fetched" integer DEFAULT 0 NOT NULL,
	"prs_scored" integer DEFAULT 0 NOT NULL,
	"rate_limit_remaining" integer,
	"rate_limit_reset_at" timestamp with time zone,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attestations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attestations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"change_id" bigint NOT NULL,
	"assessment_id" bigint NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"login" text,
	"rationale" text NOT NULL,
	"risk" smallint NOT NULL,
	"band" "band" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"sequence" bigint NOT NULL,
	"kind" "receipt_kind" NOT NULL,
	"change_id" bigint NOT NULL,
	"amends_receipt_id" bigint,
	"document" jsonb NOT NULL,
	"hash" text NOT NULL,
	"previous_hash" text,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"merge_sha" text,
	"repo" text NOT NULL,
	"number" bigint,
	"risk" smallint NOT NULL,
	"band" "band" NOT NULL,
	"approvers" text[] DEFAULT '{}' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"public_key_pem" text NOT NULL,
	"private_key_sealed" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_active_org_id_organisations_id_fk" FOREIGN KEY ("active_org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_connections" ADD CONSTRAINT "github_connections_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_connections" ADD CONSTRAINT "github_connections_connected_by_users_id_fk" FOREIGN KEY ("connected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_commits" ADD CONSTRAINT "change_commits_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_files" ADD CONSTRAINT "change_files_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_reviews" ADD CONSTRAINT "change_reviews_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_policy_version_id_policy_versions_id_fk" FOREIGN KEY ("policy_version_id") REFERENCES "public"."policy_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "invitations_org_idx" ON "invitations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_events_org_at_idx" ON "audit_events" USING btree ("org_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_org_name_uq" ON "repositories" USING btree ("org_id","full_name");--> statement-breakpoint
CREATE INDEX "repositories_org_idx" ON "repositories" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_org_idx" ON "webhook_deliveries" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_org_number_uq" ON "policy_versions" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "change_reviews_change_idx" ON "change_reviews" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "change_reviews_org_reviewer_idx" ON "change_reviews" USING btree ("org_id","reviewer");--> statement-breakpoint
CREATE UNIQUE INDEX "changes_repo_number_uq" ON "changes" USING btree ("repository_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "changes_repo_merge_sha_uq" ON "changes" USING btree ("repository_id","merge_sha") WHERE "changes"."number" is null;--> statement-breakpoint
CREATE INDEX "changes_org_merged_idx" ON "changes" USING btree ("org_id","merged_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_band_merged_idx" ON "changes" USING btree ("org_id","band","merged_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_repo_merged_idx" ON "changes" USING btree ("org_id","repository_id","merged_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "changes_org_open_idx" ON "changes" USING btree ("org_id","risk" DESC NULLS LAST) WHERE "changes"."state" = 'open';--> statement-breakpoint
CREATE INDEX "changes_services_gin" ON "changes" USING gin ("services");--> statement-breakpoint
CREATE INDEX "changes_owners_gin" ON "changes" USING gin ("owners");--> statement-breakpoint
CREATE INDEX "changes_requested_gin" ON "changes" USING gin ("requested_reviewers");--> statement-breakpoint
CREATE INDEX "changes_merge_sha_idx" ON "changes" USING btree ("org_id","merge_sha");--> statement-breakpoint
CREATE INDEX "assessments_change_idx" ON "assessments" USING btree ("change_id","id");--> statement-breakpoint
CREATE INDEX "sync_runs_org_created_idx" ON "sync_runs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "attestations_change_idx" ON "attestations" USING btree ("change_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_org_sequence_uq" ON "receipts" USING btree ("org_id","sequence");--> statement-breakpoint
CREATE INDEX "receipts_org_merge_sha_idx" ON "receipts" USING btree ("org_id","merge_sha");--> statement-breakpoint
CREATE INDEX "receipts_org_repo_number_idx" ON "receipts" USING btree ("org_id","repo","number");--> statement-breakpoint
CREATE INDEX "receipts_change_idx" ON "receipts" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "receipts_approvers_gin" ON "receipts" USING gin ("approvers");