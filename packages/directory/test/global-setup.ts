/**
 * Builds the directory (the concurrency test runs it as separate processes from dist/) and
 * provides a PostgreSQL URL: `MLSKIT_TEST_POSTGRES_URL` when set (CI sets it from
 * tools/postgres/start.sh). Locally, without it, a throwaway server is started with the same
 * script and stopped afterwards. In CI a missing URL is an error the PostgreSQL tests report
 * loudly; they never skip.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresProblem: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = resolve(__dirname, "../../..");
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-b", "packages/directory"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  let url = process.env.MLSKIT_TEST_POSTGRES_URL ?? "";
  let problem = "";
  let stop = (): void => {};
  const ci = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
  if (url === "" && ci) {
    problem =
      "MLSKIT_TEST_POSTGRES_URL is not set: in CI, .ci/run must start PostgreSQL with tools/postgres/start.sh and export it";
  } else if (url === "") {
    const state = mkdtempSync(join(tmpdir(), "mlskit-pg-"));
    try {
      const out = execFileSync("bash", [resolve(root, "tools/postgres/start.sh"), state], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      url = out.trim().split("\n").at(-1) ?? "";
      stop = () =>
        execFileSync("bash", [resolve(root, "tools/postgres/stop.sh"), state], { stdio: "inherit" });
    } catch (e) {
      problem = `could not start a local PostgreSQL with tools/postgres/start.sh: ${(e as Error).message}`;
    }
  }
  project.provide("postgresUrl", url);
  project.provide("postgresProblem", problem);
  return () => stop();
}
