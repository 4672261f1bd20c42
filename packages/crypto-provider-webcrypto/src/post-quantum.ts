/**
 * @module post-quantum
 * ML-DSA (FIPS 204) on SubtleCrypto (WICG "Modern Algorithms in WebCrypto": `"ML-DSA-44"` …,
 * `"raw-seed"` / `"raw-public"` key formats; Node 24 has it, behind an ExperimentalWarning) in the
 * shape of `createMlDsaImpl` of `@mlskit/crypto-provider/kit`, and ML-KEM key generation
 * (FIPS 203) on SubtleCrypto. Used only where the probe (`probe.ts`) found the algorithm; else
 * the pure-JS `@noble/post-quantum` and `@hpke/ml-kem` modules are.
 */
import type { KeyPair } from "@mlskit/crypto-provider";
import type { MlDsaLike } from "@mlskit/crypto-provider/kit";
import { base64UrlBytes, bufferSource } from "./bytes.js";

/** SubtleCrypto's names of the ML-DSA parameter sets. */
export type MlDsaAlgorithm = "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87";
/** SubtleCrypto's names of the ML-KEM parameter sets. */
export type MlKemAlgorithm = "ML-KEM-512" | "ML-KEM-768" | "ML-KEM-1024";

// The formats of the Modern Algorithms draft; the DOM typings do not name them yet.
const RAW_SEED = "raw-seed" as "raw";
const RAW_PUBLIC = "raw-public" as "raw";

/**
 * An ML-DSA parameter set on SubtleCrypto: the secret key is the `CryptoKey` of the seed, its
 * public key read back from the key's JWK (`pub`). Pure ML-DSA, empty context.
 *
 * @param subtle - a SubtleCrypto that has the algorithm
 * @param name - the parameter set
 * @returns the native implementation
 * @example
 * ```ts
 * const signature = createMlDsaImpl(info, webCryptoMlDsa(crypto.subtle, "ML-DSA-65"));
 * ```
 * @internal
 */
export function webCryptoMlDsa(subtle: SubtleCrypto, name: MlDsaAlgorithm): MlDsaLike<CryptoKey> {
  return {
    async keygen(seed) {
      const secretKey = await subtle.importKey(RAW_SEED, bufferSource(seed), { name }, true, ["sign"]);
      const jwk = await subtle.exportKey("jwk", secretKey);
      return { publicKey: base64UrlBytes((jwk as { pub: string }).pub), secretKey };
    },
    async sign(message, secretKey) {
      return new Uint8Array(await subtle.sign({ name }, secretKey, bufferSource(message)));
    },
    async verify(signature, message, publicKey) {
      const key = await subtle.importKey(RAW_PUBLIC, bufferSource(publicKey), { name }, false, ["verify"]);
      return subtle.verify({ name }, key, bufferSource(signature), bufferSource(message));
    },
  };
}

/**
 * HPKE GenerateKeyPair of ML-KEM on SubtleCrypto (draft-ietf-hpke-pq: the private key is the
 * 64-byte seed d‖z of FIPS 203, the public key its encapsulation key).
 *
 * @param subtle - a SubtleCrypto that has the algorithm
 * @param name - the parameter set
 * @returns a fresh key pair in wire form
 * @internal
 */
export async function webCryptoMlKemKeyPair(subtle: SubtleCrypto, name: MlKemAlgorithm): Promise<KeyPair> {
  const pair = (await subtle.generateKey({ name }, true, [
    "encapsulateBits",
    "decapsulateBits",
  ] as unknown as KeyUsage[])) as CryptoKeyPair;
  const [publicKey, privateKey] = await Promise.all([
    subtle.exportKey(RAW_PUBLIC, pair.publicKey),
    subtle.exportKey(RAW_SEED, pair.privateKey),
  ]);
  return { publicKey: new Uint8Array(publicKey), privateKey: new Uint8Array(privateKey) };
}
