CREATE TABLE "board_rollup_stale" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_rollups" (
	"org_id" uuid NOT NULL,
	"slice_kind" text NOT NULL,
	"slice_key" text NOT NULL,
	"day" date NOT NULL,
	"tier" smallint NOT NULL,
	"merged" integer NOT NULL,
	"risk_sum" numeric NOT NULL,
	"high" integer NOT NULL,
	"high_attested" integer NOT NULL,
	"ai" integer NOT NULL,
	"failed" integer NOT NULL,
	"known" integer NOT NULL,
	CONSTRAINT "board_rollups_org_id_slice_kind_slice_key_day_tier_pk" PRIMARY KEY("org_id","slice_kind","slice_key","day","tier")
);
--> statement-breakpoint
ALTER TABLE "board_rollups" ADD CONSTRAINT "board_rollups_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_rollup_stale_org_day_idx" ON "board_rollup_stale" USING btree ("org_id","day");