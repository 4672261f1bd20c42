/**
 * @module directory-pki
 * The requesting provider of the MIMI benchmark: an Ed25519 root CA of `a.example` and an
 * end-entity certificate for the requester's MLS signature key, naming the requesting user in its
 * subjectAltName — what the directory's default authoriser (`createPeerProviderAuthorizer`)
 * checks on every request. Issued by the test CA the X.509 package's tests use, valid from a day
 * before now for 30 days.
 */
import { cn, DAY, leafForKey, rootCa, san } from "@mlskit/test-kit/pki";

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
  const now = BigInt(Math.floor(Date.now() / 1000));
  const validity = { notBefore: now - DAY, notAfter: now + 30n * DAY };
  const root = await rootCa("Ed25519", "a.example bench root", validity);
  const leafDer = await leafForKey(root, "Ed25519", publicKey, {
    ...validity,
    subject: cn("bench requester"),
    altNames: [san.uri(uri)],
  });
  return { rootDer: root.der, leafDer };
}
