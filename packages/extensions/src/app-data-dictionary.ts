/**
 * @module app-data-dictionary
 * The `app_data_dictionary` extension of draft-ietf-mls-extensions (-06 and later; type 0x0006,
 * *suggested*): a sorted list of `(component_id, data)` pairs. mlskit models it to recognise the
 * component form of the last-resort marker; other components are kept as raw bytes.
 */
import { type Codec, CodecErrorCode, decode, encode, opaque, type Reader, type Writer } from "@mlskit/codec";
import { type Extension, expectExtension } from "./extension.js";
import { ExtensionType } from "./extension-type.js";

/**
 * Component ids of the draft's "MLS Component Types" registry that mlskit uses (suggested values,
 * not IANA-registered).
 *
 * @example
 * ```ts
 * import { ComponentId } from "@mlskit/extensions";
 * ComponentId.last_resort_key_package; // 4
 * ```
 */
export const ComponentId = Object.freeze({ last_resort_key_package: 0x0004 } as const);
/**
 * One of the values of {@link ComponentId}; wire fields stay `number`.
 *
 * @example
 * ```ts
 * import type { ComponentId } from "@mlskit/extensions";
 * const id: ComponentId = 4;
 * ```
 */
export type ComponentId = (typeof ComponentId)[keyof typeof ComponentId];

/**
 * One entry of an {@link AppDataDictionary}.
 *
 * ```tls
 * uint16 ComponentID;
 * struct { ComponentID component_id; opaque data<V>; } ComponentData;
 * ```
 *
 * @see draft-ietf-mls-extensions, "Attaching Application Data to MLS Messages"
 * @example
 * ```ts
 * import type { ComponentData } from "@mlskit/extensions";
 * const entry: ComponentData = { componentId: 4, data: new Uint8Array() };
 * ```
 */
export interface ComponentData {
  readonly componentId: number;
  readonly data: Uint8Array;
}

/**
 * The content of an `app_data_dictionary` extension. The draft requires `componentData` sorted by
 * `componentId` with at most one entry per id.
 *
 * ```tls
 * struct { ComponentData component_data<V>; } AppDataDictionary;
 * ```
 *
 * @example
 * ```ts
 * import type { AppDataDictionary } from "@mlskit/extensions";
 * const dict: AppDataDictionary = { componentData: [{ componentId: 4, data: new Uint8Array() }] };
 * ```
 */
export interface AppDataDictionary {
  readonly componentData: readonly ComponentData[];
}

function encodeEntry(w: Writer, e: ComponentData): void {
  if (typeof e !== "object" || e === null) throw new TypeError(`"componentData" entries must be objects`);
  w.uint16(e.componentId);
  opaque.encode(w, e.data);
}

/**
 * Strict codec of {@link AppDataDictionary}. Both directions enforce the draft's ordering rule:
 * encoding an unsorted or duplicated list is a `RangeError`, decoding one a `CodecError`
 * `CODEC_INVALID_VALUE` naming `component_data.[i].component_id`.
 *
 * @example
 * ```ts
 * import { encode, toHex } from "@mlskit/codec";
 * import { appDataDictionaryCodec } from "@mlskit/extensions";
 * toHex(encode(appDataDictionaryCodec, { componentData: [{ componentId: 4, data: new Uint8Array() }] })); // "03000400"
 * ```
 */
export const appDataDictionaryCodec: Codec<AppDataDictionary> = Object.freeze({
  encode(w: Writer, v: AppDataDictionary) {
    if (typeof v !== "object" || v === null || !Array.isArray(v.componentData)) {
      throw new TypeError(`"appDataDictionary" expected { componentData: ComponentData[] }`);
    }
    const entries = v.componentData;
    for (let i = 1; i < entries.length; i++) {
      if (!(entries[i - 1]!.componentId < entries[i]!.componentId)) {
        throw new RangeError(`"componentData" must be sorted by componentId with no duplicates (index ${i})`);
      }
    }
    w.withLength(() => {
      for (const e of entries) encodeEntry(w, e);
    });
  },
  decode(r: Reader): AppDataDictionary {
    const componentData = r.field("component_data", () =>
      r.withLength(() => {
        const out: ComponentData[] = [];
        let previous = -1;
        while (r.remaining > 0) {
          const i = out.length;
          out.push(
            r.field(`[${i}]`, () => {
              const at = r.offset;
              const componentId = r.field("component_id", () => r.uint16());
              // draft-ietf-mls-extensions: "MUST be sorted by component_id" with "at most one entry" per id.
              if (componentId <= previous) {
                r.field("component_id", () =>
                  r.fail(
                    CodecErrorCode.invalidValue,
                    `component_id ${componentId} is not sorted or repeats`,
                    at,
                  ),
                );
              }
              previous = componentId;
              const data = r.field("data", () => opaque.decode(r));
              return { componentId, data };
            }),
          );
        }
        return out;
      }),
    );
    return { componentData };
  },
});

/**
 * Build an `app_data_dictionary` extension. Entries are sorted by `componentId` (a copy; the input
 * is not changed); duplicates are refused.
 *
 * @param componentData - the entries, in any order
 * @returns the extension (type 0x0006)
 * @throws RangeError on a duplicated component id; TypeError on malformed entries
 * @example
 * ```ts
 * import { appDataDictionaryExtension, ComponentId } from "@mlskit/extensions";
 * appDataDictionaryExtension([{ componentId: ComponentId.last_resort_key_package, data: new Uint8Array() }]);
 * ```
 */
export function appDataDictionaryExtension(componentData: readonly ComponentData[]): Extension {
  if (!Array.isArray(componentData)) throw new TypeError(`"componentData" expected an array`);
  const sorted = [...componentData].sort((a, b) => a.componentId - b.componentId);
  return {
    extensionType: ExtensionType.app_data_dictionary,
    extensionData: encode(appDataDictionaryCodec, { componentData: sorted }),
  };
}

/**
 * Parse an `app_data_dictionary` extension.
 *
 * @param ext - an extension of type 0x0006
 * @returns the dictionary (data fields are views into `ext.extensionData`)
 * @throws RangeError when `ext` has another type
 * @throws CodecError when the data is malformed or unsorted (path `app_data_dictionary.component_data...`)
 * @example
 * ```ts
 * import { parseAppDataDictionary } from "@mlskit/extensions";
 * parseAppDataDictionary(ext).componentData.map((c) => c.componentId);
 * ```
 */
export function parseAppDataDictionary(ext: Extension): AppDataDictionary {
  expectExtension(ext, ExtensionType.app_data_dictionary, "app_data_dictionary");
  return decode(appDataDictionaryCodec, ext.extensionData, "app_data_dictionary");
}
