/**
 * @module capabilities
 * The LeafNode `Capabilities` of RFC 9420 §7.2 and its codec, plus the rules for building one:
 * list every non-default type in use, never list default types, add GREASE (§13.5), and the
 * check that a leaf supports a group's `RequiredCapabilities` (§11.1).
 */
import { type Codec, type Reader, uint16, vector, type Writer } from "@mlskit/codec";
import { isDefaultExtensionType, type RequiredCapabilities } from "@mlskit/extensions";

const uint16s = vector(uint16);

/**
 * What a client supports. Every list holds raw uint16 wire values, so GREASE and unknown values
 * survive decoding and re-encoding.
 *
 * ```tls
 * struct {
 *     ProtocolVersion versions<V>;
 *     CipherSuite cipher_suites<V>;
 *     ExtensionType extensions<V>;
 *     ProposalType proposals<V>;
 *     CredentialType credentials<V>;
 * } Capabilities;
 * ```
 * @see RFC 9420 §7.2
 */
export interface Capabilities {
  readonly versions: readonly number[];
  readonly cipherSuites: readonly number[];
  readonly extensions: readonly number[];
  readonly proposals: readonly number[];
  readonly credentials: readonly number[];
}

/**
 * Codec of {@link Capabilities}.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(capabilitiesCodec, { versions: [1], cipherSuites: [1], extensions: [], proposals: [], credentials: [1] });
 * ```
 */
export const capabilitiesCodec: Codec<Capabilities> = Object.freeze({
  encode(w: Writer, c: Capabilities) {
    uint16s.encode(w, c.versions);
    uint16s.encode(w, c.cipherSuites);
    uint16s.encode(w, c.extensions);
    uint16s.encode(w, c.proposals);
    uint16s.encode(w, c.credentials);
  },
  // Field by field rather than `struct`: every key package decodes one, and a struct's generic
  // field loop costs more than the lists themselves.
  decode(r: Reader): Capabilities {
    const versions = r.uint16Vector("versions");
    const cipherSuites = r.uint16Vector("cipherSuites");
    const extensions = r.uint16Vector("extensions");
    const proposals = r.uint16Vector("proposals");
    const credentials = r.uint16Vector("credentials");
    return Object.freeze({ versions, cipherSuites, extensions, proposals, credentials });
  },
});

/**
 * The proposal types RFC 9420 §7.2 calls default (add … group_context_extensions, 0x0001–0x0007):
 * they are implicitly supported and MUST NOT be listed in capabilities.
 *
 * @param type - a ProposalType
 * @returns whether it is a default type
 * @example
 * ```ts
 * isDefaultProposalType(1); // true (add)
 * ```
 */
export function isDefaultProposalType(type: number): boolean {
  return type >= 0x0001 && type <= 0x0007;
}

/**
 * Whether a leaf's capabilities support everything a `RequiredCapabilities` asks for (RFC 9420
 * §11.1, §12.1.1): every required extension and proposal type is listed or is a default type
 * (§7.2: defaults are supported without being listed), and every required credential type is
 * listed (§11.1: credential types have no such exemption). Values other than these are ignored.
 *
 * @param capabilities - the leaf's `capabilities`
 * @param required - what the group requires
 * @returns true when every required type is supported
 * @throws TypeError when an argument is not an object with the three lists
 * @example
 * ```ts
 * import { supportsRequiredCapabilities } from "@mlskit/key-packages";
 * supportsRequiredCapabilities(keyPackage.leafNode.capabilities, {
 *   extensionTypes: [0x000a],
 *   proposalTypes: [],
 *   credentialTypes: [1],
 * });
 * ```
 */
export function supportsRequiredCapabilities(
  capabilities: Capabilities,
  required: RequiredCapabilities,
): boolean {
  if (typeof capabilities !== "object" || capabilities === null)
    throw new TypeError(`"capabilities" expected a Capabilities object`);
  if (typeof required !== "object" || required === null)
    throw new TypeError(`"required" expected a RequiredCapabilities object`);
  return (
    required.extensionTypes.every((t) => isDefaultExtensionType(t) || capabilities.extensions.includes(t)) &&
    required.proposalTypes.every((t) => isDefaultProposalType(t) || capabilities.proposals.includes(t)) &&
    required.credentialTypes.every((t) => capabilities.credentials.includes(t))
  );
}
