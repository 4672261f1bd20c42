/**
 * @module args
 * A strict wrapper over `node:util` parseArgs: unknown options are usage errors (exit 2).
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parse options and positionals strictly.
 * @param argv - arguments
 * @param options - option declarations
 * @returns values and positionals
 * @example
 * ```ts
 * const { values, positionals } = parseArgs(["--json", "kp.mls"], { json: { type: "boolean" } });
 * ```
 */
export function parseArgs(
  argv: string[],
  options: Options,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = nodeParseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message.split("\n")[0]! : String(e), 2);
  }
}
