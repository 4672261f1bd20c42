/**
 * @module conformance.test
 * The key store conformance kit under Node, on fake-indexeddb (one factory: every location is its
 * own database name), with 10,000 records and the corrupted-record test.
 */
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { runKeyStoreConformance } from "@mlskit/keystore/testing";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { openIndexedDbKeyStore } from "../src/index.js";
import { corruptStoredRecord } from "./cases.js";

const factory = new IDBFactory();

runKeyStoreConformance(
  { describe, it, expect },
  {
    name: "indexeddb (fake-indexeddb, Node)",
    provider: nobleCryptoProvider,
    open: ({ location, ...opts }) =>
      openIndexedDbKeyStore({ name: location, indexedDB: factory, IDBKeyRange, ...opts }),
    corruptKeyPackage: (location, ref) => corruptStoredRecord(factory, location, ref),
    manyRecords: 10_000,
  },
);
