import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import type { KeyStoreBackend } from "@mlskit/keystore";
import { runKeyStoreConformance } from "@mlskit/keystore/testing";
import { describe, expect, it } from "vitest";
import { createMemoryKeyStore, createMemoryKeyStoreBackend } from "../src/index.js";

const backends = new Map<string, KeyStoreBackend>();
const backendAt = (location: string): KeyStoreBackend => {
  let b = backends.get(location);
  if (b === undefined) {
    b = createMemoryKeyStoreBackend();
    backends.set(location, b);
  }
  return b;
};

runKeyStoreConformance(
  { describe, it, expect },
  {
    name: "memory",
    provider: nobleCryptoProvider,
    open: ({ location, ...opts }) => createMemoryKeyStore({ ...opts, backend: backendAt(location) }),
    async corruptKeyPackage(location, ref) {
      const backend = backendAt(location);
      const row = await backend.getKeyPackage(ref);
      if (row === undefined) throw new Error("no such record");
      const record = row.record.slice();
      record[record.length - 5]! ^= 0xff;
      await backend.putKeyPackages([{ ...row, record }]);
    },
  },
);
