/**
 * @module @mlskit/keystore-indexeddb
 * An MLS key package store on IndexedDB, for browsers and workers: atomic take across tabs,
 * durable writes, a versioned schema with migrations, optional encryption at rest. Every semantic
 * comes from `@mlskit/keystore`.
 *
 * @example
 * ```ts
 * import { openIndexedDbKeyStore } from "@mlskit/keystore-indexeddb";
 * const store = await openIndexedDbKeyStore({ name: "alice-keys" });
 * await store.put(bundle);
 * await store.close();
 * ```
 */
export {
  type IndexedDbFactory,
  type IndexedDbKeyRangeClass,
  type IndexedDbKeyStoreOptions,
  openIndexedDbKeyStore,
} from "./indexeddb-key-store.js";
export { INDEXEDDB_SCHEMA_VERSION } from "./schema.js";
