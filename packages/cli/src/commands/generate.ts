/**
 * @module commands/generate
 * `mlskit generate`: create an identity's signature key pair if missing, generate key packages,
 * store their private material, write the public packages as MLSMessage files, print the refs.
 * Large batches are generated on every core, in worker threads (`@mlskit/key-packages/node`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import {
  type CreateKeyPackageOptions,
  createKeyPackages,
  encodeKeyPackageMessage,
  type KeyPackageBundle,
} from "@mlskit/key-packages";
import { type KeyPackageWorkerPool, openKeyPackageWorkerPool } from "@mlskit/key-packages/node";
import { parseArgs } from "../args.js";
import { CliError, type Io } from "../io.js";
import { parseDuration, parseSuite } from "../parse.js";
import { ProgressBar } from "../progress.js";
import { cliProvider, cliProviderName } from "../provider.js";
import { withStore } from "../store.js";

/** Help text of `mlskit generate`. */
export const GENERATE_HELP = `Usage: mlskit generate --identity <id> [--count N] [--suite <id|name>] [--lifetime 30d]
                       [--last-resort] [--no-grease] [--workers <n>] [--store <path>] [--out <dir>]

Generate key packages for an identity (a basic credential). The identity's signature key
pair is created in the store on first use and reused afterwards. The private material of
every package is kept in the store (SQLite; encrypted at rest when MLSKIT_STORE_KEY is
set); the public packages are written as MLSMessage files <ref-hex>.mls into --out.
Prints one ref per line.

Options:
  --identity <id>     the basic credential identity (required)
  --count <N>         how many packages (default 1)
  --suite <id|name>   cipher suite (default 1, MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)
  --lifetime <dur>    lifetime, e.g. 30d or 12h (default 84d, back-dated 1 hour)
  --last-resort       mark the package last resort (reusable; only with --count 1)
  --no-grease         do not add GREASE values to the capabilities
  --workers <n>       worker threads generating in parallel; 0 generates in-process (default:
                      one per core on more than one core when --count is at least 8192 with
                      the node provider or 1024 with noble; otherwise in-process)
  --store <path>      SQLite store (default $MLSKIT_STORE or ./mlskit.db)
  --out <dir>         also write each public package to <dir>/<ref-hex>.mls

Examples:
  mlskit generate --identity alice@example.com --count 100 --out published/
  mlskit generate --identity alice@example.com --suite 2 --lifetime 30d
  mlskit generate --identity alice@example.com --last-resort`;

/** Packages created, stored and printed at a time (per worker thread with a pool). */
const BATCH = 64;

/** How a worker thread loads a provider, and from how many packages `--workers` defaults to one per core. */
interface WorkerProvider {
  /** A package the CLI depends on, resolved here: the pool's worker cannot resolve it. */
  readonly package: string;
  /** Its export: a provider, or a factory called without options (as ../provider.ts does). */
  readonly export: string;
  /** From this `--count` on, workers are used by default (more than one core); never when absent. */
  readonly minCount?: number;
}

/**
 * The providers `MLSKIT_PROVIDER` names (../provider.ts), for worker threads; a name missing here
 * always generates in-process. The thresholds were measured on two cores: each worker costs
 * about 0.2 s (node) to 0.3 s (noble) of CPU to start and load its provider, and warms up its own
 * JIT, so a fresh `mlskit` process gains from two workers only for large batches — about 1.1× at
 * the threshold, 1.3–1.45× at two to four times it. More cores pay back sooner.
 */
const WORKER_PROVIDERS: Readonly<Record<string, WorkerProvider>> = Object.freeze({
  // Synchronous OpenSSL calls on the calling thread, already cheap per package.
  node: { package: "@mlskit/crypto-provider-node", export: "createNodeCryptoProvider", minCount: 8192 },
  // Pure JS on the calling thread.
  noble: { package: "@mlskit/crypto-provider-noble", export: "nobleCryptoProvider", minCount: 1024 },
  // SubtleCrypto runs on libuv's threads already: in-process batches measured faster on two
  // cores than two workers (tools/bench, `webcrypto batch` against `webcrypto workers`).
  webcrypto: { package: "@mlskit/crypto-provider-webcrypto", export: "createWebCryptoProvider" },
});

function parseWorkers(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 1024) {
    throw new CliError(`--workers expected a number from 0 to 1024, got "${String(value)}"`, 2);
  }
  return n;
}

/**
 * Run `mlskit generate`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await generateCommand(["--identity", "alice", "--count", "10"], io);
 * ```
 */
export async function generateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    identity: { type: "string" },
    count: { type: "string" },
    suite: { type: "string" },
    lifetime: { type: "string" },
    "last-resort": { type: "boolean" },
    "no-grease": { type: "boolean" },
    workers: { type: "string" },
    store: { type: "string" },
    out: { type: "string" },
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`, 2);
  const identity = values.identity;
  if (typeof identity !== "string" || identity === "") throw new CliError("--identity is required", 2);
  const count = values.count === undefined ? 1 : Number(values.count);
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
    throw new CliError(`--count expected a number from 1 to 1000000, got "${String(values.count)}"`, 2);
  }
  const lastResort = values["last-resort"] === true;
  if (lastResort && count !== 1) throw new CliError("--last-resort makes one package; drop --count", 2);
  const cipherSuite = typeof values.suite === "string" ? parseSuite(values.suite) : 1;
  const lifetime =
    typeof values.lifetime === "string"
      ? { seconds: parseDuration(values.lifetime, "--lifetime") }
      : undefined;
  const outDir = typeof values.out === "string" ? values.out : undefined;
  const provider = cliProvider(io);
  const providerName = cliProviderName(io);
  const workerProvider = WORKER_PROVIDERS[providerName];
  let workers = parseWorkers(values.workers);
  if (workers !== undefined && workers > 0 && workerProvider === undefined) {
    throw new CliError(
      `--workers: MLSKIT_PROVIDER=${providerName} cannot run in worker threads; use --workers 0`,
      2,
    );
  }
  const minCount = workerProvider?.minCount;
  workers ??=
    minCount !== undefined && count >= minCount && availableParallelism() > 1 ? availableParallelism() : 0;
  const credential = basicCredential(identity);

  if (outDir !== undefined) await mkdir(outDir, { recursive: true });
  return withStore(
    values.store,
    io,
    async (store, path) => {
      const owner = { credential, cipherSuite };
      let signatureKeyPair = await store.getSignatureKeyPair(owner);
      if (signatureKeyPair === undefined) {
        const suite = await provider.getCipherSuite(cipherSuite);
        signatureKeyPair = await suite.signature.generateKeyPair();
        await store.putSignatureKeyPair({ ...owner, signatureKeyPair });
        io.stderr.write(`created a signature key pair for "${identity}" (suite ${cipherSuite}) in ${path}\n`);
      }
      const options: Omit<CreateKeyPackageOptions, "provider"> = {
        cipherSuite,
        credential,
        signatureKeyPair,
        lastResort,
        grease: values["no-grease"] !== true,
        ...(lifetime === undefined ? {} : { lifetime }),
      };
      let pool: KeyPackageWorkerPool | undefined;
      if (workers > 0 && workerProvider !== undefined) {
        pool = await openKeyPackageWorkerPool({
          provider: { module: import.meta.resolve(workerProvider.package), export: workerProvider.export },
          workers,
        });
      }
      try {
        const batch = pool === undefined ? BATCH : BATCH * workers;
        const create = (n: number): Promise<KeyPackageBundle[]> =>
          pool === undefined
            ? createKeyPackages({ ...options, provider, count: n })
            : pool.createKeyPackages({ ...options, count: n });
        const bar = new ProgressBar(io.stderr, count, "generating");
        let done = 0;
        let next = create(Math.min(batch, count));
        while (done < count) {
          const bundles = await next;
          done += bundles.length;
          // The next batch is generated while this one is stored and written (in worker threads
          // with a pool); a failure surfaces at its await, never as an unhandled rejection.
          if (done < count) {
            next = create(Math.min(batch, count - done));
            next.catch(() => {});
          }
          try {
            await store.putMany(bundles);
            for (const b of bundles) {
              const ref = toHex(b.ref);
              if (outDir !== undefined)
                await writeFile(join(outDir, `${ref}.mls`), encodeKeyPackageMessage(b.keyPackage));
              io.stdout.write(`${ref}\n`);
            }
          } finally {
            for (const b of bundles) b.dispose();
          }
          bar.update(done);
        }
        bar.done();
      } finally {
        await pool?.close();
      }
      io.stderr.write(
        `generated ${count} key package${count === 1 ? "" : "s"} for "${identity}" in ${path}${outDir === undefined ? "" : `, published to ${outDir}/`}${pool === undefined ? "" : ` (${workers} worker thread${workers === 1 ? "" : "s"})`}\n`,
      );
      return 0;
    },
    { create: true },
  );
}
