-- Trigram indexes for the ledger's title search (a search with no hits is one index probe, not a scan of the window).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. PGlite loads it from
-- @electric-sql/pglite/contrib/pg_trgm (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
