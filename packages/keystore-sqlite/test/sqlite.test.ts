import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createKeyPackages, type KeyPackageBundle } from "@mlskit/key-packages";
import { KeyStoreErrorCode } from "@mlskit/keystore";
import { mlsErrorOf } from "@mlskit/test-kit";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteKeyStore, SQLITE_SCHEMA_VERSION } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "mlskit-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `t${++n}.db`);

const credential = basicCredential("sqlite@example.com");
let bundles: KeyPackageBundle[];
let signer: { publicKey: Uint8Array; privateKey: Uint8Array };

beforeAll(async () => {
  const suite = await nobleCryptoProvider.getCipherSuite(1);
  signer = await suite.signature.generateKeyPair();
  bundles = await createKeyPackages({
    provider: nobleCryptoProvider,
    cipherSuite: 1,
    credential,
    signatureKeyPair: signer,
    count: 20,
  });
});

/** The database file and its -wal / -shm companions, concatenated. */
function filesOf(path: string): Buffer {
  const base = path.split("/").pop()!;
  const parts = readdirSync(dir)
    .filter((f) => f.startsWith(base))
    .map((f) => readFileSync(join(dir, f)));
  return Buffer.concat(parts);
}

function secretsOf(): Uint8Array[] {
  return [...bundles.flatMap((b) => [b.initPrivateKey, b.encryptionPrivateKey]), signer.privateKey];
}

function leaked(path: string): number {
  const bytes = filesOf(path);
  return secretsOf().filter((s) => bytes.indexOf(Buffer.from(s)) >= 0).length;
}

/** An old schema exactly as it shipped, and the columns it has beyond schema 1's. */
interface LegacySchema {
  readonly version: number;
  readonly sql: string;
  /** NULLs for the `key_packages` columns schema 1 lacks. */
  readonly extraColumns: string;
}

// Schema 1 exactly as it shipped; never edit: it stands for the files users already have.
const SCHEMA_1: LegacySchema = {
  version: 1,
  sql: `CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE key_packages (
        ref BLOB PRIMARY KEY, cipher_suite INTEGER NOT NULL, not_before BLOB NOT NULL,
        not_after BLOB NOT NULL, last_resort INTEGER NOT NULL, signature_key BLOB NOT NULL,
        created_at BLOB NOT NULL, record BLOB NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX key_packages_not_after ON key_packages (not_after);
      CREATE INDEX key_packages_signature_key ON key_packages (signature_key);
      CREATE TABLE signature_keys (id BLOB PRIMARY KEY, record BLOB NOT NULL) WITHOUT ROWID;`,
  extraColumns: "",
};

// Schema 2 exactly as it shipped: schema 1 plus the lease columns; never edit.
const SCHEMA_2: LegacySchema = {
  version: 2,
  sql: `${SCHEMA_1.sql}
      ALTER TABLE key_packages ADD COLUMN lease_token BLOB;
      ALTER TABLE key_packages ADD COLUMN lease_expires_at BLOB;`,
  extraColumns: ", NULL, NULL",
};

/**
 * A database file of an old schema holding the records (format 1, unchanged) that today's store
 * writes for `stored`, copied in; `edit` may change it before it is closed.
 */
async function legacyDatabase(
  schema: LegacySchema,
  stored: KeyPackageBundle[],
  encryptionKey?: Uint8Array,
  edit?: (db: Database.Database) => void,
): Promise<string> {
  const source = freshPath();
  const writer = await openSqliteKeyStore({
    path: source,
    ...(encryptionKey === undefined ? {} : { encryptionKey }),
  });
  await writer.putMany(stored);
  await writer.close();
  const path = freshPath();
  const db = new Database(path);
  db.exec(schema.sql);
  db.pragma(`user_version = ${schema.version}`);
  db.exec(`ATTACH DATABASE '${source}' AS src;
      INSERT INTO main.meta SELECT * FROM src.meta;
      INSERT INTO main.key_packages SELECT ref, cipher_suite, not_before, not_after, last_resort,
        signature_key, created_at, record${schema.extraColumns} FROM src.key_packages;
      DETACH DATABASE src;`);
  edit?.(db);
  db.close();
  return path;
}

/** After a migration: the file's schema version, and the rows of `query`. */
function migrated(path: string, query: string): { version: unknown; rows: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return { version: db.pragma("user_version", { simple: true }), rows: db.prepare(query).all() };
  } finally {
    db.close();
  }
}

describe("SQLite key store files", () => {
  it("uses WAL, secure_delete and the current schema version", async () => {
    const path = freshPath();
    const store = await openSqliteKeyStore({ path });
    await store.put(bundles[0]!);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it("with encryption on, no private key byte sequence appears in the database, -wal or -shm files", async () => {
    // positive control: without encryption the search does find them
    const clear = freshPath();
    const plainStore = await openSqliteKeyStore({ path: clear });
    await plainStore.putMany(bundles);
    await plainStore.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair: signer });
    expect(leaked(clear)).toBe(secretsOf().length);
    await plainStore.close();

    const path = freshPath();
    const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const store = await openSqliteKeyStore({ path, encryptionKey: key });
    await store.putMany(bundles.slice(0, 10));
    for (const b of bundles.slice(10)) await store.put(b);
    await store.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair: signer });
    await store.take(bundles[0]!.ref);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(leaked(path)).toBe(0); // while open: the WAL holds the recent writes
    await store.close();
    expect(leaked(path)).toBe(0);
    expect(filesOf(path).indexOf(Buffer.from(key))).toBe(-1);
  });

  it("rekey of an unencrypted store leaves no plaintext private key in the files", async () => {
    const path = freshPath();
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    await store.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair: signer });
    await store.rekey(globalThis.crypto.getRandomValues(new Uint8Array(32)));
    await store.close();
    expect(leaked(path)).toBe(0);
  });

  it("a taken key package's private keys are overwritten in the file (secure_delete)", async () => {
    const path = freshPath();
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    for (const b of bundles.slice(0, 5)) await store.take(b.ref);
    await store.close(); // the last connection checkpoints and removes the WAL
    const bytes = filesOf(path);
    for (const b of bundles.slice(0, 5)) expect(bytes.indexOf(Buffer.from(b.initPrivateKey))).toBe(-1);
    expect(bytes.indexOf(Buffer.from(bundles[5]!.initPrivateKey)) >= 0).toBe(true);
  });

  it("a corrupted record gives STORE_CORRUPT_RECORD naming the ref; other records stay readable", async () => {
    const path = freshPath();
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    await store.close();
    const victim = bundles[3]!;
    const db = new Database(path);
    db.prepare("UPDATE key_packages SET record = substr(record, 1, length(record) - 4) WHERE ref = ?").run(
      victim.ref,
    );
    db.close();
    const again = await openSqliteKeyStore({ path });
    const e = await mlsErrorOf(again.get(victim.ref));
    expect(e.code).toBe(KeyStoreErrorCode.corruptRecord);
    expect(e.details.ref).toBe(toHex(victim.ref));
    expect(e.message).toContain(toHex(victim.ref));
    for (const b of bundles)
      if (b !== victim) expect(toHex((await again.get(b.ref))!.initPrivateKey)).toBe(toHex(b.initPrivateKey));
    expect(await again.count()).toBe(bundles.length);
    await again.close();
  });

  it("a schema-1 database (before reservations) is migrated on open: its packages stay and can be reserved", async () => {
    const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const path = await legacyDatabase(SCHEMA_1, bundles.slice(0, 5), key);

    const store = await openSqliteKeyStore({ path, encryptionKey: key });
    expect(await store.count()).toBe(5);
    const r = await store.reserve(bundles[0]!.ref);
    expect(r === undefined ? undefined : toHex(r.bundle.initPrivateKey)).toBe(
      toHex(bundles[0]!.initPrivateKey),
    );
    expect(await store.count()).toBe(4);
    await r!.commit();
    expect(await store.status(bundles[0]!.ref)).toBe("consumed");
    expect(toHex((await store.take(bundles[1]!.ref))!.ref)).toBe(toHex(bundles[1]!.ref));
    expect(await store.status(bundles[1]!.ref)).toBe("consumed");
    await store.close();
    const { version, rows: columns } = migrated(path, "PRAGMA table_info(key_packages)");
    expect(version).toBe(SQLITE_SCHEMA_VERSION);
    const names = (columns as { name: string }[]).map((c) => c.name);
    expect(names.includes("lease_token") && names.includes("lease_expires_at")).toBe(true);
    const again = await openSqliteKeyStore({ path, encryptionKey: key });
    expect(await again.count()).toBe(3);
    await again.close();
  });

  it("a schema-2 database (reservations, no tombstones) is migrated on open: packages and a live lease stay, consuming leaves tombstones", async () => {
    const path = await legacyDatabase(SCHEMA_2, bundles.slice(0, 4), undefined, (db) =>
      // a lease that lives until the end of uint64 time: still reserved after the migration
      db
        .prepare("UPDATE key_packages SET lease_token = ?, lease_expires_at = ? WHERE ref = ?")
        .run(new Uint8Array(16).fill(1), new Uint8Array(8).fill(0xff), bundles[0]!.ref),
    );

    const store = await openSqliteKeyStore({ path });
    expect(await store.count()).toBe(3);
    expect(await store.status(bundles[0]!.ref)).toBe("reserved");
    expect(await store.status(bundles[1]!.ref)).toBe("available");
    expect(toHex((await store.take(bundles[1]!.ref))!.ref)).toBe(toHex(bundles[1]!.ref));
    expect(await store.status(bundles[1]!.ref)).toBe("consumed");
    const r = await store.reserve(bundles[2]!.ref);
    await r!.commit();
    expect(await store.status(bundles[2]!.ref)).toBe("consumed");
    await store.close();
    const { version, rows } = migrated(
      path,
      "SELECT ref, not_after FROM key_package_tombstones ORDER BY ref",
    );
    expect(version).toBe(SQLITE_SCHEMA_VERSION);
    const stones = rows as { ref: Uint8Array; not_after: Uint8Array }[];
    expect(stones.map((t) => toHex(t.ref)).sort()).toEqual(
      [bundles[1]!, bundles[2]!].map((b) => toHex(b.ref)).sort(),
    );
    expect(stones.every((t) => t.not_after.length === 8)).toBe(true);
  });

  it("a database written by a newer schema is refused with STORE_SCHEMA_TOO_NEW", async () => {
    const path = freshPath();
    await (await openSqliteKeyStore({ path })).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    const e = await mlsErrorOf(openSqliteKeyStore({ path }));
    expect(e.code).toBe(KeyStoreErrorCode.schemaTooNew);
    expect(e.details.schemaVersion).toBe(SQLITE_SCHEMA_VERSION + 1);
  });

  it("a path that cannot be opened gives STORE_BACKEND_FAILURE; bad options are TypeError/RangeError", async () => {
    const e = await mlsErrorOf(openSqliteKeyStore({ path: join(dir, "no-such-dir", "x.db") }));
    expect(e.code).toBe(KeyStoreErrorCode.backendFailure);
    for (const [opts, name] of [
      [{}, "TypeError"],
      [{ path: "" }, "TypeError"],
      [{ path: freshPath(), busyTimeoutMs: -1 }, "RangeError"],
      [{ path: freshPath(), synchronous: "off" }, "TypeError"],
      [{ path: freshPath(), encryptionKey: new Uint8Array(31) }, "RangeError"],
    ] as const) {
      let err: unknown;
      try {
        await openSqliteKeyStore(opts as never);
      } catch (x) {
        err = x;
      }
      expect((err as Error)?.name).toBe(name);
    }
  });
});
