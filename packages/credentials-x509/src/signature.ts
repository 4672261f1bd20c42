/**
 * @module signature
 * Verifying a certificate's signature with its issuer's key through WebCrypto (`crypto.subtle`,
 * a platform API in Node ≥ 20 and browsers). Signature algorithms: ECDSA with SHA-256/384/512
 * (RFC 5758), Ed25519 and Ed448 (RFC 8410, where the runtime has them), and RSASSA-PKCS1-v1_5
 * with SHA-256/384/512 (RFC 4055) so that RSA CAs can issue ECDSA or EdDSA end-entity
 * certificates. SHA-1, RSA-PSS and anything else are unsupported on purpose.
 */
import { MlsError } from "@mlskit/errors";
import * as asn1js from "asn1js";
import type { ParsedCertificate } from "./certificate.js";
import { X509ErrorCode } from "./errors.js";
import { type SubjectKey, subjectKey } from "./public-key.js";

type Scheme =
  | { readonly kind: "ecdsa"; readonly hash: string }
  | { readonly kind: "eddsa"; readonly name: "Ed25519" | "Ed448" }
  | { readonly kind: "rsa"; readonly hash: string };

/** Signature algorithm OIDs → WebCrypto parameters. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, Scheme>> = Object.freeze({
  "1.2.840.10045.4.3.2": { kind: "ecdsa", hash: "SHA-256" },
  "1.2.840.10045.4.3.3": { kind: "ecdsa", hash: "SHA-384" },
  "1.2.840.10045.4.3.4": { kind: "ecdsa", hash: "SHA-512" },
  "1.3.101.112": { kind: "eddsa", name: "Ed25519" },
  "1.3.101.113": { kind: "eddsa", name: "Ed448" },
  "1.2.840.113549.1.1.11": { kind: "rsa", hash: "SHA-256" },
  "1.2.840.113549.1.1.12": { kind: "rsa", hash: "SHA-384" },
  "1.2.840.113549.1.1.13": { kind: "rsa", hash: "SHA-512" },
});

/** Weaker RSA issuer keys are refused (NIST SP 800-131A: 112-bit security at least). */
const MIN_RSA_BITS = 2048;

/** The outcome of one signature check. @internal */
export type SignatureCheck =
  | { readonly status: "valid" }
  | { readonly status: "invalid"; readonly reason: string }
  | { readonly status: "unsupported"; readonly reason: string };

const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** ECDSA-Sig-Value (DER SEQUENCE of r, s) → the fixed-size `r || s` WebCrypto verifies. */
function ecdsaSignatureToRaw(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | undefined {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset !== der.length || !(asn1.result instanceof asn1js.Sequence)) return undefined;
  const parts = asn1.result.valueBlock.value;
  if (parts.length !== 2) return undefined;
  const out = new Uint8Array(2 * size);
  for (const [i, part] of parts.entries()) {
    if (!(part instanceof asn1js.Integer)) return undefined;
    let v = part.toBigInt();
    if (v <= 0n || v >> BigInt(8 * size) !== 0n) return undefined;
    for (let j = (i + 1) * size - 1; j >= i * size; j--, v >>= 8n) out[j] = Number(v & 0xffn);
  }
  return out;
}

function importParams(
  key: SubjectKey,
  scheme: Scheme,
): EcKeyImportParams | RsaHashedImportParams | Algorithm {
  if (scheme.kind === "ecdsa") return { name: "ECDSA", namedCurve: key.algorithm };
  if (scheme.kind === "rsa") return { name: "RSASSA-PKCS1-v1_5", hash: scheme.hash };
  return { name: scheme.name };
}

function keyFits(key: SubjectKey, scheme: Scheme): boolean {
  if (scheme.kind === "ecdsa") return key.fieldSize > 0;
  if (scheme.kind === "rsa") return key.algorithm === "RSA";
  return key.algorithm === scheme.name;
}

/**
 * Check that `issuer`'s key verifies `child`'s signature over its tbsCertificate.
 *
 * @param child - the certificate whose signature is checked
 * @param issuer - the candidate issuer
 * @param subtle - the WebCrypto implementation
 * @returns valid, invalid (the key does not verify it) or unsupported (algorithm, curve, runtime)
 * @internal not exported from the package
 */
export async function checkCertificateSignature(
  child: ParsedCertificate,
  issuer: ParsedCertificate,
  subtle: SubtleCrypto,
): Promise<SignatureCheck> {
  const oid = child.cert.signatureAlgorithm.algorithmId;
  const scheme = SIGNATURE_ALGORITHMS[oid];
  if (scheme === undefined) return { status: "unsupported", reason: `signature algorithm ${oid}` };
  let key: SubjectKey;
  try {
    key = subjectKey(issuer.cert.subjectPublicKeyInfo, issuer.origin);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (MlsError.is(e, X509ErrorCode.unsupportedAlgorithm)) return { status: "unsupported", reason };
    return { status: "invalid", reason };
  }
  if (!keyFits(key, scheme))
    return { status: "invalid", reason: `a ${key.algorithm} key cannot verify ${oid}` };
  const spki = new Uint8Array(issuer.cert.subjectPublicKeyInfo.toSchema().toBER(false));
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await subtle.importKey("spki", spki, importParams(key, scheme), false, ["verify"]);
  } catch (e) {
    // NotSupportedError: the runtime lacks the algorithm (e.g. Ed448 in browsers); anything else
    // (DataError) is a key that is not a valid point or modulus.
    const name = e instanceof Error ? e.name : "";
    if (name === "NotSupportedError")
      return { status: "unsupported", reason: `${key.algorithm} in this runtime` };
    return { status: "invalid", reason: `the issuer key cannot be imported (${name || "error"})` };
  }
  const modulusLength = (cryptoKey.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
  if (key.algorithm === "RSA" && (modulusLength ?? 0) < MIN_RSA_BITS)
    return { status: "unsupported", reason: `RSA key of ${modulusLength} bits (at least ${MIN_RSA_BITS})` };
  const value = child.cert.signatureValue.valueBlock.valueHexView;
  let signature: Uint8Array<ArrayBuffer>;
  let params: EcdsaParams | Algorithm;
  if (scheme.kind === "ecdsa") {
    // RFC 5758 §3.2: the signature is the DER ECDSA-Sig-Value; WebCrypto wants fixed-size r || s.
    const raw = ecdsaSignatureToRaw(value, key.fieldSize);
    if (raw === undefined) return { status: "invalid", reason: "malformed ECDSA signature" };
    signature = raw;
    params = { name: "ECDSA", hash: scheme.hash };
  } else {
    signature = copy(value);
    params = { name: scheme.kind === "rsa" ? "RSASSA-PKCS1-v1_5" : scheme.name };
  }
  try {
    const ok = await subtle.verify(params, cryptoKey, signature, copy(child.tbs));
    return ok ? { status: "valid" } : { status: "invalid", reason: "signature does not verify" };
  } catch (e) {
    return {
      status: "invalid",
      reason: `signature does not verify (${e instanceof Error ? e.name : "error"})`,
    };
  }
}
