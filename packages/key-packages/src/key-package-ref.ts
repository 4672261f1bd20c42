/**
 * @module key-package-ref
 * `KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage)` (RFC 9420 §5.2), computed
 * with the hash of the package's own cipher suite over the bare KeyPackage encoding.
 */
import { type CryptoProvider, refHash } from "@mlskit/crypto-provider";
import { encodeKeyPackage, type UnverifiedKeyPackage } from "./key-package.js";

/** The RefHash label of key package references; used verbatim (RefHash adds no prefix). */
export const KEY_PACKAGE_REF_LABEL = "MLS 1.0 KeyPackage Reference";

/**
 * Compute the KeyPackageRef of a package.
 *
 * @param kp - the package (its encoding is hashed; for a decoded one, the received bytes)
 * @param provider - crypto provider supporting the package's cipher suite
 * @returns the reference (32, 48 or 64 bytes, the suite's hash size)
 * @throws CryptoError UNSUPPORTED_CIPHER_SUITE when the provider lacks the suite
 * @example
 * ```ts
 * const ref = await keyPackageRef(kp, nobleCryptoProvider);
 * ```
 */
export async function keyPackageRef(kp: UnverifiedKeyPackage, provider: CryptoProvider): Promise<Uint8Array> {
  const suite = await provider.getCipherSuite(kp.cipherSuite);
  return refHash(suite, KEY_PACKAGE_REF_LABEL, encodeKeyPackage(kp));
}
