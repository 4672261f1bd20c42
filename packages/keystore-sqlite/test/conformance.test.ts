import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { runKeyStoreConformance } from "@mlskit/keystore/testing";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteKeyStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "mlskit-sqlite-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pathOf = (location: string) => join(dir, `${location}.db`);

/** Flip one byte in the middle of the stored record (the store must notice). */
function corrupt(path: string, ref: Uint8Array): void {
  const db = new Database(path);
  try {
    const row = db.prepare("SELECT record FROM key_packages WHERE ref = ?").get(ref) as { record: Buffer };
    const record = Uint8Array.from(row.record);
    record[Math.floor(record.length / 2)]! ^= 0x01;
    db.prepare("UPDATE key_packages SET record = ? WHERE ref = ?").run(record, ref);
  } finally {
    db.close();
  }
}

for (const synchronous of ["full", "normal"] as const) {
  runKeyStoreConformance(
    { describe, it, expect },
    {
      name: `sqlite (synchronous=${synchronous})`,
      provider: nobleCryptoProvider,
      open: ({ location, ...opts }) =>
        openSqliteKeyStore({ path: pathOf(`${synchronous}-${location}`), synchronous, ...opts }),
      corruptKeyPackage: async (location, ref) => corrupt(pathOf(`${synchronous}-${location}`), ref),
    },
  );
}
