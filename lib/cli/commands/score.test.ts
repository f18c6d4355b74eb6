import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "rl-score-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("score command", () => {
  it("reports bad lines by number, skips them and scores the rest", () => {
    const input = join(dir, "in.jsonl");
    const out = join(dir, "out.jsonl");
    const good = { repo: "acme/x", number: 1, author: { login: "a" }, createdAt: "2026-01-01T00:00:00Z", files: [{ path: "src/a.ts", status: "modified", additions: 10, deletions: 1 }] };
    writeFileSync(input, [JSON.stringify(good), "not json", JSON.stringify({ ...good, repo: "bad" }), "", JSON.stringify({ ...good, number: 2 })].join("\n"));
    const stderr = execFileSync("bash", ["-c", `npx tsx lib/cli/main.ts score --input ${input} --out ${out} 2>&1 >/dev/null`], { encoding: "utf8" });
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: repo: expected owner\/name/);
    expect(stderr).toMatch(/scored 2 changes, skipped 2 bad lines/);
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.number)).toEqual([1, 2]);
    expect(lines[0].signals.review.known).toBe(false);
  });

  it("rejects an invalid policy with line-precise errors", () => {
    const policy = join(dir, "bad.yaml");
    writeFileSync(policy, "services:\n  - name: a\n    tier: 9\n    paths: [a/]\n");
    const res = execFileSync("bash", ["-c", `npx tsx lib/cli/main.ts score --input /dev/null --out ${join(dir, "x")} --policy ${policy} 2>&1; echo "exit=$?"`], { encoding: "utf8" });
    expect(res).toContain("line 3, column 11: services[0].tier: expected a number from 0 to 3");
    expect(res).toContain("exit=1");
  });
});
