import { existsSync, readdirSync } from "node:fs";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests run on sources: the "source" export condition points each workspace package at src/*.ts.
const dirs = ["packages", "tools", "examples"].flatMap((group) =>
  existsSync(group)
    ? readdirSync(group, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`${group}/${d.name}/test`))
        .map((d) => `${group}/${d.name}`)
    : [],
);

export default defineConfig({
  resolve: { conditions: ["source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    projects: dirs.map((root) => ({
      extends: true,
      test: {
        name: root.split("/")[1]!,
        root,
        include: ["test/**/*.test.ts"],
        exclude: ["test/**/*.browser.test.ts"],
        environment: "node",
        // A package whose tests need built output (child processes) has a test/global-setup.ts.
        globalSetup: existsSync(`${root}/test/global-setup.ts`) ? ["test/global-setup.ts"] : [],
        testTimeout: 60_000,
      },
    })),
  },
});
