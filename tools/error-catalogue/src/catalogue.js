// @ts-check
/**
 * @module catalogue
 * Finds every stable error code defined in `packages/<name>/src` and reads the catalogue of
 * `docs/error-codes.md`, so that a test can hold the two together.
 *
 * A code is a SCREAMING_SNAKE string with at least one underscore (`CODEC_TRUNCATED`). It is
 * *defined* by one of:
 * - a value of a frozen code registry, `const <Name>ErrorCode = Object.freeze({ key: "CODE", ... })`;
 * - a row of a check table, `["KP-09", "KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY", ...]` (the
 *   check id is kept, `KEY_PACKAGE_CHECKS` of key-packages);
 * - a string literal passed as the first argument to an error class (`new UsageError("CODE", …)`)
 *   or to an error helper (`cryptoError(…)`, `storageError(…)`, `codecError(…)`, `r.fail(…)`: any
 *   function named `…Error`/`…error` or `fail`).
 *
 * A registry or a check table makes its package the code's owner; a literal owns a code only when
 * no registry or table defines it (otherwise it is a use of that code). `MlsError.is(e, "CODE")`
 * is a reference: the code must be defined somewhere. Comments are skipped (TSDoc examples hold
 * codes), and so are cipher-suite names (`MLS_128_…`), which are never passed in those positions.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A stable error code: SCREAMING_SNAKE with at least one underscore. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Cipher-suite names look like codes and are not (RFC 9420 §17.1). */
const CIPHER_SUITE_NAME = /^MLS_\d+_/;

/** @param {string} s */
export function isCode(s) {
  return CODE_PATTERN.test(s) && !CIPHER_SUITE_NAME.test(s);
}

/**
 * The error class each helper always builds (`.fail` is the codec's `Reader.fail`, called as a method).
 * @type {Readonly<Record<string, string>>}
 */
const HELPER_CLASS = Object.freeze({
  codecError: "CodecError",
  cryptoError: "CryptoError",
  storageError: "StorageError",
  ".fail": "CodecError",
});

/**
 * Blank out comments, keeping every other character and every newline in place, so offsets and
 * line numbers stay right. Strings, template literals and regular expression literals are skipped
 * as such (a `//` inside a string or a regex is not a comment).
 *
 * @param {string} source
 * @returns {string}
 */
export function stripComments(source) {
  const out = source.split("");
  const blank = (/** @type {number} */ from, /** @type {number} */ to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  /** The last significant character outside comments: decides whether `/` starts a regex. */
  let prev = "";
  let prevWord = "";
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      i = skipString(source, i);
      prev = c;
      prevWord = "";
    } else if (c === "/" && startsRegex(prev, prevWord)) {
      i = skipRegex(source, i);
      prev = "/";
      prevWord = "";
    } else {
      if (!/\s/.test(c ?? "")) {
        if (/[\w$]/.test(c ?? "")) prevWord = /[\w$]/.test(prev) ? prevWord + c : (c ?? "");
        else prevWord = "";
        prev = c ?? "";
      }
      i++;
    }
  }
  return out.join("");
}

/** @param {string} prev @param {string} prevWord */
function startsRegex(prev, prevWord) {
  if (prev === "") return true;
  if (/[\w$)\]]/.test(prev))
    return ["return", "typeof", "case", "in", "of", "void", "throw"].includes(prevWord);
  return true;
}

/** @param {string} s @param {number} start index of the opening quote @returns {number} index after the closing one */
function skipString(s, start) {
  const quote = s[start];
  let i = start + 1;
  let depth = 0; // nesting of `${ … }` inside a template literal
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (quote === "`") {
      if (depth === 0 && c === "`") return i + 1;
      if (c === "$" && s[i + 1] === "{") {
        depth++;
        i += 2;
        continue;
      }
      if (depth > 0 && c === "}") depth--;
      else if (depth > 0 && (c === '"' || c === "'" || c === "`")) {
        i = skipString(s, i);
        continue;
      }
    } else if (c === quote || c === "\n") {
      return i + 1;
    }
    i++;
  }
  return i;
}

/** @param {string} s @param {number} start index of the opening `/` @returns {number} index after the flags */
function skipRegex(s, start) {
  let i = start + 1;
  let inClass = false;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "\n") return i;
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      i++;
      while (/[a-z]/.test(s[i] ?? "")) i++;
      return i;
    }
    i++;
  }
  return i;
}

/** @param {string} text @param {number} offset @returns {number} 1-based line */
function lineAt(text, offset) {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

/**
 * The text between the brace at `open` and its matching closing brace.
 * @param {string} text @param {number} open
 */
function braceBody(text, open) {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === "{") depth++;
    else if (text[k] === "}" && --depth === 0) return text.slice(open + 1, k);
  }
  return text.slice(open + 1);
}

/**
 * @typedef {object} CodeSite
 * @property {string} code
 * @property {string} pkg      package folder under packages/
 * @property {string} file     path relative to the repository root
 * @property {number} line
 * @property {"registry" | "check" | "literal" | "member" | "reference"} kind
 * @property {string} [registry] `Name.key` for a registry value, or for a `Name.key` argument
 * @property {string} [check]    the check id of a check-table row
 * @property {string} [errorClass] the error class a throw site builds, when it is certain
 */

const REGISTRY = /\bconst\s+([A-Za-z_$][\w$]*ErrorCodes?)\s*(?::[^=]+)?=\s*Object\.freeze\(\s*\{/g;
const REGISTRY_ENTRY = /([A-Za-z_$][\w$]*|"[^"]*"|'[^']*')\s*:\s*(["'])([^"'\n]+)\2/g;
const CHECK_ROW = /\[\s*(["'])([A-Z][A-Z0-9]*-\d+)\1\s*,\s*(["'])([^"'\n]+)\3/g;
// `new XError(` with a literal or a `Registry.key` first argument, or a helper named `…Error`,
// `…error` or `fail` (a method too: `r.fail(`) with a literal first argument.
const NEW_ERROR =
  /\bnew\s+([A-Z][\w$]*Error)\s*(?:<[^>()]*>)?\s*\(\s*(?:(["'`])([^"'`\n]+)\2|([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*))/g;
const HELPER =
  /(?<![\w$])([\w$]+\.)?([a-z][\w$]*(?:Error|error)|fail)\s*\(\s*(?:(["'`])([^"'`\n]+)\3|([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*))/g;
/** JavaScript's own error classes take a message, never a code. */
const BUILTIN_ERRORS = new Set([
  "AggregateError",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
]);
const IS_REFERENCE = /\bMlsError\.is\(\s*[^,()]+,\s*(["'`])([^"'`\n]+)\1/g;

/**
 * Every code site in one source text.
 *
 * @param {string} source the file's text
 * @param {{ pkg: string, file: string }} where
 * @returns {CodeSite[]}
 */
export function scanSource(source, where) {
  const text = stripComments(source);
  /** @type {CodeSite[]} */
  const sites = [];
  const add = (/** @type {Omit<CodeSite, "pkg" | "file">} */ site) => {
    if (isCode(site.code)) sites.push({ ...where, ...site });
  };
  for (const m of text.matchAll(REGISTRY)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const body = braceBody(text, open);
    for (const e of body.matchAll(REGISTRY_ENTRY)) {
      const key = (e[1] ?? "").replace(/^["']|["']$/g, "");
      add({
        code: e[3] ?? "",
        kind: "registry",
        registry: `${m[1]}.${key}`,
        line: lineAt(text, open + 1 + (e.index ?? 0)),
      });
    }
  }
  for (const m of text.matchAll(CHECK_ROW)) {
    add({ code: m[4] ?? "", kind: "check", check: m[2] ?? "", line: lineAt(text, m.index ?? 0) });
  }
  for (const m of text.matchAll(NEW_ERROR)) {
    if (BUILTIN_ERRORS.has(m[1] ?? "")) continue;
    const line = lineAt(text, m.index ?? 0);
    if (m[3] !== undefined) add({ code: m[3], kind: "literal", errorClass: m[1] ?? "", line });
    else if (/ErrorCodes?$/.test(m[4] ?? "")) {
      sites.push({
        ...where,
        code: "",
        kind: "member",
        registry: `${m[4]}.${m[5]}`,
        errorClass: m[1] ?? "",
        line,
      });
    }
  }
  for (const m of text.matchAll(HELPER)) {
    // `r.fail(…)` is the codec's Reader; a local `fail(…)` may build anything.
    const helper = m[2] === "fail" && m[1] !== undefined ? ".fail" : (m[2] ?? "");
    const errorClass = HELPER_CLASS[helper];
    const known = errorClass === undefined ? {} : { errorClass };
    const line = lineAt(text, m.index ?? 0);
    if (m[4] !== undefined) add({ code: m[4], kind: "literal", ...known, line });
    else if (/ErrorCodes?$/.test(m[5] ?? "")) {
      sites.push({ ...where, code: "", kind: "member", registry: `${m[5]}.${m[6]}`, ...known, line });
    }
  }
  for (const m of text.matchAll(IS_REFERENCE)) {
    add({ code: m[2] ?? "", kind: "reference", line: lineAt(text, m.index ?? 0) });
  }
  return sites;
}

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(m?[jt]s|tsx)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/**
 * @typedef {object} DefinedCode
 * @property {string} code
 * @property {string} owner     the package folder that owns it
 * @property {CodeSite[]} sites every place that defines or throws it
 * @property {string[]} checks  check ids (`KP-nn`) that fail with it
 * @property {string[]} classes error classes it is thrown as, where a throw site says so
 */

/**
 * @typedef {object} ScanResult
 * @property {Map<string, DefinedCode>} codes every defined code
 * @property {CodeSite[]} references `MlsError.is(e, "CODE")` sites
 * @property {string[]} problems codes owned by two packages; registry members that do not exist
 */

/**
 * Scan every `packages/<name>/src` under `root`.
 *
 * @param {string} root the repository root
 * @returns {ScanResult}
 */
export function scanPackages(root) {
  const packagesDir = join(root, "packages");
  /** @type {CodeSite[]} */
  const sites = [];
  for (const pkg of readdirSync(packagesDir).sort()) {
    for (const file of sourceFiles(join(packagesDir, pkg, "src"))) {
      sites.push(...scanSource(readFileSync(file, "utf8"), { pkg, file: relative(root, file) }));
    }
  }
  return resolveSites(sites);
}

/**
 * Turn code sites into owned codes.
 *
 * @param {CodeSite[]} sites
 * @returns {ScanResult}
 */
export function resolveSites(sites) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, DefinedCode>} */
  const codes = new Map();
  /** @type {Map<string, string>} */
  const byRegistryKey = new Map();
  const define = (/** @type {CodeSite} */ site) => {
    const known = codes.get(site.code);
    if (known === undefined) {
      codes.set(site.code, { code: site.code, owner: site.pkg, sites: [site], checks: [], classes: [] });
    } else {
      if (known.owner !== site.pkg) {
        problems.push(
          `${site.code} is defined by two packages: ${known.owner} (${known.sites[0]?.file}:${known.sites[0]?.line}) and ${site.pkg} (${site.file}:${site.line})`,
        );
      }
      known.sites.push(site);
    }
  };
  for (const site of sites) {
    if (site.kind === "registry" || site.kind === "check") define(site);
    if (site.kind === "registry" && site.registry !== undefined) byRegistryKey.set(site.registry, site.code);
  }
  for (const site of sites) {
    if (site.kind !== "literal") continue;
    const known = codes.get(site.code);
    if (known === undefined) define(site);
    else known.sites.push(site);
  }
  for (const site of sites) {
    if (site.kind !== "member") continue;
    const code = site.registry === undefined ? undefined : byRegistryKey.get(site.registry);
    if (code === undefined) {
      problems.push(`${site.file}:${site.line} throws ${site.registry}, which no registry defines`);
      continue;
    }
    codes.get(code)?.sites.push({ ...site, code });
  }
  for (const entry of codes.values()) {
    for (const s of entry.sites) {
      if (s.check !== undefined && !entry.checks.includes(s.check)) entry.checks.push(s.check);
      if (s.errorClass !== undefined && !entry.classes.includes(s.errorClass))
        entry.classes.push(s.errorClass);
    }
  }
  return { codes, references: sites.filter((s) => s.kind === "reference"), problems };
}

/**
 * @typedef {object} CatalogueEntry
 * @property {string} code
 * @property {string} pkg   the package folder of the section it is listed in
 * @property {number} line
 * @property {string} row   the whole table row
 */

/**
 * Read the catalogue: every table row whose first cell is one backticked code, under the last
 * `##` heading that names a package as `` `@mlskit/<name>` ``.
 *
 * @param {string} markdown
 * @returns {{ entries: CatalogueEntry[], problems: string[] }}
 */
export function parseCatalogue(markdown) {
  /** @type {CatalogueEntry[]} */
  const entries = [];
  /** @type {string[]} */
  const problems = [];
  let pkg = "";
  markdown.split("\n").forEach((text, index) => {
    const heading = /^##\s.*`@mlskit\/([a-z0-9-]+)`/.exec(text);
    if (heading !== null) {
      pkg = heading[1] ?? "";
      return;
    }
    if (/^#{1,2}\s/.test(text)) pkg = "";
    const row = /^\|\s*`([^`]+)`\s*\|/.exec(text);
    if (row === null || !isCode(row[1] ?? "")) return;
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
