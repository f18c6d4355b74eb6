import { randomBytes } from "node:crypto";
import { createSecretBox, type SecretBox } from "../lib/crypto";

export function testSecretBox(): SecretBox {
  return createSecretBox(parseTestKeyring());
}

function parseTestKeyring() {
  const key = randomBytes(32);
  return { activeKeyId: "test", keys: new Map([["test", key]]) };
}
