/**
 * @module identity-info
 * What mlskit tells the application about an X.509 end entity: {@link X509IdentityInfo} for the
 * identity hook of a validated credential, {@link X509CertificateSummary} for display. Types
 * only, free of pkijs's types (whose declarations need the DOM lib); `./identity.ts` builds them.
 */

/**
 * One subjectAltName entry (RFC 5280 §4.2.1.6). `ip` is dotted IPv4 or RFC 5952 IPv6 text;
 * `directoryName` an RFC 4514 string; `registeredId` an OID; `otherName` carries its type-id OID
 * in `value` and the DER of its value in `data`. x400Address and ediPartyName are left out.
 *
 * @example
 * ```ts
 * import type { X509SubjectAltName } from "@mlskit/credentials-x509";
 * const san: X509SubjectAltName = { type: "uri", value: "im:alice@example.com/device-1" };
 * ```
 */
export type X509SubjectAltName =
  | {
      readonly type: "dns" | "email" | "uri" | "ip" | "directoryName" | "registeredId";
      readonly value: string;
    }
  | { readonly type: "otherName"; readonly value: string; readonly data: Uint8Array };

/**
 * What the `identity` hook of {@link createX509Validator} receives once the chain, the validity
 * periods and the key binding have all been checked.
 *
 * @example
 * ```ts
 * import type { X509IdentityInfo } from "@mlskit/credentials-x509";
 * const identity = (info: X509IdentityInfo) => {
 *   const uris = info.subjectAltNames.filter((n) => n.type === "uri").map((n) => n.value);
 *   if (!uris.includes("im:alice@example.com")) throw new Error(`unexpected identity ${info.subject}`);
 * };
 * ```
 */
export interface X509IdentityInfo {
  /** The end-entity subject as an RFC 4514 string, e.g. `CN=alice,O=Example,C=FR`. */
  readonly subject: string;
  /** The end-entity subjectAltName entries, in certificate order (empty when absent). */
  readonly subjectAltNames: readonly X509SubjectAltName[];
  /** The end-entity issuer as an RFC 4514 string. */
  readonly issuer: string;
  /** The end-entity serial number, lowercase hex of its DER INTEGER content. */
  readonly serialNumber: string;
  /** extendedKeyUsage purposes (OIDs) of the end entity; `undefined` when it has none. */
  readonly extendedKeyUsage: readonly string[] | undefined;
  /** The validity period of the end entity, seconds since the Unix epoch. */
  readonly notBefore: bigint;
  readonly notAfter: bigint;
  /** The DER of every certificate of the validated path, end entity first, trust anchor last. */
  readonly path: readonly Uint8Array[];
  /** The leaf's `signature_key` (equal to the end-entity key). */
  readonly signatureKey: Uint8Array;
}

/** What {@link describeCertificate} tells about one certificate, without validating anything. */
export type X509CertificateSummary = Omit<X509IdentityInfo, "path" | "signatureKey">;
