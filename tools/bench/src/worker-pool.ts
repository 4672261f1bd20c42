/**
 * @module worker-pool
 * Batch generation on every core for any provider: an application-level helper (Node only) that
 * runs `createKeyPackages` in worker threads. `createKeyPackages` itself overlaps a native
 * provider's SubtleCrypto jobs on libuv's pool, but every creation's JavaScript (encoding, the
 * runtime's own WebCrypto bookkeeping) and all of a pure-JS provider's work stay on the calling
 * thread; here each worker has a thread of its own.
 *
 * The provider is named by module and export (a provider object or a factory of one) because a
 * provider's functions cannot cross a thread boundary; the other options must be structured-
 * cloneable (credentials, keys, extensions and lifetimes are). The signature private key is
 * copied into every worker. Bundles come back as bytes and are rebuilt with
 * `restoreKeyPackageBundle`, in order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  type CreateKeyPackageOptions,
  type KeyPackageBundle,
  restoreKeyPackageBundle,
} from "@mlskit/key-packages";

/** Where a worker loads its provider from: `(await import(module))[export]`, called if a function. */
export interface ProviderRef {
  readonly module: string;
  readonly export: string;
}

/** A bundle as it crosses the thread boundary. */
export interface BundleBytes {
  readonly keyPackage: Uint8Array;
  readonly ref: Uint8Array;
  readonly initPrivateKey: Uint8Array;
  readonly encryptionPrivateKey: Uint8Array;
}

/** @internal */
export interface WorkerRequest {
  readonly id: number;
  readonly opts: Omit<CreateKeyPackageOptions, "provider">;
  readonly count: number;
}

/** @internal */
export type WorkerResponse =
  | { readonly id: number; readonly bundles: readonly BundleBytes[] }
  | { readonly id: number; readonly error: { name: string; message: string; code: string | undefined } };

/** A pool of worker threads that create key packages. */
export interface KeyPackageWorkerPool {
  /** Same contract as `createKeyPackages`, spread over the workers in chunks. */
  createKeyPackages(
    opts: Omit<CreateKeyPackageOptions, "provider"> & { readonly count: number },
  ): Promise<KeyPackageBundle[]>;
  /** Stop the workers. */
  close(): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (b: readonly BundleBytes[]) => void; reject: (e: Error) => void }>;
}

/**
 * Start `workers` worker threads, each with its own instance of the provider.
 *
 * @param opts - the provider to load, how many workers (default: one per core), and how many
 *   packages one message asks a worker for (default 32)
 * @returns the pool, once every worker has loaded its provider
 * @example
 * ```ts
 * const pool = await openKeyPackageWorkerPool({
 *   provider: { module: "@mlskit/crypto-provider-noble", export: "nobleCryptoProvider" },
 * });
 * const bundles = await pool.createKeyPackages({ cipherSuite: 1, credential, signatureKeyPair, count: 1000 });
 * await pool.close();
 * ```
 */
export async function openKeyPackageWorkerPool(opts: {
  readonly provider: ProviderRef;
  readonly workers?: number;
  readonly chunk?: number;
}): Promise<KeyPackageWorkerPool> {
  const size = opts.workers ?? availableParallelism();
  const chunk = opts.chunk ?? 32;
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`"workers" expected a positive integer`);
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError(`"chunk" expected a positive integer`);
  const url = new URL("./worker-pool-worker.js", import.meta.url);
  const slots: Slot[] = await Promise.all(
    Array.from({ length: size }, async () => {
      const worker = new Worker(url, { workerData: opts.provider });
      const slot: Slot = { worker, pending: new Map() };
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", reject);
      });
      worker.on("message", (m: WorkerResponse) => {
        const p = slot.pending.get(m.id);
        if (p === undefined) return;
        slot.pending.delete(m.id);
        if ("error" in m) p.reject(Object.assign(new Error(m.error.message), m.error));
        else p.resolve(m.bundles);
      });
      const fail = (e: Error) => {
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      worker.on("error", fail);
      worker.on("messageerror", fail);
      worker.on("exit", (code) => fail(new Error(`key package worker exited (code ${code})`)));
      return slot;
    }),
  );
  let nextId = 0;
  const ask = (slot: Slot, request: Omit<WorkerRequest, "id">) =>
    new Promise<readonly BundleBytes[]>((resolve, reject) => {
      const id = nextId++;
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, ...request });
    });

  return {
    async createKeyPackages(batch) {
      const { count, ...rest } = batch;
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new RangeError(`"count" expected a non-negative integer, got ${String(count)}`);
      }
      // Chunks small enough that every worker gets a share of a small batch.
      const size = Math.max(1, Math.min(chunk, Math.ceil(count / (2 * slots.length))));
      const chunks = Math.ceil(count / size);
      const parts = new Array<readonly BundleBytes[]>(chunks);
      let next = 0;
      // Two chunks per worker at a time (so a worker never waits for its next message), dealt
      // round-robin: worker 0, worker 1, …, worker 0, worker 1, ….
      const lanes = [...slots, ...slots].slice(0, chunks);
      await Promise.all(
        lanes.map(async (slot) => {
          while (next < chunks) {
            const i = next++;
            parts[i] = await ask(slot, { opts: rest, count: Math.min(size, count - i * size) });
          }
        }),
      );
      return parts.flatMap((part) =>
        part.map((b) => {
          const bundle = restoreKeyPackageBundle(b);
          b.initPrivateKey.fill(0);
          b.encryptionPrivateKey.fill(0);
          return bundle;
        }),
      );
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
