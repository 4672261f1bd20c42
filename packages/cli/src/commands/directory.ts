/**
 * @module commands/directory
 * `mlskit directory …`: run and administer a key-package directory (`@mlskit/directory`). `serve`
 * runs the HTTP service; `add-client`, `rotate-token`, `remove-client`, `list-clients`, `migrate`
 * and `prune` work on the store directly (no admin endpoint is exposed over HTTP).
 */
import { decode, fromHex, toHex } from "@mlskit/codec";
import { basicCredential, type Credential, credentialCodec } from "@mlskit/credentials";
import {
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryStore,
  registerClient,
  removeClient,
  rotateClientToken,
} from "@mlskit/directory";
import { intOption, type ParsedArgs, parseOptions, required } from "../args.js";
import type { Command, CommandGroup } from "../command.js";
import { credentialLine, describeCredential } from "../describe.js";
import { CliError, type Io } from "../io.js";
import { isoDate, jsonSeconds } from "../time-text.js";
import { keyMaterial } from "./directory-key-material.js";
import { serve } from "./directory-serve.js";
import { DIRECTORY_STORE_HELP, directoryStoreLocation, withDirectory } from "./directory-store.js";

const IDS_HELP = `  --user <id>              the user (1-128 characters of A-Z a-z 0-9 . _ ~ @ + -)
  --client <id>            the client (device) of the user, same characters`;

const store = { store: { type: "string" } } as const;
const ids = { ...store, user: { type: "string" }, client: { type: "string" } } as const;

/** Run `body` on the directory store with the client that `argv` names (`--user`, `--client`, `--store`). */
async function withNamedClient<T>(
  argv: readonly string[],
  io: Io,
  body: (store: DirectoryStore, userId: string, clientId: string) => Promise<T>,
): Promise<T> {
  const values = parseOptions(argv, ids);
  const userId = required(values, "user");
  const clientId = required(values, "client");
  return withDirectory(directoryStoreLocation(values.store, io), (s) => body(s, userId, clientId));
}

function credentialFrom(values: ParsedArgs["values"]): Credential {
  const identity = values.identity;
  const hex = values.credential;
  if ((typeof identity === "string") === (typeof hex === "string"))
    throw new CliError("give exactly one of --identity <text> or --credential <hex>", 2);
  if (typeof identity === "string") return basicCredential(identity);
  try {
    return decode(credentialCodec, fromHex(String(hex)));
  } catch (e) {
    throw new CliError(`--credential is not a TLS-encoded Credential in hex: ${(e as Error).message}`, 2);
  }
}

const addClient: Command = {
  summary: "register a client and print its bearer token (shown once)",
  help: `Usage: mlskit directory add-client --user <id> --client <id> (--identity <text> | --credential <hex>)

Register a client (device) of a user, bound to the credential its key packages will carry,
and print its bearer token on stdout. Only the token's hash is stored: it is shown this once.

Options:
${IDS_HELP}
  --identity <text>        a basic credential with this identity
  --credential <hex>       any credential, TLS-encoded, in hex
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory add-client --user alice --client phone --identity alice@example.com
  MLSKIT_DIRECTORY_STORE=postgres://ds@127.0.0.1/ds mlskit directory add-client --user bob --client laptop --identity bob`,
  async run(argv, io) {
    const values = parseOptions(argv, {
      ...ids,
      identity: { type: "string" },
      credential: { type: "string" },
    });
    const credential = credentialFrom(values);
    const userId = required(values, "user");
    const clientId = required(values, "client");
    const { token } = await withDirectory(
      directoryStoreLocation(values.store, io),
      (s) => registerClient(s, { userId, clientId, credential }),
      { create: true },
    );
    io.stdout.write(`${token}\n`);
    io.stderr.write(
      `registered client "${clientId}" of user "${userId}"; the token above is shown only once\n`,
    );
    return 0;
  },
};

const rotateToken: Command = {
  summary: "issue a new token for a client (the old one stops working)",
  help: `Usage: mlskit directory rotate-token --user <id> --client <id>

Issue a new bearer token for a client and print it; the old token stops working at once.

Options:
${IDS_HELP}
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory rotate-token --user alice --client phone`,
  async run(argv, io) {
    const token = await withNamedClient(argv, io, rotateClientToken);
    io.stdout.write(`${token}\n`);
    return 0;
  },
};

const removeClientCommand: Command = {
  summary: "remove a client, its token and its key packages",
  help: `Usage: mlskit directory remove-client --user <id> --client <id>

Remove a client, its token and all its key packages. Exits 1 when there is no such client.

Options:
${IDS_HELP}
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory remove-client --user alice --client old-laptop`,
  async run(argv, io) {
    await withNamedClient(argv, io, async (s, userId, clientId) => {
      if (!(await removeClient(s, userId, clientId)))
        throw new CliError(`no client "${clientId}" of user "${userId}"`, 1);
    });
    return 0;
  },
};

const listClients: Command = {
  summary: "list the registered clients",
  help: `Usage: mlskit directory list-clients [--user <id>] [--json]

List the registered clients, one per line: user, client, credential (a basic credential's
identity, an X.509 credential's subject) and when it was registered.

Options:
  --user <id>              only this user's clients
  --json                   an array of { userId, clientId, credential, createdAt }, the credential
                           described as inspect --json does, with its TLS encoding in hex
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory list-clients
  mlskit directory list-clients --user alice --json`,
  async run(argv, io) {
    const values = parseOptions(argv, {
      ...store,
      user: { type: "string" },
      json: { type: "boolean" },
    });
    const user = typeof values.user === "string" ? values.user : undefined;
    const clients = await withDirectory(directoryStoreLocation(values.store, io), (s) => s.listClients(user));
    const credentialOf = (bytes: Uint8Array) => {
      try {
        return decode(credentialCodec, bytes);
      } catch {
        return undefined; // not written by registerClient: show the bytes
      }
    };
    if (values.json === true) {
      const rows = clients.map((c) => {
        const credential = credentialOf(c.credential);
        return {
          userId: c.userId,
          clientId: c.clientId,
          credential: {
            ...(credential === undefined ? {} : describeCredential(credential)),
            hex: toHex(c.credential),
          },
          createdAt: jsonSeconds(c.createdAt),
        };
      });
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const c of clients) {
      const credential = credentialOf(c.credential);
      const shown = credential === undefined ? toHex(c.credential) : credentialLine(credential);
      io.stdout.write(`${c.userId}\t${c.clientId}\t${shown}\tregistered ${isoDate(c.createdAt)}\n`);
    }
    return 0;
  },
};

const migrate: Command = {
  summary: "create or upgrade the schema",
  help: `Usage: mlskit directory migrate

Create the directory's schema, or upgrade it to this version's (serve does it too on start).

Options:
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory migrate --store postgres://ds@127.0.0.1/ds`,
  async run(argv, io) {
    const values = parseOptions(argv, store);
    const version = await withDirectory(directoryStoreLocation(values.store, io), (s) => s.migrate(), {
      create: true,
    });
    io.stdout.write(`schema version ${version}\n`);
    return 0;
  },
};

const prune: Command = {
  summary: "delete expired key packages and rate-limit windows now",
  help: `Usage: mlskit directory prune [--rate-window <s>]

Delete expired key packages and ended rate-limit windows now (serve does it every
--prune-interval seconds).

Options:
  --rate-window <s>        the rate-limit window of the service (default ${DEFAULT_DIRECTORY_LIMITS.rateLimitWindowSeconds})
${DIRECTORY_STORE_HELP}

Examples:
  mlskit directory prune`,
  async run(argv, io) {
    const values = parseOptions(argv, { ...store, "rate-window": { type: "string" } });
    const window =
      intOption(values, "rate-window", { min: 1 }) ?? DEFAULT_DIRECTORY_LIMITS.rateLimitWindowSeconds;
    const r = await withDirectory(directoryStoreLocation(values.store, io), (s) =>
      s.pruneExpired(BigInt(Math.floor(Date.now() / 1000)), window),
    );
    io.stdout.write(
      `deleted ${r.keyPackages} expired key packages, ${r.rateLimits} rate-limit windows, ${r.keyPackageRoutes} MIMI routing records\n`,
    );
    return 0;
  },
};

const SUBCOMMANDS: Readonly<Record<string, Command>> = {
  serve,
  "add-client": addClient,
  "rotate-token": rotateToken,
  "remove-client": removeClientCommand,
  "list-clients": listClients,
  migrate,
  prune,
  "key-material": keyMaterial,
};

/** `mlskit directory <command>`. */
export const directory: CommandGroup = {
  summary: "run and administer a key-package directory (serve, add-client, …)",
  help: `Usage: mlskit directory <command> [options]

Run a key-package directory (docs/directory.md) and administer its store; fetch MIMI key
material from another provider (key-material).

Commands:
${Object.entries(SUBCOMMANDS)
  .map(([name, c]) => `  ${name.padEnd(14)}  ${c.summary}`)
  .join("\n")}

The service and store commands take:
${DIRECTORY_STORE_HELP}

Run "mlskit directory <command> --help" for a command's options and examples.

Examples:
  mlskit directory add-client --user alice --client phone --identity alice@example.com
  mlskit directory serve --port 8080
  mlskit directory serve --store postgres://ds@127.0.0.1/ds --host 0.0.0.0`,
  commands: SUBCOMMANDS,
};
