/**
 * @module extension-type
 * The "MLS Extension Types" registry (RFC 9420 §17.3) plus the draft code points this package
 * models, and predicates over extension types: default (§7.2) and GREASE (§13.5).
 */
import { isGrease } from "@mlskit/codec";

/**
 * Extension types. 0x0001–0x0005 are the RFC 9420 initial values; `last_resort` (0x000A) is the
 * deployed code point of draft-ietf-mls-extensions -04/-05 (`last_resort_key_package`), and
 * `app_data_dictionary` (0x0006) the one *suggested* by the current draft (-06 and later), which
 * carries the last-resort marker as a component. Draft code points are not IANA-registered.
 *
 * ```tls
 * uint16 ExtensionType;
 * ```
 *
 * @example
 * ```ts
 * import { ExtensionType } from "@mlskit/extensions";
 * ExtensionType.application_id; // 1
 * ExtensionType.last_resort; // 0x000a
 * ```
 */
export const ExtensionType = Object.freeze({
  application_id: 0x0001,
  ratchet_tree: 0x0002,
  required_capabilities: 0x0003,
  external_pub: 0x0004,
  external_senders: 0x0005,
  app_data_dictionary: 0x0006,
  last_resort: 0x000a,
} as const);
/**
 * One of the values of {@link ExtensionType}. Wire fields stay `number` so unknown types survive.
 *
 * @example
 * ```ts
 * import type { ExtensionType } from "@mlskit/extensions";
 * const t: ExtensionType = 0x000a;
 * ```
 */
export type ExtensionType = (typeof ExtensionType)[keyof typeof ExtensionType];

/**
 * Throw unless `t` is a uint16.
 * @internal
 */
export function checkExtensionType(t: unknown, name = "extensionType"): asserts t is number {
  if (typeof t !== "number") throw new TypeError(`"${name}" expected a number, got ${typeof t}`);
  if (!Number.isInteger(t) || t < 0 || t > 0xffff) {
    throw new RangeError(`"${name}" expected an integer in 0..65535, got ${String(t)}`);
  }
}

/**
 * Whether `t` is a "default" extension type (0x0001–0x0005), which every client supports and
 * which MUST NOT be listed in `Capabilities.extensions` (RFC 9420 §7.2). Peers that list them anyway
 * (the official vectors do) should be tolerated.
 *
 * @param t - extension type
 * @returns true for application_id, ratchet_tree, required_capabilities, external_pub, external_senders
 * @throws RangeError when `t` is not a uint16
 * @example
 * ```ts
 * import { isDefaultExtensionType } from "@mlskit/extensions";
 * isDefaultExtensionType(0x0001); // true
 * isDefaultExtensionType(0x000a); // false
 * ```
 */
export function isDefaultExtensionType(t: number): boolean {
  checkExtensionType(t, "t");
  return t >= 0x0001 && t <= 0x0005;
}

/**
 * Whether `t` is one of the 15 GREASE extension types of RFC 9420 §13.5
 * (`0x0A0A + 0x1010 * i`, i = 0..14). Receivers MUST NOT special-case GREASE: use this when
 * *creating* (to add random GREASE) or to pick the context rules, not to drop values on receipt.
 *
 * @param t - extension type
 * @returns whether it is a GREASE value
 * @throws RangeError when `t` is not a uint16
 * @example
 * ```ts
 * import { isGreaseExtensionType } from "@mlskit/extensions";
 * isGreaseExtensionType(0x0a0a); // true
 * isGreaseExtensionType(0xfafa); // false (private use)
 * ```
 */
export function isGreaseExtensionType(t: number): boolean {
  checkExtensionType(t, "t");
  return isGrease(t);
}
