/**
 * @module commands/store-commands
 * `mlskit list | count | prune | take`: look into and manage the key store.
 */
import { fromHex, toHex } from "@mlskit/codec";
import { CIPHER_SUITES, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { encodeKeyPackage, toEpochSeconds } from "@mlskit/key-packages";
import type { KeyPackageFilter } from "@mlskit/keystore";
import { booleanOptions, parseArgs, parseOptions, stringOptions } from "../args.js";
import { describeKeyPackage, renderDescription } from "../describe.js";
import { CliError, type Io } from "../io.js";
import { parseSuite, parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";
import { withStore } from "../store.js";
import { relative } from "../time-text.js";

const FILTER_HELP = `  --store <path>       SQLite store (default $MLSKIT_STORE or ./mlskit.db)
  --suite <id|name>    only this cipher suite
  --valid-at <date>    only packages valid at this time ("now", an ISO date or epoch seconds)
  --last-resort        only last-resort packages`;

/** Help text of `mlskit list`. */
export const LIST_HELP = `Usage: mlskit list [--store <path>] [--suite <id>] [--valid-at <date|now>] [--last-resort] [--json]

List the key packages in the store: ref, cipher suite, lifetime, last resort. Shows no
private material.

Options:
${FILTER_HELP}
  --json               one JSON object per line

Examples:
  mlskit list
  mlskit list --valid-at now --suite 1`;

/** Help text of `mlskit count`. */
export const COUNT_HELP = `Usage: mlskit count [--store <path>] [--suite <id>] [--valid-at <date|now>] [--last-resort]

Print how many key packages the store holds (matching the filters).

Options:
${FILTER_HELP}

Examples:
  mlskit count --valid-at now
  MLSKIT_STORE=client.db mlskit count --suite 2`;

/** Help text of `mlskit prune`. */
export const PRUNE_HELP = `Usage: mlskit prune [--store <path>] [--now <date>]

Delete every key package whose lifetime has ended (last-resort ones too: an expired
package is useless). Prints how many were deleted.

Options:
  --store <path>   SQLite store (default $MLSKIT_STORE or ./mlskit.db)
  --now <date>     judge expiry at this time (default now)

Examples:
  mlskit prune
  mlskit prune --store client.db`;

/** Help text of `mlskit take`. */
export const TAKE_HELP = `Usage: mlskit take <ref-hex> [--store <path>] [--json] [--reveal-private]

Take a key package out of the store, as a client does when a Welcome names it
(RFC 9420 §16.8: used once, then deleted; a last-resort package stays). Prints the
package's public part; private keys only with --reveal-private.

Options:
  --store <path>       SQLite store (default $MLSKIT_STORE or ./mlskit.db)
  --json               print JSON
  --reveal-private     also print the init and encryption private keys (hex)

Examples:
  mlskit take 8e1faada70f08b91ef7f7f79ed1da917d9ce3cea5e5ce22e4a8b10f4311559dd
  mlskit take --json --reveal-private 8e1f…59dd > joined.json`;

const filterOptions = {
  store: { type: "string" },
  suite: { type: "string" },
  "valid-at": { type: "string" },
  "last-resort": { type: "boolean" },
} as const;

function filterOf(values: Record<string, string | boolean | undefined>): KeyPackageFilter {
  const validAt = values["valid-at"];
  return {
    ...(typeof values.suite === "string" ? { cipherSuite: parseSuite(values.suite) } : {}),
    ...(typeof validAt === "string" ? { validAt: parseTime(validAt, "--valid-at") } : {}),
    ...(values["last-resort"] === true ? { lastResort: true } : {}),
  };
}

/**
 * Run `mlskit list`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await listCommand(["--valid-at", "now"], io);
 * ```
 */
export async function listCommand(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, { ...filterOptions, json: { type: "boolean" } });
  const filter = filterOf(values);
  const now = toEpochSeconds();
  return withStore(values.store, io, async (store) => {
    for await (const s of store.list(filter)) {
      if (values.json === true) {
        io.stdout.write(
          `${JSON.stringify({
            ref: toHex(s.ref),
            cipherSuite: s.cipherSuite,
            notBefore: String(s.notBefore),
            notAfter: String(s.notAfter),
            lastResort: s.lastResort,
            signatureKey: toHex(s.signatureKey),
          })}\n`,
        );
      } else {
        const suite =
          cipherSuiteInfo(s.cipherSuite)?.name ?? `0x${s.cipherSuite.toString(16).padStart(4, "0")}`;
        const state =
          s.notAfter < now ? `expired ${relative(s.notAfter, now)}` : `expires ${relative(s.notAfter, now)}`;
        io.stdout.write(`${toHex(s.ref)}  ${suite}  ${state}${s.lastResort ? "  last-resort" : ""}\n`);
      }
    }
    return 0;
  });
}

/**
 * Run `mlskit count`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await countCommand(["--valid-at", "now"], io);
 * ```
 */
export async function countCommand(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, filterOptions);
  const filter = filterOf(values);
  return withStore(values.store, io, async (store) => {
    io.stdout.write(`${await store.count(filter)}\n`);
    return 0;
  });
}

/**
 * Run `mlskit prune`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await pruneCommand([], io);
 * ```
 */
export async function pruneCommand(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, { store: { type: "string" }, now: { type: "string" } });
  const now = typeof values.now === "string" ? parseTime(values.now) : toEpochSeconds();
  return withStore(values.store, io, async (store) => {
    const n = await store.pruneExpired(now);
    io.stdout.write(`pruned ${n} expired key package${n === 1 ? "" : "s"}\n`);
    return 0;
  });
}

/** The sizes a KeyPackageRef can have: the hash sizes of the registry's suites (RFC 9420 §5.2). */
const REF_SIZES: readonly number[] = [...new Set(CIPHER_SUITES.map((s) => s.hashSize))].sort((a, b) => a - b);

/**
 * Run `mlskit take`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns 0, or 1 when the ref is not in the store
 * @example
 * ```ts
 * await takeCommand([refHex], io);
 * ```
 */
export async function takeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    ...stringOptions("store"),
    ...booleanOptions("json", "reveal-private"),
  });
  if (positionals.length !== 1) throw new CliError("expected exactly one ref (hex)", 2);
  let ref: Uint8Array;
  try {
    ref = fromHex(positionals[0]!);
  } catch {
    throw new CliError(`"${positionals[0]}" is not a hex ref`, 2);
  }
  if (!REF_SIZES.includes(ref.length))
    throw new CliError(`a ref is ${REF_SIZES.join(", ")} bytes (a suite hash), got ${ref.length}`, 2);
  return withStore(values.store, io, async (store) => {
    const bundle = await store.take(ref);
    if (bundle === undefined) throw new CliError(`no key package ${positionals[0]} in the store`);
    try {
      const kp = bundle.keyPackage;
      const d = await describeKeyPackage(
        kp,
        cliProvider(io),
        { form: "stored", size: encodeKeyPackage(kp).length },
        toEpochSeconds(),
      );
      const reveal = values["reveal-private"] === true;
      const secrets = reveal
        ? {
            initPrivateKey: toHex(bundle.initPrivateKey),
            encryptionPrivateKey: toHex(bundle.encryptionPrivateKey),
          }
        : undefined;
      const kept = bundle.lastResort ? "kept (last resort)" : "removed from the store";
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify({ ...d, status: kept, ...(secrets ?? {}) }, null, 2)}\n`);
      } else {
        io.stdout.write(`${renderDescription(d).join("\n")}\n  status         ${kept}\n`);
        if (secrets !== undefined) {
          io.stdout.write(`  init private key        ${secrets.initPrivateKey}\n`);
          io.stdout.write(`  encryption private key  ${secrets.encryptionPrivateKey}\n`);
        }
      }
      return 0;
    } finally {
      bundle.dispose();
    }
  });
}
