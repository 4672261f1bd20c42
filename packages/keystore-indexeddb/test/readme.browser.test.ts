/**
 * @module readme.browser.test
 * The README's browser example: the README shows `readme-example.ts` verbatim, and that module
 * runs here, in headless Chromium, as an app would run it.
 */
import { afterAll, expect, it } from "vitest";
import readme from "../README.md?raw";
import { openIndexedDbKeyStore } from "../src/index.js";
import { deleteDatabase } from "./cases.js";
import example from "./readme-example.ts?raw";

const between = (text: string, start: string, end: string): string =>
  text.slice(text.indexOf(start) + start.length, text.indexOf(end)).trim();

afterAll(async () => {
  await deleteDatabase(indexedDB, "alice-keys");
  localStorage.removeItem("mlskit-salt");
});

it("the README shows readme-example.ts verbatim", () => {
  const code = example.slice(example.indexOf("// --- README ---") + "// --- README ---".length).trim();
  expect(between(readme, "<!-- example -->\n```ts", "```\n<!-- /example -->")).toBe(code);
});

it("the README example runs in the browser: 20 packages stored, one taken, the rest kept encrypted", async () => {
  const logs: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logs.push(args);
  try {
    await import("./readme-example.js");
  } finally {
    console.log = log;
  }
  expect(logs).toEqual([[20, 32, 19]]);
  const e = await openIndexedDbKeyStore({ name: "alice-keys" }).catch((x: unknown) => x);
  expect((e as { code?: string }).code).toBe("STORE_ENCRYPTION_KEY_REQUIRED");
});
