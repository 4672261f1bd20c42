/**
 * A command that only reads a store never creates one: a mistyped path is an error, and the file
 * is not there afterwards.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDirPerTest } from "./memory-io.js";

const dir = tempDirPerTest("mlskit-missing-");

const run = runMain;

describe("read-only commands on a store that does not exist", () => {
  it("fail and create nothing (key store)", async () => {
    const typo = join(dir(), "typo.db");
    for (const argv of [
      ["count", "--store", typo],
      ["list", "--store", typo],
      ["prune", "--store", typo],
      ["take", "--store", typo, "00".repeat(32)],
    ]) {
      const r = await run(argv);
      expect([argv[0], r.code, r.stderr]).toEqual([
        argv[0],
        1,
        expect.stringContaining(`no store at ${typo}`),
      ]);
      expect(existsSync(typo)).toBe(false);
    }
    // The environment's path too.
    const r = await run(["count"], { MLSKIT_STORE: typo });
    expect(r.code).toBe(1);
    expect(existsSync(typo)).toBe(false);
  });

  it("fail and create nothing (directory store)", async () => {
    const typo = join(dir(), "typo-directory.db");
    for (const argv of [
      ["directory", "list-clients", "--store", typo],
      ["directory", "rotate-token", "--store", typo, "--user", "a", "--client", "b"],
      ["directory", "remove-client", "--store", typo, "--user", "a", "--client", "b"],
      ["directory", "prune", "--store", typo],
    ]) {
      const r = await run(argv);
      expect([argv[1], r.code, r.stderr]).toEqual([
        argv[1],
        1,
        expect.stringContaining(`no store at ${typo}`),
      ]);
      expect(existsSync(typo)).toBe(false);
    }
  });

  it("still let the commands that make a store make one", async () => {
    const db = join(dir(), "new.db");
    expect((await run(["generate", "--identity", "a", "--store", db])).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    const ddb = join(dir(), "new-directory.db");
    expect((await run(["directory", "migrate", "--store", ddb])).code).toBe(0);
    expect(existsSync(ddb)).toBe(true);
  });
});
