/**
 * `pnpm --silent mlskit` builds the CLI only when it must: the check that decides, on a small
 * repository of three projects (cli → lib; other stands apart), by file times — never by
 * measuring how long anything takes.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliBuildIsCurrent, projectClosure, recordCliBuild } from "../mlskit.js";

let root: string;
const project = (name: string, references: string[]) => {
  const dir = join(root, "packages", name);
  mkdirSync(join(dir, "src", "deep"), { recursive: true });
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.base.json",
      references: references.map((r) => ({ path: `../${r}` })),
    }),
  );
  writeFileSync(join(dir, "package.json"), "{}");
  writeFileSync(join(dir, "src", "deep", "index.ts"), "export {};");
};
/** Make a file look changed at `t` (ms). */
const touch = (file: string, t: number) => utimesSync(file, t / 1000, t / 1000);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "mlskit-launcher-"));
  writeFileSync(join(root, "tsconfig.base.json"), "{}");
  writeFileSync(join(root, "pnpm-lock.yaml"), "");
  project("lib", []);
  project("cli", ["lib"]);
  project("other", []);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the CLI launcher's build check", () => {
  it("follows the references of the CLI's tsconfig", () => {
    expect(projectClosure(join(root, "packages", "cli")).sort()).toEqual(
      [join(root, "packages", "cli"), join(root, "packages", "lib")].sort(),
    );
  });

  it("builds first, then not until an input of the CLI changes", () => {
    expect(cliBuildIsCurrent(root)).toBe(false);
    const builtAt = Date.now() + 10_000;
    recordCliBuild(root, builtAt);
    expect(cliBuildIsCurrent(root)).toBe(true);
    // A project the CLI does not reference changes nothing.
    touch(join(root, "packages", "other", "src", "deep", "index.ts"), builtAt + 1000);
    expect(cliBuildIsCurrent(root)).toBe(true);
    for (const changed of [
      join(root, "packages", "lib", "src", "deep", "index.ts"),
      join(root, "packages", "cli", "tsconfig.json"),
      join(root, "tsconfig.base.json"),
      join(root, "pnpm-lock.yaml"),
    ]) {
      touch(changed, builtAt + 1000);
      expect([changed, cliBuildIsCurrent(root)]).toEqual([changed, false]);
      touch(changed, builtAt - 1000);
      expect(cliBuildIsCurrent(root)).toBe(true);
    }
  });

  it("builds when an output is missing or a tsconfig cannot be read", () => {
    recordCliBuild(root, Date.now() + 10_000);
    rmSync(join(root, "packages", "lib", "dist"), { recursive: true });
    expect(cliBuildIsCurrent(root)).toBe(false);
    mkdirSync(join(root, "packages", "lib", "dist"));
    expect(cliBuildIsCurrent(root)).toBe(true);
    writeFileSync(join(root, "packages", "lib", "tsconfig.json"), "{ // a comment\n}");
    touch(join(root, "packages", "lib", "tsconfig.json"), Date.now() - 10_000);
    expect(cliBuildIsCurrent(root)).toBe(false);
  });
});
