/**
 * @module catalogue.test
 * docs/error-codes.md against the registries: every code a package declares is listed once, under
 * the package that owns it, with its check id and the error classes it is thrown as; every listed
 * code still exists. The sources name registry entries, never literal codes. Then the source
 * reader itself, on small sources.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type Codes, loadCodes, parseCatalogue, scanSource, scanSources } from "../src/catalogue.ts";

const root = resolve(__dirname, "../../..");
const CATALOGUE = "docs/error-codes.md";
const declared: Codes = await loadCodes(root);
const sources = scanSources(root, declared);
const catalogue = parseCatalogue(readFileSync(resolve(root, CATALOGUE), "utf8"));

/** The one registry without a prefix (its reason is written beside it and in the catalogue). */
const UNPREFIXED = ["crypto-provider"];
/**
 * Literal codes that stay, each with its reason. The directory client cannot import the directory's
 * registry (both sit in one layer) until the directory protocol's codes have one home both import.
 */
const KNOWN_LITERALS = ["packages/directory-client/src/own-key-packages.ts DIRECTORY_KEY_PACKAGE_NOT_FOUND"];

describe(`the registries of packages/*/src/errors.ts, and ${CATALOGUE}`, () => {
  it("finds the codes of every registry and check table", () => {
    // A reader that silently finds nothing would make the catalogue checks pass vacuously.
    const owners = new Set([...declared.codes.values()].map((c) => c.owner));
    for (const pkg of [
      "codec",
      "crypto-provider",
      "credentials-x509",
      "key-packages",
      "keystore",
      "directory-protocol",
    ]) {
      expect(owners.has(pkg), pkg).toBe(true);
    }
    expect(declared.codes.get("CODEC_TRUNCATED")?.entry).toBe("CodecErrorCode.truncated");
    expect(declared.codes.get("KEY_PACKAGE_EXPIRED")?.checks).toEqual(["KP-22"]);
    expect(declared.codes.get("KEY_PACKAGE_KEY_COLLISION")?.classes).toEqual(["UsageError"]);
    expect(declared.codes.get("UNSUPPORTED_CIPHER_SUITE")?.classes).toEqual(["CryptoError"]);
  });

  it("declares each code once, one prefix per package, and check codes in the package's registry", () => {
    expect(declared.problems).toEqual([]);
    const unprefixed = [...declared.prefixes].filter(([, prefix]) => prefix === "").map(([pkg]) => pkg);
    expect(unprefixed).toEqual(UNPREFIXED);
  });

  it("declares codes only in src/errors.ts, and every registry is exported by its package", () => {
    expect(sources.definitions.map((d) => d.file).filter((f) => !f.endsWith("/src/errors.ts"))).toEqual([]);
    const missing: string[] = [];
    for (const [name, { pkg }] of declared.registries) {
      const index = readFileSync(resolve(root, "packages", pkg, "src", "index.ts"), "utf8");
      if (!new RegExp(`\\b${name}\\b`).test(index)) missing.push(`${name} (@mlskit/${pkg})`);
    }
    expect(missing).toEqual([]);
  });

  it("names registry entries at throw sites: no literal code in the sources", () => {
    const literals = sources.literals
      .map((l) => `${l.file} ${l.code}`)
      .filter((l) => !KNOWN_LITERALS.includes(l));
    expect(literals, "use the registry entry (Registry.key) instead").toEqual([]);
    expect(sources.unknownEntries.map((e) => `${e.file}:${e.line} ${e.code}`)).toEqual([]);
  });

  it("lists every code (a declared code missing from the catalogue fails)", () => {
    const listed = new Set(catalogue.entries.map((e) => e.code));
    const missing = [...declared.codes.values()]
      .filter((c) => !listed.has(c.code))
      .map((c) => `${c.code} (${c.entry}, @mlskit/${c.owner})`);
    expect(missing, `add these to ${CATALOGUE}`).toEqual([]);
  });

  it("lists no stale code (a listed code no registry declares fails)", () => {
    const stale = catalogue.entries
      .filter((e) => !declared.codes.has(e.code))
      .map((e) => `${e.code} (${CATALOGUE}:${e.line})`);
    expect(stale, `remove these from ${CATALOGUE}`).toEqual([]);
    expect(catalogue.problems).toEqual([]);
  });

  it("lists each code once, under the package that owns it", () => {
    const seen = new Map<string, number>();
    const wrong: string[] = [];
    for (const e of catalogue.entries) {
      if (seen.has(e.code)) wrong.push(`${e.code} listed twice (lines ${seen.get(e.code)} and ${e.line})`);
      seen.set(e.code, e.line);
      const owner = declared.codes.get(e.code)?.owner;
      if (owner !== undefined && owner !== e.pkg) {
        wrong.push(`${e.code} is under @mlskit/${e.pkg} (line ${e.line}) but owned by @mlskit/${owner}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("names the check id of every check code, and every class a throw site uses", () => {
    const byCode = new Map(catalogue.entries.map((e) => [e.code, e]));
    const wrong: string[] = [];
    for (const c of declared.codes.values()) {
      const entry = byCode.get(c.code);
      if (entry === undefined) continue;
      for (const check of c.checks) {
        if (!new RegExp(`\\b${check}\\b`).test(entry.row))
          wrong.push(`${c.code}: row lacks its check ${check}`);
      }
      for (const cls of c.classes) {
        if (!entry.row.includes(cls)) wrong.push(`${c.code}: row lacks the class ${cls}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("the source reader", () => {
  const codes: Pick<Codes, "codes" | "registries"> = {
    codes: new Map(
      ["BAR_CLOSED", "BAR_BROKEN"].map((code) => [
        code,
        { code, owner: "bar", entry: "", checks: [], classes: [] },
      ]),
    ),
    registries: new Map([
      ["BarErrorCode", { pkg: "bar", entries: { closed: "BAR_CLOSED", broken: "BAR_BROKEN" } }],
    ]),
  };
  const scan = (source: string) => scanSource(source, "x.ts", codes);

  it("finds literal codes in code positions, not in comments, TSDoc examples or regular expressions", () => {
    const found = scan(
      [
        `// throw new UsageError("BAR_CLOSED", "m");`,
        `/** @example throw storageError("BAR_CLOSED", "m"); */`,
        `const re = /"BAR_CLOSED"/g;`,
        `throw new UsageError("BAR_CLOSED", "m");`,
        `throw new StorageError(\`FOO_UNDECLARED\`, "m");`,
        `if (MlsError.is(e, "FOO_OTHER")) return;`,
        `const env = process.env["MLSKIT_TOKEN_FILE"];`,
        `throw new TypeError("NOT_A_CODE");`,
      ].join("\n"),
    );
    expect(found.literals.map((l) => [l.line, l.code])).toEqual([
      [4, "BAR_CLOSED"],
      [5, "FOO_UNDECLARED"],
      [6, "FOO_OTHER"],
    ]);
  });

  it("records the class of each throw site that names a registry entry", () => {
    const found = scan(
      [
        `throw new StorageError(BarErrorCode.closed, "m");`,
        `throw storageError(BarErrorCode.broken, "m");`,
        `r.fail(BarErrorCode.broken, "m", at);`,
        `throw local(BarErrorCode.closed, "m");`,
        `throw new UsageError(BarErrorCode.gone, "m");`,
      ].join("\n"),
    );
    expect(found.thrown.map((t) => [t.line, t.code, t.errorClass])).toEqual([
      [1, "BAR_CLOSED", "StorageError"],
      [2, "BAR_BROKEN", "StorageError"],
      [3, "BAR_BROKEN", "CodecError"],
    ]);
    expect(found.unknownEntries.map((e) => [e.line, e.code])).toEqual([[5, "BarErrorCode.gone"]]);
  });

  it("sees registry declarations, whose own strings are not literals", () => {
    const found = scan(`export const BarErrorCode = defineErrorCodes("BAR_", { closed: "BAR_CLOSED" });`);
    expect(found.definitions).toHaveLength(1);
    expect(found.literals).toEqual([]);
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
    expect(parsed.entries.map((e) => [e.code, e.pkg, e.line])).toEqual([
      ["CODEC_TRUNCATED", "codec", 6],
      ["CODEC_TRAILING_BYTES", "codec", 9],
    ]);
    expect(parsed.problems).toHaveLength(2);
  });
});
