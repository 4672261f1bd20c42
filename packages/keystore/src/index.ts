/**
 * @module @mlskit/keystore
 * The key store layer: the `KeyPackageStore` API, the small `KeyStoreBackend` interface that
 * concrete stores implement, `createKeyPackageStore` (every store semantic written once: atomic
 * take with last resort, reservations (reserve → commit/release, with a lease that expires),
 * tombstones of consumed packages (`status`: available, reserved, consumed or unknown),
 * lifetime filters, pruning, signature key pairs, a versioned binary record
 * format and AES-256-GCM encryption at rest), and error codes. The conformance kit is in
 * `@mlskit/keystore/testing`.
 *
 * @example
 * ```ts
 * import { createMemoryKeyStore } from "@mlskit/keystore-memory";
 * const store = await createMemoryKeyStore({ encryptionKey });
 * await store.put(bundle);
 * const mine = await store.take(bundle.ref);
 * ```
 */
export {
  compareBytes,
  isLeaseLive,
  type KeyPackageDeleteCondition,
  type KeyPackageLease,
  type KeyPackageLeaseCondition,
  type KeyPackageQuery,
  type KeyPackageRow,
  type KeyStoreBackend,
  keyPackageStatusOf,
  matchesKeyPackageQuery,
  type RewriteBatch,
  type ScanPage,
} from "./backend.js";
export { createKeyPackageStore, type KeyPackageStoreOptions } from "./create-store.js";
export { KeyStoreErrorCode } from "./errors.js";
export type {
  KeyPackageFilter,
  KeyPackageReservation,
  KeyPackageStatus,
  KeyPackageStore,
  KeyPackageSummary,
  ReserveOptions,
  SignatureKeyOwner,
  StoredSignatureKeyPair,
} from "./key-package-store.js";
export { RECORD_FORMAT_VERSION } from "./record.js";
