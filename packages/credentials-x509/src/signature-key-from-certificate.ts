/**
 * @module signature-key-from-certificate
 * `signatureKeyFromCertificate`: the MLS signature key a certificate holds.
 */
import { parseCertificate } from "./certificate.js";
import { mlsSignatureKey } from "./public-key.js";

/**
 * The public key of an end-entity certificate in the encoding MLS uses for
 * `LeafNode.signature_key` (RFC 9420 §5.1.1): the raw 32/57 bytes for Ed25519/Ed448, the
 * uncompressed SEC1 point for ECDSA P-256/P-384/P-521. Use it to check that a certificate fits a
 * signature key pair before building an `x509Credential`.
 *
 * @param certificateDer - one DER certificate
 * @returns a fresh copy of the key bytes
 * @throws TypeError when `certificateDer` is not a Uint8Array
 * @throws ValidationError `X509_MALFORMED_CERTIFICATE` or `X509_UNSUPPORTED_ALGORITHM` (RSA,
 *   secp256k1, a compressed point, …)
 * @example
 * ```ts
 * import { bytesEqual } from "@mlskit/codec";
 * import { signatureKeyFromCertificate } from "@mlskit/credentials-x509";
 * if (!bytesEqual(signatureKeyFromCertificate(leafDer), signatureKeyPair.publicKey)) {
 *   throw new Error("this certificate was not issued for this signature key");
 * }
 * ```
 */
export function signatureKeyFromCertificate(certificateDer: Uint8Array): Uint8Array {
  if (!(certificateDer instanceof Uint8Array))
    throw new TypeError(`"certificateDer" expected Uint8Array, got ${typeof certificateDer}`);
  return mlsSignatureKey(parseCertificate(certificateDer, 0).cert, 0);
}
