/**
 * @module commands/directory-key-material
 * `mlskit directory key-material`: fetch MIMI key material for every client of a user at another
 * provider (`fetchKeyMaterial` of `@mlskit/directory-client`), as the requesting user, and print
 * one line per client; `--out` writes each validated key package as an MLSMessage file.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { basicCredential, type Credential, x509Credential } from "@mlskit/credentials";
import { signatureKeyFromCertificate } from "@mlskit/credentials-x509";
import { fetchKeyMaterial } from "@mlskit/directory-client";
import { encodeKeyPackageMessage } from "@mlskit/key-packages";
import { KeyMaterialUserCode } from "@mlskit/mimi";
import { type ParsedArgs, parseOptions, required, stringOptions } from "../args.js";
import type { Command } from "../command.js";
import { readInput, unwrapText } from "../input.js";
import { CliError, type Io } from "../io.js";
import { parseSuites } from "../parse.js";
import { certificatesFrom } from "../pem.js";
import { cliProvider } from "../provider.js";
import { ensureSignatureKeyPair } from "../signature-key.js";
import { withStore } from "../store.js";

/** Help text of `mlskit directory key-material`. */
export const KEY_MATERIAL_HELP = `Usage: mlskit directory key-material --from <url> --user <uri> --as <uri> [options]

Fetch MIMI key material (draft-ietf-mimi-protocol, "Fetch Key Material") for every client of a
user at another provider: a signed KeyMaterialRequest, the response checked and every key
package validated. Prints the user's status and one line per client. Exit code 0 when at least
one client's key package came back, 1 otherwise.

Options:
  --from <url>             the target provider (its /.well-known/mimi-protocol-directory is read)
  --user <uri>             the target user, e.g. mimi://b.example/u/bob
  --as <uri>               the requesting user, e.g. mimi://a.example/u/alice
  --suites <list>          acceptable cipher suites, most preferred first (default 1)
  --room <uri>             the room the key material is for (default: none)
  --require-extensions <list>   extension types every key package must support
  --require-proposals <list>    proposal types every key package must support
  --require-credentials <list>  credential types every key package must support
  --certificate <file>     the requester's X.509 chain (PEM, end entity first, or DER)
  --key <file>             its signature private key (raw, binary or hex), with --certificate
  --identity <text>        instead: a basic credential, its key from the local store (created
                           there if missing, like generate)
  --store <path>           local SQLite store for --identity (default $MLSKIT_STORE or ./mlskit.db)
  --out <dir>              write each validated key package as <dir>/<ref>.mls

The request is signed with the scheme of the first suite of --suites.

Examples:
  mlskit directory key-material --from https://b.example --user mimi://b.example/u/bob \\
    --as mimi://a.example/u/alice --certificate alice.pem --key alice.key --suites 1,3
  mlskit directory key-material --from http://127.0.0.1:8080 --user mimi://b.example/u/bob \\
    --as mimi://a.example/u/alice --identity mimi://a.example/u/alice --out kps/`;

const STATUS_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(KeyMaterialUserCode).map(([name, code]) => [code, name]),
);

function typeList(values: ParsedArgs["values"], name: string): number[] {
  const v = values[name];
  if (v === undefined) return [];
  const items = String(v)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.map((s) => {
    const n = /^0x[0-9a-f]{1,4}$/i.test(s)
      ? Number.parseInt(s, 16)
      : /^\d{1,5}$/.test(s)
        ? Number(s)
        : Number.NaN;
    if (!Number.isInteger(n) || n > 0xffff)
      throw new CliError(`--${name} expected a comma list of numbers 0-65535 (or 0x…), got "${s}"`, 2);
    return n;
  });
}

/**
 * Run `mlskit directory key-material`.
 * @param argv - arguments after `key-material`
 * @param io - process surface
 * @returns 0 when some key material came back, 1 otherwise
 * @example
 * ```ts
 * await keyMaterialCommand(["--from", url, "--user", "mimi://b.example/u/bob", "--as", "mimi://a.example/u/alice", "--identity", "alice"], io);
 * ```
 */
export async function keyMaterialCommand(argv: string[], io: Io): Promise<number> {
  const values = parseOptions(argv, {
    ...stringOptions(
      "from",
      "user",
      "as",
      "suites",
      "room",
      "require-extensions",
      "require-proposals",
      "require-credentials",
      "certificate",
      "key",
      "identity",
      "store",
      "out",
    ),
  });
  const from = required(values, "from");
  if (!/^https?:\/\//i.test(from)) throw new CliError(`--from expects an http(s) URL, got "${from}"`, 2);
  const targetUser = required(values, "user");
  const requestingUser = required(values, "as");
  const acceptableCiphersuites =
    typeof values.suites === "string" ? parseSuites(values.suites, "--suites") : [1];
  const requiredCapabilities = {
    extensionTypes: typeList(values, "require-extensions"),
    proposalTypes: typeList(values, "require-proposals"),
    credentialTypes: typeList(values, "require-credentials"),
  };
  const provider = cliProvider(io);
  const signatureSuite = acceptableCiphersuites[0]!;
  const withCredential = async <T>(
    body: (
      credential: Credential,
      signatureKeyPair: { publicKey: Uint8Array; privateKey: Uint8Array },
    ) => Promise<T>,
  ): Promise<T> => {
    const cert = values.certificate;
    if ((typeof cert === "string") === (typeof values.identity === "string"))
      throw new CliError("give exactly one of --certificate <file> (with --key) or --identity <text>", 2);
    if (typeof cert === "string") {
      if (typeof values.key !== "string") throw new CliError("--certificate needs --key <file>", 2);
      const chain = certificatesFrom(await readInput(cert, io), cert);
      const privateKey = unwrapText(await readInput(values.key, io)).bytes;
      try {
        return await body(x509Credential(chain), {
          publicKey: signatureKeyFromCertificate(chain[0]!),
          privateKey,
        });
      } finally {
        privateKey.fill(0);
      }
    }
    const credential = basicCredential(String(values.identity));
    const identity = String(values.identity);
    return withStore(
      values.store,
      io,
      async (store, path) =>
        body(
          credential,
          await ensureSignatureKeyPair(
            store,
            { credential, identity, cipherSuite: signatureSuite },
            provider,
            io,
            path,
          ),
        ),
      { create: true },
    );
  };
  const result = await withCredential((credential, signatureKeyPair) =>
    fetchKeyMaterial({
      from,
      provider,
      requestingUser,
      targetUser,
      acceptableCiphersuites,
      requiredCapabilities,
      credential,
      signatureKeyPair,
      ...(typeof values.room === "string" ? { roomId: values.room } : {}),
    }),
  );
  const outDir = typeof values.out === "string" ? values.out : undefined;
  if (outDir !== undefined) await mkdir(outDir, { recursive: true });
  io.stdout.write(
    `${result.userUri}\t${STATUS_NAMES.get(result.userStatus) ?? `status ${result.userStatus}`}\n`,
  );
  let got = 0;
  for (const c of result.clients) {
    if (c.status === "success") {
      got++;
      const ref = toHex(c.ref);
      if (outDir !== undefined)
        await writeFile(join(outDir, `${ref}.mls`), encodeKeyPackageMessage(c.keyPackage));
      io.stdout.write(
        `${c.clientUri}\tsuccess\t${ref}\tsuite ${c.keyPackage.cipherSuite}${c.lastResort ? "\tlast resort" : ""}\n`,
      );
    } else if (c.status === "rejected") {
      io.stdout.write(`${c.clientUri}\trejected\t${c.error.code}: ${c.error.message}\n`);
    } else {
      io.stdout.write(`${c.clientUri}\t${c.status}\n`);
    }
  }
  return got > 0 ? 0 : 1;
}

/** `mlskit directory key-material`. */
export const keyMaterial: Command = {
  summary: "fetch MIMI key material for a user at another provider",
  help: KEY_MATERIAL_HELP,
  run: keyMaterialCommand,
};
