/**
 * @module capabilities
 * The LeafNode `Capabilities` of RFC 9420 §7.2 and its codec, plus the rules for building one:
 * list every non-default type in use, never list default types, add GREASE (§13.5).
 */
import { type Codec, struct, uint16, vector } from "@mlskit/codec";

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
export const capabilitiesCodec: Codec<Capabilities> = struct({
  versions: vector(uint16),
  cipherSuites: vector(uint16),
  extensions: vector(uint16),
  proposals: vector(uint16),
  credentials: vector(uint16),
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
