/**
 * @module commands/claim
 * `mlskit claim --from <url> --user <id>`: claim one key package of each client of a user from an
 * mlskit directory — as a member does to add the user to a group — and validate every one, since
 * the directory is not trusted. `--out` keeps the packages that pass as `<ref>.mls`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { claimKeyPackages, DirectoryClientErrorCode } from "@mlskit/directory-client";
import { booleanOptions, parseOptions, required, stringOptions } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { lifetimePolicyOption, parseSuite, parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";
import { type ValidationReport, validationReport } from "../validation-report.js";
import { directoryConnection } from "./publish.js";

/** Help text of `mlskit claim`. */
export const CLAIM_HELP = `Usage: mlskit claim --from <url> --user <id> [--suite <id|name>] [--out <dir>] [--json]

Claim one key package of each client of a user from an mlskit directory, as a member does to
add the user to a group, and validate each (the directory is not trusted: every check of
RFC 9420 §10.1 and §7.3, the suite asked for, and the ref the directory named). Each claimed
ordinary package is handed out once: the directory deletes it.

Prints "ok <ref>  <client>" (with "last resort" for a client's reusable package) or
"FAIL <client> <check> <code>: <reason>", and names on stderr the clients with no package of the
suite. Exits 0 only when at least one package was claimed and every one passed.

Options:
  --from <url>            the directory
  --user <id>             the user whose packages to claim
  --suite <id|name>       the group's cipher suite (default 1)
  --out <dir>             write each package that passes as <dir>/<ref>.mls
  --json                  print the claim as the directory's JSON ({ userId, cipherSuite,
                          keyPackages: [{ clientId, ref, lastResort, keyPackage }], missingClients }),
                          each package with its result: "valid", or "check", "code", "reason"
  --now <date>            judge lifetimes at this time (now, an ISO date or epoch seconds)
  --max-lifetime <dur>    maximum total lifetime (default 365d+1h); "none" turns it off
  --token-file <path>     file holding the claiming client's token (default: env
                          MLSKIT_DIRECTORY_TOKEN)

Examples:
  MLSKIT_DIRECTORY_TOKEN=mlsk_… mlskit claim --from http://127.0.0.1:8080 --user alice
  mlskit claim --from https://ds.example.com --token-file token --user alice --suite 2 --out claimed/`;

/**
 * Run `mlskit claim`.
 * @param argv - the arguments after `claim`
 * @param io - process surface
 * @returns 0 when packages were claimed and all passed
 * @example
 * ```ts
 * await claimCommand(["--from", "http://127.0.0.1:8080", "--user", "alice"], io);
 * ```
 */
export async function claimCommand(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, {
    ...stringOptions("from", "user", "suite", "out", "now", "max-lifetime", "token-file"),
    ...booleanOptions("json"),
  });
  const directory = await directoryConnection(values, io, "from");
  const userId = required(values, "user");
  const cipherSuite = typeof values.suite === "string" ? parseSuite(values.suite) : 1;
  const lifetimePolicy = lifetimePolicyOption(values["max-lifetime"]);
  const now = typeof values.now === "string" ? parseTime(values.now) : undefined;
  const outDir = typeof values.out === "string" ? values.out : undefined;
  const provider = cliProvider(io);

  const claim = await claimKeyPackages(directory, userId, { cipherSuite });
  if (outDir !== undefined) await mkdir(outDir, { recursive: true });
  const results: ValidationReport[] = [];
  for (const k of claim.keyPackages) {
    let r = await validationReport(k.keyPackage, {
      provider,
      lifetimePolicy,
      expectedCipherSuite: cipherSuite,
      ...(now === undefined ? {} : { now }),
    });
    // The ref is the package's own hash: a directory naming another one is not to be believed.
    const named = toHex(k.ref);
    if (r.ok && r.ref !== named)
      r = {
        ok: false,
        code: DirectoryClientErrorCode.badResponse,
        reason: `the directory named it ${named}, but its ref is ${r.ref}`,
      };
    if (r.ok && outDir !== undefined) await writeFile(join(outDir, `${r.ref}.mls`), k.message);
    results.push(r);
  }

  if (values.json === true) {
    const json = {
      userId: claim.userId,
      cipherSuite: claim.cipherSuite,
      keyPackages: claim.keyPackages.map((k, i) => {
        const r = results[i]!;
        // The directory's own form of a claimed package: ref in hex, the MLSMessage in base64.
        return {
          clientId: k.clientId,
          ref: toHex(k.ref),
          lastResort: k.lastResort,
          keyPackage: Buffer.from(k.message).toString("base64"),
          ...(r.ok
            ? { valid: true, ...(r.note === undefined ? {} : { note: r.note }) }
            : {
                valid: false,
                ...(r.check === undefined ? {} : { check: r.check }),
                code: r.code,
                reason: r.reason,
              }),
        };
      }),
      missingClients: claim.missingClients,
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const [i, k] of claim.keyPackages.entries()) {
      const r = results[i]!;
      io.stdout.write(
        r.ok
          ? `ok ${r.ref}  ${k.clientId}${k.lastResort ? "  last resort" : ""}${r.note === undefined ? "" : `  (${r.note})`}\n`
          : `FAIL ${k.clientId} ${r.check === undefined ? "" : `${r.check} `}${r.code}: ${r.reason}\n`,
      );
    }
  }
  for (const c of claim.missingClients)
    io.stderr.write(`client "${c}" of "${userId}" has no key package of suite ${cipherSuite}\n`);
  const failed = results.filter((r) => !r.ok).length;
  io.stderr.write(
    `claimed ${results.length} key package${results.length === 1 ? "" : "s"} of "${userId}" (suite ${cipherSuite})${failed === 0 ? "" : `; ${failed} failed validation`}${outDir === undefined ? "" : `, the valid ones written to ${outDir}/`}\n`,
  );
  return results.length > 0 && failed === 0 ? 0 : 1;
}

/** `mlskit claim`. */
export const claim: Command = {
  summary: "claim a user's key packages from a directory and validate them",
  help: CLAIM_HELP,
  run: claimCommand,
};
