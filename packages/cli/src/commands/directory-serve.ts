/**
 * @module commands/directory-serve
 * `mlskit directory serve`: run the key-package directory's HTTP service (`@mlskit/directory`)
 * until SIGINT or SIGTERM.
 */
import { createDirectoryServer, DEFAULT_DIRECTORY_LIMITS, type DirectoryLimits } from "@mlskit/directory";
import { intOption, noPositionals, parseArgs } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { parseSuites } from "../parse.js";
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

Several processes may serve one PostgreSQL database: they keep no state of their own.

Examples:
  mlskit directory serve --port 8080 --store directory.db
  mlskit directory serve --store postgres://ds@127.0.0.1:5432/ds --suites 1,2 --log`;

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
  const { values, positionals } = parseArgs(argv, {
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
  noPositionals(positionals);
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
