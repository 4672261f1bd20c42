import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import { signatureKeyPairs } from "@mlskit/test-kit";
import { createKeyMaterialRequest, type KeyMaterialRequest } from "../src/index.js";

export const provider: CryptoProvider = nobleCryptoProvider;
export const NOW = 1_800_000_000n;
export const ALICE = "mimi://a.example/u/alice";
export const BOB = "mimi://b.example/u/bob";
export const ROOM = "mimi://a.example/r/clubhouse";

export const signatureKeyPairFor = signatureKeyPairs(provider);

export async function request(
  extra: Partial<Parameters<typeof createKeyMaterialRequest>[0]> = {},
): Promise<KeyMaterialRequest> {
  const suite = extra.signatureCipherSuite ?? extra.acceptableCiphersuites?.[0] ?? 1;
  return createKeyMaterialRequest({
    provider,
    requestingUser: ALICE,
    targetUser: BOB,
    roomId: ROOM,
    acceptableCiphersuites: [1, 3],
    requiredCapabilities: { extensionTypes: [0x000a], proposalTypes: [], credentialTypes: [1] },
    credential: basicCredential(ALICE),
    signatureKeyPair: await signatureKeyPairFor(suite),
    ...extra,
  });
}

export async function keyPackage(cipherSuite = 1, lastResort = false): Promise<KeyPackageBundle> {
  return createKeyPackage({
    provider,
    cipherSuite,
    credential: basicCredential("mimi://b.example/d/bob/phone"),
    signatureKeyPair: await signatureKeyPairFor(cipherSuite),
    now: NOW,
    lastResort,
  });
}

export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return MlsError.is(e) ? e.code : `not an MlsError: ${String(e)}`;
  }
  return undefined;
}

export async function asyncCodeOf(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return MlsError.is(e) ? e.code : `not an MlsError: ${String(e)}`;
  }
  return undefined;
}
