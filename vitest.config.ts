import { existsSync, readdirSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
// By path, not by package name: the config is bundled and loaded by Node before the "source"
// condition applies, and the package's built entry may not exist yet.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tools/test-kit/src/chromium.ts";
import { vectorsDir } from "./tools/vectors/src/index.ts";

// Tests run on sources: the "source" export condition points each workspace package at src/*.ts.
const dirs = ["packages", "tools", "examples"].flatMap((group) =>
  existsSync(group)
    ? readdirSync(group, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`${group}/${d.name}/test`))
        .map((d) => `${group}/${d.name}`)
    : [],
);

// Browser tests read the official vectors as `import cases from "mls-vectors/<file>.json"`: the
// alias is the folder the one loader (@mlskit/test-vectors) reads, so MLS_VECTORS_DIR works here too.
const vectors = vectorsDir();

// Browser tests need a real Chromium (Debian's package; no tool downloads one). CI always runs
// them (and fails loudly without it); elsewhere they are left out, with a warning, when there is
// no browser, so that `pnpm test` works on a machine that has only Node.
const chromium = CHROMIUM_PATH;
const withBrowser = existsSync(chromium) || process.env.CI === "true";
const warned = globalThis as { mlskitBrowserWarned?: boolean };
if (!withBrowser && warned.mlskitBrowserWarned !== true) {
  warned.mlskitBrowserWarned = true;
  console.warn(
    `vitest: ${chromium} not found — browser tests skipped (apt-get install chromium, or set MLSKIT_CHROMIUM)`,
  );
}

export default defineConfig({
  resolve: { conditions: ["source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    projects: [
      ...dirs.map((root) => ({
        extends: true,
        test: {
          name: root.split("/")[1]!,
          root,
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.browser.test.ts"],
          environment: "node",
          // A package whose tests need built output or a service has a test/global-setup.ts.
          globalSetup: existsSync(`${root}/test/global-setup.ts`) ? ["test/global-setup.ts"] : [],
          testTimeout: 60_000,
        },
      })),
      ...(withBrowser ? [browserProject()] : []),
    ],
  },
});

function browserProject() {
  return {
    extends: true,
    resolve: { conditions: ["source", ...defaultClientConditions], alias: { "mls-vectors": vectors } },
    server: { fs: { allow: [".", vectors] } },
    // Pre-bundle CommonJS-heavy dependencies up front: a re-bundle in the middle of a run
    // reloads the page and fails the test file that triggered it. They are credentials-x509's
    // dependencies, named through it (the root lists it so that Vite can resolve them).
    optimizeDeps: { include: ["@mlskit/credentials-x509 > pkijs", "@mlskit/credentials-x509 > asn1js"] },
    test: {
      name: "browser",
      include: ["packages/*/test/**/*.browser.test.ts"],
      testTimeout: 60_000,
      // Real headless Chromium from Debian (/usr/bin/chromium); no tool downloads a browser.
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: chromium,
            args: [...CHROMIUM_ARGS],
          },
        }),
        instances: [{ browser: "chromium" as const }],
      },
    },
  };
}
