/**
 * `generate` makes only packages that its own `validate` (and a directory) accept: a lifetime
 * over the maximum total lifetime (KP-23) is refused unless the policy is raised, durations name
 * their unit, and one call makes a package per suite of a list. Time options name themselves in
 * their errors.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runMain, tempDirPerTest } from "./memory-io.js";
import { lines } from "./run-cli.js";

const dir = tempDirPerTest("mlskit-gen-");
let env: Record<string, string>;
beforeEach(() => {
  env = { MLSKIT_STORE: join(dir(), "client.db") };
});

const run = (argv: string[]) => runMain(argv, env);
/** `mlskit generate --identity alice …args`. */
const generateAlice = (...args: string[]) => run(["generate", "--identity", "alice", ...args]);

describe("generate --lifetime", () => {
  it("refuses a lifetime over the maximum total lifetime, naming KP-23 and how to raise it", async () => {
    const r = await generateAlice("--lifetime", "400d", "--out", dir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlskit generate: --lifetime 400d: [^\n]*KP-23[^\n]*--max-lifetime[^\n]*\n$/);
    expect(readdirSync(dir()).filter((f) => f.endsWith(".mls"))).toEqual([]);
  });

  it("makes it when the policy is raised, and validate accepts it under the same policy", async () => {
    const out = join(dir(), "out");
    const r = await generateAlice("--lifetime", "400d", "--max-lifetime", "401d", "--out", out);
    expect(r.code).toBe(0);
    const file = join(out, `${lines(r.stdout)[0]}.mls`);
    expect((await run(["validate", file])).code).toBe(1);
    expect((await run(["validate", "--max-lifetime", "401d", file])).code).toBe(0);
    expect((await generateAlice("--lifetime", "400d", "--max-lifetime", "none")).code).toBe(0);
  });

  it("asks a bare number to name its unit", async () => {
    for (const argv of [
      ["generate", "--identity", "alice", "--lifetime", "90"],
      ["validate", "--max-lifetime", "90", "x.mls"],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/"90" has no unit: write 90s, 90m, 90h, 90d or 90w/);
    }
  });
});

describe("time options", () => {
  it("name the option that is wrong", async () => {
    await generateAlice();
    const r = await run(["count", "--valid-at", "tomorrow"]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("--valid-at: expected")]);
    expect(r.stderr).not.toContain("--now");
    expect((await run(["count", "--valid-at", "now"])).stdout).toBe("1\n");
    const p = await run(["prune", "--now", "tomorrow"]);
    expect(p.stderr).toContain("--now: expected");
  });
});

describe("generate --suite with a list", () => {
  it("makes a package for each suite, each advertising them all, with a signature key per suite", async () => {
    const out = join(dir(), "out");
    const r = await generateAlice(
      "--suite",
      "1, 0x0002, MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
      "--count",
      "2",
      "--no-grease",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    const refs = lines(r.stdout);
    expect(refs).toHaveLength(6);
    const suites: number[] = [];
    for (const ref of refs) {
      const i = await run(["inspect", "--json", join(out, `${ref}.mls`)]);
      const d = JSON.parse(i.stdout);
      suites.push(d.cipherSuite.id);
      expect(d.leafNode.capabilities.cipherSuites.map((s: { id: number }) => s.id).sort()).toEqual([1, 2, 3]);
    }
    expect(suites).toEqual([1, 1, 2, 2, 3, 3]);
    expect(r.stderr.match(/created a signature key pair/g)).toHaveLength(3);
    expect((await run(["validate", ...refs.map((x) => join(out, `${x}.mls`))])).code).toBe(0);
  });

  it("refuses an unknown suite or one given twice", async () => {
    expect((await run(["generate", "--identity", "a", "--suite", "1,0x4242"])).stderr).toContain(
      'unknown cipher suite "0x4242"',
    );
    expect((await run(["generate", "--identity", "a", "--suite", "1,1"])).stderr).toContain("given twice");
  });
});
