import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { type CreateKeyPackageOptions, createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import { codeOf, signatureKeyPairs } from "@mlskit/test-kit";
import { type JoinedGroup, type OpenWelcomeOptions, openWelcome } from "../src/index.js";
import { type BuildWelcomeOptions, type BuiltWelcome, buildWelcome } from "../src/testing/index.js";

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

/** A joiner's bundle and a Welcome (built at NOW with `opts`) that adds it alone. */
export interface JoinerWelcome {
  readonly bundle: KeyPackageBundle;
  readonly built: BuiltWelcome;
}

/**
 * A joiner of `cipherSuite` and a Welcome for it alone, built at NOW.
 * @param opts - more options of the Welcome (members, tree and GroupInfo edits, ...)
 * @param cipherSuite - the joiner's suite
 */
export async function joinerWelcome(
  opts: Partial<BuildWelcomeOptions> = {},
  cipherSuite = 1,
): Promise<JoinerWelcome> {
  const bundle = await joinerBundle(cipherSuite);
  const built = await buildWelcome({ provider, joiners: [bundle.keyPackage], now: NOW, ...opts });
  return { bundle, built };
}

/** Open a joiner's Welcome (its MLSMessage bytes) with its bundle at NOW, plus `extra` options. */
export function openJoinerWelcome(
  { bundle, built }: JoinerWelcome,
  extra: Partial<OpenWelcomeOptions> = {},
): Promise<JoinedGroup> {
  return openWelcome({ welcome: built.welcomeBytes, provider, bundle, now: NOW, ...extra });
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
