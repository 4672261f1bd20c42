/**
 * @module commands/inspect
 * `mlskit inspect <file|->`: decode and describe a key package.
 */

import { toEpochSeconds } from "@mlskit/key-packages";
import { parseArgs } from "../args.js";
import { describeKeyPackage, renderDescription } from "../describe.js";
import { parseKeyPackageInput, readInput } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";

/** Help text of `mlskit inspect`. */
export const INSPECT_HELP = `Usage: mlskit inspect <file|-> [--json] [--now <date>]

Decode a key package and print it as a readable tree: cipher suite by name, keys,
credential, capabilities (GREASE marked), lifetime as dates with "expires in",
extensions by name and the KeyPackageRef. Accepts an MLSMessage (wire format 5) or a
bare KeyPackage, as binary, hex or base64. Nothing is validated: use "mlskit validate".

Options:
  --json        print the same information as JSON
  --now <date>  the time for "expires in" (ISO date or epoch seconds; default now)

Examples:
  mlskit inspect 8e1faada….mls
  mlskit inspect --json kp.hex
  cat kp.b64 | mlskit inspect -`;

/**
 * Run `mlskit inspect`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await inspectCommand(["kp.mls"], io);
 * ```
 */
export async function inspectCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, { json: { type: "boolean" }, now: { type: "string" } });
  if (positionals.length !== 1) throw new CliError("expected exactly one file (or - for stdin)", 2);
  const path = positionals[0]!;
  const parsed = parseKeyPackageInput(await readInput(path, io), path === "-" ? "stdin" : path);
  const now = typeof values.now === "string" ? parseTime(values.now) : toEpochSeconds();
  const d = await describeKeyPackage(parsed.keyPackage, cliProvider(io), parsed, now);
  io.stdout.write(
    values.json === true ? `${JSON.stringify(d, null, 2)}\n` : `${renderDescription(d).join("\n")}\n`,
  );
  return 0;
}
