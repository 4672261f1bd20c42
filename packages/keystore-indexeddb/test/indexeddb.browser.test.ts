/**
 * @module indexeddb.browser.test
 * The shared IndexedDB tests in real headless Chromium, on the browser's own IndexedDB and
 * WebCrypto, plus a check that this really is a browser page.
 */
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { afterAll, describe, expect, it } from "vitest";
import { defineIndexedDbTests, deleteDatabase } from "./cases.js";

const prefix = `mlskit-indexeddb-${crypto.randomUUID()}-`;
let n = 0;

afterAll(async () => {
  for (const { name } of await indexedDB.databases()) {
    if (name?.startsWith(prefix)) await deleteDatabase(indexedDB, name);
  }
});

describe("runs in a browser page", () => {
  it("has no Node globals, and the browser's own IndexedDB", () => {
    expect(typeof (globalThis as { process?: unknown }).process).toBe("undefined");
    expect(Object.prototype.toString.call(indexedDB)).toBe("[object IDBFactory]");
    expect(typeof IDBKeyRange.bound).toBe("function");
  });
});

defineIndexedDbTests({
  label: "Chromium",
  indexedDB,
  IDBKeyRange,
  dbName: (tag) => `${prefix}${++n}-${tag}`,
  provider: createWebCryptoProvider(),
  numRuns: 25,
});
