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
  DEFAULT_LIFETIME_SECONDS,
  encodeKeyPackageMessage,
  type KeyPackageBundle,
  LIFETIME_BACKDATE_SECONDS,
} from "@mlskit/key-packages";
import { type KeyPackageWorkerPool, openKeyPackageWorkerPool } from "@mlskit/key-packages/node";
import { booleanOptions, intOption, parseOptions, required, stringOptions } from "../args.js";
import { CliError, type Io } from "../io.js";
import { lifetimePolicyOption, parseDuration, parseSuites } from "../parse.js";
import { ProgressBar } from "../progress.js";
import { cliProvider, cliProviderName } from "../provider.js";
import { ensureSignatureKeyPair } from "../signature-key.js";
import { withStore } from "../store.js";
import { exactDuration } from "../time-text.js";

/** Help text of `mlskit generate`. */
export const GENERATE_HELP = `Usage: mlskit generate --identity <id> [--count N] [--suite <list>] [--lifetime 30d]
                       [--max-lifetime <dur|none>] [--last-resort] [--no-grease] [--workers <n>]
                       [--store <path>] [--out <dir>]

Generate key packages for an identity (a basic credential). The identity's signature key
pair is created in the store on first use and reused afterwards. The private material of
every package is kept in the store (SQLite; encrypted at rest when MLSKIT_STORE_KEY is
set); the public packages are written as MLSMessage files <ref-hex>.mls into --out.
Prints one ref per line.

Options:
  --identity <id>     the basic credential identity (required)
  --count <N>         how many packages (per suite; default 1)
  --suite <list>      cipher suite, by number (1, 0x0001) or name; a comma-separated list makes
                      --count packages for each, every one advertising them all (default 1,
                      MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)
  --lifetime <dur>    lifetime with its unit: 30d, 12h, 90m, 2w (default 84d, back-dated 1 hour)
  --max-lifetime <d>  the maximum total lifetime packages must fit, as validate and directories
                      check it (KP-23; default 365d plus the hour; "none": no maximum)
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
  mlskit generate --identity alice@example.com --suite 1,2,3 --count 10
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
  const values = parseOptions(argv, {
    ...stringOptions("identity", "count", "suite", "lifetime", "max-lifetime", "workers", "store", "out"),
    ...booleanOptions("last-resort", "no-grease"),
  });
  const identity = required(values, "identity");
  const count = intOption(values, "count", { min: 1, max: 1_000_000 }) ?? 1;
  const lastResort = values["last-resort"] === true;
  if (lastResort && count !== 1)
    throw new CliError("--last-resort makes one package (per suite); drop --count", 2);
  const cipherSuites = typeof values.suite === "string" ? parseSuites(values.suite) : [1];
  const lifetime =
    typeof values.lifetime === "string"
      ? { seconds: parseDuration(values.lifetime, "--lifetime") }
      : undefined;
  checkLifetime(lifetime?.seconds ?? DEFAULT_LIFETIME_SECONDS, values);
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
  const total = count * cipherSuites.length;

  if (outDir !== undefined) await mkdir(outDir, { recursive: true });
  return withStore(
    values.store,
    io,
    async (store, path) => {
      let pool: KeyPackageWorkerPool | undefined;
      if (workers > 0 && workerProvider !== undefined) {
        pool = await openKeyPackageWorkerPool({
          provider: { module: import.meta.resolve(workerProvider.package), export: workerProvider.export },
          workers,
        });
      }
      const bar = new ProgressBar(io.stderr, total, "generating");
      let done = 0;
      try {
        // One run per suite, each with the identity's key pair of that suite; with several suites,
        // every package advertises them all, as a client supporting them would.
        for (const cipherSuite of cipherSuites) {
          const signatureKeyPair = await ensureSignatureKeyPair(
            store,
            { credential, identity, cipherSuite },
            provider,
            io,
            path,
          );
          const options: Omit<CreateKeyPackageOptions, "provider"> = {
            cipherSuite,
            credential,
            signatureKeyPair,
            lastResort,
            grease: values["no-grease"] !== true,
            ...(cipherSuites.length > 1 ? { capabilities: { cipherSuites } } : {}),
            ...(lifetime === undefined ? {} : { lifetime }),
          };
          const batch = pool === undefined ? BATCH : BATCH * workers;
          const create = (n: number): Promise<KeyPackageBundle[]> =>
            pool === undefined
              ? createKeyPackages({ ...options, provider, count: n })
              : pool.createKeyPackages({ ...options, count: n });
          let made = 0;
          let next = create(Math.min(batch, count));
          while (made < count) {
            const bundles = await next;
            made += bundles.length;
            // The next batch is generated while this one is stored and written (in worker threads
            // with a pool); a failure surfaces at its await, never as an unhandled rejection.
            if (made < count) {
              next = create(Math.min(batch, count - made));
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
            bar.update(done + made);
          }
          done += made;
        }
        bar.done();
      } finally {
        await pool?.close();
      }
      const suites =
        cipherSuites.length === 1 ? "" : ` (${count} for each of suites ${cipherSuites.join(", ")})`;
      io.stderr.write(
        `generated ${total} key package${total === 1 ? "" : "s"}${suites} for "${identity}" in ${path}${outDir === undefined ? "" : `, published to ${outDir}/`}${pool === undefined ? "" : ` (${workers} worker thread${workers === 1 ? "" : "s"})`}\n`,
      );
      return 0;
    },
    { create: true },
  );
}

/**
 * Refuse to make packages that validate and directories reject: the total lifetime (the
 * requested one plus the hour it is back-dated) must fit the maximum of `--max-lifetime` (KP-23).
 */
function checkLifetime(seconds: number, values: Record<string, string | boolean | undefined>): void {
  const policy = lifetimePolicyOption(values["max-lifetime"]);
  if (policy === false) return;
  const total = seconds + LIFETIME_BACKDATE_SECONDS;
  if (total <= policy.maxTotalSeconds) return;
  const given =
    typeof values.lifetime === "string" ? `--lifetime ${values.lifetime}` : "the default lifetime";
  throw new CliError(
    `${given}: a total lifetime of ${exactDuration(BigInt(total))} (with the hour it is back-dated) is over the maximum of ${exactDuration(BigInt(policy.maxTotalSeconds))} that validate and directories enforce (KP-23, KEY_PACKAGE_LIFETIME_TOO_LONG); raise it with --max-lifetime <duration> (and validate with the same) or --max-lifetime none`,
    2,
  );
}
