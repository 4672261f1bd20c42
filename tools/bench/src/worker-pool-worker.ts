/**
 * @module worker-pool-worker
 * The worker side of {@link openKeyPackageWorkerPool}: loads the provider named in `workerData`,
 * then answers each `{ id, opts, count }` message with `createKeyPackages` on that provider and
 * posts the bundles back as bytes (encoded KeyPackage, ref, the two HPKE private keys), zeroing
 * its own copies of the private keys once posted.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { type CreateKeyPackageOptions, createKeyPackages, encodeKeyPackage } from "@mlskit/key-packages";
import type { ProviderRef, WorkerRequest, WorkerResponse } from "./worker-pool.js";

async function loadProvider(ref: ProviderRef): Promise<CryptoProvider> {
  const mod = (await import(ref.module)) as Record<string, unknown>;
  const value = mod[ref.export];
  const provider = typeof value === "function" ? (value as () => unknown)() : value;
  if (typeof (provider as CryptoProvider | undefined)?.getCipherSuite !== "function") {
    throw new TypeError(`${ref.module} export ${ref.export} is not a CryptoProvider (or a factory of one)`);
  }
  return provider as CryptoProvider;
}

const port = parentPort!;
const provider = await loadProvider(workerData as ProviderRef);
port.on("message", async ({ id, opts, count }: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const bundles = await createKeyPackages({ ...(opts as CreateKeyPackageOptions), provider, count });
    response = {
      id,
      bundles: bundles.map((b) => ({
        keyPackage: encodeKeyPackage(b.keyPackage),
        ref: b.ref,
        initPrivateKey: b.initPrivateKey,
        encryptionPrivateKey: b.encryptionPrivateKey,
      })),
    };
    port.postMessage(response);
    for (const b of bundles) b.dispose();
  } catch (e) {
    const err = e as { name?: string; message?: string; code?: string };
    response = { id, error: { name: String(err?.name), message: String(err?.message), code: err?.code } };
    port.postMessage(response);
  }
});
port.postMessage({ ready: true });
