/** An in-memory process surface for running `main` in the test process. */
import type { Io } from "../src/io.js";

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
