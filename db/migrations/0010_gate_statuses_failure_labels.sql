CREATE TABLE "gate_statuses" (
	"org_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"sha" text NOT NULL,
	"context" text NOT NULL,
	"change_id" bigint,
	"state" text,
	"description" text,
	"target_url" text,
	"posted_at" timestamp with time zone,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "gate_statuses_org_id_repository_id_sha_context_pk" PRIMARY KEY("org_id","repository_id","sha","context")
);
--> statement-breakpoint
CREATE TABLE "failure_labels" (
	"change_id" bigint PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"failed" boolean NOT NULL,
	"settled" boolean NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gate_statuses" ADD CONSTRAINT "gate_statuses_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_statuses" ADD CONSTRAINT "gate_statuses_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_statuses" ADD CONSTRAINT "gate_statuses_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_labels" ADD CONSTRAINT "failure_labels_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_labels" ADD CONSTRAINT "failure_labels_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gate_statuses_change_idx" ON "gate_statuses" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "failure_labels_org_idx" ON "failure_labels" USING btree ("org_id","failed");