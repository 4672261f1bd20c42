/**
 * @module commands/generate
 * `mlskit generate`: create an identity's signature key pair if missing, generate key packages,
 * store their private material, write the public packages as MLSMessage files, print the refs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { createKeyPackages, encodeKeyPackageMessage } from "@mlskit/key-packages";
import { parseArgs } from "../args.js";
import { CliError, type Io } from "../io.js";
import { parseDuration, parseSuite } from "../parse.js";
import { ProgressBar } from "../progress.js";
import { cliProvider } from "../provider.js";
import { withStore } from "../store.js";

/** Help text of `mlskit generate`. */
export const GENERATE_HELP = `Usage: mlskit generate --identity <id> [--count N] [--suite <id|name>] [--lifetime 30d]
                       [--last-resort] [--no-grease] [--store <path>] [--out <dir>]

Generate key packages for an identity (a basic credential). The identity's signature key
pair is created in the store on first use and reused afterwards. The private material of
every package is kept in the store (SQLite; encrypted at rest when MLSKIT_STORE_KEY is
set); the public packages are written as MLSMessage files <ref-hex>.mls into --out.
Prints one ref per line.

Options:
  --identity <id>     the basic credential identity (required)
  --count <N>         how many packages (default 1)
  --suite <id|name>   cipher suite (default 1, MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)
  --lifetime <dur>    lifetime, e.g. 30d or 12h (default 84d, back-dated 1 hour)
  --last-resort       mark the package last resort (reusable; only with --count 1)
  --no-grease         do not add GREASE values to the capabilities
  --store <path>      SQLite store (default $MLSKIT_STORE or ./mlskit.db)
  --out <dir>         also write each public package to <dir>/<ref-hex>.mls

Examples:
  mlskit generate --identity alice@example.com --count 100 --out published/
  mlskit generate --identity alice@example.com --suite 2 --lifetime 30d
  mlskit generate --identity alice@example.com --last-resort`;

const BATCH = 64;

/**
 * Run `mlskit generate`.
 * @param argv - arguments after the command name
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await generateCommand(["--identity", "alice", "--count", "10"], io);
 * ```
 */
export async function generateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    identity: { type: "string" },
    count: { type: "string" },
    suite: { type: "string" },
    lifetime: { type: "string" },
    "last-resort": { type: "boolean" },
    "no-grease": { type: "boolean" },
    store: { type: "string" },
    out: { type: "string" },
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`, 2);
  const identity = values.identity;
  if (typeof identity !== "string" || identity === "") throw new CliError("--identity is required", 2);
  const count = values.count === undefined ? 1 : Number(values.count);
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
    throw new CliError(`--count expected a number from 1 to 1000000, got "${String(values.count)}"`, 2);
  }
  const lastResort = values["last-resort"] === true;
  if (lastResort && count !== 1) throw new CliError("--last-resort makes one package; drop --count", 2);
  const cipherSuite = typeof values.suite === "string" ? parseSuite(values.suite) : 1;
  const lifetime =
    typeof values.lifetime === "string"
      ? { seconds: parseDuration(values.lifetime, "--lifetime") }
      : undefined;
  const outDir = typeof values.out === "string" ? values.out : undefined;
  const provider = cliProvider(io);
  const credential = basicCredential(identity);

  if (outDir !== undefined) await mkdir(outDir, { recursive: true });
  return withStore(values.store, io, async (store, path) => {
    const owner = { credential, cipherSuite };
    let signatureKeyPair = await store.getSignatureKeyPair(owner);
    if (signatureKeyPair === undefined) {
      const suite = await provider.getCipherSuite(cipherSuite);
      signatureKeyPair = await suite.signature.generateKeyPair();
      await store.putSignatureKeyPair({ ...owner, signatureKeyPair });
      io.stderr.write(`created a signature key pair for "${identity}" (suite ${cipherSuite}) in ${path}\n`);
    }
    const bar = new ProgressBar(io.stderr, count, "generating");
    let done = 0;
    while (done < count) {
      const n = Math.min(BATCH, count - done);
      const bundles = await createKeyPackages({
        provider,
        cipherSuite,
        credential,
        signatureKeyPair,
        count: n,
        lastResort,
        grease: values["no-grease"] !== true,
        ...(lifetime === undefined ? {} : { lifetime }),
      });
      await store.putMany(bundles);
      for (const b of bundles) {
        const ref = toHex(b.ref);
        if (outDir !== undefined)
          await writeFile(join(outDir, `${ref}.mls`), encodeKeyPackageMessage(b.keyPackage));
        io.stdout.write(`${ref}\n`);
        b.dispose();
      }
      done += n;
      bar.update(done);
    }
    bar.done();
    io.stderr.write(
      `generated ${count} key package${count === 1 ? "" : "s"} for "${identity}" in ${path}${outDir === undefined ? "" : `, published to ${outDir}/`}\n`,
    );
    return 0;
  });
}
