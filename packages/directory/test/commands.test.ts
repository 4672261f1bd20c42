/**
 * The command-line entries the CLI mounts: `mlskit directory …` (runDirectoryCommand,
 * runDirectoryServe) and `mlskit publish` (runPublish of @mlskit/directory-client), driven with an
 * in-memory io on a temporary SQLite file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { countKeyPackages } from "@mlskit/directory-client";
import { runPublish } from "@mlskit/directory-client/command";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  encodeKeyPackageBatch,
  openDirectoryStore,
  runDirectoryCommand,
  runDirectoryServe,
} from "../src/index.js";
import { addTestClient, provider } from "./helpers.js";

function memoryIo(env: Record<string, string> = {}, signal?: AbortSignal) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      env,
      ...(signal === undefined ? {} : { signal }),
    },
  };
}

describe("commands", () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mlskit-dir-cmd-"));
    db = join(dir, "directory.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("add-client prints a token once; list, rotate, remove", async () => {
    const a = memoryIo({ MLSKIT_DIRECTORY_STORE: db });
    expect(
      await runDirectoryCommand(
        ["add-client", "--user", "alice", "--client", "phone", "--identity", "alice#phone"],
        a.io,
      ),
    ).toBe(0);
    const token = a.out.stdout.trim();
    expect(token).toMatch(/^mlsk_[A-Za-z0-9_-]{43}$/);
    const again = memoryIo({ MLSKIT_DIRECTORY_STORE: db });
    expect(
      await runDirectoryCommand(
        ["add-client", "--user", "alice", "--client", "phone", "--identity", "x"],
        again.io,
      ),
    ).toBe(1);
    expect(again.out.stderr).toContain("DIRECTORY_CLIENT_EXISTS");
    const list = memoryIo();
    expect(await runDirectoryCommand(["list-clients", "--store", db], list.io)).toBe(0);
    expect(list.out.stdout).toMatch(/^alice\tphone\t[0-9a-f]+\n$/);
    const rot = memoryIo();
    expect(
      await runDirectoryCommand(
        ["rotate-token", "--store", db, "--user", "alice", "--client", "phone"],
        rot.io,
      ),
    ).toBe(0);
    expect(rot.out.stdout.trim()).not.toBe(token);
    const rm = memoryIo();
    expect(
      await runDirectoryCommand(
        ["remove-client", "--store", db, "--user", "alice", "--client", "phone"],
        rm.io,
      ),
    ).toBe(0);
    expect(
      await runDirectoryCommand(
        ["remove-client", "--store", db, "--user", "alice", "--client", "phone"],
        rm.io,
      ),
    ).toBe(1);
    const bad = memoryIo();
    expect(
      await runDirectoryCommand(
        ["add-client", "--store", db, "--user", "a b", "--client", "c", "--identity", "i"],
        bad.io,
      ),
    ).toBe(2);
    expect(await runDirectoryCommand(["frobnicate"], bad.io)).toBe(2);
    expect(await runDirectoryCommand(["migrate", "--store", db], memoryIo().io)).toBe(0);
    expect(await runDirectoryCommand(["prune", "--store", db], memoryIo().io)).toBe(0);
  });

  it("serve runs until its signal aborts; publish --to sends files and tops up", async () => {
    const store = await openDirectoryStore(db);
    const alice = await addTestClient(store, "alice", "phone");
    await store.close();
    const stop = new AbortController();
    const s = memoryIo({ MLSKIT_DIRECTORY_STORE: db }, stop.signal);
    const serving = runDirectoryServe(["--port", "0", "--prune-interval", "1"], s.io);
    while (!s.out.stdout.includes("listening on")) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (\S+)/.exec(s.out.stdout)![1]!;
    try {
      const bundles = await alice.make(3);
      const file = join(dir, "kps.mls");
      writeFileSync(file, encodeKeyPackageBatch(bundles.map((b) => b.keyPackage)));
      const p = memoryIo({ MLSKIT_DIRECTORY_TOKEN: alice.token });
      expect(await runPublish(["--to", url, file], p.io)).toBe(0);
      expect(
        p.out.stdout
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split("\t")[0]),
      ).toEqual(bundles.map((b) => toHex(b.ref)));
      const dup = memoryIo({ MLSKIT_DIRECTORY_TOKEN: alice.token });
      expect(await runPublish(["--to", url, file], dup.io)).toBe(1);
      expect(dup.out.stderr).toContain("DIRECTORY_DUPLICATE_KEY_PACKAGE");
      expect(await runPublish(["--to", url, file], memoryIo().io)).toBe(2); // no token

      const local = await createMemoryKeyStore();
      await local.putSignatureKeyPair({
        credential: alice.credential,
        cipherSuite: 1,
        signatureKeyPair: alice.signatureKeyPair,
      });
      const t = memoryIo({ MLSKIT_DIRECTORY_TOKEN: alice.token });
      const code = await runPublish(["--to", url, "--top-up", "5", "--identity", "alice#phone"], t.io, {
        provider,
        openStore: async () => local,
      });
      expect([code, t.out.stderr]).toEqual([0, ""]);
      expect(t.out.stdout).toContain("published 2 key packages and a last-resort package; 5 valid");
      expect((await countKeyPackages({ url, token: alice.token }, { cipherSuite: 1 })).count).toBe(5);
      expect(await runPublish(["--to", url, "--top-up", "5", "--identity", "alice#phone"], t.io)).toBe(1); // no store in this build
    } finally {
      stop.abort();
    }
    expect(await serving).toBe(0);
  });
});
