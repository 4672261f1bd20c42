/**
 * @module open-directory-store
 * Open the store a location names: a `postgres://` (or `postgresql://`) URL opens PostgreSQL,
 * anything else is an SQLite file path (`sqlite:` prefix optional, `:memory:` for a throwaway one).
 */
import type { DirectoryStore } from "./directory-store.js";
import { openPostgresDirectoryStore } from "./postgres-directory-store.js";
import { openSqliteDirectoryStore } from "./sqlite-directory-store.js";

/**
 * Open and migrate the directory store at `location`.
 *
 * @param location - `postgres://…`, `postgresql://…`, `sqlite:path`, a file path or `:memory:`
 * @param opts - `maxConnections` of the PostgreSQL pool
 * @returns the store
 * @throws StorageError DIRECTORY_STORAGE_FAILURE when it cannot be opened
 * @example
 * ```ts
 * const store = await openDirectoryStore(process.env.DATABASE_URL ?? "directory.db");
 * ```
 */
export async function openDirectoryStore(
  location: string,
  opts: { readonly maxConnections?: number } = {},
): Promise<DirectoryStore> {
  if (typeof location !== "string" || location === "")
    throw new TypeError(`"location" expected a postgres:// URL or an SQLite path`);
  if (/^postgres(ql)?:\/\//i.test(location)) {
    return openPostgresDirectoryStore({
      url: location,
      ...(opts.maxConnections === undefined ? {} : { maxConnections: opts.maxConnections }),
    });
  }
  return openSqliteDirectoryStore({ path: location.replace(/^sqlite:/i, "") });
}
