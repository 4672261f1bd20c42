import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { expectSuite2LastResortPackage, lines, runCli, words } from "./run-cli.js";

let dir: string;
let env: Record<string, string>;
const KEY = "11".repeat(32);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlskit-store-"));
  env = { MLSKIT_STORE: join(dir, "client.db") };
});

describe("mlskit generate", () => {
  it("creates the signature key once, stores the bundles, writes <ref>.mls files, prints the refs", async () => {
    const out = join(dir, "published");
    const r = await runCli(["generate", "--identity", "alice@example.com", "--count", "5", "--out", out], {
      env,
    });
    expect(r.code).toBe(0);
    const refs = lines(r.stdout);
    expect(refs).toHaveLength(5);
    for (const ref of refs) expect(ref).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stderr).toContain('created a signature key pair for "alice@example.com"');
    expect(readdirSync(out).sort()).toEqual(refs.map((x) => `${x}.mls`).sort());

    // The published files are MLSMessages that validate; the second run reuses the signer.
    const v = await runCli(["validate", ...refs.map((x) => join(out, `${x}.mls`))], { env });
    expect(v.code).toBe(0);
    expect(lines(v.stdout).map((l) => l.split(/\s+/)[1])).toEqual(refs);
    const again = await runCli(["generate", "--identity", "alice@example.com"], { env });
    expect(again.stderr).not.toContain("created a signature key pair");
    const first = readFileSync(join(out, `${refs[0]}.mls`));
    const inspected = await runCli(["inspect", "--json", "-"], { env, input: first });
    const signer = JSON.parse(inspected.stdout).leafNode.signatureKey;
    const list = await runCli(["list", "--json"], { env });
    expect(lines(list.stdout).map((l) => JSON.parse(l).signatureKey)).toEqual(Array(6).fill(signer));
  });

  it("honours --suite, --lifetime, --last-resort and --no-grease", async () => {
    const r = await runCli(
      words`generate --identity bob --suite MLS_128_DHKEMP256_AES128GCM_SHA256_P256 --lifetime 30d
        --last-resort --no-grease --out ${dir}`,
      { env },
    );
    expect(r.code).toBe(0);
    await expectSuite2LastResortPackage(r.stdout, dir);
  });

  it("refuses bad options with one line and exit 2", async () => {
    for (const args of [
      ["generate"],
      ["generate", "--identity", "a", "--count", "0"],
      ["generate", "--identity", "a", "--suite", "99"],
      ["generate", "--identity", "a", "--lifetime", "soon"],
      ["generate", "--identity", "a", "--last-resort", "--count", "2"],
    ]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
    }
    expect(existsSync(env.MLSKIT_STORE!)).toBe(false);
  });
});

describe("mlskit list, count, prune, take", () => {
  it("take removes an ordinary package once and keeps a last-resort one; never prints private keys unasked", async () => {
    const refs = lines((await runCli(["generate", "--identity", "carol", "--count", "3"], { env })).stdout);
    const lr = lines(
      (await runCli(["generate", "--identity", "carol", "--last-resort"], { env })).stdout,
    )[0]!;
    expect((await runCli(["count"], { env })).stdout.trim()).toBe("4");
    expect((await runCli(["count", "--last-resort"], { env })).stdout.trim()).toBe("1");
    expect((await runCli(["count", "--valid-at", "now", "--suite", "1"], { env })).stdout.trim()).toBe("4");

    const t = await runCli(["take", refs[0]!], { env });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`ref            ${refs[0]}`);
    expect(t.stdout).toContain("removed from the store");
    expect(t.stdout).not.toMatch(/private key/i);
    const again = await runCli(["take", refs[0]!], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no key package/);

    const revealed = JSON.parse(
      (await runCli(["take", "--json", "--reveal-private", refs[1]!], { env })).stdout,
    );
    expect(revealed.initPrivateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(revealed.ref).toBe(refs[1]);

    for (let i = 0; i < 2; i++) {
      const k = await runCli(["take", lr], { env });
      expect(k.stdout).toContain("kept (last resort)");
    }
    expect(
      lines((await runCli(["list"], { env })).stdout)
        .map((l) => l.slice(0, 64))
        .sort(),
    ).toEqual([refs[2]!, lr].sort());
  });

  it("prune deletes what has expired at --now", async () => {
    await runCli(["generate", "--identity", "dave", "--count", "2", "--lifetime", "1h"], { env });
    await runCli(["generate", "--identity", "dave", "--count", "1", "--lifetime", "30d"], { env });
    const p = await runCli(["prune", "--now", String(Math.floor(Date.now() / 1000) + 2 * 3600)], { env });
    expect(p.stdout.trim()).toBe("pruned 2 expired key packages");
    expect((await runCli(["count"], { env })).stdout.trim()).toBe("1");
  });

  it("encrypts the store with MLSKIT_STORE_KEY and refuses it without the key, in one line", async () => {
    const keyed = { ...env, MLSKIT_STORE_KEY: KEY };
    const refs = lines(
      (await runCli(["generate", "--identity", "erin", "--count", "2"], { env: keyed })).stdout,
    );
    expect((await runCli(["count"], { env: keyed })).stdout.trim()).toBe("2");
    const noKey = await runCli(["take", refs[0]!], { env });
    expect(noKey.code).toBe(1);
    expect(lines(noKey.stderr)).toHaveLength(1);
    expect(noKey.stderr).toMatch(/STORE_/);
    const wrong = await runCli(["count"], { env: { ...env, MLSKIT_STORE_KEY: "22".repeat(32) } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/STORE_WRONG_ENCRYPTION_KEY/);
    const badHex = await runCli(["count"], { env: { ...env, MLSKIT_STORE_KEY: "xyz" } });
    expect(badHex.code).toBe(2);
    expect((await runCli(["take", refs[0]!], { env: keyed })).code).toBe(0);
  });

  it("reports a locked store in one line", async () => {
    await runCli(["generate", "--identity", "frank"], { env });
    const db = new Database(env.MLSKIT_STORE!);
    db.exec("BEGIN EXCLUSIVE");
    try {
      const r = await runCli(["generate", "--identity", "frank"], { env });
      expect(r.code).toBe(1);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/lock|busy/i);
    } finally {
      db.exec("ROLLBACK");
      db.close();
    }
  });

  it("refuses a malformed ref and a file that is not a store", async () => {
    expect((await runCli(["take", "zz"], { env })).code).toBe(2);
    expect((await runCli(["take", "ab".repeat(31)], { env })).code).toBe(2);
    const notDb = join(dir, "not.db");
    require("node:fs").writeFileSync(notDb, "this is not sqlite ".repeat(100));
    const r = await runCli(["count", "--store", notDb]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
  });
});
