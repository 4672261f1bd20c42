import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

// The example runs on the built dist/ of the packages it imports, as an app would.
export default function setup(): void {
  const root = resolve(__dirname, "../../..");
  const packages = [
    "credentials",
    "crypto-provider-webcrypto",
    "key-packages",
    "keystore-memory",
    "keystore-sqlite",
  ];
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-b", ...packages.map((p) => `packages/${p}`)],
    { cwd: root, stdio: "inherit" },
  );
}
