import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const BIN = resolve(__dirname, "../bin/mlskit.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real `mlskit` binary as a child process. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; input?: Uint8Array | string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
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
