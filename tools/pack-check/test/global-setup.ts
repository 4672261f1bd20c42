import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { publishablePackages } from "../src/pack-check.js";

// The smoke test packs built packages: build every publishable one (tsc -b, incremental).
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  const dirs = publishablePackages(root).map((p) => p.dir);
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-b", ...dirs], {
    cwd: root,
    stdio: "inherit",
  });
}
