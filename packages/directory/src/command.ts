/**
 * @module command
 * The directory's command line, for the `mlskit` CLI to mount as `mlskit directory …` (and run
 * meanwhile by this package's own `mlskit-directory` binary): `serve` runs the HTTP service;
 * `add-client`, `rotate-token`, `remove-client`, `list-clients`, `migrate` and `prune` administer
 * the store directly (no admin endpoint is exposed over HTTP).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { decode, fromHex, toHex } from "@mlskit/codec";
import { basicCredential, type Credential, credentialCodec } from "@mlskit/credentials";
import { MlsError } from "@mlskit/errors";
import { registerClient, removeClient, rotateClientToken } from "./admin.js";
import type { DirectoryStore } from "./directory-store.js";
import { openDirectoryStore } from "./open-directory-store.js";
import { createDirectoryServer, DEFAULT_DIRECTORY_LIMITS, type DirectoryLimits } from "./server.js";

/**
 * What a command may touch of the process (structurally the `Io` of `@mlskit/cli`).
 *
 * @example
 * ```ts
 * const io: DirectoryCommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
 * ```
 */
export interface DirectoryCommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stops `serve` when aborted; without it, `serve` stops on SIGINT or SIGTERM. */
  readonly signal?: AbortSignal;
}

class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

const STORE_HELP = `  --store <location>       postgres://… URL or SQLite file (env MLSKIT_DIRECTORY_STORE,
                           default ./mlskit-directory.db)`;

/**
 * Help text of `mlskit directory serve`.
 *
 * @example
 * ```ts
 * io.stdout.write(`${DIRECTORY_SERVE_HELP}\n`);
 * ```
 */
export const DIRECTORY_SERVE_HELP = `Usage: mlskit directory serve [options]

Run the key-package directory (HTTP API under /v1, see docs/directory.md).

Options:
${STORE_HELP}
  --host <address>         listen address (default 127.0.0.1)
  --port <n>               port (default 8080; 0 picks a free one)
  --suites <list>          cipher suites served, e.g. 1,3 (default: all of the provider)
  --quota <n>              most stored packages per client (default ${DEFAULT_DIRECTORY_LIMITS.quotaPerClient})
  --claims-per-window <n>  claims per (client, user) per window (default ${DEFAULT_DIRECTORY_LIMITS.claimsPerWindow})
  --rate-window <s>        rate-limit window in seconds (default ${DEFAULT_DIRECTORY_LIMITS.rateLimitWindowSeconds})
  --body-limit <bytes>     largest request body (default ${DEFAULT_DIRECTORY_LIMITS.bodyLimitBytes})
  --prune-interval <s>     delete expired packages every s seconds, 0 = never (default ${DEFAULT_DIRECTORY_LIMITS.pruneIntervalSeconds})
  --max-connections <n>    PostgreSQL pool size of this process (default 10)
  --trust-proxy            trust X-Forwarded-* headers
  --log                    log requests as JSON lines on stdout

Several processes may serve one PostgreSQL database: they keep no state of their own.

Examples:
  mlskit directory serve --port 8080 --store directory.db
  mlskit directory serve --store postgres://ds@127.0.0.1:5432/ds --suites 1,2 --log`;

/**
 * Help text of `mlskit directory`.
 *
 * @example
 * ```ts
 * io.stdout.write(`${DIRECTORY_HELP}\n`);
 * ```
 */
export const DIRECTORY_HELP = `Usage: mlskit directory <command> [options]

Commands:
  serve           run the HTTP service (mlskit directory serve --help)
  add-client      register a client: --user <id> --client <id> (--identity <text> | --credential <hex>)
                  prints the client's bearer token (shown once)
  rotate-token    issue a new token: --user <id> --client <id>
  remove-client   remove a client and its key packages: --user <id> --client <id>
  list-clients    list clients [--user <id>]
  migrate         create or upgrade the schema
  prune           delete expired key packages and rate-limit windows now

Every command takes:
${STORE_HELP}

Examples:
  mlskit directory add-client --user alice --client phone --identity alice@example.com
  mlskit directory serve --port 8080
  mlskit directory serve --store postgres://ds@127.0.0.1/ds --host 0.0.0.0`;

function storeLocation(values: { store?: string | undefined }, io: DirectoryCommandIo): string {
  return values.store ?? io.env.MLSKIT_DIRECTORY_STORE ?? "mlskit-directory.db";
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CommandError(`--${name} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

function parse(argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
}

async function withStore<T>(location: string, body: (store: DirectoryStore) => Promise<T>): Promise<T> {
  const store = await openDirectoryStore(location);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

async function report(io: DirectoryCommandIo, name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandError) {
      io.stderr.write(`mlskit directory ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (MlsError.is(e)) {
      io.stderr.write(`mlskit directory ${name}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof TypeError || e instanceof RangeError) {
      io.stderr.write(`mlskit directory ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * `mlskit directory serve`: run the directory until SIGINT/SIGTERM (or `io.signal` aborts).
 * Prints `listening on <url>` on stdout once ready.
 *
 * @param argv - the arguments after `serve`
 * @param io - stdout, stderr, env and an optional stop signal
 * @returns the exit code (0 after a clean stop, 2 for bad arguments, 1 when the store fails)
 * @example
 * ```ts
 * process.exitCode = await runDirectoryServe(["--port", "8080", "--store", "postgres://…"], {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env,
 * });
 * ```
 */
export async function runDirectoryServe(argv: readonly string[], io: DirectoryCommandIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(`${DIRECTORY_SERVE_HELP}\n`);
    return 0;
  }
  return report(io, "serve", async () => {
    const { values } = parse(argv, {
      store: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      suites: { type: "string" },
      quota: { type: "string" },
      "claims-per-window": { type: "string" },
      "rate-window": { type: "string" },
      "body-limit": { type: "string" },
      "prune-interval": { type: "string" },
      "max-connections": { type: "string" },
      "trust-proxy": { type: "boolean" },
      log: { type: "boolean" },
    });
    const v = values as Record<string, string | boolean | undefined>;
    const str = (k: string) => v[k] as string | undefined;
    const limits: Partial<Record<keyof DirectoryLimits, number>> = {};
    const set = (k: keyof DirectoryLimits, flag: string) => {
      const n = intOption(str(flag), flag);
      if (n !== undefined) limits[k] = n;
    };
    set("quotaPerClient", "quota");
    set("claimsPerWindow", "claims-per-window");
    set("rateLimitWindowSeconds", "rate-window");
    set("bodyLimitBytes", "body-limit");
    set("pruneIntervalSeconds", "prune-interval");
    const suites = str("suites")
      ?.split(",")
      .map((s) => intOption(s.trim(), "suites")!);
    const port = intOption(str("port"), "port") ?? 8080;
    const maxConnections = intOption(str("max-connections"), "max-connections");
    const store = await openDirectoryStore(
      storeLocation({ store: str("store") }, io),
      maxConnections === undefined ? {} : { maxConnections },
    );
    const server = createDirectoryServer({
      store,
      limits,
      ...(suites === undefined ? {} : { cipherSuites: suites }),
      logger: v.log === true,
      trustProxy: v["trust-proxy"] === true,
      onPruneError: (e) =>
        io.stderr.write(`mlskit directory serve: pruning failed: ${(e as Error).message}\n`),
    });
    try {
      const url = await server.listen({ host: str("host") ?? "127.0.0.1", port });
      io.stdout.write(`listening on ${url} (store: ${store.kind})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        if (io.signal !== undefined) {
          if (io.signal.aborted) stop();
          else io.signal.addEventListener("abort", stop, { once: true });
        } else {
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        }
      });
    } finally {
      await server.close();
      await store.close();
    }
    return 0;
  });
}

function credentialFrom(v: Record<string, string | boolean | undefined>): Credential {
  const identity = v.identity as string | undefined;
  const hex = v.credential as string | undefined;
  if ((identity === undefined) === (hex === undefined))
    throw new CommandError("give exactly one of --identity <text> or --credential <hex>");
  if (identity !== undefined) return basicCredential(identity);
  try {
    return decode(credentialCodec, fromHex(hex!));
  } catch (e) {
    throw new CommandError(`--credential is not a TLS-encoded Credential in hex: ${(e as Error).message}`);
  }
}

function required(v: Record<string, string | boolean | undefined>, name: string): string {
  const value = v[name];
  if (typeof value !== "string") throw new CommandError(`--${name} is required`);
  return value;
}

/**
 * `mlskit directory <command>`: `serve` and the administrative commands (see {@link DIRECTORY_HELP}).
 *
 * @param argv - the arguments after `directory`
 * @param io - stdout, stderr, env and an optional stop signal for `serve`
 * @returns the exit code
 * @example
 * ```ts
 * await runDirectoryCommand(["add-client", "--user", "alice", "--client", "phone", "--identity", "alice@example.com"], io);
 * // prints the client's token
 * ```
 */
export async function runDirectoryCommand(argv: readonly string[], io: DirectoryCommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "serve") return runDirectoryServe(rest, io);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${DIRECTORY_HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${DIRECTORY_HELP}\n`);
    return 0;
  }
  const common = { store: { type: "string" as const } };
  const ids = { ...common, user: { type: "string" as const }, client: { type: "string" as const } };
  return report(io, name, async () => {
    switch (name) {
      case "add-client": {
        const v = parse(rest, { ...ids, identity: { type: "string" }, credential: { type: "string" } })
          .values as Record<string, string | boolean | undefined>;
        const credential = credentialFrom(v);
        const userId = required(v, "user");
        const clientId = required(v, "client");
        const { token } = await withStore(storeLocation(v as { store?: string }, io), (store) =>
          registerClient(store, { userId, clientId, credential }),
        );
        io.stdout.write(`${token}\n`);
        io.stderr.write(
          `registered client "${clientId}" of user "${userId}"; the token above is shown only once\n`,
        );
        return 0;
      }
      case "rotate-token": {
        const v = parse(rest, ids).values as Record<string, string | boolean | undefined>;
        const token = await withStore(storeLocation(v as { store?: string }, io), (store) =>
          rotateClientToken(store, required(v, "user"), required(v, "client")),
        );
        io.stdout.write(`${token}\n`);
        return 0;
      }
      case "remove-client": {
        const v = parse(rest, ids).values as Record<string, string | boolean | undefined>;
        const removed = await withStore(storeLocation(v as { store?: string }, io), (store) =>
          removeClient(store, required(v, "user"), required(v, "client")),
        );
        if (!removed)
          throw new CommandError(`no client "${String(v.client)}" of user "${String(v.user)}"`, 1);
        return 0;
      }
      case "list-clients": {
        const v = parse(rest, { ...common, user: { type: "string" } }).values as Record<
          string,
          string | undefined
        >;
        const clients = await withStore(storeLocation(v, io), (store) => store.listClients(v.user));
        for (const c of clients) io.stdout.write(`${c.userId}\t${c.clientId}\t${toHex(c.credential)}\n`);
        return 0;
      }
      case "migrate": {
        const v = parse(rest, common).values as Record<string, string | undefined>;
        const version = await withStore(storeLocation(v, io), (store) => store.migrate());
        io.stdout.write(`schema version ${version}\n`);
        return 0;
      }
      case "prune": {
        const v = parse(rest, { ...common, "rate-window": { type: "string" } }).values as Record<
          string,
          string | undefined
        >;
        const window =
          intOption(v["rate-window"], "rate-window") ?? DEFAULT_DIRECTORY_LIMITS.rateLimitWindowSeconds;
        const r = await withStore(storeLocation(v, io), (store) =>
          store.pruneExpired(BigInt(Math.floor(Date.now() / 1000)), window),
        );
        io.stdout.write(
          `deleted ${r.keyPackages} expired key packages, ${r.rateLimits} rate-limit windows\n`,
        );
        return 0;
      }
      default:
        throw new CommandError(`unknown command "${name}" (try "mlskit directory --help")`);
    }
  });
}
