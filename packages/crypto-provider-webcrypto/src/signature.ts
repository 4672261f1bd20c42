/**
 * @module signature
 * The signature schemes of RFC 9420 §5.1.2 on SubtleCrypto: Ed25519 and Ed448 (RFC 8032, pure,
 * empty context) and ECDSA on P-256/P-384/P-521 with SHA-256/384/512. WebCrypto speaks raw
 * `r‖s` (IEEE P1363) for ECDSA; RFC 9420 puts DER on the wire, so signatures are converted both
 * ways. Private keys are imported as PKCS#8 once per key array ({@link PrivateKeyCache}), public
 * keys once per value ({@link PublicKeyCache}). When the runtime lacks Ed25519 or Ed448, the
 * `@noble/curves` implementation is loaded (lazily, so bundles that never need it never load it).
 */
import {
  type CipherSuiteInfo,
  CryptoErrorCode,
  type HashName,
  type KeyPair,
  type SignatureImpl,
} from "@mlskit/crypto-provider";
import {
  assertPrivateKeySize,
  assertSignArgs,
  assertVerifyArgs,
  createEdDsaImpl,
  createMlDsaImpl,
  cryptoError,
  ecdsaRawToDer,
  ecdsaVerifyInput,
} from "@mlskit/crypto-provider/kit";
import { base64UrlBytes, bufferSource } from "./bytes.js";
import { PrivateKeyCache, PublicKeyCache } from "./key-cache.js";
import { ecPkcs8, type NistCurve, nistCurve, normalizeScalar, okpPkcs8 } from "./keys.js";
import { webCryptoMlDsa } from "./post-quantum.js";

/**
 * The {@link SignatureImpl} of a suite.
 *
 * @param subtle - the runtime's SubtleCrypto
 * @param info - the suite's registry row
 * @param native - whether SubtleCrypto has the suite's EdDSA curve or ML-DSA parameter set (the probe's answer)
 *   (ignored for ECDSA)
 * @returns the implementation
 * @example
 * ```ts
 * const sig = await webCryptoSignature(crypto.subtle, cipherSuiteInfo(1)!, true);
 * const kp = await sig.generateKeyPair();
 * ```
 * @internal
 */
export async function webCryptoSignature(
  subtle: SubtleCrypto,
  info: CipherSuiteInfo,
  native: boolean,
): Promise<SignatureImpl> {
  switch (info.signatureName) {
    case "ed25519":
      if (native) return nativeEdDsaImpl(subtle, "Ed25519", 32);
      return createEdDsaImpl((await import("@noble/curves/ed25519.js")).ed25519, 32);
    case "ed448":
      if (native) return nativeEdDsaImpl(subtle, "Ed448", 57);
      return createEdDsaImpl((await import("@noble/curves/ed448.js")).ed448, 57);
    case "ecdsa_secp256r1_sha256":
      return ecdsa(subtle, nistCurve("P-256"), "SHA-256");
    case "ecdsa_secp384r1_sha384":
      return ecdsa(subtle, nistCurve("P-384"), "SHA-384");
    case "ecdsa_secp521r1_sha512":
      return ecdsa(subtle, nistCurve("P-521"), "SHA-512");
    // FIPS 204 through the shared ML-DSA adapter: SubtleCrypto where probed, else
    // @noble/post-quantum (loaded lazily).
    case "mldsa44":
      if (native) return createMlDsaImpl(info, webCryptoMlDsa(subtle, "ML-DSA-44"));
      return createMlDsaImpl(info, (await import("@noble/post-quantum/ml-dsa.js")).ml_dsa44);
    case "mldsa65":
      if (native) return createMlDsaImpl(info, webCryptoMlDsa(subtle, "ML-DSA-65"));
      return createMlDsaImpl(info, (await import("@noble/post-quantum/ml-dsa.js")).ml_dsa65);
    case "mldsa87":
      if (native) return createMlDsaImpl(info, webCryptoMlDsa(subtle, "ML-DSA-87"));
      return createMlDsaImpl(info, (await import("@noble/post-quantum/ml-dsa.js")).ml_dsa87);
  }
}

/** Import a PKCS#8 key and wipe the DER and the raw bytes it was built from. */
async function importPkcs8(
  subtle: SubtleCrypto,
  der: Uint8Array,
  raw: Uint8Array,
  alg: EcKeyImportParams | Algorithm,
): Promise<CryptoKey> {
  try {
    return await subtle.importKey("pkcs8", bufferSource(der), alg, false, ["sign"]);
  } catch (e) {
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, "signature private key does not import", {}, e);
  } finally {
    der.fill(0);
    raw.fill(0);
  }
}

async function signOrThrow(run: () => Promise<ArrayBuffer | Uint8Array>): Promise<Uint8Array> {
  try {
    return new Uint8Array(await run());
  } catch (e) {
    throw cryptoError(CryptoErrorCode.signFailed, "signing failed", {}, e);
  }
}

function nativeEdDsaImpl(subtle: SubtleCrypto, alg: "Ed25519" | "Ed448", size: number): SignatureImpl {
  const privateKeys = new PrivateKeyCache();
  const publicKeys = new PublicKeyCache();
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      const pair = (await subtle.generateKey({ name: alg }, true, ["sign", "verify"])) as CryptoKeyPair;
      // RFC 8037 §2: the JWK holds the RFC 8032 seed as `d` and the public key as `x`.
      const jwk = await subtle.exportKey("jwk", pair.privateKey);
      const privateKey = base64UrlBytes(jwk.d!);
      privateKeys.set(privateKey, pair.privateKey);
      return { publicKey: base64UrlBytes(jwk.x!), privateKey };
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      assertPrivateKeySize(privateKey, size, "EdDSA");
      const key = await privateKeys.get(privateKey, (seed) =>
        importPkcs8(subtle, okpPkcs8(alg, seed), seed, { name: alg }),
      );
      // RFC 9420 §5.1.2: pure EdDSA; Ed448 with an empty context (WebCrypto's default).
      return signOrThrow(() => subtle.sign({ name: alg }, key, bufferSource(message)));
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      if (publicKey.length !== size || signature.length !== 2 * size) return false;
      try {
        const key = await publicKeys.get(publicKey, (raw) =>
          subtle.importKey("raw", bufferSource(raw), { name: alg }, false, ["verify"]),
        );
        return await subtle.verify({ name: alg }, key, bufferSource(signature), bufferSource(message));
      } catch {
        return false;
      }
    },
  });
}

function ecdsa(subtle: SubtleCrypto, curve: NistCurve, hash: HashName): SignatureImpl {
  const privateKeys = new PrivateKeyCache();
  const publicKeys = new PublicKeyCache();
  const alg = { name: "ECDSA", namedCurve: curve.name };
  const params = { name: "ECDSA", hash };
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      const pair = (await subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
      const jwk = await subtle.exportKey("jwk", pair.privateKey);
      // RFC 7518 §6.2: d, x and y are full-length big-endian; the wire public key is
      // RFC 8446 §4.2.8.2 UncompressedPointRepresentation 0x04 ‖ X ‖ Y.
      const x = base64UrlBytes(jwk.x!);
      const y = base64UrlBytes(jwk.y!);
      const publicKey = new Uint8Array(1 + 2 * curve.size);
      publicKey[0] = 0x04;
      publicKey.set(x, 1 + curve.size - x.length);
      publicKey.set(y, 1 + 2 * curve.size - y.length);
      const d = base64UrlBytes(jwk.d!);
      const privateKey = normalizeScalar(d, curve, "ECDSA");
      d.fill(0);
      privateKeys.set(privateKey, pair.privateKey);
      return { publicKey, privateKey };
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      const key = await privateKeys.get(privateKey, async (bytes) => {
        let scalar: Uint8Array;
        try {
          scalar = normalizeScalar(bytes, curve, "ECDSA");
        } finally {
          bytes.fill(0);
        }
        return importPkcs8(subtle, ecPkcs8(curve, scalar), scalar, alg);
      });
      // RFC 9420 §5.1.2 + RFC 8446 §4.2.3: ECDSA over the suite hash; WebCrypto returns r‖s,
      // the wire wants DER ECDSA-Sig-Value.
      return ecdsaRawToDer(await signOrThrow(() => subtle.sign(params, key, bufferSource(message))));
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      const raw = ecdsaVerifyInput(publicKey, signature, curve.size);
      if (raw === undefined) return false;
      try {
        // importKey("raw") rejects points off the curve.
        const key = await publicKeys.get(publicKey, (bytes) =>
          subtle.importKey("raw", bufferSource(bytes), alg, false, ["verify"]),
        );
        // High-S signatures from other implementations are valid ECDSA; WebCrypto accepts them.
        return await subtle.verify(params, key, bufferSource(raw), bufferSource(message));
      } catch {
        return false;
      }
    },
  });
}
