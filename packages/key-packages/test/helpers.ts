import { basicCredential } from "@mlskit/credentials";
import { type CryptoProvider, signWithLabel } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { codeOf, signatureKeyPairs } from "@mlskit/test-kit";
import {
  type CreateKeyPackageOptions,
  createKeyPackage,
  decodeKeyPackage,
  encodeKeyPackage,
  type KeyPackageBundle,
  keyPackageTbsBytes,
  type LeafNode,
  leafNodeTbsBytes,
  type UnverifiedKeyPackage,
} from "../src/index.js";

export const provider: CryptoProvider = nobleCryptoProvider;
export const NOW = 1_800_000_000n;

export interface Fixture {
  readonly bundle: KeyPackageBundle;
  readonly signatureKeyPair: { publicKey: Uint8Array; privateKey: Uint8Array };
  readonly opts: CreateKeyPackageOptions;
}

export const signatureKeyPairFor = signatureKeyPairs(provider);

export async function fixture(
  cipherSuite = 1,
  extra: Partial<CreateKeyPackageOptions> = {},
): Promise<Fixture> {
  const signatureKeyPair = await signatureKeyPairFor(cipherSuite);
  const opts: CreateKeyPackageOptions = {
    provider,
    cipherSuite,
    credential: basicCredential("alice@example.com"),
    signatureKeyPair,
    now: NOW,
    ...extra,
  };
  return { bundle: await createKeyPackage(opts), signatureKeyPair, opts };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type KpEdit = Mutable<Omit<UnverifiedKeyPackage, "leafNode">> & { leafNode: Mutable<LeafNode> };

/**
 * "Frankenstein" builder: take a valid package apart, let `edit` change it, re-sign the leaf and
 * the package with `privateKey` (unless told not to), and return the decoded result.
 */
export async function tamper(
  kp: UnverifiedKeyPackage,
  privateKey: Uint8Array,
  edit: (k: KpEdit) => void,
  { resignLeaf = true, resignPackage = true } = {},
): Promise<UnverifiedKeyPackage> {
  const k: KpEdit = { ...kp, extensions: [...kp.extensions], leafNode: { ...kp.leafNode } };
  edit(k);
  const suite = await provider.getCipherSuite(kp.cipherSuite).catch(() => provider.getCipherSuite(1));
  if (resignLeaf)
    k.leafNode.signature = await signWithLabel(suite, privateKey, "LeafNodeTBS", leafNodeTbsBytes(k));
  if (resignPackage)
    k.signature = await signWithLabel(suite, privateKey, "KeyPackageTBS", keyPackageTbsBytes(k));
  return decodeKeyPackage(encodeKeyPackage(k));
}

export { codeOf };

export function hexToBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, "hex"));
}
