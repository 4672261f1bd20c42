/**
 * @module catalogue
 * The stable error codes of mlskit, read as data, and the catalogue of `docs/error-codes.md`, so a
 * test can hold the two together.
 *
 * Every package declares the codes it owns once, in `packages/<name>/src/errors.ts`: a registry
 * made by `defineErrorCodes(prefix, { … })` (from `@mlskit/errors`) and, for a validator, a check
 * table (an exported array of `{ id: "KP-nn", code, … }` rows whose codes come from the registry).
 * {@link loadCodes} imports those modules and reads the registries by their marker. Then
 * {@link scanSources} reads the sources with the TypeScript parser for what data cannot say: string
 * literals that spell a code (throw sites must name registry entries), and the error class each
 * code is thrown as (`new UsageError(KeyPackageErrorCode.keyCollision, …)`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { errorCodePrefix } from "../../../packages/errors/src/index.ts";

/** A stable error code: SCREAMING_SNAKE with at least one underscore. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** One declared code. */
export interface DefinedCode {
  readonly code: string;
  /** The package folder (under packages/) whose registry declares it. */
  readonly owner: string;
  /** `Registry.key`, e.g. `CodecErrorCode.truncated`. */
  readonly entry: string;
  /** Check ids (`KP-nn`) whose check fails with it. */
  readonly checks: string[];
  /** Error classes it is thrown as, where a throw site says so. */
  readonly classes: string[];
}

/** The codes of every package, and what is wrong with their declaration. */
export interface Codes {
  readonly codes: Map<string, DefinedCode>;
  /** Registry export name → its package and entries (`{ key: code }`). */
  readonly registries: Map<string, { readonly pkg: string; readonly entries: Record<string, string> }>;
  /** Package folder → its prefix. */
  readonly prefixes: Map<string, string>;
  readonly problems: string[];
}

/** Package folders (under packages/) that have a `src/errors.ts`. */
function packagesWithErrors(root: string): string[] {
  const dir = join(root, "packages");
  return readdirSync(dir)
    .sort()
    .filter((pkg) => existsSync(join(dir, pkg, "src", "errors.ts")));
}

const CHECK_ID = /^[A-Z]+-\d+$/;
const isCheckTable = (v: unknown): v is readonly { id: string; code: string }[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((r) => typeof r?.id === "string" && CHECK_ID.test(r.id) && typeof r.code === "string");

/**
 * Import every `packages/<name>/src/errors.ts` and read its registries and check tables.
 *
 * @param root - the repository root
 * @returns the declared codes, with any problem of their declaration
 */
export async function loadCodes(root: string): Promise<Codes> {
  const codes = new Map<string, DefinedCode>();
  const registries = new Map<string, { pkg: string; entries: Record<string, string> }>();
  const prefixes = new Map<string, string>();
  const problems: string[] = [];
  const tables: { pkg: string; name: string; rows: readonly { id: string; code: string }[] }[] = [];
  for (const pkg of packagesWithErrors(root)) {
    const mod: Record<string, unknown> = await import(
      pathToFileURL(join(root, "packages", pkg, "src", "errors.ts")).href
    );
    for (const [name, value] of Object.entries(mod)) {
      const prefix = errorCodePrefix(value);
      if (prefix !== undefined) {
        const known = prefixes.get(pkg);
        if (known !== undefined && known !== prefix)
          problems.push(`${pkg} declares two prefixes: ${known} and ${prefix}`);
        prefixes.set(pkg, prefix);
        const entries = value as Record<string, string>;
        registries.set(name, { pkg, entries });
        for (const [key, code] of Object.entries(entries)) {
          const other = codes.get(code);
          if (other !== undefined)
            problems.push(`${code} is declared twice: ${other.entry} and ${name}.${key}`);
          else codes.set(code, { code, owner: pkg, entry: `${name}.${key}`, checks: [], classes: [] });
        }
      } else if (isCheckTable(value)) tables.push({ pkg, name, rows: value });
    }
  }
  for (const { pkg, name, rows } of tables) {
    for (const { id, code } of rows) {
      const c = codes.get(code);
      if (c === undefined || c.owner !== pkg)
        problems.push(`${name} ${id}: ${code} is not in ${pkg}'s registry`);
      else c.checks.push(id);
    }
  }
  return { codes, registries, prefixes, problems };
}

/** Error classes of JavaScript itself: they take a message, never a code. */
const BUILTIN_ERRORS = new Set(["Error", "RangeError", "TypeError", "SyntaxError", "AggregateError"]);
/** Helpers that always build one class: `name(code, …)`, or the codec Reader's `r.fail(code, …)`. */
const HELPER_CLASS: Readonly<Record<string, string>> = Object.freeze({
  codecError: "CodecError",
  cryptoError: "CryptoError",
  storageError: "StorageError",
  ".fail": "CodecError",
});

/** A place in a source file. */
export interface SourceSite {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** What {@link scanSource} finds in one file. */
export interface SourceScan {
  /** String literals that spell a known code, or a literal first argument of an error class. */
  readonly literals: SourceSite[];
  /** A registry entry passed to an error class or helper whose class is known. */
  readonly thrown: (SourceSite & { readonly errorClass: string })[];
  /** Calls of `defineErrorCodes` (allowed only in `src/errors.ts`). */
  readonly definitions: SourceSite[];
  /** Registry entries (`Registry.key`) that do not exist. */
  readonly unknownEntries: SourceSite[];
}

/**
 * Read one source file with the TypeScript parser (comments, TSDoc examples and regular
 * expressions are not strings to it).
 *
 * @param source - the file's text
 * @param file - its path, for the report
 * @param codes - the declared codes (from {@link loadCodes})
 * @returns what the file says about codes
 */
export function scanSource(
  source: string,
  file: string,
  codes: Pick<Codes, "codes" | "registries">,
): SourceScan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: SourceScan = { literals: [], thrown: [], definitions: [], unknownEntries: [] };
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  /** The code of `Registry.key`, `null` for an entry that does not exist, `undefined` for anything else. */
  const entryCode = (node: ts.Node | undefined): string | null | undefined => {
    if (node === undefined || !ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression))
      return undefined;
    const registry = codes.registries.get(node.expression.text);
    if (registry === undefined) return undefined;
    return registry.entries[node.name.text] ?? null;
  };
  const classOf = (node: ts.NewExpression | ts.CallExpression): string | undefined => {
    const callee = node.expression;
    if (ts.isNewExpression(node))
      return ts.isIdentifier(callee) && /Error$/.test(callee.text) && !BUILTIN_ERRORS.has(callee.text)
        ? callee.text
        : undefined;
    if (ts.isIdentifier(callee)) return HELPER_CLASS[callee.text];
    if (ts.isPropertyAccessExpression(callee)) return HELPER_CLASS[`.${callee.name.text}`];
    return undefined;
  };
  const visit = (node: ts.Node, inDefinition: boolean): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "defineErrorCodes"
    ) {
      out.definitions.push({ file, line: line(node), code: "" });
      inDefinition = true;
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !inDefinition) {
      const parent = node.parent;
      // A literal that spells a code, or stands where a code goes: `new XError("…"`, `MlsError.is(e, "…")`.
      const codePosition =
        (ts.isNewExpression(parent) && parent.arguments?.[0] === node && classOf(parent) !== undefined) ||
        (ts.isCallExpression(parent) &&
          parent.arguments[1] === node &&
          ts.isPropertyAccessExpression(parent.expression) &&
          parent.expression.getText(sf) === "MlsError.is");
      if (codes.codes.has(node.text) || (codePosition && CODE_PATTERN.test(node.text)))
        out.literals.push({ file, line: line(node), code: node.text });
    }
    if (ts.isPropertyAccessExpression(node) && entryCode(node) === null)
      out.unknownEntries.push({ file, line: line(node), code: node.getText(sf) });
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const code = entryCode(node.arguments?.[0]);
      const errorClass = classOf(node);
      if (typeof code === "string" && errorClass !== undefined)
        out.thrown.push({ file, line: line(node), code, errorClass });
    }
    ts.forEachChild(node, (child) => visit(child, inDefinition));
  };
  visit(sf, false);
  return out;
}

/** Every `.ts` file under `dir`, declarations aside. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) return sourceFiles(p);
      return /\.(m?ts|tsx)$/.test(entry) && !entry.endsWith(".d.ts") ? [p] : [];
    });
}

/**
 * Scan every `packages/<name>/src`, adding the classes each code is thrown as to `codes`.
 *
 * @param root - the repository root
 * @param codes - from {@link loadCodes}; its `classes` are filled in
 * @returns every finding, merged
 */
export function scanSources(root: string, codes: Codes): SourceScan {
  const all: SourceScan = { literals: [], thrown: [], definitions: [], unknownEntries: [] };
  for (const pkg of readdirSync(join(root, "packages")).sort()) {
    for (const path of sourceFiles(join(root, "packages", pkg, "src"))) {
      const found = scanSource(readFileSync(path, "utf8"), relative(root, path), codes);
      all.literals.push(...found.literals);
      all.thrown.push(...found.thrown);
      all.definitions.push(...found.definitions);
      all.unknownEntries.push(...found.unknownEntries);
    }
  }
  for (const { code, errorClass } of all.thrown) {
    const c = codes.codes.get(code);
    if (c !== undefined && !c.classes.includes(errorClass)) c.classes.push(errorClass);
  }
  return all;
}

/** One row of the catalogue. */
export interface CatalogueEntry {
  readonly code: string;
  /** The package folder of the section it is listed in. */
  readonly pkg: string;
  readonly line: number;
  /** The whole table row. */
  readonly row: string;
}

/**
 * Read the catalogue: every table row whose first cell is one backticked code, under the last
 * `##` heading that names a package as `` `@mlskit/<name>` ``.
 *
 * @param markdown - the text of docs/error-codes.md
 * @returns the rows, and rows that sit under no package heading
 */
export function parseCatalogue(markdown: string): { entries: CatalogueEntry[]; problems: string[] } {
  const entries: CatalogueEntry[] = [];
  const problems: string[] = [];
  let pkg = "";
  markdown.split("\n").forEach((text, index) => {
    const heading = /^##\s.*`@mlskit\/([a-z0-9-]+)`/.exec(text);
    if (heading !== null) {
      pkg = heading[1] ?? "";
      return;
    }
    if (/^#{1,2}\s/.test(text)) pkg = "";
    const row = /^\|\s*`([^`]+)`\s*\|/.exec(text);
    if (row === null || !CODE_PATTERN.test(row[1] ?? "")) return;
    if (pkg === "") {
      problems.push(
        `docs/error-codes.md:${index + 1}: ${row[1]} is not under a "## … \`@mlskit/<name>\`" heading`,
      );
      return;
    }
    entries.push({ code: row[1] ?? "", pkg, line: index + 1, row: text });
  });
  return { entries, problems };
}
