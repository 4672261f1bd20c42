/**
 * @module describe-certificate
 * `describeCertificate`: what a DER certificate says about its subject, for display.
 */
import { parseCertificate } from "./certificate.js";
import { summarize } from "./identity.js";
import type { X509CertificateSummary } from "./identity-info.js";

/**
 * Describe a DER certificate for display (subject and issuer as RFC 4514 strings, SANs, serial,
 * validity). Nothing is verified: use {@link createX509Validator} to decide whether to trust it.
 *
 * @param der - one DER-encoded certificate, e.g. `credential.certificates[0].certData`
 * @returns the summary
 * @throws ValidationError X509_MALFORMED_CERTIFICATE when the bytes are not a certificate
 * @example
 * ```ts
 * import { describeCertificate } from "@mlskit/credentials-x509";
 * describeCertificate(credential.certificates[0]!.certData).subject; // "CN=alice,O=Example"
 * ```
 */
export function describeCertificate(der: Uint8Array): X509CertificateSummary {
  if (!(der instanceof Uint8Array)) throw new TypeError(`"der" expected Uint8Array`);
  return summarize(parseCertificate(der, 0));
}
