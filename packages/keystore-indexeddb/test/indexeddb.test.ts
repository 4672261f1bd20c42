/**
 * @module indexeddb.test
 * The shared IndexedDB tests under Node on fake-indexeddb, and what only Node can check: the
 * defaults taken from `globalThis` and a runtime without IndexedDB.
 */
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openIndexedDbKeyStore } from "../src/index.js";
import { defineIndexedDbTests } from "./cases.js";

let n = 0;
defineIndexedDbTests({
  label: "fake-indexeddb",
  indexedDB: new IDBFactory(),
  IDBKeyRange,
  dbName: (tag) => `t${++n}-${tag}`,
  provider: nobleCryptoProvider,
  numRuns: 60,
});

describe("IndexedDB key store defaults (Node)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("uses globalThis.indexedDB and globalThis.IDBKeyRange when none are given", async () => {
    const factory = new IDBFactory();
    vi.stubGlobal("indexedDB", factory);
    vi.stubGlobal("IDBKeyRange", IDBKeyRange);
    const store = await openIndexedDbKeyStore({ name: "from-globals" });
    expect(await store.count({ validAt: 1n })).toBe(0);
    await store.close();
    expect((await factory.databases()).map((d) => d.name)).toEqual(["from-globals"]);
  });

  it("without IndexedDB in the runtime, a TypeError says to pass one", async () => {
    expect(typeof (globalThis as { indexedDB?: unknown }).indexedDB).toBe("undefined");
    const e = await openIndexedDbKeyStore({ name: "nowhere" }).catch((x: unknown) => x);
    expect(e instanceof TypeError && e.message.includes("indexedDB")).toBe(true);
    const f = await openIndexedDbKeyStore({ name: "nowhere", indexedDB: new IDBFactory() }).catch(
      (x: unknown) => x,
    );
    expect(f instanceof TypeError && f.message.includes("IDBKeyRange")).toBe(true);
  });
});
