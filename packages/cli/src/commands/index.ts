/**
 * @module commands
 * The table of every `mlskit` command, in the order `mlskit --help` lists them. A new command is
 * a file under commands/ exporting a `Command` (or a `CommandGroup`) and one line here.
 */
import type { Command, CommandGroup } from "../command.js";
import { claim } from "./claim.js";
import { directory } from "./directory.js";
import { GENERATE_HELP, generateCommand } from "./generate.js";
import { INSPECT_HELP, inspectCommand } from "./inspect.js";
import { publish } from "./publish.js";
import {
  COUNT_HELP,
  countCommand,
  LIST_HELP,
  listCommand,
  PRUNE_HELP,
  pruneCommand,
  TAKE_HELP,
  takeCommand,
} from "./store-commands.js";
import { VALIDATE_HELP, validateCommand } from "./validate.js";
import { welcome } from "./welcome.js";

/** Every command by name. */
export const COMMANDS: Readonly<Record<string, Command | CommandGroup>> = {
  generate: {
    summary: "generate key packages and keep their private keys",
    help: GENERATE_HELP,
    run: generateCommand,
  },
  inspect: {
    summary: "decode key packages (one, or a batch) and print them readably",
    help: INSPECT_HELP,
    run: inspectCommand,
  },
  validate: {
    summary: "validate key packages (RFC 9420 §10.1, §7.3)",
    help: VALIDATE_HELP,
    run: validateCommand,
  },
  list: { summary: "list the key packages in the store", help: LIST_HELP, run: listCommand },
  count: { summary: "count the key packages in the store", help: COUNT_HELP, run: countCommand },
  prune: { summary: "delete expired key packages from the store", help: PRUNE_HELP, run: pruneCommand },
  take: { summary: "take a key package out of the store (used once)", help: TAKE_HELP, run: takeCommand },
  welcome,
  publish,
  claim,
  directory,
};
