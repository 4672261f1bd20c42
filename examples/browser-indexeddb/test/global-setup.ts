import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

// Vite bundles the page from the packages' built dist/, as it would from npm.
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  const packages = ["credentials", "crypto-provider-webcrypto", "key-packages", "keystore-indexeddb"];
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-b", ...packages.map((p) => `packages/${p}`)],
    { cwd: root, stdio: "inherit" },
  );
}
