// @ts-check
/**
 * @module layers
 * The one table of mlskit layers and the check that enforces it (DESIGN.md "Layers"):
 * - a runtime dependency, and every `@mlskit/*` import in `src/`, points only at a strictly lower layer;
 * - implementation packages (`crypto-provider-*`, `keystore-*`, `credentials-*`) are leaves: no
 *   library's `src/` imports them (only the applications of {@link APPLICATIONS} assemble them);
 * - only `crypto-provider-*` import `@noble/*` or `@hpke/*`, and only they import the provider
 *   authors' toolkit `@mlskit/crypto-provider/kit` (upper layers use the contract alone);
 * - the core packages have no third-party runtime dependency at all;
 * - no deep imports into another package (only its declared export subpaths);
 * - every package under packages/ appears in the table.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Package name → layer number. An implementation sits half a layer above its interface: it may
 * depend on the interface, and (being a leaf) nothing may depend on it.
 */
export const LAYERS = Object.freeze({
  "@mlskit/errors": 0,
  // Infrastructure, not MLS: one SQLite connection over the runtime's driver, shared by the
  // key store (6.5) and the directory (7), so it sits below both; it depends on errors only.
  "@mlskit/sqlite": 0.5,
  "@mlskit/codec": 1,
  "@mlskit/crypto-provider": 2,
  "@mlskit/crypto-provider-noble": 2.5,
  "@mlskit/crypto-provider-webcrypto": 2.5,
  "@mlskit/crypto-provider-node": 2.5,
  "@mlskit/credentials": 3,
  // An implementation-like leaf of the credentials layer: it brings pkijs/asn1js, which the core
  // credentials package must not, and no other package's src may import it.
  "@mlskit/credentials-x509": 3.5,
  "@mlskit/extensions": 4,
  "@mlskit/key-packages": 5,
  "@mlskit/keystore": 6,
  "@mlskit/keystore-memory": 6.5,
  "@mlskit/keystore-indexeddb": 6.5,
  "@mlskit/keystore-sqlite": 6.5,
  "@mlskit/mimi": 6,
  "@mlskit/welcome": 7,
  // The directory's wire protocol, below both the server and the client so neither depends on the other.
  "@mlskit/directory-protocol": 6,
  "@mlskit/directory": 7,
  "@mlskit/directory-client": 7,
  "@mlskit/cli": 8,
});

/** Packages with no third-party runtime dependency (DESIGN.md). */
export const NO_THIRD_PARTY = Object.freeze([
  "@mlskit/errors",
  "@mlskit/codec",
  "@mlskit/crypto-provider",
  "@mlskit/credentials",
  "@mlskit/extensions",
  "@mlskit/key-packages",
  "@mlskit/mimi",
]);

/**
 * Applications sit on top and assemble implementations (a provider, a store); libraries never
 * import an implementation, so that backends stay swappable.
 */
export const APPLICATIONS = Object.freeze(["@mlskit/cli", "@mlskit/directory"]);

/** @param {string} name */
const isImplementation = (name) => /^@mlskit\/(crypto-provider|keystore|credentials)-/.test(name);
/** @param {string} name */
const mayImportCryptoLibs = (name) => name.startsWith("@mlskit/crypto-provider-");

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(m?[jt]s|tsx)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** @param {string} source @returns {string} source without comments (TSDoc examples hold imports) */
function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** @param {string} source @returns {string[]} */
export function importSpecifiers(source) {
  const out = [];
  for (const m of stripComments(source).matchAll(IMPORT_RE)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out.filter((s) => s !== "");
}

/** @param {string} spec @returns {{ pkg: string, subpath: string }} */
function splitSpecifier(spec) {
  const parts = spec.split("/");
  const pkg = spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
  const subpath = spec.startsWith("@") ? parts.slice(2).join("/") : parts.slice(1).join("/");
  return { pkg, subpath };
}

/**
 * Check every package under `<root>/packages`.
 * @param {string} root repository root
 * @returns {string[]} violations, empty when the rules hold
 */
export function checkLayers(root) {
  /** @type {string[]} */
  const violations = [];
  const pkgsDir = join(root, "packages");
  /** @type {Map<string, any>} */
  const manifests = new Map();
  for (const d of readdirSync(pkgsDir)) {
    const file = join(pkgsDir, d, "package.json");
    if (existsSync(file)) manifests.set(d, JSON.parse(readFileSync(file, "utf8")));
  }
  /** @type {Record<string, number>} */
  const layers = LAYERS;
  for (const [dir, pkg] of manifests) {
    const name = pkg.name;
    const layer = layers[name];
    if (layer === undefined) {
      violations.push(`${name} (packages/${dir}) is not in the layer table of tools/layer-check`);
      continue;
    }
    const runtimeDeps = { ...(pkg.dependencies ?? {}), ...(pkg.peerDependencies ?? {}) };
    for (const dep of Object.keys(runtimeDeps)) {
      if (dep.startsWith("@mlskit/")) {
        const depLayer = layers[dep];
        if (depLayer === undefined)
          violations.push(`${name} depends on ${dep}, which is not in the layer table`);
        else if (depLayer >= layer)
          violations.push(
            `${name} (layer ${layer}) depends on ${dep} (layer ${depLayer}): dependencies must point to a lower layer`,
          );
        else if (isImplementation(dep) && !APPLICATIONS.includes(name))
          violations.push(`${name} depends on the implementation ${dep}: implementations are leaves`);
      } else {
        if (NO_THIRD_PARTY.includes(name))
          violations.push(`${name} must have no third-party runtime dependency, found ${dep}`);
        if ((dep.startsWith("@noble/") || dep.startsWith("@hpke/")) && !mayImportCryptoLibs(name))
          violations.push(`${name} depends on ${dep}: only crypto-provider-* may use crypto libraries`);
      }
    }
    const srcDir = join(pkgsDir, dir, "src");
    for (const file of sourceFiles(srcDir)) {
      const where = relative(root, file);
      for (const spec of importSpecifiers(readFileSync(file, "utf8"))) {
        if (spec.startsWith(".") || spec.startsWith("node:")) continue;
        const { pkg: target, subpath } = splitSpecifier(spec);
        if ((target.startsWith("@noble/") || target.startsWith("@hpke/")) && !mayImportCryptoLibs(name)) {
          violations.push(`${where} imports ${spec}: only crypto-provider-* may import @noble/* or @hpke/*`);
        }
        if (!target.startsWith("@mlskit/")) {
          if (!(target in runtimeDeps))
            violations.push(`${where} imports ${spec}, which is not a runtime dependency of ${name}`);
          continue;
        }
        if (target === name) {
          violations.push(`${where} imports its own package ${spec} by name; use a relative import`);
          continue;
        }
        const targetLayer = layers[target];
        if (targetLayer === undefined) {
          violations.push(`${where} imports ${spec}, which is not in the layer table`);
          continue;
        }
        if (targetLayer >= layer)
          violations.push(
            `${where} (layer ${layer}) imports ${spec} (layer ${targetLayer}): imports must point to a lower layer`,
          );
        if (spec === "@mlskit/crypto-provider/kit" && !mayImportCryptoLibs(name))
          violations.push(`${where} imports ${spec}: only crypto-provider-* use the provider toolkit`);
        if (isImplementation(target) && !APPLICATIONS.includes(name))
          violations.push(`${where} imports the implementation ${target}: implementations are leaves`);
        if (!(target in runtimeDeps))
          violations.push(`${where} imports ${spec}, which is not a runtime dependency of ${name}`);
        const targetDir = [...manifests.entries()].find(([, m]) => m.name === target);
        const exportsMap = targetDir ? (targetDir[1].exports ?? {}) : {};
        if (subpath !== "" && !(`./${subpath}` in exportsMap)) {
          violations.push(
            `${where} deep-imports ${spec}: only declared export subpaths of ${target} may be imported`,
          );
        }
      }
    }
  }
  return violations;
}
