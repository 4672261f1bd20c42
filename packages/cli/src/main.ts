/**
 * @module main
 * Entry point of the `mlskit` command: dispatch through the command table, help, and the one
 * output path for failures — any failure is one line on stderr (`mlskit <command>: …`) and a
 * non-zero exit (2 for a usage error, 1 otherwise), never a stack trace unless `MLSKIT_DEBUG=1`.
 */
import { MlsError } from "@mlskit/errors";
import { type Command, isCommandGroup } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { CliError, type Io } from "./io.js";
import { VERSION } from "./version.js";

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "Usage: mlskit <command> [options]",
    "",
    "Create, inspect, validate and keep MLS (RFC 9420) key packages.",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    'Run "mlskit <command> --help" for a command\'s options and examples.',
    "Environment: MLSKIT_STORE (store path, default ./mlskit.db), MLSKIT_STORE_KEY (hex,",
    "encrypts the store at rest), MLSKIT_PROVIDER (node, the default; webcrypto; noble),",
    "MLSKIT_DEBUG=1 (stack traces).",
  ].join("\n");
}

const isHelp = (arg: string | undefined): boolean => arg === "--help" || arg === "-h";

/** What the operating system said, for the errors a user can fix (a path, a port). */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EADDRINUSE: "the address is already in use (another server on that port?)",
  EADDRNOTAVAIL: "the address is not available on this machine",
  ECONNREFUSED: "connection refused",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
};

/** One line for any failure, and its exit code. */
function describeFailure(e: unknown, debug: boolean): { line: string; exitCode: number } {
  if (e instanceof CliError) return { line: e.message, exitCode: e.exitCode };
  if (MlsError.is(e)) return { line: `${e.code}: ${e.message}`, exitCode: 1 };
  // A library's argument check (a malformed id, a limit out of range) is a usage error.
  if (e instanceof TypeError || e instanceof RangeError) return { line: e.message, exitCode: 2 };
  const err = e as { code?: unknown; path?: unknown; address?: unknown; port?: unknown; message?: unknown };
  if (typeof err?.code === "string" && Object.hasOwn(SYSTEM_ERRORS, err.code)) {
    const where =
      typeof err.path === "string"
        ? `${err.path}: `
        : typeof err.address === "string"
          ? `${err.address}${typeof err.port === "number" ? `:${err.port}` : ""}: `
          : "";
    return { line: `${where}${SYSTEM_ERRORS[err.code]} (${err.code})`, exitCode: 1 };
  }
  const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return {
    line: `unexpected error: ${msg}${debug ? "" : " (MLSKIT_DEBUG=1 for details)"}`,
    exitCode: 1,
  };
}

/**
 * Run the CLI.
 * @param argv - arguments after `mlskit`
 * @param io - process surface
 * @returns the exit code
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
 * ```
 */
export async function main(argv: string[], io: Io): Promise<number> {
  let [name, ...rest] = argv;
  let helpOnly = false;
  if (name === "help") {
    [name, ...rest] = rest;
    helpOnly = true;
    if (name === undefined) {
      io.stdout.write(`${mainHelp()}\n`);
      return 0;
    }
  }
  if (name === undefined || isHelp(name)) {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`mlskit ${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr.write(`mlskit: unknown command "${name}" (try "mlskit --help")\n`);
    return 2;
  }
  let path = `mlskit ${name}`;
  let command: Command;
  if (isCommandGroup(entry)) {
    const [sub, ...subRest] = rest;
    if (sub === undefined || isHelp(sub)) {
      io.stdout.write(`${entry.help}\n`);
      return sub === undefined && !helpOnly ? 2 : 0;
    }
    const found = Object.hasOwn(entry.commands, sub) ? entry.commands[sub] : undefined;
    if (found === undefined) {
      io.stderr.write(`${path}: unknown command "${sub}" (try "${path} --help")\n`);
      return 2;
    }
    path = `${path} ${sub}`;
    command = found;
    rest = subRest;
  } else {
    command = entry;
  }
  const end = rest.indexOf("--");
  if (helpOnly || (end === -1 ? rest : rest.slice(0, end)).some(isHelp)) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const debug = io.env.MLSKIT_DEBUG === "1";
    if (debug && e instanceof Error) io.stderr.write(`${e.stack ?? e.message}\n`);
    const { line, exitCode } = describeFailure(e, debug);
    io.stderr.write(`${path}: ${line}\n`);
    return exitCode;
  }
}
