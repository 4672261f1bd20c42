/**
 * @module assert
 * Argument checks for public entry points, shared by this package and by the providers (so every
 * provider reports a caller's mistake the same way): a wrong type is a `TypeError`, a wrong length
 * or range a `RangeError`, and the message names the argument, never its bytes.
 */

/**
 * Check that an argument is a `Uint8Array` (of a given length, if one is given).
 *
 * @param value - the argument
 * @param name - its name, for the message
 * @param length - required length, if any
 * @throws TypeError for anything but a Uint8Array; RangeError for a wrong length
 * @example
 * ```ts
 * import { assertBytes } from "@mlskit/crypto-provider";
 * assertBytes(message, "message"); // message is a Uint8Array from here on
 * ```
 */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`"${name}" expected Uint8Array of length ${length}, got ${value.length}`);
  }
}

/**
 * @param value - the argument
 * @param name - its name
 * @internal
 */
export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`"${name}" expected string, got ${describe(value)}`);
}

/**
 * Check that an argument is an integer in `0..max`.
 *
 * @param value - the argument
 * @param name - its name
 * @param max - inclusive upper bound
 * @throws TypeError for a non-number; RangeError for a non-integer or out of range
 * @example
 * ```ts
 * import { assertUint } from "@mlskit/crypto-provider";
 * assertUint(length, "length", 255 * 32); // RFC 5869 §2.3 bound of HKDF-Expand for SHA-256
 * ```
 */
export function assertUint(value: unknown, name: string, max: number): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`"${name}" expected number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`"${name}" expected an integer in 0..${max}, got ${value}`);
  }
}

/**
 * @param value - the argument
 * @param name - its name
 * @internal
 */
export function assertSuite(value: unknown, name: string): void {
  const s = value as { hash?: unknown; kdf?: unknown; hpke?: unknown; signature?: unknown } | null;
  if (typeof s !== "object" || s === null || !s.hash || !s.kdf || !s.hpke || !s.signature) {
    throw new TypeError(`"${name}" expected a CipherSuiteImpl, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
