/**
 * @module directory-pki
 * The requesting provider of the MIMI benchmark: an Ed25519 root CA of `a.example` and an
 * end-entity certificate for the requester's MLS signature key, naming the requesting user in its
 * subjectAltName — what the directory's default authoriser (`createPeerProviderAuthorizer`)
 * checks on every request. Built with pkijs and WebCrypto, as the X.509 package's tests build
 * theirs.
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
const ED25519 = "1.3.101.112";
const DAY_MS = 86_400_000;

function commonName(cn: string): RelativeDistinguishedNames {
  const rdn = new asn1js.Set({
    value: [
      new AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: cn }) }).toSchema(),
    ],
  });
  return RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: [rdn] }).toBER(false));
}

/** keyUsage with the given bits (0 digitalSignature, 5 keyCertSign), critical. */
function keyUsage(bit: number): Extension {
  const value = new asn1js.BitString({ valueHex: Uint8Array.of(0x80 >> bit), unusedBits: 7 - bit });
  return new Extension({ extnID: "2.5.29.15", critical: true, extnValue: value.toBER(false) });
}

async function issue(opts: {
  subject: RelativeDistinguishedNames;
  issuer: RelativeDistinguishedNames;
  spki: Uint8Array;
  signingKey: CryptoKey;
  ca: boolean;
  serial: number;
  uri?: string;
}): Promise<Uint8Array> {
  const cert = new Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: opts.serial });
  cert.issuer = opts.issuer;
  cert.subject = opts.subject;
  const now = Date.now();
  cert.notBefore = new Time({ type: 0, value: new Date(now - DAY_MS) });
  cert.notAfter = new Time({ type: 0, value: new Date(now + 30 * DAY_MS) });
  cert.subjectPublicKeyInfo = PublicKeyInfo.fromBER(new Uint8Array(opts.spki));
  const bc = new BasicConstraints({ cA: opts.ca });
  cert.extensions = [
    new Extension({ extnID: "2.5.29.19", critical: true, extnValue: bc.toSchema().toBER(false) }),
    keyUsage(opts.ca ? 5 : 0),
  ];
  if (opts.uri !== undefined) {
    const san = new asn1js.Sequence({ value: [new GeneralName({ type: 6, value: opts.uri }).toSchema()] });
    cert.extensions.push(
      new Extension({ extnID: "2.5.29.17", critical: false, extnValue: san.toBER(false) }),
    );
  }
  const alg = new AlgorithmIdentifier({ algorithmId: ED25519 });
  cert.signature = alg;
  cert.signatureAlgorithm = alg;
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  const signature = new Uint8Array(await subtle.sign("Ed25519", opts.signingKey, tbs));
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(cert.toSchema().toBER(false));
}

/**
 * A root CA and a certificate for `publicKey` (a raw Ed25519 MLS signature key) naming `uri`.
 *
 * @param uri - the requesting user's URI, e.g. `mimi://a.example/u/alice`
 * @param publicKey - the requester's raw Ed25519 public key
 * @returns the root's DER (the directory's trust anchor) and the end-entity certificate's DER
 * @example
 * ```ts
 * const { rootDer, leafDer } = await requesterPki("mimi://a.example/u/alice", keyPair.publicKey);
 * ```
 */
export async function requesterPki(
  uri: string,
  publicKey: Uint8Array,
): Promise<{ readonly rootDer: Uint8Array; readonly leafDer: Uint8Array }> {
  const root = (await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const rootName = commonName("a.example bench root");
  const rootDer = await issue({
    subject: rootName,
    issuer: rootName,
    spki: new Uint8Array(await subtle.exportKey("spki", root.publicKey)),
    signingKey: root.privateKey,
    ca: true,
    serial: 1,
  });
  const leafKey = await subtle.importKey("raw", new Uint8Array(publicKey), { name: "Ed25519" }, true, [
    "verify",
  ]);
  const leafDer = await issue({
    subject: commonName("bench requester"),
    issuer: rootName,
    spki: new Uint8Array(await subtle.exportKey("spki", leafKey)),
    signingKey: root.privateKey,
    ca: false,
    serial: 2,
    uri,
  });
  return { rootDer, leafDer };
}
