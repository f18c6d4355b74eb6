import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KeyringError } from "./errors";
import { generateKeyringEntry, parseKeyring } from "./keyring";
import { createSecretBox } from "./secret-box";

const b64 = (n = 32) => randomBytes(n).toString("base64");

describe("parseKeyring", () => {
  it("takes the first entry as the active key and keeps the others for opening", () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const ring = parseKeyring(` k2:${a.toString("base64")} , k1:${b.toString("base64url")}`);
    expect(ring.activeKeyId).toBe("k2");
    expect([...ring.keys.keys()]).toEqual(["k2", "k1"]);
    expect(ring.keys.get("k2")!.equals(a)).toBe(true);
    expect(ring.keys.get("k1")!.equals(b)).toBe(true);
  });

  it("accepts base64 with or without padding", () => {
    const key = randomBytes(32);
    expect(parseKeyring(`k:${key.toString("base64").replace(/=+$/, "")}`).keys.get("k")!.equals(key)).toBe(true);
  });

  it.each([
    ["", /is empty/],
    ["   ", /is empty/],
    [`k1:${b64()},`, /entry 2 is empty/],
    [`nokey`, /entry 1 must be "<key id>:<base64 key>"/],
    [`:${b64()}`, /entry 1 must be/],
    [`bad.id:${b64()}`, /key id "bad.id"/],
    [`k1:${b64()},k1:${b64()}`, /"k1" appears twice/],
    [`k1:${b64(16)}`, /must decode to 32 bytes, got 16/],
    [`k1:not*base64!`, /not valid base64/],
  ])("rejects %j with a clear message", (value, message) => {
    expect(() => parseKeyring(value)).toThrow(KeyringError);
    expect(() => parseKeyring(value)).toThrow(message);
  });

  it("never puts key material in its messages", () => {
    const secret = b64(16);
    try {
      parseKeyring(`k1:${secret}`);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it("names the variable it read", () => {
    expect(() => parseKeyring(undefined, "SECRET_KEYS")).toThrow(/^SECRET_KEYS is empty/);
  });

  it("generates entries that parse into a working box", () => {
    const ring = parseKeyring(`${generateKeyringEntry("new")},${generateKeyringEntry("old")}`);
    const box = createSecretBox(ring);
    expect(box.activeKeyId).toBe("new");
    expect(box.openText(box.seal("ok"))).toBe("ok");
  });
});
