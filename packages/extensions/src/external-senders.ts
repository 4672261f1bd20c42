/**
 * @module external-senders
 * The `external_senders` GroupContext extension (RFC 9420 §12.1.8.1): type 0x0005, a default type.
 */
import { type Codec, decode, encode, opaque, type Reader, vector, type Writer } from "@mlskit/codec";
import { type Credential, credentialCodec } from "@mlskit/credentials";
import { type Extension, expectExtension, expectObject } from "./extension.js";
import { ExtensionType } from "./extension-type.js";

/**
 * A party allowed to send proposals to the group from outside it. Adding or changing one requires
 * validating its credential with the AS (RFC 9420 §5.3.1).
 *
 * ```tls
 * struct {
 *   SignaturePublicKey signature_key;
 *   Credential credential;
 * } ExternalSender;
 * ```
 *
 * @see RFC 9420 §12.1.8.1
 * @example
 * ```ts
 * import { basicCredential } from "@mlskit/credentials";
 * import type { ExternalSender } from "@mlskit/extensions";
 * const ds: ExternalSender = { signatureKey: publicKey, credential: basicCredential("delivery-service") };
 * ```
 */
export interface ExternalSender {
  /** `SignaturePublicKey signature_key` (an `opaque<V>`). */
  readonly signatureKey: Uint8Array;
  readonly credential: Credential;
}

/**
 * Strict codec of one {@link ExternalSender}, using `credentialCodec` of `@mlskit/credentials`.
 *
 * @throws CodecError on malformed input (paths `signature_key`, `credential...`)
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * import { externalSenderCodec } from "@mlskit/extensions";
 * const bytes = encode(externalSenderCodec, ds);
 * ```
 */
export const externalSenderCodec: Codec<ExternalSender> = Object.freeze({
  encode(w: Writer, v: ExternalSender) {
    expectObject(v, "externalSender");
    opaque.encode(w, v.signatureKey);
    credentialCodec.encode(w, v.credential);
  },
  decode(r: Reader): ExternalSender {
    const signatureKey = r.field("signature_key", () => opaque.decode(r));
    const credential = r.field("credential", () => credentialCodec.decode(r));
    return { signatureKey, credential };
  },
});

const externalSendersCodec = vector(externalSenderCodec);

/**
 * Build an `external_senders` extension (for `GroupContext.extensions`), whose data is
 * `ExternalSender external_senders<V>`.
 *
 * @param senders - the external senders, in order (a proposal names one by its index)
 * @returns the extension
 * @throws TypeError when a sender is malformed
 * @example
 * ```ts
 * import { externalSendersExtension } from "@mlskit/extensions";
 * const ext = externalSendersExtension([ds]);
 * ```
 */
export function externalSendersExtension(senders: readonly ExternalSender[]): Extension {
  return {
    extensionType: ExtensionType.external_senders,
    extensionData: encode(externalSendersCodec, senders),
  };
}

/**
 * Parse an `external_senders` extension.
 *
 * @param ext - an extension of type 0x0005
 * @returns the senders, in order
 * @throws RangeError when `ext` has another type
 * @throws CodecError when the data is malformed (path `external_senders.[i]...`)
 * @example
 * ```ts
 * import { externalSendersExtension, parseExternalSenders } from "@mlskit/extensions";
 * parseExternalSenders(externalSendersExtension([ds]))[0]?.credential;
 * ```
 */
export function parseExternalSenders(ext: Extension): readonly ExternalSender[] {
  expectExtension(ext, ExtensionType.external_senders, "external_senders");
  return decode(externalSendersCodec, ext.extensionData, "external_senders");
}
