/**
 * @module child-process
 * Tests that run real OS processes (races between processes, SIGKILL in the middle of an
 * operation) watch each child the same way: its complete stdout lines as they come, its stderr
 * for failure messages, its exit; wait until a line shows up; kill it with SIGKILL; and start
 * several at the same moment (each prints `ready`, then all are told `go`).
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";

/** A child process under watch. */
export interface WatchedChild {
  /** The process. */
  readonly process: ChildProcessWithoutNullStreams;
  /** Its complete stdout lines so far (appended as they come). */
  readonly lines: readonly string[];
  /** Its exit code (`null` when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Its stderr so far. */
  stderr(): string;
  /**
   * Wait until `seen(lines)` holds or the child exits; a timeout throws naming `what`.
   * @param seen - the condition on the lines so far
   * @param what - what is awaited, for the timeout's message
   * @param limitMs - the timeout (default 60 s)
   */
  until(seen: (lines: readonly string[]) => boolean, what: string, limitMs?: number): Promise<void>;
  /** Kill it with SIGKILL and wait for its end; returns the signal that ended it. */
  kill(): Promise<string | null>;
}

/**
 * Wait until `cond()` holds, polling every 10 ms; a timeout throws naming `what`.
 * @param cond - the condition
 * @param what - what is awaited, for the timeout's message
 * @param limitMs - the timeout (default 60 s)
 * @throws Error on timeout
 * @example
 * ```ts
 * await waitFor(() => out.lines.length >= 300, "300 acknowledged puts");
 * ```
 */
export async function waitFor(cond: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Watch a child process: collect its stdout lines and stderr from now on.
 * @param p - a process spawned with piped stdio
 * @returns the watch
 * @example
 * ```ts
 * const c = watchChild(spawn(process.execPath, ["worker.mjs"]));
 * await c.until((lines) => lines.includes("reserved"), "the reservation");
 * expect(await c.kill()).toBe("SIGKILL");
 * ```
 */
export function watchChild(p: ChildProcessWithoutNullStreams): WatchedChild {
  const lines: string[] = [];
  let buffered = "";
  let err = "";
  p.stdout.setEncoding("utf8");
  p.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  p.stderr.on("data", (c) => {
    err += String(c);
  });
  const exited = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
  return {
    process: p,
    lines,
    exited,
    stderr: () => err,
    until: (seen, what, limitMs) => waitFor(() => seen(lines) || p.exitCode !== null, what, limitMs),
    kill: async () => {
      p.kill("SIGKILL");
      await exited;
      return p.signalCode;
    },
  };
}

/** What {@link raceChildren} saw. */
export interface ChildRace {
  /** Each child's exit code, in order. */
  readonly codes: readonly (number | null)[];
  /** Every child's stderr, for the failure message. */
  readonly stderr: string;
  /** Each child's first stdout line that starts with `{`, parsed (`undefined` when there is none). */
  readonly results: readonly unknown[];
}

/**
 * Race child processes: each prints `ready` when set up and waits for `go` on stdin; once all
 * are ready all are told `go` at once, and their ends are awaited.
 * @param procs - the children, spawned with piped stdio
 * @param limitMs - how long they may take to get ready (default 60 s)
 * @returns their exit codes, stderr and JSON results
 * @example
 * ```ts
 * const { codes, stderr, results } = await raceChildren([spawn(...), spawn(...)]);
 * expect(codes, stderr).toEqual([0, 0]);
 * ```
 */
export async function raceChildren(
  procs: readonly ChildProcessWithoutNullStreams[],
  limitMs?: number,
): Promise<ChildRace> {
  const outs = procs.map(watchChild);
  await waitFor(() => outs.every((o) => o.lines.includes("ready")), "every child ready", limitMs);
  for (const p of procs) p.stdin.write("go\n");
  const codes = await Promise.all(outs.map((o) => o.exited));
  const results = outs.map((o) => {
    const line = o.lines.find((l) => l.startsWith("{"));
    return line === undefined ? undefined : (JSON.parse(line) as unknown);
  });
  return { codes, stderr: outs.map((o) => o.stderr()).join("\n"), results };
}
