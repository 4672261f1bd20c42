/**
 * @module pq-kem
 * HPKE DeriveKeyPair of the post-quantum KEMs as draft-ietf-hpke-pq defines it, written once for
 * every provider: the input keying material goes through SHAKE256's LabeledDerive (the
 * single-stage KDF of draft-ietf-hpke-hpke) to a seed of Nsk bytes — ML-KEM's 64-byte d‖z, X-Wing's
 * 32-byte seed — from which the KEM's own key generation computes the key pair. So any ikm length
 * works (MLS derives node keys from Nh-byte secrets: 32, 48 or 64 bytes), and the result matches
 * the draft's published test vectors. `@hpke/ml-kem` 0.3 would use a 64-byte ikm as the seed
 * directly and refuse other lengths; `@hpke/hybridkem-x-wing` 0.7 hashes it without the label.
 */
import { KEMS, KemId } from "./algorithms.js";
import { assertBytes } from "./assert.js";
import type { HpkeKemLike, HpkeKeyPairLike } from "./hpke-impl.js";

const HPKE_V1 = new TextEncoder().encode("HPKE-v1");
const DERIVE_KEY_PAIR = new TextEncoder().encode("DeriveKeyPair");

/**
 * SHAKE256 with an output length, as a provider has it (`@noble/hashes`' `shake256` with
 * `dkLen`, or `node:crypto`'s `createHash("shake256", { outputLength })`).
 *
 * @example
 * ```ts
 * import { shake256 } from "@noble/hashes/sha3.js";
 * const xof: Shake256 = (data, length) => shake256(data, { dkLen: length });
 * ```
 */
export type Shake256 = (data: Uint8Array, length: number) => Uint8Array;

/**
 * The DeriveKeyPair seed of a post-quantum KEM (draft-ietf-hpke-pq):
 * `SHAKE256.LabeledDerive(ikm, "DeriveKeyPair", "", Nsk)` with the KEM's `suite_id` = "KEM" ‖
 * I2OSP(kem_id, 2), where LabeledDerive(ikm, label, context, L) = SHAKE256(ikm ‖ "HPKE-v1" ‖
 * suite_id ‖ I2OSP(len(label), 2) ‖ label ‖ I2OSP(L, 2) ‖ context, L).
 *
 * @param kemId - a post-quantum KEM id (ML-KEM-512/768/1024, X-Wing)
 * @param ikm - input keying material, any length (at least Nsk bytes of entropy recommended)
 * @param shake256 - the provider's SHAKE256
 * @returns the Nsk-byte seed (the private key in wire form)
 * @example
 * ```ts
 * const seed = pqDeriveKeyPairSeed(KemId.ML_KEM_768, ikm, xof); // 64 bytes
 * ```
 */
export function pqDeriveKeyPairSeed(kemId: KemId, ikm: Uint8Array, shake256: Shake256): Uint8Array {
  assertBytes(ikm, "ikm");
  const size = KEMS[kemId].privateKeySize;
  const input = new Uint8Array(ikm.length + HPKE_V1.length + 5 + 2 + DERIVE_KEY_PAIR.length + 2);
  let at = 0;
  const put = (bytes: Uint8Array): void => {
    input.set(bytes, at);
    at += bytes.length;
  };
  const u16 = (n: number): Uint8Array => new Uint8Array([n >> 8, n & 0xff]);
  put(ikm);
  put(HPKE_V1);
  put(new Uint8Array([0x4b, 0x45, 0x4d, kemId >> 8, kemId & 0xff])); // "KEM" ‖ I2OSP(kem_id, 2)
  put(u16(DERIVE_KEY_PAIR.length));
  put(DERIVE_KEY_PAIR);
  put(u16(size)); // the context is empty
  try {
    return shake256(input, size);
  } finally {
    input.fill(0);
  }
}

/**
 * A post-quantum KEM of an HPKE library with DeriveKeyPair replaced by the draft's: every other
 * operation is the library's. Pass the result as `kem` to `createHpkeImpl` (the library's cipher
 * suite keeps its own KEM for Encap and Decap). The key pair of the derived seed comes from the
 * library: X-Wing's `generateKeyPairDerand(seed)` (`@hpke/hybridkem-x-wing`), ML-KEM's
 * `deriveKeyPair(seed)` (`@hpke/ml-kem`, which takes a 64-byte input as the seed d‖z as is).
 *
 * @typeParam K - the library's key type
 * @param kemId - the KEM's id
 * @param kem - the library's KEM
 * @param shake256 - the provider's SHAKE256
 * @returns the KEM with the draft's DeriveKeyPair
 * @example
 * ```ts
 * import { MlKem768 } from "@hpke/ml-kem";
 * const kem = withPqDeriveKeyPair(KemId.ML_KEM_768, new MlKem768(), xof);
 * ```
 */
export function withPqDeriveKeyPair<K>(
  kemId: KemId,
  kem: HpkeKemLike<K> & { generateKeyPairDerand?(seed: Uint8Array): Promise<HpkeKeyPairLike<K>> },
  shake256: Shake256,
): HpkeKemLike<K> {
  const fromSeed = (seed: Uint8Array): Promise<HpkeKeyPairLike<K>> => {
    if (kemId !== KemId.X_WING) return kem.deriveKeyPair(seed);
    if (kem.generateKeyPairDerand === undefined) throw new TypeError(`"kem" lacks generateKeyPairDerand`);
    return kem.generateKeyPairDerand(seed);
  };
  return {
    serializePublicKey: (key) => kem.serializePublicKey(key),
    deserializePublicKey: (key) => kem.deserializePublicKey(key),
    serializePrivateKey: (key) => kem.serializePrivateKey(key),
    deserializePrivateKey: (key) => kem.deserializePrivateKey(key),
    generateKeyPair: () => kem.generateKeyPair(),
    async deriveKeyPair(ikm) {
      const seed = pqDeriveKeyPairSeed(kemId, ikm, shake256);
      try {
        // The library's key object may keep the array it was given: hand it a copy of its own.
        return await fromSeed(seed.slice());
      } finally {
        seed.fill(0);
      }
    },
  };
}
