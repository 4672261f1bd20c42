#!/usr/bin/env node
// @ts-check
/**
 * @module cli
 * `pnpm pack-check [name...]`: pack the publishable packages (all, or the named ones) into a
 * temporary folder and check every tarball (see pack-check.js). Needs `pnpm build` first.
 * Exits 1 when any package has an error; warnings are printed and do not fail.
 *
 * Options: `--keep DIR` packs into DIR and keeps the tarballs; `--verbose` also lists the
 * findings ignored by the esm-only profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkTarball, packPackage, publishablePackages } from "./pack-check.js";

const root = resolve(import.meta.dirname, "../../..");
const { values: opts, positionals } = parseArgs({
  options: { keep: { type: "string" }, verbose: { type: "boolean", default: false } },
  allowPositionals: true,
});

const all = publishablePackages(root);
const unknown = positionals.filter((n) => !all.some((p) => p.name === n));
if (unknown.length > 0) {
  console.error(`pack-check: not a publishable package: ${unknown.join(", ")}`);
  process.exit(2);
}
const selected = positionals.length === 0 ? all : all.filter((p) => positionals.includes(p.name));
const dest = opts.keep === undefined ? mkdtempSync(resolve(tmpdir(), "mlskit-pack-")) : resolve(opts.keep);
mkdirSync(dest, { recursive: true });

let failed = 0;
try {
  // Pack and check a few packages at a time (attw starts a TypeScript program per tarball).
  /** @type {Map<string, Awaited<ReturnType<typeof checkTarball>>>} */
  const results = new Map();
  const queue = [...selected];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) {
      results.set(pkg.name, await checkTarball(await packPackage(pkg, dest), root));
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, Math.max(2, availableParallelism())) }, worker));
  for (const pkg of selected) {
    const r = /** @type {Awaited<ReturnType<typeof checkTarball>>} */ (results.get(pkg.name));
    const size = `${r.files} files, ${(r.bytes / 1024).toFixed(1)} kB`;
    console.log(`${r.errors.length === 0 ? "ok  " : "FAIL"} ${pkg.name}@${pkg.version} (${size})`);
    for (const e of r.errors) console.log(`       error: ${e}`);
    for (const w of r.warnings) console.log(`       warning: ${w}`);
    if (opts.verbose) for (const i of r.ignored) console.log(`       ignored (esm-only): ${i}`);
    if (r.errors.length > 0) failed++;
  }
} finally {
  if (opts.keep === undefined) rmSync(dest, { recursive: true, force: true });
}
console.log(
  `pack-check: ${selected.length - failed} of ${selected.length} packages ok (publint --strict, attw --profile esm-only)`,
);
process.exit(failed === 0 ? 0 : 1);
