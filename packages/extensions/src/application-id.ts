/**
 * @module application-id
 * The `application_id` extension (RFC 9420 §5.3.3): type 0x0001, LeafNode only, a default type.
 */
import { decode, encode, opaque } from "@mlskit/codec";
import { type Extension, expectExtension } from "./extension.js";
import { ExtensionType } from "./extension-type.js";

/**
 * Build an `application_id` extension. Its `extension_data` is the serialization of
 * `opaque application_id<V>`, so the id carries its own varint length inside `extension_data<V>`
 * (as in OpenMLS). Applications MUST NOT treat the id as authenticated by the AS (§5.3.3).
 *
 * ```tls
 * opaque application_id<V>;
 * ```
 *
 * @param id - application-defined identifier of this client (copied)
 * @returns the extension, for `LeafNode.extensions`
 * @throws TypeError when `id` is not a Uint8Array
 * @see RFC 9420 §5.3.3
 * @example
 * ```ts
 * import { toHex, utf8 } from "@mlskit/codec";
 * import { applicationIdExtension } from "@mlskit/extensions";
 * toHex(applicationIdExtension(utf8("abc")).extensionData); // "03616263"
 * ```
 */
export function applicationIdExtension(id: Uint8Array): Extension {
  if (!(id instanceof Uint8Array)) throw new TypeError(`"id" expected Uint8Array, got ${typeof id}`);
  return { extensionType: ExtensionType.application_id, extensionData: encode(opaque, id) };
}

/**
 * Read the id out of an `application_id` extension.
 *
 * @param ext - an extension of type 0x0001
 * @returns the id (a view into `ext.extensionData`)
 * @throws RangeError when `ext` has another type
 * @throws CodecError when the data is not exactly one `opaque<V>` (path `application_id`)
 * @example
 * ```ts
 * import { applicationIdExtension, parseApplicationId } from "@mlskit/extensions";
 * parseApplicationId(applicationIdExtension(new Uint8Array([1, 2]))); // Uint8Array [1, 2]
 * ```
 */
export function parseApplicationId(ext: Extension): Uint8Array {
  expectExtension(ext, ExtensionType.application_id, "application_id");
  return decode(opaque, ext.extensionData, "application_id");
}
