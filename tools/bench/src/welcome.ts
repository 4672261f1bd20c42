/**
 * @module welcome
 * Joining a group: mlskit's `openWelcome` (every check of RFC 9420 §12.4.3.1, with each provider)
 * beside ts-mls 1.6.4's `joinGroup`, in the same process, on the same Welcome — one that a ts-mls
 * group made when it added our key package (`@mlskit/interop-peers`), its ratchet tree in the
 * GroupInfo. Groups of 2 and of 64 members: the cost grows with the tree (a signature per leaf,
 * the tree and parent hashes).
 *
 * Both sides open with the key package's private keys in memory (mlskit: `bundle`, no store), so
 * the figures compare the protocol work alone. ts-mls's `joinGroup` also derives its secret tree
 * and keeps a full client state; mlskit's `openWelcome` stops at the first epoch's secrets.
 */
import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { type TsMlsWelcome, tsMlsKeyPackage, tsMlsSuite, tsMlsWelcome } from "@mlskit/interop-peers";
import { createKeyPackage, encodeKeyPackageMessage } from "@mlskit/key-packages";
import { openWelcome } from "@mlskit/welcome";
import { decodeMlsMessage, emptyPskIndex, joinGroup, type Welcome } from "ts-mls";
import { type Budget, measure } from "./measure.js";
import { rate, ratio, table } from "./report.js";

/** One measured join. */
export interface WelcomeRow {
  readonly suite: number;
  /** Members after the join. */
  readonly members: number;
  /** A provider name, or "ts-mls". */
  readonly impl: string;
  readonly opsPerSec: number;
  readonly opsPerCpuSec: number;
  readonly rme: number;
}

function tsWelcome(bytes: Uint8Array): Welcome {
  const decoded = decodeMlsMessage(bytes, 0);
  if (decoded?.[0].wireformat !== "mls_welcome") throw new Error("not a Welcome");
  return decoded[0].welcome;
}

/**
 * Measure joining for each suite and group size.
 *
 * @param providers - mlskit providers by name
 * @param suites - cipher suites
 * @param sizes - group sizes after the join
 * @param budget - time per task
 * @param log - progress lines
 * @returns one row per suite, size and implementation
 * @example
 * ```ts
 * const rows = await benchWelcome([["noble", nobleCryptoProvider]], [1], [2, 64], budget, console.error);
 * ```
 */
export async function benchWelcome(
  providers: readonly (readonly [string, CryptoProvider])[],
  suites: readonly number[],
  sizes: readonly number[],
  budget: Budget,
  log: (line: string) => void,
): Promise<WelcomeRow[]> {
  const rows: WelcomeRow[] = [];
  for (const suite of suites) {
    const [, maker] = providers[0]!;
    const signatureKeyPair = await (await maker.getCipherSuite(suite)).signature.generateKeyPair();
    for (const members of sizes) {
      log(`welcome: suite ${suite}, a ts-mls group of ${members} adds our key package`);
      const bundle = await createKeyPackage({
        provider: maker,
        cipherSuite: suite,
        credential: basicCredential("bench@example.com"),
        signatureKeyPair,
      });
      // Uncompressed ECDSA keys: ts-mls's own are not RFC 9420 §5.1.1 keys, and mlskit refuses them.
      const w: TsMlsWelcome = await tsMlsWelcome({
        cipherSuite: suite,
        keyPackage: encodeKeyPackageMessage(bundle.keyPackage),
        groupSize: members,
        signatureKeys: "uncompressed",
      });
      const impls: [string, () => Promise<unknown>][] = providers.map(([name, provider]) => [
        name,
        () => openWelcome({ welcome: w.welcome, provider, bundle }),
      ]);
      const impl = await tsMlsSuite(suite);
      const welcome = tsWelcome(w.welcome);
      const keyPackage = tsMlsKeyPackage(encodeKeyPackageMessage(bundle.keyPackage));
      const privateKeys = {
        initPrivateKey: bundle.initPrivateKey,
        hpkePrivateKey: bundle.encryptionPrivateKey,
        signaturePrivateKey: signatureKeyPair.privateKey,
      };
      impls.push(["ts-mls", () => joinGroup(welcome, keyPackage, privateKeys, emptyPskIndex, impl)]);
      for (const [name, fn] of impls) {
        const m = await measure(`${name} ${suite} join ${members}`, fn, budget);
        rows.push({
          suite,
          members,
          impl: name,
          opsPerSec: m.opsPerSec,
          opsPerCpuSec: m.opsPerCpuSec,
          rme: m.rme,
        });
      }
    }
  }
  return rows;
}

/**
 * The joining table: ops/s per implementation and the ratio to ts-mls.
 *
 * @param rows - from {@link benchWelcome}
 * @returns text
 * @example
 * ```ts
 * console.log(welcomeTable(rows));
 * ```
 */
export function welcomeTable(rows: readonly WelcomeRow[]): string {
  const tsMls = (r: WelcomeRow) =>
    rows.find((t) => t.impl === "ts-mls" && t.suite === r.suite && t.members === r.members);
  return table(
    ["impl", "suite", "members", "joins/s", "±%", "vs ts-mls (wall)", "vs ts-mls (cpu)"],
    rows.map((r) => [
      r.impl === "ts-mls" ? "ts-mls joinGroup" : `openWelcome (${r.impl})`,
      String(r.suite),
      String(r.members),
      rate(r.opsPerSec),
      r.rme.toFixed(1),
      r.impl === "ts-mls" ? "" : ratio(r.opsPerSec / (tsMls(r)?.opsPerSec ?? Number.NaN)),
      r.impl === "ts-mls" ? "" : ratio(r.opsPerCpuSec / (tsMls(r)?.opsPerCpuSec ?? Number.NaN)),
    ]),
  );
}
