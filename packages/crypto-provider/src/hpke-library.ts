/**
 * @module hpke-library
 * What every provider takes from its HPKE library as it comes (in practice `@hpke/core`, whose
 * classes run on Web Crypto in every runtime): the base-mode cipher suite put together from a KEM,
 * the suite's HKDF (RFC 9180 §7.2) and an AEAD, and AES-GCM (§7.3), each picked by the registry's
 * ids. The library is described structurally ({@link HpkeLibraryLike}): a provider passes the
 * module itself (`import * as hpkeCore from "@hpke/core"`), so this package imports no HPKE
 * library. The KEMs and ChaCha20-Poly1305 stay the provider's choice.
 */
import { AeadId, KdfId } from "./algorithms.js";
import type { HpkeSuiteLike } from "./hpke-impl.js";

/**
 * The classes {@link hpkeLibrarySuite} and {@link hpkeLibraryAead} use: what `@hpke/core`'s module
 * exports under these names.
 *
 * @typeParam K - the library's key type (`CryptoKey` for `@hpke/core`)
 * @typeParam Kem - its KEM type
 * @typeParam Kdf - its KDF type
 * @typeParam Aead - its AEAD type
 * @example
 * ```ts
 * import * as hpkeCore from "@hpke/core";
 * const lib: HpkeLibraryLike<CryptoKey, KemInterface, KdfInterface, AeadInterface> = hpkeCore;
 * ```
 */
export interface HpkeLibraryLike<K, Kem, Kdf, Aead> {
  /** The single-shot base-mode suite of a KEM, a KDF and an AEAD (RFC 9180 §6.1). */
  readonly CipherSuite: new (params: {
    kem: Kem;
    kdf: Kdf;
    aead: Aead;
  }) => HpkeSuiteLike<K>;
  /** HKDF-SHA256, KDF id 0x0001. */
  readonly HkdfSha256: new () => Kdf;
  /** HKDF-SHA384, KDF id 0x0002. */
  readonly HkdfSha384: new () => Kdf;
  /** HKDF-SHA512, KDF id 0x0003. */
  readonly HkdfSha512: new () => Kdf;
  /** AES-128-GCM, AEAD id 0x0001. */
  readonly Aes128Gcm: new () => Aead;
  /** AES-256-GCM, AEAD id 0x0002. */
  readonly Aes256Gcm: new () => Aead;
}

/**
 * The library's base-mode cipher suite of a KEM and an AEAD with the suite's HKDF.
 *
 * @typeParam K - the library's key type
 * @typeParam Kem - its KEM type
 * @typeParam Kdf - its KDF type
 * @typeParam Aead - its AEAD type
 * @param lib - the library's classes
 * @param kdfId - the suite's KDF id (`CipherSuiteInfo.kdfId`)
 * @param kem - the suite's KEM
 * @param aead - the suite's AEAD ({@link hpkeLibraryAead})
 * @returns the library's cipher suite, for `createHpkeImpl`'s `suite`
 * @example
 * ```ts
 * import * as hpkeCore from "@hpke/core";
 * const suite = hpkeLibrarySuite(hpkeCore, info.kdfId, new hpkeCore.DhkemP256HkdfSha256(), new hpkeCore.Aes128Gcm());
 * ```
 */
export function hpkeLibrarySuite<K, Kem, Kdf, Aead>(
  lib: HpkeLibraryLike<K, Kem, Kdf, Aead>,
  kdfId: KdfId,
  kem: Kem,
  aead: Aead,
): HpkeSuiteLike<K> {
  const kdf =
    kdfId === KdfId.HKDF_SHA256
      ? new lib.HkdfSha256()
      : kdfId === KdfId.HKDF_SHA384
        ? new lib.HkdfSha384()
        : new lib.HkdfSha512();
  return new lib.CipherSuite({ kem, kdf, aead });
}

/**
 * The library's AEAD of a registry AEAD id: AES-GCM from the library, ChaCha20-Poly1305 from the
 * provider (`@hpke/core` has none of its own).
 *
 * @typeParam Aead - the library's AEAD type
 * @typeParam C - what `chacha20Poly1305` returns (an AEAD, or a promise of one when it loads lazily)
 * @param lib - the library's AES-GCM classes
 * @param aeadId - the suite's AEAD id (`CipherSuiteInfo.aeadId`)
 * @param chacha20Poly1305 - makes the provider's ChaCha20-Poly1305; called only for that id
 * @returns the AEAD (or what `chacha20Poly1305` returned)
 * @example
 * ```ts
 * import * as hpkeCore from "@hpke/core";
 * import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
 * const aead = hpkeLibraryAead(hpkeCore, info.aeadId, () => new Chacha20Poly1305());
 * ```
 */
export function hpkeLibraryAead<Aead, C>(
  lib: Pick<HpkeLibraryLike<unknown, unknown, unknown, Aead>, "Aes128Gcm" | "Aes256Gcm">,
  aeadId: AeadId,
  chacha20Poly1305: () => C,
): Aead | C {
  switch (aeadId) {
    case AeadId.AES_128_GCM:
      return new lib.Aes128Gcm();
    case AeadId.AES_256_GCM:
      return new lib.Aes256Gcm();
    case AeadId.CHACHA20_POLY1305:
      return chacha20Poly1305();
  }
}
