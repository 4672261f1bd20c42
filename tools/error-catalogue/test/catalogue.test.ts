/**
 * @module catalogue.test
 * docs/error-codes.md against the sources: every stable code defined in packages/<name>/src is
 * listed once, under the package that owns it, with its check id and the error classes it is
 * thrown as; every listed code still exists. Then the scanner itself, on small sources.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without declarations
import {
  isCode,
  parseCatalogue,
  resolveSites,
  scanPackages,
  scanSource,
  stripComments,
} from "../src/catalogue.js";

interface CodeSite {
  code: string;
  pkg: string;
  file: string;
  line: number;
  kind: "registry" | "check" | "literal" | "member" | "reference";
  registry?: string;
  check?: string;
  errorClass?: string;
}
interface DefinedCode {
  code: string;
  owner: string;
  sites: CodeSite[];
  checks: string[];
  classes: string[];
}
interface ScanResult {
  codes: Map<string, DefinedCode>;
  references: CodeSite[];
  problems: string[];
}
interface CatalogueEntry {
  code: string;
  pkg: string;
  line: number;
  row: string;
}

const root = resolve(__dirname, "../../..");
const CATALOGUE = "docs/error-codes.md";
const scan: ScanResult = scanPackages(root);
const catalogue: { entries: CatalogueEntry[]; problems: string[] } = parseCatalogue(
  readFileSync(resolve(root, CATALOGUE), "utf8"),
);
const where = (c: DefinedCode): string => {
  const s = c.sites[0]!;
  return `${s.file}:${s.line}`;
};

describe(`${CATALOGUE} lists every error code of packages/*/src`, () => {
  it("finds the codes of every kind of definition", () => {
    // A scanner that silently finds nothing would make the catalogue checks pass vacuously.
    const owners = new Set([...scan.codes.values()].map((c) => c.owner));
    for (const pkg of ["codec", "crypto-provider", "credentials-x509", "key-packages", "keystore"]) {
      expect(owners.has(pkg), pkg).toBe(true);
    }
    expect(scan.codes.get("CODEC_TRUNCATED")?.sites[0]?.kind).toBe("registry");
    expect(scan.codes.get("KEY_PACKAGE_EXPIRED")?.checks).toEqual(["KP-22"]);
    expect(scan.codes.get("KEY_PACKAGE_KEY_COLLISION")?.owner).toBe("key-packages");
    expect(scan.codes.get("KEY_PACKAGE_KEY_COLLISION")?.classes).toEqual(["UsageError"]);
    expect(scan.codes.get("UNSUPPORTED_CIPHER_SUITE")?.classes).toEqual(["CryptoError"]);
  });

  it("has no code owned by two packages and no throw of an undefined registry member", () => {
    expect(scan.problems).toEqual([]);
    expect(catalogue.problems).toEqual([]);
  });

  it("lists every code (a code in the source but not in the catalogue fails)", () => {
    const listed = new Set(catalogue.entries.map((e) => e.code));
    const missing = [...scan.codes.values()]
      .filter((c) => !listed.has(c.code))
      .map((c) => `${c.code} (${where(c)}, package ${c.owner})`);
    expect(missing, `add these to ${CATALOGUE}`).toEqual([]);
  });

  it("lists no stale code (a code in the catalogue but no longer in the source fails)", () => {
    const stale = catalogue.entries
      .filter((e) => !scan.codes.has(e.code))
      .map((e) => `${e.code} (${CATALOGUE}:${e.line})`);
    expect(stale, `remove these from ${CATALOGUE}`).toEqual([]);
  });

  it("lists each code once, under the package that owns it", () => {
    const seen = new Map<string, number>();
    const wrong: string[] = [];
    for (const e of catalogue.entries) {
      if (seen.has(e.code)) wrong.push(`${e.code} listed twice (lines ${seen.get(e.code)} and ${e.line})`);
      seen.set(e.code, e.line);
      const owner = scan.codes.get(e.code)?.owner;
      if (owner !== undefined && owner !== e.pkg) {
        wrong.push(`${e.code} is under @mlskit/${e.pkg} (line ${e.line}) but owned by @mlskit/${owner}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("names the check id of every check code, and every class a throw site uses", () => {
    const byCode = new Map(catalogue.entries.map((e) => [e.code, e]));
    const wrong: string[] = [];
    for (const c of scan.codes.values()) {
      const entry = byCode.get(c.code);
      if (entry === undefined) continue;
      for (const check of c.checks) {
        if (!new RegExp(`\\b${check}\\b`).test(entry.row))
          wrong.push(`${c.code}: row lacks its check ${check}`);
      }
      for (const cls of c.classes) {
        if (!entry.row.includes(cls)) wrong.push(`${c.code}: row lacks the class ${cls} (${where(c)})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every code tested with MlsError.is(e, …) in the sources exists", () => {
    const unknown = scan.references
      .filter((r) => !scan.codes.has(r.code))
      .map((r) => `${r.code} (${r.file}:${r.line})`);
    expect(unknown).toEqual([]);
  });
});

describe("the scanner", () => {
  const scanOne = (source: string): CodeSite[] => scanSource(source, { pkg: "p", file: "p/src/x.ts" });
  const codesOf = (source: string): string[] => scanOne(source).map((s: CodeSite) => s.code);

  it("recognises codes: SCREAMING_SNAKE with an underscore, not cipher-suite names", () => {
    expect(isCode("CODEC_TRUNCATED")).toBe(true);
    expect(isCode("X509_NOT_A_CA")).toBe(true);
    expect(isCode("TRUNCATED")).toBe(false);
    expect(isCode("Codec_Truncated")).toBe(false);
    expect(isCode("_LEADING")).toBe(false);
    expect(isCode("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519")).toBe(false);
    expect(isCode("MLS_256_DHKEMP521_AES256GCM_SHA512_P521")).toBe(false);
  });

  it("reads frozen registries, including quoted keys, and keeps the member name", () => {
    const sites = scanOne(`
      export const FooErrorCode = Object.freeze({
        /** A doc comment with "COMMENT_CODE" in it. */
        truncated: "FOO_TRUNCATED",
        "quoted-key": 'FOO_QUOTED',
        count: 3,
      } as const);
      const NotARegistry = Object.freeze({ a: "FOO_IGNORED" });
    `);
    expect(sites.map((s) => [s.code, s.kind, s.registry, s.line])).toEqual([
      ["FOO_TRUNCATED", "registry", "FooErrorCode.truncated", 4],
      ["FOO_QUOTED", "registry", "FooErrorCode.quoted-key", 5],
    ]);
  });

  it("reads check tables with their ids", () => {
    const sites = scanOne(`const CHECKS = [
      ["KP-01", "KEY_PACKAGE_UNSUPPORTED_VERSION", "§10.1"],
      [
        "KP-02",
        "KEY_PACKAGE_MESSAGE_VERSION_MISMATCH",
      ],
      ["KP-03", "not a code"],
    ];`);
    expect(sites.map((s) => [s.code, s.check])).toEqual([
      ["KEY_PACKAGE_UNSUPPORTED_VERSION", "KP-01"],
      ["KEY_PACKAGE_MESSAGE_VERSION_MISMATCH", "KP-02"],
    ]);
  });

  it("reads literal first arguments of error classes and helpers, across lines", () => {
    const sites = scanOne(`
      throw new UsageError("A_LITERAL", "message");
      throw new ValidationError(
        "B_NEXT_LINE",
        \`message \${x}\`,
      );
      throw new CodecError<Details>('C_GENERIC', "m");
      throw cryptoError("D_HELPER", "m");
      throw storageError(\`E_TEMPLATE\`, "m");
      r.fail("F_READER", "m", at);
      this.fail("G_READER", "m");
      fail("H_LOCAL", origin, "m");
      throw directoryError("I_HELPER", "m");
      throw new Error("BUILTIN_ERROR");
      throw new RangeError("BUILTIN_RANGE_ERROR");
      fail("KP-05", "a check id, not a code");
      MlsError.is(e, "J_REFERENCE");
      log("K_NOT_AN_ERROR_CALL");
    `);
    expect(sites.map((s) => [s.code, s.kind, s.errorClass])).toEqual([
      ["A_LITERAL", "literal", "UsageError"],
      ["B_NEXT_LINE", "literal", "ValidationError"],
      ["C_GENERIC", "literal", "CodecError"],
      ["D_HELPER", "literal", "CryptoError"],
      ["E_TEMPLATE", "literal", "StorageError"],
      ["F_READER", "literal", "CodecError"],
      ["G_READER", "literal", "CodecError"],
      ["H_LOCAL", "literal", undefined],
      ["I_HELPER", "literal", undefined],
      ["J_REFERENCE", "reference", undefined],
    ]);
  });

  it("resolves registry members passed to error classes and helpers", () => {
    const sites = [
      ...scanSource(`export const BarErrorCode = Object.freeze({ closed: "BAR_CLOSED" });`, {
        pkg: "bar",
        file: "packages/bar/src/errors.ts",
      }),
      ...scanSource(
        `throw new StorageError(BarErrorCode.closed, "m");\nthrow cryptoError(BarErrorCode.gone, "m");`,
        { pkg: "baz", file: "packages/baz/src/x.ts" },
      ),
    ];
    const result: ScanResult = resolveSites(sites);
    expect(result.codes.get("BAR_CLOSED")?.owner).toBe("bar");
    expect(result.codes.get("BAR_CLOSED")?.classes).toEqual(["StorageError"]);
    expect(result.problems).toEqual([
      "packages/baz/src/x.ts:2 throws BarErrorCode.gone, which no registry defines",
    ]);
  });

  it("gives a literal-only code to the package that throws it, and flags two owners", () => {
    const result: ScanResult = resolveSites([
      ...scanSource(`throw new UsageError("ONLY_LITERAL", "m");`, { pkg: "a", file: "a.ts" }),
      ...scanSource(`export const AErrorCode = Object.freeze({ x: "SHARED_CODE" });`, {
        pkg: "a",
        file: "a.ts",
      }),
      ...scanSource(`export const BErrorCode = Object.freeze({ x: "SHARED_CODE" });`, {
        pkg: "b",
        file: "b.ts",
      }),
      ...scanSource(`throw new UsageError("SHARED_CODE", "m");`, { pkg: "c", file: "c.ts" }),
    ]);
    expect(result.codes.get("ONLY_LITERAL")?.owner).toBe("a");
    expect(result.codes.get("SHARED_CODE")?.owner).toBe("a");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/SHARED_CODE is defined by two packages: a .* and b/);
  });

  it("ignores comments but not strings, template literals or regular expressions that look like them", () => {
    const source = [
      `// throw new UsageError("LINE_COMMENT", "m");`,
      `/* throw new UsageError("BLOCK_COMMENT", "m"); */`,
      `/**`,
      ` * @example`,
      ` * throw codecError("TSDOC_EXAMPLE", "m", "", 0);`,
      ` */`,
      `const url = "https://example.com/"; throw new UsageError("AFTER_URL", "m");`,
      `const re = /["'\\/]+/g; throw new UsageError("AFTER_REGEX", "m");`,
      `const t = \`a \${"}"} // not a comment\`; throw new UsageError("AFTER_TEMPLATE", "m");`,
      `const half = a / b; throw new UsageError("AFTER_DIVISION", "m"); // x / y`,
    ].join("\n");
    expect(codesOf(source)).toEqual(["AFTER_URL", "AFTER_REGEX", "AFTER_TEMPLATE", "AFTER_DIVISION"]);
    const stripped = stripComments(source);
    expect(stripped.split("\n")).toHaveLength(source.split("\n").length);
    expect(scanOne(source).map((s) => s.line)).toEqual([7, 8, 9, 10]);
  });

  it("ignores cipher-suite names and non-codes in every position", () => {
    expect(
      codesOf(`
        export const SuiteErrorCode = Object.freeze({ a: "MLS_128_DHKEMP256_AES128GCM_SHA256_P256" });
        throw new UsageError("MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448", "m");
        throw new UsageError("lower_case", "m");
        throw new UsageError(code, "m");
      `),
    ).toEqual([]);
  });

  it("reads catalogue rows under package headings only", () => {
    const parsed = parseCatalogue(
      [
        "# Error codes",
        "| `ORPHAN_CODE` | x |",
        "## `@mlskit/codec` — `CodecErrorCode`",
        "| Code | Class | Meaning |",
        "| --- | --- | --- |",
        "| `CODEC_TRUNCATED` | `CodecError` | the input ended |",
        "| `NotACode` | x |",
        "### Notes",
        "| `CODEC_TRAILING_BYTES` | `CodecError` | under a ### heading of the same package |",
        "## Conventions",
        "| `NO_PACKAGE_HERE` | x |",
      ].join("\n"),
    );
    expect(parsed.entries.map((e: CatalogueEntry) => [e.code, e.pkg, e.line])).toEqual([
      ["CODEC_TRUNCATED", "codec", 6],
      ["CODEC_TRAILING_BYTES", "codec", 9],
    ]);
    expect(parsed.problems).toHaveLength(2);
  });
});
