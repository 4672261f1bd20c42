/**
 * @module commands/validate
 * `mlskit validate <file…>`: validate key packages — one per file, or batches — and say why one
 * is rejected.
 */
import { parseArgs, stringOptions } from "../args.js";
import { type ParsedInput, parseKeyPackageInputs, readInput } from "../input.js";
import { CliError, type Io } from "../io.js";
import { lifetimePolicyOption, parseSuite, parseTime } from "../parse.js";
import { ProgressBar } from "../progress.js";
import { cliProvider } from "../provider.js";
import { validationReport } from "../validation-report.js";

/** Help text of `mlskit validate`. */
export const VALIDATE_HELP = `Usage: mlskit validate <file…> [--now <date>] [--max-lifetime 90d|none] [--suite <id|name>]

Validate each key package (every check of RFC 9420 §10.1 and §7.3, plus a maximum
total lifetime) and print "ok <ref>  <file>" or "FAIL <file> <check> <code>: <reason>",
times as ISO dates. A file may hold a batch (MLSMessages back to back): its packages are
<file>#1, <file>#2, … Exits 0 only when every package passes. A package whose lifetime
passes only thanks to the 5-minute clock-skew allowance is "ok" with a note saying so.

Options:
  --now <date>            judge lifetimes at this time (now, an ISO date or epoch seconds)
  --max-lifetime <dur>    maximum total lifetime (default 365d+1h); "none" turns it off
  --suite <id|name>       require this cipher suite (the group's)

Examples:
  mlskit validate out/*.mls
  mlskit validate --suite 1 --max-lifetime 90d kp.mls
  mlskit validate --now 2023-04-01 --max-lifetime none vector.hex`;

/**
 * Run `mlskit validate`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns 0 when all packages pass, 1 otherwise
 * @example
 * ```ts
 * await validateCommand(["a.mls", "b.mls"], io);
 * ```
 */
export async function validateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    ...stringOptions("now", "max-lifetime", "suite"),
  });
  if (positionals.length === 0) throw new CliError("expected at least one file", 2);
  const now = typeof values.now === "string" ? parseTime(values.now) : undefined;
  const lifetimePolicy = lifetimePolicyOption(values["max-lifetime"]);
  const expected = typeof values.suite === "string" ? parseSuite(values.suite) : undefined;
  const provider = cliProvider(io);
  const bar = new ProgressBar(io.stderr, positionals.length, "validating");
  let failures = 0;
  for (const [i, path] of positionals.entries()) {
    let inputs: ParsedInput[];
    try {
      inputs = parseKeyPackageInputs(await readInput(path, io), path === "-" ? "stdin" : path);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      failures++;
      io.stdout.write(
        `FAIL ${path} ${e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message}\n`,
      );
      continue;
    }
    for (const input of inputs) {
      const r = await validationReport(input.keyPackage, {
        provider,
        lifetimePolicy,
        ...(now === undefined ? {} : { now }),
        ...(expected === undefined ? {} : { expectedCipherSuite: expected }),
      });
      if (r.ok)
        io.stdout.write(`ok ${r.ref}  ${input.label}${r.note === undefined ? "" : `  (${r.note})`}\n`);
      else {
        failures++;
        io.stdout.write(
          `FAIL ${input.label} ${r.check === undefined ? "" : `${r.check} `}${r.code}: ${r.reason}\n`,
        );
      }
    }
    bar.update(i + 1);
  }
  bar.done();
  return failures === 0 ? 0 : 1;
}
