ALTER TABLE "changes" ALTER COLUMN "risk" SET DATA TYPE real;--> statement-breakpoint
ALTER TABLE "assessments" ALTER COLUMN "risk" SET DATA TYPE real;--> statement-breakpoint
ALTER TABLE "attestations" ALTER COLUMN "risk" SET DATA TYPE real;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "risk" SET DATA TYPE real;