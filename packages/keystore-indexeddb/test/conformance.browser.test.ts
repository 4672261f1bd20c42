/**
 * @module conformance.browser.test
 * The key store conformance kit in real headless Chromium (the `browser` vitest project), on the
 * browser's own IndexedDB, with key packages made by the WebCrypto provider, the corrupted-record
 * test and 10,000 records. Each run uses database names of its own and deletes them afterwards.
 */
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { runKeyStoreConformance } from "@mlskit/keystore/testing";
import { afterAll, describe, expect, it } from "vitest";
import { openIndexedDbKeyStore } from "../src/index.js";
import { corruptStoredRecord, deleteDatabase } from "./cases.js";

const prefix = `mlskit-conformance-${crypto.randomUUID()}-`;
const nameOf = (location: string): string => prefix + location;

afterAll(async () => {
  for (const { name } of await indexedDB.databases()) {
    if (name?.startsWith(prefix)) await deleteDatabase(indexedDB, name);
  }
});

runKeyStoreConformance(
  { describe, it, expect },
  {
    name: "indexeddb (Chromium)",
    provider: createWebCryptoProvider(),
    open: ({ location, ...opts }) => openIndexedDbKeyStore({ name: nameOf(location), ...opts }),
    corruptKeyPackage: (location, ref) => corruptStoredRecord(indexedDB, nameOf(location), ref),
    manyRecords: 10_000,
  },
);
