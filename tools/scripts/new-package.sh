#!/usr/bin/env bash
# usage: mkpkg.sh <name> <description> [deps as name@ver ...]
name=$1; desc=$2; shift 2
dir=packages/$name
mkdir -p $dir/src $dir/test
node - "$name" "$desc" "$@" <<'JS'
const fs = require("fs");
const [name, desc, ...deps] = process.argv.slice(2);
const dir = `packages/${name}`;
const dependencies = {};
for (const d of deps) { const i = d.lastIndexOf("@"); dependencies[d.slice(0, i)] = d.slice(i + 1); }
const exp = (src, out) => ({ source: `./src/${src}.ts`, types: `./dist/${out}.d.ts`, default: `./dist/${out}.js` });
const pkg = {
  name: `@mlskit/${name}`, version: "0.0.0", description: desc, license: "MIT", type: "module",
  sideEffects: false, engines: { node: ">=20.19" },
  exports: { ".": exp("index", "index") },
  types: "./dist/index.d.ts",
  files: ["dist", "!dist/.tsbuildinfo", "src", "README.md", "LICENSE"],
  publishConfig: { access: "public", exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } } },
  scripts: { build: "tsc -b", typecheck: "tsc -b" },
  dependencies,
  repository: { type: "git", url: "git+https://example.invalid/mlskit.git", directory: dir },
  keywords: ["mls", "rfc9420", "key-package"],
};
fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
const refs = Object.keys(dependencies).filter((d) => d.startsWith("@mlskit/")).map((d) => ({ path: `../${d.slice(8)}` }));
fs.writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/.tsbuildinfo" }, include: ["src"], references: refs }, null, 2) + "\n");
const root = JSON.parse(fs.readFileSync("tsconfig.json", "utf8"));
if (!root.references.some((r) => r.path === `./${dir}`)) root.references.push({ path: `./${dir}` });
fs.writeFileSync("tsconfig.json", JSON.stringify(root, null, 2) + "\n");
JS
