import { createSecretBox, parseKeyring, type SecretBox } from "../crypto";
import { getEnv } from "../env";

let box: SecretBox | undefined;

/** The secret box for tokens and signing keys, keyed from ENCRYPTION_KEYS (generated locally for the embedded demo). */
export function getSecretBox(): SecretBox {
  box ??= createSecretBox(parseKeyring(getEnv().encryptionKeys));
  return box;
}
