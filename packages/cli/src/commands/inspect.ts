/**
 * @module commands/inspect
 * `mlskit inspect <file|->`: decode and describe key packages — one, or a batch.
 */
import { toEpochSeconds } from "@mlskit/key-packages";
import { parseArgs } from "../args.js";
import { describeKeyPackage, renderDescription } from "../describe.js";
import { parseKeyPackageInputs, readInput } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";

/** Help text of `mlskit inspect`. */
export const INSPECT_HELP = `Usage: mlskit inspect <file|-> [--json] [--now <date>]

Decode key packages and print each as a readable tree: cipher suite by name, keys,
credential, capabilities (GREASE marked), lifetime as dates with "expires in",
extensions by name and the KeyPackageRef. Accepts a bare KeyPackage or MLSMessages
(wire format 5) — one, or several back to back as a directory returns them — as binary,
hex or base64. Nothing is validated: use "mlskit validate".

Options:
  --json        print the same information as JSON: every registry value as { id, name },
                times as ISO dates and as seconds; an array for a batch
  --now <date>  the time for "expires in" (now, an ISO date or epoch seconds; default now)

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
  const inputs = parseKeyPackageInputs(await readInput(path, io), path === "-" ? "stdin" : path);
  const now = typeof values.now === "string" ? parseTime(values.now) : toEpochSeconds();
  const provider = cliProvider(io);
  const described = [];
  for (const input of inputs)
    described.push(await describeKeyPackage(input.keyPackage, provider, input, now));
  if (values.json === true) {
    const json = described.length === 1 ? described[0] : described;
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout.write(
      `${described
        .map(
          (d, i) => (described.length === 1 ? "" : `${inputs[i]!.label}\n`) + renderDescription(d).join("\n"),
        )
        .join("\n\n")}\n`,
    );
  }
  return 0;
}
