/**
 * Multi-process behaviour of the SQLite store: child Node processes run the built dist/ of the
 * packages (built once in beforeAll with `tsc -b`), so these tests exercise real OS processes
 * sharing one database file: races of take and reserve, and SIGKILL while putting and between
 * reserve and commit (the lease's expiry is reached with an injected clock, never by waiting).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createKeyPackage, encodeKeyPackage, restoreKeyPackageBundle } from "@mlskit/key-packages";
import { raceChildren, watchChild } from "@mlskit/test-kit";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteKeyStore } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const dir = mkdtempSync(join(tmpdir(), "mlskit-sqlite-processes-"));
let keyPackageBytes: Uint8Array;

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-b", "packages/keystore-sqlite"], { cwd: repo, stdio: "inherit" });
  const suite = await nobleCryptoProvider.getCipherSuite(1);
  const bundle = await createKeyPackage({
    provider: nobleCryptoProvider,
    cipherSuite: 1,
    credential: basicCredential("processes@example.com"),
    signatureKeyPair: await suite.signature.generateKeyPair(),
  });
  keyPackageBytes = encodeKeyPackage(bundle.keyPackage);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(here, "fixtures", script), ...args], { cwd: here });
}

function syntheticBundle(i: number) {
  const ref = new Uint8Array(32);
  globalThis.crypto.getRandomValues(ref);
  new DataView(ref.buffer).setUint32(28, i);
  return restoreKeyPackageBundle({
    keyPackage: keyPackageBytes,
    ref,
    initPrivateKey: globalThis.crypto.getRandomValues(new Uint8Array(32)),
    encryptionPrivateKey: globalThis.crypto.getRandomValues(new Uint8Array(32)),
  });
}

describe("SQLite key store across processes", () => {
  /** Two worker processes over the same 1,000 refs; every ref must be won exactly once. */
  async function race(tag: string, workers: [string, string[]][]): Promise<void> {
    const path = join(dir, `${tag}.db`);
    const bundles = Array.from({ length: 1000 }, (_, i) => syntheticBundle(i));
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    await store.close();
    const refsFile = join(dir, `${tag}-refs.txt`);
    writeFileSync(refsFile, bundles.map((b) => toHex(b.ref)).join("\n"));

    const { codes, stderr, results } = await raceChildren(
      workers.map(([script, args]) => child(script, [path, refsFile, ...args])),
    );
    expect(codes, stderr).toEqual([0, 0]);
    const won = results.map((r) => (r as { won: string[] }).won);
    console.log(`${tag}: worker A won ${won[0]!.length}, worker B won ${won[1]!.length}`);
    const all = [...won[0]!, ...won[1]!];
    expect(all.length).toBe(1000);
    expect(new Set(all).size).toBe(1000);
    expect(new Set(all)).toEqual(new Set(bundles.map((b) => toHex(b.ref))));
    const after = await openSqliteKeyStore({ path });
    expect(await after.count()).toBe(0);
    await after.close();
  }

  it("two processes racing take over the same 1,000 refs: every ref is won exactly once", async () => {
    await race("take-race", [
      ["take-worker.mjs", []],
      ["take-worker.mjs", []],
    ]);
  });

  it("two processes racing reserve + commit over the same 1,000 refs: every ref is won exactly once", async () => {
    await race("reserve-race", [
      ["reserve-worker.mjs", ["race"]],
      ["reserve-worker.mjs", ["race"]],
    ]);
  });

  it("one process reserving while another takes the same 1,000 refs: every ref is won exactly once", async () => {
    await race("reserve-take-race", [
      ["reserve-worker.mjs", ["race"]],
      ["take-worker.mjs", []],
    ]);
  });

  it("a process killed with SIGKILL between reserve and commit loses no key package: after the lease it is takeable", async () => {
    const path = join(dir, "kill-reserved.db");
    const bundles = Array.from({ length: 40 }, (_, i) => syntheticBundle(i));
    const held = bundles.slice(0, 25);
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    await store.close();
    const refsFile = join(dir, "kill-reserved-refs.txt");
    writeFileSync(refsFile, held.map((b) => toHex(b.ref)).join("\n"));
    const out = watchChild(child("reserve-worker.mjs", [path, refsFile, "hold"]));
    await out.until((all) => all.some((l) => l.startsWith("reserved ")), "reservations");
    expect(
      out.lines.find((l) => l.startsWith("reserved ")),
      out.stderr(),
    ).toBe(`reserved ${held.length}`);
    expect(await out.kill(), out.stderr()).toBe("SIGKILL");

    // Right after the crash the leases (300 s by default) still hold the packages...
    const now = BigInt(Math.floor(Date.now() / 1000));
    const during = await openSqliteKeyStore({ path, now: () => now });
    expect(await during.count()).toBe(bundles.length - held.length);
    for (const b of held) expect(await during.take(b.ref)).toBe(undefined);
    expect(await during.reserve(held[0]!.ref)).toBe(undefined);
    await during.close();
    // ...and once they expired (a clock 301 s later, not a wait), every package is there, intact.
    const later = await openSqliteKeyStore({ path, now: () => now + 301n });
    expect(await later.count()).toBe(bundles.length);
    for (const b of held) {
      const got = await later.take(b.ref);
      expect(got === undefined ? "lost" : toHex(got.initPrivateKey)).toBe(toHex(b.initPrivateKey));
    }
    expect(await later.count()).toBe(bundles.length - held.length);
    await later.close();
  });

  for (const synchronous of ["full", "normal"] as const) {
    it(`a process killed with SIGKILL while putting loses no acknowledged put (synchronous=${synchronous})`, async () => {
      const path = join(dir, `kill-${synchronous}.db`);
      const out = watchChild(child("put-worker.mjs", [path, toHex(keyPackageBytes), synchronous, "100000"]));
      await out.until((all) => all.length >= 300, "300 acknowledged puts");
      expect(await out.kill(), out.stderr()).toBe("SIGKILL");
      const reported = out.lines.filter((l) => l.startsWith("put ")).map((l) => l.slice(4));
      expect(reported.length >= 300).toBe(true);

      const db = new Database(path);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
      const store = await openSqliteKeyStore({ path });
      for (const hex of reported) {
        const ref = Uint8Array.from(Buffer.from(hex, "hex"));
        const b = await store.get(ref);
        expect(b === undefined ? `missing ${hex}` : toHex(b.ref)).toBe(hex);
        const i = new DataView(ref.buffer).getUint32(28);
        expect(b!.initPrivateKey.every((x) => x === (i & 0xff))).toBe(true);
      }
      expect((await store.count()) >= reported.length).toBe(true);
      await store.close();
    });
  }
});
