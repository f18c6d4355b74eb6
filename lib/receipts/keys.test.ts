import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, DecryptionFailedError } from "@/lib/crypto";
import { createKeySet, createSigner, generateOrgKeyPair, loadPublicKey, openOrgSigner, publicKeyFingerprint, sealOrgPrivateKey } from "./keys";

const box = createSecretBox({ activeKeyId: "k1", keys: new Map([["k1", randomBytes(32)]]) });

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("organisation keys", () => {
  const pair = generateOrgKeyPair();

  it("exports PEM keys and a colon-separated sha256 fingerprint of the SPKI DER", () => {
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const der = loadPublicKey(pair.publicKeyPem).export({ type: "spki", format: "der" });
    const expected = createHash("sha256").update(der).digest("hex").match(/../g)!.join(":");
    expect(pair.fingerprint).toBe(expected);
    expect(publicKeyFingerprint(pair.publicKeyPem)).toBe(expected);
    expect(createSigner(pair.privateKeyPem).fingerprint).toBe(expected);
  });

  it.runIf(hasOpenssl())("prints the same fingerprint as openssl", () => {
    const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: pair.publicKeyPem });
    const digest = execFileSync("openssl", ["dgst", "-sha256", "-c"], { input: der }).toString();
    expect(digest.trim().split(/\s+/).at(-1)).toBe(pair.fingerprint);
  });

  it("signs with Ed25519", () => {
    const signer = createSigner(pair.privateKeyPem);
    const message = Buffer.from("hello");
    expect(verify(null, message, loadPublicKey(pair.publicKeyPem), signer.sign(message))).toBe(true);
  });

  it("seals the private key for its organisation only", () => {
    const sealed = sealOrgPrivateKey(box, "org_1", pair.privateKeyPem);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(openOrgSigner(box, "org_1", sealed).fingerprint).toBe(pair.fingerprint);
    expect(() => openOrgSigner(box, "org_2", sealed)).toThrow(DecryptionFailedError);
  });

  it("refuses keys that are not Ed25519 or not keys at all", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(() => loadPublicKey(rsa.publicKey.export({ type: "spki", format: "pem" }).toString())).toThrow(/rsa, not Ed25519/);
    expect(() => loadPublicKey("not a key")).toThrow(/could not be read/);
    expect(() => createSigner(pair.publicKeyPem)).toThrow(/signing key/);
    expect(() => createKeySet([])).toThrow(/at least one/);
  });

  it("indexes several keys by fingerprint and derives the public key from a private one", () => {
    const other = generateOrgKeyPair();
    const set = createKeySet([pair.publicKeyPem, other.privateKeyPem]);
    expect([...set.keys()].sort()).toEqual([pair.fingerprint, other.fingerprint].sort());
  });
});
