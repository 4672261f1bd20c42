/**
 * @module @mlskit/keystore-memory
 * A Map-backed MLS key package store for tests and ephemeral clients.
 *
 * @example
 * ```ts
 * import { createMemoryKeyStore } from "@mlskit/keystore-memory";
 * const store = await createMemoryKeyStore();
 * await store.put(bundle);
 * ```
 */
export { createMemoryKeyStoreBackend } from "./memory-backend.js";
export { createMemoryKeyStore, type MemoryKeyStoreOptions } from "./memory-key-store.js";
