/**
 * @module report
 * Text tables for the terminal and the performance targets, judged from one run's figures.
 */
import type { BatchResult } from "./batch.js";
import type { StoreResult } from "./stores.js";

/** One row of the operations table. */
export interface OpRow {
  readonly suite: number;
  readonly op: string;
  /** "noble", "webcrypto", "ts-mls", "bound (node:crypto)", "bound (SubtleCrypto)". */
  readonly impl: string;
  readonly opsPerSec: number;
  /** Operations per CPU-second of the process (all threads). */
  readonly opsPerCpuSec: number;
  readonly rme: number;
  /** The suite the implementation ran, when not `suite` (ts-mls 2.0 on its nearest suite). */
  readonly ranOn?: number;
}

/** A performance target and whether this run met it. */
export interface Target {
  readonly name: string;
  readonly value: number | undefined;
  /** The same ratio on CPU time. */
  readonly cpu: number | undefined;
  readonly want: number;
  readonly met: boolean;
}

/**
 * Format a rate: 3 significant digits with a thousands separator.
 *
 * @param n - ops/s
 * @returns text
 * @example
 * ```ts
 * rate(12345.6); // "12,300"
 * ```
 */
export function rate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  const digits = Math.max(0, Math.floor(Math.log10(Math.abs(n))) + 1 - 3);
  const rounded = Math.round(n / 10 ** digits) * 10 ** digits;
  return rounded.toLocaleString("en-US");
}

/**
 * Format a ratio ("1.23×").
 *
 * @param n - the ratio
 * @returns text
 * @example
 * ```ts
 * ratio(4.567); // "4.57×"
 * ```
 */
export function ratio(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  return `${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}×`;
}

/**
 * Lay out rows as a text table with a header and right-aligned numbers.
 *
 * @param header - column titles
 * @param rows - cells
 * @param left - how many leading columns are left-aligned
 * @returns the table
 * @example
 * ```ts
 * table(["a", "b"], [["x", "1"]], 1);
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Which figure: wall-clock ops/s or ops per CPU-second. */
export type Clock = "wall" | "cpu";

/** Look up one figure of the operations table. */
export function find(
  rows: readonly OpRow[],
  suite: number,
  op: string,
  impl: string,
  clock: Clock = "wall",
): number | undefined {
  const row = rows.find((r) => r.suite === suite && r.op === op && r.impl === impl);
  return clock === "wall" ? row?.opsPerSec : row?.opsPerCpuSec;
}

/** Wall-clock and CPU ratios side by side, or "—" without a wall-clock one. */
function both(a: number | undefined, b: number | undefined): string {
  return a === undefined ? "—" : `${ratio(a).padStart(6)} ${ratio(b).padStart(6)}`;
}

/** The columns of one of our measurements, first in the per-operation tables. */
const OUR_COLUMNS = ["suite", "op", "ours", "ops/s", "rme", "ops/CPU-s"] as const;

/** Our measurement's cells after the suite, op and implementation: rate, error margin, CPU rate. */
function ourCells(row: OpRow): string[] {
  return [rate(row.opsPerSec), `±${row.rme.toFixed(0)}%`, rate(row.opsPerCpuSec)];
}

function over(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}

/** @mlskit/crypto-provider-node's name in the tables. */
export const NODE = "node";
/** The mlskit providers, in table order. */
export const PROVIDERS = ["noble", "webcrypto", NODE] as const;
/** The bound used for "ours / bound". */
export const BOUND = "bound (node:crypto)";
/** The SubtleCrypto bound (one await at a time). */
export const SUBTLE_BOUND = "bound (SubtleCrypto)";

/**
 * The operations table: one line per (suite, op, provider) with ts-mls, the bounds and the ratios,
 * each ratio on the wall clock and on CPU time.
 *
 * @param rows - measured rows
 * @returns the table text
 * @example
 * ```ts
 * console.log(opsTable(rows));
 * ```
 */
export function opsTable(rows: readonly OpRow[]): string {
  const suites = [...new Set(rows.map((r) => r.suite))];
  const ops = [...new Set(rows.map((r) => r.op))];
  const lines: string[][] = [];
  for (const suite of suites) {
    for (const op of ops) {
      const ts = find(rows, suite, op, "ts-mls");
      const bound = find(rows, suite, op, BOUND);
      for (const impl of PROVIDERS) {
        const row = rows.find((r) => r.suite === suite && r.op === op && r.impl === impl);
        if (row === undefined) continue;
        const cpu = (other: string) => over(row.opsPerCpuSec, find(rows, suite, op, other, "cpu"));
        lines.push([
          String(suite),
          op,
          impl,
          ...ourCells(row),
          rate(ts),
          both(over(row.opsPerSec, ts), cpu("ts-mls")),
          rate(bound),
          both(over(row.opsPerSec, bound), cpu(BOUND)),
          both(over(row.opsPerSec, find(rows, suite, op, SUBTLE_BOUND)), cpu(SUBTLE_BOUND)),
        ]);
      }
    }
  }
  return table(
    [
      ...OUR_COLUMNS,
      "ts-mls ops/s",
      "/ts-mls wall cpu",
      "bound ops/s",
      "/bound wall cpu",
      "/subtle wall cpu",
    ],
    lines,
    3,
  );
}

/** The post-quantum section's bound (the node provider's primitives, see `pq.ts`). */
export const PQ_BOUND = "bound (primitives)";
/** The node provider on ts-mls 2.0's suite, in the post-quantum section. */
export const NODE_ON_TS_MLS_SUITE = `${NODE} on the ts-mls suite`;

/**
 * A suite id as the tables print it.
 *
 * @param id - the suite id
 * @returns e.g. "0x004d"
 * @example
 * ```ts
 * suiteHex(0x4d); // "0x004d"
 * ```
 */
export function suiteHex(id: number): string {
  return `0x${id.toString(16).padStart(4, "0")}`;
}

/**
 * The post-quantum table: one line per (suite, op, provider) with ts-mls 2.0 on its nearest suite
 * and the primitive bound; where ts-mls's suite is not ours, a line for the node provider on
 * ts-mls's suite (the same work on both sides).
 *
 * @param rows - measured rows of the post-quantum section
 * @returns the table text
 * @example
 * ```ts
 * console.log(pqTable(rows));
 * ```
 */
export function pqTable(rows: readonly OpRow[]): string {
  const lines: string[][] = [];
  for (const suite of new Set(rows.map((r) => r.suite))) {
    for (const op of new Set(rows.map((r) => r.op))) {
      const ts = rows.find((r) => r.suite === suite && r.op === op && r.impl === "ts-mls");
      const bound = rows.find((r) => r.suite === suite && r.op === op && r.impl === PQ_BOUND);
      for (const impl of [...PROVIDERS, NODE_ON_TS_MLS_SUITE]) {
        const row = rows.find((r) => r.suite === suite && r.op === op && r.impl === impl);
        if (row === undefined) continue;
        const vs = (other: OpRow | undefined): string =>
          both(over(row.opsPerSec, other?.opsPerSec), over(row.opsPerCpuSec, other?.opsPerCpuSec));
        lines.push([
          suiteHex(row.ranOn ?? suite),
          op,
          impl === NODE_ON_TS_MLS_SUITE ? NODE : impl,
          ...ourCells(row),
          ts?.ranOn === undefined ? "—" : suiteHex(ts.ranOn),
          rate(ts?.opsPerSec),
          vs(ts),
          impl === NODE_ON_TS_MLS_SUITE ? "—" : rate(bound?.opsPerSec),
          impl === NODE_ON_TS_MLS_SUITE ? "—" : vs(bound),
        ]);
      }
    }
  }
  return table(
    [...OUR_COLUMNS, "ts-mls suite", "ts-mls ops/s", "/ts-mls wall cpu", "bound ops/s", "/bound wall cpu"],
    lines,
    3,
  );
}

/**
 * @param results - store figures
 * @returns the stores table
 * @example
 * ```ts
 * console.log(storesTable(results));
 * ```
 */
export function storesTable(results: readonly StoreResult[]): string {
  return table(
    ["store", "put ops/s", "take ops/s", "bundles × rounds"],
    results.map((r) => [r.store, rate(r.putPerSec), rate(r.takePerSec), `${r.n} × ${r.rounds}`]),
  );
}

/**
 * @param results - batch figures
 * @returns the batch table
 * @example
 * ```ts
 * console.log(batchTable(results));
 * ```
 */
export function batchTable(results: readonly BatchResult[]): string {
  return table(
    [
      "provider",
      "suite",
      "mode",
      "count",
      "1 core ops/s",
      "2 cores ops/s",
      "2/1",
      "CPU µs/pkg",
      "main thread",
      "busiest thread",
      "2/1 CPU model",
    ],
    results.map((r) => [
      r.provider,
      String(r.suite),
      r.mode,
      String(r.count),
      rate(r.oneCore),
      rate(r.twoCores),
      ratio(r.ratio),
      rate(r.cpuMicros),
      rate(r.mainCpuMicros),
      rate(r.busiestThreadCpuMicros),
      ratio(r.modelRatio),
    ]),
    3,
  );
}

/**
 * The performance targets for the webcrypto provider (the fast path in Node) and for the node:crypto
 * prototype, judged on this run.
 *
 * @param rows - measured operations
 * @param batch - batch figures
 * @returns every target with its value
 * @example
 * ```ts
 * const ts = targets(rows, batch);
 * ```
 */
export function targets(rows: readonly OpRow[], batch: readonly BatchResult[]): Target[] {
  const list: [string, number, string, string, number][] = [
    ["suite 1 generate / bound (node:crypto)", 1, "generate", BOUND, 0.7],
    ["suite 1 generate / bound (SubtleCrypto)", 1, "generate", SUBTLE_BOUND, 0.7],
    ["suite 1 generate / ts-mls", 1, "generate", "ts-mls", 4],
    ["suite 1 validate / bound (node:crypto)", 1, "validate", BOUND, 0.8],
    ["suite 1 validate / bound (SubtleCrypto)", 1, "validate", SUBTLE_BOUND, 0.8],
    ["suite 1 validate / ts-mls", 1, "validate", "ts-mls", 1.5],
    ["suite 1 validate, warm key / bound (node:crypto)", 1, "validateWarm", BOUND, 0.8],
    ["suite 1 validate, warm key / ts-mls", 1, "validateWarm", "ts-mls", 1.5],
    ["suite 1 decode / ts-mls", 1, "decode", "ts-mls", 20],
    ["suite 2 validate / ts-mls", 2, "validate", "ts-mls", 20],
    ["suite 2 generate / ts-mls", 2, "generate", "ts-mls", 4],
  ];
  const judged: Target[] = [];
  for (const impl of ["webcrypto", NODE]) {
    const vs = (suite: number, op: string, other: string, clock: Clock) =>
      over(find(rows, suite, op, impl, clock), find(rows, suite, op, other, clock));
    for (const [name, suite, op, other, want] of list) {
      if (impl !== "webcrypto" && other === SUBTLE_BOUND) continue;
      const value = vs(suite, op, other, "wall");
      judged.push({
        name: `${impl}: ${name}`,
        value,
        cpu: vs(suite, op, other, "cpu"),
        want,
        met: value !== undefined && value >= want,
      });
    }
  }
  const batchOf = (provider: string, mode: string) =>
    batch.find((b) => b.provider === provider && b.mode === mode);
  for (const [name, b] of [
    ["webcrypto: batch, createKeyPackages: 2 cores / 1 core", batchOf("webcrypto", "batch")],
    ["webcrypto: batch, 2 worker threads: 2 cores / 1 core", batchOf("webcrypto", "workers")],
    [`${NODE}: batch, 2 worker threads: 2 cores / 1 core`, batchOf(NODE, "workers")],
  ] as const) {
    judged.push({
      name,
      value: b?.ratio,
      cpu: b?.modelRatio,
      want: 1.6,
      met: b !== undefined && b.ratio >= 1.6,
    });
  }
  return judged;
}

/**
 * @param list - targets
 * @returns the targets table
 * @example
 * ```ts
 * console.log(targetsTable(targets(rows, batch)));
 * ```
 */
export function targetsTable(list: readonly Target[]): string {
  return table(
    ["target (suite 1 unless said)", "wall", "wanted", "met (wall)", "cpu / CPU model"],
    list.map((t) => [
      t.name,
      ratio(t.value),
      `≥ ${ratio(t.want)}`,
      t.value === undefined ? "—" : t.met ? "yes" : "NO",
      ratio(t.cpu),
    ]),
  );
}
