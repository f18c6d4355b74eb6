export { createSecretBox, isValidKeyId, ENVELOPE_VERSION, SECRET_KEY_BYTES } from "./secret-box";
export type { Keyring, SecretBox } from "./secret-box";
export { parseKeyring, generateKeyringEntry } from "./keyring";
export {
  SecretBoxError,
  MalformedEnvelopeError,
  UnknownKeyIdError,
  DecryptionFailedError,
  KeyringError,
} from "./errors";
