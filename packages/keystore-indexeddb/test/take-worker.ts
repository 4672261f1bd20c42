/**
 * @module take-worker
 * A dedicated worker for the cross-context races in indexeddb.browser.test.ts: it opens the named
 * store on its own IndexedDB connection and says `ready`; on `go` it takes every given ref at once
 * (or, with `reserve: true`, reserves each and commits what it won) and posts back which it got.
 */
import type { KeyPackageStore } from "@mlskit/keystore";
import { openIndexedDbKeyStore } from "../src/index.js";

let store: KeyPackageStore | undefined;

self.onmessage = async (event: MessageEvent<{ open?: string; go?: Uint8Array[]; reserve?: boolean }>) => {
  try {
    if (event.data.open !== undefined) {
      store = await openIndexedDbKeyStore({ name: event.data.open });
      self.postMessage({ ready: true });
    } else if (event.data.go !== undefined && store !== undefined) {
      const s = store;
      const got = await Promise.all(
        event.data.go.map(async (ref) => {
          if (event.data.reserve !== true) return (await s.take(ref)) !== undefined;
          const r = await s.reserve(ref);
          await r?.commit();
          return r !== undefined;
        }),
      );
      await s.close();
      self.postMessage({ got });
    }
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
