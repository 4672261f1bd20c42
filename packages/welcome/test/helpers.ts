import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { type CreateKeyPackageOptions, createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import { codeOf, signatureKeyPairs } from "@mlskit/test-kit";

export const NOW = 1_800_000_000n;

export const provider: CryptoProvider = nobleCryptoProvider;

export const signatureKeyPairFor = signatureKeyPairs(provider);

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

export { codeOf };

export async function checkOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (MlsError.is(e)) return String(e.details.check ?? e.code);
    throw e;
  }
  return undefined;
}
