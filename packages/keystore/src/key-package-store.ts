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
 * - `reserve` is atomic the same way: of concurrent `reserve(ref)`/`take(ref)` calls exactly one
 *   gets the bundle. A reserved package is invisible — to `get`, `take`, `reserve`, `list`,
 *   `count` and `pruneExpired` — until its reservation is committed (removed, unless last
 *   resort), released (back, untouched) or its lease expires (back, as if released). This is how
 *   a client opens a Welcome without losing the package to a failure (RFC 9420 §12.4.3.1): reserve,
 *   process, save the group state, then commit;
 * - consuming a package (`take`, or a reservation's `commit()`; never a last-resort one) leaves a
 *   tombstone: its ref and `notAfter`, nothing secret. `status(ref)` then answers `"consumed"`
 *   rather than `"unknown"`, so a client opening a Welcome can tell "ours, already used" from
 *   "not ours". `pruneExpired` removes tombstones once the package would have expired; `put` of
 *   the ref removes its tombstone (the package is available again); `delete` leaves none (the
 *   application withdrew the package: nothing consumed it);
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
 * What {@link KeyPackageStore.status} says of a ref, by the store's clock:
 * - `"available"`: stored and not reserved (or its reservation's lease expired): `get`, `take`
 *   and `reserve` would find it;
 * - `"reserved"`: stored under a live reservation (someone is opening a Welcome with it);
 * - `"consumed"`: taken, or reserved and committed; only its tombstone is left;
 * - `"unknown"`: never stored, deleted by the application, or consumed so long ago that
 *   `pruneExpired` removed its tombstone.
 *
 * @example
 * ```ts
 * const s: KeyPackageStatus = await store.status(ref);
 * if (s === "consumed") console.log("this Welcome names a key package we already used");
 * ```
 */
export type KeyPackageStatus = "available" | "reserved" | "consumed" | "unknown";

/**
 * Options of {@link KeyPackageStore.reserve}.
 *
 * @example
 * ```ts
 * const reservation = await store.reserve(ref, { leaseSeconds: 60 } satisfies ReserveOptions);
 * ```
 */
export interface ReserveOptions {
  /**
   * How long the reservation holds the package when it is neither committed nor released (the
   * process crashed, say), in whole seconds of the store's clock. Default 300.
   */
  readonly leaseSeconds?: number;
}

/**
 * A key package held by {@link KeyPackageStore.reserve}: invisible to everyone else until
 * `commit()` or `release()`, or until the lease expires.
 *
 * Both methods are safe to repeat: a second `commit()` does nothing, `release()` after `commit()`
 * does nothing (so `try { …; await r.commit(); } finally { await r.release(); }` is a correct
 * pattern), a second `release()` does nothing; `commit()` after `release()` throws
 * `STORE_RESERVATION_RELEASED`.
 *
 * @example
 * ```ts
 * const r = await store.reserve(ref);
 * if (r !== undefined) {
 *   try {
 *     const group = await joinWith(r.bundle); // may fail: the package is not lost
 *     await saveGroupState(group);            // first make the join durable...
 *     await r.commit();                       // ...then consume the key package
 *   } finally {
 *     await r.release();                      // no-op after commit; gives it back after a failure
 *   }
 * }
 * ```
 */
export interface KeyPackageReservation {
  /** The KeyPackageRef. */
  readonly ref: Uint8Array;
  /** The reserved bundle (the caller owns it: `dispose()` it when done). */
  readonly bundle: KeyPackageBundle;
  /** When the lease ends if neither committed nor released, seconds since the epoch (store clock). */
  readonly expiresAt: bigint;
  /**
   * Consume the package: remove it from the store (a last-resort package stays, available
   * again). Call it once the application has saved what it did with the package (its group
   * state after a Welcome). After the lease expired it still succeeds as long as nobody else
   * took or reserved the package meanwhile.
   * @throws StorageError STORE_RESERVATION_LOST when the reservation no longer holds the package
   *   (its lease expired and another caller took or reserved it, or it was deleted), so nothing
   *   else's reservation is ever consumed; STORE_RESERVATION_RELEASED after `release()`
   */
  commit(): Promise<void>;
  /**
   * Give the package back, untouched: visible and takeable again. Does nothing after `commit()`,
   * after another `release()`, or when the reservation was already lost.
   */
  release(): Promise<void>;
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
   * Store a bundle under its ref (replacing one with the same ref, and removing the ref's
   * tombstone: a consumed package put again is available again). The bundle's private keys are
   * copied; the caller may `dispose()` it afterwards.
   * @throws TypeError when `bundle` is not a KeyPackageBundle
   */
  put(bundle: KeyPackageBundle): Promise<void>;
  /** Store several bundles atomically (all or none); much faster than one `put` each. */
  putMany(bundles: readonly KeyPackageBundle[]): Promise<void>;
  /** A fresh copy of the bundle stored under `ref`, or `undefined` (also while it is reserved). */
  get(ref: Uint8Array): Promise<KeyPackageBundle | undefined>;
  /**
   * Atomically fetch and remove the bundle under `ref` (a last-resort bundle is returned and
   * kept). Concurrent takes of one ref: exactly one gets the bundle, the others `undefined`. A
   * reserved package gives `undefined`. A taken package leaves a tombstone (see {@link status}).
   */
  take(ref: Uint8Array): Promise<KeyPackageBundle | undefined>;
  /**
   * Atomically reserve the bundle under `ref`: of concurrent `reserve`/`take` calls for one ref,
   * in this process or in others sharing the storage, exactly one gets it. The package is then
   * invisible to `get`, `take`, `reserve`, `list`, `count` and `pruneExpired` until the
   * reservation's `commit()` (removed, unless last resort) or `release()` (back, untouched), or
   * until its lease expires (`leaseSeconds`, default 300 s of the store's clock): then it can be
   * taken or reserved again, so a crash between `reserve` and `commit` loses no key package.
   * @returns the reservation, or `undefined` when there is no such package or it is reserved
   * @throws StorageError STORE_CORRUPT_RECORD for an unreadable record (left unreserved)
   * @throws RangeError when `leaseSeconds` is not a positive whole number
   */
  reserve(ref: Uint8Array, opts?: ReserveOptions): Promise<KeyPackageReservation | undefined>;
  /**
   * Where the package under `ref` stands, without taking, reserving or decrypting anything: the
   * way to tell why `reserve`/`take` gave `undefined` (reserved by someone else, already
   * consumed, or never ours). One read; the answer may change the next moment.
   * @returns `"available"`, `"reserved"` (a live lease), `"consumed"` (a tombstone) or `"unknown"`
   */
  status(ref: Uint8Array): Promise<KeyPackageStatus>;
  /**
   * Remove the bundle under `ref` (last resort or not, reserved or not: an open reservation's
   * `commit()` then throws STORE_RESERVATION_LOST). Deleting is not consuming: it leaves no
   * tombstone (the ref's status becomes `"unknown"`), and a tombstone already there stays.
   * @returns whether a package was there
   */
  delete(ref: Uint8Array): Promise<boolean>;
  /**
   * Public summaries of the stored packages matching `filter`, in ascending ref byte order.
   * Reserved packages are left out (they are being consumed) until their lease expires.
   */
  list(filter?: KeyPackageFilter): AsyncIterable<KeyPackageSummary>;
  /** How many stored packages match `filter` (reserved ones left out, as in `list`). */
  count(filter?: KeyPackageFilter): Promise<number>;
  /**
   * Remove every package with `notAfter < now` (last-resort ones included: expired, they are of no
   * use). A reserved package is left alone while its lease lives (whoever holds it is opening a
   * Welcome with it); a later prune removes it if it comes back. Tombstones of consumed packages
   * with `notAfter < now` go too (a Welcome naming such a package could not be opened anyway).
   * @param now - default: the store's clock (leases are always judged by the store's clock)
   * @returns how many key packages were removed (tombstones are not counted)
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
