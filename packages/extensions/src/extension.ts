/**
 * @module extension
 * The generic `Extension` (RFC 9420 §7.2), its codecs, and the list rules of §13.4: look-ups and
 * the "no more than one extension of any given type" check. Unknown types (GREASE, private use,
 * future) are kept as raw bytes and round-trip unchanged.
 */
import { type Codec, opaque, type Reader, vector, type Writer } from "@mlskit/codec";
import { ValidationError } from "@mlskit/errors";
import { ExtensionErrorCode } from "./errors.js";
import { checkExtensionType } from "./extension-type.js";

/**
 * One extension: a type and its serialized data.
 *
 * ```tls
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data<V>;
 * } Extension;
 * ```
 *
 * @see RFC 9420 §7.2
 * @example
 * ```ts
 * import type { Extension } from "@mlskit/extensions";
 * const grease: Extension = { extensionType: 0x3a3a, extensionData: new Uint8Array([7, 7]) };
 * ```
 */
export interface Extension {
  /** uint16 wire value; see `ExtensionType`. */
  readonly extensionType: number;
  /** `opaque extension_data<V>`: the serialization of the type's own structure. */
  readonly extensionData: Uint8Array;
}

/**
 * Throw a `TypeError`/`RangeError` unless `ext` has the shape of an {@link Extension}.
 * @internal
 */
export function checkExtension(ext: unknown, name = "extension"): asserts ext is Extension {
  if (typeof ext !== "object" || ext === null) {
    throw new TypeError(`"${name}" expected an Extension object, got ${ext === null ? "null" : typeof ext}`);
  }
  checkExtensionType((ext as Extension).extensionType, `${name}.extensionType`);
  if (!((ext as Extension).extensionData instanceof Uint8Array)) {
    throw new TypeError(`"${name}.extensionData" expected Uint8Array`);
  }
}

/**
 * Strict codec of one {@link Extension}; `extensionData` of a decoded value is a view into the
 * input. Any type is accepted; its data is not interpreted.
 *
 * @throws CodecError when decoding malformed input (paths `extension_type`, `extension_data`)
 * @example
 * ```ts
 * import { encode, toHex } from "@mlskit/codec";
 * import { extensionCodec } from "@mlskit/extensions";
 * toHex(encode(extensionCodec, { extensionType: 0x000a, extensionData: new Uint8Array() })); // "000a00"
 * ```
 */
export const extensionCodec: Codec<Extension> = Object.freeze({
  encode(w: Writer, ext: Extension) {
    checkExtension(ext);
    w.uint16(ext.extensionType);
    opaque.encode(w, ext.extensionData);
  },
  decode(r: Reader): Extension {
    const extensionType = r.uint16("extension_type");
    const extensionData = r.opaque("extension_data");
    return Object.freeze({ extensionType, extensionData });
  },
});

/**
 * Codec of `Extension extensions<V>`. It does not reject duplicates (a validation rule, see
 * {@link assertNoDuplicateExtensions}), so that every well-formed list decodes and re-encodes
 * byte for byte.
 *
 * @example
 * ```ts
 * import { decode, fromHex } from "@mlskit/codec";
 * import { extensionsCodec } from "@mlskit/extensions";
 * decode(extensionsCodec, fromHex("03000a00")); // [{ extensionType: 10, extensionData: Uint8Array [] }]
 * ```
 */
export const extensionsCodec: Codec<readonly Extension[]> = vector(extensionCodec);

function checkList(extensions: unknown): asserts extensions is readonly Extension[] {
  if (!Array.isArray(extensions))
    throw new TypeError(`"extensions" expected an array, got ${typeof extensions}`);
  extensions.forEach((e, i) => {
    checkExtension(e, `extensions[${i}]`);
  });
}

/**
 * The first extension of type `extensionType` in a list, or `undefined` when there is none.
 *
 * @param extensions - an extension list
 * @param extensionType - the type to find
 * @returns the extension, if present
 * @throws TypeError / RangeError on malformed arguments
 * @example
 * ```ts
 * import { ExtensionType, findExtension, lastResortExtension } from "@mlskit/extensions";
 * findExtension([lastResortExtension()], ExtensionType.last_resort); // { extensionType: 10, ... }
 * ```
 */
export function findExtension(
  extensions: readonly Extension[],
  extensionType: number,
): Extension | undefined {
  checkList(extensions);
  checkExtensionType(extensionType);
  return extensions.find((e) => e.extensionType === extensionType);
}

/**
 * The first extension type that appears more than once in `extensions`, or `undefined` if every
 * type is unique. RFC 9420 §13.4: "Any field containing a list of extensions MUST NOT have more
 * than one extension of any given type."
 *
 * @param extensions - an extension list
 * @returns a duplicated type, if any
 * @throws TypeError / RangeError on malformed arguments
 * @example
 * ```ts
 * import { findDuplicateExtensionType, lastResortExtension } from "@mlskit/extensions";
 * findDuplicateExtensionType([lastResortExtension(), lastResortExtension()]); // 10
 * ```
 */
export function findDuplicateExtensionType(extensions: readonly Extension[]): number | undefined {
  checkList(extensions);
  const seen = new Set<number>();
  for (const e of extensions) {
    if (seen.has(e.extensionType)) return e.extensionType;
    seen.add(e.extensionType);
  }
  return undefined;
}

/**
 * Throw when a list holds two extensions of one type (RFC 9420 §13.4).
 *
 * @param extensions - an extension list
 * @param path - names the list in the error (e.g. `KeyPackage.extensions`)
 * @throws ValidationError `EXTENSION_DUPLICATE_TYPE` with `details.extensionType`, `details.index` and `details.path`
 * @example
 * ```ts
 * import { assertNoDuplicateExtensions } from "@mlskit/extensions";
 * assertNoDuplicateExtensions(keyPackage.extensions, "KeyPackage.extensions");
 * ```
 */
export function assertNoDuplicateExtensions(extensions: readonly Extension[], path = "extensions"): void {
  checkList(extensions);
  const seen = new Set<number>();
  extensions.forEach((e, index) => {
    // RFC 9420 §13.4: "MUST NOT have more than one extension of any given type."
    if (seen.has(e.extensionType)) {
      throw new ValidationError(
        ExtensionErrorCode.duplicateType,
        `${path}[${index}]: second extension of type 0x${hex4(e.extensionType)}`,
        { details: { path, index, extensionType: e.extensionType } },
      );
    }
    seen.add(e.extensionType);
  });
}

/** @internal four-digit lower-case hex of a uint16. */
export function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/**
 * Throw unless `ext` is an {@link Extension} of type `extensionType` (used by the typed parsers).
 * @internal
 */
export function expectExtension(ext: unknown, extensionType: number, name: string): asserts ext is Extension {
  checkExtension(ext);
  if (ext.extensionType !== extensionType) {
    throw new RangeError(
      `"extension" expected type 0x${hex4(extensionType)} (${name}), got 0x${hex4(ext.extensionType)}`,
    );
  }
}

/**
 * Throw a TypeError naming `name` unless `value` is a non-null object (the codecs' encode check).
 * @internal
 */
export function expectObject(value: unknown, name: string): asserts value is object {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`"${name}" expected an object, got ${value === null ? "null" : typeof value}`);
  }
}
