/**
 * @module commands/directory-store
 * Where the `mlskit directory` commands find the directory's store: `--store`, else
 * `MLSKIT_DIRECTORY_STORE`, else `./mlskit-directory.db` — an SQLite file or a `postgres://` URL.
 */
import { type DirectoryStore, openDirectoryStore } from "@mlskit/directory";
import type { Io } from "../io.js";

/** The store path used when neither `--store` nor `MLSKIT_DIRECTORY_STORE` is given. */
export const DEFAULT_DIRECTORY_STORE = "mlskit-directory.db";

/** The `--store` line of every directory command's help. */
export const DIRECTORY_STORE_HELP = `  --store <location>       postgres://… URL or SQLite file (env MLSKIT_DIRECTORY_STORE,
                           default ./${DEFAULT_DIRECTORY_STORE})`;

/**
 * The store location from the option or the environment.
 * @param option - `--store` value
 * @param io - process surface
 * @returns the location
 * @example
 * ```ts
 * directoryStoreLocation(undefined, io); // "mlskit-directory.db" unless MLSKIT_DIRECTORY_STORE is set
 * ```
 */
export function directoryStoreLocation(option: string | boolean | undefined, io: Io): string {
  if (typeof option === "string" && option !== "") return option;
  return io.env.MLSKIT_DIRECTORY_STORE || DEFAULT_DIRECTORY_STORE;
}

/**
 * Open (and migrate) the directory store at `location`.
 * @param location - from {@link directoryStoreLocation}
 * @param opts - PostgreSQL pool size
 * @returns the store; the caller closes it
 * @example
 * ```ts
 * const store = await openDirectory("directory.db");
 * ```
 */
export function openDirectory(
  location: string,
  opts: { readonly maxConnections?: number } = {},
): Promise<DirectoryStore> {
  return openDirectoryStore(location, opts);
}

/**
 * Open the store, run `body`, and close the store whatever happens.
 * @param location - from {@link directoryStoreLocation}
 * @param body - the work
 * @returns what `body` returns
 * @example
 * ```ts
 * const clients = await withDirectory("directory.db", (store) => store.listClients());
 * ```
 */
export async function withDirectory<T>(
  location: string,
  body: (store: DirectoryStore) => Promise<T>,
): Promise<T> {
  const store = await openDirectory(location);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
