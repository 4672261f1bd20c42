/**
 * @module generate-workers.test
 * `mlskit generate` in worker threads (`--workers`, and the default for large batches): the
 * real binary, real workers. The packages validate, the refs are distinct, the private material
 * kept in the store opens what is sealed to the package, and bad `--workers` values exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { decodeKeyPackageMessage } from "@mlskit/key-packages";
import { beforeEach, describe, expect, it } from "vitest";
import { expectSuite2LastResortPackage, lines, runCli } from "./run-cli.js";

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlskit-workers-"));
  store = join(dir, "client.db");
});

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));

describe("mlskit generate --workers", () => {
  for (const provider of ["node", "noble", "webcrypto"]) {
    it(`MLSKIT_PROVIDER=${provider}: --workers 2 stores and publishes valid, distinct packages`, async () => {
      const env = { MLSKIT_STORE: store, MLSKIT_PROVIDER: provider };
      const out = join(dir, "published");
      const r = await runCli(
        ["generate", "--identity", "alice", "--count", "70", "--workers", "2", "--out", out],
        {
          env,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("(2 worker threads)");
      const refs = lines(r.stdout);
      expect(refs).toHaveLength(70);
      expect(new Set(refs).size).toBe(70);
      expect(readdirSync(out).sort()).toEqual(refs.map((x) => `${x}.mls`).sort());
      const v = await runCli(["validate", ...refs.map((x) => join(out, `${x}.mls`))], { env });
      expect(v.code, v.stderr).toBe(0);
      expect(lines(v.stdout).map((l) => l.split(/\s+/)[1])).toEqual(refs);
      expect((await runCli(["count"], { env })).stdout.trim()).toBe("70");
    });
  }

  it("keeps private keys that open what is sealed to the package", async () => {
    const env = { MLSKIT_STORE: store, MLSKIT_PROVIDER: "noble" };
    const out = join(dir, "published");
    const r = await runCli(
      ["generate", "--identity", "bob", "--count", "5", "--workers", "2", "--out", out],
      {
        env,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const suite = await nobleCryptoProvider.getCipherSuite(1);
    for (const ref of [lines(r.stdout)[0]!, lines(r.stdout)[4]!]) {
      const kp = decodeKeyPackageMessage(readFileSync(join(out, `${ref}.mls`)));
      const taken = JSON.parse((await runCli(["take", "--json", "--reveal-private", ref], { env })).stdout);
      const info = new TextEncoder().encode("info");
      const msg = new TextEncoder().encode("welcome");
      for (const [publicKey, privateKey] of [
        [kp.initKey, taken.initPrivateKey as string],
        [kp.leafNode.encryptionKey, taken.encryptionPrivateKey as string],
      ] as const) {
        const sealed = await suite.hpke.seal(publicKey, info, new Uint8Array(0), msg);
        expect(
          await suite.hpke.open(
            fromHex(privateKey),
            sealed.kemOutput,
            info,
            new Uint8Array(0),
            sealed.ciphertext,
          ),
        ).toEqual(msg);
      }
    }
  });

  it("honours --last-resort, --suite, --lifetime and --no-grease in workers", async () => {
    const env = { MLSKIT_STORE: store, MLSKIT_PROVIDER: "noble" };
    const r = await runCli(
      [
        "generate",
        "--identity",
        "carol",
        "--suite",
        "2",
        "--lifetime",
        "30d",
        "--last-resort",
        "--no-grease",
        "--workers",
        "2",
        "--out",
        dir,
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    await expectSuite2LastResortPackage(r.stdout, dir);
  });

  it("uses workers by default for large noble batches on more than one core, never for webcrypto", async () => {
    const cores = availableParallelism();
    const run = async (provider: string, count: number, extra: string[] = []) => {
      const r = await runCli(["generate", "--identity", "dave", "--count", String(count), ...extra], {
        env: { MLSKIT_STORE: store, MLSKIT_PROVIDER: provider },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(lines(r.stdout)).toHaveLength(count);
      return r.stderr;
    };
    expect(await run("noble", 1024)).toContain(cores > 1 ? `(${cores} worker threads)` : "generated");
    expect(await run("noble", 1023)).not.toContain("worker thread");
    expect(await run("node", 1024)).not.toContain("worker thread");
    expect(await run("webcrypto", 1024)).not.toContain("worker thread");
    expect(await run("noble", 64, ["--workers", "0"])).not.toContain("worker thread");
    expect(await run("webcrypto", 3, ["--workers", "1"])).toContain("(1 worker thread)");
  });

  it("refuses a bad --workers with one line and exit 2", async () => {
    for (const workers of ["-1", "x", "1.5", "", "2000"]) {
      const r = await runCli(["generate", "--identity", "a", "--workers", workers], {
        env: { MLSKIT_STORE: store },
      });
      expect(r.code, workers).toBe(2);
      expect(lines(r.stderr), workers).toHaveLength(1);
      expect(r.stderr).toContain("--workers");
    }
  });
});
