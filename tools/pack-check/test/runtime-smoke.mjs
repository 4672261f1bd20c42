// @ts-check
/**
 * @module runtime-smoke
 * Runs in any JavaScript runtime (Node, Bun, Deno), inside a project where the packed tarballs
 * are installed (smoke.test.ts copies it there): create, encode, decode, validate and reference
 * key packages; the memory and SQLite stores with take and reserve/commit (and a reservation
 * surviving a reopen until its lease ends); then the key store conformance kit of
 * `@mlskit/keystore/testing` on both stores, through a small describe/it/expect of its own (the
 * kit takes any runner of that shape). Prints one line per step and ends with
 * `runtime smoke: N passed, N failed`; exits 1 on any failure.
 *
 * Usage: <runtime> runtime-smoke.mjs [manyRecords]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { basicCredential } from "@mlskit/credentials";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import {
  createKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { runKeyStoreConformance } from "@mlskit/keystore/testing";
import { createMemoryKeyStore, createMemoryKeyStoreBackend } from "@mlskit/keystore-memory";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import { openSqlite } from "@mlskit/sqlite";

const many = Number(globalThis.process?.argv?.[2] ?? 300);
const dir = mkdtempSync(join(tmpdir(), "mlskit-runtime-smoke-"));
let passed = 0;
let failed = 0;

/** @param {unknown} v */
const show = (v) => (typeof v === "bigint" ? `${v}n` : (JSON.stringify(v) ?? String(v)));
/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
}
/** @param {Uint8Array} a @param {Uint8Array} b */
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** One named step; a failure is counted and printed, and the run goes on. */
async function step(/** @type {string} */ name, /** @type {() => Promise<void>} */ fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const runtime =
  "Bun" in globalThis
    ? `bun ${/** @type {any} */ (globalThis).Bun.version}`
    : "Deno" in globalThis
      ? `deno ${/** @type {any} */ (globalThis).Deno.version.deno}`
      : `node ${globalThis.process.versions.node}`;
const probe = await openSqlite(join(dir, "probe.db"));
console.log(`runtime: ${runtime}; SQLite driver: ${probe.driver}`);
probe.close();

const provider = createWebCryptoProvider();

await step("@mlskit/sqlite: the connection contract the key store and the directory rely on", async () => {
  const db = await openSqlite(join(dir, "contract.db"));
  db.exec("PRAGMA busy_timeout = 1000; CREATE TABLE t (id BLOB PRIMARY KEY, n INTEGER) WITHOUT ROWID");
  check(db.run("INSERT INTO t (id, n) VALUES (?, ?)", [Uint8Array.of(1, 2), 7], true) === 1, "insert");
  const [row] = db.all("SELECT id, n FROM t WHERE id = ?", [Uint8Array.of(1, 2)], true);
  check(row?.id instanceof Uint8Array && row.id.constructor === Uint8Array, "BLOB as a plain Uint8Array");
  check(same(/** @type {Uint8Array} */ (row?.id), Uint8Array.of(1, 2)) && row?.n === 7, `row ${show(row)}`);
  const duplicate = (() => {
    try {
      db.run("INSERT INTO t (id, n) VALUES (?, ?)", [Uint8Array.of(1, 2), 8], true);
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  check(duplicate !== undefined && db.isUniqueViolation(duplicate), "a duplicate key is a unique violation");
  check(!db.isUniqueViolation(new Error("other")), "another error is not");
  const returned = db.all("UPDATE t SET n = n + 1 WHERE id = ? RETURNING n", [Uint8Array.of(1, 2)], false);
  check(returned.length === 1 && returned[0]?.n === 8, "RETURNING");
  db.exec("BEGIN IMMEDIATE");
  db.run("DELETE FROM t", [], false);
  db.exec("ROLLBACK");
  check(Number(db.all("SELECT count(*) AS c FROM t", [], false)[0]?.c) === 1, "rollback");
  check(db.run("DELETE FROM t WHERE id = ?", [Uint8Array.of(9)], false) === 0, "changes 0");
  db.close();
});

await step("create, encode, decode, validate and reference key packages (suites 1 and 2)", async () => {
  for (const cipherSuite of [1, 2]) {
    const suite = await provider.getCipherSuite(cipherSuite);
    const bundle = await createKeyPackage({
      provider,
      cipherSuite,
      credential: basicCredential("smoke@example.com"),
      signatureKeyPair: await suite.signature.generateKeyPair(),
    });
    const bytes = encodeKeyPackageMessage(bundle.keyPackage);
    const kp = await validateKeyPackage(decodeKeyPackageMessage(bytes), { provider });
    check(same(await keyPackageRef(kp, provider), bundle.ref), "ref");
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = /** @type {number} */ (tampered.at(-1)) ^ 1;
    const rejected = await validateKeyPackage(decodeKeyPackageMessage(tampered), { provider }).then(
      () => "accepted",
      (/** @type {any} */ e) => e.code,
    );
    check(rejected === "KEY_PACKAGE_INVALID_SIGNATURE", `tampered: ${rejected}`);
  }
});

/** @typedef {import("@mlskit/key-packages").KeyPackageBundle} Bundle */

/**
 * Three bundles of suite 1.
 * @returns {Promise<[Bundle, Bundle, Bundle]>}
 */
async function bundles() {
  const suite = await provider.getCipherSuite(1);
  const signatureKeyPair = await suite.signature.generateKeyPair();
  const one = () =>
    createKeyPackage({ provider, cipherSuite: 1, credential: basicCredential("s"), signatureKeyPair });
  return [await one(), await one(), await one()];
}

for (const kind of ["memory", "sqlite"]) {
  await step(
    `${kind} store: put, count, take once, reserve → hidden → commit, reserve → release`,
    async () => {
      const path = join(dir, `steps-${kind}.db`);
      const encryptionKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
      const open = () =>
        kind === "memory"
          ? createMemoryKeyStore({ encryptionKey })
          : openSqliteKeyStore({ path, encryptionKey });
      const store = await open();
      const [a, b, c] = await bundles();
      await store.putMany([a, b, c]);
      check((await store.count()) === 3, "count 3");
      check(same((await store.take(a.ref))?.ref ?? new Uint8Array(), a.ref), "take");
      check((await store.take(a.ref)) === undefined, "second take");
      const r = await store.reserve(b.ref);
      if (r === undefined || !same(r.bundle.initPrivateKey, b.initPrivateKey)) throw new Error("reserve");
      check((await store.get(b.ref)) === undefined && (await store.count()) === 1, "hidden while reserved");
      await r.commit();
      check((await store.get(b.ref)) === undefined, "committed");
      const s = await store.reserve(c.ref);
      await s?.release();
      check(same((await store.get(c.ref))?.ref ?? new Uint8Array(), c.ref), "released");
      await store.close();
    },
  );
}

await step(
  "sqlite store: a reservation outlives a closed store until its lease ends (injected clock)",
  async () => {
    const path = join(dir, "lease.db");
    let clock = 1_900_000_000n;
    const now = () => clock;
    const [a] = await bundles();
    const first = await openSqliteKeyStore({ path, now });
    await first.put(a);
    check((await first.reserve(a.ref, { leaseSeconds: 60 })) !== undefined, "reserve");
    await first.close(); // never committed nor released: as after a crash
    const second = await openSqliteKeyStore({ path, now });
    check((await second.take(a.ref)) === undefined, "hidden during the lease");
    clock += 60n;
    check(
      same((await second.take(a.ref))?.initPrivateKey ?? new Uint8Array(), a.initPrivateKey),
      "back after",
    );
    await second.close();
  },
);

/** A describe/it/expect for the conformance kit: tests run in order after registration. */
function runner() {
  /** @type {{ name: string; fn: () => Promise<void> }[]} */
  const tests = [];
  /** @type {string[]} */
  const path = [];
  return {
    tests,
    api: {
      describe(/** @type {string} */ name, /** @type {() => void} */ fn) {
        path.push(name);
        fn();
        path.pop();
      },
      it(/** @type {string} */ name, /** @type {() => Promise<void>} */ fn) {
        tests.push({ name: [...path, name].join(" › "), fn });
      },
      expect(/** @type {unknown} */ actual) {
        return {
          toBe(/** @type {unknown} */ expected) {
            if (!Object.is(actual, expected))
              throw new Error(`expected ${show(expected)}, got ${show(actual)}`);
          },
          toEqual(/** @type {unknown} */ expected) {
            if (!isDeepStrictEqual(actual, expected))
              throw new Error(`expected ${show(expected)}, got ${show(actual)}`);
          },
        };
      },
    },
  };
}

const backends = new Map();
const stores = {
  memory: (/** @type {any} */ { location, ...opts }) => {
    if (!backends.has(location)) backends.set(location, createMemoryKeyStoreBackend());
    return createMemoryKeyStore({ ...opts, backend: backends.get(location) });
  },
  sqlite: (/** @type {any} */ { location, ...opts }) =>
    openSqliteKeyStore({ path: join(dir, `${location}.db`), ...opts }),
};
for (const [name, open] of Object.entries(stores)) {
  const { api, tests } = runner();
  runKeyStoreConformance(api, { name, provider, open, manyRecords: many });
  for (const t of tests) await step(`conformance ${t.name}`, t.fn);
}

rmSync(dir, { recursive: true, force: true });
console.log(`runtime smoke: ${passed} passed, ${failed} failed`);
if (failed > 0) globalThis.process.exit(1);
