/**
 * @module parse
 * Parsing of command-line values: durations (`30d`), times (`--now`), cipher suites (id or name)
 * and store keys.
 */
import { fromHex } from "@mlskit/codec";
import { CIPHER_SUITES, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { CliError } from "./io.js";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400, y: 365 * 86400 };

/**
 * Parse a duration like `30d`, `12h`, `90m`, `3600s`, `1y` (a bare number is seconds).
 * @param text - the option value
 * @param option - option name for errors
 * @returns seconds
 * @example
 * ```ts
 * parseDuration("30d", "--lifetime"); // 2592000
 * ```
 */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+)([smhdwy]?)$/.exec(text.trim());
  if (m === null)
    throw new CliError(`${option}: expected a duration like 30d, 12h or 3600s, got "${text}"`, 2);
  const seconds = Number(m[1]) * (UNITS[m[2] || "s"] ?? 1);
  if (!Number.isSafeInteger(seconds) || seconds <= 0)
    throw new CliError(`${option}: duration out of range`, 2);
  return seconds;
}

/**
 * Parse a time: an ISO date (`2023-04-01`, `2023-04-01T12:00:00Z`) or seconds since the epoch.
 * @param text - the option value
 * @returns seconds since the epoch
 * @example
 * ```ts
 * parseTime("2023-04-01T00:00:00Z"); // 1680307200n
 * ```
 */
export function parseTime(text: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`--now: expected an ISO date or epoch seconds, got "${text}"`, 2);
  return BigInt(Math.floor(ms / 1000));
}

/**
 * Parse a cipher suite given as a number (`1`, `0x0001`) or a name (any case, with or without
 * the `MLS_` prefix).
 * @param text - the option value
 * @returns the suite id
 * @example
 * ```ts
 * parseSuite("MLS_128_DHKEMP256_AES128GCM_SHA256_P256"); // 2
 * ```
 */
export function parseSuite(text: string): number {
  const t = text.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const id = Number(t);
    if (cipherSuiteInfo(id) === undefined) {
      throw new CliError(
        `unknown cipher suite ${t} (known: ${CIPHER_SUITES.map((s) => s.id).join(", ")})`,
        2,
      );
    }
    return id;
  }
  const name = t.toUpperCase().startsWith("MLS_") ? t.toUpperCase() : `MLS_${t.toUpperCase()}`;
  const hit = CIPHER_SUITES.find((s) => s.name === name);
  if (hit === undefined) throw new CliError(`unknown cipher suite "${t}"`, 2);
  return hit.id;
}

/**
 * Parse a 32-byte store encryption key given in hex.
 * @param hex - 64 hex characters
 * @returns the key
 * @example
 * ```ts
 * parseStoreKey("00".repeat(32));
 * ```
 */
export function parseStoreKey(hex: string): Uint8Array {
  let key: Uint8Array;
  try {
    key = fromHex(hex.trim());
  } catch {
    throw new CliError("MLSKIT_STORE_KEY: expected 64 hex characters", 2);
  }
  if (key.length !== 32)
    throw new CliError(`MLSKIT_STORE_KEY: expected 32 bytes (64 hex characters), got ${key.length}`, 2);
  return key;
}
