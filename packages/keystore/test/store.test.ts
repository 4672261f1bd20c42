import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createKeyPackages, type KeyPackageBundle } from "@mlskit/key-packages";
import { mlsErrorOf } from "@mlskit/test-kit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compareBytes,
  createKeyPackageStore,
  type KeyPackageSummary,
  KeyStoreErrorCode,
  matchesKeyPackageQuery,
} from "../src/index.js";
import { createListBackend } from "./list-backend.js";

let bundles: KeyPackageBundle[];
beforeAll(async () => {
  const suite = await nobleCryptoProvider.getCipherSuite(1);
  bundles = await createKeyPackages({
    provider: nobleCryptoProvider,
    cipherSuite: 1,
    credential: basicCredential("store@example.com"),
    signatureKeyPair: await suite.signature.generateKeyPair(),
    lifetime: { notBefore: 100n, notAfter: 200n },
    count: 4,
  });
});

describe("compareBytes and matchesKeyPackageQuery", () => {
  it("orders bytes as unsigned, prefix first", () => {
    const b = (...x: number[]) => Uint8Array.from(x);
    expect(compareBytes(b(1, 2), b(1, 2))).toBe(0);
    expect(compareBytes(b(1), b(1, 0)) < 0).toBe(true);
    expect(compareBytes(b(0x80), b(0x7f)) > 0).toBe(true);
    expect(compareBytes(b(), b(0)) < 0).toBe(true);
  });

  it("matches each field and their conjunction", () => {
    const e: KeyPackageSummary = {
      ref: Uint8Array.of(1),
      cipherSuite: 1,
      notBefore: 10n,
      notAfter: 20n,
      lastResort: false,
      signatureKey: Uint8Array.of(9, 9),
      createdAt: 5n,
    };
    const yes = [
      {},
      { cipherSuite: 1 },
      { validAt: 10n },
      { validAt: 20n },
      { expiredAt: 21n },
      { lastResort: false },
    ];
    const no = [
      { cipherSuite: 2 },
      { validAt: 9n },
      { validAt: 21n },
      { expiredAt: 20n },
      { lastResort: true },
      { signatureKey: Uint8Array.of(9) },
      { cipherSuite: 1, lastResort: true },
    ];
    for (const q of yes) expect(matchesKeyPackageQuery(e, q)).toBe(true);
    for (const q of no) expect(matchesKeyPackageQuery(e, q)).toBe(false);
    expect(matchesKeyPackageQuery(e, { signatureKey: Uint8Array.of(9, 9), validAt: 15n })).toBe(true);
  });
});

describe("createKeyPackageStore", () => {
  it("wraps backend failures in STORE_BACKEND_FAILURE with the cause, and recovers when the backend does", async () => {
    const backend = createListBackend();
    const store = await createKeyPackageStore(backend);
    await store.put(bundles[0]!);
    backend.failing = true;
    const calls = [
      () => store.get(bundles[0]!.ref),
      () => store.put(bundles[1]!),
      () => store.count(),
      () => store.take(bundles[0]!.ref),
    ];
    for (const call of calls) {
      const e = await mlsErrorOf(call());
      expect(e.code).toBe(KeyStoreErrorCode.backendFailure);
      expect((e.cause as Error).message).toBe("disk on fire");
    }
    backend.failing = false;
    expect(toHex((await store.take(bundles[0]!.ref))!.ref)).toBe(toHex(bundles[0]!.ref));
    await store.close();
  });

  it("closes the backend when opening fails, and exactly once on close", async () => {
    const backend = createListBackend();
    const key = new Uint8Array(32).fill(1);
    await (await createKeyPackageStore(backend, { encryptionKey: key })).close();
    expect(backend.closed).toBe(1);
    const e = await mlsErrorOf(createKeyPackageStore(backend, { encryptionKey: new Uint8Array(32).fill(2) }));
    expect(e.code).toBe(KeyStoreErrorCode.wrongEncryptionKey);
    expect(backend.closed).toBe(2);
    const store = await createKeyPackageStore(backend, { encryptionKey: key });
    await Promise.all([store.close(), store.close()]);
    expect(backend.closed).toBe(3);
  });

  it("a failing backend while opening gives STORE_BACKEND_FAILURE", async () => {
    const backend = createListBackend();
    backend.failing = true;
    expect((await mlsErrorOf(createKeyPackageStore(backend))).code).toBe(KeyStoreErrorCode.backendFailure);
  });

  it("rekey waits for running operations and runs alone; operations started meanwhile see the new key", async () => {
    const backend = createListBackend();
    const store = await createKeyPackageStore(backend, { encryptionKey: new Uint8Array(32).fill(3) });
    await store.putMany(bundles);
    const newKey = new Uint8Array(32).fill(4);
    const results = await Promise.all([
      store.get(bundles[0]!.ref),
      store.rekey(newKey),
      store.put(bundles[1]!),
      store.take(bundles[2]!.ref),
      store.count(),
    ]);
    expect(results[0]?.ref).toEqual(bundles[0]!.ref);
    expect(results[3]?.ref).toEqual(bundles[2]!.ref);
    await store.close();
    const again = await createKeyPackageStore(backend, { encryptionKey: newKey });
    expect(await again.count()).toBe(3);
    for (const b of [bundles[0]!, bundles[1]!, bundles[3]!]) {
      expect(toHex((await again.get(b.ref))!.initPrivateKey)).toBe(toHex(b.initPrivateKey));
    }
    await again.close();
  });

  it("an unreadable record aborts rekey with nothing changed", async () => {
    const backend = createListBackend();
    const oldKey = new Uint8Array(32).fill(5);
    const store = await createKeyPackageStore(backend, { encryptionKey: oldKey });
    await store.putMany(bundles);
    const victim = backend.rows[1]!;
    backend.rows[1] = { ...victim, record: victim.record.slice(0, -1) };
    const e = await mlsErrorOf(store.rekey(new Uint8Array(32).fill(6)));
    expect(e.code).toBe(KeyStoreErrorCode.corruptRecord);
    expect(e.details.ref).toBe(toHex(victim.ref));
    await store.close();
    const again = await createKeyPackageStore(backend, { encryptionKey: oldKey });
    const readable = backend.rows.filter((r) => r !== backend.rows[1]);
    for (const r of readable) expect((await again.get(r.ref)) !== undefined).toBe(true);
    await again.close();
  });

  it("refuses a non-backend and a clock that is not a function", async () => {
    await expect(createKeyPackageStore({} as never)).rejects.toThrow(TypeError);
    await expect(createKeyPackageStore(createListBackend(), { now: 5 as never })).rejects.toThrow(TypeError);
  });
});
