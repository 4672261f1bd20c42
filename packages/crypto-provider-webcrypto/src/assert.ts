/**
 * @module assert
 * Titled argument checks (internal): a wrong type is a `TypeError`, a wrong range a `RangeError`,
 * and the message names the argument, never its bytes.
 */

/**
 * @param value - the argument
 * @param name - its name, for the message
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
 * @internal
 */
export function assertUint(value: unknown, name: string, max: number): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`"${name}" expected number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`"${name}" expected an integer in 0..${max}, got ${value}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
