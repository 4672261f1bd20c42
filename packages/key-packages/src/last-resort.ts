/**
 * @module last-resort
 * Whether a key package is a "last resort" one (RFC 9420 §16.8; draft-ietf-mls-extensions): it
 * may be used more than once, so stores and directories keep it after use.
 */
import { isLastResort } from "@mlskit/extensions";
import type { UnverifiedKeyPackage } from "./key-package.js";

/**
 * True when the package's extensions mark it last resort: extension 0x000A, or the newer draft's
 * `last_resort_key_package` component (0x0004) inside `app_data_dictionary`.
 *
 * @param kp - a key package
 * @returns whether it is last resort
 * @example
 * ```ts
 * isLastResortKeyPackage(bundle.keyPackage); // true when created with { lastResort: true }
 * ```
 */
export function isLastResortKeyPackage(kp: Pick<UnverifiedKeyPackage, "extensions">): boolean {
  return isLastResort(kp.extensions);
}
