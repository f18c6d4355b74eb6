import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateOrgKeyPair } from "@/lib/receipts/keys";
import { exportReceiptJson } from "@/lib/receipts/verify";
import { buildSampleChain } from "@/lib/receipts/testing/chain-fixtures";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(path.join(tmpdir(), "verify-receipt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { keys, receipts } = buildSampleChain(3);
const exported = Buffer.from(exportReceiptJson(receipts[2]!));
const files = {
  good: path.join(dir, "receipt.json"),
  changed: path.join(dir, "receipt-changed.json"),
  key: path.join(dir, "acme.pem"),
  otherKey: path.join(dir, "other.pem"),
};
writeFileSync(files.good, exported);
writeFileSync(files.key, keys.publicKeyPem);
writeFileSync(files.otherKey, generateOrgKeyPair().publicKeyPem);
// One byte changed: a digit of the risk score.
const riskAt = exported.indexOf(`"risk":${receipts[2]!.receipt.assessment.risk}`) + '"risk":'.length;
const changed = Buffer.from(exported);
changed[riskAt] = changed[riskAt] === 0x39 ? 0x38 : changed[riskAt]! + 1;
writeFileSync(files.changed, changed);

function cli(...args: string[]) {
  const run = spawnSync("npx", ["tsx", "lib/cli/main.ts", "verify-receipt", ...args], { cwd: root, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run cli -- verify-receipt", () => {
  it("verifies an exported receipt and prints one line", () => {
    const run = cli(files.good, "--public-key", files.key);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toMatch(/^verified: merge receipt #3 of acme for acme\/web#1002 \(merge [0-9a-f]{12}\)/);
    expect(run.stdout).toContain(receipts[2]!.hash);
  });

  it("fails with the reason when one byte is changed", () => {
    const run = cli(files.changed, "--public-key", files.key);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/NOT verified \(hash-mismatch\)/);
  });

  it("fails with the reason under another organisation's key", () => {
    const run = cli(files.good, "--public-key", files.otherKey);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NOT verified \(wrong-key\).*signed by key/);
  });

  it("exits 2 when a file is missing or the key is not a key", () => {
    expect(cli(path.join(dir, "missing.json"), "--public-key", files.key)).toMatchObject({ code: 2 });
    const notKey = cli(files.good, "--public-key", files.good);
    expect(notKey.code).toBe(2);
    expect(notKey.stderr).toMatch(/could not be read/);
  });

  it("has help", () => {
    const run = cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--public-key <file>/);
    expect(run.stdout).toMatch(/openssl/);
  });
});
