/**
 * @module batch-child
 * Run by {@link runBatch} in a child process (pinned to one or two cores): creates key packages
 * with `createKeyPackages({ ..., count })` (`--mode batch`), one by one, awaited
 * (`--mode sequential`), or through two worker threads (`--mode workers`, see
 * {@link openKeyPackageWorkerPool}) for a time budget — or, to calibrate, a busy loop in two
 * threads (`--mode spin`, `count` blocks of work per round) and prints `{"opsPerSec": n, "packages": n, "ms": n, "mainCpuMicros": n,
 * "otherCpuMicros": n}` as its last line: the CPU time per package of the main thread and of all
 * other threads (libuv's pool, where SubtleCrypto runs, and V8's helpers), read from
 * `/proc/self/task` on Linux (absent elsewhere).
 *
 * `node dist/batch-child.js --provider webcrypto --suite 1 --count 256 --ms 1500 --mode batch`
 */
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { createKeyPackage, createKeyPackages } from "@mlskit/key-packages";
import { openKeyPackageWorkerPool } from "@mlskit/key-packages/node";
import { createOptions } from "./ours.js";
import { NODE } from "./report.js";

const { values } = parseArgs({
  options: {
    provider: { type: "string", default: "webcrypto" },
    suite: { type: "string", default: "1" },
    count: { type: "string", default: "256" },
    ms: { type: "string", default: "1500" },
    mode: { type: "string", default: "batch" },
  },
});
const provider: CryptoProvider =
  values.provider === "noble"
    ? nobleCryptoProvider
    : values.provider === NODE
      ? createNodeCryptoProvider()
      : createWebCryptoProvider();
const cipherSuite = Number(values.suite);
const count = Number(values.count);
const budget = Number(values.ms);
const suite = await provider.getCipherSuite(cipherSuite);
const opts = createOptions(provider, cipherSuite, await suite.signature.generateKeyPair());

const pool =
  values.mode === "workers"
    ? await openKeyPackageWorkerPool({
        // Absolute URLs: the pool's worker lies inside @mlskit/key-packages, which does not
        // depend on the providers.
        provider:
          values.provider === "noble"
            ? { module: import.meta.resolve("@mlskit/crypto-provider-noble"), export: "nobleCryptoProvider" }
            : values.provider === NODE
              ? {
                  module: import.meta.resolve("@mlskit/crypto-provider-node"),
                  export: "createNodeCryptoProvider",
                }
              : {
                  module: import.meta.resolve("@mlskit/crypto-provider-webcrypto"),
                  export: "createWebCryptoProvider",
                },
        workers: 2,
      })
    : undefined;

// Calibration: the same pure computation in two threads, `count` blocks of work per round.
const SPIN = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (n) => { let x = 0; for (let i = 0; i < n * 200000; i++) x = (x + i) | 0; parentPort.postMessage(x); });`;
const spinners = values.mode === "spin" ? [0, 1].map(() => new Worker(SPIN, { eval: true })) : [];
const spin = (w: Worker, n: number) =>
  new Promise<void>((resolve) => {
    w.once("message", () => resolve());
    w.postMessage(n);
  });

async function round(): Promise<void> {
  if (spinners.length > 0) {
    await Promise.all(spinners.map((w) => spin(w, count / 2)));
  } else if (pool !== undefined) {
    const { provider: _, ...rest } = opts;
    const bundles = await pool.createKeyPackages({ ...rest, count });
    if (bundles.length !== count) throw new Error("short batch");
  } else if (values.mode === "sequential") {
    for (let i = 0; i < count; i++) await createKeyPackage(opts);
  } else {
    const bundles = await createKeyPackages({ ...opts, count });
    if (bundles.length !== count) throw new Error("short batch");
  }
}

/** CPU time in µs of every thread of this process, by thread id (Linux), or undefined. */
function threadCpu(): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime (fields 14 and 15 of stat(5)), in clock ticks of 10 ms.
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10_000);
    }
    return out;
  } catch {
    return undefined;
  }
}

function processCpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

await round(); // warm-up: JIT, key import, probes
let packages = 0;
const threads0 = threadCpu();
const cpu0 = processCpu();
const started = performance.now();
do {
  await round();
  packages += count;
} while (performance.now() - started < budget);
const ms = performance.now() - started;
const threads1 = threadCpu();
const cpu = processCpu() - cpu0;
await pool?.close();
await Promise.all(spinners.map((w) => w.terminate()));
// Per thread: what each used during the run (worker threads live in this process too).
const perThread =
  threads0 === undefined || threads1 === undefined
    ? undefined
    : [...threads1].map(([tid, t]) => ({ tid, used: t - (threads0.get(tid) ?? 0) }));
const mainCpu = perThread?.find((t) => t.tid === String(process.pid))?.used;
const busiest = perThread === undefined ? undefined : Math.max(...perThread.map((t) => t.used));
console.log(
  JSON.stringify({
    opsPerSec: (packages * 1000) / ms,
    packages,
    ms,
    cpuMicros: cpu / packages,
    ...(mainCpu === undefined || busiest === undefined
      ? {}
      : {
          mainCpuMicros: mainCpu / packages,
          otherCpuMicros: (cpu - mainCpu) / packages,
          busiestThreadCpuMicros: busiest / packages,
        }),
  }),
);
