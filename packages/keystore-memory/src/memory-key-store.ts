/**
 * @module memory-key-store
 * `createMemoryKeyStore`: a `KeyPackageStore` that keeps everything in memory — for tests and for
 * ephemeral clients. All semantics (take-once, last resort, encryption, record format) are those
 * of `@mlskit/keystore`; encryption at rest works here too, and keeps private keys out of the
 * heap's plain records.
 */
import {
  createKeyPackageStore,
  type KeyPackageStore,
  type KeyPackageStoreOptions,
  type KeyStoreBackend,
} from "@mlskit/keystore";
import { createMemoryKeyStoreBackend } from "./memory-backend.js";

/**
 * Options of {@link createMemoryKeyStore}.
 *
 * @example
 * ```ts
 * const opts: MemoryKeyStoreOptions = { backend: createMemoryKeyStoreBackend() };
 * ```
 */
export interface MemoryKeyStoreOptions extends KeyPackageStoreOptions {
  /** The data to use (from {@link createMemoryKeyStoreBackend}); default: a new, empty one. */
  readonly backend?: KeyStoreBackend;
}

/**
 * Create an in-memory key store.
 *
 * @param opts - optional encryption key, clock and shared backend
 * @returns the store
 * @throws StorageError as `createKeyPackageStore` (wrong or missing key for a shared backend)
 * @example
 * ```ts
 * import { createMemoryKeyStore } from "@mlskit/keystore-memory";
 * const store = await createMemoryKeyStore();
 * await store.put(bundle);
 * const bundleForWelcome = await store.take(bundle.ref);
 * ```
 */
export function createMemoryKeyStore(opts: MemoryKeyStoreOptions = {}): Promise<KeyPackageStore> {
  const { backend, ...storeOpts } = opts;
  return createKeyPackageStore(backend ?? createMemoryKeyStoreBackend(), storeOpts);
}
