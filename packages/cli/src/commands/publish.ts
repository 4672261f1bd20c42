/**
 * @module commands/publish
 * `mlskit publish --to <url>`: publish key packages to an mlskit directory, from MLSMessage files
 * (`publishKeyPackages`) or by keeping a stock topped up from the local key store (`topUp`). The
 * token comes from `MLSKIT_DIRECTORY_TOKEN` or `--token-file` (never a flag: flags show in `ps`).
 */
import { concatBytes, toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { type DirectoryConnection, publishKeyPackages, topUp } from "@mlskit/directory-client";
import { booleanOptions, intOption, parseArgs, stringOptions } from "../args.js";
import type { Command } from "../command.js";
import { readInput, secretOption } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseSuite } from "../parse.js";
import { cliProvider } from "../provider.js";
import { ensureSignatureKeyPair } from "../signature-key.js";
import { withStore } from "../store.js";

/** Help text of `mlskit publish`. */
export const PUBLISH_HELP = `Usage: mlskit publish --to <url> [options] (<file>... | -)
       mlskit publish --to <url> --top-up <n> --identity <id> [--suite <id|name>] [options]

Publish key packages to an mlskit directory (see docs/directory.md).

  <file>... | -        MLSMessage files (a file may hold several back to back); - reads stdin
  --top-up <n>         instead: keep n valid key packages published, creating the missing ones
                       in the local store (--store, MLSKIT_STORE) with the signature key pair of
                       --identity and --suite (made and kept there on first use, as generate
                       does), plus a last-resort package
  --identity <id>      basic credential identity the client is registered with (--top-up)
  --suite <id|name>    cipher suite (--top-up; default 1)
  --low-water <n>      top up only when fewer than n are left (default: the --top-up value)
  --no-last-resort     do not publish or rotate a last-resort package
  --store <path>       local SQLite store for --top-up (default $MLSKIT_STORE or ./mlskit.db)
  --token-file <path>  file holding the client token (default: env MLSKIT_DIRECTORY_TOKEN)

Examples:
  MLSKIT_DIRECTORY_TOKEN=mlsk_… mlskit publish --to http://127.0.0.1:8080 published/*.mls
  mlskit publish --to https://ds.example.com --token-file token --top-up 100 --identity alice@example.com`;

/**
 * The directory connection of `--to` (or another option naming the URL) with the token of
 * `--token-file` or `MLSKIT_DIRECTORY_TOKEN`.
 * @param values - parsed `--to` and `--token-file`
 * @param io - process surface
 * @param option - the option with the URL, without dashes (default `to`)
 * @returns the connection
 * @throws CliError without a URL or a token
 * @example
 * ```ts
 * const directory = await directoryConnection(values, io);
 * ```
 */
export async function directoryConnection(
  values: Record<string, string | boolean | undefined>,
  io: Io,
  option = "to",
): Promise<DirectoryConnection> {
  const to = values[option];
  if (typeof to !== "string") throw new CliError(`--${option} <url> is required`, 2);
  if (!/^https?:\/\//i.test(to)) throw new CliError(`--${option} expects an http(s) URL, got "${to}"`, 2);
  const token = await secretOption(values, "token-file", io, "MLSKIT_DIRECTORY_TOKEN");
  if (token === undefined || token === "")
    throw new CliError("no token: set MLSKIT_DIRECTORY_TOKEN or pass --token-file", 2);
  return { url: to, token };
}

/**
 * Run `mlskit publish`.
 * @param argv - the arguments after `publish`
 * @param io - process surface
 * @returns 0 when published
 * @example
 * ```ts
 * await publishCommand(["--to", "http://127.0.0.1:8080", "published/a.mls"], io);
 * ```
 */
export async function publishCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    ...stringOptions("to", "top-up", "identity", "suite", "low-water", "store", "token-file"),
    ...booleanOptions("no-last-resort"),
  });
  const directory = await directoryConnection(values, io);
  const target = intOption(values, "top-up");
  if (target !== undefined) {
    if (positionals.length > 0) throw new CliError("--top-up takes no files", 2);
    const identity = values.identity;
    if (typeof identity !== "string") throw new CliError("--top-up needs --identity <id>", 2);
    const lowWater = intOption(values, "low-water");
    const cipherSuite = typeof values.suite === "string" ? parseSuite(values.suite) : 1;
    const credential = basicCredential(identity);
    const provider = cliProvider(io);
    const r = await withStore(
      values.store,
      io,
      async (store, path) =>
        topUp({
          directory,
          store,
          provider,
          cipherSuite,
          credential,
          // The identity's key pair of the suite, as generate keeps it: made on first use.
          signatureKeyPair: await ensureSignatureKeyPair(
            store,
            { credential, identity, cipherSuite },
            provider,
            io,
            path,
          ),
          target,
          ...(lowWater === undefined ? {} : { lowWater }),
          lastResort: values["no-last-resort"] !== true,
        }),
      { create: true },
    );
    io.stdout.write(
      `published ${r.published} key packages${r.lastResortPublished ? " and a last-resort package" : ""}; ${r.after} valid on the directory (was ${r.before})\n`,
    );
    return 0;
  }
  if (positionals.length === 0) throw new CliError("give MLSMessage files, - for stdin, or --top-up <n>", 2);
  const parts: Uint8Array[] = [];
  for (const file of positionals) parts.push(await readInput(file, io));
  const r = await publishKeyPackages(directory, [concatBytes(...parts)]);
  for (const p of r.published)
    io.stdout.write(`${toHex(p.ref)}\tsuite ${p.cipherSuite}${p.lastResort ? "\tlast resort" : ""}\n`);
  io.stderr.write(`published ${r.published.length} key packages\n`);
  return 0;
}

/** `mlskit publish`. */
export const publish: Command = {
  summary: "publish key packages to a directory (or top one up)",
  help: PUBLISH_HELP,
  run: publishCommand,
};
