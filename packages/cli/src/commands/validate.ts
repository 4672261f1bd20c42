/**
 * @module commands/validate
 * `mlskit validate <file…>`: validate key packages and say why one is rejected.
 */
import { toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import {
  DEFAULT_LIFETIME_POLICY,
  keyPackageRef,
  type LifetimePolicy,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { parseArgs } from "../args.js";
import { parseKeyPackageInput, readInput } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseDuration, parseSuite, parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";

/** Help text of `mlskit validate`. */
export const VALIDATE_HELP = `Usage: mlskit validate <file…> [--now <date>] [--max-lifetime 90d|none] [--suite <id|name>]

Validate each key package (every check of RFC 9420 §10.1 and §7.3, plus a maximum
total lifetime) and print "ok <ref>" or "FAIL <file> <check> <code>: <reason>".
Exits 0 only when every package passes.

Options:
  --now <date>            judge lifetimes at this time (ISO date or epoch seconds)
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
    now: { type: "string" },
    "max-lifetime": { type: "string" },
    suite: { type: "string" },
  });
  if (positionals.length === 0) throw new CliError("expected at least one file", 2);
  const now = typeof values.now === "string" ? parseTime(values.now) : undefined;
  const max = values["max-lifetime"];
  const lifetimePolicy: LifetimePolicy | false =
    max === undefined
      ? DEFAULT_LIFETIME_POLICY
      : max === "none"
        ? false
        : { ...DEFAULT_LIFETIME_POLICY, maxTotalSeconds: parseDuration(String(max), "--max-lifetime") };
  const expected = typeof values.suite === "string" ? parseSuite(values.suite) : undefined;
  const provider = cliProvider(io);
  let failures = 0;
  for (const path of positionals) {
    try {
      const { keyPackage } = parseKeyPackageInput(await readInput(path, io), path === "-" ? "stdin" : path);
      const kp = await validateKeyPackage(keyPackage, {
        provider,
        lifetimePolicy,
        ...(now === undefined ? {} : { now }),
        ...(expected === undefined ? {} : { expectedCipherSuite: expected }),
      });
      io.stdout.write(`ok ${toHex(await keyPackageRef(kp, provider))}  ${path}\n`);
    } catch (e) {
      failures++;
      if (MlsError.is(e)) {
        const check = typeof e.details.check === "string" ? `${e.details.check} ` : "";
        io.stdout.write(`FAIL ${path} ${check}${e.code}: ${e.message.replace(/^KP-\d\d: /, "")}\n`);
      } else if (e instanceof CliError) {
        io.stdout.write(`FAIL ${path} ${e.message}\n`);
      } else {
        throw e;
      }
    }
  }
  return failures === 0 ? 0 : 1;
}
