/**
 * Failures of the secret box and the keyring. Messages name key ids and positions, never plaintext or key
 * material, so they are safe to log.
 */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The envelope is not of the form `v1.<kid>.<nonce>.<ciphertext>`. */
export class MalformedEnvelopeError extends SecretBoxError {}

/** The envelope names a key id that the keyring does not hold (retired too early, or another environment). */
export class UnknownKeyIdError extends SecretBoxError {
  constructor(readonly keyId: string) {
    super(`secret envelope was sealed with key id "${keyId}", which is not in the keyring`);
  }
}

/** Authentication failed: the ciphertext, nonce or key id was altered, the key is wrong, or the aad differs. */
export class DecryptionFailedError extends SecretBoxError {
  constructor(readonly keyId: string) {
    super(
      `secret envelope (key id "${keyId}") failed authentication: it was altered, or it is opened with the wrong key or context`,
    );
  }
}

/** The keyring configuration (e.g. ENCRYPTION_KEYS) is unusable. */
export class KeyringError extends SecretBoxError {}
