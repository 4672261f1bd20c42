/**
 * @module node/messages
 * What crosses the thread boundary between {@link openKeyPackageWorkerPool} and its workers:
 * the provider to load, batch requests, bundles as bytes, and errors as plain data that the
 * calling thread turns back into the same error class with the same code.
 */
import {
  CodecError,
  CryptoError,
  type ErrorDetails,
  MlsError,
  StorageError,
  UsageError,
  ValidationError,
} from "@mlskit/errors";
import type { CreateKeyPackageOptions } from "../create.js";

/**
 * Where a worker loads its crypto provider from: `(await import(module))[export]`, called with
 * `options` when it is a function (a factory such as `createWebCryptoProvider`).
 *
 * `module` is imported by the worker, whose file lies inside `@mlskit/key-packages`: a bare
 * package name resolves from there, where (in a pnpm layout, or any strict one) the provider
 * package is usually not visible. Pass an absolute URL resolved by the caller instead,
 * `import.meta.resolve("@mlskit/crypto-provider-noble")`.
 *
 * @example
 * ```ts
 * const provider: WorkerProviderRef = {
 *   module: import.meta.resolve("@mlskit/crypto-provider-webcrypto"),
 *   export: "createWebCryptoProvider",
 *   options: {},
 * };
 * ```
 */
export interface WorkerProviderRef {
  /** Module specifier, best an absolute `file:` URL (string or `URL`). */
  readonly module: string | URL;
  /** Name of the export: a `CryptoProvider`, or a function returning one (possibly async). */
  readonly export: string;
  /** Argument of the factory; must be structured-cloneable. Ignored for a provider object. */
  readonly options?: unknown;
}

/** The provider reference as it is sent to a worker (`workerData`). @internal */
export interface WorkerStart {
  readonly module: string;
  readonly export: string;
  readonly hasOptions: boolean;
  readonly options: unknown;
}

/** Options of one batch request, without the provider (the worker has its own). @internal */
export type WorkerBatchOptions = Omit<CreateKeyPackageOptions, "provider">;

/** A batch request to a worker. @internal */
export interface WorkerRequest {
  readonly id: number;
  readonly opts: WorkerBatchOptions;
  readonly count: number;
}

/** A bundle as it crosses the thread boundary. @internal */
export interface BundleBytes {
  readonly keyPackage: Uint8Array;
  readonly ref: Uint8Array;
  readonly initPrivateKey: Uint8Array;
  readonly encryptionPrivateKey: Uint8Array;
}

/** An error as plain, structured-cloneable data. @internal */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  /** `MlsError` code, or a Node.js error code (`ERR_MODULE_NOT_FOUND`). */
  readonly code: string | undefined;
  /** Set for an `MlsError`. */
  readonly category: string | undefined;
  readonly details: ErrorDetails | undefined;
  readonly stack: string | undefined;
  readonly cause: ErrorData | undefined;
}

/**
 * Bundles packed into one buffer, transferred (moved, not copied) to the calling thread: one
 * allocation per request instead of four per bundle on each side, and no copy of the private keys
 * is left in the worker. `lengths` holds four lengths per bundle, in {@link BundleBytes} order.
 * @internal
 */
export interface PackedBundles {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly lengths: Uint32Array<ArrayBuffer>;
}

/** What a worker posts. @internal */
export type WorkerResponse =
  | { readonly type: "ready" }
  | { readonly type: "start-failed"; readonly error: ErrorData }
  | ({ readonly type: "bundles"; readonly id: number } & PackedBundles)
  | { readonly type: "error"; readonly id: number; readonly error: ErrorData };

const FIELDS = ["keyPackage", "ref", "initPrivateKey", "encryptionPrivateKey"] as const;

/**
 * Pack bundles into one buffer of their own (to transfer).
 *
 * @param bundles - the bundles as bytes
 * @returns the buffer and the lengths
 * @internal
 */
export function packBundles(bundles: readonly BundleBytes[]): PackedBundles {
  const lengths = new Uint32Array(bundles.length * FIELDS.length);
  let total = 0;
  bundles.forEach((b, i) => {
    FIELDS.forEach((f, j) => {
      lengths[i * FIELDS.length + j] = b[f].length;
      total += b[f].length;
    });
  });
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const b of bundles) {
    for (const f of FIELDS) {
      bytes.set(b[f], at);
      at += b[f].length;
    }
  }
  return { bytes, lengths };
}

/**
 * The bundles of a packed buffer, as views into it.
 *
 * @param packed - what {@link packBundles} made
 * @returns the bundles as bytes
 * @internal
 */
export function unpackBundles(packed: PackedBundles): BundleBytes[] {
  const out: BundleBytes[] = [];
  let at = 0;
  const next = (i: number): Uint8Array => {
    const view = packed.bytes.subarray(at, at + packed.lengths[i]!);
    at += view.length;
    return view;
  };
  for (let i = 0; i < packed.lengths.length; i += FIELDS.length) {
    out.push({
      keyPackage: next(i),
      ref: next(i + 1),
      initPrivateKey: next(i + 2),
      encryptionPrivateKey: next(i + 3),
    });
  }
  return out;
}

/**
 * Turn a thrown value into plain data (the cause chain too, a few levels deep).
 *
 * @param e - any thrown value
 * @returns its data
 * @internal
 */
export function errorToData(e: unknown, depth = 0): ErrorData {
  const err = (typeof e === "object" && e !== null ? e : { message: String(e) }) as Partial<
    MlsError & { code: unknown }
  >;
  const mls = MlsError.is(e);
  return {
    name: typeof err.name === "string" ? err.name : "Error",
    message: typeof err.message === "string" ? err.message : String(e),
    code: typeof err.code === "string" ? err.code : undefined,
    category: mls ? e.category : undefined,
    details: mls ? { ...e.details } : undefined,
    stack: typeof err.stack === "string" ? err.stack : undefined,
    cause: err.cause === undefined || depth >= 4 ? undefined : errorToData(err.cause, depth + 1),
  };
}

const MLS_CLASSES: Readonly<
  Record<
    string,
    new (
      code: string,
      message: string,
      options?: { details?: ErrorDetails; cause?: unknown },
    ) => MlsError
  >
> = Object.freeze({
  codec: CodecError,
  crypto: CryptoError,
  validation: ValidationError,
  usage: UsageError,
  storage: StorageError,
});

const NATIVE_CLASSES: Readonly<
  Record<string, new (message: string, options?: { cause?: unknown }) => Error>
> = Object.freeze({
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
});

/**
 * Rebuild an error posted by a worker as the class it was thrown as: an `MlsError` category
 * class with its code and details, a `TypeError`/`RangeError`, or an `Error` keeping a Node.js
 * `code`. The worker's stack is kept below the calling thread's.
 *
 * @param data - what {@link errorToData} made
 * @returns the error
 * @internal
 */
export function errorFromData(data: ErrorData): Error {
  const cause = data.cause === undefined ? undefined : errorFromData(data.cause);
  const options = cause === undefined ? {} : { cause };
  const MlsClass = data.category === undefined ? undefined : MLS_CLASSES[data.category];
  let error: Error;
  if (MlsClass !== undefined && data.code !== undefined) {
    error = new MlsClass(data.code, data.message, {
      ...options,
      ...(data.details ? { details: data.details } : {}),
    });
  } else {
    const NativeClass = NATIVE_CLASSES[data.name] ?? Error;
    error = new NativeClass(data.message, options);
    if (data.code !== undefined) Object.assign(error, { code: data.code });
    if (!(data.name in NATIVE_CLASSES) && data.name !== "Error") error.name = data.name;
  }
  if (data.stack !== undefined && error.stack !== undefined) {
    error.stack = `${error.stack}\n    --- in a key package worker ---\n${data.stack.split("\n").slice(1).join("\n")}`;
  }
  return error;
}
