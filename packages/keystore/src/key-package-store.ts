/**
 * @module key-package-store
 * The `KeyPackageStore` contract (DESIGN.md) that every mlskit key store implements, with its
 * filter and summary types and the signature-key-pair entries a client needs after a restart.
 *
 * Semantics, identical for every backend because they are written once in
 * {@link createKeyPackageStore}:
 * - a key package is keyed by its KeyPackageRef; `put` of an existing ref replaces it;
 * - `take` is atomic: of any number of concurrent `take(ref)` calls, in this process or in others
 *   sharing the backend, exactly one receives the bundle, and the record is removed, **unless** the
 *   package is last resort (RFC 9420 §16.8, RFC 9750 §5.1), which stays and can be taken again;
 * - a package is valid at `t` when `notBefore <= t <= notAfter`, expired when `notAfter < t`;
 * - with encryption on, private keys never reach the backend in clear (see `encryption.ts`).
 */
import type { Credential, SignatureKeyPair } from "@mlskit/credentials";
import type { KeyPackageBundle } from "@mlskit/key-packages";

/**
 * Which key packages `list`/`count` consider. Every given field must match (AND); an empty or
 * absent filter matches everything.
 *
 * @example
 * ```ts
 * const usable = await store.count({ validAt: new Date(), cipherSuite: 1, lastResort: false });
 * ```
 */
export interface KeyPackageFilter {
  /** Only packages valid at this time: `notBefore <= t <= notAfter` (seconds since the epoch or a Date). */
  readonly validAt?: bigint | Date;
  /** Only packages of this cipher suite. */
  readonly cipherSuite?: number;
  /** Only last-resort packages (`true`) or only ordinary ones (`false`). */
  readonly lastResort?: boolean;
  /**
   * Only packages whose `leaf_node.signature_key` equals these bytes: the packages of one signer,
   * e.g. to delete them after the signature key changed (RFC 9750 §5.1).
   */
  readonly signatureKey?: Uint8Array;
}

/**
 * The public facts about a stored key package: no private key, nothing that needs decrypting.
 *
 * @example
 * ```ts
 * for await (const s of store.list({ cipherSuite: 1 })) console.log(toHex(s.ref), s.notAfter, s.lastResort);
 * ```
 */
export interface KeyPackageSummary {
  /** The KeyPackageRef. */
  readonly ref: Uint8Array;
  /** The package's cipher suite. */
  readonly cipherSuite: number;
  /** `leaf_node.lifetime.not_before`, seconds since the epoch. */
  readonly notBefore: bigint;
  /** `leaf_node.lifetime.not_after`, seconds since the epoch. */
  readonly notAfter: bigint;
  /** Whether the package is last resort. */
  readonly lastResort: boolean;
  /** `leaf_node.signature_key`: identifies the signer (and so the client) that made the package. */
  readonly signatureKey: Uint8Array;
  /** When the package was put into the store, seconds since the epoch (the store's clock). */
  readonly createdAt: bigint;
}

/**
 * What a signature key pair is stored under: the credential it signs for and the cipher suite
 * (whose signature scheme the key belongs to). A client knows both after a restart, so it can ask
 * for its signer back. The credential is compared by its exact TLS encoding.
 *
 * @example
 * ```ts
 * const owner: SignatureKeyOwner = { credential: basicCredential("alice"), cipherSuite: 1 };
 * ```
 */
export interface SignatureKeyOwner {
  /** The client's credential. */
  readonly credential: Credential;
  /** The cipher suite whose signature scheme the key pair uses. */
  readonly cipherSuite: number;
}

/**
 * A signature key pair as stored: its owner and the pair itself.
 *
 * @example
 * ```ts
 * await store.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair });
 * ```
 */
export interface StoredSignatureKeyPair extends SignatureKeyOwner {
  /** The key pair (the private key is copied in; wipe your own copy when done). */
  readonly signatureKeyPair: SignatureKeyPair;
}

/**
 * A store of key package bundles (and of the client's signature key pairs), keyed by
 * KeyPackageRef. Every method throws `StorageError` `STORE_CLOSED` after `close()`, and
 * `StorageError` `STORE_CORRUPT_RECORD` (with `details.ref`) for a record that cannot be read; the
 * other records stay readable.
 *
 * @example
 * ```ts
 * const store = createMemoryKeyStore();
 * await store.put(bundle);
 * const forWelcome = await store.take(refFromWelcome); // removed unless last resort
 * await store.close();
 * ```
 */
export interface KeyPackageStore {
  /** Whether records are encrypted at rest. */
  readonly encrypted: boolean;
  /**
   * Store a bundle under its ref (replacing one with the same ref). The bundle's private keys are
   * copied; the caller may `dispose()` it afterwards.
   * @throws TypeError when `bundle` is not a KeyPackageBundle
   */
  put(bundle: KeyPackageBundle): Promise<void>;
  /** Store several bundles atomically (all or none); much faster than one `put` each. */
  putMany(bundles: readonly KeyPackageBundle[]): Promise<void>;
  /** A fresh copy of the bundle stored under `ref`, or `undefined`. */
  get(ref: Uint8Array): Promise<KeyPackageBundle | undefined>;
  /**
   * Atomically fetch and remove the bundle under `ref` (a last-resort bundle is returned and
   * kept). Concurrent takes of one ref: exactly one gets the bundle, the others `undefined`.
   */
  take(ref: Uint8Array): Promise<KeyPackageBundle | undefined>;
  /** Remove the bundle under `ref` (last resort or not). @returns whether it was there */
  delete(ref: Uint8Array): Promise<boolean>;
  /** Public summaries of the stored packages matching `filter`, in ascending ref byte order. */
  list(filter?: KeyPackageFilter): AsyncIterable<KeyPackageSummary>;
  /** How many stored packages match `filter`. */
  count(filter?: KeyPackageFilter): Promise<number>;
  /**
   * Remove every package with `notAfter < now` (last-resort ones included: expired, they are of no
   * use). @param now - default: the store's clock. @returns how many were removed
   */
  pruneExpired(now?: bigint | Date): Promise<number>;
  /** Store the signature key pair of a credential and suite (replacing an earlier one). */
  putSignatureKeyPair(entry: StoredSignatureKeyPair): Promise<void>;
  /** The signature key pair stored for `owner` (fresh copies of both keys), or `undefined`. */
  getSignatureKeyPair(owner: SignatureKeyOwner): Promise<SignatureKeyPair | undefined>;
  /** Remove the signature key pair of `owner`. @returns whether it was there */
  deleteSignatureKeyPair(owner: SignatureKeyOwner): Promise<boolean>;
  /**
   * Re-encrypt every record under `newKey` (32 bytes), or decrypt them all (`null`), atomically:
   * afterwards only `newKey` opens the store. Wait until no other process writes to the store.
   */
  rekey(newKey: Uint8Array | null): Promise<void>;
  /** Close the store (waits for running operations). Idempotent. */
  close(): Promise<void>;
}
