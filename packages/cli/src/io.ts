/**
 * @module io
 * The process surface the CLI runs against, injected so the commands stay testable.
 */

/** A writable text stream (process.stdout / process.stderr). */
export interface TextOut {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** What a command may touch of the process. */
export interface Io {
  readonly stdout: TextOut;
  readonly stderr: TextOut;
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stops long-running commands (`directory serve`) when aborted; without it, SIGINT or SIGTERM does. */
  readonly signal?: AbortSignal;
}

/**
 * An error the CLI reports as one line on stderr, with an exit code (2 for usage errors).
 * @example
 * ```ts
 * throw new CliError("no such file: kp.mls", 1);
 * ```
 */
export class CliError extends Error {
  /** Process exit code. */
  readonly exitCode: number;
  /** @param message - one line @param exitCode - default 1 */
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
