/**
 * @module create-for-suites
 * `createKeyPackagesForSuites`: one key package for each of several cipher suites in one call,
 * each advertising them all (as OpenMLS's key package builder takes a list of ciphersuites).
 */
import type { KeyPackageBundle } from "./bundle.js";
import { type CreateKeyPackageOptions, createKeyPackage } from "./create.js";

/**
 * Options of {@link createKeyPackagesForSuites}: those of {@link createKeyPackage} with a list of
 * suites in place of one, and a signature key pair for each.
 */
export interface CreateKeyPackagesForSuitesOptions
  extends Omit<CreateKeyPackageOptions, "cipherSuite" | "signatureKeyPair"> {
  /** The suites, one package each, in this order; every package advertises all of them. */
  readonly cipherSuites: readonly number[];
  /** The signature key pair for a suite (suites of one signature scheme may share one). */
  readonly signatureKeyPairFor: (
    cipherSuite: number,
  ) =>
    | { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array }
    | Promise<{ readonly publicKey: Uint8Array; readonly privateKey: Uint8Array }>;
}

/**
 * Create one key package for each of several cipher suites — what a client that supports them
 * all publishes, so that a group of any of those suites can add it. Each package advertises every
 * listed suite in its capabilities (and whatever `capabilities` adds).
 *
 * @param opts - as {@link createKeyPackage}, with `cipherSuites` and `signatureKeyPairFor`
 * @returns one bundle per suite, in the order of `cipherSuites`
 * @throws UsageError KEY_PACKAGE_CAPABILITY_SUITE_UNSUPPORTED when the provider lacks a suite
 * @example
 * ```ts
 * const keys = new Map<number, SignatureKeyPair>();
 * const bundles = await createKeyPackagesForSuites({
 *   provider, credential, cipherSuites: [1, 2, 3],
 *   signatureKeyPairFor: (s) => keys.get(s) ?? generateAndKeep(s),
 * });
 * ```
 */
export async function createKeyPackagesForSuites(
  opts: CreateKeyPackagesForSuitesOptions,
): Promise<KeyPackageBundle[]> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const suites = opts.cipherSuites;
  if (
    !Array.isArray(suites) ||
    suites.length === 0 ||
    !suites.every((v) => Number.isInteger(v) && v > 0 && v <= 0xffff)
  )
    throw new TypeError(`"cipherSuites" expected a non-empty array of uint16 cipher suite ids`);
  if (typeof opts.signatureKeyPairFor !== "function")
    throw new TypeError(`"signatureKeyPairFor" expected a function`);
  const { cipherSuites: _, signatureKeyPairFor, ...common } = opts;
  const capabilities = {
    ...opts.capabilities,
    // createKeyPackage checks the further suites the caller lists.
    cipherSuites: [...new Set([...suites, ...(opts.capabilities?.cipherSuites ?? [])])],
  };
  const bundles: KeyPackageBundle[] = [];
  for (const cipherSuite of new Set(suites)) {
    bundles.push(
      await createKeyPackage({
        ...common,
        capabilities,
        cipherSuite,
        signatureKeyPair: await signatureKeyPairFor(cipherSuite),
      }),
    );
  }
  return bundles;
}
