import { createCipheriv, createDecipheriv } from "node:crypto";
import { basicCredential } from "@mlskit/credentials";
import {
  type CipherSuiteImpl,
  CryptoErrorCode,
  type CryptoProvider,
  cipherSuiteInfo,
} from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { CryptoError, MlsError } from "@mlskit/errors";
import { type CreateKeyPackageOptions, createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";

export const NOW = 1_800_000_000n;

// TEMPORARY until the providers have an AEAD: AES-GCM and ChaCha20-Poly1305 from node:crypto.
function nodeAead(id: number) {
  const info = cipherSuiteInfo(id)!;
  const alg =
    info.aeadName === "ChaCha20Poly1305"
      ? "chacha20-poly1305"
      : info.aeadKeySize === 16
        ? "aes-128-gcm"
        : "aes-256-gcm";
  return {
    keySize: info.aeadKeySize,
    nonceSize: info.aeadNonceSize,
    tagSize: 16,
    async seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array) {
      const c = createCipheriv(alg as "aes-128-gcm", key, nonce, { authTagLength: 16 });
      c.setAAD(aad);
      return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
    },
    async open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array) {
      try {
        const d = createDecipheriv(alg as "aes-128-gcm", key, nonce, { authTagLength: 16 });
        d.setAAD(aad);
        d.setAuthTag(ct.subarray(ct.length - 16));
        return new Uint8Array(Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]));
      } catch (e) {
        throw new CryptoError("AEAD_OPEN_FAILED" as never, "aead open failed", { cause: e });
      }
    },
  };
}

export const provider: CryptoProvider = {
  name: "noble+aead",
  supportedCipherSuites: () => nobleCryptoProvider.supportedCipherSuites(),
  randomBytes: (n) => nobleCryptoProvider.randomBytes(n),
  async getCipherSuite(id: number): Promise<CipherSuiteImpl> {
    const s = await nobleCryptoProvider.getCipherSuite(id);
    return "aead" in s ? s : ({ ...s, aead: nodeAead(id) } as CipherSuiteImpl);
  },
};
void CryptoErrorCode;

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
