/**
 * @module smoke.test
 * The packed tarballs work outside the workspace: pack every publishable package, `npm install`
 * all the tarballs together into a fresh project under the system's temp folder (so
 * inter-package dependencies resolve to the tarballs; third-party ones come from the npm
 * registry), then, with plain `node` and `tsc` there:
 * - run examples/node-basic/src/main.js (memory and SQLite stores) and check its output;
 * - `require()` a package (ESM only; Node >= 20.19 loads it with require(esm));
 * - type-check a TypeScript consumer of every entry point against the published .d.ts files in
 *   each setup of src/types-matrix.js (strict, skipLibCheck off; module node16, nodenext and
 *   bundler; lib es2022 with and without DOM; with and without @types/node; `using` a bundle);
 * - run test/runtime-smoke.mjs (key packages, both stores with take and reserve/commit, and the
 *   key store conformance kit on both) on this Node (20, SQLite through better-sqlite3) and on
 *   Node 22, Node 24, Bun and Deno (each on its own SQLite), installed from the npm registry by
 *   src/runtimes.js; and check what the webcrypto provider's README says of suite 3 on Node 24.
 *
 * better-sqlite3 is an optional peer dependency (and an optional dependency of the CLI) that the
 * project leaves out (`--omit=optional`): for Node 20 it links the workspace's already-built copy
 * (building it again would take minutes).
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
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages, publishablePackages } from "../src/pack-check.js";
import { installRuntimes } from "../src/runtimes.js";
import { checkTypeMatrix, entryPointsOf, NODE_ONLY_ENTRY_POINTS, TYPE_SETUPS } from "../src/types-matrix.js";

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

const packages = publishablePackages(root);

describe("packed tarballs, installed outside the workspace", () => {
  beforeAll(async () => {
    const tarballs = await packPackages(packages, work);
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "mlskit-smoke", version: "1.0.0", private: true, type: "module" }),
    );
    await exec(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--no-package-lock",
        "--omit=optional",
        ...tarballs.values(),
      ],
      { cwd: project, env, timeout: 150_000 },
    );
    // Node 20 has no SQLite of its own: the optional peer better-sqlite3, already built here.
    const betterSqlite3 = createRequire(join(root, "packages/sqlite/package.json")).resolve(
      "better-sqlite3/package.json",
    );
    symlinkSync(realpathSync(dirname(betterSqlite3)), join(project, "node_modules", "better-sqlite3"), "dir");
  }, 170_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it("installed every package from its tarball, as published", () => {
    expect(packages.length).toBeGreaterThan(15);
    for (const { name } of packages) {
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

  describe("the published declarations type-check in every TypeScript setup of a consumer", () => {
    // The consumer project has no @types/node of its own: the setups with it point typeRoots at
    // the workspace's (the version the packages are built against).
    let results = new Map<string, string[]>();
    beforeAll(async () => {
      expect(existsSync(join(project, "node_modules/@types/node"))).toBe(false);
      const entryPoints = packages
        .flatMap((p) => entryPointsOf(p.manifest))
        .map((entry) => ({ entry, nodeOnly: NODE_ONLY_ENTRY_POINTS.includes(entry) }));
      expect(entryPoints.map((e) => e.entry)).toEqual(expect.arrayContaining([...NODE_ONLY_ENTRY_POINTS]));
      results = await checkTypeMatrix({
        project,
        entryPoints,
        tsc: join(root, "node_modules/typescript/bin/tsc"),
        nodeTypesRoot: join(root, "node_modules/@types"),
        env,
        concurrency: Math.max(2, Math.min(4, availableParallelism())),
      });
    }, 600_000);

    for (const setup of TYPE_SETUPS) {
      it(setup.name, () => {
        expect(results.get(setup.name)).toEqual([]);
      });
    }
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

    // What the webcrypto provider's README says about suite 3: only Node 24 has ChaCha20-Poly1305
    // in Web Crypto, marked experimental, so building suite 3 prints an ExperimentalWarning there;
    // forceFallback: ["ChaCha20-Poly1305"] (the bundled pure-JS AEAD) avoids it.
    const suite3 = (opts: string) =>
      [
        'import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";',
        `const provider = createWebCryptoProvider(${opts});`,
        "const suite = await provider.getCipherSuite(3);",
        "const kp = await suite.hpke.generateKeyPair();",
        "const aead = await suite.aead.seal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(0), kp.publicKey);",
        'process.stdout.write(["suite", suite.id, "ok", aead.length].join(" "));',
      ].join("\n");
    const warning = /ExperimentalWarning: The ChaCha20-Poly1305 Web Crypto API algorithm/;
    for (const c of [
      { name: "node 20 (this one)", warns: false },
      { name: "node 22", warns: false },
      { name: "node 24", warns: true },
    ]) {
      it(`${c.name}: suite 3 ${c.warns ? "warns (experimental ChaCha20-Poly1305), and not with forceFallback" : "does not warn"}`, async () => {
        const rt = runtimes.find((r) => r.name === c.name) ?? { command: process.execPath, args: [] };
        const run = (opts: string) =>
          exec(rt.command, [...rt.args, "--input-type=module", "-e", suite3(opts)], { cwd: project, env });
        const plain = await run("");
        expect(plain.stdout).toBe("suite 3 ok 48");
        expect(plain.stderr).toMatch(c.warns ? warning : /^$/);
        const fallback = await run('{ forceFallback: ["ChaCha20-Poly1305"] }');
        expect(fallback.stdout).toBe("suite 3 ok 48");
        expect(fallback.stderr).toBe("");
      });
    }
  });
});
