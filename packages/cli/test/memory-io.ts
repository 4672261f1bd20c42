/** An in-memory process surface for running `main` in the test process, and a temporary folder per test. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { Io } from "../src/io.js";
import { main } from "../src/main.js";

export interface MemoryIo {
  readonly io: Io;
  readonly out: { stdout: string; stderr: string };
}

/** stdout/stderr captured as strings, an empty (or given) stdin, the given environment. */
export function memoryIo(
  env: Record<string, string> = {},
  opts: { signal?: AbortSignal; input?: Uint8Array } = {},
): MemoryIo {
  const out = { stdout: "", stderr: "" };
  const input = opts.input;
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      stdin: (async function* () {
        if (input !== undefined) yield input;
      })(),
      env,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    },
  };
}

/** Run `main` in this process on a {@link memoryIo}: the exit code and what it printed. */
export async function runMain(
  argv: string[],
  env: Record<string, string> = {},
  opts: { signal?: AbortSignal; input?: Uint8Array } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const m = memoryIo(env, opts);
  const code = await main(argv, m.io);
  return { code, ...m.out };
}

/**
 * A fresh temporary folder for each test of the file, removed after it.
 * @returns the current test's folder (call it inside a test or hook)
 */
export function tempDirPerTest(prefix: string): () => string {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
