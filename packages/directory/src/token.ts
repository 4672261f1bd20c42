/**
 * @module token
 * Client bearer tokens: 256 random bits, shown once when issued, stored only as their SHA-256
 * hash. A database leak thus reveals no usable token, and a token is found by its hash with one
 * indexed lookup (a hash of a high-entropy secret needs no slow KDF and no constant-time compare).
 */
import { createHash, randomBytes } from "node:crypto";

/**
 * Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
 *
 * @example
 * ```ts
 * token.startsWith(CLIENT_TOKEN_PREFIX); // true for every issued token
 * ```
 */
export const CLIENT_TOKEN_PREFIX = "mlsk_";

/**
 * Make a new client token.
 *
 * @returns a token: `mlsk_` followed by 43 base64url characters (32 random bytes)
 * @example
 * ```ts
 * const token = generateClientToken(); // "mlsk_3q2-…"
 * ```
 */
export function generateClientToken(): string {
  return CLIENT_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * The form a token is stored and looked up under: SHA-256 of its UTF-8 bytes.
 *
 * @param token - the bearer token as sent
 * @returns 32 bytes
 * @example
 * ```ts
 * const client = await store.findClientByTokenHash(hashClientToken(token));
 * ```
 */
export function hashClientToken(token: string): Uint8Array {
  if (typeof token !== "string") throw new TypeError(`"token" expected a string, got ${typeof token}`);
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}
