// @ts-check
/**
 * @module pack-check
 * Packs every publishable package the way `changeset publish` will (pnpm applies
 * `publishConfig` and turns `workspace:*` into versions) and checks each tarball three ways:
 *
 * - own checks on what is inside: the manifest as published (no `workspace:` range, no `source`
 *   export condition, ESM, `sideEffects`, `engines`, `types`, license, README) and the file list
 *   (no sources without maps that need them, no build info, no tests);
 * - publint (strict: warnings fail);
 * - arethetypeswrong with the `esm-only` profile: the packages are ESM only, so the `node10` and
 *   `node16 (from CJS)` resolutions are not checked (their `CJSResolvesToESM` is expected; Node ≥
 *   20.19, the packages' `engines` floor, loads them with `require()` anyway).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { readTarball } from "./tarball.js";

const run = promisify(execFile);

/** Resolutions that an ESM-only package does not support (attw `--profile esm-only`). */
export const IGNORED_RESOLUTIONS = Object.freeze(["node10", "node16-cjs"]);

/**
 * @typedef {{ name: string, version: string, dir: string, manifest: Record<string, any> }} WorkspacePackage
 * @typedef {{ errors: string[], warnings: string[] }} Findings
 */

/**
 * @param {string} root - repository root
 * @returns {WorkspacePackage[]} the packages under packages/ that are not private, by name
 */
export function publishablePackages(root) {
  const dir = join(root, "packages");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "package.json")))
    .map((d) => {
      const manifest = JSON.parse(readFileSync(join(dir, d.name, "package.json"), "utf8"));
      return { name: manifest.name, version: manifest.version, dir: join(dir, d.name), manifest };
    })
    .filter((p) => p.manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `pnpm pack` one package into `dest`.
 * @param {WorkspacePackage} pkg
 * @param {string} dest - folder for the tarball
 * @returns {Promise<string>} the tarball's path
 */
export async function packPackage(pkg, dest) {
  const { stdout } = await run("pnpm", ["pack", "--pack-destination", dest, "--json"], {
    cwd: pkg.dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const filename = JSON.parse(stdout.slice(stdout.indexOf("{"))).filename;
  if (typeof filename !== "string" || !existsSync(filename)) {
    throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
  }
  return filename;
}

/**
 * Pack several packages, a few at a time.
 * @param {WorkspacePackage[]} pkgs
 * @param {string} dest
 * @returns {Promise<Map<string, string>>} package name → tarball path
 */
export async function packPackages(pkgs, dest) {
  /** @type {Map<string, string>} */
  const out = new Map();
  const queue = [...pkgs];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) {
      out.set(pkg.name, await packPackage(pkg, dest));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

/**
 * @param {unknown} exportsField
 * @param {string[]} [path]
 * @returns {string[]} the condition paths (e.g. `./testing > source`) that name `source`
 */
function sourceConditions(exportsField, path = []) {
  if (typeof exportsField !== "object" || exportsField === null) return [];
  return Object.entries(exportsField).flatMap(([key, value]) =>
    key === "source" ? [[...path, key].join(" > ")] : sourceConditions(value, [...path, key]),
  );
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"'./][^"']*)["']|import\(\s*["']([^"'./][^"']*)["']\s*\)|^\s*import\s*["']([^"'./][^"']*)["']/gm;

/**
 * @param {string} code - built JavaScript
 * @returns {string[]} the bare specifiers it imports (statically or with a literal `import()`)
 */
export function bareImports(code) {
  const text = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...text.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3] ?? "").filter((s) => s !== "");
}

/**
 * The checks publint and attw do not make, on the files of a packed tarball.
 * @param {Map<string, Buffer>} files - from {@link readTarball}
 * @returns {Findings}
 */
export function checkPackedFiles(files) {
  /** @type {Findings} */
  const findings = { errors: [], warnings: [] };
  const { errors, warnings } = findings;
  const raw = files.get("package.json");
  if (raw === undefined) return { errors: ["no package.json in the tarball"], warnings };
  /** @type {Record<string, any>} */
  const pkg = JSON.parse(raw.toString("utf8"));

  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith("workspace:")) errors.push(`${field}.${dep} is still "${range}"`);
    }
  }
  for (const where of sourceConditions(pkg.exports)) {
    errors.push(`exports ${where}: the repo-only "source" condition was published (publishConfig.exports)`);
  }
  if (pkg.type !== "module") errors.push(`"type" is ${JSON.stringify(pkg.type)}, expected "module"`);
  if (typeof pkg.sideEffects !== "boolean") errors.push(`"sideEffects" is missing`);
  if (typeof pkg.engines?.node !== "string") errors.push(`"engines.node" is missing`);
  if (typeof pkg.types !== "string") errors.push(`"types" is missing`);
  if (typeof pkg.exports?.["."] !== "object") errors.push(`"exports" has no "." entry`);
  if (typeof pkg.license !== "string") errors.push(`"license" is missing`);
  if (pkg.publishConfig?.access !== "public") errors.push(`"publishConfig.access" is not "public"`);
  if (!files.has("README.md")) errors.push("README.md is not in the tarball");

  const names = [...files.keys()];
  const junk = names.filter(
    (n) => /(^|\/)(\.tsbuildinfo|[^/]*\.tsbuildinfo)$/.test(n) || /^(test|tests)\//.test(n),
  );
  if (junk.length > 0) errors.push(`files that do not belong in a package: ${junk.join(", ")}`);

  // Source maps and declaration maps must point at files that are in the tarball.
  const missing = new Set();
  for (const [name, data] of files) {
    if (!name.endsWith(".map")) continue;
    const map = JSON.parse(data.toString("utf8"));
    const base = name.split("/").slice(0, -1);
    for (const source of map.sources ?? []) {
      const resolved = [...base];
      for (const part of `${map.sourceRoot ?? ""}${source}`.split("/")) {
        if (part === "..") resolved.pop();
        else if (part !== "." && part !== "") resolved.push(part);
      }
      if (!files.has(resolved.join("/")) && map.sourcesContent === undefined) missing.add(resolved.join("/"));
    }
  }
  if (missing.size > 0) {
    errors.push(
      `${missing.size} source file(s) named by the .map files are not in the tarball (e.g. ${[...missing][0]})`,
    );
  }

  // Every package the built code imports must be a declared runtime dependency.
  const declared = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);
  /** @type {Map<string, string>} */
  const undeclared = new Map();
  for (const [name, data] of files) {
    if (!/\.(m?js|cjs)$/.test(name) || name.startsWith("src/")) continue;
    for (const spec of bareImports(data.toString("utf8"))) {
      const target = spec.startsWith("@")
        ? spec.split("/").slice(0, 2).join("/")
        : (spec.split("/")[0] ?? "");
      if (spec.startsWith("node:") || builtinModules.includes(target) || declared.has(target)) continue;
      if (!undeclared.has(target)) undeclared.set(target, name);
    }
  }
  for (const [target, file] of undeclared) {
    errors.push(`${file} imports "${target}", which is not in dependencies or peerDependencies`);
  }

  if (!names.some((n) => /^(LICEN[CS]E|COPYING)(\.|$)/i.test(n))) {
    warnings.push(`no LICENSE file in the tarball (license: ${pkg.license ?? "none"})`);
  }
  return findings;
}

/**
 * publint on a tarball, strict (warnings are errors).
 * @param {string} tarball
 * @returns {Promise<Findings>}
 */
export async function runPublint(tarball) {
  const { publint } = await import("publint");
  const { formatMessage } = await import("publint/utils");
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
    level: "suggestion",
  });
  /** @type {Findings} */
  const findings = { errors: [], warnings: [] };
  for (const m of messages) {
    const text = `publint ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? m.path.join(".")}`;
    (m.type === "suggestion" ? findings.warnings : findings.errors).push(text);
  }
  return findings;
}

/**
 * arethetypeswrong on a tarball with the `esm-only` profile.
 * @param {string} tarball
 * @param {string} root - repository root (for the attw binary)
 * @returns {Promise<Findings & { ignored: string[] }>}
 */
export async function runAttw(tarball, root) {
  const attw = join(root, "node_modules", ".bin", "attw");
  let stdout;
  let failed = false;
  try {
    ({ stdout } = await run(attw, [tarball, "--profile", "esm-only", "--format", "json"], {
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (e) {
    const err = /** @type {{ stdout?: string, code?: unknown, message: string }} */ (e);
    if (typeof err.stdout !== "string" || !err.stdout.trimStart().startsWith("{")) throw e;
    stdout = err.stdout;
    failed = true;
  }
  /**
   * @type {{
   *   analysis?: { types?: unknown },
   *   problems?: Record<string, Array<{ kind: string, entrypoint?: string, resolutionKind?: string, fileName?: string, typesFileName?: string }>>
   * }}
   */
  const report = JSON.parse(stdout);
  /** @type {Findings & { ignored: string[] }} */
  const findings = { errors: [], warnings: [], ignored: [] };
  if (report.analysis?.types === false) findings.errors.push("attw: the package ships no types");
  for (const list of Object.values(report.problems ?? {})) {
    for (const p of list) {
      const file = (p.fileName ?? p.typesFileName)?.replace(/^\/node_modules\/(@[^/]+\/)?[^/]+\//, "");
      const where = [p.entrypoint ?? file ?? "package", p.resolutionKind].filter(Boolean).join(", ");
      const text = `attw ${p.kind} (${where})`;
      if (p.resolutionKind !== undefined && IGNORED_RESOLUTIONS.includes(p.resolutionKind))
        findings.ignored.push(text);
      else findings.errors.push(text);
    }
  }
  if (failed && findings.errors.length === 0)
    findings.errors.push("attw failed (see `attw --profile esm-only`)");
  return findings;
}

/**
 * Run every check on one tarball.
 * @param {string} tarball
 * @param {string} root
 * @returns {Promise<Findings & { ignored: string[], files: number, bytes: number }>}
 */
export async function checkTarball(tarball, root) {
  const files = readTarball(tarball);
  const own = checkPackedFiles(files);
  const [lint, types] = await Promise.all([runPublint(tarball), runAttw(tarball, root)]);
  return {
    errors: [...own.errors, ...lint.errors, ...types.errors],
    warnings: [...own.warnings, ...lint.warnings, ...types.warnings],
    ignored: types.ignored,
    files: files.size,
    bytes: readFileSync(tarball).length,
  };
}
