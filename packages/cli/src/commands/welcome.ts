/**
 * @module commands/welcome
 * `mlskit welcome refs | open`: join a group with a key package of the store (RFC 9420 §12.4.3.1).
 * `refs` lists the KeyPackageRefs a Welcome names and which of them the store holds (no secret
 * needed); `open` opens the Welcome with the store's package — every check of `openWelcome` — and
 * prints the group it joins, never a secret. The package is consumed (committed) unless `--keep`.
 */
import { fromHex, toHex } from "@mlskit/codec";
import { cipherSuiteInfo } from "@mlskit/crypto-provider";
import {
  decodeWelcome,
  decodeWelcomeMessage,
  type JoinedGroup,
  leafAt,
  leafCount,
  openWelcome,
  PskType,
  type Welcome,
  welcomeKeyPackageRefs,
} from "@mlskit/welcome";
import { parseArgs } from "../args.js";
import type { Command, CommandGroup } from "../command.js";
import { readInput, unwrapText } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseTime } from "../parse.js";
import { cliProvider } from "../provider.js";
import { withStore } from "../store.js";

const INPUT_HELP = `<file> holds the Welcome as an MLSMessage or a bare Welcome, binary, hex or base64
("-" reads stdin).`;
const STORE_HELP = "  --store <path>          SQLite store (default $MLSKIT_STORE or ./mlskit.db)";

async function readWelcome(positionals: readonly string[], io: Io): Promise<Welcome> {
  if (positionals.length !== 1) throw new CliError("expected exactly one Welcome file", 2);
  const path = positionals[0]!;
  const { bytes } = unwrapText(await readInput(path, io));
  if (bytes.length === 0) throw new CliError(`${path}: empty input`);
  // RFC 9420 §6: an MLSMessage starts with version mls10 (1) and wire format mls_welcome (3).
  const message = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 3;
  return message ? decodeWelcomeMessage(bytes) : decodeWelcome(bytes);
}

/** `--psk <id-hex>=<secret-hex>`, repeated: external PSKs by their id in hex. */
function parsePsks(values: readonly string[]): Map<string, Uint8Array> {
  const psks = new Map<string, Uint8Array>();
  for (const value of values) {
    const m = /^([0-9a-fA-F]*)=([0-9a-fA-F]+)$/.exec(value);
    if (m === null || m[1]!.length % 2 !== 0 || m[2]!.length % 2 !== 0) {
      throw new CliError(`--psk: expected <id-hex>=<secret-hex>, got "${value}"`, 2);
    }
    psks.set(m[1]!.toLowerCase(), fromHex(m[2]!));
  }
  return psks;
}

function memberCount(joined: JoinedGroup): number {
  let n = 0;
  for (let i = 0; i < leafCount(joined.ratchetTree); i++)
    if (leafAt(joined.ratchetTree, i) !== undefined) n++;
  return n;
}

const refs: Command = {
  summary: "list the key package refs a Welcome names, and the store's status of each",
  help: `Usage: mlskit welcome refs <file> [--store <path>] [--json]

List the KeyPackageRefs a Welcome names (its new members) and the store's status of each:
available (in the store, ready to open the Welcome), reserved (another open is in progress
with it), consumed (already used: taken, or committed by an earlier open) or unknown (not
ours, deleted, or consumed so long ago that its trace was pruned). Needs no secret. ${INPUT_HELP}

Options:
${STORE_HELP}
  --json                  one JSON object per line

Examples:
  mlskit welcome refs welcome.mls
  mlskit welcome refs --json - < welcome.hex`,
  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, { store: { type: "string" }, json: { type: "boolean" } });
    const welcome = await readWelcome(positionals, io);
    return withStore(values.store, io, async (store) => {
      for (const ref of welcomeKeyPackageRefs(welcome)) {
        const status = await store.status(ref);
        if (values.json === true) {
          // inStore: whether the Welcome could be opened with it now (an available package).
          const line = { ref: toHex(ref), status, inStore: status === "available" };
          io.stdout.write(`${JSON.stringify(line)}\n`);
        } else io.stdout.write(`${toHex(ref)}  ${status}\n`);
      }
      return 0;
    });
  },
};

const open: Command = {
  summary: "join the group: open a Welcome with the store's key package",
  help: `Usage: mlskit welcome open <file> [--store <path>] [--psk <id-hex>=<secret-hex>]...
                          [--ratchet-tree <file>] [--keep] [--now <date>] [--json]

Open a Welcome with the key package of the store it names (RFC 9420 §12.4.3.1): decrypt the
group secrets, verify the GroupInfo and the ratchet tree, derive the first epoch. Prints the
group id, epoch, cipher suite, member count, our leaf index and the epoch authenticator (never
a secret), then consumes the key package (a last-resort one stays). A Welcome that fails any
check consumes nothing. ${INPUT_HELP}

Options:
${STORE_HELP}
  --psk <id>=<secret>     an external PSK the Welcome uses, both in hex (repeatable)
  --ratchet-tree <file>   the ratchet tree, when the GroupInfo carries none (binary, hex, base64)
  --keep                  open and verify, but give the key package back (no commit)
  --now <date>            judge leaf lifetimes at this time (an ISO date or epoch seconds)
  --json                  print JSON

Examples:
  mlskit welcome open welcome.mls --keep
  mlskit welcome open welcome.mls --psk 70736b2d31=$(cat psk.hex) --ratchet-tree tree.bin`,
  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, {
      store: { type: "string" },
      psk: { type: "string", multiple: true },
      "ratchet-tree": { type: "string" },
      keep: { type: "boolean" },
      now: { type: "string" },
      json: { type: "boolean" },
    });
    const psks = parsePsks((values.psk as unknown as string[] | undefined) ?? []);
    const now = typeof values.now === "string" ? parseTime(values.now) : undefined;
    const welcome = await readWelcome(positionals, io);
    const treeFile = values["ratchet-tree"];
    const ratchetTree =
      typeof treeFile === "string" ? unwrapText(await readInput(treeFile, io)).bytes : undefined;
    const keep = values.keep === true;
    return withStore(values.store, io, async (store) => {
      const joined = await openWelcome({
        welcome,
        provider: cliProvider(io),
        store,
        ...(ratchetTree === undefined ? {} : { ratchetTree }),
        ...(now === undefined ? {} : { now }),
        psk: (id) => (id.pskType === PskType.external ? psks.get(toHex(id.pskId)) : undefined),
      });
      try {
        // Nothing of the group is kept by the CLI, so there is nothing to save before committing.
        if (keep) await joined.release();
        else await joined.commit();
        const suite = joined.cipherSuite;
        const suiteName = cipherSuiteInfo(suite)?.name ?? `0x${suite.toString(16).padStart(4, "0")}`;
        const status = keep
          ? "kept in the store (--keep)"
          : joined.bundle.lastResort
            ? "kept (last resort)"
            : "consumed";
        const out = {
          groupId: toHex(joined.groupContext.groupId),
          epoch: String(joined.groupContext.epoch),
          cipherSuite: { id: suite, name: suiteName },
          members: memberCount(joined),
          ownLeafIndex: joined.ownLeafIndex,
          epochAuthenticator: toHex(joined.epochAuthenticator),
          keyPackageRef: toHex(joined.keyPackageRef),
          keyPackage: status,
        };
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return 0;
        }
        io.stdout.write(
          [
            `group id             ${out.groupId}`,
            `epoch                ${out.epoch}`,
            `cipher suite         ${suiteName} (${suite})`,
            `members              ${out.members}`,
            `our leaf index       ${out.ownLeafIndex}`,
            `epoch authenticator  ${out.epochAuthenticator}`,
            `key package          ${out.keyPackageRef} ${status}`,
            "",
          ].join("\n"),
        );
        return 0;
      } finally {
        await joined.release(); // a no-op after commit
        joined.dispose();
      }
    });
  },
};

/**
 * `mlskit welcome <refs|open>`, for the command table.
 *
 * @example
 * ```ts
 * const code = await welcome.commands.open!.run(["welcome.mls", "--keep"], io);
 * ```
 */
export const welcome: CommandGroup = {
  summary: "join a group with a Welcome: the refs it names (refs), join (open)",
  help: `Usage: mlskit welcome <command> <file> [options]

Join an MLS group with a Welcome and a key package of the store (RFC 9420 §12.4.3.1).

Commands:
  refs   list the key package refs the Welcome names, and which the store holds
  open   open the Welcome, print the group joined (never a secret), consume the key package

Run "mlskit welcome <command> --help" for its options and examples.

Examples:
  mlskit welcome refs welcome.mls
  mlskit welcome open welcome.mls`,
  commands: { refs, open },
};
