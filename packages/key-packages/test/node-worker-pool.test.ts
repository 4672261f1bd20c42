/**
 * @module node-worker-pool.test
 * `openKeyPackageWorkerPool` (`@mlskit/key-packages/node`) with real worker threads and the real
 * noble provider: bundles in order whatever worker finishes first, every package valid with its
 * own private keys, options honoured, the errors of `createKeyPackages` with the same class and
 * code, and no hang when a worker exits or the pool is closed.
 *
 * Workers run built JavaScript (test/global-setup.ts builds it). The provider is given as an
 * absolute URL of noble's built entry: under vitest `import.meta.resolve` follows the repository's
 * `source` condition to a `.ts` file a worker thread cannot load, so {@link builtEntry} finds the
 * URL plain Node's `import.meta.resolve` gives (the last test runs plain Node and uses it).
 * (Over 400 lines: the pool's whole contract against one set of real worker threads, which are
 * costly to start; the cases share the pool fixture.)
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GREASE_VALUES, toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { decryptWithLabel, encryptWithLabel } from "@mlskit/crypto-provider";
import { CryptoError, MlsError, UsageError, ValidationError } from "@mlskit/errors";
import { lastResortExtension } from "@mlskit/extensions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CreateKeyPackageOptions,
  createKeyPackages,
  isLastResortKeyPackage,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import {
  type KeyPackageWorkerPool,
  type KeyPackageWorkerPoolOptions,
  openKeyPackageWorkerPool,
} from "../src/node/index.js";
import { NOW, provider, signatureKeyPairFor } from "./helpers.js";

/**
 * The absolute file: URL of a workspace package's built entry, what plain Node's
 * `import.meta.resolve(name)` gives (the `default` condition of its exports). Under vitest both
 * `import.meta.resolve` and `require.resolve` follow the `source` condition to a `.ts` file.
 */
function builtEntry(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    exports: { ".": { default: string } };
  };
  return pathToFileURL(join(dir, pkg.exports["."].default)).href;
}
const NOBLE = builtEntry("@mlskit/crypto-provider-noble");
const noble = { module: NOBLE, export: "nobleCryptoProvider" } as const;

/**
 * A provider factory around the real noble provider, as a `data:` module a worker can import:
 * it checks that its options arrived, and on request tags GREASE choices with the worker's
 * thread id (to see which worker made a package), slows one of two workers down, makes a worker
 * exit or never answer.
 */
const FACTORY = `
import { threadId } from "node:worker_threads";
import { nobleCryptoProvider as noble } from ${JSON.stringify(NOBLE)};
export async function testProvider(o) {
  if (o?.magic !== 42) throw new TypeError("testProvider: its options did not arrive");
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  return {
    name: "test",
    supportedCipherSuites: () => noble.supportedCipherSuites(),
    async getCipherSuite(id) {
      if (id === o.exitOn) process.exit(3);
      if (id === o.hangOn) await new Promise(() => {});
      const suite = await noble.getCipherSuite(id);
      if (!o.slowEvenThread || threadId % 2 !== 0) return suite;
      const generateKeyPair = async () => { await sleep(3); return suite.hpke.generateKeyPair(); };
      return { ...suite, hpke: { ...suite.hpke, generateKeyPair } };
    },
    randomBytes: (n) => (o.tagByThread ? new Uint8Array(n).fill(threadId) : noble.randomBytes(n)),
  };
}`;
const testProvider = (options: Record<string, unknown>) => ({
  module: new URL(`data:text/javascript,${encodeURIComponent(FACTORY)}`),
  export: "testProvider",
  options: { magic: 42, ...options },
});

async function batchOptions(cipherSuite = 1): Promise<Omit<CreateKeyPackageOptions, "provider">> {
  return {
    cipherSuite,
    credential: basicCredential("alice@example.com"),
    signatureKeyPair: await signatureKeyPairFor(cipherSuite),
    now: NOW,
  };
}

async function withPool<T>(opts: KeyPackageWorkerPoolOptions, f: (pool: KeyPackageWorkerPool) => Promise<T>) {
  const pool = await openKeyPackageWorkerPool(opts);
  try {
    return await f(pool);
  } finally {
    await pool.close();
  }
}

describe("openKeyPackageWorkerPool", () => {
  let pool: KeyPackageWorkerPool;
  beforeAll(async () => {
    pool = await openKeyPackageWorkerPool({ provider: noble, workers: 2 });
  });
  afterAll(() => pool.close());

  it("creates count valid packages with distinct refs and working private keys", async () => {
    for (const cipherSuite of [1, 2]) {
      const bundles = await pool.createKeyPackages({ ...(await batchOptions(cipherSuite)), count: 70 });
      expect(bundles).toHaveLength(70);
      const refs = new Set<string>();
      const suite = await provider.getCipherSuite(cipherSuite);
      for (const b of bundles) {
        const kp = await validateKeyPackage(b.keyPackage, {
          provider,
          now: NOW,
          expectedCipherSuite: cipherSuite,
        });
        expect(kp.leafNode.signatureKey).toEqual((await signatureKeyPairFor(cipherSuite)).publicKey);
        expect(b.ref).toEqual(await keyPackageRef(kp, provider));
        expect(b.lastResort).toBe(false);
        refs.add(toHex(b.ref));
      }
      expect(refs.size).toBe(70);
      // The private keys that came back open what is sealed to the package's public keys.
      for (const b of [bundles[0]!, bundles[69]!]) {
        for (const [publicKey, privateKey] of [
          [b.keyPackage.initKey, b.initPrivateKey],
          [b.keyPackage.leafNode.encryptionKey, b.encryptionPrivateKey],
        ] as const) {
          const msg = new TextEncoder().encode("welcome");
          const ct = await encryptWithLabel(suite, publicKey, "test", new Uint8Array(0), msg);
          expect(
            await decryptWithLabel(suite, privateKey, "test", new Uint8Array(0), ct.kemOutput, ct.ciphertext),
          ).toEqual(msg);
        }
      }
    }
  });

  it("honours lastResort, extensions, leaf node extensions, lifetime and grease", async () => {
    const appId = new Uint8Array([1, 2, 3]);
    const bundles = await pool.createKeyPackages({
      ...(await batchOptions()),
      count: 5,
      lastResort: true,
      grease: false,
      lifetime: { seconds: 3600 },
      leafNodeExtensions: [{ extensionType: 1, extensionData: appId }],
      extensions: [{ extensionType: 0xff00, extensionData: new Uint8Array([9]) }],
    });
    expect(bundles).toHaveLength(5);
    for (const b of bundles) {
      await validateKeyPackage(b.keyPackage, { provider, now: NOW });
      expect(b.lastResort).toBe(true);
      expect(isLastResortKeyPackage(b.keyPackage)).toBe(true);
      expect(b.keyPackage.extensions.map((e) => e.extensionType)).toEqual([
        0xff00,
        lastResortExtension().extensionType,
      ]);
      expect(b.keyPackage.leafNode.extensions).toEqual([{ extensionType: 1, extensionData: appId }]);
      const { notBefore, notAfter } = b.keyPackage.leafNode.lifetime!;
      expect(notAfter - notBefore).toBe(3600n + 3600n);
      const caps = b.keyPackage.leafNode.capabilities;
      const all = [...caps.cipherSuites, ...caps.extensions, ...caps.proposals, ...caps.credentials];
      expect(all.filter((v) => (GREASE_VALUES as readonly number[]).includes(v))).toEqual([]);
    }
  });

  it("takes the creation time once for a whole batch without now", async () => {
    const { now: _, ...opts } = await batchOptions();
    const bundles = await pool.createKeyPackages({ ...opts, count: 40 });
    expect(new Set(bundles.map((b) => b.keyPackage.leafNode.lifetime!.notBefore)).size).toBe(1);
  });

  it("returns an empty batch for count 0 and checks the options all the same", async () => {
    expect(await pool.createKeyPackages({ ...(await batchOptions()), count: 0 })).toEqual([]);
    await expect(
      pool.createKeyPackages({ ...(await batchOptions()), count: 0, cipherSuite: 0x0a0a }),
    ).rejects.toThrow(CryptoError);
  });

  it("fails with the class, code, message and cause that createKeyPackages throws", async () => {
    const base = await batchOptions();
    const p256 = await batchOptions(2);
    const bad: [string, Omit<CreateKeyPackageOptions, "provider">][] = [
      ["unsupported suite (CryptoError)", { ...base, cipherSuite: 0x0a0a }],
      ["key pair of another suite (UsageError)", { ...base, cipherSuite: 2 }],
      [
        "foreign private key (UsageError)",
        {
          ...base,
          signatureKeyPair: {
            ...base.signatureKeyPair,
            privateKey: p256.signatureKeyPair.privateKey.slice(0, 32),
          },
        },
      ],
      [
        "duplicate extension (UsageError caused by ValidationError)",
        { ...base, extensions: [lastResortExtension(), lastResortExtension()] },
      ],
      ["bad credential (TypeError)", { ...base, credential: {} as never }],
      ["bad lifetime (RangeError)", { ...base, lifetime: { seconds: -1 } }],
      ["bad now (RangeError)", { ...base, now: -1n }],
    ];
    for (const [what, opts] of bad) {
      const inProcess = await createKeyPackages({ ...opts, provider, count: 3 }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      const pooled = await pool.createKeyPackages({ ...opts, count: 40 }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(inProcess, what).toBeInstanceOf(Error);
      expect(pooled?.constructor, what).toBe(inProcess!.constructor);
      expect(pooled?.message, what).toBe(inProcess!.message);
      expect((pooled as MlsError).code, what).toBe((inProcess as MlsError).code);
      expect(MlsError.is(pooled), what).toBe(MlsError.is(inProcess));
      if (MlsError.is(inProcess)) {
        expect((pooled as MlsError).category, what).toBe(inProcess.category);
        expect((pooled as MlsError).details, what).toEqual(inProcess.details);
      }
      if (inProcess!.cause !== undefined) {
        expect((pooled!.cause as Error).constructor, what).toBe((inProcess!.cause as Error).constructor);
        expect((pooled!.cause as MlsError).code, what).toBe((inProcess!.cause as MlsError).code);
      }
    }
    const dup = await pool
      .createKeyPackages({ ...base, extensions: [lastResortExtension(), lastResortExtension()], count: 2 })
      .catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(UsageError);
    expect((dup as UsageError).cause).toBeInstanceOf(ValidationError);
    expect(MlsError.is(dup, "KEY_PACKAGE_DUPLICATE_EXTENSION")).toBe(true);
    // The pool is still fine after failed batches.
    expect(await pool.createKeyPackages({ ...base, count: 3 })).toHaveLength(3);
  });

  it("checks its own arguments on the calling thread", async () => {
    const base = await batchOptions();
    await expect(pool.createKeyPackages({ ...base, count: -1 })).rejects.toThrow(RangeError);
    await expect(pool.createKeyPackages({ ...base, count: 1.5 })).rejects.toThrow(RangeError);
    await expect(pool.createKeyPackages({ ...base, provider, count: 1 } as never)).rejects.toThrow(TypeError);
    await expect(
      pool.createKeyPackages({ ...base, credential: { ...base.credential, f: () => 1 } as never, count: 1 }),
    ).rejects.toThrow(TypeError);
    await expect(pool.createKeyPackages(null as never)).rejects.toThrow(TypeError);
  });

  it("serves concurrent batches", async () => {
    const base = await batchOptions();
    const [a, b, c] = await Promise.all([
      pool.createKeyPackages({ ...base, count: 33 }),
      pool.createKeyPackages({ ...base, count: 1 }),
      pool.createKeyPackages({ ...base, count: 64, lastResort: true }),
    ]);
    expect([a.length, b.length, c.length]).toEqual([33, 1, 64]);
    expect(c.every((x) => x.lastResort)).toBe(true);
    expect(new Set([...a, ...b, ...c].map((x) => toHex(x.ref))).size).toBe(98);
  });
});

describe("openKeyPackageWorkerPool: order, provider loading and failures", () => {
  it("keeps bundle i at position i when a later chunk finishes first", async () => {
    // 64 packages on 2 workers: 4 chunks of 16, chunk i to worker i % 2, the even thread slowed
    // down. A package's GREASE suite names its worker.
    await withPool(
      { provider: testProvider({ tagByThread: true, slowEvenThread: true }), workers: 2 },
      async (pool) => {
        const bundles = await pool.createKeyPackages({ ...(await batchOptions()), count: 64 });
        const tags = bundles.map((b) => b.keyPackage.leafNode.capabilities.cipherSuites.find((s) => s !== 1));
        const chunkTags = [0, 1, 2, 3].map((c) => new Set(tags.slice(16 * c, 16 * c + 16)));
        for (const t of chunkTags) expect(t.size).toBe(1);
        const [a, b, c, d] = chunkTags.map((t) => [...t][0]);
        expect(a).not.toBe(b);
        expect([c, d]).toEqual([a, b]);
        for (const x of bundles) await validateKeyPackage(x.keyPackage, { provider, now: NOW });
      },
    );
  });

  it("calls a factory export with its options; fails to open without them", async () => {
    await withPool({ provider: testProvider({}), workers: 1 }, async (pool) => {
      expect(await pool.createKeyPackages({ ...(await batchOptions()), count: 2 })).toHaveLength(2);
    });
    const { options: _, ...withoutOptions } = testProvider({});
    await expect(openKeyPackageWorkerPool({ provider: withoutOptions, workers: 2 })).rejects.toThrow(
      /options did not arrive/,
    );
  });

  it("takes the module as a URL object, a file: URL string or an absolute path", async () => {
    for (const module of [new URL(NOBLE), NOBLE, fileURLToPath(NOBLE)]) {
      await withPool({ provider: { module, export: "nobleCryptoProvider" }, workers: 1 }, async (pool) => {
        expect(await pool.createKeyPackages({ ...(await batchOptions()), count: 1 })).toHaveLength(1);
      });
    }
  });

  it("rejects a provider it cannot load, and malformed options", async () => {
    await expect(openKeyPackageWorkerPool({ provider: { module: NOBLE, export: "nope" } })).rejects.toThrow(
      TypeError,
    );
    await expect(
      openKeyPackageWorkerPool({
        provider: { module: "data:text/javascript,export const notAProvider = 1", export: "notAProvider" },
        workers: 1,
      }),
    ).rejects.toThrow(/not a CryptoProvider/);
    const missing = await openKeyPackageWorkerPool({
      provider: { module: pathToFileURL("/nonexistent/provider.js").href, export: "x" },
      workers: 1,
    }).catch((e: unknown) => e as Error & { code?: string });
    expect(missing).toBeInstanceOf(Error);
    expect(missing.code).toBe("ERR_MODULE_NOT_FOUND");
    for (const provider of [
      undefined,
      {},
      { module: "", export: "x" },
      { module: NOBLE },
      { module: "./p.js", export: "x" },
    ]) {
      await expect(openKeyPackageWorkerPool({ provider: provider as never })).rejects.toThrow(TypeError);
    }
    await expect(openKeyPackageWorkerPool({ provider: { ...noble, options: () => 1 } })).rejects.toThrow(
      TypeError,
    );
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await expect(openKeyPackageWorkerPool({ provider: noble, workers })).rejects.toThrow(RangeError);
    }
  });

  it("rejects the pending batch when a worker exits, and goes on with the others", async () => {
    await withPool({ provider: testProvider({ exitOn: 3 }), workers: 2 }, async (pool) => {
      // count 1: one chunk, to the first worker, which exits.
      await expect(pool.createKeyPackages({ ...(await batchOptions(3)), count: 1 })).rejects.toThrow(
        /worker exited \(code 3\)/,
      );
      expect(await pool.createKeyPackages({ ...(await batchOptions()), count: 10 })).toHaveLength(10);
      // Now the second one exits too: nothing is left to run a batch.
      await expect(pool.createKeyPackages({ ...(await batchOptions(3)), count: 10 })).rejects.toThrow(
        /exited/,
      );
      await expect(pool.createKeyPackages({ ...(await batchOptions()), count: 1 })).rejects.toThrow(
        /no key package worker is running/,
      );
    });
  });

  it("close() rejects the batches under way and every later call; it is idempotent", async () => {
    const pool = await openKeyPackageWorkerPool({ provider: testProvider({ hangOn: 3 }), workers: 2 });
    const stuck = pool.createKeyPackages({ ...(await batchOptions(3)), count: 50 });
    const settled = stuck.catch((e: unknown) => e as Error);
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect(await settled).toBeInstanceOf(Error);
    expect((await settled)?.message).toMatch(/closed/);
    await expect(pool.createKeyPackages({ ...(await batchOptions()), count: 1 })).rejects.toThrow(/closed/);
    await pool.close();
  });

  it("supports await using", async () => {
    let escaped: KeyPackageWorkerPool;
    {
      await using pool = await openKeyPackageWorkerPool({ provider: noble, workers: 1 });
      escaped = pool;
      expect(await pool.createKeyPackages({ ...(await batchOptions()), count: 1 })).toHaveLength(1);
    }
    await expect(escaped.createKeyPackages({ ...(await batchOptions()), count: 1 })).rejects.toThrow(
      /closed/,
    );
  });

  it("runs from the built dist/ as published, in plain Node, with import.meta.resolve", async () => {
    // A child process: plain Node with the published conditions (no vitest, no "source").
    const script = `
      import { basicCredential } from "@mlskit/credentials";
      import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
      import { MlsError } from "@mlskit/errors";
      import { validateKeyPackage } from "@mlskit/key-packages";
      import { openKeyPackageWorkerPool } from "@mlskit/key-packages/node";
      const signatureKeyPair = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
      const opts = { cipherSuite: 1, credential: basicCredential("a"), signatureKeyPair };
      const pool = await openKeyPackageWorkerPool({
        provider: { module: import.meta.resolve("@mlskit/crypto-provider-noble"), export: "nobleCryptoProvider" },
        workers: 2,
      });
      const bundles = await pool.createKeyPackages({ ...opts, count: 20 });
      for (const b of bundles) await validateKeyPackage(b.keyPackage, { provider });
      const e = await pool.createKeyPackages({ ...opts, cipherSuite: 0x0a0a, count: 1 }).catch((x) => x);
      await pool[Symbol.asyncDispose]();
      console.log(JSON.stringify({ count: bundles.length, code: MlsError.is(e) ? e.code : String(e) }));
    `;
    const { execFile } = await import("node:child_process");
    const out = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        // In this package's folder: its dependencies, and itself by name (self-reference).
        { cwd: new URL("..", import.meta.url), env: { PATH: process.env.PATH ?? "" } },
        (err, stdout, stderr) => (err ? fail(new Error(`${err.message}\n${stderr}`)) : done(stdout)),
      ),
    );
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({
      count: 20,
      code: "UNSUPPORTED_CIPHER_SUITE",
    });
  });
});
