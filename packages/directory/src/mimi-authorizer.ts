/**
 * @module mimi-authorizer
 * Who may fetch key material from the directory through MIMI. The draft leaves authorisation to
 * the target provider ("Verify that Alice is authorized to fetch KeyPackages"); the directory asks
 * a {@link MimiAuthorizer} once a request's signature has verified. The default,
 * {@link createPeerProviderAuthorizer}, allows the peer providers the operator registered: the
 * requesting user's provider must be one of them, and the requester's credential must be an X.509
 * chain to that provider's trust anchors whose end-entity key is `requesterSignatureKey` and
 * whose names bind it to the requesting user or to the provider.
 *
 * Validating a chain costs milliseconds (parsing, path building, the certificates' signatures),
 * thirty times the request's own signature check; a peer sends the same credential again and
 * again. So an accepted chain is remembered — keyed by the peer, the credential's exact bytes and
 * the signature key — until the earliest `notAfter` among its certificates and the peer's
 * anchors, at most `credentialCacheSeconds`; the identity binding and consent still run on every
 * request. Refusals are never remembered.
 */
import { createHash } from "node:crypto";
import { type CredentialValidator, isX509Credential } from "@mlskit/credentials";
import {
  createX509Validator,
  describeCertificate,
  type X509CertificateSummary,
} from "@mlskit/credentials-x509";
import { DirectoryErrorCode } from "@mlskit/directory-protocol";
import { MlsError, UsageError } from "@mlskit/errors";
import { type KeyMaterialRequest, KeyMaterialUserCode, mimiUriProvider } from "@mlskit/mimi";

/**
 * What an authoriser is asked about: a request whose signature verified.
 *
 * @example
 * ```ts
 * const ctx: MimiAuthorizationContext = { request, targetUserId: "bob", now: 1_800_000_000n };
 * ```
 */
export interface MimiAuthorizationContext {
  /** The decoded request; `keyMaterialRequestSignature` verified with `requesterSignatureKey`. */
  readonly request: KeyMaterialRequest;
  /** The local user the target URI names, or `undefined` when it names none. */
  readonly targetUserId: string | undefined;
  /** The time, seconds since the epoch. */
  readonly now: bigint;
}

/**
 * An authoriser's decision. `requester` names the requesting provider: rate limits count per
 * requester and target user, and routing records remember it.
 *
 * @example
 * ```ts
 * const yes: MimiAuthorization = { allowed: true, requester: "a.example" };
 * const no: MimiAuthorization = { allowed: false, requester: "a.example", userStatus: KeyMaterialUserCode.noConsent };
 * ```
 */
export type MimiAuthorization =
  | { readonly allowed: true; readonly requester: string }
  | {
      readonly allowed: false;
      readonly requester: string;
      /** What the KeyMaterialResponse says: `noConsent` (5) or `noConsentForThisRoom` (6). */
      readonly userStatus: 5 | 6;
    };

/**
 * Decides whether an authenticated requester may fetch key material of a target user. It throws
 * (an `MlsError`, answered 403) when it does not accept the requester at all.
 *
 * @example
 * ```ts
 * const authorize: MimiAuthorizer = async ({ request }) => ({ allowed: true, requester: "a.example" });
 * ```
 */
export type MimiAuthorizer = (ctx: MimiAuthorizationContext) => Promise<MimiAuthorization>;

/**
 * A peer provider the operator allows to fetch key material.
 *
 * @example
 * ```ts
 * const peer: MimiPeerProvider = { provider: "a.example", trustAnchors: [aExampleRootDer] };
 * ```
 */
export interface MimiPeerProvider {
  /** The provider's domain: the host of its users' URIs (`mimi://a.example/u/alice` → `a.example`). */
  readonly provider: string;
  /** DER certificates the provider's requester credentials must chain to. */
  readonly trustAnchors: readonly Uint8Array[];
  /**
   * Consent: whether this provider may fetch key material of a target user (default: of every
   * user). Return `true`, or the user code to answer with: `noConsent` (5) or
   * `noConsentForThisRoom` (6).
   */
  readonly consent?: (ctx: MimiAuthorizationContext) => boolean | 5 | 6 | Promise<boolean | 5 | 6>;
  /**
   * Binds the requester's certificate to the request. Default: a subjectAltName URI equal to the
   * requesting user's URI or to `mimi://<provider>`, or a dNSName equal to the provider.
   */
  readonly identity?: (info: X509CertificateSummary, request: KeyMaterialRequest) => void | Promise<void>;
}

function defaultIdentity(provider: string) {
  return (info: X509CertificateSummary, request: KeyMaterialRequest): void => {
    const ok = info.subjectAltNames.some(
      (n) =>
        (n.type === "uri" && (n.value === request.requestingUser || n.value === `mimi://${provider}`)) ||
        (n.type === "dns" && n.value.toLowerCase() === provider),
    );
    if (!ok)
      throw new Error(
        `the certificate names neither ${request.requestingUser} nor the provider ${provider} (subjectAltName URI or dNSName)`,
      );
  };
}

/**
 * The default authoriser: a requester is accepted when its requesting user belongs to a
 * registered peer provider and its credential validates against that peer's trust anchors
 * (`createX509Validator`: path, validity at `now`, end-entity key = `requesterSignatureKey`,
 * identity bound as {@link MimiPeerProvider.identity} says). Then the peer's `consent` decides.
 *
 * @param opts - the peer providers
 * @returns the authoriser
 * @throws TypeError / RangeError for a malformed peer list (a trust anchor that does not parse, a
 *   provider named twice)
 * @example
 * ```ts
 * const authorize = createPeerProviderAuthorizer({
 *   peers: [{ provider: "a.example", trustAnchors: [aExampleRootDer] }],
 * });
 * createDirectoryServer({ store, mimi: { domain: "b.example", authorize } });
 * ```
 */
export function createPeerProviderAuthorizer(opts: {
  readonly peers: readonly MimiPeerProvider[];
  /**
   * How long an accepted requester chain is remembered, seconds (never past a certificate's or
   * anchor's `notAfter`); 0 validates every request's chain. Default 300.
   */
  readonly credentialCacheSeconds?: number;
}): MimiAuthorizer {
  if (!Array.isArray(opts?.peers)) throw new TypeError(`"peers" expected an array of peer providers`);
  const cacheSeconds = opts.credentialCacheSeconds ?? 300;
  if (!Number.isSafeInteger(cacheSeconds) || cacheSeconds < 0)
    throw new RangeError(`"credentialCacheSeconds" expected an integer >= 0`);
  const peers = new Map<
    string,
    {
      peer: MimiPeerProvider;
      validator: CredentialValidator;
      identity: NonNullable<MimiPeerProvider["identity"]>;
      /** The earliest notAfter of the peer's anchors (a remembered chain ends there at the latest). */
      anchorsNotAfter: bigint;
    }
  >();
  const accepted = new ChainCache(CHAIN_CACHE_ENTRIES);
  for (const [i, peer] of opts.peers.entries()) {
    const provider =
      typeof peer?.provider === "string" ? mimiUriProvider(`mimi://${peer.provider}`) : undefined;
    if (provider === undefined || provider !== peer.provider.toLowerCase())
      throw new TypeError(
        `"peers[${i}].provider" expected a host name, got ${JSON.stringify(peer?.provider)}`,
      );
    if (peers.has(provider)) throw new RangeError(`"peers[${i}].provider" ${provider} is listed twice`);
    // One validator per peer (the anchors are parsed once, bad ones refused now). The identity is
    // bound after it accepted the chain, from the end-entity certificate, since it depends on the request.
    const validator = createX509Validator({ trustAnchors: peer.trustAnchors });
    let anchorsNotAfter = MAX_TIME;
    for (const der of peer.trustAnchors as readonly Uint8Array[]) {
      const { notAfter } = describeCertificate(der);
      if (notAfter < anchorsNotAfter) anchorsNotAfter = notAfter;
    }
    peers.set(provider, {
      peer,
      validator,
      identity: peer.identity ?? defaultIdentity(provider),
      anchorsNotAfter,
    });
  }
  return async (ctx) => {
    const { request, now } = ctx;
    const provider = mimiUriProvider(request.requestingUser);
    const entry = provider === undefined ? undefined : peers.get(provider);
    if (provider === undefined || entry === undefined) {
      throw new UsageError(
        DirectoryErrorCode.mimiUnknownProvider,
        `the requesting user ${JSON.stringify(request.requestingUser)} belongs to no registered peer provider`,
        { details: { requestingUser: request.requestingUser } },
      );
    }
    const credential = request.requesterCredential;
    try {
      // The validator accepts only x509 credentials; certificates[0] is the end entity (RFC 9420 §5.3).
      if (!isX509Credential(credential)) {
        await entry.validator.validate(credential, request.requesterSignatureKey, { now });
        throw new Error("not an x509 credential"); // unreachable: the validator refuses it
      }
      const key = chainKey(provider, credential.certificates, request.requesterSignatureKey);
      let leaf = accepted.get(key, now);
      if (leaf === undefined) {
        await entry.validator.validate(credential, request.requesterSignatureKey, { now });
        const summaries = credential.certificates.map((c) => describeCertificate(c.certData));
        leaf = summaries[0]!;
        if (cacheSeconds > 0) {
          const until = summaries.reduce(
            // biome-ignore lint/complexity/useMathMinMax: bigint seconds; Math.min takes numbers only.
            (a, c) => (c.notAfter < a ? c.notAfter : a),
            entry.anchorsNotAfter < now + BigInt(cacheSeconds)
              ? entry.anchorsNotAfter
              : now + BigInt(cacheSeconds),
          );
          accepted.set(key, { leaf, from: now, until });
        }
      }
      await entry.identity(leaf, request);
    } catch (e) {
      throw new UsageError(
        DirectoryErrorCode.mimiRequesterRejected,
        `the requester's credential is not accepted for ${provider}: ${(e as Error).message}`,
        { details: { provider, reason: MlsError.is(e) ? e.code : "identity" }, cause: e },
      );
    }
    const consent = entry.peer.consent === undefined ? true : await entry.peer.consent(ctx);
    if (consent === true) return { allowed: true, requester: provider };
    return {
      allowed: false,
      requester: provider,
      userStatus: consent === false ? KeyMaterialUserCode.noConsent : consent,
    };
  };
}

/** Later than any certificate's notAfter (X.509 times end in 9999). */
const MAX_TIME = 2n ** 63n;

/** At most this many accepted chains are remembered (the oldest are forgotten first). */
const CHAIN_CACHE_ENTRIES = 1024;

/** The cache key of a requester's chain: its peer, every certificate's bytes, the signature key. */
function chainKey(
  provider: string,
  certificates: readonly { readonly certData: Uint8Array }[],
  signatureKey: Uint8Array,
): string {
  const h = createHash("sha256").update(provider).update("\0");
  for (const c of certificates) h.update(String(c.certData.length)).update(":").update(c.certData);
  return h.update(signatureKey).digest("hex");
}

/**
 * Accepted chains with the time span they were valid for: from the time of the validation (a
 * clock that goes back does not use it) to the earliest `notAfter` (or the cache's limit).
 */
class ChainCache {
  readonly #entries = new Map<string, { leaf: X509CertificateSummary; from: bigint; until: bigint }>();
  constructor(readonly max: number) {}

  get(key: string, now: bigint): X509CertificateSummary | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (now < e.from || now > e.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.leaf;
  }

  set(key: string, entry: { leaf: X509CertificateSummary; from: bigint; until: bigint }): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
