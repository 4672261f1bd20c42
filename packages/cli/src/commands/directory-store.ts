/**
 * @module commands/directory-store
 * Where the `mlskit directory` commands find the directory's store: `--store`, else
 * `MLSKIT_DIRECTORY_STORE`, else `./mlskit-directory.db` — an SQLite file or a `postgres://` URL.
 */

import { existsSync } from "node:fs";
import { type DirectoryStore, openDirectoryStore } from "@mlskit/directory";
import { CliError, type Io } from "../io.js";

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

const isSqliteFile = (location: string): boolean =>
  !/^postgres(ql)?:\/\//i.test(location) && location.replace(/^sqlite:/i, "") !== ":memory:";
const sqlitePath = (location: string): string => location.replace(/^sqlite:/i, "");

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
 * @param opts - `create`: make the store when there is none (otherwise an SQLite path with no
 *   file is an error: a command that only reads or changes entries must not create one)
 * @returns what `body` returns
 * @example
 * ```ts
 * const clients = await withDirectory("directory.db", (store) => store.listClients());
 * ```
 */
export async function withDirectory<T>(
  location: string,
  body: (store: DirectoryStore) => Promise<T>,
  opts: { readonly create?: boolean } = {},
): Promise<T> {
  if (opts.create !== true && isSqliteFile(location) && !existsSync(sqlitePath(location))) {
    throw new CliError(
      `no store at ${location} (a directory store is made by "mlskit directory migrate", "add-client" or "serve"; check --store or MLSKIT_DIRECTORY_STORE)`,
      1,
    );
  }
  const store = await openDirectory(location);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
