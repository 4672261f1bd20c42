/**
 * @module round-trip
 * The round-trip check every codec's property tests make: a value encodes, decodes to an equal
 * value, and that value encodes to the same bytes again.
 */
import { expect } from "vitest";

/**
 * Expect `decode(encode(value))` to equal `value` and to encode to the same bytes.
 * @param value - the value
 * @param encode - its encoder
 * @param decode - its decoder
 * @returns the decoded value, for further checks
 * @example
 * ```ts
 * fc.assert(fc.property(credentialArb, (c) => {
 *   expectRoundTrip(c, (v) => encode(credentialCodec, v), (b) => decode(credentialCodec, b));
 * }));
 * ```
 */
export function expectRoundTrip<T>(value: T, encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => T): T {
  const bytes = encode(value);
  const back = decode(bytes);
  expect(back).toEqual(value);
  expect(encode(back)).toEqual(bytes);
  return back;
}
