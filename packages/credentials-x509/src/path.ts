/**
 * @module path
 * Certification path building and validation (a profile of RFC 5280 §6). First the credential's
 * own order (RFC 9420 §5.3: an ordered chain, end entity first — each certificate after the first
 * is the issuer of the one before it, by name and by signature). Then, from the end-entity
 * certificate, follow issuer names through the certificates of the credential and the trust
 * anchors to a trust anchor, verifying every signature on the way, the anchor's
 * included. A path found by signatures is then checked at `now`: validity periods, cA and
 * keyCertSign on issuers, pathLenConstraint, critical extensions, the leaf's keyUsage. When a
 * path fails these checks, the search backtracks to other candidate issuers (cross-certificates)
 * before giving up with the most specific failure.
 *
 * Not done here (document, don't pretend): revocation (CRL/OCSP), name constraints and policies
 * (a certificate that makes them critical is rejected), extendedKeyUsage (handed to the identity
 * hook).
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import { ValidationError } from "@mlskit/errors";
import {
  type CertificateOrigin,
  describeOrigin,
  KeyUsageBit,
  type ParsedCertificate,
} from "./certificate.js";
import { X509ErrorCode } from "./errors.js";
import { checkCertificateSignature, type SignatureCheck } from "./signature.js";

/** A cap on the work one credential may cause (candidate issuers explored). */
const MAX_SEARCH_STEPS = 256;

/** Inputs of {@link findValidPath}. @internal */
export interface PathSearch {
  readonly leaf: ParsedCertificate;
  /** The other certificates of the credential. */
  readonly pool: readonly ParsedCertificate[];
  readonly anchors: readonly ParsedCertificate[];
  /** Hex DER of every anchor, to spot an anchor sent inside the credential. */
  readonly anchorDers: ReadonlySet<string>;
  readonly now: bigint;
  /** Most certificates a path may hold, trust anchor included. */
  readonly maxChainLength: number;
  readonly subtle: SubtleCrypto;
}

function fail(
  code: string,
  origin: CertificateOrigin,
  message: string,
  extra: Record<string, string | bigint | number> = {},
) {
  return new ValidationError(code, `${describeOrigin(origin)}: ${message}`, {
    details: { certificate: origin, ...extra },
  });
}

/**
 * The checks of a path found by signatures, end entity first and trust anchor last.
 *
 * @returns the first failure, or `undefined` when the path is valid at `now`
 * @internal not exported from the package
 */
export function checkPath(path: readonly ParsedCertificate[], now: bigint): ValidationError | undefined {
  for (const [i, c] of path.entries()) {
    const o = c.origin;
    // RFC 5280 §4.2: a critical extension that is not processed MUST cause rejection.
    if (c.unhandledCritical.length > 0)
      return fail(
        X509ErrorCode.unsupportedCriticalExtension,
        o,
        `critical extension ${c.unhandledCritical[0]}`,
        {
          extension: c.unhandledCritical[0]!,
        },
      );
    // RFC 5280 §6.1.3 (a)(2): the certificate validity period includes the current time.
    if (now < c.notBefore)
      return fail(X509ErrorCode.certificateNotYetValid, o, `not valid before ${c.notBefore} (now ${now})`, {
        notBefore: c.notBefore,
        now,
      });
    if (now > c.notAfter)
      return fail(X509ErrorCode.certificateExpired, o, `expired at ${c.notAfter} (now ${now})`, {
        notAfter: c.notAfter,
        now,
      });
    if (i === 0) {
      // RFC 5280 §4.2.1.3: the key signs (MLS leaf and key package signatures).
      if (c.keyUsage !== undefined && !c.keyUsage.has(KeyUsageBit.digitalSignature))
        return fail(X509ErrorCode.invalidKeyUsage, o, "keyUsage of the end entity lacks digitalSignature");
      continue;
    }
    // RFC 5280 §6.1.4 (k): an issuer MUST have basicConstraints with cA TRUE.
    if (c.basicConstraints?.ca !== true)
      return fail(X509ErrorCode.notACa, o, "issues certificates but basicConstraints cA is not TRUE");
    // RFC 5280 §6.1.4 (n): if keyUsage is present, keyCertSign MUST be set.
    if (c.keyUsage !== undefined && !c.keyUsage.has(KeyUsageBit.keyCertSign))
      return fail(X509ErrorCode.notACa, o, "issues certificates but keyUsage lacks keyCertSign");
    // RFC 5280 §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates below it.
    const limit = c.basicConstraints.pathLen;
    if (limit !== undefined) {
      const below = path.slice(1, i).filter((x) => !x.selfIssued).length;
      if (below > limit)
        return fail(
          X509ErrorCode.pathLengthExceeded,
          o,
          `pathLenConstraint ${limit} exceeded (${below} below)`,
          {
            pathLenConstraint: limit,
          },
        );
    }
  }
  return undefined;
}

/**
 * Find a path from `leaf` to a trust anchor that verifies and is valid at `now`.
 *
 * @returns the path, end entity first and trust anchor last
 * @throws ValidationError with the most specific failure: a failed check of a path found by
 *   signatures first, else the chain-building failure that got deepest
 * @internal not exported from the package
 */
export async function findValidPath(search: PathSearch): Promise<ParsedCertificate[]> {
  const { pool, anchors, anchorDers, now, maxChainLength, subtle } = search;
  const edges = new Map<ParsedCertificate, Map<ParsedCertificate, Promise<SignatureCheck>>>();
  const edge = (child: ParsedCertificate, issuer: ParsedCertificate) => {
    let m = edges.get(child);
    if (m === undefined) {
      m = new Map();
      edges.set(child, m);
    }
    let p = m.get(issuer);
    if (p === undefined) {
      p = checkCertificateSignature(child, issuer, subtle);
      m.set(issuer, p);
    }
    return p;
  };
  let pathFailure: ValidationError | undefined;
  let buildFailure: { depth: number; error: ValidationError } | undefined;
  const noteBuild = (depth: number, error: ValidationError) => {
    if (buildFailure === undefined || depth > buildFailure.depth) buildFailure = { depth, error };
  };
  let steps = 0;

  // RFC 9420 §5.3: "The chain is ordered such that the first entry (certificates[0]) is the
  // end-entity certificate": each following entry certifies the one before it (the order of RFC
  // 5246 §7.4.2's certificate_list). Checked on the credential as sent, before any path search,
  // so an unrelated or misplaced certificate is refused even when the leaf alone would reach a
  // trust anchor. Omitting certificates is allowed, but only at the top of the chain.
  const chain = [search.leaf, ...pool];
  for (let i = 1; i < chain.length; i++) {
    const child = chain[i - 1]!;
    const issuer = chain[i]!;
    // A repeated certificate (a self-signed root twice would otherwise "issue" itself).
    const repeated = chain.slice(0, i).findIndex((c) => bytesEqual(c.der, issuer.der));
    if (repeated >= 0) {
      throw fail(X509ErrorCode.chainOutOfOrder, issuer.origin, `repeats certificates[${repeated}]`, {
        issuerOf: i - 1,
      });
    }
    if (!issuer.cert.subject.isEqual(child.cert.issuer)) {
      throw fail(
        X509ErrorCode.chainOutOfOrder,
        issuer.origin,
        `is not the issuer of certificates[${i - 1}]: the chain must be ordered, each certificate certifying the one before it`,
        { issuerOf: i - 1 },
      );
    }
    const check = await edge(child, issuer);
    if (check.status === "unsupported") {
      throw fail(X509ErrorCode.unsupportedAlgorithm, child.origin, check.reason, { reason: "signature" });
    }
    if (check.status === "invalid") {
      throw fail(
        X509ErrorCode.brokenChain,
        child.origin,
        `certificates[${i}] is named as its issuer but does not verify its signature (${check.reason})`,
        { issuer: i },
      );
    }
  }

  const complete = (path: ParsedCertificate[]): ParsedCertificate[] | undefined => {
    const failure = checkPath(path, now);
    if (failure === undefined) return path;
    pathFailure ??= failure;
    return undefined;
  };

  const dfs = async (path: ParsedCertificate[]): Promise<ParsedCertificate[] | undefined> => {
    const node = path[path.length - 1]!;
    const o = node.origin;
    if (++steps > MAX_SEARCH_STEPS) {
      noteBuild(path.length, fail(X509ErrorCode.brokenChain, o, "path search gave up (too many candidates)"));
      return undefined;
    }
    // A trust anchor sent inside the credential ends the path where it stands.
    if (node.origin !== "trust-anchor" && anchorDers.has(toHex(node.der))) return complete(path);
    if (path.length >= maxChainLength) {
      noteBuild(
        path.length,
        fail(X509ErrorCode.pathLengthExceeded, o, `no trust anchor within ${maxChainLength} certificates`, {
          maxChainLength,
        }),
      );
      return undefined;
    }
    const issuerName = node.cert.issuer;
    const candidates = [
      ...anchors.filter((a) => a.cert.subject.isEqual(issuerName)),
      ...pool.filter((c) => !path.includes(c) && c.cert.subject.isEqual(issuerName)),
    ];
    let verified = false;
    let invalid: string | undefined;
    let unsupported: string | undefined;
    for (const candidate of candidates) {
      const check = await edge(node, candidate);
      if (check.status === "invalid") invalid ??= check.reason;
      else if (check.status === "unsupported") unsupported ??= check.reason;
      else {
        verified = true;
        const next = [...path, candidate];
        const found = candidate.origin === "trust-anchor" ? complete(next) : await dfs(next);
        if (found !== undefined) return found;
      }
    }
    if (verified) return undefined; // deeper failures are already noted
    if (node.selfIssued) {
      noteBuild(
        path.length,
        fail(
          X509ErrorCode.untrustedRoot,
          o,
          "the chain ends at a self-signed certificate that is not a trust anchor",
        ),
      );
    } else if (candidates.length === 0) {
      noteBuild(
        path.length,
        fail(X509ErrorCode.untrustedRoot, o, "its issuer is neither in the credential nor a trust anchor"),
      );
    } else if (invalid === undefined && unsupported !== undefined) {
      noteBuild(
        path.length,
        fail(X509ErrorCode.unsupportedAlgorithm, o, unsupported, { reason: "signature" }),
      );
    } else {
      noteBuild(
        path.length,
        fail(
          X509ErrorCode.brokenChain,
          o,
          `no certificate named as its issuer verifies its signature (${invalid})`,
        ),
      );
    }
    return undefined;
  };

  const found = await dfs([search.leaf]);
  if (found !== undefined) return found;
  throw pathFailure ?? buildFailure?.error ?? fail(X509ErrorCode.brokenChain, search.leaf.origin, "no path");
}
