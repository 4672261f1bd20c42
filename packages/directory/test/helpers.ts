/**
 * Test helpers: throwaway stores of both backends, registered clients with signing keys, and
 * key packages made for them.
 */
import { randomBytes } from "node:crypto";
import { basicCredential, type Credential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import {
  type Capabilities,
  createKeyPackage,
  createKeyPackages,
  type KeyPackageBundle,
} from "@mlskit/key-packages";
import pg from "pg";
import { expect, inject } from "vitest";
import {
  type DirectoryStore,
  openPostgresDirectoryStore,
  openSqliteDirectoryStore,
  registerClient,
} from "../src/index.js";

export const provider = nobleCryptoProvider;

/** A backend the shared suite runs against. */
export interface Backend {
  readonly name: string;
  /** A fresh, empty, migrated store and a function that closes and deletes it. */
  open(): Promise<{ store: DirectoryStore; dispose: () => Promise<void> }>;
}

export const sqliteBackend: Backend = {
  name: "sqlite",
  async open() {
    const store = await openSqliteDirectoryStore({ path: ":memory:" });
    return { store, dispose: () => store.close() };
  },
};

/** The PostgreSQL URL from the global setup, or a loud failure. */
export function postgresUrl(): string {
  const problem = inject("postgresProblem");
  if (problem !== "") throw new Error(problem);
  return inject("postgresUrl");
}

/** Create an empty database on the test server; returns its URL and a dropper. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = postgresUrl();
  const name = `mlskit_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const postgresBackend: Backend = {
  name: "postgres",
  async open() {
    const db = await freshPostgresDatabase();
    const store = await openPostgresDirectoryStore({ url: db.url, maxConnections: 20 });
    return {
      store,
      async dispose() {
        await store.close();
        await db.drop();
      },
    };
  },
};

/** A registered client able to make its own key packages. */
export interface TestClient {
  readonly userId: string;
  readonly clientId: string;
  readonly credential: Credential;
  readonly token: string;
  readonly signatureKeyPair: { publicKey: Uint8Array; privateKey: Uint8Array };
  /** Make `count` ordinary packages (suite 1 unless given). */
  make(
    count: number,
    opts?: {
      cipherSuite?: number;
      lifetime?: { notBefore: bigint; notAfter: bigint };
      capabilities?: Partial<Capabilities>;
    },
  ): Promise<KeyPackageBundle[]>;
  /** Make a last-resort package. */
  makeLastResort(opts?: {
    cipherSuite?: number;
    capabilities?: Partial<Capabilities>;
  }): Promise<KeyPackageBundle>;
}

/** Register `userId`/`clientId` on `store`, with a basic credential `userId#clientId`. */
export async function addTestClient(
  store: DirectoryStore,
  userId: string,
  clientId: string,
): Promise<TestClient> {
  const credential = basicCredential(`${userId}#${clientId}`);
  const { token } = await registerClient(store, { userId, clientId, credential });
  const suiteKeys = new Map<number, { publicKey: Uint8Array; privateKey: Uint8Array }>();
  const keysFor = async (cipherSuite: number) => {
    let k = suiteKeys.get(cipherSuite);
    if (k === undefined) {
      k = await (await provider.getCipherSuite(cipherSuite)).signature.generateKeyPair();
      suiteKeys.set(cipherSuite, k);
    }
    return k;
  };
  /** What every package of this client shares: its credential, and the suite's key pair. */
  const packageOptions = async (opts: { cipherSuite?: number; capabilities?: Partial<Capabilities> }) => {
    const cipherSuite = opts.cipherSuite ?? 1;
    return {
      provider,
      cipherSuite,
      credential,
      signatureKeyPair: await keysFor(cipherSuite),
      ...(opts.capabilities === undefined ? {} : { capabilities: opts.capabilities }),
    };
  };
  const signatureKeyPair = await keysFor(1);
  return {
    userId,
    clientId,
    credential,
    token,
    signatureKeyPair,
    async make(count, opts = {}) {
      return createKeyPackages({
        ...(await packageOptions(opts)),
        count,
        ...(opts.lifetime === undefined ? {} : { lifetime: opts.lifetime }),
      });
    },
    async makeLastResort(opts = {}) {
      return createKeyPackage({ ...(await packageOptions(opts)), lastResort: true });
    },
  };
}

/** Every stored package of every client, as `client:refhex` strings: to assert "store unchanged". */
export async function snapshot(store: DirectoryStore): Promise<string[]> {
  const out: string[] = [];
  for (const c of await store.listClients()) {
    for (const s of await store.list(c.id))
      out.push(`${c.userId}/${c.clientId}:${Buffer.from(s.ref).toString("hex")}:${s.claims}`);
  }
  return out.sort();
}

/**
 * Expect `p` to reject with an `MlsError` of `code` whose details carry HTTP `status`.
 * @returns the error, for further checks
 */
export async function rejects(p: Promise<unknown>, code: string, status: number): Promise<MlsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(MlsError.is(e), `expected ${code}, got ${String(e)}`).toBe(true);
  const m = e as MlsError;
  expect({ code: m.code, status: m.details.status }).toEqual({ code, status });
  return m;
}
