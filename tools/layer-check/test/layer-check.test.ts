import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without declarations
import { checkLayers, importSpecifiers } from "../src/layers.js";

type Manifest = { name: string; dependencies?: Record<string, string>; exports?: Record<string, unknown> };

function fixture(pkgs: Record<string, { manifest: Manifest; files?: Record<string, string> }>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  for (const [dir, { manifest, files }] of Object.entries(pkgs)) {
    mkdirSync(join(root, "packages", dir, "src"), { recursive: true });
    writeFileSync(join(root, "packages", dir, "package.json"), JSON.stringify(manifest));
    for (const [f, text] of Object.entries(files ?? {}))
      writeFileSync(join(root, "packages", dir, "src", f), text);
  }
  return root;
}

const base = {
  errors: {
    manifest: { name: "@mlskit/errors", exports: { ".": "./src/index.ts" } },
    files: { "index.ts": "export {};" },
  },
  codec: {
    manifest: {
      name: "@mlskit/codec",
      dependencies: { "@mlskit/errors": "workspace:*" },
      exports: { ".": "./x" },
    },
    files: { "index.ts": 'import { MlsError } from "@mlskit/errors";\nexport { MlsError };' },
  },
};

describe("layer check", () => {
  it("passes on this repository", () => {
    expect(checkLayers(resolve(__dirname, "../../.."))).toEqual([]);
  });

  it("passes on a well-layered fixture", () => {
    expect(checkLayers(fixture(base))).toEqual([]);
  });

  it("fails on a planted upward dependency", () => {
    const root = fixture({
      ...base,
      errors: {
        manifest: { name: "@mlskit/errors", dependencies: { "@mlskit/codec": "workspace:*" } },
        files: { "index.ts": 'import { x } from "@mlskit/codec";' },
      },
    });
    const v: string[] = checkLayers(root);
    expect(v.some((s) => s.includes("depends on @mlskit/codec"))).toBe(true);
    expect(v.some((s) => s.includes("imports @mlskit/codec (layer 1)"))).toBe(true);
  });

  it("fails on a same-layer import and on an import of an undeclared dependency", () => {
    const root = fixture({
      ...base,
      cp: {
        manifest: { name: "@mlskit/crypto-provider", dependencies: {} },
        files: { "a.ts": 'import "@mlskit/crypto-provider-noble";' },
      },
      noble: { manifest: { name: "@mlskit/crypto-provider-noble" } },
    });
    const v: string[] = checkLayers(root);
    expect(v.some((s) => s.includes("imports @mlskit/crypto-provider-noble (layer 2.5)"))).toBe(true);
    expect(v.some((s) => s.includes("implementations are leaves"))).toBe(true);
    expect(v.some((s) => s.includes("not a runtime dependency"))).toBe(true);
  });

  it("fails when a non-provider package imports @noble or @hpke", () => {
    const root = fixture({
      ...base,
      kp: {
        manifest: { name: "@mlskit/key-packages", dependencies: { "@noble/curves": "2.4.0" } },
        files: { "sign.ts": 'import { ed25519 } from "@noble/curves/ed25519.js";' },
      },
    });
    const v: string[] = checkLayers(root);
    expect(v.some((s) => s.includes("only crypto-provider-* may import"))).toBe(true);
    expect(v.some((s) => s.includes("no third-party runtime dependency"))).toBe(true);
  });

  it("lets providers, and only providers, import the provider toolkit /kit", () => {
    const cp = {
      manifest: {
        name: "@mlskit/crypto-provider",
        dependencies: { "@mlskit/codec": "workspace:*" },
        exports: { ".": "./x", "./kit": "./y" },
      },
      files: { "index.ts": "export {};" },
    };
    const uses = (name: string) => ({
      manifest: { name, dependencies: { "@mlskit/crypto-provider": "workspace:*" } },
      files: { "a.ts": 'import { assertBytes } from "@mlskit/crypto-provider/kit";' },
    });
    const ok: string[] = checkLayers(fixture({ ...base, cp, noble: uses("@mlskit/crypto-provider-noble") }));
    expect(ok).toEqual([]);
    const v: string[] = checkLayers(fixture({ ...base, cp, cred: uses("@mlskit/credentials") }));
    expect(v.some((s) => s.includes("only crypto-provider-* use the provider toolkit"))).toBe(true);
  });

  it("fails on a deep import and on a package missing from the table", () => {
    const root = fixture({
      ...base,
      ext: {
        manifest: { name: "@mlskit/extensions", dependencies: { "@mlskit/codec": "workspace:*" } },
        files: { "a.ts": 'import { x } from "@mlskit/codec/src/reader.js";' },
      },
      rogue: { manifest: { name: "@mlskit/rogue" } },
    });
    const v: string[] = checkLayers(root);
    expect(v.some((s) => s.includes("deep-imports @mlskit/codec/src/reader.js"))).toBe(true);
    expect(v.some((s) => s.includes("@mlskit/rogue") && s.includes("not in the layer table"))).toBe(true);
  });

  it("finds import specifiers of every syntax", () => {
    expect(
      importSpecifiers(
        'import a from "x";\nimport { b } from "y";\nexport { c } from "z";\nimport "w";\nconst d = await import("v");\nimport type { T } from "u";',
      ),
    ).toEqual(expect.arrayContaining(["x", "y", "z", "w", "v", "u"]));
  });
});

describe("layer check: applications", () => {
  it("lets an application assemble implementations, but not a library", () => {
    const impl = { manifest: { name: "@mlskit/keystore-sqlite" } };
    const ok = fixture({
      ...base,
      impl,
      cli: {
        manifest: { name: "@mlskit/cli", dependencies: { "@mlskit/keystore-sqlite": "workspace:*" } },
        files: { "main.ts": 'import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";' },
      },
    });
    expect(checkLayers(ok)).toEqual([]);
    const bad = fixture({
      ...base,
      impl,
      ks: {
        manifest: { name: "@mlskit/keystore", dependencies: { "@mlskit/keystore-sqlite": "workspace:*" } },
        files: { "a.ts": 'import "@mlskit/keystore-sqlite";' },
      },
    });
    expect(checkLayers(bad).some((s: string) => s.includes("implementations are leaves"))).toBe(true);
  });
});

describe("layer check: credentials-x509", () => {
  it("is a leaf above credentials: key-packages may not import it", () => {
    const x509 = {
      manifest: {
        name: "@mlskit/credentials-x509",
        dependencies: { "@mlskit/errors": "workspace:*", pkijs: "4.0.0" },
      },
      files: { "a.ts": 'import { MlsError } from "@mlskit/errors";\nimport { Certificate } from "pkijs";' },
    };
    expect(checkLayers(fixture({ ...base, x509 }))).toEqual([]);
    const bad = fixture({
      ...base,
      x509,
      kp: {
        manifest: {
          name: "@mlskit/key-packages",
          dependencies: { "@mlskit/credentials-x509": "workspace:*" },
        },
        files: { "a.ts": 'import { createX509Validator } from "@mlskit/credentials-x509";' },
      },
    });
    expect(checkLayers(bad).some((s: string) => s.includes("implementations are leaves"))).toBe(true);
  });
});
