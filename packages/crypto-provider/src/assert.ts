/**
 * @module assert
 * Titled argument checks for public entry points (internal): a wrong type is a `TypeError`, a
 * wrong length or range a `RangeError`, and the message names the argument, never its bytes.
 */

/**
 * @param value - the argument
 * @param name - its name, for the message
 * @param length - required length, if any
 * @internal
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
 * @param value - the argument
 * @param name - its name
 * @param max - inclusive upper bound
 * @internal
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
