/**
 * @module raw-bytes
 * The bytes a decoded or created key package keeps: its encoding and where its to-be-signed parts
 * end, attached to the package object itself as a private class field.
 * @internal
 */

/**
 * Bytes kept for a decoded or created package.
 * @internal
 */
export interface RawKeyPackage {
  /**
   * The input the package was read from (a decoder's private copy, or a Reader's input): the full
   * KeyPackage encoding (without any MLSMessage header) is its `byteLength` bytes at `start`. A
   * view of them is made only when they are asked for (most decoded packages never re-encode),
   * and the input's `buffer` and `byteOffset` are read then too: those getters cost about 8% of a
   * decode when read for every package.
   */
  readonly input: Uint8Array;
  readonly start: number;
  readonly byteLength: number;
  /** KeyPackageTBS = bytes[0, tbsEnd). */
  readonly tbsEnd: number;
  /** LeafNodeTBS = bytes[leafStart, leafContentEnd) for source key_package. */
  readonly leafStart: number;
  readonly leafContentEnd: number;
  /** The version of the MLSMessage that carried it, when it came in one. */
  readonly messageVersion: number | undefined;
}

// Packages are frozen and their byte fields are views into `bytes`, so the cache cannot go stale
// unless someone writes into those views — which changes the cached bytes identically.
//
// The bytes ride on the package as a private class field, stamped on the plain object by a
// constructor that returns it: like a WeakMap entry they cannot be read, forged or copied (a
// spread copy has none) from outside this module. Measured: with a WeakMap instead a suite-1
// decode takes about 2× the CPU time (V8 walks its ephemeron table at every garbage collection).
class ObjectReturner {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: stamps a private field on `target` itself
    return target;
  }
}

class RawBytes extends ObjectReturner {
  readonly #raw: RawKeyPackage;

  private constructor(target: object, value: RawKeyPackage) {
    super(target);
    this.#raw = value;
  }

  /** Stamp `value` on a package that is not frozen yet (once). */
  static set(target: object, value: RawKeyPackage): void {
    new RawBytes(target, value);
  }

  /** The stamped bytes, or undefined for any other object. */
  static get(target: object): RawKeyPackage | undefined {
    return #raw in target ? (target as RawBytes).#raw : undefined;
  }
}

/**
 * The bytes [from, to) of a package's encoding, as a view.
 * @param raw - the package's bytes
 * @param from - first byte
 * @param to - one past the last byte (default: the end)
 * @returns a view of the kept bytes (not a copy)
 * @internal
 * @example
 * ```ts
 * const tbs = rawView(raw, 0, raw.tbsEnd);
 * ```
 */
export function rawView(raw: RawKeyPackage, from = 0, to = raw.byteLength): Uint8Array {
  const { input } = raw;
  return new Uint8Array(input.buffer, input.byteOffset + raw.start + from, to - from);
}

/**
 * Attach `value` to a package object that is not frozen yet (once per object).
 * @param target - the package
 * @param value - its bytes
 * @internal
 * @example
 * ```ts
 * setRawBytes(kp, { input, start, byteLength, tbsEnd, leafStart, leafContentEnd, messageVersion: undefined });
 * ```
 */
export const setRawBytes: (target: object, value: RawKeyPackage) => void = RawBytes.set;

/**
 * The bytes attached to `target` by {@link setRawBytes}, or undefined for any other object.
 * @param target - any object
 * @returns the bytes, if any
 * @internal
 * @example
 * ```ts
 * const raw = getRawBytes(kp);
 * ```
 */
export const getRawBytes: (target: object) => RawKeyPackage | undefined = RawBytes.get;
