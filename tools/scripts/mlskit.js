#!/usr/bin/env node
// @ts-check
/**
 * @module mlskit
 * `pnpm --silent mlskit …` in this repository: the CLI from its build, built first
 * (`tsc -b packages/cli`) only when something it is built from changed since this script last
 * built it — a source, a tsconfig or a package.json of the CLI or a project it references, the
 * shared tsconfig, the lock file — or a build output is missing. `tsc -b` takes seconds to find
 * that nothing changed; comparing file times takes milliseconds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where the time of the last build is kept (ignored by git, like every cache). */
const STAMP = join("node_modules", ".cache", "mlskit-cli", "built-at");

/**
 * The projects `tsc -b <project>` builds: the project and every project it references, at any
 * depth.
 * @param {string} project - the project's folder
 * @returns {string[] | undefined} their folders, or undefined when a tsconfig cannot be read
 */
export function projectClosure(project) {
  const seen = new Set();
  const visit = (/** @type {string} */ dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    // Our tsconfig files are plain JSON (biome formats them); a comment makes the check give up.
    const config = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    for (const ref of config.references ?? []) visit(resolve(dir, ref.path));
  };
  try {
    visit(resolve(project));
  } catch {
    return undefined;
  }
  return [...seen];
}

/**
 * The newest modification time (ms) of the files a build of the projects reads.
 * @param {string} root - the repository
 * @param {readonly string[]} projects - from {@link projectClosure}
 * @returns {number} the time
 */
export function newestInput(root, projects) {
  let newest = 0;
  const see = (/** @type {string} */ file) => {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  };
  const walk = (/** @type {string} */ dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const p of projects) {
    see(join(p, "tsconfig.json"));
    see(join(p, "package.json"));
    if (existsSync(join(p, "src"))) walk(join(p, "src"));
  }
  for (const f of ["tsconfig.base.json", "package.json", "pnpm-lock.yaml"]) see(join(root, f));
  return newest;
}

/**
 * Whether the CLI's build is current: built by this script after the last change of its inputs,
 * with every project's output present.
 * @param {string} root - the repository
 * @returns {boolean} true when running it needs no build
 */
export function cliBuildIsCurrent(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return false;
  const builtAt = Number(readFileSync(stamp, "utf8"));
  const projects = projectClosure(join(root, "packages", "cli"));
  if (projects === undefined || !Number.isFinite(builtAt)) return false;
  if (!projects.every((p) => existsSync(join(p, "dist")))) return false;
  return newestInput(root, projects) < builtAt;
}

/**
 * Record a build that started at `startedAt`: files changed after that are not in it.
 * @param {string} root - the repository
 * @param {number} startedAt - `Date.now()` before the build
 */
export function recordCliBuild(root, startedAt) {
  const stamp = join(root, STAMP);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, String(startedAt));
}

/**
 * Build the CLI when it is not current, then run it with this process's arguments.
 * @param {string} root - the repository
 */
async function run(root) {
  if (!cliBuildIsCurrent(root)) {
    const startedAt = Date.now();
    const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
    const built = spawnSync(process.execPath, [tsc, "-b", join(root, "packages", "cli")], {
      stdio: "inherit",
    });
    if (built.status !== 0) {
      process.exitCode = built.status ?? 1;
      return;
    }
    recordCliBuild(root, startedAt);
  }
  // The CLI reads process.argv.slice(2): the arguments after this script, as after `mlskit`.
  await import(pathToFileURL(join(root, "packages", "cli", "bin", "mlskit.js")).href);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await run(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."));
}
