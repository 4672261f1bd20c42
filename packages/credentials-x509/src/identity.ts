/**
 * @module identity
 * What the application's identity hook is told about the end-entity certificate (the
 * {@link X509IdentityInfo} of `./identity-info.ts`): its subject as an RFC 4514 string, its
 * subjectAltNames, its extendedKeyUsage and the validated path, so the Authentication Service can
 * bind the credential to the expected user or device (RFC 9420 §5.3.1). Formatting only: parsing
 * is pkijs's and asn1js's.
 *
 * Internal: these functions take pkijs objects, and pkijs's declarations need the DOM lib, so no
 * module the package index re-exports may name them in its declarations.
 */
import { toHex } from "@mlskit/codec";
import * as asn1js from "asn1js";
import { AttributeTypeAndValue, type GeneralName, RelativeDistinguishedNames } from "pkijs";
import type { ParsedCertificate } from "./certificate.js";
import type { X509CertificateSummary, X509IdentityInfo, X509SubjectAltName } from "./identity-info.js";

/** RFC 4514 §3 short names; every other attribute type is written as a dotted OID. */
const SHORT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  "2.5.4.3": "CN",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.6": "C",
  "2.5.4.9": "STREET",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
});

/** RFC 4514 §2.4 escaping of a string attribute value. */
function escapeValue(s: string): string {
  let out = s.replace(/[\\"+,;<>]/g, (c) => `\\${c}`).replace(/\0/g, "\\00");
  if (out.startsWith(" ") || out.startsWith("#")) out = `\\${out}`;
  if (out.endsWith(" ") && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function formatAttribute(atv: AttributeTypeAndValue): string {
  const short = SHORT_NAMES[atv.type];
  const value: unknown = atv.value;
  // RFC 4514 §2.4: a type without a short name, or a value that is not a string, is written as
  // "#" and the hex of its BER encoding.
  if (short !== undefined && value instanceof asn1js.BaseStringBlock) {
    return `${short}=${escapeValue(value.getValue())}`;
  }
  const ber = value instanceof asn1js.BaseBlock ? new Uint8Array(value.toBER(false)) : new Uint8Array();
  return `${short ?? atv.type}=#${toHex(ber)}`;
}

/**
 * An RFC 4514 string for a Name: RDNs from last to first, multi-valued RDNs joined with `+`.
 *
 * @param name - a parsed Name
 * @returns its string form (empty for an empty Name)
 * @internal not exported from the package
 */
export function formatName(name: RelativeDistinguishedNames): string {
  const schema = name.toSchema();
  const rdns: string[] = [];
  for (const set of schema.valueBlock.value) {
    if (!(set instanceof asn1js.Set)) continue;
    rdns.push(
      set.valueBlock.value
        .map((atv) => formatAttribute(new AttributeTypeAndValue({ schema: atv })))
        .join("+"),
    );
  }
  return rdns.reverse().join(",");
}

/** RFC 5952 text of an IPv6 address (longest run of zero groups, if ≥ 2, becomes `::`). */
function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  if (bytes.length === 16) return formatIpv6(bytes);
  return toHex(bytes);
}

function otherName(value: unknown): X509SubjectAltName | undefined {
  // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY } (implicitly tagged [0]).
  if (!(value instanceof asn1js.Constructed)) return undefined;
  const [typeId, wrapped] = value.valueBlock.value;
  if (!(typeId instanceof asn1js.ObjectIdentifier) || !(wrapped instanceof asn1js.Constructed))
    return undefined;
  const inner = wrapped.valueBlock.value[0];
  const data = inner === undefined ? new Uint8Array() : new Uint8Array(inner.toBER(false));
  return { type: "otherName", value: typeId.getValue(), data };
}

function altName(name: GeneralName): X509SubjectAltName | undefined {
  const value: unknown = name.value;
  switch (name.type) {
    case 0:
      return otherName(value);
    case 1:
      return { type: "email", value: String(value) };
    case 2:
      return { type: "dns", value: String(value) };
    case 4:
      return value instanceof RelativeDistinguishedNames
        ? { type: "directoryName", value: formatName(value) }
        : undefined;
    case 6:
      return { type: "uri", value: String(value) };
    case 7:
      return value instanceof asn1js.OctetString
        ? { type: "ip", value: formatIp(value.valueBlock.valueHexView) }
        : undefined;
    case 8:
      return { type: "registeredId", value: String(value) };
    default:
      return undefined;
  }
}

/**
 * Build the identity hook's argument from a validated path.
 *
 * @param path - the validated path, end entity first
 * @param signatureKey - the leaf's signature key
 * @returns the identity information (fresh copies of every byte array)
 * @internal not exported from the package
 */
export function identityInfo(path: readonly ParsedCertificate[], signatureKey: Uint8Array): X509IdentityInfo {
  return Object.freeze({
    ...summarize(path[0]!),
    path: Object.freeze(path.map((c) => c.der.slice())),
    signatureKey: signatureKey.slice(),
  });
}

/**
 * What a certificate says about its subject (see {@link describeCertificate}).
 *
 * @param cert - a parsed certificate
 * @returns the summary (fresh, frozen)
 * @internal not exported from the package
 */
export function summarize(cert: ParsedCertificate): X509CertificateSummary {
  const subjectAltNames: X509SubjectAltName[] = [];
  for (const name of cert.altNames?.altNames ?? []) {
    const entry = altName(name);
    if (entry !== undefined) subjectAltNames.push(entry);
  }
  return Object.freeze({
    subject: formatName(cert.cert.subject),
    subjectAltNames: Object.freeze(subjectAltNames),
    issuer: formatName(cert.cert.issuer),
    serialNumber: toHex(cert.cert.serialNumber.valueBlock.valueHexView),
    extendedKeyUsage:
      cert.extendedKeyUsage === undefined ? undefined : Object.freeze([...cert.extendedKeyUsage]),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  });
}
