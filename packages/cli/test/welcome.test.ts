/**
 * `mlskit welcome refs | open`, run as a child process against a real SQLite store, on Welcomes a
 * ts-mls group (npm) made when it added a package that `mlskit generate` published.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TsMlsWelcome, type TsMlsWelcomeOptions, tsMlsWelcome } from "@mlskit/interop-peers";
import { beforeEach, describe, expect, it } from "vitest";
import { lines, runCli } from "./run-cli.js";

let dir: string;
let env: Record<string, string>;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const psk = { id: new TextEncoder().encode("psk-1"), secret: new Uint8Array(32).fill(0x42) };
const pskArg = `${hex(psk.id)}=${hex(psk.secret)}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlskit-welcome-"));
  env = { MLSKIT_STORE: join(dir, "client.db") };
});

/** `mlskit generate` publishes `count` packages; a ts-mls group adds the first one. */
async function welcomeForGenerated(
  count: number,
  extra: Omit<TsMlsWelcomeOptions, "cipherSuite" | "keyPackage"> = {},
): Promise<{ refs: string[]; w: TsMlsWelcome; file: string }> {
  const out = join(dir, "published");
  const g = await runCli(
    ["generate", "--identity", "bob@example.com", "--count", String(count), "--out", out],
    {
      env,
    },
  );
  expect(g.code, g.stderr).toBe(0);
  const refs = lines(g.stdout);
  const keyPackage = new Uint8Array(readFileSync(join(out, `${refs[0]}.mls`)));
  const w = await tsMlsWelcome({ cipherSuite: 1, keyPackage, groupSize: 3, ...extra });
  const file = join(dir, "welcome.mls");
  writeFileSync(file, w.welcome);
  return { refs, w, file };
}

const count = async () => Number((await runCli(["count"], { env })).stdout.trim());

describe("mlskit welcome", () => {
  it("refs: the ref the Welcome names, and its status in the store (binary, hex and stdin input)", async () => {
    const { refs, w, file } = await welcomeForGenerated(2);
    const r = await runCli(["welcome", "refs", file], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([`${refs[0]}  available`]);
    const hexFile = join(dir, "welcome.hex");
    writeFileSync(hexFile, hex(w.welcome));
    const json = await runCli(["welcome", "refs", "--json", hexFile], { env });
    expect(lines(json.stdout).map((l) => JSON.parse(l))).toEqual([
      { ref: refs[0], status: "available", inStore: true },
    ]);
    // Another store, which holds other packages (a store that does not exist is an error).
    const otherEnv = { MLSKIT_STORE: join(dir, "other.db") };
    expect((await runCli(["generate", "--identity", "bob@example.com"], { env: otherEnv })).code).toBe(0);
    const other = await runCli(["welcome", "refs", "-"], {
      env: otherEnv,
      input: w.welcome,
    });
    expect(lines(other.stdout)).toEqual([`${refs[0]}  unknown`]);
    const unknown = await runCli(["welcome", "open", "-"], { env: otherEnv, input: w.welcome });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^mlskit welcome open: WELCOME_NO_MATCHING_KEY_PACKAGE: /);
  });

  it("open: a missing PSK fails in one line and consumes nothing; --keep opens and gives the package back; then open commits it", async () => {
    const { refs, w, file } = await welcomeForGenerated(3, { externalPsks: [psk] });
    const missing = await runCli(["welcome", "open", file], { env });
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^mlskit welcome open: WELCOME_PSK_MISSING: /);
    expect(await count()).toBe(3);

    const kept = await runCli(["welcome", "open", file, "--psk", pskArg, "--keep"], { env });
    expect(kept.code, kept.stderr).toBe(0);
    expect(lines(kept.stdout)).toEqual([
      `group id             ${hex(w.groupId)}`,
      `epoch                ${w.epoch}`,
      "cipher suite         MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (1)",
      "members              3",
      `our leaf index       ${w.joinerLeafIndex}`,
      `epoch authenticator  ${hex(w.epochAuthenticator)}`,
      `key package          ${refs[0]} kept in the store (--keep)`,
    ]);
    expect(await count()).toBe(3);

    const joined = await runCli(["welcome", "open", file, "--psk", pskArg, "--json"], { env });
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse(joined.stdout)).toEqual({
      groupId: hex(w.groupId),
      epoch: String(w.epoch),
      cipherSuite: { id: 1, name: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" },
      members: 3,
      ownLeafIndex: w.joinerLeafIndex,
      epochAuthenticator: hex(w.epochAuthenticator),
      keyPackageRef: refs[0],
      keyPackage: "consumed",
    });
    // Nothing secret is printed: not the PSK, and no field beyond the public ones above.
    expect(joined.stdout).not.toContain(hex(psk.secret));
    expect(await count()).toBe(2);
    expect(lines((await runCli(["welcome", "refs", file], { env })).stdout)).toEqual([
      `${refs[0]}  consumed`,
    ]);
    const again = await runCli(["welcome", "open", file, "--psk", pskArg], { env });
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([
      `mlskit welcome open: WELCOME_KEY_PACKAGE_UNAVAILABLE: W-02: the key package ${refs[0]} the Welcome names was already consumed`,
    ]);
  });

  it("open: a tree sent out of band is needed (--ratchet-tree, here as hex)", async () => {
    const { w, file } = await welcomeForGenerated(1, { ratchetTree: "out-of-band" });
    const without = await runCli(["welcome", "open", file], { env });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^mlskit welcome open: WELCOME_RATCHET_TREE_MISSING: /);
    const treeFile = join(dir, "tree.hex");
    writeFileSync(treeFile, hex(w.ratchetTree));
    const ok = await runCli(["welcome", "open", file, "--ratchet-tree", treeFile], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`epoch authenticator  ${hex(w.epochAuthenticator)}`);
    expect(await count()).toBe(0);
  });

  it("errors: one line and exit 1 for a missing or malformed file; exit 2 for usage errors", async () => {
    const missing = await runCli(["welcome", "open", join(dir, "nope.mls")], { env });
    expect([missing.code, lines(missing.stderr)]).toEqual([
      1,
      [`mlskit welcome open: no such file: ${join(dir, "nope.mls")}`],
    ]);
    const junk = join(dir, "junk.mls");
    writeFileSync(junk, new Uint8Array([0, 1, 0, 3, 0, 1, 9]));
    const bad = await runCli(["welcome", "refs", junk], { env });
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toMatch(/^mlskit welcome refs: CODEC_/);
    const usage = await runCli(["welcome", "open", junk, "--psk", "nothex"], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--psk: expected <id-hex>=<secret-hex>");
    expect((await runCli(["welcome", "frobnicate"], { env })).code).toBe(2);
    expect((await runCli(["welcome", "--help"], { env })).stdout).toContain(
      "Usage: mlskit welcome <command>",
    );
    expect((await runCli(["welcome", "open", "--help"], { env })).stdout).toContain(
      "Usage: mlskit welcome open <file>",
    );
  });
});
