/**
 * @module instrumented-provider
 * A {@link CryptoProvider} that wraps another one and adds two things an application often wants
 * around its crypto backend, without touching a single primitive:
 *
 * - a **suite policy**: only the listed cipher suites are offered (`supportedCipherSuites`) and
 *   handed out (`getCipherSuite` rejects every other id with `UNSUPPORTED_CIPHER_SUITE`, exactly
 *   as a provider that lacks the suite would);
 * - **observability without secrets**: every operation is counted, and reported to an optional
 *   callback as its name, suite and outcome — never an argument or a result, so no key, plaintext,
 *   signature or random byte ever reaches a log.
 *
 * Because it implements the same interface, everything in mlskit (key packages, stores, the CLI)
 * accepts it, and the conformance kit of `@mlskit/crypto-provider/testing` checks it like any
 * other provider (see test/conformance.test.ts).
 */
import {
  type CipherSuiteImpl,
  CryptoErrorCode,
  type CryptoProvider,
  type KeyPair,
} from "@mlskit/crypto-provider";
import { cryptoError } from "@mlskit/crypto-provider/kit";

/**
 * The operations of a provider, as reported in {@link CryptoOperationEvent.operation}.
 *
 * @example
 * ```ts
 * const op: CryptoOperation = "signature.sign";
 * ```
 */
export type CryptoOperation =
  | "randomBytes"
  | "hash.digest"
  | "kdf.extract"
  | "kdf.expand"
  | "hpke.generateKeyPair"
  | "hpke.deriveKeyPair"
  | "hpke.seal"
  | "hpke.open"
  | "aead.seal"
  | "aead.open"
  | "signature.generateKeyPair"
  | "signature.sign"
  | "signature.verify";

/**
 * What the wrapper reports about one operation: only public facts.
 *
 * @example
 * ```ts
 * const e: CryptoOperationEvent = { provider: "webcrypto", cipherSuite: 1, operation: "signature.verify", outcome: "ok" };
 * ```
 */
export interface CryptoOperationEvent {
  /** The inner provider's name. */
  readonly provider: string;
  /** The cipher suite; absent for `randomBytes`, which belongs to no suite. */
  readonly cipherSuite?: number;
  /** Which operation ran. */
  readonly operation: CryptoOperation;
  /**
   * `"ok"`; `"rejected"` when `signature.verify` answered false; `"failed"` when the operation
   * threw (then {@link CryptoOperationEvent.errorCode} holds the stable code, if any).
   */
  readonly outcome: "ok" | "rejected" | "failed";
  /** The error's stable code (e.g. `HPKE_OPEN_FAILED`) when `outcome` is `"failed"`. */
  readonly errorCode?: string;
}

/**
 * Options of {@link instrumentCryptoProvider}.
 *
 * @example
 * ```ts
 * const opts: InstrumentOptions = { cipherSuites: [1, 2], onOperation: (e) => console.debug(e) };
 * ```
 */
export interface InstrumentOptions {
  /** The suites to offer; default: all of the inner provider's. Others are rejected as unsupported. */
  readonly cipherSuites?: readonly number[];
  /** Called after each operation, synchronously; an exception it throws is ignored. */
  readonly onOperation?: (event: CryptoOperationEvent) => void;
  /** The wrapper's name. Default: `"instrumented(<inner name>)"`. */
  readonly name?: string;
}

/**
 * A provider with operation counts.
 *
 * @example
 * ```ts
 * const provider: InstrumentedCryptoProvider = instrumentCryptoProvider(createWebCryptoProvider());
 * provider.count("signature.sign"); // 0
 * ```
 */
export interface InstrumentedCryptoProvider extends CryptoProvider {
  /**
   * @param operation - an operation
   * @param cipherSuite - only this suite's calls; default: all suites
   * @returns how many times it ran (failed calls included) since creation or {@link reset}
   */
  count(operation: CryptoOperation, cipherSuite?: number): number;
  /** Set every count back to zero. */
  reset(): void;
}

/**
 * Wrap `inner` with a suite policy and secret-free operation counts and events.
 *
 * @param inner - the provider doing the work
 * @param opts - allowed suites, event callback, name
 * @returns the wrapped provider
 * @throws TypeError when `inner` is not a provider; RangeError for a suite id that is not a uint16
 * @example
 * ```ts
 * import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
 * import { createKeyPackage } from "@mlskit/key-packages";
 * const provider = instrumentCryptoProvider(createWebCryptoProvider(), { cipherSuites: [1] });
 * const bundle = await createKeyPackage({ provider, cipherSuite: 1, credential, signatureKeyPair });
 * provider.count("signature.sign"); // 2: the leaf node and the key package
 * await provider.getCipherSuite(2); // rejects: CryptoError UNSUPPORTED_CIPHER_SUITE
 * ```
 */
export function instrumentCryptoProvider(
  inner: CryptoProvider,
  opts: InstrumentOptions = {},
): InstrumentedCryptoProvider {
  if (
    typeof inner !== "object" ||
    inner === null ||
    typeof inner.getCipherSuite !== "function" ||
    typeof inner.supportedCipherSuites !== "function" ||
    typeof inner.randomBytes !== "function"
  ) {
    throw new TypeError(`"inner" expected a CryptoProvider`);
  }
  for (const id of opts.cipherSuites ?? []) {
    if (!Number.isInteger(id) || id < 0 || id > 0xffff)
      throw new RangeError(`cipher suite ${id} is not a uint16`);
  }
  const allowed = opts.cipherSuites === undefined ? undefined : new Set(opts.cipherSuites);
  const supported = Object.freeze(inner.supportedCipherSuites().filter((id) => allowed?.has(id) ?? true));
  const counts = new Map<string, number>();
  const suites = new Map<number, Promise<CipherSuiteImpl>>();

  function report(
    operation: CryptoOperation,
    cipherSuite: number | undefined,
    outcome: CryptoOperationEvent["outcome"],
    error?: unknown,
  ): void {
    const key = `${cipherSuite ?? "-"} ${operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (opts.onOperation === undefined) return;
    const code = (error as { code?: unknown } | undefined)?.code;
    const event: CryptoOperationEvent = {
      provider: inner.name,
      ...(cipherSuite === undefined ? {} : { cipherSuite }),
      operation,
      outcome,
      ...(typeof code === "string" ? { errorCode: code } : {}),
    };
    try {
      opts.onOperation(event);
    } catch {
      // An observer never breaks the crypto.
    }
  }

  /** Run one async operation of `suite`, reporting it. */
  async function observe<T>(suite: number, operation: CryptoOperation, run: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (e) {
      report(operation, suite, "failed", e);
      throw e;
    }
    report(operation, suite, result === false ? "rejected" : "ok");
    return result;
  }

  function wrapSuite(impl: CipherSuiteImpl): CipherSuiteImpl {
    const id = impl.id;
    const { hash, kdf, hpke, aead, signature } = impl;
    return Object.freeze({
      id,
      hash: Object.freeze({
        size: hash.size,
        digest: (data: Uint8Array) => observe(id, "hash.digest", () => hash.digest(data)),
      }),
      kdf: Object.freeze({
        size: kdf.size,
        extract: (salt: Uint8Array, ikm: Uint8Array) =>
          observe(id, "kdf.extract", () => kdf.extract(salt, ikm)),
        expand: (prk: Uint8Array, info: Uint8Array, length: number) =>
          observe(id, "kdf.expand", () => kdf.expand(prk, info, length)),
      }),
      hpke: Object.freeze({
        generateKeyPair: (): Promise<KeyPair> =>
          observe(id, "hpke.generateKeyPair", () => hpke.generateKeyPair()),
        deriveKeyPair: (ikm: Uint8Array): Promise<KeyPair> =>
          observe(id, "hpke.deriveKeyPair", () => hpke.deriveKeyPair(ikm)),
        seal: (publicKey: Uint8Array, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) =>
          observe(id, "hpke.seal", () => hpke.seal(publicKey, info, aad, plaintext)),
        open: (
          privateKey: Uint8Array,
          kemOutput: Uint8Array,
          info: Uint8Array,
          aad: Uint8Array,
          ciphertext: Uint8Array,
        ) => observe(id, "hpke.open", () => hpke.open(privateKey, kemOutput, info, aad, ciphertext)),
      }),
      aead: Object.freeze({
        keySize: aead.keySize,
        nonceSize: aead.nonceSize,
        tagSize: aead.tagSize,
        seal: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) =>
          observe(id, "aead.seal", () => aead.seal(key, nonce, aad, plaintext)),
        open: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array) =>
          observe(id, "aead.open", () => aead.open(key, nonce, aad, ciphertext)),
      }),
      signature: Object.freeze({
        generateKeyPair: (): Promise<KeyPair> =>
          observe(id, "signature.generateKeyPair", () => signature.generateKeyPair()),
        sign: (privateKey: Uint8Array, message: Uint8Array) =>
          observe(id, "signature.sign", () => signature.sign(privateKey, message)),
        verify: (publicKey: Uint8Array, message: Uint8Array, sig: Uint8Array) =>
          observe(id, "signature.verify", () => signature.verify(publicKey, message, sig)),
      }),
    });
  }

  return Object.freeze({
    name: opts.name ?? `instrumented(${inner.name})`,
    supportedCipherSuites: () => supported,
    async getCipherSuite(id: number): Promise<CipherSuiteImpl> {
      if (!supported.includes(id)) {
        throw cryptoError(
          CryptoErrorCode.unsupportedCipherSuite,
          `cipher suite ${id} is not offered by ${opts.name ?? "this provider"} (suite policy)`,
          { cipherSuite: id },
        );
      }
      // One wrapped object per suite, like the providers themselves.
      let suite = suites.get(id);
      if (suite === undefined) {
        suite = inner.getCipherSuite(id).then(wrapSuite);
        suites.set(id, suite);
        suite.catch(() => suites.delete(id));
      }
      return suite;
    },
    randomBytes(n: number): Uint8Array {
      try {
        const bytes = inner.randomBytes(n);
        report("randomBytes", undefined, "ok");
        return bytes;
      } catch (e) {
        report("randomBytes", undefined, "failed", e);
        throw e;
      }
    },
    count(operation: CryptoOperation, cipherSuite?: number): number {
      if (cipherSuite !== undefined) return counts.get(`${cipherSuite} ${operation}`) ?? 0;
      let total = 0;
      for (const [key, n] of counts) if (key.endsWith(` ${operation}`)) total += n;
      return total;
    },
    reset(): void {
      counts.clear();
    },
  });
}
