/**
 * @module certificate
 * Parsing one DER certificate with pkijs into the few facts path validation needs: the exact
 * to-be-signed bytes, validity in epoch seconds, basicConstraints, keyUsage, subjectAltName,
 * extendedKeyUsage and the critical extensions this package does not process. Every parse failure
 * is an `X509_MALFORMED_CERTIFICATE` `ValidationError` naming the certificate, never its bytes.
 */
import { ValidationError } from "@mlskit/errors";
import * as asn1js from "asn1js";
import { AltName, BasicConstraints, Certificate, ExtKeyUsage } from "pkijs";
import { X509ErrorCode } from "./errors.js";

/** Where a certificate came from: its index in the credential, or a trust anchor. @internal */
export type CertificateOrigin = number | "trust-anchor";

/** An upper bound on one certificate's size; real ones are a few KiB. @internal */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** RFC 5280 §4.2.1.3 KeyUsage bit numbers used here. @internal */
export const KeyUsageBit = Object.freeze({ digitalSignature: 0, keyCertSign: 5 } as const);

const OID = Object.freeze({
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
} as const);

/**
 * Extensions that this package processes or that cannot restrict the path, so they may be
 * critical (RFC 5280 §4.2: a certificate with any other critical extension MUST be rejected).
 * extendedKeyUsage is not enforced here but handed to the identity hook.
 */
const HANDLED_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(OID));

/** A parsed certificate with the facts path validation needs. @internal */
export interface ParsedCertificate {
  readonly origin: CertificateOrigin;
  readonly der: Uint8Array;
  readonly cert: Certificate;
  /** The exact DER of `tbsCertificate`, as signed. */
  readonly tbs: Uint8Array;
  readonly notBefore: bigint;
  readonly notAfter: bigint;
  /** `undefined` when the extension is absent. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLen: number | undefined } | undefined;
  /** The KeyUsage bits set, `undefined` when the extension is absent. */
  readonly keyUsage: ReadonlySet<number> | undefined;
  readonly altNames: AltName | undefined;
  /** extendedKeyUsage purposes (OIDs), `undefined` when the extension is absent. */
  readonly extendedKeyUsage: readonly string[] | undefined;
  /** OIDs of critical extensions not in the handled set. */
  readonly unhandledCritical: readonly string[];
  /** Whether issuer and subject are the same name (RFC 5280 §6.1 "self-issued"). */
  readonly selfIssued: boolean;
}

/** Describe a certificate's origin for messages. @internal */
export function describeOrigin(origin: CertificateOrigin): string {
  return origin === "trust-anchor" ? "trust anchor" : `certificates[${origin}]`;
}

function malformed(origin: CertificateOrigin, why: string, cause?: unknown): ValidationError {
  return new ValidationError(
    X509ErrorCode.malformedCertificate,
    `${describeOrigin(origin)} is not a valid X.509 certificate: ${why}`,
    { details: { certificate: origin, reason: why }, ...(cause === undefined ? {} : { cause }) },
  );
}

function epochSeconds(date: Date, origin: CertificateOrigin, field: string): bigint {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw malformed(origin, `invalid ${field}`);
  return BigInt(Math.floor(ms / 1000));
}

function bitStringBits(bits: asn1js.BitString): Set<number> {
  const bytes = bits.valueBlock.valueHexView;
  const set = new Set<number>();
  // DER BIT STRING: bit 0 is the most significant bit of the first byte.
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3]! >> (7 - (i & 7))) & 1) set.add(i);
  return set;
}

function pathLenOf(v: number | asn1js.Integer | undefined, origin: CertificateOrigin): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === "number" ? v : Number(v.toBigInt());
  if (!Number.isSafeInteger(n) || n < 0) throw malformed(origin, "negative or huge pathLenConstraint");
  return n;
}

/**
 * Parse one DER certificate.
 *
 * @param der - the certificate bytes
 * @param origin - where it came from, for error details
 * @returns the parsed certificate
 * @throws ValidationError `X509_MALFORMED_CERTIFICATE` when it is not one well-formed certificate
 * @internal not exported from the package
 */
export function parseCertificate(der: Uint8Array, origin: CertificateOrigin): ParsedCertificate {
  if (der.length === 0) throw malformed(origin, "empty");
  if (der.length > MAX_CERTIFICATE_BYTES)
    throw malformed(origin, `larger than ${MAX_CERTIFICATE_BYTES} bytes`);
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1) throw malformed(origin, "not DER");
  // One certificate per entry: trailing bytes would be unsigned data riding along.
  if (asn1.offset !== der.length) throw malformed(origin, `${der.length - asn1.offset} trailing bytes`);
  let cert: Certificate;
  try {
    cert = new Certificate({ schema: asn1.result });
  } catch (e) {
    throw malformed(origin, "does not match the Certificate structure of RFC 5280 §4.1", e);
  }
  // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!cert.signature.isEqual(cert.signatureAlgorithm))
    throw malformed(origin, "signatureAlgorithm differs from tbsCertificate.signature");
  if (cert.signatureValue.valueBlock.unusedBits !== 0)
    throw malformed(origin, "signature BIT STRING has unused bits");
  const notBefore = epochSeconds(cert.notBefore.value, origin, "notBefore");
  const notAfter = epochSeconds(cert.notAfter.value, origin, "notAfter");

  let basicConstraints: ParsedCertificate["basicConstraints"];
  let keyUsage: Set<number> | undefined;
  let altNames: AltName | undefined;
  let extendedKeyUsage: string[] | undefined;
  const unhandledCritical: string[] = [];
  const seen = new Set<string>();
  for (const ext of cert.extensions ?? []) {
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(ext.extnID)) throw malformed(origin, `extension ${ext.extnID} appears twice`);
    seen.add(ext.extnID);
    if (ext.critical && !HANDLED_EXTENSIONS.has(ext.extnID)) unhandledCritical.push(ext.extnID);
    if (ext.extnID === OID.basicConstraints) {
      const v = ext.parsedValue;
      if (!(v instanceof BasicConstraints) || "parsingError" in v)
        throw malformed(origin, "bad basicConstraints extension");
      basicConstraints = { ca: v.cA === true, pathLen: pathLenOf(v.pathLenConstraint, origin) };
    } else if (ext.extnID === OID.keyUsage) {
      const v = ext.parsedValue;
      if (!(v instanceof asn1js.BitString)) throw malformed(origin, "bad keyUsage extension");
      keyUsage = bitStringBits(v);
    } else if (ext.extnID === OID.subjectAltName) {
      const v = ext.parsedValue;
      if (!(v instanceof AltName) || "parsingError" in v)
        throw malformed(origin, "bad subjectAltName extension");
      altNames = v;
    } else if (ext.extnID === OID.extKeyUsage) {
      const v = ext.parsedValue;
      if (!(v instanceof ExtKeyUsage) || "parsingError" in v)
        throw malformed(origin, "bad extendedKeyUsage extension");
      extendedKeyUsage = [...v.keyPurposes];
    }
  }
  return {
    origin,
    der,
    cert,
    tbs: cert.tbsView,
    notBefore,
    notAfter,
    basicConstraints,
    keyUsage,
    altNames,
    extendedKeyUsage,
    unhandledCritical,
    selfIssued: cert.issuer.isEqual(cert.subject),
  };
}
