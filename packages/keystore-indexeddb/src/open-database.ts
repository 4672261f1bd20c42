/**
 * @module open-database
 * Opening the key store's IndexedDB database: created or migrated to the current schema on the
 * way (`schema.ts`), closed when another connection needs a newer version, and refused when a
 * newer version of this library already migrated it further.
 */
import {
  fromU32,
  INDEXEDDB_SCHEMA_VERSION,
  MIGRATIONS,
  SCHEMA_VERSION_META,
  type StoredMeta,
  Stores,
  u32,
} from "./schema.js";
import { requestResult, type TxOptions, transact } from "./transaction.js";

/** Thrown by {@link openDatabase} for a database of a newer schema. @internal */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`the database has schema version ${found}; this library knows up to ${INDEXEDDB_SCHEMA_VERSION}`);
    this.name = "SchemaTooNewError";
  }
}

/**
 * Open the database `name` at the current schema version, creating or migrating it.
 *
 * @param factory - the IDBFactory to open it with
 * @param name - the database name
 * @param txOpts - options of the transaction that reads the stored schema version
 * @returns the open database
 * @throws SchemaTooNewError for a database of a newer schema; the IndexedDB error otherwise
 * @internal
 */
export async function openDatabase(
  factory: IDBFactory,
  name: string,
  txOpts: TxOptions,
): Promise<IDBDatabase> {
  const request = factory.open(name, INDEXEDDB_SCHEMA_VERSION);
  request.onupgradeneeded = (event) => {
    const db = request.result;
    const tx = request.transaction!;
    for (let v = event.oldVersion; v < INDEXEDDB_SCHEMA_VERSION; v++) MIGRATIONS[v]!(db, tx);
    const meta: StoredMeta = { name: SCHEMA_VERSION_META, value: u32(INDEXEDDB_SCHEMA_VERSION) };
    tx.objectStore(Stores.meta).put(meta);
  };
  let db: IDBDatabase;
  try {
    db = await requestResult(request);
  } catch (e) {
    if ((e as { name?: unknown } | null)?.name === "VersionError") {
      // The database is at a higher version than ours; open it as it is only to read which.
      throw new SchemaTooNewError(await currentVersion(factory, name));
    }
    throw e;
  }
  // Another connection (a newer version of this library in another tab, or deleteDatabase)
  // needs the database: let it proceed. Later calls here then fail with STORE_BACKEND_FAILURE.
  db.onversionchange = () => db.close();

  try {
    const stored = await transact<unknown>(db, Stores.meta, "readonly", txOpts, undefined, (c) => {
      c.on(c.tx.objectStore(Stores.meta).get(SCHEMA_VERSION_META), (v) =>
        c.result((v as StoredMeta | undefined)?.value),
      );
    });
    const version = fromU32(stored);
    if (version !== undefined && version > INDEXEDDB_SCHEMA_VERSION) throw new SchemaTooNewError(version);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** The version of an existing database, read by opening it without a version. */
async function currentVersion(factory: IDBFactory, name: string): Promise<number> {
  const db = await requestResult(factory.open(name));
  try {
    return db.version;
  } finally {
    db.close();
  }
}
