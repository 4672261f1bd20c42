/**
 * @module store
 * Opening the CLI's key store: SQLite at `--store`, `MLSKIT_STORE` or `./mlskit.db`, encrypted
 * at rest when `MLSKIT_STORE_KEY` (64 hex characters) is set.
 */
import type { KeyPackageStore } from "@mlskit/keystore";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import type { Io } from "./io.js";
import { parseStoreKey } from "./parse.js";

/** The store path used when neither `--store` nor `MLSKIT_STORE` is given. */
export const DEFAULT_STORE_PATH = "./mlskit.db";

/**
 * The store path from the option or the environment.
 * @param option - `--store` value
 * @param io - process surface
 * @returns the path
 * @example
 * ```ts
 * storePath(undefined, io); // "./mlskit.db" unless MLSKIT_STORE is set
 * ```
 */
export function storePath(option: string | boolean | undefined, io: Io): string {
  if (typeof option === "string" && option !== "") return option;
  return io.env.MLSKIT_STORE || DEFAULT_STORE_PATH;
}

/**
 * Open the store named by the option or the environment (the caller closes it).
 * @param option - `--store` value
 * @param env - environment (MLSKIT_STORE, MLSKIT_STORE_KEY)
 * @returns the open store and its path
 * @example
 * ```ts
 * const { store } = await openStore(undefined, process.env);
 * ```
 */
export async function openStore(
  option: string | boolean | undefined,
  env: Io["env"],
): Promise<{ store: KeyPackageStore; path: string }> {
  const path = typeof option === "string" && option !== "" ? option : env.MLSKIT_STORE || DEFAULT_STORE_PATH;
  const keyHex = env.MLSKIT_STORE_KEY;
  const encryptionKey = keyHex !== undefined && keyHex !== "" ? parseStoreKey(keyHex) : undefined;
  const store = await openSqliteKeyStore({ path, ...(encryptionKey === undefined ? {} : { encryptionKey }) });
  return { store, path };
}

/**
 * Open the store, run `body`, and close the store whatever happens.
 * @param option - `--store` value
 * @param io - process surface
 * @param body - the work
 * @returns what `body` returns
 * @example
 * ```ts
 * await withStore(values.store, io, (store) => store.count());
 * ```
 */
export async function withStore<T>(
  option: string | boolean | undefined,
  io: Io,
  body: (store: KeyPackageStore, path: string) => Promise<T>,
): Promise<T> {
  const { store, path } = await openStore(option, io.env);
  try {
    return await body(store, path);
  } finally {
    await store.close();
  }
}
