/**
 * @module codec
 * The `Codec<T>` contract and combinators for the RFC 9420 §2.1 presentation language:
 * fixed-width integers, the MLS varint, `opaque<V>`, fixed-size opaque, vectors `T v<V>`,
 * `optional<T>`, structs and tagged selects, plus strict top-level `encode`/`decode`.
 *
 * Decoded structs, vectors and selects are frozen (every empty vector is one shared frozen
 * array), so a decoded value is plain readonly data all the way down.
 */
import { CodecErrorCode } from "./errors.js";
import { EMPTY, Reader } from "./reader.js";
import { Writer } from "./writer.js";

/**
 * Encodes and decodes one type.
 *
 * @example
 * ```ts
 * const point: Codec<{ x: number; y: number }> = struct({ x: uint16, y: uint16 });
 * ```
 */
export interface Codec<T> {
  /** Append the encoding of `value` to `w`. */
  encode(w: Writer, value: T): void;
  /** Read one value from `r`; throws `CodecError` on malformed input. */
  decode(r: Reader): T;
}

/** The value type of a codec. */
export type CodecType<C> = C extends Codec<infer T> ? T : never;

const codecOf = <T>(codec: Codec<T>): Codec<T> => Object.freeze(codec);

/** `uint8`. @example `encode(uint8, 7)` */
export const uint8: Codec<number> = codecOf({ encode: (w, v) => w.uint8(v), decode: (r) => r.uint8() });
/** Big-endian `uint16`. @example `encode(uint16, 0x0a0a)` */
export const uint16: Codec<number> = codecOf({ encode: (w, v) => w.uint16(v), decode: (r) => r.uint16() });
/** Big-endian `uint32`. @example `encode(uint32, 1)` */
export const uint32: Codec<number> = codecOf({ encode: (w, v) => w.uint32(v), decode: (r) => r.uint32() });
/** Big-endian `uint64` as a `bigint`. @example `encode(uint64, 2n ** 64n - 1n)` */
export const uint64: Codec<bigint> = codecOf({ encode: (w, v) => w.uint64(v), decode: (r) => r.uint64() });
/** The MLS varint of RFC 9420 §2.1.2 as a value (minimal form only). @example `encode(varint, 64)` */
export const varint: Codec<number> = codecOf({ encode: (w, v) => w.varint(v), decode: (r) => r.varint() });

/**
 * `opaque data<V>`: bytes with a varint length. Decoding returns a view into the input.
 * @example `encode(opaque, new Uint8Array([1, 2]))` → `02 01 02`
 */
export const opaque: Codec<Uint8Array> = Object.freeze({
  encode(w: Writer, v: Uint8Array) {
    if (!(v instanceof Uint8Array)) throw new TypeError(`opaque: expected Uint8Array, got ${typeof v}`);
    w.varint(v.length);
    w.bytes(v);
  },
  decode: (r: Reader) => r.opaque(),
});

/**
 * `opaque data[n]`: exactly `n` bytes, no prefix.
 *
 * @param n - the size
 * @returns a codec that refuses other lengths at encode time
 * @example
 * ```ts
 * const nonce = fixedOpaque(12);
 * ```
 */
export function fixedOpaque(n: number): Codec<Uint8Array> {
  return Object.freeze({
    encode(w: Writer, v: Uint8Array) {
      if (v.length !== n) throw new RangeError(`fixedOpaque: expected ${n} bytes, got ${v.length}`);
      w.bytes(v);
    },
    decode: (r: Reader) => r.bytes(n),
  });
}

/**
 * `T items<V>`: a vector whose varint prefix counts **bytes**, not elements (RFC 9420 §2.1.2). The
 * content must be consumed exactly by whole elements.
 *
 * @param item - element codec
 * @returns codec of a readonly array
 * @example
 * ```ts
 * encode(vector(uint16), [1, 2, 3]); // 06 0001 0002 0003
 * ```
 */
export function vector<T>(item: Codec<T>): Codec<readonly T[]> {
  return Object.freeze({
    encode(w: Writer, v: readonly T[]) {
      if (!Array.isArray(v)) throw new TypeError(`vector: expected an array, got ${typeof v}`);
      w.withLength(() => {
        for (const x of v) item.encode(w, x);
      });
    },
    decode:
      item === (uint16 as Codec<unknown>)
        ? (decodeUint16s as (r: Reader) => readonly T[])
        : (r: Reader): readonly T[] => {
            const outer = r.beginLength();
            if (r.remaining === 0) {
              r.endLength(outer);
              return EMPTY;
            }
            const out: T[] = [];
            for (let i = 0; r.remaining > 0; i++) {
              r.enter(i);
              out.push(item.decode(r));
              r.leave();
            }
            r.endLength(outer);
            return Object.freeze(out);
          },
  });
}

// `uint16 items<V>` is read by the Reader itself, not through the call every vector shares (which
// sees every element codec). Measured: about 5% of a key package decode.
function decodeUint16s(r: Reader): readonly number[] {
  return r.uint16Vector();
}

/**
 * `optional<T>` (RFC 9420 §2.1.1): a presence octet (0 or 1, anything else is malformed), then
 * the value if present. `undefined` stands for absent.
 *
 * @param inner - codec of the value
 * @returns codec of `T | undefined`
 * @example
 * ```ts
 * encode(optional(uint8), undefined); // 00
 * encode(optional(uint8), 5); // 01 05
 * ```
 */
export function optional<T>(inner: Codec<T>): Codec<T | undefined> {
  return Object.freeze({
    encode(w: Writer, v: T | undefined) {
      if (v === undefined) {
        w.uint8(0);
      } else {
        w.uint8(1);
        inner.encode(w, v);
      }
    },
    decode(r: Reader): T | undefined {
      const at = r.offset;
      const present = r.uint8();
      if (present === 0) return undefined;
      if (present !== 1) r.fail(CodecErrorCode.invalidOptional, `optional: presence octet ${present}`, at);
      return inner.decode(r);
    },
  });
}

/**
 * The value type of a {@link struct} codec: a readonly object with one field per codec, of that
 * codec's value type.
 *
 * @example
 * ```ts
 * const lifetimeCodec = struct({ notBefore: uint64, notAfter: uint64 });
 * const lifetime: StructValue<{ notBefore: typeof uint64; notAfter: typeof uint64 }> = decode(lifetimeCodec, bytes);
 * ```
 */
export type StructValue<S extends Record<string, Codec<unknown>>> = {
  readonly [K in keyof S]: CodecType<S[K]>;
};

/**
 * A struct: fields encoded in the order of the object's keys. Decoding names each field in the
 * error path.
 *
 * @param fields - field name → codec, in wire order
 * @returns codec of a readonly object with those fields
 * @example
 * ```ts
 * const lifetime = struct({ notBefore: uint64, notAfter: uint64 });
 * ```
 */
export function struct<S extends Record<string, Codec<unknown>>>(fields: S): Codec<StructValue<S>> {
  const names = Object.keys(fields);
  const codecs = Object.values(fields);
  return Object.freeze({
    encode(w: Writer, v: StructValue<S>) {
      for (let i = 0; i < names.length; i++) codecs[i]!.encode(w, (v as Record<string, unknown>)[names[i]!]);
    },
    decode(r: Reader): StructValue<S> {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        r.enter(name);
        out[name] = codecs[i]!.decode(r);
        r.leave();
      }
      return Object.freeze(out) as StructValue<S>;
    },
  });
}

/**
 * A tagged select: reads a tag with `tag`, then the case chosen by `cases(tagValue)`. The decoded
 * value is the case's object with the tag stored under `tagField`.
 *
 * @param tagField - property that holds the tag
 * @param tag - codec of the tag
 * @param cases - codec of the body for a tag; throw or return `undefined` to reject the tag
 * @returns the combined codec
 * @example
 * ```ts
 * const shape = select("kind", uint8, (k) => (k === 1 ? struct({ r: uint16 }) : undefined));
 * ```
 */
export function select<F extends string, T extends { readonly [K in F]: number }>(
  tagField: F,
  tag: Codec<number>,
  cases: (tagValue: number) => Codec<Omit<T, F>> | undefined,
): Codec<T> {
  return Object.freeze({
    encode(w: Writer, v: T) {
      const t = v[tagField];
      const body = cases(t);
      if (body === undefined) throw new RangeError(`select: no case for ${tagField} ${t}`);
      tag.encode(w, t);
      body.encode(w, v);
    },
    decode(r: Reader): T {
      const at = r.offset;
      r.enter(tagField);
      const t = tag.decode(r);
      r.leave();
      const body = cases(t);
      if (body === undefined) r.fail(CodecErrorCode.invalidValue, `${tagField} ${t} is not allowed here`, at);
      return Object.freeze({ ...body.decode(r), [tagField]: t }) as unknown as T;
    },
  });
}

/**
 * Transform a codec's value type (for branded types, enums with checks, or classes).
 *
 * @param inner - underlying codec
 * @param decodeMap - wire value → user value (may throw via `r.fail`)
 * @param encodeMap - user value → wire value
 * @returns the mapped codec
 * @example
 * ```ts
 * const utf8 = mapCodec(opaque, (b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));
 * ```
 */
export function mapCodec<A, B>(
  inner: Codec<A>,
  decodeMap: (a: A, r: Reader) => B,
  encodeMap: (b: B) => A,
): Codec<B> {
  return Object.freeze({
    encode: (w: Writer, v: B) => inner.encode(w, encodeMap(v)),
    decode: (r: Reader) => decodeMap(inner.decode(r), r),
  });
}

/**
 * A codec resolved on first use, for recursive structures.
 * @param get - returns the real codec
 * @returns a forwarding codec
 * @example
 * ```ts
 * const node: Codec<Node> = lazy(() => struct({ children: vector(node) }));
 * ```
 */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  let c: Codec<T> | undefined;
  const resolve = (): Codec<T> => {
    c ??= get();
    return c;
  };
  return Object.freeze({
    encode: (w: Writer, v: T) => resolve().encode(w, v),
    decode: (r: Reader) => resolve().decode(r),
  });
}

/**
 * Encode one value to a new byte array.
 *
 * @param codec - the codec
 * @param value - the value
 * @returns its encoding
 * @example
 * ```ts
 * encode(uint16, 5); // Uint8Array [0, 5]
 * ```
 */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const w = new Writer();
  codec.encode(w, value);
  return w.finish();
}

/**
 * Decode exactly one value from `input`: all of it, or all of a Reader's window (see
 * `Reader.reset`); trailing bytes are an error.
 *
 * @param codec - the codec
 * @param input - the whole input, or a Reader positioned at its start
 * @param name - root of the field path in errors
 * @returns the value (byte fields are views into the input)
 * @throws CodecError on any malformed input, including CODEC_TRAILING_BYTES
 * @example
 * ```ts
 * decode(uint16, Uint8Array.of(0, 5)); // 5
 * ```
 */
export function decode<T>(codec: Codec<T>, input: Uint8Array | Reader, name = ""): T {
  const r = input instanceof Reader ? input : new Reader(input);
  if (name !== "") r.enter(name);
  const value = codec.decode(r);
  if (name !== "") r.leave();
  if (r.remaining !== 0) {
    r.fail(CodecErrorCode.trailingBytes, `${r.remaining} trailing bytes after ${name || "value"}`);
  }
  return value;
}
