/**
 * @module store
 * Opening the CLI's key store: SQLite at `--store`, `MLSKIT_STORE` or `./mlskit.db`, encrypted
 * at rest when `MLSKIT_STORE_KEY` (64 hex characters) is set. Only the commands that make key
 * packages create a store; any other command on a path where there is none is an error (a typo
 * must not leave an empty database behind and report 0).
 */

import { existsSync } from "node:fs";
import type { KeyPackageStore } from "@mlskit/keystore";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import { CliError, type Io } from "./io.js";
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
 * @param opts - `create`: make the store when there is none (otherwise that is an error)
 * @returns the open store and its path
 * @throws CliError (exit code 1) when there is no store at the path and `create` is not set
 * @example
 * ```ts
 * const { store } = await openStore(undefined, process.env);
 * ```
 */
export async function openStore(
  option: string | boolean | undefined,
  env: Io["env"],
  opts: { readonly create?: boolean } = {},
): Promise<{ store: KeyPackageStore; path: string }> {
  const path = typeof option === "string" && option !== "" ? option : env.MLSKIT_STORE || DEFAULT_STORE_PATH;
  if (opts.create !== true && path !== ":memory:" && !existsSync(path)) {
    throw new CliError(
      `no store at ${path} (a store is made by "mlskit generate"; check --store or MLSKIT_STORE)`,
      1,
    );
  }
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
 * @param opts - `create`: make the store when there is none
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
  opts: { readonly create?: boolean } = {},
): Promise<T> {
  const { store, path } = await openStore(option, io.env, opts);
  try {
    return await body(store, path);
  } finally {
    await store.close();
  }
}
