import postgres from "postgres";
import type { TestProject } from "vitest/node";

/**
 * Finds the PostgreSQL server the integration tests also run against: TEST_DATABASE_URL, or the local server on
 * 127.0.0.1:5432. With REQUIRE_POSTGRES=1 a missing server fails the run instead of skipping those suites.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const runId = `rl_t_${Date.now().toString(36)}_${process.pid}`;
  let available = false;
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    available = true;
  } catch (err) {
    if (process.env.REQUIRE_POSTGRES === "1") {
      throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${redact(url)} does not answer: ${(err as Error).message}`);
    }
    process.stderr.write(`PostgreSQL at ${redact(url)} does not answer: running the PGlite suites only.\n`);
  }
  project.provide("postgresAdminUrl", available ? url : null);
  project.provide("testRunId", runId);

  return async () => {
    if (available) {
      // Drop whatever a crashed test file left behind from this run.
      const left = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${runId + "%"}`;
      for (const { datname } of left) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await sql.end({ timeout: 2 });
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string | null;
    testRunId: string;
  }
}
