import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { describe, expect, it } from "vitest";
import { createKeyPackageStore } from "../src/index.js";
import { runKeyStoreConformance } from "../src/testing.js";
import { createListBackend, type ListBackend } from "./list-backend.js";

// The kit run against the naive list backend: no countKeyPackages, linear scans.
const backends = new Map<string, ListBackend>();
const at = (location: string): ListBackend => {
  if (!backends.has(location)) backends.set(location, createListBackend());
  return backends.get(location)!;
};

runKeyStoreConformance(
  { describe, it, expect },
  {
    name: "list backend",
    provider: nobleCryptoProvider,
    manyRecords: 1000, // the naive backend is O(n) per call; the real backends run 10,000
    open: ({ location, ...opts }) => createKeyPackageStore(at(location), opts),
    async corruptKeyPackage(location, ref) {
      const row = at(location).rows.find((r) => r.ref.every((b, i) => b === ref[i]))!;
      const record = row.record.slice(0, row.record.length - 3);
      at(location).rows = at(location).rows.map((r) => (r === row ? { ...r, record } : r));
    },
  },
);
