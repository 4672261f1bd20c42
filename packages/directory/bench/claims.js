// @ts-check
/**
 * Claim load benchmark (not a test): a directory process on loopback, autocannon as the client,
 * for SQLite and PostgreSQL in turn. Prints claims/s and latency percentiles.
 *
 *   pnpm --filter @mlskit/directory bench
 *
 * Env: MLSKIT_BENCH_SECONDS (default 10 per backend), MLSKIT_BENCH_CONNECTIONS (default 32),
 * MLSKIT_BENCH_POSTGRES_URL or MLSKIT_TEST_POSTGRES_URL (otherwise a throwaway server is started
 * with tools/postgres/start.sh), MLSKIT_BENCH_BACKENDS (default "sqlite,postgres").
 *
 * The target user has one client with a stock of ordinary packages larger than the run can
 * consume (real, signed packages, stored under distinct synthetic refs: a claim does not look
 * inside), so every measured claim deletes a row; a last-resort package backs it up.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createKeyPackage, createKeyPackages, encodeKeyPackageMessage } from "@mlskit/key-packages";
import autocannon from "autocannon";
import pg from "pg";
import { openDirectoryStore, registerClient } from "../dist/index.js";

const here = import.meta.dirname;
const root = resolve(here, "../../..");
const seconds = Number(process.env.MLSKIT_BENCH_SECONDS ?? 10);
const connections = Number(process.env.MLSKIT_BENCH_CONNECTIONS ?? 32);
const backends = (process.env.MLSKIT_BENCH_BACKENDS ?? "sqlite,postgres").split(",");
const STOCK = 150_000;

/** @param {string} location */
async function prepare(location) {
  const store = await openDirectoryStore(location);
  const credential = basicCredential("alice#phone");
  const alice = await registerClient(store, { userId: "alice", clientId: "phone", credential });
  const bob = await registerClient(store, {
    userId: "bob",
    clientId: "phone",
    credential: basicCredential("bob#phone"),
  });
  const suite = await nobleCryptoProvider.getCipherSuite(1);
  const signatureKeyPair = await suite.signature.generateKeyPair();
  const opts = { provider: nobleCryptoProvider, cipherSuite: 1, credential, signatureKeyPair };
  const samples = (await createKeyPackages({ ...opts, count: 16 })).map((b) => ({
    message: encodeKeyPackageMessage(b.keyPackage),
    lifetime: b.keyPackage.leafNode.lifetime,
  }));
  const now = BigInt(Math.floor(Date.now() / 1000));
  for (let done = 0; done < STOCK; done += 5000) {
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const s = samples[i % samples.length];
      return {
        ref: new Uint8Array(randomBytes(32)),
        cipherSuite: 1,
        lastResort: false,
        notBefore: s.lifetime.notBefore,
        notAfter: s.lifetime.notAfter,
        message: s.message,
      };
    });
    await store.publish(alice.client.id, rows, { now, quota: STOCK + 10 });
  }
  const lr = await createKeyPackage({ ...opts, lastResort: true });
  await store.publish(
    alice.client.id,
    [
      {
        ref: lr.ref,
        cipherSuite: 1,
        lastResort: true,
        notBefore: lr.keyPackage.leafNode.lifetime.notBefore,
        notAfter: lr.keyPackage.leafNode.lifetime.notAfter,
        message: encodeKeyPackageMessage(lr.keyPackage),
      },
    ],
    { now, quota: STOCK + 10 },
  );
  await store.close();
  return { token: bob.token };
}

/** @param {string} location @returns {Promise<{ url: string, stop: () => void }>} */
function serve(location) {
  const child = spawn(
    process.execPath,
    [
      resolve(here, "../test/fixtures/serve.js"),
      location,
      JSON.stringify({ claimsPerWindow: 100_000_000, pruneIntervalSeconds: 0, quotaPerClient: STOCK + 10 }),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((ok, fail) => {
    createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stdout) }).on(
      "line",
      (line) => {
        const m = /^listening on (\S+)/.exec(line);
        if (m) ok({ url: /** @type {string} */ (m[1]), stop: () => child.kill("SIGTERM") });
      },
    );
    child.once("exit", (code) => fail(new Error(`directory exited with ${code}`)));
  });
}

/** @param {string} name @param {string} location */
async function bench(name, location) {
  const { token } = await prepare(location);
  const server = await serve(location);
  try {
    const result = await autocannon({
      url: `${server.url}/v1/users/alice/claim`,
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ cipherSuite: 1 }),
      connections,
      duration: seconds,
    });
    const ok = result["2xx"];
    return {
      backend: name,
      "claims/s": Math.round(ok / (result.duration || seconds)),
      "p50 ms": result.latency.p50,
      "p99 ms": result.latency.p99,
      "max ms": result.latency.max,
      claims: ok,
      errors: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    server.stop();
  }
}

const rows = [];
const tmp = mkdtempSync(join(tmpdir(), "mlskit-bench-"));
let stopPg = () => {};
try {
  if (backends.includes("sqlite")) rows.push(await bench("sqlite", join(tmp, "directory.db")));
  if (backends.includes("postgres")) {
    let base = process.env.MLSKIT_BENCH_POSTGRES_URL ?? process.env.MLSKIT_TEST_POSTGRES_URL;
    if (!base) {
      // Its own temp dir: the postgres user must be able to reach it (as root, start.sh chowns it).
      const state = mkdtempSync(join(tmpdir(), "mlskit-bench-pg-"));
      base = execFileSync("bash", [join(root, "tools/postgres/start.sh"), state], { encoding: "utf8" })
        .trim()
        .split("\n")
        .at(-1);
      stopPg = () => execFileSync("bash", [join(root, "tools/postgres/stop.sh"), state]);
    }
    const name = `mlskit_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(/** @type {string} */ (base));
    url.pathname = `/${name}`;
    try {
      rows.push(await bench("postgres", url.toString()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
} finally {
  stopPg();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `claims against one directory process on loopback, ${connections} connections, ${seconds} s each (${process.version}):`,
);
console.table(rows);
