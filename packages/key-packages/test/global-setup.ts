import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

// The worker pool's tests start real worker threads, which run built JavaScript: the pool's
// worker (dist/node/) and the provider they load (crypto-provider-noble's dist/).
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  execFileSync(
    process.execPath,
    [
      resolve(root, "node_modules/typescript/bin/tsc"),
      "-b",
      "packages/key-packages",
      "packages/crypto-provider-noble",
    ],
    { cwd: root, stdio: "inherit" },
  );
}
