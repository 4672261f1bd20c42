/**
 * @module last-resort
 * The last-resort KeyPackage marker (RFC 9420 §10 and §16.8 allow reusing a "last resort"
 * KeyPackage without saying how to mark one; draft-ietf-mls-extensions does). Two forms exist:
 * - the deployed one, drafts -04/-05: a KeyPackage extension `last_resort_key_package` of type
 *   0x000A with empty `extension_data` (OpenMLS `ExtensionType::LastResort`);
 * - the current draft (-06 and later): a component 0x0004 with empty data inside an
 *   `app_data_dictionary` extension (0x0006, suggested).
 * mlskit emits the 0x000A form by default and recognises both.
 */
import { CodecErrorCode, codecError } from "@mlskit/codec";
import { appDataDictionaryExtension, ComponentId, parseAppDataDictionary } from "./app-data-dictionary.js";
import { checkExtension, type Extension } from "./extension.js";
import { ExtensionType } from "./extension-type.js";

/**
 * The `last_resort_key_package` extension: type 0x000A, empty data. Put it in
 * `KeyPackage.extensions` and list 0x000A in `leaf_node.capabilities.extensions` (it is not a
 * default type, RFC 9420 §7.2).
 *
 * @returns a new extension `{ extensionType: 0x000a, extensionData: Uint8Array [] }`
 * @example
 * ```ts
 * import { lastResortExtension } from "@mlskit/extensions";
 * const ext = lastResortExtension(); // { extensionType: 10, extensionData: Uint8Array [] }
 * ```
 */
export function lastResortExtension(): Extension {
  return { extensionType: ExtensionType.last_resort, extensionData: new Uint8Array(0) };
}

/**
 * The current-draft form of the marker: an `app_data_dictionary` extension (0x0006) holding only
 * the `last_resort_key_package` component (0x0004) with empty data. Opt-in; peers that know only
 * RFC 9420 and the deployed drafts will not recognise it. To combine it with other components,
 * build the dictionary yourself with {@link appDataDictionaryExtension}.
 *
 * @returns the extension (extension_data `03 0004 00`)
 * @example
 * ```ts
 * import { lastResortComponentExtension } from "@mlskit/extensions";
 * const ext = lastResortComponentExtension(); // { extensionType: 6, extensionData: 03000400 }
 * ```
 */
export function lastResortComponentExtension(): Extension {
  return appDataDictionaryExtension([
    { componentId: ComponentId.last_resort_key_package, data: new Uint8Array(0) },
  ]);
}

/**
 * Whether a KeyPackage's extension list marks it as last resort, in either form: an extension of
 * type 0x000A, or an `app_data_dictionary` (0x0006) holding component 0x0004. Every
 * `app_data_dictionary` in the list is parsed, so a malformed one throws whatever else is present.
 *
 * @param extensions - `KeyPackage.extensions`
 * @returns whether the key package is a last-resort one
 * @throws CodecError when a marker or an `app_data_dictionary` is malformed: `CODEC_TRAILING_BYTES`
 *   for non-empty marker data (path `last_resort` or `app_data_dictionary.component_data.[i].data`),
 *   or the dictionary's own decoding errors
 * @throws TypeError / RangeError on malformed arguments
 * @example
 * ```ts
 * import { isLastResort, lastResortComponentExtension, lastResortExtension } from "@mlskit/extensions";
 * isLastResort([lastResortExtension()]); // true
 * isLastResort([lastResortComponentExtension()]); // true
 * isLastResort([]); // false
 * ```
 */
export function isLastResort(extensions: readonly Extension[]): boolean {
  if (!Array.isArray(extensions))
    throw new TypeError(`"extensions" expected an array, got ${typeof extensions}`);
  let found = false;
  extensions.forEach((ext: unknown, i) => {
    checkExtension(ext, `extensions[${i}]`);
    if (ext.extensionType === ExtensionType.last_resort) {
      // draft-ietf-mls-extensions-05: the extension_data of last_resort_key_package is empty.
      if (ext.extensionData.length !== 0) {
        throw codecError(
          CodecErrorCode.trailingBytes,
          `${ext.extensionData.length} bytes in an empty marker`,
          "last_resort",
          0,
        );
      }
      found = true;
    } else if (ext.extensionType === ExtensionType.app_data_dictionary) {
      const { componentData } = parseAppDataDictionary(ext);
      componentData.forEach((c, j) => {
        if (c.componentId !== ComponentId.last_resort_key_package) return;
        // draft-ietf-mls-extensions: "a last_resort_key_package component contains ... an empty data field".
        if (c.data.length !== 0) {
          throw codecError(
            CodecErrorCode.trailingBytes,
            `${c.data.length} bytes in an empty marker`,
            `app_data_dictionary.component_data.[${j}].data`,
            c.data.byteOffset - ext.extensionData.byteOffset,
          );
        }
        found = true;
      });
    }
  });
  return found;
}
