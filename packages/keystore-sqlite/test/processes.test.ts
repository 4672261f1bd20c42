/**
 * Multi-process behaviour of the SQLite store: child Node processes run the built dist/ of the
 * packages (built once in beforeAll with `tsc -b`), so these tests exercise real OS processes
 * sharing one database file.
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

/** Collect complete stdout lines; resolve `until(lines)` becomes true or the process exits. */
function lines(p: ChildProcessWithoutNullStreams): {
  all: string[];
  exited: Promise<number | null>;
  stderr: () => string;
} {
  const all: string[] = [];
  let buffered = "";
  let err = "";
  p.stdout.setEncoding("utf8");
  p.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    all.push(...parts);
  });
  p.stderr.on("data", (c) => {
    err += String(c);
  });
  const exited = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
  return { all, exited, stderr: () => err };
}

async function waitFor(cond: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
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
  it("two processes racing take over the same 1,000 refs: every ref is won exactly once", async () => {
    const path = join(dir, "race.db");
    const bundles = Array.from({ length: 1000 }, (_, i) => syntheticBundle(i));
    const store = await openSqliteKeyStore({ path });
    await store.putMany(bundles);
    await store.close();
    const refsFile = join(dir, "race-refs.txt");
    writeFileSync(refsFile, bundles.map((b) => toHex(b.ref)).join("\n"));

    const procs = [child("take-worker.mjs", [path, refsFile]), child("take-worker.mjs", [path, refsFile])];
    const outs = procs.map(lines);
    await waitFor(() => outs.every((o) => o.all.includes("ready")), "both workers ready");
    for (const p of procs) p.stdin.write("go\n");
    const codes = await Promise.all(outs.map((o) => o.exited));
    expect(codes, outs.map((o) => o.stderr()).join("\n")).toEqual([0, 0]);
    const won = outs.map((o) => JSON.parse(o.all.find((l) => l.startsWith("{"))!).won as string[]);
    console.log(`take race: worker A won ${won[0]!.length}, worker B won ${won[1]!.length}`);
    const all = [...won[0]!, ...won[1]!];
    expect(all.length).toBe(1000);
    expect(new Set(all).size).toBe(1000);
    expect(new Set(all)).toEqual(new Set(bundles.map((b) => toHex(b.ref))));
    const after = await openSqliteKeyStore({ path });
    expect(await after.count()).toBe(0);
    await after.close();
  });

  for (const synchronous of ["full", "normal"] as const) {
    it(`a process killed with SIGKILL while putting loses no acknowledged put (synchronous=${synchronous})`, async () => {
      const path = join(dir, `kill-${synchronous}.db`);
      const p = child("put-worker.mjs", [path, toHex(keyPackageBytes), synchronous, "100000"]);
      const out = lines(p);
      await waitFor(() => out.all.length >= 300 || p.exitCode !== null, "300 acknowledged puts");
      p.kill("SIGKILL");
      await out.exited;
      expect(p.signalCode, out.stderr()).toBe("SIGKILL");
      const reported = out.all.filter((l) => l.startsWith("put ")).map((l) => l.slice(4));
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
