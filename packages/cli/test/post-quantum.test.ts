/**
 * @module post-quantum.test
 * The CLI with the provisional post-quantum suites, on the embedded SQLite store: `generate
 * --suite` takes their names and ids, the packages validate, and `inspect` names the suite and
 * marks its code point provisional, with its source.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lines, runCli } from "./run-cli.js";

describe("mlskit with post-quantum suites", () => {
  it("generate --suite MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519 stores, validates and inspects", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-pq-"));
    const env = { MLSKIT_STORE: join(dir, "client.db") };
    const out = join(dir, "published");
    const r = await runCli(
      [
        "generate",
        "--identity",
        "alice@example.com",
        "--suite",
        "MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519",
        "--count",
        "2",
        "--out",
        out,
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const refs = lines(r.stdout);
    expect(refs).toHaveLength(2);
    const files = refs.map((ref) => join(out, `${ref}.mls`));
    const v = await runCli(["validate", "--suite", "0x004f", ...files], { env });
    expect(v.code).toBe(0);
    const text = await runCli(["inspect", files[0]!], { env });
    expect(text.stdout).toContain("MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519 (0x004f)");
    expect(text.stdout).toContain("provisional code point (OpenMLS (draft-ietf-mls-pq-ciphersuites TBD1))");
    const json = JSON.parse(
      (await runCli(["inspect", "--json", "-"], { env, input: readFileSync(files[0]!) })).stdout,
    );
    expect(json.cipherSuite).toMatchObject({ id: 0x004f, provisional: expect.stringContaining("OpenMLS") });
    expect(json.initKey.length).toBe(2 * 1216); // hex of an X-Wing public key
    const list = await runCli(["list", "--json"], { env });
    expect(lines(list.stdout)).toHaveLength(2);
  });

  it("generate --suite 0x0906 (ML-KEM-1024, ML-DSA-87): the largest packages, about 15 KB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-pq-"));
    const env = { MLSKIT_STORE: join(dir, "client.db") };
    const r = await runCli(["generate", "--identity", "bob", "--suite", "0x0906", "--out", dir], { env });
    expect(r.code).toBe(0);
    const [ref] = lines(r.stdout);
    const file = join(dir, `${ref}.mls`);
    expect(readFileSync(file).length).toBeGreaterThan(14_000);
    expect((await runCli(["validate", file], { env })).code).toBe(0);
  });
});
