/**
 * @module assert
 * Argument checks at the provider boundary (internal): wrong types are `TypeError`s, out-of-range
 * numbers `RangeError`s, so a caller's mistake is never mistaken for a cryptographic failure.
 */

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

/**
 * @param value - the argument
 * @param name - its name
 * @throws TypeError unless `value` is a Uint8Array
 * @internal
 */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${describe(value)}`);
  }
}

/**
 * @param value - the argument
 * @param name - its name
 * @param max - inclusive upper bound
 * @throws TypeError / RangeError unless `value` is an integer in 0..max
 * @internal
 */
export function assertUint(value: unknown, name: string, max: number): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`"${name}" expected number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`"${name}" expected an integer in 0..${max}, got ${value}`);
  }
}
