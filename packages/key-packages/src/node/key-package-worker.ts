/**
 * @module node/key-package-worker
 * The worker thread of {@link openKeyPackageWorkerPool}: loads the provider named in
 * `workerData`, posts `ready` (or why it could not), then answers each `{ id, opts, count }`
 * request with `createKeyPackages` on that provider, posting the bundles back as bytes (encoded
 * KeyPackage, ref, the two HPKE private keys) or the error as data.
 *
 * Secrets: the bundles of a request are packed into one buffer that is transferred (moved, not
 * copied) to the calling thread, and this thread's own copies of the HPKE private keys are zeroed. The signature private key arrives with every request; requests of one
 * batch that carry the same key share one copy (so the key pair is proven once per batch, not per
 * request), and every copy is zeroed as soon as no request of this worker uses it any more.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { bytesEqual } from "@mlskit/codec";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { createKeyPackages } from "../create.js";
import { encodeKeyPackage } from "../key-package.js";
import {
  errorToData,
  packBundles,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerStart,
} from "./messages.js";

async function loadProvider(start: WorkerStart): Promise<CryptoProvider> {
  const mod = (await import(start.module)) as Record<string, unknown>;
  if (!(start.export in mod)) {
    throw new TypeError(`"provider.export": ${start.module} has no export "${start.export}"`);
  }
  const value = mod[start.export];
  const provider = (
    typeof value === "function"
      ? await (start.hasOptions
          ? (value as (o: unknown) => unknown)(start.options)
          : (value as () => unknown)())
      : value
  ) as CryptoProvider | undefined;
  if (typeof provider?.getCipherSuite !== "function") {
    throw new TypeError(
      `"provider": export "${start.export}" of ${start.module} is not a CryptoProvider (or a function returning one)`,
    );
  }
  return provider;
}

/** Signature private keys in use, each with how many requests hold it. */
const keys: { key: Uint8Array; users: number }[] = [];

function acquireKey(received: Uint8Array): Uint8Array {
  const held = keys.find((k) => bytesEqual(k.key, received));
  if (held === undefined) {
    keys.push({ key: received, users: 1 });
    return received;
  }
  held.users++;
  received.fill(0);
  return held.key;
}

function releaseKey(key: Uint8Array): void {
  const i = keys.findIndex((k) => k.key === key);
  const held = keys[i];
  if (held === undefined || --held.users > 0) return;
  held.key.fill(0);
  keys.splice(i, 1);
}

async function serve(port: MessagePort): Promise<void> {
  let provider: CryptoProvider;
  try {
    provider = await loadProvider(workerData as WorkerStart);
  } catch (e) {
    // With no listener left, the thread ends once this message is out.
    port.postMessage({ type: "start-failed", error: errorToData(e) } satisfies WorkerResponse);
    return;
  }
  port.on("message", async ({ id, opts, count }: WorkerRequest) => {
    const received = opts.signatureKeyPair?.privateKey;
    const privateKey = received instanceof Uint8Array ? acquireKey(received) : undefined;
    try {
      const bundles = await createKeyPackages({
        ...opts,
        ...(privateKey === undefined ? {} : { signatureKeyPair: { ...opts.signatureKeyPair, privateKey } }),
        provider,
        count,
      });
      try {
        const packed = packBundles(
          bundles.map((b) => ({
            keyPackage: encodeKeyPackage(b.keyPackage),
            ref: b.ref,
            initPrivateKey: b.initPrivateKey,
            encryptionPrivateKey: b.encryptionPrivateKey,
          })),
        );
        // Transferred: the buffer moves to the calling thread and no copy stays here.
        port.postMessage({ type: "bundles", id, ...packed } satisfies WorkerResponse, [
          packed.bytes.buffer,
          packed.lengths.buffer,
        ]);
      } finally {
        // Zero this thread's own copies (packed into the transferred buffer).
        for (const b of bundles) b.dispose();
      }
    } catch (e) {
      port.postMessage({ type: "error", id, error: errorToData(e) } satisfies WorkerResponse);
    } finally {
      if (privateKey !== undefined) releaseKey(privateKey);
    }
  });
  port.postMessage({ type: "ready" } satisfies WorkerResponse);
}

if (parentPort === null) throw new Error("key-package-worker runs only as a worker thread");
await serve(parentPort);
