/**
 * @module bound
 * The primitive bound: what the runtime's own crypto needs for the public-key work of an
 * operation, measured in the same run, so "ours / bound" says how much of an operation's time is
 * the cryptography itself.
 * - generate: 2 KEM key generations (X25519 or P-256 ECDH) + 2 signatures (Ed25519 or ECDSA P-256);
 * - validate: 2 signature verifications;
 * - ref: 1 hash of the package (RefHash's input).
 *
 * Two flavours: `node:crypto` synchronous calls in their cheapest forms (the bound the table
 * divides by): signatures and verifications on prepared `KeyObject`s, and each KEM key pair in
 * the cheapest form `node:crypto` has (measured on Node 20: X25519 with its JWK encoding asked of
 * the generation job, ~11% cheaper than a bare `generateKeyPairSync`, which also wraps both keys
 * in `KeyObject`s; P-256 through an `ECDH` object, ~30% cheaper). And the same calls on SubtleCrypto, as a provider on
 * SubtleCrypto can at best make them one operation at a time (the two key generations and the two
 * verifications at once, the two signatures one after the other, as the second signs the first).
 */
import { createECDH, createHash, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";

/** The bound operations of one suite. */
export interface BoundOps {
  readonly generate: () => unknown;
  readonly validate: () => unknown;
  readonly ref: () => unknown;
}

interface Scheme {
  readonly kem: () => unknown;
  readonly signKey: KeyObject;
  readonly verifyKey: KeyObject;
  readonly digest: string | null;
  readonly hash: string;
}

function scheme(cipherSuite: number): Scheme {
  if (cipherSuite === 2) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    return {
      kem: () => {
        const ecdh = createECDH("prime256v1");
        return [ecdh.generateKeys(), ecdh.getPrivateKey()];
      },
      signKey: privateKey,
      verifyKey: publicKey,
      digest: "sha256",
      hash: "sha256",
    };
  }
  if (cipherSuite !== 1 && cipherSuite !== 3) throw new RangeError(`no bound for suite ${cipherSuite}`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    kem: () =>
      generateKeyPairSync("x25519", {
        publicKeyEncoding: { format: "jwk" },
        privateKeyEncoding: { format: "jwk" },
      } as never),
    signKey: privateKey,
    verifyKey: publicKey,
    digest: null,
    hash: "sha256",
  };
}

/**
 * The node:crypto bound of a suite (1, 2 or 3) for a message of the size of `sample`.
 *
 * @param cipherSuite - the suite
 * @param sample - a key package's bytes (message to sign and hash)
 * @returns the bound operations (synchronous)
 * @example
 * ```ts
 * const b = nodeBound(1, pool[0]);
 * b.generate();
 * ```
 */
export function nodeBound(cipherSuite: number, sample: Uint8Array): BoundOps {
  const s = scheme(cipherSuite);
  const key = s.digest === null ? s.signKey : { key: s.signKey, dsaEncoding: "der" as const };
  const signature = sign(s.digest, sample, key);
  const pub = s.digest === null ? s.verifyKey : { key: s.verifyKey, dsaEncoding: "der" as const };
  return {
    generate: () => {
      s.kem();
      s.kem();
      sign(s.digest, sample, key);
      return sign(s.digest, sample, key);
    },
    validate: () => {
      if (!verify(s.digest, sample, pub, signature) || !verify(s.digest, sample, pub, signature)) {
        throw new Error("bound: verification failed");
      }
    },
    ref: () => createHash(s.hash).update(sample).digest(),
  };
}

/**
 * The SubtleCrypto bound of a suite: the same primitives, awaited as a provider would.
 *
 * @param cipherSuite - the suite
 * @param sample - a key package's bytes
 * @returns the bound operations (async)
 * @example
 * ```ts
 * const b = await subtleBound(1, pool[0]);
 * await b.generate();
 * ```
 */
export async function subtleBound(cipherSuite: number, bytes: Uint8Array): Promise<BoundOps> {
  const sample = new Uint8Array(bytes);
  const subtle = globalThis.crypto.subtle;
  const ecdsa = cipherSuite === 2;
  const kemAlg = ecdsa ? { name: "ECDH", namedCurve: "P-256" } : { name: "X25519" };
  const sigAlg = ecdsa ? { name: "ECDSA", namedCurve: "P-256" } : { name: "Ed25519" };
  const params = ecdsa ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" };
  const pair = (await subtle.generateKey(sigAlg, false, ["sign", "verify"])) as CryptoKeyPair;
  const signature = await subtle.sign(params, pair.privateKey, sample);
  const kem = () => subtle.generateKey(kemAlg, true, ["deriveBits"]);
  return {
    generate: async () => {
      await Promise.all([kem(), kem()]);
      await subtle.sign(params, pair.privateKey, sample);
      return subtle.sign(params, pair.privateKey, sample);
    },
    validate: async () => {
      const ok = await Promise.all([
        subtle.verify(params, pair.publicKey, signature, sample),
        subtle.verify(params, pair.publicKey, signature, sample),
      ]);
      if (!ok[0] || !ok[1]) throw new Error("bound: verification failed");
    },
    ref: () => subtle.digest("SHA-256", sample),
  };
}
