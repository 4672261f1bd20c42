/**
 * @module sign-key-material-request
 * Signing and verifying a KeyMaterialRequest: `key_material_request_signature =
 * SignWithLabel(requesterSignatureKey, "KeyMaterialRequestTBS", KeyMaterialRequestTBS)`
 * (draft-ietf-mimi-protocol, "Fetch Key Material"; RFC 9420 §5.1.2).
 *
 * The draft does not say which signature scheme signs the request: the request carries a key
 * and a credential, but no cipher suite of its own. Our choice: the signature is made with the
 * scheme of one of the request's acceptable cipher suites. A verifier tries the distinct schemes
 * of the acceptable suites it supports, in the requester's order, skipping a scheme whose public
 * keys have another size than `requesterSignatureKey` (the sizes of the seven RFC suites' schemes
 * all differ, so in practice exactly one scheme is tried).
 */
import type { Credential } from "@mlskit/credentials";
import {
  type CipherSuiteImpl,
  type CryptoProvider,
  cipherSuiteInfo,
  signWithLabel,
  verifyWithLabel,
} from "@mlskit/crypto-provider";
import { ValidationError } from "@mlskit/errors";
import type { RequiredCapabilities } from "@mlskit/extensions";
import { MimiErrorCode } from "./errors.js";
import {
  checkKeyMaterialRequest,
  KEY_MATERIAL_REQUEST_SIGNATURE_LABEL,
  type KeyMaterialRequest,
  type KeyMaterialRequestTbs,
  keyMaterialRequestTbsBytes,
} from "./key-material-request.js";
import { MimiProtocol } from "./protocol.js";

/**
 * Options of {@link createKeyMaterialRequest}.
 *
 * @example
 * ```ts
 * import type { CreateKeyMaterialRequestOptions } from "@mlskit/mimi";
 * const opts: CreateKeyMaterialRequestOptions = {
 *   provider, requestingUser: "mimi://a.example/u/alice", targetUser: "mimi://b.example/u/bob",
 *   acceptableCiphersuites: [1], credential, signatureKeyPair,
 * };
 * ```
 */
export interface CreateKeyMaterialRequestOptions {
  /** Crypto provider for the signature. */
  readonly provider: CryptoProvider;
  /** The user the key material is fetched for. */
  readonly requestingUser: string;
  /** The user whose clients' key material is wanted. */
  readonly targetUser: string;
  /** The room the key material is for; default `""` (no room). */
  readonly roomId?: string;
  /** Acceptable MLS cipher suites, most preferred first (non-empty, no repeats). */
  readonly acceptableCiphersuites: readonly number[];
  /** What every returned key package must support; default: nothing beyond the defaults. */
  readonly requiredCapabilities?: RequiredCapabilities;
  /** The requester's credential. */
  readonly credential: Credential;
  /** The requester's signature key pair, of the scheme of `signatureCipherSuite`. */
  readonly signatureKeyPair: { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array };
  /**
   * The acceptable suite whose signature scheme signs the request. Default: the first of
   * `acceptableCiphersuites`.
   */
  readonly signatureCipherSuite?: number;
}

const NO_REQUIREMENTS: RequiredCapabilities = Object.freeze({
  extensionTypes: [],
  proposalTypes: [],
  credentialTypes: [],
});

/**
 * Build and sign a KeyMaterialRequest (protocol `mls10`).
 *
 * @param opts - who asks, for whom, what is acceptable, and the requester's key and credential
 * @returns the signed request, ready for `encodeKeyMaterialRequest`
 * @throws TypeError / RangeError for bad options (e.g. a signature suite that is not acceptable);
 *   ValidationError `MIMI_EMPTY_CIPHER_SUITES` / `MIMI_DUPLICATE_CIPHER_SUITE`; CryptoError from
 *   the provider (unsupported suite, invalid private key)
 * @example
 * ```ts
 * import { basicCredential } from "@mlskit/credentials";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { createKeyMaterialRequest, encodeKeyMaterialRequest } from "@mlskit/mimi";
 * const suite = await nobleCryptoProvider.getCipherSuite(1);
 * const signatureKeyPair = await suite.signature.generateKeyPair();
 * const request = await createKeyMaterialRequest({
 *   provider: nobleCryptoProvider,
 *   requestingUser: "mimi://a.example/u/alice",
 *   targetUser: "mimi://b.example/u/bob",
 *   roomId: "mimi://a.example/r/clubhouse",
 *   acceptableCiphersuites: [1],
 *   credential: basicCredential("mimi://a.example/u/alice"),
 *   signatureKeyPair,
 * });
 * const body = encodeKeyMaterialRequest(request);
 * ```
 */
export async function createKeyMaterialRequest(
  opts: CreateKeyMaterialRequestOptions,
): Promise<KeyMaterialRequest> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const { provider, acceptableCiphersuites, signatureKeyPair } = opts;
  if (typeof provider?.getCipherSuite !== "function")
    throw new TypeError(`"provider" expected a CryptoProvider`);
  for (const name of ["requestingUser", "targetUser"] as const) {
    if (typeof opts[name] !== "string" || opts[name] === "")
      throw new TypeError(`"${name}" expected a non-empty string`);
  }
  if (opts.roomId !== undefined && typeof opts.roomId !== "string")
    throw new TypeError(`"roomId" expected a string`);
  if (!Array.isArray(acceptableCiphersuites))
    throw new TypeError(`"acceptableCiphersuites" expected an array of cipher suites`);
  for (const s of acceptableCiphersuites) {
    if (!Number.isInteger(s) || s < 0 || s > 0xffff)
      throw new RangeError(`"acceptableCiphersuites" expected uint16 values, got ${String(s)}`);
  }
  if (
    !(signatureKeyPair?.publicKey instanceof Uint8Array) ||
    !(signatureKeyPair.privateKey instanceof Uint8Array)
  )
    throw new TypeError(`"signatureKeyPair" expected { publicKey: Uint8Array, privateKey: Uint8Array }`);
  const tbs: KeyMaterialRequestTbs = {
    protocol: MimiProtocol.mls10,
    requestingUser: opts.requestingUser,
    targetUser: opts.targetUser,
    roomId: opts.roomId ?? "",
    acceptableCiphersuites: [...acceptableCiphersuites],
    requiredCapabilities: opts.requiredCapabilities ?? NO_REQUIREMENTS,
    requesterSignatureKey: signatureKeyPair.publicKey,
    requesterCredential: opts.credential,
  };
  checkKeyMaterialRequest(tbs);
  const signatureSuite = opts.signatureCipherSuite ?? acceptableCiphersuites[0]!;
  // A verifier looks for the scheme among the acceptable suites only (see the module note).
  if (!acceptableCiphersuites.includes(signatureSuite))
    throw new RangeError(`"signatureCipherSuite" ${signatureSuite} is not one of acceptableCiphersuites`);
  const suite = await provider.getCipherSuite(signatureSuite);
  const keyMaterialRequestSignature = await signWithLabel(
    suite,
    signatureKeyPair.privateKey,
    KEY_MATERIAL_REQUEST_SIGNATURE_LABEL,
    keyMaterialRequestTbsBytes(tbs),
  );
  return { ...tbs, keyMaterialRequestSignature };
}

/**
 * Check a decoded request: the draft's rules ({@link checkKeyMaterialRequest}) first, then its
 * signature with `requesterSignatureKey`, under the signature scheme of an acceptable cipher
 * suite the provider supports (see the module note). The credential is NOT judged here: that is
 * the job of the application's authorisation (e.g. an X.509 validator with the peer provider's
 * trust anchors), which must also bind the credential to `requesterSignatureKey`.
 *
 * @param request - a decoded request
 * @param opts - the crypto provider
 * @returns the acceptable suite whose signature scheme verified
 * @throws ValidationError `MIMI_EMPTY_CIPHER_SUITES`, `MIMI_DUPLICATE_CIPHER_SUITE`,
 *   `MIMI_UNSUPPORTED_SIGNATURE_SCHEME` (no acceptable suite is supported, or none has keys of
 *   this size), `MIMI_INVALID_SIGNATURE`
 * @example
 * ```ts
 * import { decodeKeyMaterialRequest, verifyKeyMaterialRequest } from "@mlskit/mimi";
 * const request = decodeKeyMaterialRequest(body);
 * const { cipherSuite } = await verifyKeyMaterialRequest(request, { provider });
 * ```
 */
export async function verifyKeyMaterialRequest(
  request: KeyMaterialRequest,
  opts: { readonly provider: CryptoProvider },
): Promise<{ readonly cipherSuite: number }> {
  const provider = opts?.provider;
  if (typeof provider?.getCipherSuite !== "function")
    throw new TypeError(`"provider" expected a CryptoProvider`);
  checkKeyMaterialRequest(request);
  const supported = new Set(provider.supportedCipherSuites());
  const key = request.requesterSignatureKey;
  const tried = new Set<number>();
  const candidates: CipherSuiteImpl[] = [];
  for (const id of request.acceptableCiphersuites) {
    if (!supported.has(id)) continue;
    const info = cipherSuiteInfo(id);
    const scheme = info?.signatureScheme ?? -id;
    if (tried.has(scheme)) continue;
    tried.add(scheme);
    if (info !== undefined && info.signaturePublicKeySize !== key.length) continue;
    candidates.push(await provider.getCipherSuite(id));
  }
  if (candidates.length === 0) {
    throw new ValidationError(
      MimiErrorCode.unsupportedSignatureScheme,
      "no acceptable cipher suite has a supported signature scheme for a key of this size",
      { details: { keyLength: key.length } },
    );
  }
  const tbs = keyMaterialRequestTbsBytes(request);
  for (const suite of candidates) {
    if (
      await verifyWithLabel(
        suite,
        key,
        KEY_MATERIAL_REQUEST_SIGNATURE_LABEL,
        tbs,
        request.keyMaterialRequestSignature,
      )
    )
      return { cipherSuite: suite.id };
  }
  throw new ValidationError(
    MimiErrorCode.invalidSignature,
    "key_material_request_signature does not verify with requesterSignatureKey",
    { details: { field: "key_material_request_signature" } },
  );
}
