/**
 * @module required-capabilities
 * The `required_capabilities` GroupContext extension (RFC 9420 §11.1): type 0x0003, a default type.
 */
import { type Codec, decode, encode, type Reader, uint16, vector, type Writer } from "@mlskit/codec";
import { type Extension, expectExtension, expectObject } from "./extension.js";
import { ExtensionType } from "./extension-type.js";

/**
 * What every member of a group must support. Default proposal and extension types need not be
 * listed; credential types have no such exemption (§11.1). Values stay `number`s.
 *
 * ```tls
 * struct {
 *     ExtensionType extension_types<V>;
 *     ProposalType proposal_types<V>;
 *     CredentialType credential_types<V>;
 * } RequiredCapabilities;
 * ```
 *
 * @see RFC 9420 §11.1
 * @example
 * ```ts
 * import type { RequiredCapabilities } from "@mlskit/extensions";
 * const rc: RequiredCapabilities = { extensionTypes: [0x000a], proposalTypes: [], credentialTypes: [1] };
 * ```
 */
export interface RequiredCapabilities {
  readonly extensionTypes: readonly number[];
  readonly proposalTypes: readonly number[];
  readonly credentialTypes: readonly number[];
}

const uint16s = vector(uint16);

/**
 * Strict codec of {@link RequiredCapabilities}.
 *
 * @throws CodecError on malformed input (paths `extension_types`, `proposal_types`, `credential_types`)
 * @example
 * ```ts
 * import { encode, toHex } from "@mlskit/codec";
 * import { requiredCapabilitiesCodec } from "@mlskit/extensions";
 * toHex(encode(requiredCapabilitiesCodec, { extensionTypes: [10], proposalTypes: [], credentialTypes: [1] }));
 * // "02000a" + "00" + "020001"
 * ```
 */
export const requiredCapabilitiesCodec: Codec<RequiredCapabilities> = Object.freeze({
  encode(w: Writer, v: RequiredCapabilities) {
    expectObject(v, "requiredCapabilities");
    uint16s.encode(w, v.extensionTypes);
    uint16s.encode(w, v.proposalTypes);
    uint16s.encode(w, v.credentialTypes);
  },
  decode(r: Reader): RequiredCapabilities {
    const extensionTypes = r.field("extension_types", () => uint16s.decode(r));
    const proposalTypes = r.field("proposal_types", () => uint16s.decode(r));
    const credentialTypes = r.field("credential_types", () => uint16s.decode(r));
    return { extensionTypes, proposalTypes, credentialTypes };
  },
});

/**
 * Build a `required_capabilities` extension (for `GroupContext.extensions`).
 *
 * @param requiredCapabilities - the required types
 * @returns the extension
 * @throws TypeError / RangeError when a list is not an array of uint16
 * @example
 * ```ts
 * import { requiredCapabilitiesExtension } from "@mlskit/extensions";
 * const ext = requiredCapabilitiesExtension({ extensionTypes: [], proposalTypes: [], credentialTypes: [1] });
 * ```
 */
export function requiredCapabilitiesExtension(requiredCapabilities: RequiredCapabilities): Extension {
  return {
    extensionType: ExtensionType.required_capabilities,
    extensionData: encode(requiredCapabilitiesCodec, requiredCapabilities),
  };
}

/**
 * Parse a `required_capabilities` extension.
 *
 * @param ext - an extension of type 0x0003
 * @returns the required capabilities
 * @throws RangeError when `ext` has another type
 * @throws CodecError when the data is malformed (path `required_capabilities...`)
 * @example
 * ```ts
 * import { parseRequiredCapabilities, requiredCapabilitiesExtension } from "@mlskit/extensions";
 * parseRequiredCapabilities(requiredCapabilitiesExtension(rc)).credentialTypes; // [1]
 * ```
 */
export function parseRequiredCapabilities(ext: Extension): RequiredCapabilities {
  expectExtension(ext, ExtensionType.required_capabilities, "required_capabilities");
  return decode(requiredCapabilitiesCodec, ext.extensionData, "required_capabilities");
}
