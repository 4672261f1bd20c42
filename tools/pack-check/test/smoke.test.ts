/**
 * @module smoke.test
 * The packed tarballs work outside the workspace: pack the packages examples/node-basic needs,
 * `npm install` all the tarballs together into a fresh project under the system's temp folder
 * (so inter-package dependencies resolve to the tarballs; third-party ones come from the npm
 * registry), then, with plain `node` and `tsc` there:
 * - run examples/node-basic/src/main.js (memory and SQLite stores) and check its output;
 * - `require()` a package (ESM only; Node >= 20.19 loads it with require(esm));
 * - type-check a TypeScript consumer against the published .d.ts files (skipLibCheck off);
 * - run test/runtime-smoke.mjs (key packages, both stores with take and reserve/commit, and the
 *   key store conformance kit on both) on this Node (20, SQLite through better-sqlite3) and on
 *   Node 22, Node 24, Bun and Deno (each on its own SQLite), installed from the npm registry by
 *   src/runtimes.js.
 *
 * better-sqlite3 is an optional peer dependency that npm does not install: for Node 20 the
 * project links the workspace's already-built copy (building it again would take minutes).
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages, publishablePackages } from "../src/pack-check.js";
import { installRuntimes } from "../src/runtimes.js";
import { SMOKE_PACKAGES } from "./smoke-packages.js";

const exec = promisify(execFile);
const root = resolve(__dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "mlskit-smoke-"));
const project = join(work, "app");

/** The environment without pnpm's npm_* variables, which would configure the inner npm. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(config|package|lifecycle)_/i.test(k)),
);

async function node(...args: string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, args, { cwd: project, env, timeout: 60_000 });
  return stdout;
}

describe("packed tarballs, installed outside the workspace", () => {
  beforeAll(async () => {
    const pkgs = publishablePackages(root).filter((p) =>
      (SMOKE_PACKAGES as readonly string[]).includes(p.name),
    );
    expect(pkgs.map((p) => p.name).sort()).toEqual([...SMOKE_PACKAGES].sort());
    const tarballs = await packPackages(pkgs, work);
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "mlskit-smoke", version: "1.0.0", private: true, type: "module" }),
    );
    await exec(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-package-lock", ...tarballs.values()],
      { cwd: project, env, timeout: 150_000 },
    );
    // Node 20 has no SQLite of its own: the optional peer better-sqlite3, already built here.
    const betterSqlite3 = createRequire(join(root, "packages/sqlite/package.json")).resolve(
      "better-sqlite3/package.json",
    );
    symlinkSync(realpathSync(dirname(betterSqlite3)), join(project, "node_modules", "better-sqlite3"), "dir");
  }, 170_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("installed every package from its tarball, as published", () => {
    for (const name of SMOKE_PACKAGES) {
      const dir = join(project, "node_modules", name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(JSON.stringify(manifest.exports)).not.toContain('"source"');
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
      expect(existsSync(join(dir, "dist", "index.js"))).toBe(true);
      // No nested copy of another @mlskit package: each dependency resolved to its tarball.
      expect(existsSync(join(dir, "node_modules", "@mlskit"))).toBe(false);
    }
  });

  for (const store of ["memory", "sqlite"]) {
    it(`runs examples/node-basic against them with plain node (${store} store)`, async () => {
      copyFileSync(join(root, "examples/node-basic/src/main.js"), join(project, "main.js"));
      const lines = (await node("main.js", "--store", store, "--count", "3")).trimEnd().split("\n");
      expect(lines).toContain("validated: 4/4 by the peer, refs match");
      expect(lines).toContain("tampered: rejected with ValidationError KEY_PACKAGE_INVALID_SIGNATURE");
      expect(lines).toContain("stored: 4 bundles, 4 valid now");
      expect(lines).toContain("second take: nothing (taken once)");
      expect(lines).toContain("last resort: taken twice, kept, 3 left");
      expect(lines.at(-1)).toBe("done");
    });
  }

  it("loads with require() too (require(esm), Node >= 20.19)", async () => {
    const out = await node(
      "--no-warnings",
      "--input-type=commonjs",
      "-e",
      'const kp = require("@mlskit/key-packages"); process.stdout.write(typeof kp.createKeyPackage);',
    );
    expect(out).toBe("function");
  });

  it("type-checks a TypeScript consumer against the published declarations", async () => {
    writeFileSync(
      join(project, "consumer.ts"),
      [
        'import { basicCredential } from "@mlskit/credentials";',
        'import { CipherSuite, type CryptoProvider } from "@mlskit/crypto-provider";',
        'import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";',
        'import { createKeyPackage, type KeyPackage, validateKeyPackage } from "@mlskit/key-packages";',
        'import type { KeyPackageStore } from "@mlskit/keystore";',
        'import { createMemoryKeyStore } from "@mlskit/keystore-memory";',
        "const provider: CryptoProvider = createWebCryptoProvider();",
        "const suite = await provider.getCipherSuite(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);",
        "const bundle = await createKeyPackage({",
        '  provider, cipherSuite: suite.id, credential: basicCredential("a"),',
        "  signatureKeyPair: await suite.signature.generateKeyPair(),",
        "});",
        "const store: KeyPackageStore = await createMemoryKeyStore();",
        "await store.put(bundle);",
        "const kp: KeyPackage = await validateKeyPackage(bundle.keyPackage, { provider });",
        "export const ok: bigint = kp.leafNode.lifetime?.notAfter ?? 0n;",
      ].join("\n"),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          // KeyPackageBundle declares [Symbol.dispose]: a consumer needs this lib (TypeScript >=
          // 5.2), @types/node, or skipLibCheck.
          lib: ["ES2023", "DOM", "ESNext.Disposable"],
          types: [],
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const result = await exec(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project, env }).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }),
    );
    expect(result.stdout).toBe("");
  });

  describe("on every runtime: Node 20, 22 and 24, Bun, Deno", () => {
    let runtimes: Awaited<ReturnType<typeof installRuntimes>> = [];
    beforeAll(async () => {
      copyFileSync(join(__dirname, "runtime-smoke.mjs"), join(project, "runtime-smoke.mjs"));
      runtimes = await installRuntimes(
        process.env.MLSKIT_RUNTIMES_DIR ?? join(root, "node_modules/.cache/mlskit-runtimes"),
        env,
      );
    }, 300_000);

    const cases = [
      { name: "node 20 (this one)", sqlite: "better-sqlite3" },
      { name: "node 22", sqlite: "node:sqlite" },
      { name: "node 24", sqlite: "node:sqlite" },
      { name: "bun", sqlite: "bun:sqlite" },
      { name: "deno", sqlite: "node:sqlite" },
    ];
    for (const c of cases) {
      it(`${c.name}: key packages, both stores, take, reserve/commit, the conformance kit (SQLite via ${c.sqlite})`, async () => {
        const rt = runtimes.find((r) => r.name === c.name) ?? { command: process.execPath, args: [] };
        const out = await exec(rt.command, [...rt.args, "runtime-smoke.mjs", "300"], {
          cwd: project,
          env,
          timeout: 120_000,
        }).catch((e: { stdout?: string; stderr?: string }) => ({
          stdout: e.stdout ?? "",
          stderr: `${e.stderr ?? ""}${String(e)}`,
        }));
        const lines = out.stdout.trimEnd().split("\n");
        const failures = lines.filter((l) => l.startsWith("FAIL")).join("\n");
        expect(failures, out.stderr).toBe("");
        expect(lines[0]).toMatch(new RegExp(`SQLite driver: ${c.sqlite}$`));
        expect(lines.at(-1)).toMatch(/^runtime smoke: \d{2,} passed, 0 failed$/);
      }, 150_000);
    }
  });
});
