/**
 * @module main
 * Entry point of the `mlskit` command: dispatch, help, and the rule that any failure is one
 * clear line on stderr and a non-zero exit — never a stack trace unless `MLSKIT_DEBUG=1`.
 */
import { MlsError } from "@mlskit/errors";
import { DIRECTORY_HELP, directoryCommand, PUBLISH_HELP, publishCommand } from "./commands/directory.js";
import { GENERATE_HELP, generateCommand } from "./commands/generate.js";
import { INSPECT_HELP, inspectCommand } from "./commands/inspect.js";
import {
  COUNT_HELP,
  countCommand,
  LIST_HELP,
  listCommand,
  PRUNE_HELP,
  pruneCommand,
  TAKE_HELP,
  takeCommand,
} from "./commands/store-commands.js";
import { VALIDATE_HELP, validateCommand } from "./commands/validate.js";
import { CliError, type Io } from "./io.js";
import { VERSION } from "./version.js";

interface Command {
  readonly summary: string;
  readonly help: string;
  readonly run: (argv: string[], io: Io) => Promise<number>;
  /** The command has subcommands and prints its own help for them. */
  readonly ownHelp?: boolean;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  generate: {
    summary: "generate key packages and keep their private keys",
    help: GENERATE_HELP,
    run: generateCommand,
  },
  inspect: { summary: "decode a key package and print it readably", help: INSPECT_HELP, run: inspectCommand },
  validate: {
    summary: "validate key packages (RFC 9420 §10.1, §7.3)",
    help: VALIDATE_HELP,
    run: validateCommand,
  },
  list: { summary: "list the key packages in the store", help: LIST_HELP, run: listCommand },
  count: { summary: "count the key packages in the store", help: COUNT_HELP, run: countCommand },
  prune: { summary: "delete expired key packages from the store", help: PRUNE_HELP, run: pruneCommand },
  take: { summary: "take a key package out of the store (used once)", help: TAKE_HELP, run: takeCommand },
  publish: {
    summary: "publish key packages to a directory (or top one up)",
    help: PUBLISH_HELP,
    run: publishCommand,
  },
  directory: {
    summary: "run a key-package directory (serve, add-client, …)",
    help: DIRECTORY_HELP,
    run: directoryCommand,
    ownHelp: true,
  },
};

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
    "encrypts the store at rest), MLSKIT_DEBUG=1 (stack traces).",
  ].join("\n");
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
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const cmd = topic === undefined ? undefined : COMMANDS[topic];
    io.stdout.write(`${cmd?.help ?? mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`mlskit ${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr.write(`mlskit: unknown command "${name}" (try "mlskit --help")\n`);
    return 2;
  }
  if (command.ownHelp !== true && (rest.includes("--help") || rest.includes("-h"))) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (io.env.MLSKIT_DEBUG === "1" && e instanceof Error) io.stderr.write(`${e.stack ?? e.message}\n`);
    if (e instanceof CliError) {
      io.stderr.write(`mlskit ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (MlsError.is(e)) {
      io.stderr.write(`mlskit ${name}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    io.stderr.write(
      `mlskit ${name}: unexpected error: ${msg}${io.env.MLSKIT_DEBUG === "1" ? "" : " (MLSKIT_DEBUG=1 for details)"}\n`,
    );
    return 1;
  }
}
