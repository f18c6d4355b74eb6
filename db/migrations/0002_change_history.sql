ALTER TABLE "changes" ADD COLUMN "is_revert" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "is_fix" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "content_hash" text;--> statement-breakpoint
CREATE INDEX "change_files_org_path_idx" ON "change_files" USING btree ("org_id","path");