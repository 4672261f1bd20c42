import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

// The tests drive the real binary, which runs the built dist/ of the CLI and its dependencies.
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-b", "packages/cli"], {
    cwd: root,
    stdio: "inherit",
  });
}
