import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { verifyReceiptFile } from "./verify";

// A receipt exported by an earlier build, kept to catch any change to the format, canonicalisation or signing
// that would stop receipts already handed to auditors from verifying.
const dir = path.join(import.meta.dirname, "fixtures");
const exported = readFileSync(path.join(dir, "receipt-v1.json"));
const pem = readFileSync(path.join(dir, "receipt-v1.pem"), "utf8");

describe("a receipt exported by an earlier version", () => {
  it("still verifies", () => {
    expect(verifyReceiptFile(exported, pem)).toMatchObject({ ok: true });
  });

  it("keeps the byte layout docs/receipts.md uses for checks without a JSON tool", () => {
    const hash = exported.subarray(31, 95).toString("ascii");
    const body = exported.subarray(228, exported.length - 103);
    expect(createHash("sha256").update(body).digest("hex")).toBe(hash);
  });

  it.runIf((() => { try { execFileSync("openssl", ["version"]); return true; } catch { return false; } })())(
    "verifies with openssl",
    () => {
      const signed = JSON.parse(exported.toString("utf8")) as { hash: string; signature: string };
      const tmp = mkdtempSync(path.join(tmpdir(), "receipt-openssl-"));
      const write = (name: string, data: string | Buffer) => {
        const file = path.join(tmp, name);
        writeFileSync(file, data);
        return file;
      };
      const out = execFileSync("openssl", [
        "pkeyutl", "-verify", "-pubin", "-rawin",
        "-inkey", write("key.pem", pem),
        "-in", write("message", `risk-ledger.receipt/v1\n${signed.hash}`),
        "-sigfile", write("signature.bin", Buffer.from(signed.signature, "base64url")),
      ]).toString();
      rmSync(tmp, { recursive: true, force: true });
      expect(out).toMatch(/Signature Verified Successfully/);
    },
  );
});
