/**
 * @module codec-properties
 * The fuzzing every decoder gets (house rule: fast-check properties for every decoder): random
 * bytes and single-byte mutations, possibly truncated, of a real encoding must either decode to a
 * value that re-encodes to exactly those bytes (canonical decoding) or throw a `CodecError` —
 * never anything else.
 */
import { CodecError } from "@mlskit/errors";
import fc from "fast-check";
import { expect } from "vitest";
import { expectRoundTrip } from "./round-trip.js";

/**
 * Decode `bytes`: a `CodecError` passes; any other error fails; a value must re-encode to exactly
 * `bytes` when `encode` is given.
 * @param bytes - the input
 * @param decode - the decoder
 * @param encode - its encoder, to check that decoding is canonical
 * @example
 * ```ts
 * expectCanonicalOrCodecError(bytes, decodeKeyPackage, encodeKeyPackage);
 * ```
 */
export function expectCanonicalOrCodecError<T>(
  bytes: Uint8Array,
  decode: (b: Uint8Array) => T,
  encode?: (v: T) => Uint8Array,
): void {
  let value: T;
  try {
    value = decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return;
  }
  if (encode !== undefined) expect(encode(value)).toEqual(bytes);
}

/**
 * Run `check` on random byte strings.
 * @param check - the property of one input
 * @param opts - the longest input and the number of runs
 * @example
 * ```ts
 * fuzzRandomBytes((b) => expectCanonicalOrCodecError(b, decodeWelcome), { maxLength: 300, numRuns: 3000 });
 * ```
 */
export function fuzzRandomBytes(
  check: (bytes: Uint8Array) => void,
  opts: { readonly maxLength: number; readonly numRuns: number },
): void {
  fc.assert(fc.property(fc.uint8Array({ maxLength: opts.maxLength }), check), { numRuns: opts.numRuns });
}

/**
 * Run `check` on mutations of a real encoding: up to 8 bytes cut from its end and one byte set to
 * any value.
 * @param original - a valid encoding
 * @param check - the property of one mutation
 * @param numRuns - how many mutations
 * @example
 * ```ts
 * fuzzMutations(bytes, (m) => expectCanonicalOrCodecError(m, decodeKeyPackage, encodeKeyPackage), 2000);
 * ```
 */
export function fuzzMutations(
  original: Uint8Array,
  check: (mutated: Uint8Array) => void,
  numRuns: number,
): void {
  fc.assert(
    fc.property(
      fc.nat({ max: original.length - 1 }),
      fc.integer({ min: 0, max: 255 }),
      fc.nat({ max: 8 }),
      (i, v, cut) => {
        const m = original.slice(0, original.length - cut);
        if (i < m.length) m[i] = v;
        check(m);
      },
    ),
    { numRuns },
  );
}

/**
 * The round-trip property of a codec: every value of `arb` decodes back from its encoding to an
 * equal value, which re-encodes to the same bytes.
 * @param arb - the values
 * @param encode - the encoder
 * @param decode - the decoder
 * @param numRuns - how many values
 * @example
 * ```ts
 * expectRoundTrips(lifetimeArb, (v) => encode(lifetimeCodec, v), (b) => decode(lifetimeCodec, b), 300);
 * ```
 */
export function expectRoundTrips<T>(
  arb: fc.Arbitrary<T>,
  encode: (v: T) => Uint8Array,
  decode: (b: Uint8Array) => T,
  numRuns: number,
): void {
  fc.assert(
    fc.property(arb, (v) => {
      expectRoundTrip(v, encode, decode);
    }),
    { numRuns },
  );
}
