import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { changes, repositories } from "../db/schema";
import { makeMember, makeOrg } from "../test/factories";
import { hashPassword } from "../lib/auth/password";
import { signIn } from "./sign-in";
import { freePort } from "../test/free-port";

/**
 * Another organisation's change must answer exactly like an unknown one (404), never revealing that it exists.
 * The shared e2e server holds one organisation, and its embedded database is locked to it, so this spec seeds two
 * organisations into a database of its own and starts a second server on it.
 */
const PASSWORD = "tenant-check-2026";

async function waitUntilServing(url: string, server: ChildProcess, timeoutMs: number) {
  await expect(async () => {
    expect(server.exitCode, "the second server exited").toBeNull();
    const res = await fetch(url);
    expect(res.status).toBe(200);
  }).toPass({ timeout: timeoutMs, intervals: [500, 1_000] });
}

let dataDir: string;
let server: ChildProcess | undefined;
let baseURL: string;
let seeded: { ownEmail: string; otherEmail: string; otherChangeId: number };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(path.join(tmpdir(), "risk-ledger-e2e-tenants-"));
  const database = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    await migrateDatabase(database);
    const db = database.db;
    const passwordHash = await hashPassword(PASSWORD);
    const own = await makeOrg(db, "Own");
    const other = await makeOrg(db, "Other");
    const ownUser = await makeMember(db, own.id, ["engineer"], { passwordHash });
    const otherUser = await makeMember(db, other.id, ["engineer"], { passwordHash });
    const [repo] = await db.insert(repositories).values({ orgId: other.id, fullName: "other/repo" }).returning();
    const at = new Date();
    const [change] = await db
      .insert(changes)
      .values({
        orgId: other.id,
        repositoryId: repo!.id,
        number: 7,
        title: "Other organisation's change",
        state: "merged",
        authorLogin: "someone",
        createdAt: at,
        mergedAt: at,
        baseRef: "main",
        headRef: "feature",
      })
      .returning();
    seeded = { ownEmail: ownUser.email, otherEmail: otherUser.email, otherChangeId: Number(change!.id) };
  } finally {
    await database.close();
  }

  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    // NEXT_DIST_DIR, when set, is inherited: the same build as the shared server.
    env: { ...process.env, DATA_DIR: dataDir, APP_URL: baseURL, PORT: String(port), DEMO_SEED: "0", SIGN_IN_MAX_ATTEMPTS: "50" },
    stdio: "ignore",
  });
  await waitUntilServing(`${baseURL}/sign-in`, server, 120_000);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function statusOfChangePage(browser: Browser, email: string): Promise<{ status: number | undefined; heading: boolean }> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, email, PASSWORD);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
    const res = await page.goto(`/ledger/${seeded.otherChangeId}`);
    const heading = await page.getByRole("heading", { name: "No such change in this organisation" }).isVisible();
    return { status: res?.status(), heading };
  } finally {
    await context.close();
  }
}

test("another organisation's change answers 404, exactly as an unknown one", async ({ browser }) => {
  // The id is real: its own organisation reads it.
  const owner = await statusOfChangePage(browser, seeded.otherEmail);
  expect(owner).toEqual({ status: 200, heading: false });

  const stranger = await statusOfChangePage(browser, seeded.ownEmail);
  expect(stranger).toEqual({ status: 404, heading: true });
});
