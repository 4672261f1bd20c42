/**
 * @module group-secrets
 * `GroupSecrets` (RFC 9420 §12.4.3.1): what a Welcome HPKE-encrypts to each new member's init
 * key — the joiner secret, the path secret of the lowest node shared with the committer, and the
 * PSKs to inject. It holds secrets: decoded values are views of the decrypted plaintext, which
 * `openWelcome` zeroes when it is done with it.
 */
import { type Codec, opaque, optional, vector } from "@mlskit/codec";
import { type PreSharedKeyId, preSharedKeyIdCodec } from "./pre-shared-key-id.js";
import { wireStruct } from "./wire-struct.js";

/**
 * ```tls
 * struct { opaque path_secret<V>; } PathSecret;
 *
 * struct {
 *   opaque joiner_secret<V>;
 *   optional<PathSecret> path_secret;
 *   PreSharedKeyID psks<V>;
 * } GroupSecrets;
 * ```
 * @see RFC 9420 §12.4.3.1
 * @example
 * ```ts
 * const gs: GroupSecrets = { joinerSecret, pathSecret: undefined, psks: [] };
 * ```
 */
export interface GroupSecrets {
  readonly joinerSecret: Uint8Array;
  /** `path_secret.path_secret` when present. */
  readonly pathSecret: Uint8Array | undefined;
  readonly psks: readonly PreSharedKeyId[];
}

/**
 * Strict codec of {@link GroupSecrets}.
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const gs = decode(groupSecretsCodec, plaintext, "GroupSecrets");
 * ```
 */
export const groupSecretsCodec: Codec<GroupSecrets> = wireStruct<GroupSecrets>({
  joinerSecret: ["joiner_secret", opaque],
  pathSecret: ["path_secret", optional(opaque)],
  psks: ["psks", vector(preSharedKeyIdCodec)],
});
