/**
 * @module select-key-material
 * Which key package a target provider hands out for one client, as pure functions over what
 * the client has on offer (draft-ietf-mimi-protocol, "Fetch Key Material"):
 * 1. an ordinary (not last-resort) package whose cipher suite is acceptable and whose leaf
 *    capabilities support the request's `requiredCapabilities`, in the requester's order of
 *    suite preference;
 * 2. else the client's last-resort package of such a suite (RFC 9420 §16.8: reused rather than
 *    leaving the client out), in the same order;
 * 3. else nothing: `nothingCompatible` when the client has valid key material of which none fits,
 *    `keyMaterialExhausted` when it has none (or the fitting ones were all taken meanwhile).
 * A store applies the ranking while it claims, so that each ordinary package is handed out once.
 */
import { ValidationError } from "@mlskit/errors";
import type { RequiredCapabilities } from "@mlskit/extensions";
import {
  type Capabilities,
  supportsRequiredCapabilities,
  type UnverifiedKeyPackage,
} from "@mlskit/key-packages";
import { MimiErrorCode } from "./errors.js";
import { KeyMaterialClientCode } from "./key-material-response.js";

/**
 * One kind of key package a client has on offer (valid now): its suite, whether it is the
 * last-resort package, and its leaf capabilities.
 *
 * @example
 * ```ts
 * import type { KeyMaterialOffer } from "@mlskit/mimi";
 * const offer: KeyMaterialOffer = { cipherSuite: 1, lastResort: false, capabilities: kp.leafNode.capabilities };
 * ```
 */
export interface KeyMaterialOffer {
  readonly cipherSuite: number;
  readonly lastResort: boolean;
  readonly capabilities: Capabilities;
}

/**
 * What of a request the selection looks at.
 *
 * @example
 * ```ts
 * import type { KeyMaterialCriteria } from "@mlskit/mimi";
 * const criteria: KeyMaterialCriteria = { acceptableCiphersuites: [3, 1], requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [1] } };
 * ```
 */
export interface KeyMaterialCriteria {
  /** Acceptable cipher suites, most preferred first. */
  readonly acceptableCiphersuites: readonly number[];
  /** What every returned package must support. */
  readonly requiredCapabilities: RequiredCapabilities;
}

/**
 * Whether an offer can answer the request: its suite is acceptable and its capabilities support
 * the required ones (`supportsRequiredCapabilities`, RFC 9420 §11.1).
 *
 * @param offer - a kind of package the client has
 * @param criteria - the request's suites and required capabilities
 * @returns whether it fits
 * @example
 * ```ts
 * import { offerFitsRequest } from "@mlskit/mimi";
 * offerFitsRequest({ cipherSuite: 2, lastResort: false, capabilities }, { acceptableCiphersuites: [1], requiredCapabilities }); // false
 * ```
 */
export function offerFitsRequest(offer: KeyMaterialOffer, criteria: KeyMaterialCriteria): boolean {
  return (
    criteria.acceptableCiphersuites.includes(offer.cipherSuite) &&
    supportsRequiredCapabilities(offer.capabilities, criteria.requiredCapabilities)
  );
}

/**
 * The offers that can answer the request, best first: ordinary packages before the last-resort
 * package, each in the requester's order of suite preference; offers of one rank keep their
 * order (a store lists them by expiry, so the package that expires first goes first).
 *
 * @param offers - what the client has on offer
 * @param criteria - the request's suites and required capabilities
 * @returns the fitting offers in the order to try them (empty: nothing fits)
 * @example
 * ```ts
 * import { rankKeyMaterialOffers } from "@mlskit/mimi";
 * const [best] = rankKeyMaterialOffers(offers, request);
 * ```
 */
export function rankKeyMaterialOffers<T extends KeyMaterialOffer>(
  offers: readonly T[],
  criteria: KeyMaterialCriteria,
): T[] {
  if (!Array.isArray(offers)) throw new TypeError(`"offers" expected an array`);
  const rank = (o: T): number =>
    (o.lastResort ? criteria.acceptableCiphersuites.length : 0) +
    criteria.acceptableCiphersuites.indexOf(o.cipherSuite);
  return offers
    .filter((o) => offerFitsRequest(o, criteria))
    .map((o, i) => ({ o, r: rank(o), i }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ o }) => o);
}

/**
 * The code of a client for which no package was handed out: `nothingCompatible` when it has
 * valid key material and none of it fits the request, `keyMaterialExhausted` otherwise (it has
 * none, or what fitted was taken by concurrent requests).
 *
 * @param offers - everything valid the client has on offer, fitting or not
 * @param criteria - the request's suites and required capabilities
 * @returns the client code: `keyMaterialExhausted` (1) or `nothingCompatible` (2)
 * @example
 * ```ts
 * import { unansweredClientStatus } from "@mlskit/mimi";
 * unansweredClientStatus([], request); // 1 (keyMaterialExhausted)
 * ```
 */
export function unansweredClientStatus(
  offers: readonly KeyMaterialOffer[],
  criteria: KeyMaterialCriteria,
): 1 | 2 {
  if (offers.length > 0 && !offers.some((o) => offerFitsRequest(o, criteria)))
    return KeyMaterialClientCode.nothingCompatible;
  return KeyMaterialClientCode.keyMaterialExhausted;
}

/**
 * The requester's check of a returned KeyPackage against its own request (the target provider
 * is not trusted, RFC 9420 §16.8): its cipher suite is acceptable and its leaf capabilities
 * support the required ones. Validate the package itself with `validateKeyPackage` too.
 *
 * @param keyPackage - a KeyPackage from a response
 * @param criteria - the request's suites and required capabilities
 * @throws ValidationError `MIMI_UNACCEPTABLE_CIPHER_SUITE` or `MIMI_MISSING_REQUIRED_CAPABILITIES`
 * @example
 * ```ts
 * import { checkKeyPackageFitsRequest } from "@mlskit/mimi";
 * checkKeyPackageFitsRequest(client.keyPackage, request);
 * ```
 */
export function checkKeyPackageFitsRequest(
  keyPackage: UnverifiedKeyPackage,
  criteria: KeyMaterialCriteria,
): void {
  if (!criteria.acceptableCiphersuites.includes(keyPackage.cipherSuite)) {
    throw new ValidationError(
      MimiErrorCode.unacceptableCipherSuite,
      `the key package is of cipher suite ${keyPackage.cipherSuite}, which the request did not accept`,
      { details: { cipherSuite: keyPackage.cipherSuite } },
    );
  }
  if (!supportsRequiredCapabilities(keyPackage.leafNode.capabilities, criteria.requiredCapabilities)) {
    throw new ValidationError(
      MimiErrorCode.missingRequiredCapabilities,
      "the key package's leaf capabilities do not support every required extension, proposal and credential type",
    );
  }
}
