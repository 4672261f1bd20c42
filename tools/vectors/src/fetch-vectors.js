#!/usr/bin/env node
// Downloads the pinned official MLS test vectors listed in MANIFEST.json (commit + sha256) into
// MLS_VECTORS_DIR (default ../shared/vectors/mls). For people outside this repository's
// workspace; it verifies every file's sha256 and refuses a mismatch.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const configured = process.env.MLS_VECTORS_DIR || "../shared/vectors/mls";
const dir = isAbsolute(configured) ? configured : resolve(root, configured);
const manifestPath = existsSync(join(dir, "MANIFEST.json"))
  ? join(dir, "MANIFEST.json")
  : join(here, "MANIFEST.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const repo = "mlswg/mls-implementations";
mkdirSync(dir, { recursive: true });
for (const [file, { sha256 }] of Object.entries(manifest.files)) {
  const target = join(dir, file);
  if (existsSync(target) && createHash("sha256").update(readFileSync(target)).digest("hex") === sha256) {
    console.log(`ok       ${file}`);
    continue;
  }
  const url = `https://raw.githubusercontent.com/${repo}/${manifest.commit}/test-vectors/${file}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const got = createHash("sha256").update(body).digest("hex");
  if (got !== sha256) throw new Error(`${file}: sha256 ${got} does not match the pinned ${sha256}`);
  writeFileSync(target, body);
  console.log(`fetched  ${file}`);
}
if (!existsSync(join(dir, "MANIFEST.json")))
  writeFileSync(join(dir, "MANIFEST.json"), JSON.stringify(manifest, null, 2));
