/**
 * @module ours
 * The mlskit side of the comparison: the five operations on key packages of one cipher suite
 * through one crypto provider, over a pool of key packages that all have distinct signature keys
 * (so a provider's cache of imported public keys never answers: the cold path a server that
 * validates uploads from many clients takes), and validation again over 16 of them (the warm
 * path: packages of clients seen before).
 */
import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import {
  type CreateKeyPackageOptions,
  createKeyPackage,
  createKeyPackages,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  type UnverifiedKeyPackage,
  validateKeyPackage,
} from "@mlskit/key-packages";

/** The operations of one (provider, suite) pair, each one call. */
export interface OurOps {
  /** createKeyPackage with a reused signature key pair. */
  readonly generate: () => Promise<unknown>;
  /** validateKeyPackage of a decoded package (next one of the pool each call). */
  readonly validate: () => Promise<unknown>;
  /** The same over 16 packages only, whose signature keys a provider's key cache then holds. */
  readonly validateWarm: () => Promise<unknown>;
  /** decodeKeyPackageMessage of MLSMessage bytes. */
  readonly decode: () => unknown;
  /** encodeKeyPackageMessage of a decoded package. */
  readonly encode: () => unknown;
  /** keyPackageRef of a decoded package. */
  readonly ref: () => Promise<unknown>;
}

/**
 * Options every generation in the bench uses: a basic credential and the key pair given.
 *
 * @param provider - the crypto provider
 * @param cipherSuite - the suite id
 * @param signatureKeyPair - the signature key pair (reused)
 * @returns createKeyPackage options
 * @example
 * ```ts
 * await createKeyPackage(createOptions(provider, 1, kp));
 * ```
 */
export function createOptions(
  provider: CryptoProvider,
  cipherSuite: number,
  signatureKeyPair: { publicKey: Uint8Array; privateKey: Uint8Array },
): CreateKeyPackageOptions {
  return { provider, cipherSuite, credential: basicCredential("bench@example.com"), signatureKeyPair };
}

/**
 * A pool of MLSMessage-encoded key packages of one suite, each with its own signature key,
 * made with `provider`.
 *
 * @param provider - the provider to make them with
 * @param cipherSuite - the suite
 * @param size - how many
 * @returns the encoded packages
 * @example
 * ```ts
 * const pool = await makePool(createWebCryptoProvider(), 1, 320);
 * ```
 */
export async function makePool(
  provider: CryptoProvider,
  cipherSuite: number,
  size: number,
): Promise<Uint8Array[]> {
  const suite = await provider.getCipherSuite(cipherSuite);
  const out: Uint8Array[] = [];
  for (let i = 0; i < size; i++) {
    const kp = await suite.signature.generateKeyPair();
    const [bundle] = await createKeyPackages({ ...createOptions(provider, cipherSuite, kp), count: 1 });
    out.push(encodeKeyPackageMessage(bundle!.keyPackage));
  }
  return out;
}

/** Cycle through an array, one element per call. */
export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => {
    const item = items[i]!;
    i = (i + 1) % items.length;
    return item;
  };
}

/**
 * The operations of mlskit for a provider and suite over a pool.
 *
 * @param provider - the provider
 * @param cipherSuite - the suite
 * @param pool - MLSMessage bytes from {@link makePool}
 * @returns the operations
 * @example
 * ```ts
 * const ops = await ourOps(nobleCryptoProvider, 1, pool);
 * await ops.generate();
 * ```
 */
export async function ourOps(
  provider: CryptoProvider,
  cipherSuite: number,
  pool: readonly Uint8Array[],
): Promise<OurOps> {
  const suite = await provider.getCipherSuite(cipherSuite);
  const opts = createOptions(provider, cipherSuite, await suite.signature.generateKeyPair());
  // The first call proves the key pair (sign + verify once); later calls reuse it.
  await createKeyPackage(opts);
  const decoded: UnverifiedKeyPackage[] = pool.map((b) => decodeKeyPackageMessage(b));
  const nextBytes = cycle(pool);
  const nextForValidate = cycle(decoded);
  const nextForValidateWarm = cycle(decoded.slice(0, 16));
  const nextForEncode = cycle(decoded);
  const nextForRef = cycle(decoded);
  return {
    generate: () => createKeyPackage(opts),
    validate: () => validateKeyPackage(nextForValidate(), { provider }),
    validateWarm: () => validateKeyPackage(nextForValidateWarm(), { provider }),
    decode: () => decodeKeyPackageMessage(nextBytes()),
    encode: () => encodeKeyPackageMessage(nextForEncode()),
    ref: () => keyPackageRef(nextForRef(), provider),
  };
}
