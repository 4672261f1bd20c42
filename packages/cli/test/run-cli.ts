import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { expect } from "vitest";

export const BIN = resolve(__dirname, "../bin/mlskit.js");
const BINS = { mlskit: BIN, "mlskit-directory": resolve(__dirname, "../bin/mlskit-directory.js") } as const;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real `mlskit` binary as a child process. */
export function runCli(
  args: string[],
  opts: {
    env?: Record<string, string>;
    input?: Uint8Array | string;
    cwd?: string;
    bin?: keyof typeof BINS;
  } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BINS[opts.bin ?? "mlskit"], ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? "", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/** The non-empty lines of a command's output. */
export const lines = (s: string): string[] =>
  s
    .trim()
    .split("\n")
    .filter((l) => l !== "");

/**
 * Check what `generate --cipher-suite 2 --lifetime-days 30 --last-resort --no-grease --out dir`
 * printed and wrote: the first package's suite, last-resort mark, lifetime (30 days + the hour it
 * is back-dated) and the absence of GREASE, read back with `inspect --json`. Shared by the
 * in-process and the worker-thread runs of those options.
 */
export async function expectSuite2LastResortPackage(stdout: string, dir: string): Promise<void> {
  const [ref] = lines(stdout);
  const d = JSON.parse((await runCli(["inspect", "--json", join(dir, `${ref}.mls`)])).stdout);
  expect(d.cipherSuite.id).toBe(2);
  expect(d.lastResort).toBe(true);
  expect(BigInt(d.leafNode.lifetime.notAfterSeconds) - BigInt(d.leafNode.lifetime.notBeforeSeconds)).toBe(
    30n * 86400n + 3600n,
  );
  expect(JSON.stringify(d.leafNode.capabilities)).not.toContain("GREASE");
}

/**
 * A command line as its words, split at white space; an interpolated value joins its word as it
 * is, spaces and all: words`claim --out ${dir}/x --user ${"a b"}` → ["claim", "--out", "<dir>/x", "--user", "a b"].
 */
export function words(strings: TemplateStringsArray, ...values: readonly string[]): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (const [i, literal] of strings.entries()) {
    for (const ch of literal) {
      if (/\s/.test(ch)) {
        if (word !== undefined) out.push(word);
        word = undefined;
      } else word = (word ?? "") + ch;
    }
    if (i < values.length) word = (word ?? "") + values[i];
  }
  if (word !== undefined) out.push(word);
  return out;
}
