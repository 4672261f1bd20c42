/**
 * @module post-quantum.test
 * The directory with the largest post-quantum key packages (0x0906 and 0x0907: ML-KEM-1024 keys,
 * ML-DSA-87 signatures, about 15 KB each) under its default limits: a directory client's default
 * batch of 100 fits the default body limit, the batch splits, every package validates on the way
 * in, and a claimed package validates and keeps its ref; on SQLite and on PostgreSQL (whose
 * columns must carry them as well). No per-suite code: sizes come from the registry row.
 */
import { toHex } from "@mlskit/codec";
import { cipherSuiteInfo } from "@mlskit/crypto-provider";
import { claimKeyPackages, countKeyPackages, publishKeyPackages } from "@mlskit/directory-client";
import { encodeKeyPackageMessage, keyPackageRef, validateKeyPackage } from "@mlskit/key-packages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDirectoryServer,
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryServer,
  splitKeyPackageBatch,
} from "../src/index.js";
import { addTestClient, postgresBackend, provider, sqliteBackend, type TestClient } from "./helpers.js";

// The full default client batch (100 of the largest packages) once, on SQLite: the body limit and
// the framing do not depend on the store. PostgreSQL gets a few of each, to show its columns carry them.
describe.each([
  { backend: sqliteBackend, batch: 100 },
  { backend: postgresBackend, batch: 5 },
])(
  "post-quantum key packages in the directory (default limits, $backend.name)",
  ({ backend, batch: largestBatch }) => {
    let server: DirectoryServer;
    let url: string;
    let dispose: () => Promise<void>;
    let alice: TestClient;
    let bob: TestClient;

    beforeAll(async () => {
      const opened = await backend.open();
      server = createDirectoryServer({ store: opened.store, limits: { pruneIntervalSeconds: 0 } });
      url = await server.listen({ host: "127.0.0.1", port: 0 });
      dispose = async () => {
        await server.close();
        await opened.dispose();
      };
      alice = await addTestClient(opened.store, "alice", "phone");
      bob = await addTestClient(opened.store, "bob", "laptop");
    });
    afterAll(() => dispose());

    for (const [id, count] of [
      [0x0906, largestBatch],
      [0x0907, 5],
    ] as const) {
      it(`0x${id.toString(16).padStart(4, "0")}: a batch of ${count} is published, split, claimed and validated`, async () => {
        const info = cipherSuiteInfo(id)!;
        const bundles = await alice.make(count, { cipherSuite: id });
        const batch = bundles.map((b) => b.keyPackage);
        const bytes = batch.map((kp) => encodeKeyPackageMessage(kp).length);
        // 3–15 KB each (ML-DSA-87: 2,592-byte key, two 4,627-byte signatures; ML-KEM-1024: two 1,568-byte keys).
        for (const n of bytes) expect(n > 14_000 && n < 16_000).toBe(true);
        const total = bytes.reduce((a, b) => a + b, 0);
        expect(total <= DEFAULT_DIRECTORY_LIMITS.bodyLimitBytes).toBe(true);
        expect(
          splitKeyPackageBatch(new Uint8Array(batch.flatMap((kp) => [...encodeKeyPackageMessage(kp)]))),
        ).toHaveLength(count);

        const published = await publishKeyPackages({ url, token: alice.token }, batch);
        expect(published.published.map((p) => toHex(p.ref))).toEqual(bundles.map((b) => toHex(b.ref)));
        expect(await countKeyPackages({ url, token: alice.token }, { cipherSuite: id })).toMatchObject({
          count,
        });

        const { keyPackages } = await claimKeyPackages({ url, token: bob.token }, "alice", {
          cipherSuite: id,
        });
        expect(keyPackages).toHaveLength(1);
        const kp = await validateKeyPackage(keyPackages[0]!.keyPackage, {
          provider,
          expectedCipherSuite: id,
        });
        expect(kp.leafNode.signatureKey.length).toBe(info.signaturePublicKeySize);
        expect(kp.initKey.length).toBe(info.hpkePublicKeySize);
        const ref = toHex(await keyPackageRef(kp, provider));
        expect(bundles.some((b) => toHex(b.ref) === ref)).toBe(true);
      });
    }
  },
);
