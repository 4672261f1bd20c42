/**
 * @module node/worker-pool
 * `openKeyPackageWorkerPool`: batch key package generation on every core (Node.js only).
 *
 * `createKeyPackages` overlaps a native provider's SubtleCrypto jobs on libuv's thread pool, but
 * every creation's JavaScript (encoding, the runtime's WebCrypto bookkeeping) and all the work of
 * a pure-JS provider stay on the calling thread. The pool gives each worker thread a provider of
 * its own and deals a batch out to them in chunks; the bundles come back as bytes and are rebuilt
 * in order with `restoreKeyPackageBundle`.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type KeyPackageBundle, restoreKeyPackageBundle } from "../bundle.js";
import type { CreateKeyPackageOptions } from "../create.js";
import { toEpochSeconds } from "../lifetime.js";
import {
  type BundleBytes,
  errorFromData,
  unpackBundles,
  type WorkerBatchOptions,
  type WorkerProviderRef,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerStart,
} from "./messages.js";

/** Options of {@link openKeyPackageWorkerPool}. */
export interface KeyPackageWorkerPoolOptions {
  /** The provider every worker loads (a provider object cannot cross a thread boundary). */
  readonly provider: WorkerProviderRef;
  /** How many worker threads. Default: `os.availableParallelism()`. */
  readonly workers?: number;
}

/** Options of {@link KeyPackageWorkerPool.createKeyPackages}: those of `createKeyPackages` without `provider`. */
export type KeyPackageWorkerBatchOptions = Omit<CreateKeyPackageOptions, "provider"> & {
  readonly count: number;
};

/**
 * Worker threads that create key packages; made by {@link openKeyPackageWorkerPool}.
 *
 * @example
 * ```ts
 * await using pool = await openKeyPackageWorkerPool({ provider });
 * const bundles = await pool.createKeyPackages({ cipherSuite: 1, credential, signatureKeyPair, count: 1000 });
 * ```
 */
export interface KeyPackageWorkerPool {
  /**
   * Create `count` key packages with the same options, spread over the workers: the contract of
   * `createKeyPackages` from `@mlskit/key-packages` (bundle `i` is the `i`-th created; the same
   * checks and errors, rebuilt as the same class with the same `code`; the first failure rejects
   * the batch and no further chunk starts), with the pool's provider.
   *
   * The options are copied into the workers by structured clone — the signature private key
   * too (see {@link openKeyPackageWorkerPool}). Without `now`, the creation time is taken once,
   * here, for the whole batch.
   *
   * @param opts - as `createKeyPackages`, without `provider`, plus `count`
   * @returns `count` bundles, in order
   * @throws RangeError when `count` is not a non-negative integer
   * @throws TypeError when `opts` has a `provider` or cannot be structured-cloned
   * @throws UsageError, CryptoError, … as `createKeyPackages` (thrown in a worker, same code)
   * @throws Error when the pool is closed or a worker stopped while the batch was under way
   * @example
   * ```ts
   * const bundles = await pool.createKeyPackages({ cipherSuite: 1, credential, signatureKeyPair, count: 256 });
   * ```
   */
  createKeyPackages(opts: KeyPackageWorkerBatchOptions): Promise<KeyPackageBundle[]>;
  /**
   * Terminate the workers. Batches under way reject; later calls reject. Idempotent.
   *
   * @example
   * ```ts
   * await pool.close();
   * ```
   */
  close(): Promise<void>;
  /**
   * {@link KeyPackageWorkerPool.close} for `await using`.
   *
   * @example
   * ```ts
   * await using pool = await openKeyPackageWorkerPool({ provider });
   * ```
   */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Packages one request asks a worker for, at most: small enough to keep all workers busy. */
const CHUNK = 32;

interface Pending {
  readonly resolve: (bundles: readonly BundleBytes[]) => void;
  readonly reject: (e: Error) => void;
}

/** One worker thread and the requests it has not answered yet. */
interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Why the worker is gone, once it is. */
  gone: Error | undefined;
}

/** How to start a worker: its file and its Node.js options. */
interface WorkerSetup {
  readonly file: URL;
  readonly execArgv: string[];
}

/**
 * This thread's Node.js options minus those a worker started from a file cannot take:
 * `--input-type` (a worker of `node --input-type=module -e …` fails with it) and, when `source`
 * is set, the `source` export condition.
 */
function workerExecArgv(dropSourceCondition: boolean): string[] {
  const argv = process.execArgv;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--input-type") i++;
    else if (dropSourceCondition && (arg === "--conditions" || arg === "-C") && argv[i + 1] === "source") i++;
    else if (arg.startsWith("--input-type=")) continue;
    else if (dropSourceCondition && (arg === "--conditions=source" || arg === "-C=source")) continue;
    else out.push(arg);
  }
  return out;
}

/**
 * The worker's file. Built, it is `key-package-worker.js` beside this module. From sources (the
 * repository's `source` export condition, as under vitest) this module is a `.ts` file and a
 * worker thread cannot load TypeScript: the built worker in `dist/` is used, without the
 * `source` condition, so that it loads the built JavaScript of its dependencies too.
 */
function workerSetup(): WorkerSetup {
  const here = import.meta.url;
  if (!/\.[cm]?ts$/.test(here)) {
    return { file: new URL("./key-package-worker.js", here), execArgv: workerExecArgv(false) };
  }
  const file = new URL("../../dist/node/key-package-worker.js", here);
  if (!existsSync(file)) {
    throw new Error(
      `@mlskit/key-packages/node is running from its sources and its worker runs from dist/: build the package first (${fileURLToPath(file)} is missing)`,
    );
  }
  return { file, execArgv: workerExecArgv(true) };
}

function checkProviderRef(ref: WorkerProviderRef): WorkerStart {
  if (typeof ref !== "object" || ref === null) {
    throw new TypeError(`"provider" expected { module: string | URL, export: string, options? }`);
  }
  let module: string;
  if (ref.module instanceof URL) module = ref.module.href;
  else if (typeof ref.module === "string" && ref.module !== "") module = ref.module;
  else throw new TypeError(`"provider.module" expected a module specifier (string or URL)`);
  // The worker would resolve a relative specifier against its own file, never what was meant.
  if (module.startsWith("./") || module.startsWith("../")) {
    throw new TypeError(
      `"provider.module" expected an absolute URL or a package name, got the relative "${module}" (use import.meta.resolve)`,
    );
  }
  if (isAbsolute(module)) module = pathToFileURL(module).href;
  if (typeof ref.export !== "string" || ref.export === "") {
    throw new TypeError(`"provider.export" expected the name of an export`);
  }
  const hasOptions = "options" in ref && ref.options !== undefined;
  if (hasOptions) {
    try {
      structuredClone(ref.options);
    } catch (e) {
      throw new TypeError(`"provider.options" expected a structured-cloneable value`, { cause: e });
    }
  }
  return { module, export: ref.export, hasOptions, options: hasOptions ? ref.options : undefined };
}

function wipe(bundles: readonly BundleBytes[]): void {
  for (const b of bundles) {
    b.initPrivateKey.fill(0);
    b.encryptionPrivateKey.fill(0);
  }
}

/** Start one worker; resolves once it has loaded its provider. */
function startWorker(setup: WorkerSetup, start: WorkerStart): Promise<Slot> {
  const worker = new Worker(setup.file, { workerData: start, execArgv: setup.execArgv });
  const slot: Slot = { worker, pending: new Map(), gone: undefined };
  const fail = (e: Error): void => {
    slot.gone ??= e;
    for (const p of slot.pending.values()) p.reject(slot.gone);
    slot.pending.clear();
  };
  return new Promise<Slot>((resolve, reject) => {
    worker.on("message", (m: WorkerResponse) => {
      if (m.type === "ready") {
        worker.unref(); // idle: an unclosed pool does not keep the process alive
        resolve(slot);
      } else if (m.type === "start-failed") {
        reject(errorFromData(m.error));
      } else {
        const p = slot.pending.get(m.id);
        if (p === undefined) {
          if (m.type === "bundles") wipe(unpackBundles(m));
          return;
        }
        slot.pending.delete(m.id);
        if (slot.pending.size === 0) worker.unref();
        if (m.type === "bundles") p.resolve(unpackBundles(m));
        else p.reject(errorFromData(m.error));
      }
    });
    worker.on("error", (e) => {
      const error = new Error(`a key package worker failed: ${e.message}`, { cause: e });
      reject(error);
      fail(error);
    });
    worker.on("messageerror", (e) => {
      fail(new Error("a key package worker sent a message that could not be read", { cause: e }));
      void worker.terminate();
    });
    worker.on("exit", (code) => {
      const error = new Error(`a key package worker exited (code ${code})`);
      reject(error);
      fail(error);
    });
  });
}

/**
 * Start worker threads that create key packages, each with its own instance of the provider.
 *
 * The provider is named by module and export, because a provider's functions cannot cross a
 * thread boundary: every worker runs `(await import(module))[export]` and, when that is a
 * function, calls it with `options`. The worker's file lies inside `@mlskit/key-packages`, where
 * a provider package is usually not resolvable (pnpm's layout): pass an absolute URL resolved by
 * the caller, `import.meta.resolve("@mlskit/crypto-provider-noble")`.
 *
 * Secrets cross threads: the options of every batch, the signature private key included, are
 * copied into the workers by structured clone, and the HPKE private keys of every bundle come
 * back in a buffer the worker transfers (moves) to the calling thread. The workers zero their own
 * copies of the HPKE keys once packed and their copies of the signature key once no request of
 * theirs uses it; the calling thread zeroes the received keys once the bundles are rebuilt.
 * Copies made by the runtime's serializer itself cannot be wiped.
 *
 * Workers are unreferenced while idle (a forgotten pool does not keep the process alive); a
 * worker that crashes or exits rejects the requests it was answering, and the pool goes on with
 * the others. `close()` terminates them all.
 *
 * @param opts - the provider to load and how many workers (default: one per core)
 * @returns the pool, once every worker has loaded its provider
 * @throws TypeError when `provider` is malformed, or (rebuilt from a worker) its export is not a
 *   CryptoProvider
 * @throws RangeError when `workers` is not a positive integer
 * @throws Error when the provider module cannot be loaded (with Node's `code`, e.g. `ERR_MODULE_NOT_FOUND`)
 * @example
 * ```ts
 * import { openKeyPackageWorkerPool } from "@mlskit/key-packages/node";
 * await using pool = await openKeyPackageWorkerPool({
 *   provider: { module: import.meta.resolve("@mlskit/crypto-provider-noble"), export: "nobleCryptoProvider" },
 * });
 * const bundles = await pool.createKeyPackages({
 *   cipherSuite: 1,
 *   credential: basicCredential("alice@example.com"),
 *   signatureKeyPair,
 *   count: 1000,
 * });
 * ```
 */
export async function openKeyPackageWorkerPool(
  opts: KeyPackageWorkerPoolOptions,
): Promise<KeyPackageWorkerPool> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const start = checkProviderRef(opts.provider);
  const size = opts.workers ?? availableParallelism();
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`"workers" expected a positive integer, got ${String(opts.workers)}`);
  }
  const setup = workerSetup();
  const started = await Promise.allSettled(Array.from({ length: size }, () => startWorker(setup, start)));
  const slots = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failure = started.find((r) => r.status === "rejected");
  if (failure !== undefined) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failure.reason;
  }

  let nextId = 0;
  let closing: Promise<void> | undefined;
  const closedError = () => new Error("the key package worker pool is closed");

  const ask = (slot: Slot, opts: WorkerBatchOptions, count: number) =>
    new Promise<readonly BundleBytes[]>((resolve, reject) => {
      if (closing !== undefined) return reject(closedError());
      if (slot.gone !== undefined) return reject(slot.gone);
      const id = nextId++;
      try {
        slot.worker.postMessage({ id, opts, count } satisfies WorkerRequest);
      } catch (e) {
        return reject(
          new TypeError(`"opts" expected structured-cloneable options (they are copied into a worker)`, {
            cause: e,
          }),
        );
      }
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
    });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const slot of slots) {
        slot.gone ??= closedError();
        for (const p of slot.pending.values()) p.reject(slot.gone);
        slot.pending.clear();
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    })();
    return closing;
  };

  return {
    async createKeyPackages(batch) {
      if (closing !== undefined) throw closedError();
      if (typeof batch !== "object" || batch === null) throw new TypeError(`"opts" expected an object`);
      const { count, ...rest } = batch;
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new RangeError(`"count" expected a non-negative integer, got ${String(count)}`);
      }
      if ((rest as { provider?: unknown }).provider !== undefined) {
        throw new TypeError(
          `"provider" is the pool's: give it to openKeyPackageWorkerPool, not to createKeyPackages`,
        );
      }
      const live = slots.filter((s) => s.gone === undefined);
      if (live.length === 0) {
        throw new Error("no key package worker is running", { cause: slots[0]?.gone });
      }
      // One creation time for the whole batch, as createKeyPackages takes it.
      const options: WorkerBatchOptions = rest.now === undefined ? { ...rest, now: toEpochSeconds() } : rest;
      // Even an empty batch checks its options (in a worker), as createKeyPackages does.
      if (count === 0) return (await ask(live[0]!, options, 0)).map(restoreKeyPackageBundle);

      // Chunks small enough that every worker gets a share of a small batch.
      const size = Math.max(1, Math.min(CHUNK, Math.ceil(count / (2 * live.length))));
      const chunks = Math.ceil(count / size);
      const parts = new Array<readonly BundleBytes[] | undefined>(chunks);
      let next = 0;
      let failed = false;
      // Two requests per worker at a time, so a worker never waits for its next message, dealt
      // round-robin (worker 0, worker 1, …, worker 0, worker 1, …); chunk i lands in parts[i].
      const lanes = [...live, ...live].slice(0, chunks);
      try {
        await Promise.all(
          lanes.map(async (slot) => {
            while (!failed && next < chunks) {
              const i = next++;
              let part: readonly BundleBytes[];
              try {
                part = await ask(slot, options, Math.min(size, count - i * size));
              } catch (e) {
                failed = true;
                throw e;
              }
              if (failed) wipe(part);
              else parts[i] = part;
            }
          }),
        );
      } catch (e) {
        for (const part of parts) if (part !== undefined) wipe(part);
        throw e;
      }
      const bundles: KeyPackageBundle[] = [];
      for (const part of parts) {
        // restoreKeyPackageBundle copies the private keys: zero the received ones.
        for (const b of part!) bundles.push(restoreKeyPackageBundle(b));
        wipe(part!);
      }
      return bundles;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
