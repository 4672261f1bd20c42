/**
 * @module measure
 * One measurement through tinybench: a task runs `inner` calls of an operation per sample (so
 * that microsecond operations are not lost in the timer's resolution). Two figures come from the
 * same run:
 * - wall clock: operations per second from the median sample (a benchmark on a shared two-core
 *   machine meets other processes, and the median is what a stray spike of load moves least);
 * - CPU: the process's CPU time (all threads: the main thread and libuv's pool, where SubtleCrypto
 *   runs) per operation over the measured phase, i.e. operations per CPU-second. Time spent
 *   waiting for a thread-pool hop does not count; time other processes take does not either.
 */
import { Bench } from "tinybench";

/** The budget of one measurement. */
export interface Budget {
  /** Time per task in ms (tinybench `time`). */
  readonly timeMs: number;
  /** Warm-up time per task in ms. */
  readonly warmupMs: number;
}

/** One measured operation. */
export interface Measurement {
  /** Operations per second, from the median sample. */
  readonly opsPerSec: number;
  /** Mean latency of one operation in µs. */
  readonly meanMicros: number;
  /** Relative margin of error of the mean, in percent. */
  readonly rme: number;
  /** How many samples (each `inner` operations) were taken. */
  readonly samples: number;
  /** Operations per CPU-second (all threads of this process) over the measured phase. */
  readonly opsPerCpuSec: number;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Measure `fn` (sync or async) with tinybench.
 *
 * @param name - the task name
 * @param fn - one operation
 * @param budget - time per task
 * @param inner - operations per sample (for sub-10 µs operations)
 * @returns the measurement
 * @example
 * ```ts
 * const m = await measure("decode", () => decodeKeyPackageMessage(bytes), budget, 100);
 * ```
 */
export async function measure(
  name: string,
  fn: () => unknown,
  budget: Budget,
  inner = 1,
): Promise<Measurement> {
  const probe = fn();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  const bench = new Bench({
    name,
    time: budget.timeMs,
    warmupTime: budget.warmupMs,
    iterations: 16,
    warmupIterations: 8,
    throws: true,
  });
  let cpuStart = 0;
  let cpuUsed = 0;
  const hooks = {
    beforeAll: (mode?: string) => {
      if (mode === "run") cpuStart = cpuMicros();
    },
    afterAll: (mode?: string) => {
      if (mode === "run") cpuUsed = cpuMicros() - cpuStart;
    },
  };
  if (isAsync) {
    bench.add(
      name,
      async () => {
        for (let i = 0; i < inner; i++) await fn();
      },
      { async: true, ...hooks },
    );
  } else {
    bench.add(
      name,
      () => {
        for (let i = 0; i < inner; i++) fn();
      },
      { async: false, ...hooks },
    );
  }
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result;
  if (result.state !== "completed") {
    throw new Error(
      `benchmark ${name} did not complete (${result.state})`,
      result.state === "errored" ? { cause: result.error } : undefined,
    );
  }
  const median = result.latency.p50;
  return {
    opsPerSec: (inner * 1000) / median,
    meanMicros: (result.latency.mean * 1000) / inner,
    rme: result.latency.rme,
    samples: result.latency.samplesCount,
    opsPerCpuSec: (task.runs * inner * 1e6) / Math.max(1, cpuUsed),
  };
}
