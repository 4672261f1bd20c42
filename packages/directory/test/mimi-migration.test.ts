/**
 * A database written by the version-1 schema (before MIMI) is migrated in place: the leaf
 * capabilities and offers of its stored packages are filled from their own bytes, so MIMI
 * requests find them. SQLite (a file) and PostgreSQL (a fresh database).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode, toHex } from "@mlskit/codec";
import { basicCredential, credentialCodec } from "@mlskit/credentials";
import { fetchKeyMaterial } from "@mlskit/directory-client";
import { createKeyPackage, encodeKeyPackageMessage, type KeyPackageBundle } from "@mlskit/key-packages";
import { KeyMaterialUserCode } from "@mlskit/mimi";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createDirectoryServer,
  createPeerProviderAuthorizer,
  type DirectoryStore,
  openDirectoryStore,
  POSTGRES_MIGRATIONS,
  SQLITE_MIGRATIONS,
} from "../src/index.js";
import { freshPostgresDatabase, provider } from "./helpers.js";
import { makeRequester } from "./mimi-helpers.js";

const now = () => BigInt(Math.floor(Date.now() / 1000));

async function packages(): Promise<KeyPackageBundle[]> {
  const credential = basicCredential("bob#phone");
  const signatureKeyPair = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
  return Promise.all(
    [false, true].map((lastResort) =>
      createKeyPackage({ provider, cipherSuite: 1, credential, signatureKeyPair, lastResort }),
    ),
  );
}

/** The rows a version-1 directory wrote for client bob/phone and its packages. */
function version1Rows(bundles: readonly KeyPackageBundle[]) {
  const t = now();
  return {
    client: [
      "bob",
      "phone",
      encode(credentialCodec, basicCredential("bob#phone")),
      new Uint8Array(32).fill(7),
      t,
    ],
    packages: bundles.map((b) => [
      b.ref,
      b.keyPackage.cipherSuite,
      b.keyPackage.extensions.some((e) => e.extensionType === 0x000a),
      b.keyPackage.leafNode.lifetime!.notBefore,
      b.keyPackage.leafNode.lifetime!.notAfter,
      encodeKeyPackageMessage(b.keyPackage),
      t,
    ]),
  };
}

async function fetchBob(store: DirectoryStore) {
  const alice = await makeRequester("a.example", "alice");
  const server = createDirectoryServer({
    store,
    limits: { pruneIntervalSeconds: 0 },
    mimi: {
      domain: "b.example",
      authorize: createPeerProviderAuthorizer({
        peers: [{ provider: "a.example", trustAnchors: [alice.root.der] }],
      }),
    },
  });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  try {
    const fetchOnce = () =>
      fetchKeyMaterial({
        from: url,
        provider,
        requestingUser: alice.requestingUser,
        targetUser: "mimi://b.example/u/bob",
        acceptableCiphersuites: [1],
        credential: alice.credential,
        signatureKeyPair: alice.signatureKeyPair,
      });
    return [await fetchOnce(), await fetchOnce()];
  } finally {
    await server.close();
  }
}

/** Open the migrated directory at `location`: MIMI hands out bob's ordinary package, then his last resort. */
async function expectOrdinaryThenLastResort(
  location: string,
  bundles: readonly KeyPackageBundle[],
): Promise<void> {
  const store = await openDirectoryStore(location);
  try {
    const results = await fetchBob(store);
    expect(results.map((r) => r.userStatus)).toEqual([
      KeyMaterialUserCode.success,
      KeyMaterialUserCode.success,
    ]);
    expect(
      results.map((r) => (r.clients[0]?.status === "success" ? toHex(r.clients[0].ref) : undefined)),
    ).toEqual(bundles.map((b) => toHex(b.ref)));
  } finally {
    await store.close();
  }
}

describe("MIMI schema migration of a version-1 directory", () => {
  it("SQLite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-mimi-"));
    const path = join(dir, "directory.db");
    try {
      const bundles = await packages();
      const rows = version1Rows(bundles);
      const db = new Database(path);
      db.exec(
        "CREATE TABLE directory_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      for (const s of SQLITE_MIGRATIONS[0]!.statements) db.exec(s);
      db.prepare("INSERT INTO directory_schema VALUES (1, 'v1', 0)").run();
      const big = (v: unknown) => (typeof v === "boolean" ? Number(v) : v);
      const { lastInsertRowid } = db
        .prepare(
          "INSERT INTO directory_clients (user_id, client_id, credential, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .run(...rows.client.map(big));
      for (const p of rows.packages)
        db.prepare(
          "INSERT INTO directory_key_packages (ref, client, cipher_suite, last_resort, not_before, not_after, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ).run(p[0], lastInsertRowid, ...p.slice(1).map(big));
      db.close();
      await expectOrdinaryThenLastResort(path, bundles);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("PostgreSQL", async () => {
    const { url, drop } = await freshPostgresDatabase();
    try {
      const bundles = await packages();
      const rows = version1Rows(bundles);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const b = (v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v) : typeof v === "bigint" ? v.toString() : v;
      await c.query(
        "CREATE TABLE directory_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      for (const s of POSTGRES_MIGRATIONS[0]!.statements) await c.query(s);
      await c.query("INSERT INTO directory_schema VALUES (1, 'v1', 0)");
      const { rows: ids } = await c.query(
        "INSERT INTO directory_clients (user_id, client_id, credential, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        rows.client.map(b),
      );
      for (const p of rows.packages)
        await c.query(
          "INSERT INTO directory_key_packages (ref, client, cipher_suite, last_resort, not_before, not_after, message, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          [b(p[0]), ids[0].id, ...p.slice(1).map(b)],
        );
      await c.end();
      await expectOrdinaryThenLastResort(url, bundles);
    } finally {
      await drop();
    }
  });
});
