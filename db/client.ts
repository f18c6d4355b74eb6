import { mkdirSync } from "node:fs";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { acquireDirectoryLock, type DirectoryLock } from "./lock";
import { PGliteThread } from "./pglite-thread";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type every query function takes: the same code runs on PGlite and on postgres.js. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; without it, PGlite. */
  url?: string;
  /** PGlite data directory, or "memory://" for a throwaway database. */
  pgliteDir?: string;
  /** Max connections for postgres.js. */
  max?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const sql = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
    const db = drizzlePostgres(sql, { schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "postgres", close: () => sql.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? "memory://";
  let lock: DirectoryLock | undefined;
  if (!dir.startsWith("memory://")) {
    lock = acquireDirectoryLock(dir);
    mkdirSync(dir, { recursive: true });
  }
  try {
    // On a thread of its own (with the extensions the migrations create): see PGliteThread.
    const client = await PGliteThread.open(dir.startsWith("memory://") ? undefined : dir);
    const db = drizzlePglite(client as never, { schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "pglite",
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
