/**
 * @module batch
 * Batch generation on one core versus two: the same batch run in a child process pinned with
 * `taskset` to CPU 0, then to CPUs 0 and 1 (Linux). Where `taskset` is missing the one-core run
 * falls back to `UV_THREADPOOL_SIZE=1`, which limits only libuv's pool (noted in the result).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

/** How the child creates packages: `createKeyPackages`, one at a time, or in two worker threads. */
export type BatchMode = "batch" | "sequential" | "workers" | "spin";

/** One batch configuration's figures. */
export interface BatchResult {
  readonly provider: string;
  readonly suite: number;
  readonly mode: BatchMode;
  readonly count: number;
  readonly oneCore: number;
  readonly twoCores: number;
  /** twoCores / oneCore. */
  readonly ratio: number;
  /** CPU time per package on one core (all threads), µs. */
  readonly cpuMicros: number | undefined;
  /** Of which the main thread, µs. */
  readonly mainCpuMicros: number | undefined;
  /** The busiest single thread, µs per package. */
  readonly busiestThreadCpuMicros: number | undefined;
  /**
   * What two cores can give at most by the one-core run's CPU accounting: total CPU over
   * max(busiest thread, half the total) — one thread cannot use two cores. Interference from
   * other processes moves this far less than it moves the measured ratio.
   */
  readonly modelRatio: number | undefined;
  /** How one core was enforced. */
  readonly pinning: "taskset" | "UV_THREADPOOL_SIZE=1";
}

const child = fileURLToPath(new URL("./batch-child.js", import.meta.url));

function hasTaskset(): boolean {
  if (process.platform !== "linux") return false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** What the child prints. */
interface ChildResult {
  readonly opsPerSec: number;
  readonly cpuMicros: number;
  readonly mainCpuMicros?: number;
  readonly busiestThreadCpuMicros?: number;
}

function run(cores: 1 | 2, taskset: boolean, args: string[]): ChildResult {
  const env = { ...process.env };
  let command = process.execPath;
  let argv = [child, ...args];
  if (taskset) {
    argv = [cores === 1 ? "0" : "0,1", command, ...argv];
    argv.unshift("-c");
    command = "taskset";
  } else if (cores === 1) {
    env.UV_THREADPOOL_SIZE = "1";
  }
  // A child that hangs (none should) must not hold up the whole run.
  const ms = Number(args[args.indexOf("--ms") + 1]);
  const r = spawnSync(command, argv, { env, encoding: "utf8", timeout: 10 * ms + 60_000 });
  if (r.status !== 0) {
    throw new Error(`batch child ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr}`);
  }
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ChildResult;
}

/**
 * Run one batch configuration on one core, then on two.
 *
 * @param provider - "webcrypto" or "noble"
 * @param suite - the suite
 * @param mode - `createKeyPackages` batch, one-by-one awaits, or two worker threads
 * @param count - packages per batch
 * @param ms - time budget of each child run
 * @returns the figures
 * @example
 * ```ts
 * const r = runBatch("webcrypto", 1, "batch", 256, 1500);
 * ```
 */
export function runBatch(
  provider: string,
  suite: number,
  mode: BatchMode,
  count: number,
  ms: number,
): BatchResult {
  const taskset = hasTaskset() && availableParallelism() >= 2;
  const args = ["--provider", provider, "--suite", String(suite), "--count", String(count)];
  args.push("--ms", String(ms), "--mode", mode);
  const one = run(1, taskset, args);
  const two = run(2, taskset, args);
  const busiest = one.busiestThreadCpuMicros;
  return {
    provider,
    suite,
    mode,
    count,
    oneCore: one.opsPerSec,
    twoCores: two.opsPerSec,
    ratio: two.opsPerSec / one.opsPerSec,
    cpuMicros: one.cpuMicros,
    mainCpuMicros: one.mainCpuMicros,
    busiestThreadCpuMicros: busiest,
    // One creation at a time has nothing to overlap: no model.
    modelRatio:
      busiest === undefined || mode === "sequential"
        ? undefined
        : one.cpuMicros / Math.max(busiest, one.cpuMicros / 2),
    pinning: taskset ? "taskset" : "UV_THREADPOOL_SIZE=1",
  };
}
