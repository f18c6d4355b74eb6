DROP INDEX "changes_org_merged_idx";--> statement-breakpoint
DROP INDEX "changes_org_band_merged_idx";--> statement-breakpoint
DROP INDEX "changes_org_repo_merged_idx";--> statement-breakpoint
DROP INDEX "changes_org_open_idx";--> statement-breakpoint
DROP INDEX "changes_org_risk_merged_idx";--> statement-breakpoint
DROP INDEX "changes_title_search_gin";--> statement-breakpoint
DROP INDEX "changes_org_board_idx";--> statement-breakpoint
CREATE INDEX "changes_org_merged_at_idx" ON "changes" USING btree ("org_id","merged_at","id") WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_band_merged_at_idx" ON "changes" USING btree ("org_id","band","merged_at","id") WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_repo_merged_at_idx" ON "changes" USING btree ("org_id","repository_id","merged_at","id");--> statement-breakpoint
CREATE INDEX "changes_org_risk_idx" ON "changes" USING btree ("org_id",coalesce("risk", -1),"id","merged_at") WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_band_risk_idx" ON "changes" USING btree ("org_id","band",coalesce("risk", -1),"id","merged_at") WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_open_risk_idx" ON "changes" USING btree ("org_id",coalesce("risk", -1),"id") WHERE "changes"."state" = 'open';--> statement-breakpoint
CREATE INDEX "changes_org_author_merged_at_idx" ON "changes" USING btree ("org_id",lower("author_login"),"merged_at","id") WHERE "changes"."state" = 'merged';--> statement-breakpoint
CREATE INDEX "changes_org_number_idx" ON "changes" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "changes_failed_controls_gin" ON "changes" USING gin ("failed_controls");--> statement-breakpoint
CREATE INDEX "changes_title_trgm" ON "changes" USING gin ("title" gin_trgm_ops);