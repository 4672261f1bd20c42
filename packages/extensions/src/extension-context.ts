/**
 * @module extension-context
 * Which extension types may appear in which message: the "Message(s)" column of the IANA
 * "MLS Extension Types" registry (RFC 9420 §17.3), the GREASE rules of §13.5, and the draft
 * code points modelled here.
 */

import { isGrease } from "@mlskit/codec";
import { ValidationError } from "@mlskit/errors";
import { ExtensionErrorCode } from "./errors.js";
import { checkExtension, type Extension, hex4 } from "./extension.js";
import { checkExtensionType, ExtensionType } from "./extension-type.js";

/**
 * The extension lists of MLS: `KeyPackage.extensions` (KP), `LeafNode.extensions` (LN),
 * `GroupContext.extensions` (GC) and `GroupInfo.extensions` (GI).
 *
 * @example
 * ```ts
 * import { ExtensionContext } from "@mlskit/extensions";
 * ExtensionContext.key_package; // "key_package"
 * ```
 */
export const ExtensionContext = Object.freeze({
  key_package: "key_package",
  leaf_node: "leaf_node",
  group_context: "group_context",
  group_info: "group_info",
} as const);
/**
 * One of the values of {@link ExtensionContext}.
 *
 * @example
 * ```ts
 * import type { ExtensionContext } from "@mlskit/extensions";
 * const where: ExtensionContext = "leaf_node";
 * ```
 */
export type ExtensionContext = (typeof ExtensionContext)[keyof typeof ExtensionContext];

const KP = ExtensionContext.key_package;
const LN = ExtensionContext.leaf_node;
const GC = ExtensionContext.group_context;
const GI = ExtensionContext.group_info;

// RFC 9420 §17.3, "Message(s)" column, and draft-ietf-mls-extensions for the draft code points.
const ALLOWED: ReadonlyMap<number, readonly ExtensionContext[]> = new Map<
  number,
  readonly ExtensionContext[]
>([
  [0x0000, []], // RESERVED: N/A
  [ExtensionType.application_id, [LN]],
  [ExtensionType.ratchet_tree, [GI]],
  [ExtensionType.required_capabilities, [GC]],
  [ExtensionType.external_pub, [GI]],
  [ExtensionType.external_senders, [GC]],
  [ExtensionType.app_data_dictionary, [KP, LN, GC, GI]], // draft -06+, suggested
  [ExtensionType.last_resort, [KP]], // draft -04/-05 last_resort_key_package
]);
// RFC 9420 §17.3 lists GREASE as KP, GI, LN; §13.5: GREASE MUST NOT be sent in GroupContext.extensions.
const GREASE_CONTEXTS: readonly ExtensionContext[] = [KP, GI, LN];

function checkContext(context: unknown): asserts context is ExtensionContext {
  if (context !== KP && context !== LN && context !== GC && context !== GI) {
    throw new TypeError(
      `"context" expected one of key_package, leaf_node, group_context, group_info, got ${String(context)}`,
    );
  }
}

/**
 * Whether an extension of type `extensionType` may appear in the extension list `context`.
 *
 * | type | allowed in |
 * |---|---|
 * | 0x0000 RESERVED | nowhere |
 * | application_id (1) | leaf_node |
 * | ratchet_tree (2), external_pub (4) | group_info |
 * | required_capabilities (3), external_senders (5) | group_context |
 * | app_data_dictionary (6, draft) | everywhere |
 * | last_resort (0x000A, draft) | key_package |
 * | GREASE (§13.5) | key_package, leaf_node, group_info — never group_context |
 * | any other type | everywhere |
 *
 * Unknown non-GREASE types (private use, future or draft types we do not model) are allowed
 * everywhere, because RFC 9420 §13.4 says a client "MUST ignore all unknown extensions"; whether a
 * peer supports them is a capabilities check, not this one.
 *
 * @param extensionType - the type
 * @param context - the list it appears in
 * @returns whether it is allowed there
 * @throws RangeError when `extensionType` is not a uint16; TypeError for an unknown context
 * @example
 * ```ts
 * import { ExtensionType, isExtensionAllowedIn } from "@mlskit/extensions";
 * isExtensionAllowedIn(ExtensionType.application_id, "leaf_node"); // true
 * isExtensionAllowedIn(ExtensionType.application_id, "key_package"); // false
 * isExtensionAllowedIn(0x0a0a, "group_context"); // false (GREASE)
 * ```
 */
export function isExtensionAllowedIn(extensionType: number, context: ExtensionContext): boolean {
  checkExtensionType(extensionType);
  checkContext(context);
  const known = ALLOWED.get(extensionType);
  if (known !== undefined) return known.includes(context);
  if (isGrease(extensionType)) return GREASE_CONTEXTS.includes(context);
  // RFC 9420 §13.4: unknown extensions MUST be ignored, so they are never a reason to reject.
  return true;
}

/**
 * Throw on the first extension of a list that may not appear in `context` (see
 * {@link isExtensionAllowedIn}).
 *
 * @param extensions - the list
 * @param context - where it appears
 * @param path - names the list in the error (default: the context name)
 * @throws ValidationError `EXTENSION_NOT_ALLOWED_IN_CONTEXT` with `details.extensionType`, `details.index`, `details.context`, `details.path`
 * @example
 * ```ts
 * import { assertExtensionsAllowedIn } from "@mlskit/extensions";
 * assertExtensionsAllowedIn(keyPackage.extensions, "key_package", "KeyPackage.extensions");
 * ```
 */
export function assertExtensionsAllowedIn(
  extensions: readonly Extension[],
  context: ExtensionContext,
  path: string = context,
): void {
  if (!Array.isArray(extensions))
    throw new TypeError(`"extensions" expected an array, got ${typeof extensions}`);
  checkContext(context);
  extensions.forEach((e: unknown, index) => {
    checkExtension(e, `extensions[${index}]`);
    if (!isExtensionAllowedIn(e.extensionType, context)) {
      throw new ValidationError(
        ExtensionErrorCode.notAllowedInContext,
        `${path}[${index}]: extension type 0x${hex4(e.extensionType)} may not appear in ${context}`,
        { details: { path, index, context, extensionType: e.extensionType } },
      );
    }
  });
}
