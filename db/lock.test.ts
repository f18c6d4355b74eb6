import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { DatabaseLockedError, lockFileFor } from "./lock";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Starts a process that opens the embedded database, writes `rows` rows, reports, then waits for "close". */
function startHolder(dir: string, rows: number) {
  const script = `
    import { openDatabase } from ${JSON.stringify(path.join(root, "db/client.ts"))};
    import { sql } from "drizzle-orm";
    const d = await openDatabase({ pgliteDir: ${JSON.stringify(dir)} });
    await d.db.execute(sql\`create table if not exists w (i int primary key)\`);
    for (let i = 0; i < ${rows}; i++) await d.db.execute(sql\`insert into w values (\${i})\`);
    process.stdout.write("ready pid=" + process.pid + "\\n");
    process.stdin.on("data", async () => { await d.close(); process.stdout.write("closed\\n"); process.exit(0); });
  `;
  const child = spawn(tsx, ["--input-type=module", "-e", script], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waitFor = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (lines.some((l) => l.includes(word)) ? resolve() : undefined);
      child.stdout.on("data", (b: Buffer) => {
        lines.push(...b.toString().split("\n"));
        check();
      });
      child.on("exit", (code) => (lines.some((l) => l.includes(word)) ? resolve() : reject(new Error(`holder exited ${code}`))));
      check();
    });
  const pid = () => Number(/ready pid=(\d+)/.exec(lines.join("\n"))?.[1]);
  return { child, waitFor, pid };
}

describe("embedded database lock", () => {
  it("a second process fails at once naming the holder, and no committed write is lost", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rl-lock-"));
    const holder = startHolder(dir, 40);
    await holder.waitFor("ready");

    const err = await openDatabase({ pgliteDir: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseLockedError);
    expect((err as Error).message).toContain(`process ${holder.pid()} `);
    expect((err as Error).message).toContain("DATABASE_URL");

    holder.child.stdin.write("close\n");
    await holder.waitFor("closed");

    const d = await openDatabase({ pgliteDir: dir });
    const rows = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from w`);
    const n = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0]!.n;
    await d.close();
    expect(n).toBe(40);
  }, 120_000);

  it("takes over a stale lock left by a dead process", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rl-lock-"));
    writeFileSync(lockFileFor(dir), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: "gone", since: "then" }));
    const d = await openDatabase({ pgliteDir: dir });
    await d.close();
  }, 60_000);
});
