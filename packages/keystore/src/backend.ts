/**
 * @module backend
 * `KeyStoreBackend`: the small, async storage interface a concrete key store implements (a Map,
 * IndexedDB, SQLite, ...). It stores opaque records next to a few clear index fields and knows
 * nothing about MLS: take-once, last resort, lifetimes, encryption and the record format all live
 * once in {@link createKeyPackageStore}, which turns any backend into a `KeyPackageStore`.
 *
 * Four object sets, each keyed by bytes:
 * - key packages: `KeyPackageRow` keyed by `ref`, with index fields for `scanKeyPackages`, and
 *   at most one {@link KeyPackageLease} each (a reservation's mark: a token and an expiry);
 * - tombstones: a consumed key package's `ref` and `notAfter`, nothing else (no record, no key,
 *   no credential), so that the store can tell "ours, already consumed" from "never ours" until
 *   the package would have expired anyway;
 * - signature keys: an opaque `record` keyed by a 32-byte `id`;
 * - meta: small values keyed by a string name (`"key-check"` when the store is encrypted).
 *
 * What a backend must guarantee (the conformance kit checks all of it through the store):
 * - every method is atomic on its own (one transaction each); nothing is half-written on a crash
 *   once the returned promise resolved (an acknowledged write is durable);
 * - `deleteKeyPackage` and `deleteSignatureKey` report whether **this call** removed the entry, so
 *   that of two concurrent deletes of one key exactly one returns `true` — the store builds its
 *   atomic take on this (read, decrypt, then delete: the caller whose delete returned `true` wins);
 * - `rewrite` updates only entries that still exist: it never re-creates one deleted meanwhile;
 * - leases: `leaseKeyPackage` and `endKeyPackageLease` are atomic compare-and-set operations on a
 *   row's lease, so that of concurrent reservers exactly one gets the row; a row under a *live*
 *   lease (`expiresAt > t`) is absent for every call that passes `unleasedAt: t`, and is never
 *   deleted by one; `putKeyPackages` and `rewrite` keep a row's lease; removing a row removes its
 *   lease;
 * - tombstones: a removal asked to leave one (`tombstone: true`) writes it in the same transaction
 *   as the removal, and only when it removed the row; `putKeyPackages` removes the tombstones of
 *   the refs it writes in its transaction; `keyPackageStatus` reads a row, its lease and a
 *   tombstone in one transaction;
 * - byte keys compare as unsigned bytes, lexicographically (IndexedDB binary keys and SQLite
 *   BLOBs both do), and `scanKeyPackages` pages in that order;
 * - returned `Uint8Array`s are not retained or modified by the backend afterwards, and arrays
 *   passed in may be kept (the store does not reuse them).
 *
 * An IndexedDB backend, for instance: object stores `keyPackages` (keyPath `ref`), `signatureKeys`
 * (keyPath `id`) and `meta` (keyPath `name`); `deleteKeyPackage` is a `get` then `delete` in one
 * `readwrite` transaction; `scanKeyPackages` walks a cursor from `IDBKeyRange.lowerBound(after,
 * true)` and filters with {@link matchesKeyPackageQuery} until `limit` matches; no `await` of
 * anything but IndexedDB requests inside a transaction (the store does all crypto outside).
 */
import type { KeyPackageStatus, KeyPackageSummary } from "./key-package-store.js";

/**
 * One stored key package: the clear index fields (a {@link KeyPackageSummary}) and the opaque
 * record (the versioned, possibly encrypted bundle). A backend stores and returns all fields as
 * they are; it may keep `bigint`s in any form that restores them exactly (uint64 range).
 *
 * @example
 * ```ts
 * const row: KeyPackageRow = { ...summary, record };
 * await backend.putKeyPackages([row]);
 * ```
 */
export interface KeyPackageRow extends KeyPackageSummary {
  /** The encoded record (see the README's record format); opaque to the backend. */
  readonly record: Uint8Array;
}

/**
 * A reservation's mark on a stored key package: a random token that only the reserver knows and
 * the time the lease ends. The lease is *live* at `t` while `t < expiresAt`; an expired lease
 * counts as no lease (the package can be taken or reserved again) until it is replaced or removed.
 *
 * @example
 * ```ts
 * const lease: KeyPackageLease = { token: crypto.getRandomValues(new Uint8Array(16)), expiresAt: now + 300n };
 * const row = await backend.leaseKeyPackage(ref, lease, now);
 * ```
 */
export interface KeyPackageLease {
  /** The reservation's token (16 random bytes); `endKeyPackageLease` must present it. */
  readonly token: Uint8Array;
  /** When the lease ends, seconds since the epoch (the reserving store's clock; uint64). */
  readonly expiresAt: bigint;
}

/**
 * A condition on the index fields of key packages; every given field must match (AND).
 * {@link matchesKeyPackageQuery} is the reference implementation.
 *
 * @example
 * ```ts
 * const expired: KeyPackageQuery = { expiredAt: 1_700_000_000n };
 * ```
 */
export interface KeyPackageQuery {
  /** `notBefore <= validAt <= notAfter`. */
  readonly validAt?: bigint;
  /** `notAfter < expiredAt`. */
  readonly expiredAt?: bigint;
  /** `cipherSuite === cipherSuite`. */
  readonly cipherSuite?: number;
  /** `lastResort === lastResort`. */
  readonly lastResort?: boolean;
  /** `signatureKey` equal byte for byte. */
  readonly signatureKey?: Uint8Array;
  /**
   * No live lease at this time: the row has no lease, or its lease's `expiresAt <= unleasedAt`.
   * The store passes its clock here for everything a reserved package must be invisible to.
   */
  readonly unleasedAt?: bigint;
}

/**
 * The lease condition that {@link KeyStoreBackend.getKeyPackage} and
 * {@link KeyStoreBackend.deleteKeyPackage} accept (the `unleasedAt` of a {@link KeyPackageQuery}).
 *
 * @example
 * ```ts
 * const visible = await backend.getKeyPackage(ref, { unleasedAt: now });
 * ```
 */
export type KeyPackageLeaseCondition = Pick<KeyPackageQuery, "unleasedAt">;

/**
 * How {@link KeyStoreBackend.deleteKeyPackage} removes a row: the lease condition of a
 * {@link KeyPackageLeaseCondition}, and whether the removal leaves a tombstone.
 *
 * @example
 * ```ts
 * const won = await backend.deleteKeyPackage(ref, { unleasedAt: now, tombstone: true }); // a take
 * ```
 */
export interface KeyPackageDeleteCondition extends KeyPackageLeaseCondition {
  /**
   * Leave a tombstone — the ref and the removed row's `notAfter` — in the same transaction as the
   * removal (only when this call removed the row). The store asks for one when it consumes a
   * package (`take`), not when the application deletes one.
   */
  readonly tombstone?: boolean;
}

/**
 * Which page of a scan to return: entries with `ref` strictly greater than `after` (all when
 * absent), in ascending ref order, at most `limit` of them. A page shorter than `limit` is the last.
 *
 * @example
 * ```ts
 * const first = await backend.scanKeyPackages({}, { limit: 256 });
 * const next = await backend.scanKeyPackages({}, { after: first.at(-1)!.ref, limit: 256 });
 * ```
 */
export interface ScanPage {
  /** Exclusive lower bound on `ref`. */
  readonly after?: Uint8Array;
  /** Maximum number of entries (≥ 1). */
  readonly limit: number;
}

/**
 * Writes that {@link KeyStoreBackend.rewrite} applies in one transaction (used by `rekey`).
 *
 * @example
 * ```ts
 * await backend.rewrite({ keyPackages: [{ ref, record }], signatureKeys: [], meta: [{ name: "key-check", value: null }] });
 * ```
 */
export interface RewriteBatch {
  /** New records for existing key packages (index fields unchanged); missing refs are skipped. */
  readonly keyPackages: readonly { readonly ref: Uint8Array; readonly record: Uint8Array }[];
  /** New records for existing signature keys; missing ids are skipped. */
  readonly signatureKeys: readonly { readonly id: Uint8Array; readonly record: Uint8Array }[];
  /** Meta values to set, or to delete (`null`). */
  readonly meta: readonly { readonly name: string; readonly value: Uint8Array | null }[];
}

/**
 * The storage interface under every key store. Implement it, then call
 * {@link createKeyPackageStore}; run `runKeyStoreConformance` from `@mlskit/keystore/testing`
 * against the result. Throw anything on I/O failure: the store wraps non-mlskit errors in a
 * `StorageError` `STORE_BACKEND_FAILURE` with the original as `cause`.
 *
 * @example
 * ```ts
 * const backend: KeyStoreBackend = new MyIndexedDbBackend(db);
 * const store = await createKeyPackageStore(backend, { encryptionKey });
 * ```
 */
export interface KeyStoreBackend {
  /**
   * The row stored under `ref`, or `undefined` — also when `condition.unleasedAt` is given and
   * the row holds a lease that is live then.
   */
  getKeyPackage(ref: Uint8Array, condition?: KeyPackageLeaseCondition): Promise<KeyPackageRow | undefined>;
  /**
   * Insert or replace rows (by `ref`), all in one transaction. A replaced row keeps its lease (a
   * reserved package stays reserved when it is put again). The tombstone of a ref that is written
   * is removed in the same transaction (the package is available again).
   */
  putKeyPackages(rows: readonly KeyPackageRow[]): Promise<void>;
  /**
   * Remove the row under `ref`, and its lease. With `condition.unleasedAt`, a row holding a lease
   * that is live then is left alone (the check and the removal in one transaction). With
   * `condition.tombstone`, a removal leaves a tombstone of the row in the same transaction.
   * @returns `true` only if this call removed an existing row
   */
  deleteKeyPackage(ref: Uint8Array, condition?: KeyPackageDeleteCondition): Promise<boolean>;
  /**
   * Atomically: if the row under `ref` exists and holds no lease live at `now`, give it `lease`
   * (replacing an expired one) and return the row; otherwise change nothing and return
   * `undefined`. Of concurrent calls for one ref, in any process, at most one gets the row.
   */
  leaseKeyPackage(ref: Uint8Array, lease: KeyPackageLease, now: bigint): Promise<KeyPackageRow | undefined>;
  /**
   * Atomically: if the row under `ref` holds a lease with this `token` (live or expired), remove
   * the row and its lease (`remove`) or only the lease, and return `true`; otherwise (no row,
   * no lease, another token) change nothing and return `false`. With `remove` and `tombstone`,
   * the removal leaves a tombstone of the row in the same transaction (a committed reservation).
   */
  endKeyPackageLease(
    ref: Uint8Array,
    token: Uint8Array,
    remove: boolean,
    tombstone?: boolean,
  ): Promise<boolean>;
  /**
   * In one transaction: `"available"` when a row is under `ref` without a lease live at `at`,
   * `"reserved"` when its lease is live at `at`, `"consumed"` when there is no row but a
   * tombstone, `"unknown"` when there is neither.
   */
  keyPackageStatus(ref: Uint8Array, at: bigint): Promise<KeyPackageStatus>;
  /**
   * Remove every tombstone whose `notAfter < expiredAt`.
   * @returns how many were removed
   */
  pruneTombstones(expiredAt: bigint): Promise<number>;
  /**
   * Index fields of the rows matching `query`, a page at a time (see {@link ScanPage}). May
   * return full rows (the `record` is then ignored).
   */
  scanKeyPackages(query: KeyPackageQuery, page: ScanPage): Promise<readonly KeyPackageSummary[]>;
  /** Optional fast count of the rows matching `query`; without it the store counts by scanning. */
  countKeyPackages?(query: KeyPackageQuery): Promise<number>;

  /** The signature key record under `id`, or `undefined`. */
  getSignatureKey(id: Uint8Array): Promise<Uint8Array | undefined>;
  /** Insert or replace the signature key record under `id`. */
  putSignatureKey(id: Uint8Array, record: Uint8Array): Promise<void>;
  /** Remove the record under `id`. @returns `true` only if this call removed an existing one */
  deleteSignatureKey(id: Uint8Array): Promise<boolean>;
  /** Every signature key record (a client has a handful). */
  listSignatureKeys(): Promise<readonly { readonly id: Uint8Array; readonly record: Uint8Array }[]>;

  /** The meta value called `name`, or `undefined`. */
  getMeta(name: string): Promise<Uint8Array | undefined>;
  /** Set `name` to `value` unless it is already set (atomically). @returns the value now stored */
  initMeta(name: string, value: Uint8Array): Promise<Uint8Array>;

  /** Apply a {@link RewriteBatch} in one transaction (leases are kept). */
  rewrite(batch: RewriteBatch): Promise<void>;
  /** Release the underlying resources. Called once, after every other call has settled. */
  close(): Promise<void>;
}

/**
 * Compare byte strings as unsigned bytes, lexicographically (a shorter prefix sorts first), the
 * order of IndexedDB binary keys and SQLite BLOBs.
 *
 * @param a - first
 * @param b - second
 * @returns negative, zero or positive
 * @example
 * ```ts
 * rows.sort((x, y) => compareBytes(x.ref, y.ref));
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Whether a lease is live at `t` (`t < expiresAt`); no lease is never live.
 *
 * @param lease - a row's lease, or `undefined`
 * @param t - seconds since the epoch
 * @returns whether the lease still holds the row at `t`
 * @example
 * ```ts
 * if (isLeaseLive(leases.get(key), now)) return undefined; // reserved: invisible
 * ```
 */
export function isLeaseLive(lease: KeyPackageLease | undefined, t: bigint): boolean {
  return lease !== undefined && t < lease.expiresAt;
}

/**
 * Whether the index fields of a row (and its lease) match a {@link KeyPackageQuery}: the
 * reference semantics for backends that filter in code.
 *
 * @param entry - index fields of a row
 * @param query - the condition
 * @param lease - the row's lease, if it has one (only `unleasedAt` looks at it)
 * @returns whether every given condition holds
 * @example
 * ```ts
 * const page = allRows.filter((r) => matchesKeyPackageQuery(r, query, leases.get(toHex(r.ref))));
 * ```
 */
export function matchesKeyPackageQuery(
  entry: KeyPackageSummary,
  query: KeyPackageQuery,
  lease?: KeyPackageLease,
): boolean {
  if (query.cipherSuite !== undefined && entry.cipherSuite !== query.cipherSuite) return false;
  if (query.lastResort !== undefined && entry.lastResort !== query.lastResort) return false;
  if (query.validAt !== undefined && (entry.notBefore > query.validAt || entry.notAfter < query.validAt)) {
    return false;
  }
  if (query.expiredAt !== undefined && !(entry.notAfter < query.expiredAt)) return false;
  if (query.signatureKey !== undefined && compareBytes(entry.signatureKey, query.signatureKey) !== 0) {
    return false;
  }
  if (query.unleasedAt !== undefined && isLeaseLive(lease, query.unleasedAt)) return false;
  return true;
}

/**
 * The status of a ref from what a backend holds for it: the reference semantics of
 * {@link KeyStoreBackend.keyPackageStatus} (a row wins over a tombstone; a row's lease counts
 * only while it is live at `at`).
 *
 * @param row - whether a row is stored under the ref
 * @param lease - the row's lease, if it has one
 * @param tombstone - whether a tombstone is stored under the ref
 * @param at - the store's clock, seconds since the epoch
 * @returns the status
 * @example
 * ```ts
 * return keyPackageStatusOf(rows.has(key), leases.get(key), tombstones.has(key), at);
 * ```
 */
export function keyPackageStatusOf(
  row: boolean,
  lease: KeyPackageLease | undefined,
  tombstone: boolean,
  at: bigint,
): KeyPackageStatus {
  if (row) return isLeaseLive(lease, at) ? "reserved" : "available";
  return tombstone ? "consumed" : "unknown";
}
