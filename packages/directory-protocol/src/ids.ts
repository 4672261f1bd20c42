/**
 * @module ids
 * The forms of the values that travel in paths: user and client ids, and refs in hex.
 */

/**
 * User and client ids: 1–128 characters of `A–Z a–z 0–9 . _ ~ @ + -` (unreserved in a URL path,
 * so an id never needs escaping).
 *
 * @example
 * ```ts
 * DIRECTORY_ID_PATTERN.test("alice@example.com"); // true
 * ```
 */
export const DIRECTORY_ID_PATTERN: RegExp = /^[A-Za-z0-9._~@+-]{1,128}$/;

/**
 * A KeyPackageRef in a path: 16 to 64 bytes in hex (the hash sizes of the registered suites).
 *
 * @example
 * ```ts
 * KEY_PACKAGE_REF_HEX_PATTERN.test(toHex(bundle.ref)); // true
 * ```
 */
export const KEY_PACKAGE_REF_HEX_PATTERN: RegExp = /^(?:[0-9a-fA-F]{2}){16,64}$/;

/**
 * Whether a value is a valid user or client id ({@link DIRECTORY_ID_PATTERN}).
 *
 * @param value - anything
 * @returns true for a string of the id form
 * @example
 * ```ts
 * isDirectoryId("a b"); // false
 * ```
 */
export function isDirectoryId(value: unknown): value is string {
  return typeof value === "string" && DIRECTORY_ID_PATTERN.test(value);
}
