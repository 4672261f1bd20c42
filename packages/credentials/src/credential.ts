/**
 * @module credential
 * The MLS `Credential` (RFC 9420 §5.3) as a discriminated union over `credentialType`, its strict
 * codec, constructors for basic and X.509 credentials, type guards and a display helper.
 *
 * Unknown credential types (GREASE, private use, drafts) are kept as opaque bytes. The RFC's
 * `select` has no outer length, so the body of an unknown type cannot be skipped without an
 * assumption: like OpenMLS (`Credential::tls_deserialize` reads one variable-length vector for
 * every type), we assume the body of any other type is exactly one `opaque<V>`. Both registered
 * types have this shape, and so does every credential type proposed in the MLS drafts.
 */
import { bytesEqual, type Codec, opaque, type Reader, toHex, utf8, vector, type Writer } from "@mlskit/codec";
import { CredentialType } from "./credential-type.js";

/**
 * One DER-encoded X.509 certificate of an x509 credential.
 *
 * ```tls
 * struct { opaque cert_data<V>; } Certificate;
 * ```
 *
 * @see RFC 9420 §5.3
 * @example
 * ```ts
 * import type { Certificate } from "@mlskit/credentials";
 * const cert: Certificate = { certData: new Uint8Array([0x30, 0x82]) };
 * ```
 */
export interface Certificate {
  /** The DER bytes of the certificate. */
  readonly certData: Uint8Array;
}

/**
 * A basic credential: "a bare assertion of an identity" whose format the application defines.
 *
 * @see RFC 9420 §5.3
 * @example
 * ```ts
 * import type { BasicCredential } from "@mlskit/credentials";
 * const c: BasicCredential = { credentialType: 1, identity: new TextEncoder().encode("alice") };
 * ```
 */
export interface BasicCredential {
  readonly credentialType: 1;
  /** `opaque identity<V>` */
  readonly identity: Uint8Array;
}

/**
 * An X.509 credential: a chain of DER certificates, `certificates[0]` the end entity, whose
 * SubjectPublicKeyInfo key MUST equal the leaf's `signature_key` (checked by a
 * {@link CredentialValidator}, not by the codec).
 *
 * @see RFC 9420 §5.3
 * @example
 * ```ts
 * import type { X509Credential } from "@mlskit/credentials";
 * const c: X509Credential = { credentialType: 2, certificates: [{ certData: new Uint8Array([0x30]) }] };
 * ```
 */
export interface X509Credential {
  readonly credentialType: 2;
  /** `Certificate certificates<V>` */
  readonly certificates: readonly Certificate[];
}

/**
 * A credential of any other type (GREASE, private use, a draft type). `data` holds the content of
 * the single `opaque<V>` assumed to form the body (see the module note); it is written back with
 * its length prefix, so such a credential round-trips byte for byte.
 *
 * @example
 * ```ts
 * import type { UnknownCredential } from "@mlskit/credentials";
 * const c: UnknownCredential = { credentialType: 0x0a0a, data: new Uint8Array([1, 2, 3]) };
 * ```
 */
export interface UnknownCredential {
  /** Any value other than 1 (basic) and 2 (x509). */
  readonly credentialType: number;
  /** Content of the `opaque<V>` body, without its length prefix. */
  readonly data: Uint8Array;
}

/**
 * An MLS credential.
 *
 * ```tls
 * struct {
 *     CredentialType credential_type;
 *     select (Credential.credential_type) {
 *         case basic: opaque identity<V>;
 *         case x509:  Certificate certificates<V>;
 *     };
 * } Credential;
 * ```
 *
 * Because {@link UnknownCredential} types `credentialType` as `number`, comparing
 * `credentialType === 1` does not narrow to {@link BasicCredential}; use
 * {@link isBasicCredential} / {@link isX509Credential} / {@link isUnknownCredential}.
 *
 * @see RFC 9420 §5.3
 * @example
 * ```ts
 * import { basicCredential, isBasicCredential, type Credential } from "@mlskit/credentials";
 * const c: Credential = basicCredential("alice");
 * if (isBasicCredential(c)) c.identity; // Uint8Array
 * ```
 */
export type Credential = BasicCredential | X509Credential | UnknownCredential;

/**
 * Whether `c` is a basic credential (type 1 with an `identity`).
 *
 * @param c - a credential
 * @returns the narrowing predicate
 * @example
 * ```ts
 * isBasicCredential(basicCredential("alice")); // true
 * ```
 */
export function isBasicCredential(c: Credential): c is BasicCredential {
  return c.credentialType === CredentialType.basic && "identity" in c;
}

/**
 * Whether `c` is an X.509 credential (type 2 with `certificates`).
 *
 * @param c - a credential
 * @returns the narrowing predicate
 * @example
 * ```ts
 * isX509Credential(x509Credential([der])); // true
 * ```
 */
export function isX509Credential(c: Credential): c is X509Credential {
  return c.credentialType === CredentialType.x509 && "certificates" in c;
}

/**
 * Whether `c` is a credential of a type this package does not model (kept as opaque bytes).
 *
 * @param c - a credential
 * @returns the narrowing predicate
 * @example
 * ```ts
 * isUnknownCredential({ credentialType: 0x0a0a, data: new Uint8Array() }); // true
 * ```
 */
export function isUnknownCredential(c: Credential): c is UnknownCredential {
  return c.credentialType !== CredentialType.basic && c.credentialType !== CredentialType.x509 && "data" in c;
}

const certificatesCodec: Codec<readonly Certificate[]> = vector<Certificate>(
  Object.freeze({
    encode(w: Writer, v: Certificate) {
      opaque.encode(w, v.certData);
    },
    decode(r: Reader): Certificate {
      const certData = r.opaque("cert_data");
      return Object.freeze({ certData });
    },
  }),
);

function shapeError(c: Credential, field: string): TypeError {
  return new TypeError(
    `"credential" of type ${String(c.credentialType)} expected a "${field}" field of the right type`,
  );
}

/**
 * Strict codec of {@link Credential}. Byte fields of decoded values are views into the input; the
 * decoded credential is frozen.
 * Decoding a type other than basic or x509 reads one `opaque<V>` (see the module note); encoding
 * refuses a credential whose fields do not match its type with a `TypeError`.
 *
 * @throws CodecError when decoding malformed input (path names the field, e.g. `certificates.[0].cert_data`)
 * @example
 * ```ts
 * import { encode, decode, toHex } from "@mlskit/codec";
 * import { basicCredential, credentialCodec } from "@mlskit/credentials";
 * toHex(encode(credentialCodec, basicCredential("abc"))); // "000103616263"
 * decode(credentialCodec, encode(credentialCodec, basicCredential("abc")));
 * ```
 */
export const credentialCodec: Codec<Credential> = Object.freeze({
  encode(w: Writer, c: Credential) {
    if (typeof c !== "object" || c === null)
      throw new TypeError(`"credential" expected an object, got ${typeof c}`);
    w.uint16(c.credentialType);
    if (c.credentialType === CredentialType.basic) {
      if (!("identity" in c) || !(c.identity instanceof Uint8Array)) throw shapeError(c, "identity");
      opaque.encode(w, c.identity);
    } else if (c.credentialType === CredentialType.x509) {
      if (!("certificates" in c) || !Array.isArray(c.certificates)) throw shapeError(c, "certificates");
      certificatesCodec.encode(w, c.certificates);
    } else {
      if (!("data" in c) || !(c.data instanceof Uint8Array)) throw shapeError(c, "data");
      // Assumed body shape of unknown types: one opaque<V> (as OpenMLS does).
      opaque.encode(w, c.data);
    }
  },
  decode(r: Reader): Credential {
    const credentialType = r.uint16("credential_type");
    if (credentialType === CredentialType.basic) {
      const identity = r.opaque("identity");
      return Object.freeze({ credentialType, identity });
    }
    if (credentialType === CredentialType.x509) {
      r.enter("certificates");
      const certificates = certificatesCodec.decode(r);
      r.leave();
      return Object.freeze({ credentialType, certificates });
    }
    const data = r.opaque("data");
    return Object.freeze({ credentialType, data });
  },
});

function checkBytes(name: string, v: unknown): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${v === null ? "null" : typeof v}`);
  }
}

/**
 * Build a basic credential. A string identity is UTF-8 encoded; bytes are copied.
 *
 * @param identity - application-defined identity
 * @returns a {@link BasicCredential}
 * @throws TypeError when `identity` is neither a string nor a Uint8Array
 * @example
 * ```ts
 * import { basicCredential } from "@mlskit/credentials";
 * const alice = basicCredential("alice@example.com");
 * const bob = basicCredential(new Uint8Array([0xb0, 0xb0]));
 * ```
 */
export function basicCredential(identity: Uint8Array | string): Credential {
  if (typeof identity === "string") return { credentialType: CredentialType.basic, identity: utf8(identity) };
  checkBytes("identity", identity);
  return { credentialType: CredentialType.basic, identity: identity.slice() };
}

/**
 * Build an X.509 credential from DER certificates, end entity first (RFC 9420 §5.3). The bytes are
 * copied but not parsed: checking the chain is a {@link CredentialValidator}'s job.
 *
 * @param certificatesDer - the chain, `certificatesDer[0]` the end-entity certificate
 * @returns an {@link X509Credential}
 * @throws TypeError when the argument is not an array of Uint8Array
 * @throws RangeError when the chain is empty or a certificate is empty
 * @example
 * ```ts
 * import { x509Credential } from "@mlskit/credentials";
 * const cred = x509Credential([leafDer, intermediateDer]);
 * ```
 */
export function x509Credential(certificatesDer: Uint8Array[]): Credential {
  if (!Array.isArray(certificatesDer)) {
    throw new TypeError(`"certificatesDer" expected an array of Uint8Array, got ${typeof certificatesDer}`);
  }
  // RFC 9420 §5.3: certificates[0] is the end-entity certificate, so the chain cannot be empty.
  if (certificatesDer.length === 0)
    throw new RangeError(`"certificatesDer" expected at least one certificate`);
  const certificates = certificatesDer.map((der, i) => {
    checkBytes(`certificatesDer[${i}]`, der);
    if (der.length === 0) throw new RangeError(`"certificatesDer[${i}]" expected a non-empty certificate`);
    return { certData: der.slice() };
  });
  return { credentialType: CredentialType.x509, certificates };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A short human-readable label for a credential, for logs and UIs; never use it for comparison.
 * Basic: the identity as UTF-8 (or `0x<hex>` when it is not valid UTF-8). X.509:
 * `x509 (<n> certificates)`. Other types: `credential type 0x<type> (<n> bytes)`.
 *
 * @param c - a credential
 * @returns a display string
 * @example
 * ```ts
 * import { basicCredential, credentialIdentityString } from "@mlskit/credentials";
 * credentialIdentityString(basicCredential("alice")); // "alice"
 * credentialIdentityString({ credentialType: 0x0a0a, data: new Uint8Array(3) }); // "credential type 0x0a0a (3 bytes)"
 * ```
 */
export function credentialIdentityString(c: Credential): string {
  if (isBasicCredential(c)) {
    try {
      return strictUtf8.decode(c.identity);
    } catch {
      return `0x${toHex(c.identity)}`;
    }
  }
  if (isX509Credential(c)) {
    const n = c.certificates.length;
    return `x509 (${n} certificate${n === 1 ? "" : "s"})`;
  }
  const n = "data" in c ? c.data.length : 0;
  return `credential type 0x${c.credentialType.toString(16).padStart(4, "0")} (${n} byte${n === 1 ? "" : "s"})`;
}

/**
 * Whether two credentials are the same on the wire (same type and same bytes). Public values only;
 * not constant-time.
 *
 * @param a - first credential
 * @param b - second credential
 * @returns whether their encodings are equal
 * @example
 * ```ts
 * import { basicCredential, credentialsEqual } from "@mlskit/credentials";
 * credentialsEqual(basicCredential("a"), basicCredential("a")); // true
 * ```
 */
export function credentialsEqual(a: Credential, b: Credential): boolean {
  if (a.credentialType !== b.credentialType) return false;
  if (isBasicCredential(a) && isBasicCredential(b)) return bytesEqual(a.identity, b.identity);
  if (isX509Credential(a) && isX509Credential(b)) {
    return (
      a.certificates.length === b.certificates.length &&
      a.certificates.every((cert, i) => bytesEqual(cert.certData, b.certificates[i]!.certData))
    );
  }
  if (isUnknownCredential(a) && isUnknownCredential(b)) return bytesEqual(a.data, b.data);
  return false;
}
