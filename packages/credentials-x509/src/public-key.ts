/**
 * @module public-key
 * SubjectPublicKeyInfo → the MLS `SignaturePublicKey` encoding (RFC 9420 §5.1.1), so the
 * end-entity key can be compared byte for byte with `LeafNode.signature_key` (§5.3), and the
 * WebCrypto import parameters of an issuer's key.
 *
 * Ed25519 and Ed448 keys are the raw RFC 8032 bytes of the BIT STRING (RFC 8410 §4). ECDSA keys
 * are the uncompressed SEC1 point (`04 || X || Y`, RFC 5480 §2.2), which is what MLS uses for its
 * P-256/P-384/P-521 suites. A compressed point (`02`/`03`) is rejected with
 * `X509_UNSUPPORTED_ALGORITHM`: MLS never uses one, WebCrypto in browsers cannot import one, and
 * decompressing it would mean curve arithmetic outside a crypto provider.
 *
 * Internal: these functions take pkijs objects, and pkijs's declarations need the DOM lib, so no
 * module the package index re-exports may name them in its declarations
 * (`signatureKeyFromCertificate` is the public entry).
 */
import { ValidationError } from "@mlskit/errors";
import * as asn1js from "asn1js";
import type { Certificate, PublicKeyInfo } from "pkijs";
import { type CertificateOrigin, describeOrigin } from "./certificate.js";
import { X509ErrorCode } from "./errors.js";

/** Public key algorithms (SPKI `algorithm`) accepted here. */
const KEY_OID = Object.freeze({
  ecPublicKey: "1.2.840.10045.2.1", // RFC 5480
  ed25519: "1.3.101.112", // RFC 8410
  ed448: "1.3.101.113",
  rsaEncryption: "1.2.840.113549.1.1.1", // RFC 8017; issuers only
} as const);

/** Named curves of id-ecPublicKey (RFC 5480 §2.1.1.1) with their coordinate size. */
const CURVES: Readonly<
  Record<string, { readonly name: "P-256" | "P-384" | "P-521"; readonly size: number }>
> = Object.freeze({
  "1.2.840.10045.3.1.7": { name: "P-256", size: 32 },
  "1.3.132.0.34": { name: "P-384", size: 48 },
  "1.3.132.0.35": { name: "P-521", size: 66 },
});

/** The signature key algorithms an end-entity certificate may hold. @internal */
export type SignatureKeyAlgorithm = "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521";

/** A key from a SubjectPublicKeyInfo, ready for WebCrypto or comparison. @internal */
export interface SubjectKey {
  /** `"RSA"` only for issuers: MLS has no RSA signature scheme. */
  readonly algorithm: SignatureKeyAlgorithm | "RSA";
  /** The BIT STRING content: raw EdDSA key, SEC1 point, or PKCS#1 RSAPublicKey. */
  readonly raw: Uint8Array;
  /** Coordinate size for ECDSA keys (bytes), else 0. */
  readonly fieldSize: number;
}

function unsupported(origin: CertificateOrigin, what: string, reason: string): ValidationError {
  return new ValidationError(
    X509ErrorCode.unsupportedAlgorithm,
    `${describeOrigin(origin)}: unsupported ${what}`,
    { details: { certificate: origin, reason } },
  );
}

function malformedKey(origin: CertificateOrigin, why: string): ValidationError {
  return new ValidationError(
    X509ErrorCode.malformedCertificate,
    `${describeOrigin(origin)} is not a valid X.509 certificate: ${why}`,
    { details: { certificate: origin, reason: why } },
  );
}

/**
 * Read the key of a SubjectPublicKeyInfo.
 *
 * @param spki - the parsed SubjectPublicKeyInfo
 * @param origin - where the certificate came from, for error details
 * @returns the key and its algorithm
 * @throws ValidationError `X509_UNSUPPORTED_ALGORITHM` for other algorithms, curves or compressed points
 * @throws ValidationError `X509_MALFORMED_CERTIFICATE` for a key of the wrong size
 * @internal not exported from the package
 */
export function subjectKey(spki: PublicKeyInfo, origin: CertificateOrigin): SubjectKey {
  const oid = spki.algorithm.algorithmId;
  if (spki.subjectPublicKey.valueBlock.unusedBits !== 0)
    throw malformedKey(origin, "key BIT STRING has unused bits");
  const raw = spki.subjectPublicKey.valueBlock.valueHexView;
  if (oid === KEY_OID.ed25519 || oid === KEY_OID.ed448) {
    const [algorithm, size] = oid === KEY_OID.ed25519 ? (["Ed25519", 32] as const) : (["Ed448", 57] as const);
    // RFC 8410 §3: the parameters MUST be absent.
    if (spki.algorithm.algorithmParams !== undefined)
      throw malformedKey(origin, `${algorithm} key with algorithm parameters`);
    if (raw.length !== size) throw malformedKey(origin, `${algorithm} key of ${raw.length} bytes`);
    return { algorithm, raw, fieldSize: 0 };
  }
  if (oid === KEY_OID.ecPublicKey) {
    const params: unknown = spki.algorithm.algorithmParams;
    // RFC 5480 §2.1.1: only namedCurve is allowed (no implicit or specified curves).
    if (!(params instanceof asn1js.ObjectIdentifier))
      throw unsupported(origin, "EC key without a named curve", "ec-parameters");
    const curveOid = params.getValue();
    const curve = CURVES[curveOid];
    if (curve === undefined) throw unsupported(origin, `elliptic curve ${curveOid}`, "curve");
    if ((raw[0] === 0x02 || raw[0] === 0x03) && raw.length === 1 + curve.size)
      throw unsupported(origin, `compressed ${curve.name} point`, "compressed-point");
    if (raw[0] !== 0x04 || raw.length !== 1 + 2 * curve.size)
      throw malformedKey(origin, `${curve.name} key is not a SEC1 point`);
    return { algorithm: curve.name, raw, fieldSize: curve.size };
  }
  if (oid === KEY_OID.rsaEncryption) return { algorithm: "RSA", raw, fieldSize: 0 };
  throw unsupported(origin, `public key algorithm ${oid}`, "key-algorithm");
}

/**
 * The end-entity key in the MLS `SignaturePublicKey` encoding.
 *
 * @param cert - the parsed certificate
 * @param origin - where it came from, for error details
 * @returns the MLS encoding of its key
 * @throws ValidationError `X509_UNSUPPORTED_ALGORITHM` for RSA and anything else MLS cannot sign with
 * @internal not exported from the package
 */
export function mlsSignatureKey(cert: Certificate, origin: CertificateOrigin): Uint8Array {
  const key = subjectKey(cert.subjectPublicKeyInfo, origin);
  // RFC 9420 §5.1.1 and §17.1: MLS signature schemes are ECDSA P-256/384/521, Ed25519 and Ed448.
  if (key.algorithm === "RSA")
    throw unsupported(origin, "RSA end-entity key (no MLS signature scheme)", "rsa");
  return key.raw.slice();
}
