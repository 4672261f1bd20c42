#!/usr/bin/env node
// @ts-check
// `pnpm layers`: exits 1 and lists every violation of the layer rules (see layers.js).
import { resolve } from "node:path";
import { checkLayers } from "./layers.js";

const root = resolve(process.argv[2] ?? ".");
const violations = checkLayers(root);
if (violations.length > 0) {
  console.error(`layer check: ${violations.length} violation(s)`);
  for (const v of violations) console.error(`  - ${v}`);
  process.exit(1);
}
console.log("layer check: ok");
