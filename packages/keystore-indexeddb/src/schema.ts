/**
 * @module schema
 * The IndexedDB schema of the key store: object store and index names, the stored value shapes,
 * the migrations run by `onupgradeneeded`, and the conversions between stored values and the
 * `KeyStoreBackend` rows of `@mlskit/keystore`.
 *
 * Schema version 3 (the IndexedDB database version, also kept in `meta` as `"schema-version"`):
 *
 * | object store    | keyPath | value                                                                  |
 * | --------------- | ------- | ---------------------------------------------------------------------- |
 * | `keyPackages`   | `ref`   | `{ ref, cipherSuite, notBefore, notAfter, lastResort, signatureKey, createdAt, record }` |
 * | `signatureKeys` | `id`    | `{ id, record }`                                                       |
 * | `meta`          | `name`  | `{ name, value }`                                                      |
 * | `leases`        | `ref`   | `{ ref, token, expiresAt }` — a reserved key package's lease (since 2)  |
 * | `tombstones`    | `ref`   | `{ ref, notAfter }` — a consumed key package, nothing secret (since 3)  |
 *
 * Leases have an object store of their own so that a `put` of a row (a whole-value replace in
 * IndexedDB) keeps the row's lease without reading it first; a row and its lease are removed in
 * one transaction. Version 1 had no `leases` store; the migration to 2 adds it, rows untouched.
 * Version 2 had no `tombstones` store; the migration to 3 adds it (with its `notAfter` index, for
 * pruning), everything else untouched. A tombstone is written in the transaction that removes the
 * row it stands for.
 *
 * Indexes of `keyPackages`, each ending in `ref` so that its entries are unique and a range scan
 * can resume after the last entry it returned: `cipherSuite` (`[cipherSuite, ref]`),
 * `signatureKey` (`[signatureKey, ref]`) and `notAfter` (`[notAfter, ref]`, for expiry and
 * validity scans).
 *
 * Byte strings are stored as `Uint8Array`s; as keys IndexedDB compares them as unsigned bytes,
 * lexicographically — the order the backend contract requires. Times (uint64 seconds) are stored
 * as 8-byte big-endian `Uint8Array`s: a `bigint` is not a valid key, a `number` loses precision
 * above 2^53, and equal-length big-endian bytes sort like the numbers they encode, so the
 * `notAfter` index answers range queries directly.
 */
import type { KeyPackageLease, KeyPackageRow, KeyPackageSummary } from "@mlskit/keystore";

/**
 * The schema version this library creates and reads: the IndexedDB database version (and the
 * `"schema-version"` meta entry). Older databases are migrated on open; a newer one is refused
 * with `STORE_SCHEMA_TOO_NEW`.
 *
 * @example
 * ```ts
 * import { INDEXEDDB_SCHEMA_VERSION } from "@mlskit/keystore-indexeddb";
 * const req = indexedDB.open("alice-keys");
 * req.onsuccess = () => console.log(req.result.version === INDEXEDDB_SCHEMA_VERSION);
 * ```
 */
export const INDEXEDDB_SCHEMA_VERSION = 3;

/** Object store and index names. @internal */
export const Stores = Object.freeze({
  keyPackages: "keyPackages",
  signatureKeys: "signatureKeys",
  meta: "meta",
  leases: "leases",
  tombstones: "tombstones",
} as const);

/** The index of the `tombstones` store on `notAfter` (pruning). @internal */
export const TOMBSTONE_NOT_AFTER_INDEX = "notAfter";

/** Indexes of the `keyPackages` store. @internal */
export const KeyPackageIndex = Object.freeze({
  cipherSuite: "cipherSuite",
  signatureKey: "signatureKey",
  notAfter: "notAfter",
} as const);

/** Name of the meta entry that records the schema version (4-byte big-endian). @internal */
export const SCHEMA_VERSION_META = "schema-version";

/** A stored key package (schema 1). @internal */
export interface StoredKeyPackage {
  readonly ref: Uint8Array;
  readonly cipherSuite: number;
  /** uint64, 8 bytes big-endian. */
  readonly notBefore: Uint8Array;
  /** uint64, 8 bytes big-endian. */
  readonly notAfter: Uint8Array;
  readonly lastResort: boolean;
  readonly signatureKey: Uint8Array;
  /** uint64, 8 bytes big-endian. */
  readonly createdAt: Uint8Array;
  readonly record: Uint8Array;
}

/** A stored lease (schema 2). @internal */
export interface StoredLease {
  readonly ref: Uint8Array;
  readonly token: Uint8Array;
  /** uint64, 8 bytes big-endian. */
  readonly expiresAt: Uint8Array;
}

/** A stored tombstone (schema 3). @internal */
export interface StoredTombstone {
  readonly ref: Uint8Array;
  /** uint64, 8 bytes big-endian: the consumed package's `notAfter`. */
  readonly notAfter: Uint8Array;
}

/** A stored signature key record. @internal */
export interface StoredSignatureKey {
  readonly id: Uint8Array;
  readonly record: Uint8Array;
}

/** A stored meta entry. @internal */
export interface StoredMeta {
  readonly name: string;
  readonly value: Uint8Array;
}

/**
 * What the migrations use of the database and of its versionchange transaction (`IDBDatabase`
 * and `IDBTransaction` are of these types). Written out structurally because this module's
 * declarations are published and a consumer may have no DOM lib; a migration that needs more
 * adds it here.
 * @internal
 */
export interface UpgradeDatabase {
  createObjectStore(
    name: string,
    options: { keyPath: string },
  ): { createIndex(name: string, keyPath: string | string[], options: { unique: boolean }): unknown };
}

/** The versionchange transaction, as far as the migrations use it (see {@link UpgradeDatabase}). @internal */
export type UpgradeTransaction = object;

/**
 * Migrations: index `v` brings the schema from version `v` to `v + 1`, inside the versionchange
 * transaction. Never edit a shipped one; append.
 * @internal
 */
export const MIGRATIONS: readonly ((db: UpgradeDatabase, tx: UpgradeTransaction) => void)[] = [
  (db) => {
    const kps = db.createObjectStore(Stores.keyPackages, { keyPath: "ref" });
    kps.createIndex(KeyPackageIndex.cipherSuite, ["cipherSuite", "ref"], { unique: true });
    kps.createIndex(KeyPackageIndex.signatureKey, ["signatureKey", "ref"], { unique: true });
    kps.createIndex(KeyPackageIndex.notAfter, ["notAfter", "ref"], { unique: true });
    db.createObjectStore(Stores.signatureKeys, { keyPath: "id" });
    db.createObjectStore(Stores.meta, { keyPath: "name" });
  },
  (db) => {
    db.createObjectStore(Stores.leases, { keyPath: "ref" });
  },
  (db) => {
    const tombstones = db.createObjectStore(Stores.tombstones, { keyPath: "ref" });
    tombstones.createIndex(TOMBSTONE_NOT_AFTER_INDEX, "notAfter", { unique: false });
  },
];

/** The largest uint64. @internal */
export const MAX_U64 = (1n << 64n) - 1n;

/** uint64 → 8 bytes big-endian. @throws RangeError outside the uint64 range @internal */
export function u64(n: bigint): Uint8Array {
  if (n < 0n || n > MAX_U64) throw new RangeError(`expected a uint64, got ${n}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

/** 8 bytes big-endian → uint64. @throws RangeError for another length @internal */
export function fromU64(b: unknown, field: string): bigint {
  if (!(b instanceof Uint8Array) || b.length !== 8) {
    throw new RangeError(`stored "${field}" is not an 8-byte uint64`);
  }
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
}

/** uint32 → 4 bytes big-endian. @internal */
export function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/** 4 bytes big-endian → uint32, or `undefined` for anything else. @internal */
export function fromU32(b: unknown): number | undefined {
  if (!(b instanceof Uint8Array) || b.length !== 4) return undefined;
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
}

/**
 * A copy of `b` that owns exactly its bytes. IndexedDB structured-clones a view's whole
 * underlying buffer, which may hold other data (even other secrets): never store a partial view.
 * @internal
 */
export function own(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
    ? b
    : b.slice();
}

/** A backend row as a stored value. @internal */
export function toStored(row: KeyPackageRow): StoredKeyPackage {
  return {
    ref: own(row.ref),
    cipherSuite: row.cipherSuite,
    notBefore: u64(row.notBefore),
    notAfter: u64(row.notAfter),
    lastResort: row.lastResort,
    signatureKey: own(row.signatureKey),
    createdAt: u64(row.createdAt),
    record: own(row.record),
  };
}

function bytesField(v: unknown, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`stored "${field}" is not a Uint8Array`);
  return v;
}

/** The index fields of a stored value. @throws TypeError/RangeError for a malformed value @internal */
export function summaryOf(v: StoredKeyPackage): KeyPackageSummary {
  if (typeof v !== "object" || v === null) throw new TypeError("stored key package is not an object");
  if (!Number.isInteger(v.cipherSuite)) throw new TypeError(`stored "cipherSuite" is not an integer`);
  if (typeof v.lastResort !== "boolean") throw new TypeError(`stored "lastResort" is not a boolean`);
  return {
    ref: bytesField(v.ref, "ref"),
    cipherSuite: v.cipherSuite,
    notBefore: fromU64(v.notBefore, "notBefore"),
    notAfter: fromU64(v.notAfter, "notAfter"),
    lastResort: v.lastResort,
    signatureKey: bytesField(v.signatureKey, "signatureKey"),
    createdAt: fromU64(v.createdAt, "createdAt"),
  };
}

/** A backend lease as a stored value. @internal */
export function toStoredLease(ref: Uint8Array, lease: KeyPackageLease): StoredLease {
  return { ref: own(ref), token: own(lease.token), expiresAt: u64(lease.expiresAt) };
}

/** A stored lease as a backend lease. @throws TypeError/RangeError for a malformed value @internal */
export function leaseOf(v: StoredLease): KeyPackageLease {
  if (typeof v !== "object" || v === null) throw new TypeError("stored lease is not an object");
  return { token: bytesField(v.token, "token"), expiresAt: fromU64(v.expiresAt, "expiresAt") };
}

/** A stored value as a backend row. @internal */
export function rowOf(v: StoredKeyPackage): KeyPackageRow {
  return { ...summaryOf(v), record: bytesField(v.record, "record") };
}
