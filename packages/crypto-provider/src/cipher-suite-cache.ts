/**
 * @module cipher-suite-cache
 * {@link cacheCipherSuites}: the `getCipherSuite` of every provider, written once — the argument
 * check, `UNSUPPORTED_CIPHER_SUITE` for an id the registry does not know or the provider cannot
 * serve, one build per suite shared by every caller, and a failed build forgotten so that the next
 * call tries again.
 */
import { type CipherSuiteInfo, cipherSuiteInfo } from "./cipher-suite.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";

/**
 * Wrap a provider's per-suite build into its `getCipherSuite`.
 *
 * @typeParam T - what a build makes (a `CipherSuiteImpl`, or a record holding one)
 * @param build - builds a suite from its registry row; called once per suite while it succeeds
 * @param unavailable - why the provider cannot serve a registry suite (e.g. `"needs SubtleCrypto,
 *   which this runtime lacks"`), or `undefined` when it can; default: every registry suite
 * @returns `(id) => Promise<T>`: the same promise for a suite every time once built; rejects with
 *   `TypeError` for a non-number id and CryptoError `UNSUPPORTED_CIPHER_SUITE` for an unknown,
 *   GREASE or unavailable suite
 * @example
 * ```ts
 * import { cacheCipherSuites } from "@mlskit/crypto-provider/kit";
 * const getCipherSuite = cacheCipherSuites(async (info) => buildSuite(info));
 * const suite = await getCipherSuite(1);
 * ```
 */
export function cacheCipherSuites<T>(
  build: (info: CipherSuiteInfo) => T | Promise<T>,
  unavailable: (info: CipherSuiteInfo) => string | undefined = () => undefined,
): (id: number) => Promise<T> {
  const built = new Map<number, Promise<T>>();
  return (id) => {
    if (typeof id !== "number")
      return Promise.reject(new TypeError(`"id" expected number, got ${typeof id}`));
    const hit = built.get(id);
    if (hit !== undefined) return hit;
    const info = cipherSuiteInfo(id);
    const why = info === undefined ? "is not supported" : unavailable(info);
    if (why !== undefined) {
      const hex = Number.isInteger(id) && id >= 0 ? `0x${id.toString(16).padStart(4, "0")}` : String(id);
      return Promise.reject(
        cryptoError(CryptoErrorCode.unsupportedCipherSuite, `cipher suite ${hex} ${why}`, {
          cipherSuite: id,
        }),
      );
    }
    const pending = (async () => build(info!))();
    built.set(id, pending);
    // A failed build (e.g. a fallback module that did not load) is not kept: the next call retries.
    pending.catch(() => built.delete(id));
    return pending;
  };
}
