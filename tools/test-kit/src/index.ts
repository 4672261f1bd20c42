/**
 * @module @mlskit/test-kit
 * Helpers the packages' test suites share, so that each is written once: catching the error a
 * call throws (its code, or the `CodecError` itself) and one signature key pair per cipher suite
 * per provider, generated once per test file; the fuzzing of decoders; the tests of a check table
 * (docs/validation-matrix.md, one accepted and one rejected input per check); a README's example
 * run as written; watching child processes (races between processes, SIGKILL mid-operation); and how
 * the browser tests start headless Chromium. Test-only: no library imports it.
 */
import { CodecError, MlsError } from "@mlskit/errors";

export {
  type CheckRow,
  describeCheckTable,
  describeValidationMatrix,
  expectCheckFailure,
} from "./check-table.js";
export {
  type ChildRace,
  raceChildren,
  type WatchedChild,
  waitFor,
  watchChild,
} from "./child-process.js";
export { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";
export {
  expectCanonicalOrCodecError,
  expectRoundTrips,
  fuzzMutations,
  fuzzRandomBytes,
} from "./codec-properties.js";
export { type ReadmeRun, runReadmeExample } from "./readme-example.js";
export { expectRoundTrip } from "./round-trip.js";

/**
 * The `CodecError` a call throws; any other error is rethrown, and no error fails the test.
 * @param f - the call
 * @returns the error
 * @example
 * ```ts
 * expect(codecErrorOf(() => decode(uint16, Uint8Array.of(1))).code).toBe("CODEC_TRUNCATED");
 * ```
 */
export function codecErrorOf(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error("expected a CodecError");
}

/**
 * The code of the `MlsError` a promise rejects with (or a function throws or rejects with);
 * `undefined` when it succeeds. Any other error is rethrown.
 * @param p - a promise, or a function to call
 * @returns the error code, or undefined
 * @example
 * ```ts
 * expect(await codeOf(validateKeyPackage(kp, opts))).toBe("KEY_PACKAGE_EXPIRED");
 * ```
 */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  return (await mlsRejection(p))?.code;
}

/** The `MlsError` of `p`, `undefined` when it succeeds; any other error is rethrown. */
async function mlsRejection(p: Promise<unknown> | (() => unknown)): Promise<MlsError | undefined> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (MlsError.is(e)) return e;
    throw e;
  }
  return undefined;
}

/**
 * The `MlsError` a promise rejects with (or a function throws or rejects with); any other error
 * is rethrown, and no error fails the test.
 * @param p - a promise, or a function to call
 * @returns the error
 * @example
 * ```ts
 * const e = await mlsErrorOf(store.get(ref));
 * expect(e.code).toBe("STORE_CORRUPT_RECORD");
 * ```
 */
export async function mlsErrorOf(p: Promise<unknown> | (() => unknown)): Promise<MlsError> {
  const e = await mlsRejection(p);
  if (e === undefined) throw new Error("expected an MlsError");
  return e;
}

/** A signature key pair as providers return it. */
export interface SignatureKeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

/** The part of a `CryptoProvider` that makes signature key pairs. */
export interface SignatureKeySource {
  getCipherSuite(
    id: number,
  ): Promise<{ readonly signature: { generateKeyPair(): Promise<SignatureKeyPair> } }>;
}

/**
 * One signature key pair per cipher suite, generated on first use and then reused (key
 * generation is the slow part of most fixtures).
 * @param provider - the provider that generates them
 * @returns cipher suite → its key pair
 * @example
 * ```ts
 * const signatureKeyPairFor = signatureKeyPairs(nobleCryptoProvider);
 * const signatureKeyPair = await signatureKeyPairFor(1);
 * ```
 */
export function signatureKeyPairs(
  provider: SignatureKeySource,
): (cipherSuite: number) => Promise<SignatureKeyPair> {
  const pairs = new Map<number, Promise<SignatureKeyPair>>();
  return (cipherSuite) => {
    let p = pairs.get(cipherSuite);
    if (p === undefined) {
      p = provider.getCipherSuite(cipherSuite).then((s) => s.signature.generateKeyPair());
      pairs.set(cipherSuite, p);
    }
    return p;
  };
}
