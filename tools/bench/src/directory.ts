/**
 * @module directory
 * The directory under load (`--only directory`): one directory server process
 * (`directory-child.ts`) per backend on loopback, driven by autocannon from this process, with
 * three scenarios in the same run:
 *
 * - `claim` — the directory's own claim endpoint (`POST /v1/users/{userId}/claim`, suite 1) for a
 *   user with one client;
 * - `mimi 1 client`, `mimi 5 clients` — MIMI `keyMaterial` requests (a signed KeyMaterialRequest,
 *   suite 1 acceptable, verified and authorised against an X.509 chain on every request) for a
 *   user with one and with five clients: each request claims one package per client in one
 *   transaction and records its routing records.
 *
 * Each scenario sends a fixed number of requests (`--directory-requests`, after a warm-up of a
 * tenth of that); every client holds exactly enough ordinary packages for all of them (real,
 * signed packages stored under distinct synthetic refs: a claim does not look inside them) plus a
 * last-resort package, and after the run the remaining stock is counted: a scenario that did not
 * take exactly one ordinary package per client per request is flagged. PostgreSQL comes from
 * `MLSKIT_BENCH_POSTGRES_URL` (a fresh database is created in it and dropped after), or a
 * throwaway server started with tools/postgres/start.sh; when neither works the backend is
 * skipped with the reason.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { encode, toHex } from "@mlskit/codec";
import { basicCredential, x509Credential } from "@mlskit/credentials";
import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
import { type DirectoryStore, openDirectoryStore, registerClient } from "@mlskit/directory";
import {
  capabilitiesCodec,
  createKeyPackage,
  createKeyPackages,
  encodeKeyPackageMessage,
  type KeyPackageBundle,
} from "@mlskit/key-packages";
import {
  createKeyMaterialRequest,
  encodeKeyMaterialRequest,
  MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
} from "@mlskit/mimi";
import autocannon from "autocannon";
import pg from "pg";
import { requesterPki } from "./directory-pki.js";

/** One scenario's figures. */
export interface DirectoryRow {
  readonly backend: string;
  readonly scenario: string;
  /** Clients of the target user (packages claimed per request). */
  readonly clients: number;
  /** Requests measured (after the warm-up). */
  readonly requests: number;
  readonly requestsPerSec: number;
  /** Key packages handed out per second (requests/s × clients). */
  readonly packagesPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers, connection errors and timeouts. */
  readonly errors: number;
  /** Whether every request took exactly one ordinary package of each client. */
  readonly stockChecked: boolean;
}

/** Options of {@link benchDirectory}. */
export interface DirectoryBenchOptions {
  readonly backends: readonly string[];
  /** Requests per scenario. */
  readonly requests: number;
  readonly connections: number;
  readonly log: (line: string) => void;
}

const DOMAIN = "b.example";
const REQUESTER = "mimi://a.example/u/alice";
const CHUNK = 5000;
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const CHILD = fileURLToPath(new URL("./directory-child.js", import.meta.url));

interface Scenario {
  readonly name: string;
  readonly userId: string;
  readonly clients: number;
  readonly mimi: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "claim", userId: "plain", clients: 1, mimi: false },
  { name: "mimi 1 client", userId: "bob1", clients: 1, mimi: true },
  { name: "mimi 5 clients", userId: "bob5", clients: 5, mimi: true },
];

/** Stock every client of every scenario with `perClient` ordinary packages and a last resort. */
async function seed(
  store: DirectoryStore,
  samples: readonly KeyPackageBundle[],
  lastResort: KeyPackageBundle,
  perClient: number,
): Promise<{ claimerToken: string; clientIds: Map<string, number[]> }> {
  const claimer = await registerClient(store, {
    userId: "claimer",
    clientId: "phone",
    credential: basicCredential("claimer#phone"),
  });
  const rowOf = (b: KeyPackageBundle, ref: Uint8Array) => ({
    ref,
    // Packages made by createKeyPackage always carry a lifetime.
    cipherSuite: 1,
    lastResort: b === lastResort,
    notBefore: b.keyPackage.leafNode.lifetime!.notBefore,
    notAfter: b.keyPackage.leafNode.lifetime!.notAfter,
    message: encodeKeyPackageMessage(b.keyPackage),
    capabilities: encode(capabilitiesCodec, b.keyPackage.leafNode.capabilities),
  });
  const sampleRows = samples.map((b) => rowOf(b, b.ref));
  const now = BigInt(Math.floor(Date.now() / 1000));
  const quota = perClient + 10;
  const clientIds = new Map<string, number[]>();
  for (const s of SCENARIOS) {
    const ids: number[] = [];
    for (let c = 0; c < s.clients; c++) {
      const { client } = await registerClient(store, {
        userId: s.userId,
        clientId: `c${c}`,
        credential: basicCredential(`${s.userId}#c${c}`),
      });
      ids.push(client.id);
      for (let done = 0; done < perClient; done += CHUNK) {
        const rows = Array.from({ length: Math.min(CHUNK, perClient - done) }, (_, i) => ({
          ...sampleRows[i % sampleRows.length]!,
          ref: new Uint8Array(randomBytes(32)),
        }));
        await store.publish(client.id, rows, { now, quota });
      }
      await store.publish(client.id, [rowOf(lastResort, new Uint8Array(randomBytes(32)))], { now, quota });
    }
    clientIds.set(s.userId, ids);
  }
  return { claimerToken: claimer.token, clientIds };
}

function serve(location: string, rootDer: Uint8Array): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CHILD, location, "a.example", toHex(rootDer)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (m !== null) resolve({ url: m[1]!, child });
    });
    child.once("exit", (code) => reject(new Error(`the directory process exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A PostgreSQL server to create databases in, or why there is none. */
function postgresBase(log: (line: string) => void): { url: string; stop: () => void } | { skipped: string } {
  const given = process.env.MLSKIT_BENCH_POSTGRES_URL;
  if (given !== undefined && given !== "") return { url: given, stop: () => {} };
  // Its own state directory, which the postgres user can reach (as root, start.sh chowns it).
  const state = mkdtempSync(join(tmpdir(), "mlskit-bench-pg-"));
  try {
    log("directory: MLSKIT_BENCH_POSTGRES_URL is unset; starting PostgreSQL with tools/postgres/start.sh");
    const out = execFileSync("bash", [join(repoRoot, "tools/postgres/start.sh"), state], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = out.trim().split("\n").at(-1)!;
    return {
      url,
      stop: () => {
        execFileSync("bash", [join(repoRoot, "tools/postgres/stop.sh"), state], { stdio: "ignore" });
        rmSync(state, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(state, { recursive: true, force: true });
    // start.sh says why on its last line of stderr (after apt's output, when it tried to install).
    const reason = String((e as { stderr?: unknown }).stderr ?? "")
      .split(/[\r\n]+/)
      .filter((l) => l.trim() !== "")
      .at(-1);
    return { skipped: `no PostgreSQL (set MLSKIT_BENCH_POSTGRES_URL): ${reason ?? (e as Error).message}` };
  }
}

async function run(
  url: string,
  scenario: Scenario,
  amount: number,
  connections: number,
  claimerToken: string,
  mimiBody: Uint8Array,
): Promise<{ readonly result: autocannon.Result; readonly seconds: number }> {
  const target = scenario.mimi
    ? {
        url: `${url}/v1/mimi/keyMaterial/${encodeURIComponent(`mimi://${DOMAIN}/u/${scenario.userId}`)}`,
        headers: { "content-type": MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE },
        body: Buffer.from(mimiBody),
      }
    : {
        url: `${url}/v1/users/${scenario.userId}/claim`,
        headers: { authorization: `Bearer ${claimerToken}`, "content-type": "application/json" },
        body: JSON.stringify({ cipherSuite: 1 }),
      };
  // autocannon notices that the last request was answered only at its next one-second tick, and
  // its duration is rounded up to that: the run's time is taken from the last response instead.
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let last = start;
    const instance = autocannon({ ...target, method: "POST", connections, amount }, (err, result) => {
      if (err !== null && err !== undefined) reject(err);
      else resolve({ result, seconds: (last - start) / 1000 });
    });
    instance.on("response", () => {
      last = performance.now();
    });
  });
}

/**
 * Run the three scenarios against each backend.
 *
 * @param opts - backends (`sqlite`, `postgres`), requests per scenario, connections, a logger
 * @returns one row per backend and scenario, and the backends skipped with their reason
 * @example
 * ```ts
 * const { rows, skipped } = await benchDirectory({ backends: ["postgres"], requests: 10000, connections: 32, log });
 * ```
 */
export async function benchDirectory(
  opts: DirectoryBenchOptions,
): Promise<{ rows: DirectoryRow[]; skipped: string[] }> {
  const { log, requests, connections } = opts;
  const warmup = Math.max(100, Math.floor(requests / 10));
  const perClient = warmup + requests;
  const provider = createNodeCryptoProvider();
  const suite = await provider.getCipherSuite(1);
  // The packages' contents (a claim hands them out as stored) and the requester's identity.
  const packageOpts = {
    provider,
    cipherSuite: 1,
    credential: basicCredential("bench"),
    signatureKeyPair: await suite.signature.generateKeyPair(),
  };
  const samples = await createKeyPackages({ ...packageOpts, count: 16 });
  const lastResort = await createKeyPackage({ ...packageOpts, lastResort: true });
  const requesterKey = await suite.signature.generateKeyPair();
  const { rootDer, leafDer } = await requesterPki(REQUESTER, requesterKey.publicKey);
  const request = (userId: string) =>
    createKeyMaterialRequest({
      provider,
      requestingUser: REQUESTER,
      targetUser: `mimi://${DOMAIN}/u/${userId}`,
      roomId: "mimi://a.example/r/bench",
      acceptableCiphersuites: [1],
      credential: x509Credential([leafDer]),
      signatureKeyPair: requesterKey,
    });
  const bodies = new Map<string, Uint8Array>();
  for (const s of SCENARIOS)
    if (s.mimi) bodies.set(s.userId, encodeKeyMaterialRequest(await request(s.userId)));

  const rows: DirectoryRow[] = [];
  const skipped: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), "mlskit-bench-directory-"));
  let pgServer: { url: string; stop: () => void } | undefined;
  try {
    for (const backend of opts.backends) {
      let location: string;
      let drop = async () => {};
      if (backend === "sqlite") {
        location = join(tmp, "directory.db");
      } else if (backend === "postgres") {
        if (pgServer === undefined) {
          const base = postgresBase(log);
          if ("skipped" in base) {
            skipped.push(`postgres: ${base.skipped}`);
            log(`directory: postgres skipped: ${base.skipped}`);
            continue;
          }
          pgServer = base;
        }
        const name = `mlskit_bench_${randomBytes(4).toString("hex")}`;
        const admin = new pg.Client({ connectionString: pgServer.url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(pgServer.url);
        url.pathname = `/${name}`;
        location = url.toString();
        drop = async () => {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.end();
        };
      } else {
        throw new RangeError(`--directory-backends: unknown backend ${JSON.stringify(backend)}`);
      }
      try {
        log(`directory ${backend}: stocking ${perClient} packages for each of 7 clients`);
        let store = await openDirectoryStore(location);
        const { claimerToken, clientIds } = await seed(store, samples, lastResort, perClient);
        await store.close();
        const { url, child } = await serve(location, rootDer);
        const results: [Scenario, { result: autocannon.Result; seconds: number }][] = [];
        try {
          for (const s of SCENARIOS) {
            const body = bodies.get(s.userId) ?? new Uint8Array();
            log(`directory ${backend} ${s.name}: ${warmup} warm-up requests, then ${requests}`);
            await run(url, s, warmup, connections, claimerToken, body);
            results.push([s, await run(url, s, requests, connections, claimerToken, body)]);
          }
        } finally {
          await stop(child);
        }
        store = await openDirectoryStore(location);
        try {
          const now = BigInt(Math.floor(Date.now() / 1000));
          for (const [s, { result: r, seconds }] of results) {
            let stockChecked = true;
            for (const id of clientIds.get(s.userId)!) {
              const left = await store.count(id, 1, now);
              if (left.count !== 0 || left.lastResort === undefined || left.lastResort.claims !== 0)
                stockChecked = false;
            }
            const ok = r["2xx"];
            const perSec = ok / seconds;
            rows.push({
              backend,
              scenario: s.name,
              clients: s.clients,
              requests: ok,
              requestsPerSec: perSec,
              packagesPerSec: perSec * s.clients,
              p50Ms: r.latency.p50,
              p99Ms: r.latency.p99,
              errors: r.non2xx + r.errors + r.timeouts,
              stockChecked,
            });
          }
        } finally {
          await store.close();
        }
      } finally {
        await drop();
      }
    }
  } finally {
    pgServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, skipped };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The directory table.
 *
 * @param rows - the rows of {@link benchDirectory}
 * @returns the table, one line per backend and scenario
 * @example
 * ```ts
 * console.log(directoryTable(rows));
 * ```
 */
export function directoryTable(rows: readonly DirectoryRow[]): string {
  const head = ["backend", "scenario", "requests/s", "packages/s", "p50 ms", "p99 ms", "errors", "stock"];
  const body = rows.map((r) => [
    r.backend,
    r.scenario,
    int(r.requestsPerSec),
    int(r.packagesPerSec),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    String(r.errors),
    r.stockChecked ? "ok" : "MISMATCH",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "))
    .join("\n");
}
