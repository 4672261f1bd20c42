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

type Fixture = Parameters<typeof fixture>[0];

/** A fixture package: its name, runtime dependencies and src files. */
function pkg(name: string, dependencies?: Record<string, string>, files?: Record<string, string>) {
  return { manifest: { name, ...(dependencies ? { dependencies } : {}) }, ...(files ? { files } : {}) };
}

/** The violations of `base` plus `packages`. */
const violationsOf = (packages: Fixture): string[] => checkLayers(fixture({ ...base, ...packages }));

/** Expect one violation to contain each of `parts` (all of them, when several are given). */
function expectViolation(v: readonly string[], ...parts: string[]): void {
  expect(
    v.some((s) => parts.every((part) => s.includes(part))),
    `a violation with ${parts.join(" … ")} in ${JSON.stringify(v)}`,
  ).toBe(true);
}

describe("layer check", () => {
  it("passes on this repository", () => {
    expect(checkLayers(resolve(__dirname, "../../.."))).toEqual([]);
  });

  it("passes on a well-layered fixture", () => {
    expect(checkLayers(fixture(base))).toEqual([]);
  });

  // Each planted fault: the fixture's extra packages, and the violations it must produce (each one
  // found by all of its parts).
  const planted: ReadonlyArray<{ name: string; packages: Fixture; expected: readonly string[][] }> = [
    {
      name: "fails on a planted upward dependency",
      packages: {
        errors: pkg(
          "@mlskit/errors",
          { "@mlskit/codec": "workspace:*" },
          { "index.ts": 'import { x } from "@mlskit/codec";' },
        ),
      },
      expected: [["depends on @mlskit/codec"], ["imports @mlskit/codec (layer 1)"]],
    },
    {
      name: "fails on a same-layer import and on an import of an undeclared dependency",
      packages: {
        cp: pkg("@mlskit/crypto-provider", {}, { "a.ts": 'import "@mlskit/crypto-provider-noble";' }),
        noble: pkg("@mlskit/crypto-provider-noble"),
      },
      expected: [
        ["imports @mlskit/crypto-provider-noble (layer 2.5)"],
        ["implementations are leaves"],
        ["not a runtime dependency"],
      ],
    },
    {
      name: "fails when a non-provider package imports @noble or @hpke",
      packages: {
        kp: pkg(
          "@mlskit/key-packages",
          { "@noble/curves": "2.4.0" },
          { "sign.ts": 'import { ed25519 } from "@noble/curves/ed25519.js";' },
        ),
      },
      expected: [["only crypto-provider-* may import"], ["no third-party runtime dependency"]],
    },
    {
      name: "fails on a deep import and on a package missing from the table",
      packages: {
        ext: pkg(
          "@mlskit/extensions",
          { "@mlskit/codec": "workspace:*" },
          { "a.ts": 'import { x } from "@mlskit/codec/src/reader.js";' },
        ),
        rogue: pkg("@mlskit/rogue"),
      },
      expected: [["deep-imports @mlskit/codec/src/reader.js"], ["@mlskit/rogue", "not in the layer table"]],
    },
  ];
  for (const { name, packages, expected } of planted) {
    it(name, () => {
      const v = violationsOf(packages);
      for (const parts of expected) expectViolation(v, ...parts);
    });
  }

  it("lets providers, and only providers, import the provider toolkit /kit", () => {
    const cp = {
      manifest: {
        name: "@mlskit/crypto-provider",
        dependencies: { "@mlskit/codec": "workspace:*" },
        exports: { ".": "./x", "./kit": "./y" },
      },
      files: { "index.ts": "export {};" },
    };
    const uses = (name: string) =>
      pkg(
        name,
        { "@mlskit/crypto-provider": "workspace:*" },
        { "a.ts": 'import { assertBytes } from "@mlskit/crypto-provider/kit";' },
      );
    expect(violationsOf({ cp, noble: uses("@mlskit/crypto-provider-noble") })).toEqual([]);
    expectViolation(
      violationsOf({ cp, cred: uses("@mlskit/credentials") }),
      "only crypto-provider-* use the provider toolkit",
    );
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
    const impl = pkg("@mlskit/keystore-sqlite");
    const sqlite = { "@mlskit/keystore-sqlite": "workspace:*" };
    const cli = pkg("@mlskit/cli", sqlite, {
      "main.ts": 'import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";',
    });
    expect(violationsOf({ impl, cli })).toEqual([]);
    const ks = pkg("@mlskit/keystore", sqlite, { "a.ts": 'import "@mlskit/keystore-sqlite";' });
    expectViolation(violationsOf({ impl, ks }), "implementations are leaves");
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
    expect(violationsOf({ x509 })).toEqual([]);
    const kp = pkg(
      "@mlskit/key-packages",
      { "@mlskit/credentials-x509": "workspace:*" },
      { "a.ts": 'import { createX509Validator } from "@mlskit/credentials-x509";' },
    );
    expectViolation(violationsOf({ x509, kp }), "implementations are leaves");
  });
});
