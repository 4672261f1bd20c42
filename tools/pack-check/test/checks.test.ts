/**
 * @module checks.test
 * The tool's own tarball checks on hand-made packages: a good one passes, and each packaging
 * mistake it exists for is reported. Also the tarball reader on a real `tar` file, and the
 * TypeScript setup matrix on hand-made declarations (a DOM global, a bare `Symbol.dispose`).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bareImports, checkPackedFiles, runAttw, runPublint } from "../src/pack-check.js";
import { readTarball } from "../src/tarball.js";
import {
  checkTypeSetup,
  consumerSource,
  entryPointsOf,
  TYPE_SETUPS,
  type TypeSetup,
  tsconfigFor,
} from "../src/types-matrix.js";

const manifest = {
  name: "@mlskit/demo",
  version: "1.0.0",
  license: "MIT",
  type: "module",
  sideEffects: false,
  engines: { node: ">=20.19" },
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
  types: "./dist/index.d.ts",
  publishConfig: { access: "public" },
  dependencies: { "@mlskit/errors": "1.0.0" },
};

function pack(
  overrides: Record<string, unknown> = {},
  extra: Record<string, string> = {},
): Map<string, Buffer> {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ ...manifest, ...overrides }),
    "README.md": "# demo",
    LICENSE: "MIT",
    "dist/index.js":
      'import { MlsError } from "@mlskit/errors";\nimport { x } from "./x.js";\nexport { MlsError, x };',
    "dist/index.js.map": JSON.stringify({ version: 3, sources: ["../src/index.ts"], mappings: "" }),
    "dist/index.d.ts": "export {};",
    "src/index.ts": "export {};",
    ...extra,
  };
  return new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));
}

describe("checkPackedFiles", () => {
  it("passes a well-formed package", () => {
    expect(checkPackedFiles(pack())).toEqual({ errors: [], warnings: [] });
  });

  it("reports what publint and attw do not", () => {
    const errors = (files: Map<string, Buffer>) => checkPackedFiles(files).errors.join("\n");
    expect(errors(pack({ dependencies: { "@mlskit/errors": "workspace:*" } }))).toMatch(
      /still "workspace:\*"/,
    );
    expect(
      errors(
        pack({ exports: { ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./x" } } }),
      ),
    ).toMatch(/exports \. > source/);
    expect(errors(pack({ sideEffects: undefined }))).toMatch(/sideEffects/);
    expect(errors(pack({ engines: undefined }))).toMatch(/engines\.node/);
    expect(errors(pack({ type: "commonjs" }))).toMatch(/"type"/);
    const noReadme = pack();
    noReadme.delete("README.md");
    expect(errors(noReadme)).toMatch(/README\.md/);
    expect(errors(pack({}, { "dist/.tsbuildinfo": "{}" }))).toMatch(/dist\/\.tsbuildinfo/);
    const noSrc = pack();
    noSrc.delete("src/index.ts");
    expect(errors(noSrc)).toMatch(/1 source file\(s\) named by the \.map files .*src\/index\.ts/);
    expect(errors(pack({}, { "dist/y.js": 'const f = await import("fastify");' }))).toMatch(
      /dist\/y\.js imports "fastify"/,
    );
  });

  it("warns about a missing LICENSE file", () => {
    const files = pack();
    files.delete("LICENSE");
    expect(checkPackedFiles(files).warnings).toEqual(["no LICENSE file in the tarball (license: MIT)"]);
  });
});

describe("bareImports", () => {
  it("finds static, side-effect and literal dynamic imports, not relative ones or comments", () => {
    const code = [
      'import a from "pkg-a";',
      'import { b } from "@scope/b/sub";',
      'export * from "pkg-c";',
      'import "pkg-d";',
      'const e = await import("node:crypto");',
      'import f from "./f.js";',
      '// import g from "pkg-g";',
      '/* import h from "pkg-h"; */',
    ].join("\n");
    expect(bareImports(code)).toEqual(["pkg-a", "@scope/b/sub", "pkg-c", "pkg-d", "node:crypto"]);
  });
});

describe("readTarball", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-tar-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the files of an npm-style tarball with their contents", () => {
    const long = `dist/${"very-long-name-".repeat(8)}index.js`;
    mkdirSync(join(dir, "package/dist"), { recursive: true });
    writeFileSync(join(dir, "package/package.json"), '{"name":"x"}');
    writeFileSync(join(dir, "package", long), "export {};");
    execFileSync("tar", ["-czf", "x.tgz", "package"], { cwd: dir });
    const files = readTarball(join(dir, "x.tgz"));
    expect([...files.keys()].sort()).toEqual([long, "package.json"].sort());
    expect(files.get("package.json")?.toString()).toBe('{"name":"x"}');
    expect(files.get(long)?.toString()).toBe("export {};");
  });
});

describe("runPublint and runAttw", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-lint-"));
  const root = join(__dirname, "../../..");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tarball(name: string, files: Record<string, string>): string {
    rmSync(join(dir, "package"), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, "package", path, ".."), { recursive: true });
      writeFileSync(join(dir, "package", path), text);
    }
    execFileSync("tar", ["-czf", `${name}.tgz`, "package"], { cwd: dir });
    return join(dir, `${name}.tgz`);
  }

  it("pass an ESM-only package with types (CJS resolutions ignored by the esm-only profile)", async () => {
    const good = tarball("good", {
      "package.json": JSON.stringify(manifest),
      "dist/index.js": "export const x = 1;",
      "dist/index.d.ts": "export declare const x = 1;",
    });
    expect(await runPublint(good)).toEqual({ errors: [], warnings: [] });
    const attw = await runAttw(good, root);
    expect(attw.errors).toEqual([]);
    expect(attw.ignored).toEqual(["attw CJSResolvesToESM (., node16-cjs)"]);
  });

  it("report missing files, condition order and types that lie about the module format", async () => {
    const bad = tarball("bad", {
      "package.json": JSON.stringify({
        ...manifest,
        exports: { ".": { default: "./dist/index.js", types: "./dist/index.d.cts" }, "./x": "./dist/x.js" },
      }),
      "dist/index.js": "export default 1;",
      "dist/index.d.cts": "declare const x: number; export = x;",
    });
    const lint = await runPublint(bad);
    expect(lint.errors.join("\n")).toMatch(/EXPORTS_TYPES_SHOULD_BE_FIRST/);
    expect(lint.errors.join("\n")).toMatch(/FILE_DOES_NOT_EXIST/);
    expect(lint.errors.join("\n")).toMatch(
      /pkg\.exports\["\.\/x"\] is \.\/dist\/x\.js but the file does not exist/,
    );
    expect((await runAttw(bad, root)).errors).toContain("attw FalseCJS (dist/index.d.cts)");
  });
});

describe("the TypeScript setup matrix", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-types-"));
  const root = join(__dirname, "../../..");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has module node16, nodenext and bundler × lib es2022 with and without DOM × with and without @types/node, and `using`", () => {
    const key = (s: TypeSetup) => `${s.moduleResolution} ${s.lib.join("+")} ${s.nodeTypes}`;
    const core = TYPE_SETUPS.filter((s) => !s.using);
    expect(new Set(core.map(key)).size).toBe(12);
    for (const moduleResolution of ["Node16", "NodeNext", "Bundler"]) {
      for (const lib of [["ES2022"], ["ES2022", "DOM"]]) {
        for (const nodeTypes of [false, true]) {
          expect(core.map(key)).toContain(`${moduleResolution} ${lib.join("+")} ${nodeTypes}`);
        }
      }
    }
    expect(
      TYPE_SETUPS.filter((s) => s.using).map((s) => [s.lib.includes("ESNext.Disposable"), s.nodeTypes]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
    const config = tsconfigFor(core[0]!, "c.ts", "/types") as { compilerOptions: Record<string, unknown> };
    expect(config.compilerOptions).toMatchObject({ strict: true, skipLibCheck: false, target: "ES2022" });
    expect(consumerSource(["@mlskit/x"], { using: true })).toMatch(/using scoped = await make\(\);/);
  });

  it("lists a package's entry points from its exports", () => {
    expect(
      entryPointsOf({
        name: "@mlskit/a",
        exports: { ".": {}, "./testing": {}, "./package.json": "./package.json" },
      }),
    ).toEqual(["@mlskit/a", "@mlskit/a/testing"]);
    expect(entryPointsOf({ name: "@mlskit/b" })).toEqual(["@mlskit/b"]);
  });

  // A package with one declaration file; the consumer only imports it.
  function demo(name: string, dts: string): { entry: string; nodeOnly: boolean } {
    const pkg = join(dir, "node_modules/@mlskit", name);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: `@mlskit/${name}`,
        type: "module",
        exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
      }),
    );
    writeFileSync(join(pkg, "index.d.ts"), dts);
    return { entry: `@mlskit/${name}`, nodeOnly: false };
  }
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const DISPOSABLE = "export declare class B { dispose(): void; [Symbol.dispose](): void; }\n";
  const check = (setup: TypeSetup, entryPoints: { entry: string; nodeOnly: boolean }[]) =>
    checkTypeSetup({
      project: dir,
      setup,
      entryPoints,
      tsc: join(root, "node_modules/typescript/bin/tsc"),
      nodeTypesRoot: join(root, "node_modules/@types"),
      source: (entries) =>
        entries.map((e, i) => `import * as m${i} from "${e}";\nexport { m${i} };`).join("\n"),
    });
  const setup = (pred: (s: TypeSetup) => boolean) => TYPE_SETUPS.find(pred)!;
  const bare = setup((s) => s.moduleResolution === "NodeNext" && s.lib.length === 1 && !s.nodeTypes);
  const dom = setup((s) => s.moduleResolution === "Bundler" && s.lib.includes("DOM") && !s.nodeTypes);
  const node = setup((s) => s.moduleResolution === "Node16" && s.lib.length === 1 && s.nodeTypes);

  it("fails a DOM global without the DOM lib and a bare Symbol.dispose without esnext.disposable or @types/node", async () => {
    const subtle = demo("subtle", "export declare function subtle(): SubtleCrypto;\n");
    const structural = demo(
      "structural",
      'export interface Digest { digest(algorithm: "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> }\nexport declare function subtle(): Digest;\n',
    );
    const disposable = demo("disposable", DISPOSABLE);
    const errors = await check(bare, [subtle, structural, disposable]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /@mlskit\/disposable\/index\.d\.ts.*Property 'dispose' does not exist on type 'SymbolConstructor'/,
    );
    expect(errors[1]).toMatch(/@mlskit\/subtle\/index\.d\.ts.*Cannot find name 'SubtleCrypto'/);
    // @types/node declares Symbol.dispose, not a global SubtleCrypto; the DOM lib has the latter.
    const withNode = await check(node, [subtle, disposable]);
    expect(withNode).toHaveLength(1);
    expect(withNode[0]).toMatch(/Cannot find name 'SubtleCrypto'/);
    expect(await check(dom, [subtle])).toEqual([]);
  });

  it("passes a Symbol.dispose declared with the class, alone and beside esnext.disposable", async () => {
    const declared = demo(
      "declared",
      `declare global { interface SymbolConstructor { readonly dispose: unique symbol } }\n${DISPOSABLE}`,
    );
    expect(await check(bare, [declared])).toEqual([]);
    expect(
      await check(
        setup((s) => s.using && !s.nodeTypes),
        [declared],
      ),
    ).toEqual([]);
  });
});
