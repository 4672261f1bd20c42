/**
 * @module crypto-provider
 * The contract between mlskit and a crypto backend: a {@link CryptoProvider} hands out one
 * {@link CipherSuiteImpl} per supported RFC 9420 cipher suite. All keys, signatures and ciphertexts
 * are plain `Uint8Array`s in their RFC 9420 §5.1 wire encodings, never `CryptoKey`s, so a key
 * package, a key store and a provider can be combined freely.
 */

/**
 * A key pair in wire encoding.
 *
 * - HPKE (RFC 9180 §7.1): X25519/X448 raw; P-curves SEC1 uncompressed public key and big-endian
 *   private scalar of the full field length.
 * - Signature (RFC 9420 §5.1.1): EdDSA raw (RFC 8032); ECDSA SEC1 uncompressed public key and
 *   big-endian private scalar.
 *
 * @example
 * ```ts
 * const { publicKey, privateKey }: KeyPair = await suite.signature.generateKeyPair();
 * ```
 */
export interface KeyPair {
  /** The public key as it appears on the wire. */
  readonly publicKey: Uint8Array;
  /** The private key; keep it secret, wipe it when done. */
  readonly privateKey: Uint8Array;
}

/**
 * The output of HPKE SealBase: the encapsulated key and the AEAD ciphertext
 * (the fields of RFC 9420 §7.6 `HPKECiphertext`).
 *
 * @example
 * ```ts
 * const { kemOutput, ciphertext }: HpkeCiphertext = await suite.hpke.seal(pk, info, aad, pt);
 * ```
 */
export interface HpkeCiphertext {
  /** The KEM's encapsulated key (`enc` in RFC 9180). */
  readonly kemOutput: Uint8Array;
  /** The AEAD ciphertext including its tag. */
  readonly ciphertext: Uint8Array;
}

/**
 * The suite's hash function (RFC 9420 §5.1: `Hash`, used by RefHash and transcript hashes).
 *
 * @example
 * ```ts
 * const digest = await suite.hash.digest(new Uint8Array(0)); // suite.hash.size bytes
 * ```
 */
export interface HashImpl {
  /** Output size in bytes (equal to KDF.Nh for every registered suite). */
  readonly size: number;
  /**
   * @param data - input bytes
   * @returns the digest
   */
  digest(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * The suite's KDF, HKDF with the suite's hash (RFC 5869; RFC 9420 §5.1 `KDF`).
 *
 * @example
 * ```ts
 * const prk = await suite.kdf.extract(salt, ikm);
 * const okm = await suite.kdf.expand(prk, info, 32);
 * ```
 */
export interface KdfImpl {
  /** Nh: the extract output size in bytes. */
  readonly size: number;
  /**
   * HKDF-Extract.
   * @param salt - salt (may be empty)
   * @param ikm - input keying material
   * @returns a pseudorandom key of {@link KdfImpl.size} bytes
   */
  extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array>;
  /**
   * HKDF-Expand.
   * @param prk - pseudorandom key
   * @param info - context
   * @param length - output length, at most 255 × Nh
   * @returns `length` bytes
   */
  expand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>;
}

/**
 * HPKE in base mode (RFC 9180 §5.1.1) with the suite's KEM, KDF and AEAD.
 *
 * @example
 * ```ts
 * const kp = await suite.hpke.generateKeyPair();
 * const { kemOutput, ciphertext } = await suite.hpke.seal(kp.publicKey, info, aad, plaintext);
 * const pt = await suite.hpke.open(kp.privateKey, kemOutput, info, aad, ciphertext);
 * ```
 */
export interface HpkeImpl {
  /** @returns a fresh key pair (randomness from `crypto.getRandomValues`) */
  generateKeyPair(): Promise<KeyPair>;
  /**
   * RFC 9180 §7.1.3 DeriveKeyPair: deterministic in `ikm`.
   * @param ikm - input keying material, at least Nsk bytes recommended
   * @returns the derived key pair
   */
  deriveKeyPair(ikm: Uint8Array): Promise<KeyPair>;
  /**
   * SealBase(pkR, info, aad, pt).
   * @param publicKey - recipient public key
   * @param info - HPKE info
   * @param aad - additional authenticated data
   * @param plaintext - message
   * @returns kem output and ciphertext
   * @throws CryptoError `INVALID_PUBLIC_KEY` / `HPKE_SEAL_FAILED`
   */
  seal(
    publicKey: Uint8Array,
    info: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
  ): Promise<HpkeCiphertext>;
  /**
   * OpenBase(enc, skR, info, aad, ct).
   * @param privateKey - recipient private key
   * @param kemOutput - the encapsulated key
   * @param info - HPKE info
   * @param aad - additional authenticated data
   * @param ciphertext - AEAD ciphertext
   * @returns the plaintext
   * @throws CryptoError `HPKE_OPEN_FAILED` on any authentication failure, `INVALID_PRIVATE_KEY`
   */
  open(
    privateKey: Uint8Array,
    kemOutput: Uint8Array,
    info: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array>;
}

/**
 * The suite's signature scheme (RFC 9420 §5.1.2): Ed25519, Ed448 or ECDSA with the suite's hash and
 * DER-encoded signatures.
 *
 * @example
 * ```ts
 * const kp = await suite.signature.generateKeyPair();
 * const sig = await suite.signature.sign(kp.privateKey, message);
 * await suite.signature.verify(kp.publicKey, message, sig); // true
 * ```
 */
export interface SignatureImpl {
  /** @returns a fresh signature key pair */
  generateKeyPair(): Promise<KeyPair>;
  /**
   * @param privateKey - signature private key
   * @param message - the message (ECDSA hashes it with the suite's hash)
   * @returns the signature in wire encoding
   * @throws CryptoError `INVALID_PRIVATE_KEY`
   */
  sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /**
   * @param publicKey - signature public key
   * @param message - the message
   * @param signature - the signature
   * @returns whether it verifies; false (never a throw) for a malformed signature or public key
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/**
 * The suite's AEAD (RFC 9420 §5.1 `AEAD`: the HPKE AEAD of the suite, RFC 9180 §7.3), used
 * directly by the key schedule's users, e.g. to decrypt a Welcome's GroupInfo with the welcome
 * key and nonce (RFC 9420 §12.4.3.1). Keys and nonces are raw bytes of exactly
 * {@link AeadImpl.keySize} and {@link AeadImpl.nonceSize}; a ciphertext is the encrypted
 * plaintext followed by its {@link AeadImpl.tagSize}-byte tag (RFC 5116 §2.1).
 *
 * @example
 * ```ts
 * const key = provider.randomBytes(suite.aead.keySize);
 * const nonce = provider.randomBytes(suite.aead.nonceSize);
 * const ct = await suite.aead.seal(key, nonce, aad, plaintext);
 * const pt = await suite.aead.open(key, nonce, aad, ct); // plaintext
 * ```
 */
export interface AeadImpl {
  /** Nk: the key size in bytes (16 for AES-128-GCM, 32 for AES-256-GCM and ChaCha20Poly1305). */
  readonly keySize: number;
  /** Nn: the nonce size in bytes (12 for every registered AEAD). */
  readonly nonceSize: number;
  /** Nt: the authentication tag size in bytes (16 for every registered AEAD). */
  readonly tagSize: number;
  /**
   * AEAD encryption (RFC 5116 §2.1 authenticated encryption; RFC 9180 §5.2 `Seal`).
   * @param key - `keySize` bytes
   * @param nonce - `nonceSize` bytes; never reuse one with the same key
   * @param aad - additional authenticated data (may be empty)
   * @param plaintext - the message
   * @returns ciphertext ‖ tag (`plaintext.length + tagSize` bytes)
   * @throws TypeError for non-bytes arguments; RangeError for a key or nonce of the wrong size
   */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /**
   * AEAD decryption (RFC 5116 §2.2 authenticated decryption; RFC 9180 §5.2 `Open`).
   * @param key - `keySize` bytes
   * @param nonce - `nonceSize` bytes
   * @param aad - additional authenticated data
   * @param ciphertext - ciphertext ‖ tag
   * @returns the plaintext
   * @throws CryptoError `AEAD_OPEN_FAILED` when authentication fails (wrong key, nonce or aad;
   *   tampered or truncated ciphertext); TypeError / RangeError for malformed arguments
   */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array>;
}

/**
 * The primitives of one cipher suite. The RFC 9420 labelled operations (`signWithLabel`, ...) are
 * written once over this interface in `labels.ts`.
 *
 * @example
 * ```ts
 * const suite: CipherSuiteImpl = await provider.getCipherSuite(1);
 * const ref = await refHash(suite, "MLS 1.0 KeyPackage Reference", encodedKeyPackage);
 * ```
 */
export interface CipherSuiteImpl {
  /** The uint16 cipher-suite id. */
  readonly id: number;
  /** Hash of the suite. */
  readonly hash: HashImpl;
  /** KDF of the suite. */
  readonly kdf: KdfImpl;
  /** HPKE of the suite. */
  readonly hpke: HpkeImpl;
  /** AEAD of the suite (the same algorithm as its HPKE AEAD). */
  readonly aead: AeadImpl;
  /** Signature scheme of the suite. */
  readonly signature: SignatureImpl;
}

/**
 * A crypto backend. Implementations: `@mlskit/crypto-provider-noble` (pure JS),
 * `@mlskit/crypto-provider-webcrypto`. Check one with `@mlskit/crypto-provider/testing`.
 *
 * @example
 * ```ts
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * nobleCryptoProvider.supportedCipherSuites(); // [1, 2, 3, 4, 5, 6, 7]
 * const suite = await nobleCryptoProvider.getCipherSuite(1);
 * ```
 */
export interface CryptoProvider {
  /** A short name for logs, e.g. `"noble"`. */
  readonly name: string;
  /** @returns the ids of the suites {@link CryptoProvider.getCipherSuite} accepts, ascending */
  supportedCipherSuites(): readonly number[];
  /**
   * @param id - a cipher-suite id
   * @returns the suite's primitives
   * @throws CryptoError `UNSUPPORTED_CIPHER_SUITE` (rejected promise) for any other id
   */
  getCipherSuite(id: number): Promise<CipherSuiteImpl>;
  /**
   * @param n - number of bytes
   * @returns `n` bytes from a CSPRNG
   */
  randomBytes(n: number): Uint8Array;
}
