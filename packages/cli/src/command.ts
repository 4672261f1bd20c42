/**
 * @module command
 * What a command is: a summary for the list, a help text, and a function from arguments to an
 * exit code. A group (`mlskit directory …`) holds subcommands. The table of every command is in
 * commands/index.ts: adding a command is one file and one line there.
 */
import type { Io } from "./io.js";

/**
 * One command, e.g. `mlskit generate` or `mlskit directory serve`.
 *
 * @example
 * ```ts
 * const hello: Command = { summary: "say hello", help: "Usage: mlskit hello", run: async (_argv, io) => (io.stdout.write("hello\n"), 0) };
 * ```
 */
export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** The whole help text (`mlskit <command> --help`). */
  readonly help: string;
  /**
   * Run with the arguments after the command's name. Throw `CliError` (usage: exit code 2) or let
   * an `MlsError` through; `main` prints either as one line.
   */
  readonly run: (argv: string[], io: Io) => Promise<number>;
}

/**
 * A command with subcommands, e.g. `mlskit directory <serve|add-client|…>`.
 *
 * @example
 * ```ts
 * const group: CommandGroup = { summary: "…", help: "Usage: mlskit directory <command>", commands: { serve } };
 * ```
 */
export interface CommandGroup {
  /** One line for the command list. */
  readonly summary: string;
  /** The group's help text, listing its subcommands. */
  readonly help: string;
  /** The subcommands by name. */
  readonly commands: Readonly<Record<string, Command>>;
}

/**
 * Whether an entry of the command table is a group.
 * @param entry - a command or a group
 * @returns true for a group
 * @example
 * ```ts
 * isCommandGroup(COMMANDS.directory); // true
 * ```
 */
export function isCommandGroup(entry: Command | CommandGroup): entry is CommandGroup {
  return "commands" in entry;
}
