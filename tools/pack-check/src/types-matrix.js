// @ts-check
/**
 * @module types-matrix
 * The TypeScript setups a consumer of the published packages may have, and a type check of the
 * installed `.d.ts` files in each: `strict`, `skipLibCheck: false`, target and lib ES2022, with
 * module `node16`, `nodenext` and `bundler`, with and without the DOM lib, with and without
 * `@types/node` — twelve setups — plus two where `using` must work on a key package bundle
 * (lib `esnext.disposable`, or `@types/node`, which declares `Symbol.dispose` itself).
 *
 * The consumer imports every entry point of every package (a namespace import pulls in all of
 * its declarations) and uses the main API. Entry points that run only on Node (a server, a
 * CLI, worker threads, `node:crypto`) may need `@types/node`: they are checked in the six
 * setups that have it and left out of the other six. Everything else must check everywhere:
 * no DOM global (`SubtleCrypto`, `CryptoKey`, `IDBFactory`) and no Node type in its public
 * declarations, and no `Symbol.dispose` that needs a lib the consumer may not have.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Entry points whose declarations may name Node's own types, because they exist only on Node:
 * the command-line tool, the directory server (Fastify's types need `@types/node`) and the
 * key-package worker pool (`node:worker_threads`). Every other entry point must type-check
 * without `@types/node`.
 */
export const NODE_ONLY_ENTRY_POINTS = Object.freeze([
  "@mlskit/cli",
  "@mlskit/directory",
  "@mlskit/key-packages/node",
]);

/**
 * One consumer setup.
 * @typedef {{
 *   name: string;
 *   module: "Node16" | "NodeNext" | "ESNext";
 *   moduleResolution: "Node16" | "NodeNext" | "Bundler";
 *   lib: readonly string[];
 *   nodeTypes: boolean;
 *   using: boolean;
 * }} TypeSetup
 */

/** @type {readonly { module: TypeSetup["module"]; moduleResolution: TypeSetup["moduleResolution"]; label: string }[]} */
const MODULES = [
  { module: "Node16", moduleResolution: "Node16", label: "node16" },
  { module: "NodeNext", moduleResolution: "NodeNext", label: "nodenext" },
  { module: "ESNext", moduleResolution: "Bundler", label: "bundler" },
];

/** @type {readonly TypeSetup[]} */
export const TYPE_SETUPS = Object.freeze([
  ...MODULES.flatMap((m) =>
    [false, true].flatMap((dom) =>
      [false, true].map((nodeTypes) => ({
        name: `${m.label}, lib es2022${dom ? " + dom" : ""}, ${nodeTypes ? "with" : "without"} @types/node`,
        module: m.module,
        moduleResolution: m.moduleResolution,
        lib: dom ? ["ES2022", "DOM"] : ["ES2022"],
        nodeTypes,
        using: false,
      })),
    ),
  ),
  {
    name: "nodenext, lib es2022 + esnext.disposable, without @types/node, `using` a bundle",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "ESNext.Disposable"],
    nodeTypes: false,
    using: true,
  },
  {
    name: "bundler, lib es2022, with @types/node, `using` a bundle",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022"],
    nodeTypes: true,
    using: true,
  },
]);

/**
 * The entry points of a package, from its manifest's `exports` (`"."` → the package name).
 * @param {Record<string, any>} manifest a package.json: `name` and, optionally, `exports`
 * @returns {string[]}
 */
export function entryPointsOf(manifest) {
  return Object.keys(manifest.exports ?? { ".": null })
    .filter((k) => k === "." || (k.startsWith("./") && !k.includes("*") && !k.endsWith(".json")))
    .map((k) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`));
}

/**
 * The consumer's source: a namespace import of every entry point, and a few lines of the main
 * API (create a key package, store it, validate it; with `using`, dispose a bundle by scope).
 * @param {readonly string[]} entryPoints
 * @param {{ using: boolean }} opts
 * @returns {string}
 */
export function consumerSource(entryPoints, opts) {
  const imports = entryPoints.map((e, i) => `import * as m${i} from "${e}";`);
  return [
    ...imports,
    `export const modules = [${entryPoints.map((_, i) => `m${i}`).join(", ")}] as const;`,
    'import { basicCredential } from "@mlskit/credentials";',
    'import { CipherSuite, type CryptoProvider } from "@mlskit/crypto-provider";',
    'import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";',
    'import { createKeyPackage, type KeyPackage, validateKeyPackage } from "@mlskit/key-packages";',
    'import type { KeyPackageStore } from "@mlskit/keystore";',
    'import { createMemoryKeyStore } from "@mlskit/keystore-memory";',
    "const provider: CryptoProvider = createWebCryptoProvider();",
    "const suite = await provider.getCipherSuite(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);",
    "const signatureKeyPair = await suite.signature.generateKeyPair();",
    "const make = () =>",
    '  createKeyPackage({ provider, cipherSuite: suite.id, credential: basicCredential("a"), signatureKeyPair });',
    "const bundle = await make();",
    "const store: KeyPackageStore = await createMemoryKeyStore();",
    "await store.put(bundle);",
    "const kp: KeyPackage = await validateKeyPackage(bundle.keyPackage, { provider });",
    "export const notAfter: bigint = kp.leafNode.lifetime?.notAfter ?? 0n;",
    "bundle.dispose();",
    ...(opts.using
      ? [
          "export const refs: Uint8Array[] = [];",
          "{",
          "  using scoped = await make();",
          "  refs.push(scoped.ref);",
          "}",
        ]
      : []),
  ].join("\n");
}

/**
 * The tsconfig.json of one setup.
 * @param {TypeSetup} setup
 * @param {string} file - the consumer file
 * @param {string} nodeTypesRoot - a folder holding `node/` (an `@types/node` install)
 * @returns {object}
 */
export function tsconfigFor(setup, file, nodeTypesRoot) {
  return {
    compilerOptions: {
      target: "ES2022",
      module: setup.module,
      moduleResolution: setup.moduleResolution,
      lib: setup.lib,
      ...(setup.nodeTypes ? { typeRoots: [nodeTypesRoot], types: ["node"] } : { types: [] }),
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: [file],
  };
}

/**
 * Type-check the consumer of one setup in `project` (where the tarballs are installed, without
 * `@types/node` in its node_modules).
 * @param {object} args
 * @param {string} args.project - the consumer project folder
 * @param {TypeSetup} args.setup
 * @param {readonly { entry: string; nodeOnly: boolean }[]} args.entryPoints
 * @param {string} args.tsc - path of TypeScript's `bin/tsc`
 * @param {string} args.nodeTypesRoot - folder with an `@types/node` install as `node/`
 * @param {(entries: readonly string[], setup: TypeSetup) => string} [args.source] - the
 *   consumer's source (default {@link consumerSource})
 * @param {Record<string, string | undefined>} [args.env]
 * @returns {Promise<string[]>} tsc's error lines (empty when the setup checks)
 */
export async function checkTypeSetup({
  project,
  setup,
  entryPoints,
  tsc,
  nodeTypesRoot,
  source = consumerSource,
  env,
}) {
  const slug = setup.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
  const entries = entryPoints.filter((e) => setup.nodeTypes || !e.nodeOnly).map((e) => e.entry);
  const file = `consumer-${slug}.ts`;
  writeFileSync(join(project, file), source(entries, setup));
  const config = `tsconfig-${slug}.json`;
  writeFileSync(join(project, config), JSON.stringify(tsconfigFor(setup, file, nodeTypesRoot), null, 2));
  try {
    await run(process.execPath, [tsc, "-p", config, "--pretty", "false"], {
      cwd: project,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return [];
  } catch (e) {
    const err = /** @type {{ stdout?: string; message: string }} */ (e);
    const lines = (err.stdout ?? "").split("\n").filter((l) => /error TS\d+/.test(l));
    return lines.length > 0 ? lines : [err.message];
  }
}

/**
 * Type-check every setup, a few at a time (each is one `tsc` process).
 * @param {Omit<Parameters<typeof checkTypeSetup>[0], "setup"> & { setups?: readonly TypeSetup[]; concurrency?: number }} args
 * @returns {Promise<Map<string, string[]>>} setup name → tsc's error lines
 */
export async function checkTypeMatrix({ setups = TYPE_SETUPS, concurrency = 2, ...args }) {
  /** @type {Map<string, string[]>} */
  const results = new Map();
  const queue = [...setups];
  const worker = async () => {
    for (let setup = queue.shift(); setup !== undefined; setup = queue.shift()) {
      results.set(setup.name, await checkTypeSetup({ ...args, setup }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}
