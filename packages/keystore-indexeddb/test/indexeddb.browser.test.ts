/**
 * @module indexeddb.browser.test
 * The shared IndexedDB tests in real headless Chromium, on the browser's own IndexedDB and
 * WebCrypto, a check that this really is a browser page, and take and reserve races between the
 * page and two dedicated workers (three IndexedDB connections in three contexts).
 */

import { basicCredential } from "@mlskit/credentials";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { createKeyPackages } from "@mlskit/key-packages";
import { afterAll, describe, expect, it } from "vitest";
import { openIndexedDbKeyStore } from "../src/index.js";
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

describe("take and reserve across contexts", () => {
  for (const mode of ["take", "reserve"] as const) {
    it(`a page and two workers race to ${mode} the same refs: exactly one context gets each bundle`, async () => {
      const provider = createWebCryptoProvider();
      const suite = await provider.getCipherSuite(1);
      const bundles = await createKeyPackages({
        provider,
        cipherSuite: 1,
        credential: basicCredential("race@example.com"),
        signatureKeyPair: await suite.signature.generateKeyPair(),
        count: 30,
      });
      const name = `${prefix}workers-${mode}`;
      const store = await openIndexedDbKeyStore({ name });
      await store.putMany(bundles);
      const refs = bundles.map((b) => b.ref);
      // Each worker opens its own connection first; then all three take every ref at once.
      const workers = [0, 1].map(
        () => new Worker(new URL("./take-worker.ts", import.meta.url), { type: "module" }),
      );
      const reply = (w: Worker) =>
        new Promise<{ ready?: boolean; got?: boolean[] }>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<{ ready?: boolean; got?: boolean[]; error?: string }>) =>
            e.data.error === undefined ? resolve(e.data) : reject(new Error(e.data.error));
          w.onerror = (e) => reject(new Error(e.message));
        });
      const ready = workers.map(reply);
      for (const w of workers) w.postMessage({ open: name });
      await Promise.all(ready);
      const results = workers.map(reply);
      // Different orders (forward here, backward and from the middle in the workers) so that the
      // contexts meet on the same refs wherever one of them is slower to start.
      const orders = [[...refs.keys()].reverse(), [...refs.keys()].map((i) => (i + 15) % refs.length)];
      workers.forEach((w, k) => {
        w.postMessage({ go: orders[k]!.map((i) => refs[i]!), reserve: mode === "reserve" });
      });
      const here = await Promise.all(
        refs.map(async (ref) => {
          if (mode === "take") return (await store.take(ref)) !== undefined;
          const r = await store.reserve(ref);
          await r?.commit();
          return r !== undefined;
        }),
      );
      const [a, b] = (await Promise.all(results)).map((r, k) => {
        const got: boolean[] = [];
        orders[k]!.forEach((i, j) => {
          got[i] = r.got![j]!;
        });
        return got;
      });
      for (const w of workers) w.terminate();
      const winners = refs.map((_, i) => [a[i], b[i], here[i]].filter((x) => x === true).length);
      expect(winners).toEqual(refs.map(() => 1));
      expect(await store.count()).toBe(0);
      await store.close();
    });
  }
});

defineIndexedDbTests({
  label: "Chromium",
  indexedDB,
  IDBKeyRange,
  dbName: (tag) => `${prefix}${++n}-${tag}`,
  provider: createWebCryptoProvider(),
  numRuns: 25,
});
