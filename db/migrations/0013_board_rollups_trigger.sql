-- Marks the UTC days whose board rollups a write to `changes` made stale (db/queries/board-rollups.ts consumes them).
-- Statement-level with transition tables: a bulk rescore of a million rows adds one mark per distinct day, and an
-- update that leaves the board's columns alone adds none.
CREATE OR REPLACE FUNCTION board_rollups_mark_stale() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO board_rollup_stale (org_id, day)
    SELECT DISTINCT n.org_id, (n.merged_at AT TIME ZONE 'UTC')::date
    FROM new_rows n
    WHERE n.state = 'merged' AND n.merged_at IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO board_rollup_stale (org_id, day)
    SELECT DISTINCT o.org_id, (o.merged_at AT TIME ZONE 'UTC')::date
    FROM old_rows o
    WHERE o.state = 'merged' AND o.merged_at IS NOT NULL;
  ELSE
    INSERT INTO board_rollup_stale (org_id, day)
    SELECT DISTINCT r.org_id, (r.merged_at AT TIME ZONE 'UTC')::date
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.org_id, o.state, o.merged_at), (n.org_id, n.state, n.merged_at)) AS r (org_id, state, merged_at)
    WHERE r.state = 'merged' AND r.merged_at IS NOT NULL
      AND (o.org_id, o.repository_id, o.state, o.merged_at, o.risk, o.tier, o.band, o.ai_origin, o.attested, o.failed, o.services)
          IS DISTINCT FROM
          (n.org_id, n.repository_id, n.state, n.merged_at, n.risk, n.tier, n.band, n.ai_origin, n.attested, n.failed, n.services);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER changes_board_stale_insert AFTER INSERT ON changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION board_rollups_mark_stale();
--> statement-breakpoint
CREATE TRIGGER changes_board_stale_update AFTER UPDATE ON changes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION board_rollups_mark_stale();
--> statement-breakpoint
CREATE TRIGGER changes_board_stale_delete AFTER DELETE ON changes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION board_rollups_mark_stale();
--> statement-breakpoint
-- Backfill: an existing database gets the rollups of all its history now (the same sums as
-- db/queries/board-rollups.ts recomputeRollupDays), so the board is correct and fast without a manual step.
INSERT INTO board_rollups (org_id, slice_kind, slice_key, day, tier, merged, risk_sum, high, high_attested, ai, failed, known)
WITH base AS MATERIALIZED (
  SELECT org_id, repository_id, services, (merged_at AT TIME ZONE 'UTC')::date AS day, coalesce(tier, -1)::smallint AS tier,
         risk, band, attested, ai_origin, failed
  FROM changes
  WHERE state = 'merged' AND risk IS NOT NULL AND merged_at IS NOT NULL
)
SELECT org_id, 'org', '', day, tier,
  count(*)::int, coalesce(sum(risk::numeric), 0),
  (count(*) FILTER (WHERE band IN ('high', 'critical')))::int,
  (count(*) FILTER (WHERE band IN ('high', 'critical') AND attested))::int,
  (count(*) FILTER (WHERE ai_origin))::int,
  (count(*) FILTER (WHERE failed))::int,
  count(failed)::int
FROM base GROUP BY org_id, day, tier
UNION ALL
SELECT org_id, 'repository', repository_id::text, day, tier,
  count(*)::int, coalesce(sum(risk::numeric), 0),
  (count(*) FILTER (WHERE band IN ('high', 'critical')))::int,
  (count(*) FILTER (WHERE band IN ('high', 'critical') AND attested))::int,
  (count(*) FILTER (WHERE ai_origin))::int,
  (count(*) FILTER (WHERE failed))::int,
  count(failed)::int
FROM base GROUP BY org_id, repository_id, day, tier
UNION ALL
SELECT org_id, 'service', service, day, tier,
  count(*)::int, coalesce(sum(risk::numeric), 0),
  (count(*) FILTER (WHERE band IN ('high', 'critical')))::int,
  (count(*) FILTER (WHERE band IN ('high', 'critical') AND attested))::int,
  (count(*) FILTER (WHERE ai_origin))::int,
  (count(*) FILTER (WHERE failed))::int,
  count(failed)::int
FROM base CROSS JOIN LATERAL (SELECT DISTINCT unnest(base.services) AS service) s
GROUP BY org_id, service, day, tier;
