/**
 * @module parse
 * Parsing of command-line values: durations (`30d`), times (`--now`), cipher suites (id or name)
 * and store keys.
 */
import { fromHex } from "@mlskit/codec";
import { CIPHER_SUITES, cipherSuiteCodePoints, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { DEFAULT_LIFETIME_POLICY, type LifetimePolicy } from "@mlskit/key-packages";
import { CliError } from "./io.js";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400, y: 365 * 86400 };

/**
 * Parse a duration like `30d`, `12h`, `90m`, `3600s`, `2w`, `1y`. The unit is required: a bare
 * `90` could mean seconds or days, and a wrong guess makes packages that live a day and a half or
 * three months.
 * @param text - the option value
 * @param option - option name for errors
 * @returns seconds
 * @throws CliError (exit code 2) for anything else, naming the option
 * @example
 * ```ts
 * parseDuration("30d", "--lifetime"); // 2592000
 * ```
 */
export function parseDuration(text: string, option: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t))
    throw new CliError(`${option}: "${t}" has no unit: write ${t}s, ${t}m, ${t}h, ${t}d or ${t}w`, 2);
  const m = /^(\d+)([smhdwy])$/.exec(t);
  if (m === null)
    throw new CliError(`${option}: expected a duration like 30d, 12h or 3600s, got "${text}"`, 2);
  const seconds = Number(m[1]) * UNITS[m[2]!]!;
  if (!Number.isSafeInteger(seconds) || seconds <= 0)
    throw new CliError(`${option}: duration out of range`, 2);
  return seconds;
}

/**
 * Parse a time: `now`, an ISO date (`2023-04-01`, `2023-04-01T12:00:00Z`) or seconds since the
 * epoch.
 * @param text - the option value
 * @param option - the option, for errors
 * @returns seconds since the epoch
 * @throws CliError (exit code 2) naming the option
 * @example
 * ```ts
 * parseTime("2023-04-01T00:00:00Z", "--now"); // 1680307200n
 * ```
 */
export function parseTime(text: string, option = "--now"): bigint {
  const t = text.trim();
  if (t === "now") return BigInt(Math.floor(Date.now() / 1000));
  if (/^\d+$/.test(t)) return BigInt(t);
  const ms = Date.parse(t);
  if (Number.isNaN(ms))
    throw new CliError(`${option}: expected "now", an ISO date or epoch seconds, got "${text}"`, 2);
  return BigInt(Math.floor(ms / 1000));
}

const hex4 = (id: number): string => `0x${id.toString(16).padStart(4, "0")}`;

/**
 * Parse one cipher suite: a number (`1`, `0x0001`) or a name (any case, with or without the
 * `MLS_` prefix), of any row of the registry (`CIPHER_SUITES` of `@mlskit/crypto-provider`), so a
 * suite added there needs no change here.
 * @param text - one suite
 * @param option - the option, for errors
 * @returns the suite id
 * @throws CliError (exit code 2) for a suite the registry does not know
 * @example
 * ```ts
 * parseSuite("MLS_128_DHKEMP256_AES128GCM_SHA256_P256"); // 2
 * parseSuite("0x0003"); // 3
 * ```
 */
export function parseSuite(text: string, option = "--suite"): number {
  const t = text.trim();
  if (/^(0x[0-9a-f]{1,4}|\d{1,5})$/i.test(t)) {
    const id = Number(t);
    if (cipherSuiteInfo(id) !== undefined) return id;
  } else {
    const name = t.toUpperCase().startsWith("MLS_") ? t.toUpperCase() : `MLS_${t.toUpperCase()}`;
    // Registry names are mixed case ("…_Ed25519"): compare without case. A name with several code
    // points gives its preferred one.
    const hit = CIPHER_SUITES.find((s) => s.name.toUpperCase() === name);
    if (hit !== undefined) return cipherSuiteCodePoints(hit.name)[0]!;
  }
  throw new CliError(
    `${option}: unknown cipher suite "${t}" (known: ${CIPHER_SUITES.map((s) => `${s.id} ${s.name}`).join(", ")})`,
    2,
  );
}

/**
 * Parse a comma-separated list of cipher suites, each as {@link parseSuite} takes it.
 * @param text - e.g. `1,2,3` or `0x0001,MLS_128_DHKEMP256_AES128GCM_SHA256_P256`
 * @param option - the option, for errors
 * @returns the suite ids, in order, without repeats
 * @throws CliError (exit code 2) for an empty list, an unknown suite or a repeated one
 * @example
 * ```ts
 * parseSuites("1,0x0002,mls_128_dhkemx25519_chacha20poly1305_sha256_ed25519"); // [1, 2, 3]
 * ```
 */
export function parseSuites(text: string, option = "--suite"): number[] {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.some((p) => p === ""))
    throw new CliError(`${option}: expected a comma-separated list of suites`, 2);
  const ids = parts.map((p) => parseSuite(p, option));
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new CliError(`${option}: cipher suite ${hex4(repeated)} given twice`, 2);
  return ids;
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

/**
 * The lifetime policy of `--max-lifetime`: the default (365 days + 1 hour, 5 minutes of clock
 * skew), another maximum total lifetime, or `none` (no maximum, no skew).
 * @param value - the option value, or undefined
 * @returns the policy, or `false` for `none`
 * @example
 * ```ts
 * lifetimePolicyOption("90d"); // { maxTotalSeconds: 7776000, clockSkewSeconds: 300 }
 * ```
 */
export function lifetimePolicyOption(value: string | boolean | undefined): LifetimePolicy | false {
  if (value === undefined) return DEFAULT_LIFETIME_POLICY;
  if (value === "none") return false;
  return { ...DEFAULT_LIFETIME_POLICY, maxTotalSeconds: parseDuration(String(value), "--max-lifetime") };
}
