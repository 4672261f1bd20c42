import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { type CreateKeyPackageOptions, createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";

export const NOW = 1_800_000_000n;

export const provider: CryptoProvider = nobleCryptoProvider;

const sigKeys = new Map<number, Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }>>();
export function signatureKeyPairFor(cipherSuite: number) {
  let p = sigKeys.get(cipherSuite);
  if (p === undefined) {
    p = provider.getCipherSuite(cipherSuite).then((s) => s.signature.generateKeyPair());
    sigKeys.set(cipherSuite, p);
  }
  return p;
}

export async function joinerBundle(
  cipherSuite = 1,
  extra: Partial<CreateKeyPackageOptions> = {},
): Promise<KeyPackageBundle> {
  const signatureKeyPair = await suiteSigner(cipherSuite, extra);
  return createKeyPackage({
    provider,
    cipherSuite,
    credential: basicCredential("joiner@example.com"),
    signatureKeyPair,
    now: NOW,
    ...extra,
  });
}

async function suiteSigner(cipherSuite: number, extra: Partial<CreateKeyPackageOptions>) {
  return extra.signatureKeyPair ?? (await signatureKeyPairFor(cipherSuite));
}

export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (MlsError.is(e)) return e.code;
    throw e;
  }
  return undefined;
}

export async function checkOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (MlsError.is(e)) return String(e.details.check ?? e.code);
    throw e;
  }
  return undefined;
}
