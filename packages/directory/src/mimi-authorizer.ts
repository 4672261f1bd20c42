/**
 * @module mimi-authorizer
 * Who may fetch key material from the directory through MIMI. The draft leaves authorisation to
 * the target provider ("Verify that Alice is authorized to fetch KeyPackages"); the directory asks
 * a {@link MimiAuthorizer} once a request's signature has verified. The default,
 * {@link createPeerProviderAuthorizer}, allows the peer providers the operator registered: the
 * requesting user's provider must be one of them, and the requester's credential must be an X.509
 * chain to that provider's trust anchors whose end-entity key is `requesterSignatureKey` and
 * whose names bind it to the requesting user or to the provider.
 */
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
}): MimiAuthorizer {
  if (!Array.isArray(opts?.peers)) throw new TypeError(`"peers" expected an array of peer providers`);
  const peers = new Map<
    string,
    {
      peer: MimiPeerProvider;
      validator: CredentialValidator;
      identity: NonNullable<MimiPeerProvider["identity"]>;
    }
  >();
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
    peers.set(provider, { peer, validator, identity: peer.identity ?? defaultIdentity(provider) });
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
      await entry.validator.validate(credential, request.requesterSignatureKey, { now });
      // The validator accepts only x509 credentials; certificates[0] is the end entity (RFC 9420 §5.3).
      if (isX509Credential(credential))
        await entry.identity(describeCertificate(credential.certificates[0]!.certData), request);
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
