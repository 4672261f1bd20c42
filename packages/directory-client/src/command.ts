/**
 * @module command
 * `runPublish`: the `mlskit publish --to <url>` command, for `@mlskit/cli` to mount. Node only
 * (reads files), hence its own subpath `@mlskit/directory-client/command`; the main entry stays
 * usable in browsers. Two modes:
 * - `mlskit publish --to <url> <file>… | -`: publish MLSMessage files (each may hold several);
 * - `mlskit publish --to <url> --top-up <n> --identity <id> --suite <n>`: `topUp` from the local
 *   key store, which the CLI passes in (`deps.openStore`), with its crypto provider.
 * The token comes from `MLSKIT_DIRECTORY_TOKEN` or `--token-file` (never a flag: flags show in `ps`).
 */
import { readFile } from "node:fs/promises";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { concatBytes, toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import type { KeyPackageStore } from "@mlskit/keystore";
import type { DirectoryConnection } from "./connection.js";
import { publishKeyPackages } from "./publish-key-packages.js";
import { topUp } from "./top-up.js";

/**
 * What the command may touch of the process (structurally the `Io` of `@mlskit/cli`).
 *
 * @example
 * ```ts
 * const io: PublishCommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
 * ```
 */
export interface PublishCommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * What the CLI provides for `--top-up` (this package may not import implementations).
 *
 * @example
 * ```ts
 * const deps: PublishCommandDeps = { provider: nobleCryptoProvider, openStore: (env) => openSqliteKeyStore({ path: env.MLSKIT_STORE ?? "mlskit.db" }) };
 * ```
 */
export interface PublishCommandDeps {
  /** The crypto provider (e.g. `nobleCryptoProvider`). */
  readonly provider?: CryptoProvider;
  /** Open the CLI's local key store (MLSKIT_STORE, MLSKIT_STORE_KEY); the command closes it. */
  readonly openStore?: (env: Readonly<Record<string, string | undefined>>) => Promise<KeyPackageStore>;
  /** `fetch` to use (tests). */
  readonly fetch?: typeof fetch;
}

/**
 * Help text of `mlskit publish`.
 *
 * @example
 * ```ts
 * io.stdout.write(`${PUBLISH_HELP}\n`);
 * ```
 */
export const PUBLISH_HELP = `Usage: mlskit publish --to <url> [options] (<file>... | -)
       mlskit publish --to <url> --top-up <n> --identity <id> --suite <n> [options]

Publish key packages to an mlskit directory (see docs/directory.md).

  <file>... | -        MLSMessage files (a file may hold several back to back); - reads stdin
  --top-up <n>         instead: keep n valid key packages published, creating the missing ones
                       in the local store (MLSKIT_STORE) with the stored signature key of
                       --identity and --suite, plus a last-resort package
  --identity <id>      basic credential identity the client is registered with (--top-up)
  --suite <n>          cipher suite (--top-up; default 1)
  --low-water <n>      top up only when fewer than n are left (default: the --top-up value)
  --no-last-resort     do not publish or rotate a last-resort package
  --token-file <path>  file holding the client token (default: env MLSKIT_DIRECTORY_TOKEN)

Examples:
  MLSKIT_DIRECTORY_TOKEN=mlsk_… mlskit publish --to http://127.0.0.1:8080 published/*.mls
  mlskit publish --to https://ds.example.com --token-file token --top-up 100 --identity alice@example.com`;

class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

const OPTIONS: NonNullable<ParseArgsConfig["options"]> = {
  to: { type: "string" },
  "top-up": { type: "string" },
  identity: { type: "string" },
  suite: { type: "string" },
  "low-water": { type: "string" },
  "no-last-resort": { type: "boolean" },
  "token-file": { type: "string" },
};

function int(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value))
    throw new CommandError(`--${name} expects a non-negative integer, got "${String(value)}"`);
  return Number(value);
}

async function readStdin(io: PublishCommandIo): Promise<Uint8Array> {
  if (io.stdin === undefined) throw new CommandError("no standard input to read");
  const parts: Uint8Array[] = [];
  for await (const chunk of io.stdin)
    parts.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  return concatBytes(...parts);
}

/**
 * Run `mlskit publish`.
 *
 * @param argv - the arguments after `publish`
 * @param io - stdout, stderr, stdin, env
 * @param deps - provider and key store opener for `--top-up`
 * @returns the exit code (0 published, 1 refused or failed, 2 bad arguments)
 * @example
 * ```ts
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
 * const code = await runPublish(["--to", "https://ds.example.com", "--top-up", "50", "--identity", "alice"], io, {
 *   provider: nobleCryptoProvider,
 *   openStore: (env) => openSqliteKeyStore({ path: env.MLSKIT_STORE ?? "mlskit.db" }),
 * });
 * ```
 */
export async function runPublish(
  argv: readonly string[],
  io: PublishCommandIo,
  deps: PublishCommandDeps = {},
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(`${PUBLISH_HELP}\n`);
    return 0;
  }
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const to = v.to;
    if (typeof to !== "string") throw new CommandError("--to <url> is required");
    if (!/^https?:\/\//i.test(to)) throw new CommandError(`--to expects an http(s) URL, got "${to}"`);
    const tokenFile = v["token-file"];
    const token =
      typeof tokenFile === "string"
        ? (
            await readFile(tokenFile, "utf8").catch((e: Error) => {
              throw new CommandError(`cannot read --token-file: ${e.message}`, 1);
            })
          ).trim()
        : io.env.MLSKIT_DIRECTORY_TOKEN;
    if (token === undefined || token === "")
      throw new CommandError("no token: set MLSKIT_DIRECTORY_TOKEN or pass --token-file");
    const directory: DirectoryConnection = {
      url: to,
      token,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    };

    const target = int(v["top-up"], "top-up");
    if (target !== undefined) {
      if (parsed.positionals.length > 0) throw new CommandError("--top-up takes no files");
      if (typeof v.identity !== "string") throw new CommandError("--top-up needs --identity <id>");
      if (deps.provider === undefined || deps.openStore === undefined)
        throw new CommandError("--top-up is not available in this build (no key store)", 1);
      const lowWater = int(v["low-water"], "low-water");
      const store = await deps.openStore(io.env);
      try {
        const r = await topUp({
          directory,
          store,
          provider: deps.provider,
          cipherSuite: int(v.suite, "suite") ?? 1,
          credential: basicCredential(v.identity),
          target,
          ...(lowWater === undefined ? {} : { lowWater }),
          lastResort: v["no-last-resort"] !== true,
        });
        io.stdout.write(
          `published ${r.published} key packages${r.lastResortPublished ? " and a last-resort package" : ""}; ${r.after} valid on the directory (was ${r.before})\n`,
        );
      } finally {
        await store.close();
      }
      return 0;
    }

    if (parsed.positionals.length === 0)
      throw new CommandError("give MLSMessage files, - for stdin, or --top-up <n>");
    const parts: Uint8Array[] = [];
    for (const file of parsed.positionals) {
      if (file === "-") parts.push(await readStdin(io));
      else
        parts.push(
          new Uint8Array(
            await readFile(file).catch((e: Error) => {
              throw new CommandError(`cannot read ${file}: ${e.message}`, 1);
            }),
          ),
        );
    }
    const r = await publishKeyPackages(directory, [concatBytes(...parts)]);
    for (const p of r.published)
      io.stdout.write(`${toHex(p.ref)}\tsuite ${p.cipherSuite}${p.lastResort ? "\tlast resort" : ""}\n`);
    io.stderr.write(`published ${r.published.length} key packages\n`);
    return 0;
  } catch (e) {
    if (e instanceof CommandError) {
      io.stderr.write(`mlskit publish: ${e.message}\n`);
      return e.exitCode;
    }
    if (MlsError.is(e)) {
      io.stderr.write(`mlskit publish: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
