/**
 * @module args
 * The one argument parser of every command: `node:util` parseArgs, strict, with its errors
 * rewritten as one line a user can act on (unknown options are usage errors, exit code 2).
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./io.js";

/** Option declarations, as `node:util` parseArgs takes them. */
export type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed options and positionals. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** parseArgs' error codes, each as one line (its own messages are paragraphs with advice for scripts). */
function oneLine(e: unknown, options: Options): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const known = Object.keys(options)
        .map((o) => `--${o}`)
        .join(", ");
      return `unknown option ${option ?? message}${known === "" ? "" : ` (options: ${known})`}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(message)
        ? `${option ?? "an option"} needs a value`
        : `${option ?? "an option"} takes no value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ""}`.trim();
    default:
      return message.split("\n")[0]!;
  }
}

/**
 * Options that take a value, declared by name (most of every command's table).
 * @param names - option names without `--`
 * @returns their declarations
 * @example
 * ```ts
 * parseArgs(argv, { ...stringOptions("store", "out"), ...booleanOptions("json") });
 * ```
 */
export function stringOptions(...names: string[]): Options {
  return Object.fromEntries(names.map((name) => [name, { type: "string" }]));
}

/**
 * Options that are switches, declared by name.
 * @param names - option names without `--`
 * @returns their declarations
 * @example
 * ```ts
 * parseArgs(argv, { ...booleanOptions("json", "last-resort") });
 * ```
 */
export function booleanOptions(...names: string[]): Options {
  return Object.fromEntries(names.map((name) => [name, { type: "boolean" }]));
}

/**
 * Parse options and positionals strictly.
 * @param argv - arguments
 * @param options - option declarations
 * @returns values and positionals
 * @throws CliError (exit code 2) with one line for an unknown option, a missing value, …
 * @example
 * ```ts
 * const { values, positionals } = parseArgs(["--json", "kp.mls"], { json: { type: "boolean" } });
 * ```
 */
export function parseArgs(argv: readonly string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = nodeParseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new CliError(oneLine(e, options), 2);
  }
}

/**
 * Parse the options of a command that takes no positional arguments.
 * @param argv - the command's arguments
 * @param options - its options, as for parseArgs
 * @returns the parsed values
 * @throws CliError (exit code 2) on an unknown or malformed option, or a positional argument
 * @example
 * ```ts
 * const values = parseOptions(argv, { store: { type: "string" } });
 * ```
 */
export function parseOptions(argv: readonly string[], options: Options): ParsedArgs["values"] {
  const { values, positionals } = parseArgs(argv, options);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`, 2);
  return values;
}

/**
 * A required string option.
 * @param values - parsed values
 * @param name - the option, without dashes
 * @returns its value
 * @throws CliError (exit code 2) when it is missing or empty
 * @example
 * ```ts
 * const user = required(values, "user");
 * ```
 */
export function required(values: ParsedArgs["values"], name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new CliError(`--${name} is required`, 2);
  return value;
}

/**
 * An optional whole-number option.
 * @param values - parsed values
 * @param name - the option, without dashes
 * @param range - smallest and largest accepted value
 * @returns the number, or undefined when absent
 * @throws CliError (exit code 2) for anything but a whole number in range
 * @example
 * ```ts
 * const port = intOption(values, "port", { min: 0, max: 65535 }) ?? 8080;
 * ```
 */
export function intOption(
  values: ParsedArgs["values"],
  name: string,
  range: { readonly min?: number; readonly max?: number } = {},
): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const min = range.min ?? 0;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new CliError(`--${name} expected a whole number from ${min} to ${max}, got "${String(value)}"`, 2);
  return n;
}
