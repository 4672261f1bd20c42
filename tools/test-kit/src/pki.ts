/**
 * @module pki
 * A tiny test CA built with the same library the X.509 validator uses (pkijs + asn1js) and
 * WebCrypto: key generation, SPKIs from raw MLS keys, and certificates signed by any of our CA
 * keys, with every knob the negative tests need (validity, basicConstraints, keyUsage, names,
 * extensions, signature algorithm). Shared by the X.509 validator's tests, the tests of the
 * directory and the CLI that trust certificates, and the directory benchmark. Test-only.
 */
import * as asn1js from "asn1js";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  BasicConstraints,
  Certificate,
  Extension,
  GeneralName,
  PublicKeyInfo,
  RelativeDistinguishedNames,
  Time,
} from "pkijs";

const subtle = globalThis.crypto.subtle;

export const NOW = 1_800_000_000n; // 2027-01-15
export const DAY = 86_400n;

export type CaAlgorithm = "Ed25519" | "P-256" | "P-384" | "P-521" | "RSA";
export type SignatureKeyAlgorithm = "Ed25519" | "P-256" | "P-384" | "P-521";

export interface Signer {
  readonly algorithm: CaAlgorithm;
  readonly privateKey: CryptoKey;
  readonly spki: Uint8Array;
}

export interface Issuer {
  readonly name: RelativeDistinguishedNames;
  readonly signer: Signer;
}

const ECDSA_HASH: Record<string, [string, string]> = {
  "P-256": ["SHA-256", "1.2.840.10045.4.3.2"],
  "P-384": ["SHA-384", "1.2.840.10045.4.3.3"],
  "P-521": ["SHA-512", "1.2.840.10045.4.3.4"],
};

/** A fresh CA key pair. */
export async function generateSigner(algorithm: CaAlgorithm, modulusLength = 2048): Promise<Signer> {
  const params =
    algorithm === "Ed25519"
      ? { name: "Ed25519" }
      : algorithm === "RSA"
        ? {
            name: "RSASSA-PKCS1-v1_5",
            modulusLength,
            publicExponent: new Uint8Array([1, 0, 1]),
            hash: "SHA-256",
          }
        : { name: "ECDSA", namedCurve: algorithm };
  const pair = (await subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  return { algorithm, privateKey: pair.privateKey, spki };
}

/** The SPKI of a raw MLS signature public key (raw Ed25519 / uncompressed SEC1 point). */
export async function spkiFromMlsKey(algorithm: SignatureKeyAlgorithm, raw: Uint8Array): Promise<Uint8Array> {
  const params = algorithm === "Ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: algorithm };
  const key = await subtle.importKey("raw", new Uint8Array(raw), params, true, ["verify"]);
  return new Uint8Array(await subtle.exportKey("spki", key));
}

/** An SPKI built by hand (for keys WebCrypto will not export: compressed points, odd curves). */
export function spkiOf(algorithmId: string, params: asn1js.AsnType | undefined, key: Uint8Array): Uint8Array {
  const spki = new PublicKeyInfo({
    algorithm: new AlgorithmIdentifier({
      algorithmId,
      ...(params === undefined ? {} : { algorithmParams: params }),
    }),
    subjectPublicKey: new asn1js.BitString({ valueHex: new Uint8Array(key) }),
  });
  return new Uint8Array(spki.toSchema().toBER(false));
}

export const ecSpki = (curveOid: string, point: Uint8Array) =>
  spkiOf("1.2.840.10045.2.1", new asn1js.ObjectIdentifier({ value: curveOid }), point);

/** A Name from `[[oid, value], ...]` RDNs (each RDN single-valued unless given as an array of pairs). */
export function name(
  ...rdns: (readonly [string, string] | (readonly [string, string])[])[]
): RelativeDistinguishedNames {
  const sets = rdns.map((rdn) => {
    const pairs = (Array.isArray(rdn[0]) ? rdn : [rdn]) as (readonly [string, string])[];
    return new asn1js.Set({
      value: pairs.map(([type, value]) =>
        new AttributeTypeAndValue({
          type,
          value:
            type === "2.5.4.6" ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
        }).toSchema(),
      ),
    });
  });
  return RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: sets }).toBER(false));
}

export const CN = "2.5.4.3";
export const O = "2.5.4.10";
export const C = "2.5.4.6";
export const cn = (common: string) => name([O, "mlskit tests"], [CN, common]);

export const KeyUsage = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

function keyUsageExtension(bits: readonly number[]): Extension {
  const top = Math.max(...bits);
  const bytes = new Uint8Array((top >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  const value = new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (top & 7) });
  return new Extension({ extnID: "2.5.29.15", critical: true, extnValue: value.toBER(false) });
}

export interface CertSpec {
  readonly subject: RelativeDistinguishedNames;
  /** The subject's SPKI DER. */
  readonly spki: Uint8Array;
  /** `"self"`: issued by its own `signer`. */
  readonly issuer: Issuer | { readonly self: Signer };
  readonly notBefore?: bigint;
  readonly notAfter?: bigint;
  /** basicConstraints: absent when undefined, else cA and optional pathLen. */
  readonly ca?: { readonly ca: boolean; readonly pathLen?: number };
  readonly keyUsage?: readonly number[];
  /** SAN entries: pkijs GeneralNames, or raw blocks (pkijs cannot encode an otherName). */
  readonly altNames?: readonly (GeneralName | asn1js.BaseBlock)[];
  readonly extensions?: readonly Extension[];
  /** Override the signature algorithm OID (signing still uses the signer's scheme). */
  readonly signatureOid?: string;
  /** For RSA signers: the hash (default SHA-256). */
  readonly rsaHash?: "SHA-1" | "SHA-256";
  readonly serial?: number;
  /** Flip a bit of the signature after signing. */
  readonly corruptSignature?: boolean;
}

let serialCounter = 1;

function time(t: bigint): Time {
  const date = new Date(Number(t) * 1000);
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return new Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}

function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (bytes: Uint8Array) => {
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    return asn1js.Integer.fromBigInt(v);
  };
  return new Uint8Array(
    new asn1js.Sequence({ value: [int(raw.subarray(0, half)), int(raw.subarray(half))] }).toBER(false),
  );
}

/** Issue a certificate; returns its DER. */
export async function issue(spec: CertSpec): Promise<Uint8Array> {
  const signer = "self" in spec.issuer ? spec.issuer.self : spec.issuer.signer;
  const issuerName = "self" in spec.issuer ? spec.subject : spec.issuer.name;
  const cert = new Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: spec.serial ?? serialCounter++ });
  cert.issuer = issuerName;
  cert.subject = spec.subject;
  cert.notBefore = time(spec.notBefore ?? NOW - 30n * DAY);
  cert.notAfter = time(spec.notAfter ?? NOW + 365n * DAY);
  cert.subjectPublicKeyInfo = PublicKeyInfo.fromBER(new Uint8Array(spec.spki));
  const extensions: Extension[] = [];
  if (spec.ca !== undefined) {
    const bc = new BasicConstraints({
      cA: spec.ca.ca,
      ...(spec.ca.pathLen === undefined ? {} : { pathLenConstraint: spec.ca.pathLen }),
    });
    extensions.push(
      new Extension({ extnID: "2.5.29.19", critical: true, extnValue: bc.toSchema().toBER(false) }),
    );
  }
  if (spec.keyUsage !== undefined) extensions.push(keyUsageExtension(spec.keyUsage));
  if (spec.altNames !== undefined) {
    const san = new asn1js.Sequence({
      value: spec.altNames.map((n) => (n instanceof GeneralName ? n.toSchema() : n)),
    });
    extensions.push(new Extension({ extnID: "2.5.29.17", critical: false, extnValue: san.toBER(false) }));
  }
  extensions.push(...(spec.extensions ?? []));
  if (extensions.length > 0) cert.extensions = extensions;

  let oid: string;
  let params: asn1js.AsnType | undefined;
  let sign: (tbs: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;
  if (signer.algorithm === "Ed25519") {
    oid = "1.3.101.112";
    sign = async (tbs) => new Uint8Array(await subtle.sign("Ed25519", signer.privateKey, tbs));
  } else if (signer.algorithm === "RSA") {
    const hash = spec.rsaHash ?? "SHA-256";
    oid = hash === "SHA-1" ? "1.2.840.113549.1.1.5" : "1.2.840.113549.1.1.11";
    params = new asn1js.Null();
    // The key was generated for SHA-256; re-import it for the hash asked for.
    const { alg: _alg, ...jwk } = await subtle.exportKey("jwk", signer.privateKey);
    const key = await subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["sign"]);
    sign = async (tbs) => new Uint8Array(await subtle.sign("RSASSA-PKCS1-v1_5", key, tbs));
  } else {
    const [hash, o] = ECDSA_HASH[signer.algorithm]!;
    oid = o;
    sign = async (tbs) =>
      ecdsaRawToDer(new Uint8Array(await subtle.sign({ name: "ECDSA", hash }, signer.privateKey, tbs)));
  }
  const alg = new AlgorithmIdentifier({
    algorithmId: spec.signatureOid ?? oid,
    ...(params === undefined ? {} : { algorithmParams: params }),
  });
  cert.signature = alg;
  cert.signatureAlgorithm = alg;
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  const signature = await sign(new Uint8Array(cert.tbsView));
  if (spec.corruptSignature === true) signature[signature.length - 1]! ^= 1;
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** A CA: its name, key and self-signed (or issued) certificate. */
export interface Ca extends Issuer {
  readonly der: Uint8Array;
}

/** A CA certificate of a fresh `algorithm` key named `common`, issued by `issuer` (or itself). */
async function caFor(
  issuer: Issuer | "self",
  algorithm: CaAlgorithm,
  common: string,
  extra: Partial<CertSpec>,
): Promise<Ca> {
  const signer = await generateSigner(algorithm);
  const subject = cn(common);
  const der = await issue({
    subject,
    spki: signer.spki,
    issuer: issuer === "self" ? { self: signer } : issuer,
    ca: { ca: true },
    keyUsage: [KeyUsage.keyCertSign, KeyUsage.cRLSign],
    ...extra,
  });
  return { name: subject, signer, der };
}

/** A self-signed root CA. */
export function rootCa(algorithm: CaAlgorithm, common: string, extra: Partial<CertSpec> = {}): Promise<Ca> {
  return caFor("self", algorithm, common, extra);
}

/** An intermediate CA issued by `parent`. */
export function intermediateCa(
  parent: Issuer,
  algorithm: CaAlgorithm,
  common: string,
  extra: Partial<CertSpec> = {},
): Promise<Ca> {
  return caFor(parent, algorithm, common, extra);
}

/** An end-entity certificate for a raw MLS signature key. */
export async function leafFor(
  issuer: Issuer | { readonly self: Signer },
  spki: Uint8Array,
  extra: Partial<CertSpec> = {},
): Promise<Uint8Array> {
  return issue({
    subject: cn("alice"),
    spki,
    issuer,
    ca: { ca: false },
    keyUsage: [KeyUsage.digitalSignature],
    ...extra,
  });
}

/** An end-entity certificate for the raw MLS signature key `publicKey` of `algorithm`. */
export async function leafForKey(
  issuer: Issuer | { readonly self: Signer },
  algorithm: SignatureKeyAlgorithm,
  publicKey: Uint8Array,
  extra: Partial<CertSpec> = {},
): Promise<Uint8Array> {
  return leafFor(issuer, await spkiFromMlsKey(algorithm, publicKey), extra);
}

/** GeneralName helpers. */
export const san = {
  dns: (value: string) => new GeneralName({ type: 2, value }),
  email: (value: string) => new GeneralName({ type: 1, value }),
  uri: (value: string) => new GeneralName({ type: 6, value }),
  ip: (bytes: number[]) =>
    new GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array(bytes) }) }),
};

/** A custom extension with an arbitrary (DER OCTET STRING) value. */
export function customExtension(extnID: string, critical: boolean): Extension {
  return new Extension({ extnID, critical, extnValue: new asn1js.Utf8String({ value: "x" }).toBER(false) });
}
