/**
 * @module main.test
 * Runs the example as a user would (`node src/main.js`, on the built packages) and checks what it
 * prints: every step of the key-package life cycle, with both stores.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = resolve(__dirname, "../src/main.js");
const tmp = mkdtempSync(join(tmpdir(), "mlskit-node-basic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function example(...args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [main, ...args], { cwd: tmp, timeout: 60_000 });
  return stdout.trimEnd().split("\n");
}

describe("examples/node-basic", () => {
  for (const store of ["sqlite", "memory"] as const) {
    it(`runs the whole life cycle with the ${store} store`, async () => {
      const lines = await example("--store", store, "--count", "4");
      expect(lines[0]).toBe("provider: webcrypto, cipher suite 1");
      expect(lines).toContain("created: 4 key packages + 1 last resort for alice@example.com");
      expect(lines.some((l) => /^published: 5 MLSMessages, \d+-\d+ bytes$/.test(l))).toBe(true);
      expect(lines).toContain("validated: 5/5 by the peer, refs match");
      expect(lines).toContain("tampered: rejected with ValidationError KEY_PACKAGE_INVALID_SIGNATURE");
      expect(lines).toContain(store === "sqlite" ? "store: sqlite (temporary file)" : "store: memory");
      expect(lines).toContain("stored: 5 bundles, 5 valid now");
      expect(
        lines.some((l) => /^welcome: took [0-9a-f]{16}… \(init private key 32 bytes\), 4 left$/.test(l)),
      ).toBe(true);
      expect(lines).toContain("second take: nothing (taken once)");
      expect(lines).toContain("last resort: taken twice, kept, 4 left");
      expect(lines.at(-1)).toBe("done");
    });
  }

  it("keeps the SQLite file with --db, and never prints private keys", async () => {
    const db = join(tmp, "kept.db");
    const lines = await example("--db", db, "--count", "1", "--identity", "bob@example.com");
    expect(lines).toContain(`store: sqlite (${db})`);
    expect(lines).toContain("created: 1 key packages + 1 last resort for bob@example.com");
    expect(existsSync(db)).toBe(true);
    // Only short refs are printed: no long hex strings (keys are 32+ bytes).
    expect(lines.join("\n")).not.toMatch(/[0-9a-f]{40}/);
  });

  it("rejects bad arguments", async () => {
    await expect(example("--store", "postgres")).rejects.toThrow(/--store expects sqlite or memory/);
  });
});
