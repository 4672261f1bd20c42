import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { SMOKE_PACKAGES } from "./smoke-packages.js";

// The smoke test packs built packages: build the ones it installs (tsc -b, incremental).
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  const dirs = SMOKE_PACKAGES.map((name) => `packages/${name.slice("@mlskit/".length)}`);
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-b", ...dirs], {
    cwd: root,
    stdio: "inherit",
  });
}
