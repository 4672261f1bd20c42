/**
 * @module validator
 * `createX509Validator`: a `CredentialValidator` (RFC 9420 §5.3.1) for x509 credentials. It
 * parses the chain, checks that the end-entity key is the leaf's `signature_key` (§5.3), builds
 * and verifies a path to one of the application's trust anchors, checks it at the injected `now`,
 * then lets the application bind the certificate's subject and names to the expected identity.
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import {
  type Credential,
  type CredentialValidationContext,
  type CredentialValidator,
  isBasicCredential,
  isX509Credential,
} from "@mlskit/credentials";
import { MlsError, ValidationError } from "@mlskit/errors";
import { type ParsedCertificate, parseCertificate } from "./certificate.js";
import { X509ErrorCode } from "./errors.js";
import { identityInfo } from "./identity.js";
import type { X509IdentityInfo } from "./identity-info.js";
import { findValidPath } from "./path.js";
import { mlsSignatureKey } from "./public-key.js";

/** Default for {@link X509ValidatorOptions.maxChainLength}. */
const DEFAULT_MAX_CHAIN_LENGTH = 8;
/** More certificates than this in one credential is refused before any parsing work. */
const MAX_CREDENTIAL_CERTIFICATES = 32;

/**
 * Options of {@link createX509Validator}.
 *
 * @example
 * ```ts
 * import type { X509ValidatorOptions } from "@mlskit/credentials-x509";
 * const options: X509ValidatorOptions = {
 *   trustAnchors: [rootCaDer],
 *   identity: ({ subjectAltNames }) => {
 *     if (!subjectAltNames.some((n) => n.type === "email" && n.value === "alice@example.com")) {
 *       throw new Error("not alice");
 *     }
 *   },
 * };
 * ```
 */
export interface X509ValidatorOptions {
  /**
   * The DER certificates the application trusts (root or intermediate CAs; an end-entity
   * certificate listed here is pinned). Their signatures, validity periods and, when they issue
   * a certificate of the path, cA and keyCertSign are checked like any other certificate's.
   */
  readonly trustAnchors: readonly Uint8Array[];
  /**
   * Binds the end-entity certificate to the expected user or device. Called last, once everything
   * else holds; throwing (or rejecting) refuses the credential with `X509_IDENTITY_REJECTED`,
   * the thrown value as `cause` (and its code as `details.hookCode` when it is an `MlsError`).
   */
  readonly identity?: (info: X509IdentityInfo) => void | Promise<void>;
  /**
   * Accept basic credentials without any check (they are bare assertions, RFC 9420 §5.3: only
   * for mixed deployments that authenticate them elsewhere). Default `false`: every credential
   * that is not x509 is refused with `X509_NOT_X509_CREDENTIAL`.
   */
  readonly allowBasic?: boolean;
  /** The most certificates a path may hold, trust anchor included (default 8). */
  readonly maxChainLength?: number;
}

function parseAnchors(trustAnchors: readonly Uint8Array[]): ParsedCertificate[] {
  if (!Array.isArray(trustAnchors))
    throw new TypeError(`"trustAnchors" expected an array of Uint8Array, got ${typeof trustAnchors}`);
  if (trustAnchors.length === 0) throw new RangeError(`"trustAnchors" expected at least one certificate`);
  return trustAnchors.map((der: unknown, i) => {
    if (!(der instanceof Uint8Array))
      throw new TypeError(
        `"trustAnchors[${i}]" expected Uint8Array, got ${der === null ? "null" : typeof der}`,
      );
    try {
      return parseCertificate(der.slice(), "trust-anchor");
    } catch (e) {
      throw new RangeError(`"trustAnchors[${i}]" is not a DER X.509 certificate`, { cause: e });
    }
  });
}

function checkOptions(options: X509ValidatorOptions): number {
  if (typeof options !== "object" || options === null)
    throw new TypeError(`"options" expected an object, got ${options === null ? "null" : typeof options}`);
  if (options.identity !== undefined && typeof options.identity !== "function")
    throw new TypeError(`"identity" expected a function, got ${typeof options.identity}`);
  if (options.allowBasic !== undefined && typeof options.allowBasic !== "boolean")
    throw new TypeError(`"allowBasic" expected a boolean, got ${typeof options.allowBasic}`);
  const max = options.maxChainLength ?? DEFAULT_MAX_CHAIN_LENGTH;
  if (!Number.isSafeInteger(max))
    throw new TypeError(`"maxChainLength" expected an integer, got ${String(max)}`);
  if (max < 1 || max > MAX_CREDENTIAL_CERTIFICATES + 1)
    throw new RangeError(`"maxChainLength" expected 1..${MAX_CREDENTIAL_CERTIFICATES + 1}, got ${max}`);
  return max;
}

/**
 * Create a `CredentialValidator` that accepts an x509 credential (RFC 9420 §5.3) when:
 *
 * 1. every certificate is well-formed DER (`X509_MALFORMED_CERTIFICATE`);
 * 2. the end-entity key, in the MLS encoding (raw Ed25519/Ed448, uncompressed SEC1 point for
 *    ECDSA P-256/P-384/P-521), equals `signature_key` (`X509_KEY_MISMATCH`,
 *    `X509_UNSUPPORTED_ALGORITHM` for RSA, other curves or a compressed point);
 * 3. the credential is an ordered chain (RFC 9420 §5.3): each certificate after the first is the
 *    issuer of the one before it (`X509_CHAIN_OUT_OF_ORDER`; `X509_BROKEN_CHAIN` when the named
 *    issuer does not verify the signature);
 * 4. a path leads from it, through the credential's certificates, to a trust
 *    anchor, every signature verifying, the anchor's included (`X509_UNTRUSTED_ROOT`,
 *    `X509_BROKEN_CHAIN`, `X509_UNSUPPORTED_ALGORITHM`, `X509_PATH_LENGTH_EXCEEDED`);
 * 5. every certificate of the path is valid at `ctx.now` (`X509_CERTIFICATE_NOT_YET_VALID`,
 *    `X509_CERTIFICATE_EXPIRED`), issuers have cA TRUE and keyCertSign if keyUsage is present
 *    (`X509_NOT_A_CA`) and their pathLenConstraint holds, no unprocessed extension is critical
 *    (`X509_UNSUPPORTED_CRITICAL_EXTENSION`) and the end entity may sign (`X509_INVALID_KEY_USAGE`);
 * 6. the `identity` hook, if any, accepts it (`X509_IDENTITY_REJECTED`).
 *
 * Certificate signatures are verified with WebCrypto (`crypto.subtle`). Revocation is not
 * checked. Each rejection is a `ValidationError` with a code of {@link X509ErrorCode}.
 *
 * @param options - trust anchors, identity hook, basic-credential policy, maximum path length
 * @returns a validator for `validateKeyPackage({ credentialValidator })`
 * @throws TypeError / RangeError for bad options, including a trust anchor that does not parse
 * @example
 * ```ts
 * import { createX509Validator } from "@mlskit/credentials-x509";
 * import { validateKeyPackage } from "@mlskit/key-packages";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 *
 * const credentialValidator = createX509Validator({
 *   trustAnchors: [rootCaDer],
 *   identity: ({ subject }) => {
 *     if (subject !== "CN=alice,O=Example") throw new Error(`unexpected subject ${subject}`);
 *   },
 * });
 * const keyPackage = await validateKeyPackage(unverified, { provider: nobleCryptoProvider, credentialValidator });
 * ```
 */
export function createX509Validator(options: X509ValidatorOptions): CredentialValidator {
  const maxChainLength = checkOptions(options);
  const anchors = parseAnchors(options.trustAnchors);
  const anchorDers: ReadonlySet<string> = new Set(anchors.map((a) => toHex(a.der)));
  const { identity, allowBasic = false } = options;
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new TypeError("WebCrypto (globalThis.crypto.subtle) is not available");

  async function validate(
    credential: Credential,
    signatureKey: Uint8Array,
    ctx: CredentialValidationContext,
  ): Promise<void> {
    if (typeof credential !== "object" || credential === null)
      throw new TypeError(
        `"credential" expected a Credential, got ${credential === null ? "null" : typeof credential}`,
      );
    if (!(signatureKey instanceof Uint8Array))
      throw new TypeError(`"signatureKey" expected Uint8Array, got ${typeof signatureKey}`);
    if (typeof ctx?.now !== "bigint")
      throw new TypeError(`"ctx.now" expected a bigint, got ${typeof ctx?.now}`);

    if (!isX509Credential(credential)) {
      if (allowBasic && isBasicCredential(credential)) return;
      throw new ValidationError(
        X509ErrorCode.notX509Credential,
        `credential type 0x${credential.credentialType.toString(16).padStart(4, "0")} is not x509`,
        { details: { credentialType: credential.credentialType } },
      );
    }
    const certificates = credential.certificates;
    // RFC 9420 §5.3: certificates[0] is the end entity, so the chain cannot be empty.
    if (certificates.length === 0 || certificates.length > MAX_CREDENTIAL_CERTIFICATES) {
      throw new ValidationError(
        X509ErrorCode.malformedCertificate,
        `an x509 credential holds 1..${MAX_CREDENTIAL_CERTIFICATES} certificates, got ${certificates.length}`,
        { details: { certificates: certificates.length } },
      );
    }
    // Parse copies: validation awaits, and the caller's buffers must not change what was checked.
    const parsed = certificates.map((c, i) => parseCertificate(c.certData.slice(), i));
    const leaf = parsed[0]!;

    // RFC 9420 §5.3: "The public key encoded in the subjectPublicKeyInfo of the end-entity
    // certificate MUST be identical to the signature_key in the LeafNode containing this credential."
    if (!bytesEqual(mlsSignatureKey(leaf.cert, 0), signatureKey)) {
      throw new ValidationError(
        X509ErrorCode.keyMismatch,
        "certificates[0]: the end-entity public key is not the leaf's signature_key",
        { details: { certificate: 0 } },
      );
    }

    const path = await findValidPath({
      leaf,
      pool: parsed.slice(1),
      anchors,
      anchorDers,
      now: ctx.now,
      maxChainLength,
      subtle,
    });

    if (identity !== undefined) {
      try {
        await identity(identityInfo(path, signatureKey));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new ValidationError(X509ErrorCode.identityRejected, `identity rejected: ${message}`, {
          details: { certificate: 0, ...(MlsError.is(e) ? { hookCode: e.code } : {}) },
          cause: e,
        });
      }
    }
  }

  return Object.freeze({ validate });
}
