/**
 * @module commands/directory-serve
 * `mlskit directory serve`: run the key-package directory's HTTP service (`@mlskit/directory`)
 * until SIGINT or SIGTERM.
 */
import {
  createDirectoryServer,
  createPeerProviderAuthorizer,
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryLimits,
  type MimiServerOptions,
} from "@mlskit/directory";
import { booleanOptions, intOption, type ParsedArgs, parseOptions, stringOptions } from "../args.js";
import type { Command } from "../command.js";
import { readInput, secretOption } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseSuites } from "../parse.js";
import { certificatesFrom } from "../pem.js";
import { cliProvider } from "../provider.js";
import { DIRECTORY_STORE_HELP, directoryStoreLocation, openDirectory } from "./directory-store.js";

/** Help text of `mlskit directory serve`. */
export const DIRECTORY_SERVE_HELP = `Usage: mlskit directory serve [options]

Run the key-package directory (HTTP API under /v1, see docs/directory.md). Prints
"listening on <url>" once ready; stops on SIGINT or SIGTERM.

Options:
${DIRECTORY_STORE_HELP}
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

MIMI key material (docs/directory.md, "MIMI key material"); --mimi-domain turns it on:
  --mimi-domain <host>     this provider's domain: users are mimi://<host>/u/<user id>
  --mimi-peer <p>=<file>   allow peer provider p, its requesters' X.509 chains rooted in the
                           certificates of file (PEM or DER); repeat for each peer
  --mimi-delivery-token-file <path>
                           token of the delivery side for the routing lookups (or env
                           MLSKIT_MIMI_DELIVERY_TOKEN); without one, no routing lookups
  --mimi-public-url <url>  base URL in the discovery document (default: from the request)
  --mimi-requests-per-window <n>   requests per (peer, user) per window (default 60)
  --mimi-provider-requests-per-window <n>   requests per peer per window (default 6000)
  --mimi-hide-unknown-users        answer noConsent instead of userUnknown
  --mimi-hide-capabilities         leave out a nothingCompatible client's capabilities

Several processes may serve one PostgreSQL database: they keep no state of their own.

Examples:
  mlskit directory serve --port 8080 --store directory.db
  mlskit directory serve --store postgres://ds@127.0.0.1:5432/ds --suites 1,2 --log
  mlskit directory serve --mimi-domain b.example --mimi-peer a.example=a-example-root.pem`;

/**
 * The `mimi` option of the server from the --mimi-* flags, or undefined without --mimi-domain.
 * @param values - parsed flags
 * @param io - process surface (files, env)
 * @returns the MIMI options
 * @throws CliError for a malformed peer or a missing file
 */
async function mimiOptions(values: ParsedArgs["values"], io: Io): Promise<MimiServerOptions | undefined> {
  const domain = values["mimi-domain"];
  const peerFlags = (values["mimi-peer"] as unknown as string[] | undefined) ?? [];
  if (typeof domain !== "string") {
    const stray = Object.keys(values).find((k) => k.startsWith("mimi-") && values[k] !== undefined);
    if (stray !== undefined) throw new CliError(`--${stray} needs --mimi-domain <host>`, 2);
    return undefined;
  }
  const peers = [];
  for (const flag of peerFlags) {
    const m = /^([^=]+)=(.+)$/.exec(flag);
    if (m === null) throw new CliError(`--mimi-peer expects <provider>=<certificate file>, got "${flag}"`, 2);
    peers.push({ provider: m[1]!, trustAnchors: certificatesFrom(await readInput(m[2]!, io), m[2]!) });
  }
  const deliveryToken = await secretOption(
    values,
    "mimi-delivery-token-file",
    io,
    "MLSKIT_MIMI_DELIVERY_TOKEN",
  );
  const perUser = intOption(values, "mimi-requests-per-window", { min: 1 });
  const perProvider = intOption(values, "mimi-provider-requests-per-window", { min: 1 });
  const publicUrl = values["mimi-public-url"];
  try {
    return {
      domain,
      authorize: createPeerProviderAuthorizer({ peers }),
      ...(deliveryToken === undefined || deliveryToken === "" ? {} : { deliveryToken }),
      ...(typeof publicUrl === "string" ? { publicUrl } : {}),
      ...(perUser === undefined ? {} : { requestsPerWindow: perUser }),
      ...(perProvider === undefined ? {} : { requestsPerProviderPerWindow: perProvider }),
      hideUnknownUsers: values["mimi-hide-unknown-users"] === true,
      revealCapabilities: values["mimi-hide-capabilities"] !== true,
    };
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new CliError(`--mimi-peer: ${e.message}`, 2);
    throw e;
  }
}

/** Resolves when `io.signal` aborts, or on SIGINT/SIGTERM when there is no signal. */
function stopped(io: Io): Promise<void> {
  return new Promise((resolve) => {
    if (io.signal !== undefined) {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener("abort", () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/**
 * Run `mlskit directory serve`.
 * @param argv - arguments after `serve`
 * @param io - process surface (`io.signal` stops the server)
 * @returns 0 after a clean stop
 * @example
 * ```ts
 * await directoryServe(["--port", "0", "--store", "directory.db"], io);
 * ```
 */
export async function directoryServe(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, {
    ...stringOptions(
      "store",
      "host",
      "port",
      "suites",
      "quota",
      "claims-per-window",
      "rate-window",
      "body-limit",
      "prune-interval",
      "max-connections",
      "mimi-domain",
      "mimi-delivery-token-file",
      "mimi-public-url",
      "mimi-requests-per-window",
      "mimi-provider-requests-per-window",
    ),
    ...booleanOptions("trust-proxy", "log", "mimi-hide-unknown-users", "mimi-hide-capabilities"),
    "mimi-peer": { type: "string", multiple: true },
  });
  const limits: Partial<Record<keyof DirectoryLimits, number>> = {};
  const limit = (key: keyof DirectoryLimits, option: string, min: number) => {
    const n = intOption(values, option, { min });
    if (n !== undefined) limits[key] = n;
  };
  limit("quotaPerClient", "quota", 1);
  limit("claimsPerWindow", "claims-per-window", 1);
  limit("rateLimitWindowSeconds", "rate-window", 1);
  limit("bodyLimitBytes", "body-limit", 1);
  limit("pruneIntervalSeconds", "prune-interval", 0);
  const suites = typeof values.suites === "string" ? parseSuites(values.suites, "--suites") : undefined;
  const port = intOption(values, "port", { max: 65535 }) ?? 8080;
  const maxConnections = intOption(values, "max-connections", { min: 1 });
  const host = typeof values.host === "string" ? values.host : "127.0.0.1";
  const mimi = await mimiOptions(values, io);
  const store = await openDirectory(directoryStoreLocation(values.store, io), {
    ...(maxConnections === undefined ? {} : { maxConnections }),
  });
  const server = createDirectoryServer({
    store,
    provider: cliProvider(io),
    limits,
    ...(suites === undefined ? {} : { cipherSuites: suites }),
    logger: values.log === true,
    trustProxy: values["trust-proxy"] === true,
    onPruneError: (e) => io.stderr.write(`mlskit directory serve: pruning failed: ${(e as Error).message}\n`),
    ...(mimi === undefined ? {} : { mimi }),
  });
  try {
    const url = await server.listen({ host, port });
    io.stdout.write(`listening on ${url} (store: ${store.kind})\n`);
    await stopped(io);
  } finally {
    await server.close();
    await store.close();
  }
  return 0;
}

/** `mlskit directory serve`. */
export const serve: Command = {
  summary: "run the HTTP service",
  help: DIRECTORY_SERVE_HELP,
  run: directoryServe,
};
