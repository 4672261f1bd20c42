/**
 * @module conformance/fixtures
 * The key packages the conformance kit stores, made once per run with the provider it is given:
 * ordinary, last-resort, expired, future, another signer's and another suite's, around the fixed
 * time {@link T0}; the largest package the provider's suites make; and small helpers the cases
 * share (a comparable form of a bundle, random keys, collecting a listing, catching an error).
 */
import { toHex } from "@mlskit/codec";
import { basicCredential, type Credential, type SignatureKeyPair } from "@mlskit/credentials";
import { type CryptoProvider, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { createKeyPackages, encodeKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import type { KeyPackageSummary } from "../key-package-store.js";

/** The kit's "now": every fixture's lifetime is placed around it. @internal */
export const T0 = 1_700_000_000n;

/** The bundles every case draws from. @internal */
export interface Fixtures {
  readonly credential: Credential;
  /** 3 ordinary bundles valid over [T0, T0+1000]. */
  readonly ordinary: KeyPackageBundle[];
  /** last resort, valid over [T0, T0+1000]. */
  readonly lastResort: KeyPackageBundle;
  /** 2 bundles expired at T0 (notAfter = T0-1000). */
  readonly expired: KeyPackageBundle[];
  /** 1 bundle valid later: [T0+2000, T0+3000]. */
  readonly future: KeyPackageBundle;
  /** 1 bundle of another signer. */
  readonly otherSigner: KeyPackageBundle;
  /** 1 bundle of another cipher suite. */
  readonly otherSuite: KeyPackageBundle;
  readonly otherSuiteId: number;
  readonly signer: SignatureKeyPair;
  readonly all: KeyPackageBundle[];
}

/** The largest key package of the provider's suites, and its signer. @internal */
export interface LargestFixture {
  readonly bundle: KeyPackageBundle;
  readonly signer: SignatureKeyPair;
}

/**
 * Make the fixtures with `provider`, the main suite `suiteId` and one other suite it supports.
 * @internal
 */
export async function makeFixtures(provider: CryptoProvider, suiteId: number): Promise<Fixtures> {
  const suite = await provider.getCipherSuite(suiteId);
  const signer = await suite.signature.generateKeyPair();
  const credential = basicCredential("conformance-alice@example.com");
  const base = { provider, cipherSuite: suiteId, credential, signatureKeyPair: signer, grease: false };
  const during = { notBefore: T0, notAfter: T0 + 1000n };
  const ordinary = await createKeyPackages({ ...base, lifetime: during, count: 3 });
  const [lastResort] = await createKeyPackages({ ...base, lifetime: during, lastResort: true, count: 1 });
  const expired = await createKeyPackages({
    ...base,
    lifetime: { notBefore: T0 - 2000n, notAfter: T0 - 1000n },
    count: 2,
  });
  const [future] = await createKeyPackages({
    ...base,
    lifetime: { notBefore: T0 + 2000n, notAfter: T0 + 3000n },
    count: 1,
  });
  const other = await suite.signature.generateKeyPair();
  const [otherSigner] = await createKeyPackages({
    ...base,
    credential: basicCredential("conformance-bob@example.com"),
    signatureKeyPair: other,
    lifetime: during,
    count: 1,
  });
  const otherSuiteId = provider.supportedCipherSuites().find((s) => s !== suiteId);
  if (otherSuiteId === undefined) throw new Error("the conformance kit needs a provider with two suites");
  const otherSuiteImpl = await provider.getCipherSuite(otherSuiteId);
  const [otherSuite] = await createKeyPackages({
    ...base,
    cipherSuite: otherSuiteId,
    signatureKeyPair: await otherSuiteImpl.signature.generateKeyPair(),
    lifetime: during,
    count: 1,
  });
  const f = {
    credential,
    ordinary,
    lastResort: lastResort!,
    expired,
    future: future!,
    otherSigner: otherSigner!,
    otherSuite: otherSuite!,
    otherSuiteId,
    signer,
  };
  return { ...f, all: [...ordinary, f.lastResort, ...expired, f.future, f.otherSigner, f.otherSuite] };
}

/**
 * The provider's suite with the most key material in a package (two HPKE keys, the signature
 * key, two signatures), from the registry rows: no size is assumed here.
 * @internal
 */
export async function makeLargest(provider: CryptoProvider): Promise<LargestFixture> {
  const weight = (id: number): number => {
    const i = cipherSuiteInfo(id);
    return i === undefined ? 0 : 2 * i.hpkePublicKeySize + i.signaturePublicKeySize + 2 * i.maxSignatureSize;
  };
  const id = [...provider.supportedCipherSuites()].sort((a, b) => weight(b) - weight(a))[0]!;
  const suite = await provider.getCipherSuite(id);
  const signer = await suite.signature.generateKeyPair();
  const [bundle] = await createKeyPackages({
    provider,
    cipherSuite: id,
    credential: basicCredential("conformance-carol@example.com"),
    signatureKeyPair: signer,
    lifetime: { notBefore: T0, notAfter: T0 + 1000n },
    count: 1,
  });
  return { bundle: bundle!, signer };
}

/** A bundle as comparable hex fields. @internal */
export function bundleHex(b: KeyPackageBundle): Record<string, string | boolean> {
  return {
    ref: toHex(b.ref),
    keyPackage: toHex(encodeKeyPackage(b.keyPackage)),
    initPrivateKey: toHex(b.initPrivateKey),
    encryptionPrivateKey: toHex(b.encryptionPrivateKey),
    lastResort: b.lastResort,
  };
}

/** A key pair as comparable hex fields (`undefined` stays). @internal */
export function keyPairHex(
  p: SignatureKeyPair | undefined,
): { publicKey: string; privateKey: string } | undefined {
  return p === undefined ? undefined : { publicKey: toHex(p.publicKey), privateKey: toHex(p.privateKey) };
}

/** 32 random bytes (an encryption key, a synthetic ref). @internal */
export function randomKey(): Uint8Array {
  const k = new Uint8Array(32);
  globalThis.crypto.getRandomValues(k);
  return k;
}

/** What `p` throws or rejects with; `undefined` when it succeeds. @internal */
export async function caught(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    if (typeof p === "function") await p();
    else await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Every summary of a listing. @internal */
export async function collect(it: AsyncIterable<KeyPackageSummary>): Promise<KeyPackageSummary[]> {
  const out: KeyPackageSummary[] = [];
  for await (const s of it) out.push(s);
  return out;
}

/** The hex refs of a listing, in its order. @internal */
export async function listedRefs(it: AsyncIterable<KeyPackageSummary>): Promise<string[]> {
  return (await collect(it)).map((s) => toHex(s.ref));
}
