/**
 * Shared fixtures: one PKI (a P-384 root, a P-256 intermediate) and MLS signature key pairs made
 * by nobleCryptoProvider for suites 1, 2, 3, 5 and 7, built once per test file.
 */
import { x509Credential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import {
  type Ca,
  type CaAlgorithm,
  type CertSpec,
  intermediateCa,
  leafForKey,
  NOW,
  rootCa,
  type SignatureKeyAlgorithm,
} from "@mlskit/test-kit/pki";
import { expect, it } from "vitest";
import { createX509Validator } from "../src/index.js";

export const provider = nobleCryptoProvider;

/** The signature scheme of each MLS cipher suite we test (RFC 9420 §17.1). */
export const SUITES: readonly (readonly [number, SignatureKeyAlgorithm])[] = [
  [1, "Ed25519"],
  [2, "P-256"],
  [3, "Ed25519"],
  [5, "P-521"],
  [7, "P-384"],
];

export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

const keys = new Map<number, Promise<KeyPair>>();

/** A signature key pair of `suite`, generated once. */
export function signatureKeyPair(suite: number): Promise<KeyPair> {
  let p = keys.get(suite);
  if (p === undefined) {
    p = provider.getCipherSuite(suite).then((s) => s.signature.generateKeyPair());
    keys.set(suite, p);
  }
  return p;
}

/** A fresh signature key pair of `suite`. */
export async function freshKeyPair(suite: number): Promise<KeyPair> {
  return (await provider.getCipherSuite(suite)).signature.generateKeyPair();
}

export interface World {
  readonly root: Ca;
  readonly intermediate: Ca;
  /** An end-entity certificate for suite 2's key, issued by the intermediate. */
  readonly leaf: Uint8Array;
  readonly key: KeyPair;
}

let world: Promise<World> | undefined;

/** The shared PKI: root (P-384) → intermediate (P-256) → leaf (suite 2 key). */
export function getWorld(): Promise<World> {
  world ??= (async () => {
    const root = await rootCa("P-384", "mlskit root");
    const intermediate = await intermediateCa(root, "P-256", "mlskit intermediate");
    const key = await signatureKeyPair(2);
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey);
    return { root, intermediate, leaf, key };
  })();
  return world;
}

/** The shared PKI, `suite`'s signature key pair and a leaf for it issued by the intermediate. */
export async function worldLeaf(
  suite: number,
  algorithm: SignatureKeyAlgorithm,
  extra: Partial<CertSpec> = {},
): Promise<World & { readonly leaf: Uint8Array; readonly key: KeyPair }> {
  const world = await getWorld();
  const key = await signatureKeyPair(suite);
  return { ...world, key, leaf: await leafForKey(world.intermediate, algorithm, key.publicKey, extra) };
}

/** What {@link itForEachSuite} hands each test: the suite, its signature scheme and {@link worldLeaf}. */
export type SuiteLeaf = Awaited<ReturnType<typeof worldLeaf>> & {
  readonly suite: number;
  readonly algorithm: SignatureKeyAlgorithm;
};

/**
 * Register one test per suite of {@link SUITES}, named `title(suite, algorithm)`, each given the
 * shared PKI and a leaf for that suite's key.
 */
export function itForEachSuite(
  title: (suite: number, algorithm: SignatureKeyAlgorithm) => string,
  body: (s: SuiteLeaf) => Promise<void>,
): void {
  for (const [suite, algorithm] of SUITES) {
    it(title(suite, algorithm), async () =>
      body({ ...(await worldLeaf(suite, algorithm)), suite, algorithm }),
    );
  }
}

/** Validate the X.509 `chain` for `publicKey` at `now` with `anchor` as the only trust anchor. */
export function validateUnder(
  anchor: Uint8Array,
  chain: Uint8Array[],
  publicKey: Uint8Array,
  now: bigint = NOW,
): Promise<void> {
  return createX509Validator({ trustAnchors: [anchor] }).validate(x509Credential(chain), publicKey, { now });
}

/**
 * Build a fresh chain — a `rootAlgorithm` root, a `caAlgorithm` intermediate, a leaf for
 * `suite`'s key of `algorithm` — and validate it under that root.
 */
export async function validateFreshChain(
  rootAlgorithm: CaAlgorithm,
  caAlgorithm: CaAlgorithm,
  suite: number,
  algorithm: SignatureKeyAlgorithm,
): Promise<void> {
  const root = await rootCa(rootAlgorithm, `${rootAlgorithm} root`);
  const intermediate = await intermediateCa(root, caAlgorithm, `${caAlgorithm} intermediate`);
  const key = await signatureKeyPair(suite);
  const leaf = await leafForKey(intermediate, algorithm, key.publicKey);
  await validateUnder(root.der, [leaf, intermediate.der], key.publicKey);
}

/** A key package of `suite` signed with `keys`, whose credential is the X.509 `chain`. */
export function x509KeyPackage(suite: number, chain: Uint8Array[], keys: KeyPair): Promise<KeyPackageBundle> {
  return createKeyPackage({
    provider,
    cipherSuite: suite,
    credential: x509Credential(chain),
    signatureKeyPair: keys,
    now: NOW,
  });
}

/** Await `p` and expect a ValidationError with `code`; returns it. */
export async function rejection(p: Promise<unknown>, code: string): Promise<MlsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected a rejection with ${code}`).toBeDefined();
  if (!MlsError.is(e)) throw e;
  expect(e.code, e.message).toBe(code);
  expect(e.category).toBe("validation");
  return e;
}
