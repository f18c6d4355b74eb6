import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionFailedError, KeyringError, MalformedEnvelopeError, UnknownKeyIdError } from "./errors";
import { createSecretBox } from "./secret-box";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const box1 = createSecretBox({ activeKeyId: "k1", keys: new Map([["k1", k1]]) });

function flipChar(text: string, index: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const replacement = alphabet[(alphabet.indexOf(text[index]!) + 1) % alphabet.length]!;
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("secret box", () => {
  it("round-trips text and bytes", () => {
    expect(box1.openText(box1.seal("ghp_example-token"))).toBe("ghp_example-token");
    expect(box1.openText(box1.seal(""))).toBe("");
    const bytes = randomBytes(1000);
    expect(box1.open(box1.seal(bytes)).equals(bytes)).toBe(true);
    expect(box1.openText(box1.seal("naïve — ünïcode ✓"))).toBe("naïve — ünïcode ✓");
  });

  it("writes a versioned envelope naming the key", () => {
    const envelope = box1.seal("x");
    expect(envelope).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(box1.keyIdOf(envelope)).toBe("k1");
  });

  it("uses a fresh nonce for every seal", () => {
    const nonces = new Set<string>();
    const envelopes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const envelope = box1.seal("same plaintext");
      envelopes.add(envelope);
      nonces.add(envelope.split(".")[2]!);
    }
    expect(nonces.size).toBe(2000);
    expect(envelopes.size).toBe(2000);
  });

  it("detects tampering with any character of the envelope", () => {
    const envelope = box1.seal("secret value", "ctx");
    for (let i = 0; i < envelope.length; i++) {
      if (envelope[i] === ".") continue;
      const tampered = flipChar(envelope, i);
      expect(() => box1.open(tampered, "ctx"), `character ${i}`).toThrow();
    }
  });

  it("reports tampering, unknown keys and bad shapes with typed errors that omit the plaintext", () => {
    const envelope = box1.seal("do-not-leak", "ctx");
    const [v, kid, nonce, body] = envelope.split(".");
    const lastByteFlipped = Buffer.from(body!, "base64url");
    lastByteFlipped[0]! ^= 1;
    const tampered = [v, kid, nonce, lastByteFlipped.toString("base64url")].join(".");
    const error = (() => {
      try {
        box1.open(tampered, "ctx");
      } catch (err) {
        return err as Error;
      }
    })();
    expect(error).toBeInstanceOf(DecryptionFailedError);
    expect(error!.message).not.toContain("do-not-leak");

    expect(() => box1.open(envelope.replace("v1.k1.", "v1.k9."), "ctx")).toThrow(UnknownKeyIdError);
    expect(() => box1.open("v1.k1.abc", "ctx")).toThrow(MalformedEnvelopeError);
    expect(() => box1.open(envelope.replace("v1.", "v2."), "ctx")).toThrow(MalformedEnvelopeError);
    expect(() => box1.open(`v1.k1.${nonce}.AAAA`, "ctx")).toThrow(MalformedEnvelopeError);
  });

  it("binds the envelope to its aad", () => {
    const envelope = box1.seal("token", "github-token:org-1");
    expect(box1.openText(envelope, "github-token:org-1")).toBe("token");
    expect(() => box1.open(envelope, "github-token:org-2")).toThrow(DecryptionFailedError);
    expect(() => box1.open(envelope)).toThrow(DecryptionFailedError);
    expect(() => box1.open(box1.seal("token"), "github-token:org-1")).toThrow(DecryptionFailedError);
  });

  it("keeps opening old envelopes after a new key becomes active, and reseals them", () => {
    const old = box1.seal("rotated secret", "ctx");
    const rotated = createSecretBox({ activeKeyId: "k2", keys: new Map([["k2", k2], ["k1", k1]]) });
    expect(rotated.openText(old, "ctx")).toBe("rotated secret");
    expect(rotated.needsRotation(old)).toBe(true);
    const fresh = rotated.reseal(old, "ctx");
    expect(rotated.keyIdOf(fresh)).toBe("k2");
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(rotated.openText(fresh, "ctx")).toBe("rotated secret");
    expect(() => box1.open(fresh, "ctx")).toThrow(UnknownKeyIdError);
  });

  it("rejects a key under another key's id", () => {
    const envelope = box1.seal("x");
    const impostor = createSecretBox({ activeKeyId: "k1", keys: new Map([["k1", k2]]) });
    expect(() => impostor.open(envelope)).toThrow(DecryptionFailedError);
  });

  it("validates its keyring", () => {
    expect(() => createSecretBox({ activeKeyId: "k1", keys: new Map([["k1", randomBytes(16)]]) })).toThrow(KeyringError);
    expect(() => createSecretBox({ activeKeyId: "k3", keys: new Map([["k1", k1]]) })).toThrow(/active key id "k3"/);
    expect(() => createSecretBox({ activeKeyId: "a.b", keys: new Map([["a.b", k1]]) })).toThrow(KeyringError);
  });
});
