/**
 * @module hpke-impl
 * {@link createHpkeImpl}: the one adapter from an HPKE library's cipher suite and KEM (in
 * practice `@hpke/core`'s `CipherSuite` and a `Dhkem*` class) to mlskit's {@link HpkeImpl}, written
 * once for every provider. It holds what a provider must not get wrong: keys cross the boundary
 * only as raw bytes, inputs are checked by name, failures become `CryptoError`s with stable codes
 * and their cause, private keys are normalised (RFC 9180 §7.1.2) and temporaries wiped.
 *
 * The library is described structurally ({@link HpkeKemLike}, {@link HpkeSuiteLike}, generic in
 * its key type `K`, a `CryptoKey` for `@hpke/core`), so this package imports no HPKE library.
 * (Over 400 lines: the structural types of the library and the adapter over them belong together;
 * every provider builds its HPKE from this one file.)
 */
import { KEMS, KemId } from "./algorithms.js";
import { assertBytes } from "./assert.js";
import type { CipherSuiteInfo } from "./cipher-suite.js";
import type { HpkeCiphertext, HpkeImpl, KeyPair } from "./crypto-provider.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";
import { type Shake256, withPqDeriveKeyPair } from "./pq-kem.js";
import { clampXKey, seedPrivateKey } from "./private-keys.js";

/**
 * A KEM key pair as an HPKE library holds it: `@hpke/core`'s `CryptoKeyPair` has this shape.
 *
 * @typeParam K - the library's key type
 * @example
 * ```ts
 * const pair: HpkeKeyPairLike<CryptoKey> = await new DhkemX25519HkdfSha256().generateKeyPair();
 * ```
 */
export interface HpkeKeyPairLike<K> {
  /** The public half. */
  readonly publicKey: K;
  /** The private half. */
  readonly privateKey: K;
}

/**
 * The KEM operations {@link createHpkeImpl} uses (RFC 9180 §4, §7.1): what `@hpke/core`'s
 * `KemInterface` (every `Dhkem*` class) provides, with `K = CryptoKey`.
 *
 * @typeParam K - the library's key type
 * @example
 * ```ts
 * import { DhkemP256HkdfSha256 } from "@hpke/core";
 * const kem: HpkeKemLike<CryptoKey> = new DhkemP256HkdfSha256();
 * ```
 */
export interface HpkeKemLike<K> {
  /** RFC 9180 §4 SerializePublicKey: Npk bytes. */
  serializePublicKey(key: K): Promise<ArrayBuffer>;
  /** RFC 9180 §4 DeserializePublicKey; rejects a key that fails §7.1.4 validation. */
  deserializePublicKey(key: Uint8Array): Promise<K>;
  /** RFC 9180 §7.1.2 SerializePrivateKey: Nsk bytes. */
  serializePrivateKey(key: K): Promise<ArrayBuffer>;
  /** RFC 9180 §7.1.2 DeserializePrivateKey. */
  deserializePrivateKey(key: Uint8Array): Promise<K>;
  /** RFC 9180 §4 GenerateKeyPair. */
  generateKeyPair(): Promise<HpkeKeyPairLike<K>>;
  /** RFC 9180 §7.1.3 DeriveKeyPair. */
  deriveKeyPair(ikm: Uint8Array): Promise<HpkeKeyPairLike<K>>;
}

/**
 * The sender's parameters of {@link HpkeSuiteLike.seal} (a subset of `@hpke/core`'s
 * `SenderContextParams`): base mode, so no PSK and no sender key (RFC 9180 §5.1.1).
 *
 * @typeParam K - the library's key type
 * @example
 * ```ts
 * const params: HpkeSealParams<CryptoKey> = { recipientPublicKey: pkR, info };
 * ```
 */
export interface HpkeSealParams<K> {
  /** pkR. */
  readonly recipientPublicKey: K;
  /** HPKE `info`. */
  readonly info: Uint8Array;
  /** The ephemeral key pair (skE, pkE) of Encap (RFC 9180 §4.1); the library draws one if absent. */
  readonly ekm?: HpkeKeyPairLike<K>;
}

/**
 * The recipient's parameters of {@link HpkeSuiteLike.open} (a subset of `@hpke/core`'s
 * `RecipientContextParams`), base mode.
 *
 * @typeParam K - the library's key type
 * @example
 * ```ts
 * const params: HpkeOpenParams<CryptoKey> = { recipientKey: skR, enc, info };
 * ```
 */
export interface HpkeOpenParams<K> {
  /** skR, or (skR, pkR) so that Decap need not recompute pkR (RFC 9180 §4.1). */
  readonly recipientKey: K | HpkeKeyPairLike<K>;
  /** The encapsulated key. */
  readonly enc: Uint8Array;
  /** HPKE `info`. */
  readonly info: Uint8Array;
}

/**
 * The single-shot base-mode API {@link createHpkeImpl} uses (RFC 9180 §6.1 `Seal<MODE>` /
 * `Open<MODE>`): what `@hpke/core`'s `CipherSuite` provides, with `K = CryptoKey`.
 *
 * @typeParam K - the library's key type
 * @example
 * ```ts
 * import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
 * const suite: HpkeSuiteLike<CryptoKey> = new CipherSuite({
 *   kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm(),
 * });
 * ```
 */
export interface HpkeSuiteLike<K> {
  /** SealBase(pkR, info, aad, pt): the encapsulated key and the ciphertext. */
  seal(
    params: HpkeSealParams<K>,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Promise<{ enc: ArrayBuffer; ct: ArrayBuffer }>;
  /** OpenBase(enc, skR, info, aad, ct): the plaintext; rejects on any authentication failure. */
  open(params: HpkeOpenParams<K>, ciphertext: Uint8Array, aad: Uint8Array): Promise<ArrayBuffer>;
}

/**
 * What a provider hands {@link createHpkeImpl} for one cipher suite: the suite's registry row, the
 * library's KEM and cipher suite, its private-key normalisation, and optional hooks for the parts
 * it does its own way.
 *
 * @typeParam K - the library's key type (`CryptoKey` for `@hpke/core`)
 * @example
 * ```ts
 * const parts: HpkeImplParts<CryptoKey> = {
 *   info: cipherSuiteInfo(1)!,
 *   kem,
 *   suite,
 *   normalizePrivateKey: (sk) => clampXKey(sk, 32),
 * };
 * ```
 */
export interface HpkeImplParts<K> {
  /** The suite's registry row: its id (for error details) and `hpkePublicKeySize` (Npk). */
  readonly info: CipherSuiteInfo;
  /** The suite's KEM. */
  readonly kem: HpkeKemLike<K>;
  /** The suite's HPKE cipher suite (KEM, KDF and AEAD). */
  readonly suite: HpkeSuiteLike<K>;
  /**
   * Normalise a raw private key into a fresh array: RFC 9180 §7.1.2 clamping for X25519/X448
   * ({@link clampXKey}); left-padding ({@link padScalar}) and the 1..n-1 range check for the
   * P-curves; the seed's one length for the post-quantum KEMs ({@link seedPrivateKey},
   * draft-ietf-hpke-pq SerializePrivateKey). Applied to every key `open` imports and every key
   * `deriveKeyPair` (and the default `generateKeyPair`) returns. The result is wiped after use.
   * Default, from the suite's KEM: clamping for X25519/X448, the seed's length for a
   * post-quantum KEM; a P-curve KEM must give its own (the range check needs curve arithmetic).
   *
   * @param privateKey - a raw private key (never modify it)
   * @returns the normalised copy
   * @throws CryptoError `INVALID_PRIVATE_KEY` for a wrong length or an out-of-range scalar
   */
  normalizePrivateKey?(privateKey: Uint8Array): Uint8Array;
  /**
   * The provider's SHAKE256, for a post-quantum KEM: its DeriveKeyPair becomes draft-ietf-hpke-pq's
   * ({@link withPqDeriveKeyPair}); every other operation stays the library's. Ignored for the
   * other KEMs; absent, the library's own DeriveKeyPair.
   */
  readonly shake256?: Shake256;
  /**
   * GenerateKeyPair in wire form, when the provider has a cheaper or preferred way than the
   * library's (default: `kem.generateKeyPair()`, serialized, the private key normalised).
   *
   * @returns a fresh key pair, the private key already normalised
   */
  generateKeyPair?(): Promise<KeyPair>;
  /**
   * Import a normalised private key with its public half, so that Decap need not recompute pkR
   * (RFC 9180 §4.1). Used for `open`'s recipient key (default: `kem.deserializePrivateKey` alone)
   * and for the ephemeral key of `seal` when {@link HpkeImplParts.randomPrivateKey} is given. The
   * library may keep a reference to the bytes: they are wiped only after the operation settles.
   *
   * @param privateKey - a normalised private key
   * @returns the library's key pair
   */
  importKeyPair?(privateKey: Uint8Array): Promise<HpkeKeyPairLike<K>>;
  /**
   * A fresh random private key (already normalised) for the ephemeral key of `seal` (RFC 9180
   * §4.1 Encap's skE), for a provider that wants all randomness from its own source. Needs
   * {@link HpkeImplParts.importKeyPair}. Default: the library generates the ephemeral key.
   *
   * @returns Nsk random bytes, normalised; wiped after the seal
   */
  randomPrivateKey?(): Uint8Array;
}

/** RFC 9180 §7.1.2 and draft-ietf-hpke-pq normalisation, where the suite's KEM fixes it. */
function defaultNormalizer(
  info: Pick<CipherSuiteInfo, "kemId" | "hpkePrivateKeySize">,
  pq: boolean,
): ((privateKey: Uint8Array) => Uint8Array) | undefined {
  const size = info.hpkePrivateKeySize;
  if (pq) return (sk) => seedPrivateKey(sk, size, "HPKE");
  if (info.kemId === KemId.DHKEM_X25519_HKDF_SHA256 || info.kemId === KemId.DHKEM_X448_HKDF_SHA512) {
    return (sk) => clampXKey(sk, size);
  }
  return undefined;
}

function assertFunction(value: unknown, name: string): void {
  if (typeof value !== "function") throw new TypeError(`"${name}" expected a function, got ${typeof value}`);
}

function assertObject(value: unknown, name: string): void {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`"${name}" expected an object, got ${value === null ? "null" : typeof value}`);
  }
}

/**
 * Build the {@link HpkeImpl} (base mode, RFC 9180 §5.1.1) of one cipher suite from an HPKE
 * library's KEM and cipher suite. Keys go in and out as raw bytes in their RFC 9180 §7.1 wire
 * forms; the library's key objects never leave. Every operation checks its arguments
 * (`TypeError` naming the argument) and maps failures to `CryptoError` codes, keeping the
 * library's error as `cause`:
 *
 * - `deriveKeyPair`: `KEY_DERIVATION_FAILED`;
 * - `seal`: a public key of the wrong length or that does not deserialize (RFC 9180 §7.1.4
 *   validation) is `INVALID_PUBLIC_KEY`, any other failure `HPKE_SEAL_FAILED`;
 * - `open`: `normalizePrivateKey`'s `INVALID_PRIVATE_KEY`, a key the library does not import is
 *   `INVALID_PRIVATE_KEY`, any other failure (wrong key, info or aad; tampered or truncated kem
 *   output or ciphertext) is `HPKE_OPEN_FAILED`.
 *
 * @typeParam K - the library's key type, inferred from `parts` (never part of the result)
 * @param parts - see {@link HpkeImplParts}
 * @returns a frozen {@link HpkeImpl}
 * @throws TypeError for malformed `parts`
 * @example
 * ```ts
 * import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
 * import { cipherSuiteInfo, clampXKey, createHpkeImpl } from "@mlskit/crypto-provider";
 *
 * const kem = new DhkemX25519HkdfSha256();
 * const hpke = createHpkeImpl({
 *   info: cipherSuiteInfo(1)!,
 *   kem,
 *   suite: new CipherSuite({ kem, kdf: new HkdfSha256(), aead: new Aes128Gcm() }),
 *   normalizePrivateKey: (sk) => clampXKey(sk, 32), // RFC 9180 §7.1.2
 * });
 * const kp = await hpke.generateKeyPair();
 * const { kemOutput, ciphertext } = await hpke.seal(kp.publicKey, info, aad, plaintext);
 * await hpke.open(kp.privateKey, kemOutput, info, aad, ciphertext); // plaintext
 * ```
 */
export function createHpkeImpl<K>(parts: HpkeImplParts<K>): HpkeImpl {
  assertObject(parts, "parts");
  const { info, suite } = parts;
  assertObject(info, "parts.info");
  if (!Number.isInteger(info.id) || !Number.isInteger(info.hpkePublicKeySize)) {
    throw new TypeError(`"parts.info" expected a CipherSuiteInfo`);
  }
  assertObject(parts.kem, "parts.kem");
  for (const m of [
    "serializePublicKey",
    "deserializePublicKey",
    "serializePrivateKey",
    "deserializePrivateKey",
    "generateKeyPair",
    "deriveKeyPair",
  ] as const) {
    assertFunction(parts.kem[m], `parts.kem.${m}`);
  }
  assertObject(suite, "parts.suite");
  assertFunction(suite.seal, "parts.suite.seal");
  assertFunction(suite.open, "parts.suite.open");
  const pq = KEMS[info.kemId]?.kind === "pq";
  if (parts.shake256 !== undefined) assertFunction(parts.shake256, "parts.shake256");
  const kem =
    pq && parts.shake256 !== undefined
      ? withPqDeriveKeyPair(info.kemId, parts.kem, parts.shake256)
      : parts.kem;
  if (parts.normalizePrivateKey !== undefined) {
    assertFunction(parts.normalizePrivateKey, "parts.normalizePrivateKey");
  }
  const normalizeOrNone = parts.normalizePrivateKey?.bind(parts) ?? defaultNormalizer(info, pq);
  if (normalizeOrNone === undefined) {
    throw new TypeError(`"parts.normalizePrivateKey" expected a function: a P-curve KEM has no default`);
  }
  const normalize: (privateKey: Uint8Array) => Uint8Array = normalizeOrNone;
  for (const hook of ["generateKeyPair", "importKeyPair", "randomPrivateKey"] as const) {
    if (parts[hook] !== undefined) assertFunction(parts[hook], `parts.${hook}`);
  }
  if (parts.randomPrivateKey !== undefined && parts.importKeyPair === undefined) {
    throw new TypeError(`"parts.randomPrivateKey" needs "parts.importKeyPair"`);
  }
  // Taken once, bound to `parts` (hooks may use `this`): the frozen result never changes behaviour.
  const generate = parts.generateKeyPair?.bind(parts);
  const importKeyPair = parts.importKeyPair?.bind(parts);
  const randomPrivateKey = parts.randomPrivateKey?.bind(parts);
  const details = { cipherSuite: info.id };

  /** Wire form of a library key pair: SerializePublicKey, and SerializePrivateKey normalised. */
  async function exportPair(pair: HpkeKeyPairLike<K>): Promise<KeyPair> {
    const raw = new Uint8Array(await kem.serializePrivateKey(pair.privateKey));
    try {
      const publicKey = new Uint8Array(await kem.serializePublicKey(pair.publicKey));
      // RFC 9180 §7.1.2: SerializePrivateKey MUST clamp its output (X25519/X448).
      return { publicKey, privateKey: normalize(raw) };
    } finally {
      raw.fill(0);
    }
  }

  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      if (generate !== undefined) return generate();
      // RFC 9180 §4 GenerateKeyPair.
      return exportPair(await kem.generateKeyPair());
    },

    async deriveKeyPair(ikm: Uint8Array): Promise<KeyPair> {
      assertBytes(ikm, "ikm");
      let pair: HpkeKeyPairLike<K>;
      try {
        // RFC 9180 §7.1.3 DeriveKeyPair.
        pair = await kem.deriveKeyPair(ikm);
      } catch (e) {
        throw cryptoError(CryptoErrorCode.keyDerivationFailed, "HPKE DeriveKeyPair failed", details, e);
      }
      return exportPair(pair);
    },

    async seal(
      publicKey: Uint8Array,
      infoBytes: Uint8Array,
      aad: Uint8Array,
      plaintext: Uint8Array,
    ): Promise<HpkeCiphertext> {
      assertBytes(publicKey, "publicKey");
      assertBytes(infoBytes, "info");
      assertBytes(aad, "aad");
      assertBytes(plaintext, "plaintext");
      // RFC 9180 §7.1: a serialized public key is exactly Npk bytes.
      if (publicKey.length !== info.hpkePublicKeySize) {
        throw cryptoError(
          CryptoErrorCode.invalidPublicKey,
          `HPKE public key must be ${info.hpkePublicKeySize} bytes, got ${publicKey.length}`,
          details,
        );
      }
      let recipientPublicKey: K;
      try {
        // RFC 9180 §7.1.4: DeserializePublicKey validates the point.
        recipientPublicKey = await kem.deserializePublicKey(publicKey);
      } catch (e) {
        throw cryptoError(
          CryptoErrorCode.invalidPublicKey,
          "HPKE public key is not a valid point",
          details,
          e,
        );
      }
      let ephemeral: Uint8Array | undefined;
      try {
        let params: HpkeSealParams<K> = { recipientPublicKey, info: infoBytes };
        if (randomPrivateKey !== undefined && importKeyPair !== undefined) {
          // RFC 9180 §4.1 Encap: skE, pkE = GenerateKeyPair(), from the provider's own randomness.
          ephemeral = randomPrivateKey();
          params = { ...params, ekm: await importKeyPair(ephemeral) };
        }
        const { enc, ct } = await suite.seal(params, plaintext, aad);
        return { kemOutput: new Uint8Array(enc), ciphertext: new Uint8Array(ct) };
      } catch (e) {
        throw cryptoError(CryptoErrorCode.hpkeSealFailed, "HPKE SealBase failed", details, e);
      } finally {
        // skE may be referenced by the library until the seal settles: wipe only now.
        ephemeral?.fill(0);
      }
    },

    async open(
      privateKey: Uint8Array,
      kemOutput: Uint8Array,
      infoBytes: Uint8Array,
      aad: Uint8Array,
      ciphertext: Uint8Array,
    ): Promise<Uint8Array> {
      assertBytes(privateKey, "privateKey");
      assertBytes(kemOutput, "kemOutput");
      assertBytes(infoBytes, "info");
      assertBytes(aad, "aad");
      assertBytes(ciphertext, "ciphertext");
      // RFC 9180 §7.1.2: DeserializePrivateKey MUST clamp its input (X25519/X448); P-curve
      // scalars are padded and range-checked. Throws INVALID_PRIVATE_KEY as it is.
      const sk = normalize(privateKey);
      try {
        let recipientKey: K | HpkeKeyPairLike<K>;
        try {
          recipientKey =
            importKeyPair === undefined ? await kem.deserializePrivateKey(sk) : await importKeyPair(sk);
        } catch (e) {
          throw cryptoError(
            CryptoErrorCode.invalidPrivateKey,
            "HPKE private key does not import",
            details,
            e,
          );
        }
        try {
          const pt = await suite.open({ recipientKey, enc: kemOutput, info: infoBytes }, ciphertext, aad);
          return new Uint8Array(pt);
        } catch (e) {
          // One code for every failure: wrong key, info or aad, tampered kem output or ciphertext.
          throw cryptoError(CryptoErrorCode.hpkeOpenFailed, "HPKE OpenBase failed", details, e);
        }
      } finally {
        // A pure-JS KEM may keep a reference to the bytes until the open settles: wipe only now.
        sk.fill(0);
      }
    },
  });
}
