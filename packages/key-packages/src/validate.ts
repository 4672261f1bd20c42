/**
 * @module validate
 * `validateKeyPackage`: every check RFC 9420 §10.1 and §7.3 require of a key package and its
 * key_package leaf, plus a maximum total lifetime (§7.2), in the documented order of
 * {@link KEY_PACKAGE_CHECKS}. The first failing check throws a `ValidationError` whose `code` is the
 * check's code and whose `details.check` is its id.
 */
import { bytesEqual } from "@mlskit/codec";
import type { CredentialValidator } from "@mlskit/credentials";
import {
  type CipherSuiteImpl,
  type CryptoProvider,
  cipherSuiteInfo,
  verifyWithLabel,
} from "@mlskit/crypto-provider";
import { type ErrorDetails, MlsError, ValidationError } from "@mlskit/errors";
import {
  type Extension,
  findDuplicateExtensionType,
  isDefaultExtensionType,
  isExtensionAllowedIn,
} from "@mlskit/extensions";
import { KEY_PACKAGE_CHECKS, KeyPackageErrorCode } from "./errors.js";
import {
  type KeyPackage,
  keyPackageTbsBytes,
  leafNodeTbsBytes,
  messageVersionOf,
  ProtocolVersion,
  type UnverifiedKeyPackage,
} from "./key-package.js";
import { LeafNodeSource } from "./leaf-node.js";
import { DEFAULT_LIFETIME_POLICY, type LifetimePolicy, toEpochSeconds } from "./lifetime.js";

/** Options of {@link validateKeyPackage}. */
export interface ValidateKeyPackageOptions {
  /** Crypto provider; it must support the package's cipher suite. */
  readonly provider: CryptoProvider;
  /** The time to judge the lifetime at (seconds since the epoch, or a Date). Default: now. */
  readonly now?: bigint | Date;
  /**
   * Maximum total lifetime and clock skew; default {@link DEFAULT_LIFETIME_POLICY}. `false` turns
   * only the maximum off — the window is always checked (with no skew).
   */
  readonly lifetimePolicy?: LifetimePolicy | false;
  /** Authentication Service hook (RFC 9420 §5.3.1); called with the credential and signature key. */
  readonly credentialValidator?: CredentialValidator;
  /** The group's cipher suite (RFC 9420 §10.1 (1)); when given, the package must use it. */
  readonly expectedCipherSuite?: number;
}

const CHECK = new Map(KEY_PACKAGE_CHECKS.map((c) => [c.id, c]));

function fail(id: string, message: string, details: ErrorDetails = {}, cause?: unknown): never {
  const check = CHECK.get(id);
  if (check === undefined) throw new Error(`unknown check ${id}`);
  throw new ValidationError(check.code, `${id}: ${message}`, {
    details: { check: id, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, "0")}`;

function checkHpkeKey(id: string, name: string, key: Uint8Array, size: number, sec1: boolean): void {
  if (key.length !== size)
    fail(id, `${name} is ${key.length} bytes, the suite's KEM needs ${size}`, { length: key.length });
  // RFC 9180 §7.1.1: P-curve keys are SEC1 uncompressed points (0x04 ‖ X ‖ Y).
  if (sec1 && key[0] !== 0x04) fail(id, `${name} is not an uncompressed SEC1 point`);
}

function checkExtensionsAllowed(
  id: string,
  extensions: readonly Extension[],
  context: "key_package" | "leaf_node",
): void {
  for (const ext of extensions) {
    if (!isExtensionAllowedIn(ext.extensionType, context)) {
      fail(id, `extension ${hex4(ext.extensionType)} may not appear in a ${context}`, {
        extensionType: ext.extensionType,
      });
    }
  }
}

function checkListed(
  id: string,
  extensions: readonly Extension[],
  listed: readonly number[],
  where: string,
): void {
  for (const ext of extensions) {
    // RFC 9420 §7.2: default types MUST NOT be listed, so they count as implicitly supported.
    if (!isDefaultExtensionType(ext.extensionType) && !listed.includes(ext.extensionType)) {
      fail(id, `extension ${hex4(ext.extensionType)} in ${where} is not listed in capabilities.extensions`, {
        extensionType: ext.extensionType,
      });
    }
  }
}

/**
 * The structural checks (KP-01 … KP-16): everything that needs neither signatures nor policy.
 * @internal shared with createKeyPackage, which refuses to build a package that fails them
 */
export function checkKeyPackageStructure(
  kp: UnverifiedKeyPackage,
  supported: readonly number[],
  expectedCipherSuite?: number,
): void {
  // §10.1 (1), §6: only mls10 exists.
  if (kp.version !== ProtocolVersion.mls10)
    fail("KP-01", `version ${kp.version} is not mls10 (1)`, { version: kp.version });
  // §10: "it MUST verify that the version field of the KeyPackage has the same value as the
  // version field of the MLSMessage."
  const mv = messageVersionOf(kp);
  if (mv !== undefined && mv !== kp.version) {
    fail("KP-02", `MLSMessage version ${mv} differs from KeyPackage version ${kp.version}`, {
      messageVersion: mv,
    });
  }
  if (!supported.includes(kp.cipherSuite)) {
    fail("KP-03", `cipher suite ${hex4(kp.cipherSuite)} is not supported`, { cipherSuite: kp.cipherSuite });
  }
  if (expectedCipherSuite !== undefined && kp.cipherSuite !== expectedCipherSuite) {
    fail("KP-04", `cipher suite ${hex4(kp.cipherSuite)} is not the expected ${hex4(expectedCipherSuite)}`, {
      cipherSuite: kp.cipherSuite,
      expectedCipherSuite,
    });
  }
  const leaf = kp.leafNode;
  // §10: "The field leaf_node.leaf_node_source of the LeafNode in a KeyPackage MUST be set to key_package."
  if (leaf.leafNodeSource !== LeafNodeSource.key_package) {
    fail("KP-05", `leaf_node_source ${leaf.leafNodeSource} is not key_package (1)`, {
      leafNodeSource: leaf.leafNodeSource,
    });
  }
  // §10: init_key and the leaf's keys "MUST be valid for the cipher suite". Suites outside the
  // registry (provider-specific) get no format check here; their signature check still applies.
  const info = cipherSuiteInfo(kp.cipherSuite);
  if (info !== undefined) {
    const sec1 = info.hpkePublicKeyFormat === "sec1";
    checkHpkeKey("KP-06", "init_key", kp.initKey, info.hpkePublicKeySize, sec1);
    checkHpkeKey("KP-07", "leaf_node.encryption_key", leaf.encryptionKey, info.hpkePublicKeySize, sec1);
    const sk = leaf.signatureKey;
    if (sk.length !== info.signaturePublicKeySize) {
      fail(
        "KP-08",
        `signature_key is ${sk.length} bytes, ${info.signatureName} needs ${info.signaturePublicKeySize}`,
        {
          length: sk.length,
        },
      );
    }
    if (info.signatureEncoding === "der" && sk[0] !== 0x04)
      fail("KP-08", "signature_key is not an uncompressed SEC1 point");
  }
  // §10.1 (4)
  if (bytesEqual(kp.initKey, leaf.encryptionKey)) fail("KP-09", "init_key equals leaf_node.encryption_key");
  // §13.4: "Any field containing a list of extensions MUST NOT have more than one extension of any given type."
  const dup = findDuplicateExtensionType(kp.extensions);
  if (dup !== undefined)
    fail("KP-10", `extension ${hex4(dup)} appears twice in extensions`, { extensionType: dup });
  const leafDup = findDuplicateExtensionType(leaf.extensions);
  if (leafDup !== undefined) {
    fail("KP-11", `extension ${hex4(leafDup)} appears twice in leaf_node.extensions`, {
      extensionType: leafDup,
    });
  }
  checkExtensionsAllowed("KP-12", kp.extensions, "key_package");
  checkExtensionsAllowed("KP-13", leaf.extensions, "leaf_node");
  // §10: "Extensions included in the extensions or leaf_node.extensions fields MUST be included
  // in the leaf_node.capabilities field."
  checkListed("KP-14", kp.extensions, leaf.capabilities.extensions, "extensions");
  checkListed("KP-15", leaf.extensions, leaf.capabilities.extensions, "leaf_node.extensions");
  // §7.2: "the credential type used in the LeafNode MUST be included in the credentials field".
  const ct = leaf.credential.credentialType;
  if (!leaf.capabilities.credentials.includes(ct)) {
    fail("KP-16", `credential type ${hex4(ct)} is not listed in capabilities.credentials`, {
      credentialType: ct,
    });
  }
}

async function checkSignatures(kp: UnverifiedKeyPackage, suite: CipherSuiteImpl): Promise<void> {
  const key = kp.leafNode.signatureKey;
  const verify = (label: string, content: Uint8Array, sig: Uint8Array) =>
    verifyWithLabel(suite, key, label, content, sig).catch((e: unknown) => {
      // A key the backend refuses to import cannot have produced a valid signature.
      if (MlsError.is(e)) return false;
      throw e;
    });
  const [leafOk, kpOk] = await Promise.all([
    verify("LeafNodeTBS", leafNodeTbsBytes(kp), kp.leafNode.signature),
    verify("KeyPackageTBS", keyPackageTbsBytes(kp), kp.signature),
  ]);
  // §7.3 (2): LeafNode signature with signature_key (no group context for source key_package).
  if (!leafOk) fail("KP-17", "leaf node signature does not verify with leaf_node.signature_key");
  // §10.1 (3): KeyPackage signature with the key of leaf_node (the credential binds signature_key).
  if (!kpOk) fail("KP-18", "key package signature does not verify with leaf_node.signature_key");
}

/**
 * Validate a key package received from a peer or a directory.
 *
 * @param kp - the decoded package
 * @param opts - provider, clock, lifetime policy, credential validator, expected suite
 * @returns the same package, typed as a validated {@link KeyPackage}
 * @throws ValidationError with the failing check's code and `details.check` (`KP-nn`)
 * @throws CryptoError when the provider itself fails
 * @example
 * ```ts
 * const kp = await validateKeyPackage(decodeKeyPackageMessage(bytes), {
 *   provider: nobleCryptoProvider,
 *   expectedCipherSuite: 1,
 * });
 * ```
 */
export async function validateKeyPackage(
  kp: UnverifiedKeyPackage,
  opts: ValidateKeyPackageOptions,
): Promise<KeyPackage> {
  if (typeof kp !== "object" || kp === null || !(kp.initKey instanceof Uint8Array)) {
    throw new TypeError(`"kp" expected a decoded key package`);
  }
  const { provider } = opts;
  if (typeof provider?.getCipherSuite !== "function")
    throw new TypeError(`"provider" expected a CryptoProvider`);
  const now = toEpochSeconds(opts.now);
  const policy = opts.lifetimePolicy === undefined ? DEFAULT_LIFETIME_POLICY : opts.lifetimePolicy;

  checkKeyPackageStructure(kp, provider.supportedCipherSuites(), opts.expectedCipherSuite);
  const suite = await provider.getCipherSuite(kp.cipherSuite);
  await checkSignatures(kp, suite);

  const leaf = kp.leafNode;
  if (opts.credentialValidator !== undefined) {
    try {
      await opts.credentialValidator.validate(leaf.credential, leaf.signatureKey, { now });
    } catch (e) {
      // Keep the validator's own code (e.g. an X.509 failure) and add the check id.
      const code = e instanceof ValidationError ? e.code : KeyPackageErrorCode.credentialRejected;
      const message = e instanceof Error ? e.message : String(e);
      throw new ValidationError(code, `KP-19: credential rejected: ${message}`, {
        details: { ...(e instanceof ValidationError ? e.details : {}), check: "KP-19" },
        cause: e,
      });
    }
  }

  const lifetime = leaf.lifetime;
  if (lifetime === undefined) fail("KP-05", "leaf node has no lifetime");
  const { notBefore, notAfter } = lifetime;
  if (notAfter < notBefore) fail("KP-20", "lifetime.not_after precedes not_before", { notBefore, notAfter });
  const skew = policy === false ? 0n : BigInt(policy.clockSkewSeconds);
  // §7.3 (5): the current time must be within the lifetime.
  if (now + skew < notBefore) fail("KP-21", `not valid before ${notBefore} (now ${now})`, { notBefore, now });
  if (now - skew > notAfter) fail("KP-22", `expired at ${notAfter} (now ${now})`, { notAfter, now });
  // §7.2: "Applications MUST define a maximum total lifetime that is acceptable for a LeafNode,
  // and reject any LeafNode where the total lifetime is longer than this duration."
  if (policy !== false && notAfter - notBefore > BigInt(policy.maxTotalSeconds)) {
    fail(
      "KP-23",
      `total lifetime ${notAfter - notBefore} s exceeds the maximum ${policy.maxTotalSeconds} s`,
      {
        totalSeconds: notAfter - notBefore,
        maxTotalSeconds: policy.maxTotalSeconds,
      },
    );
  }
  return kp as KeyPackage;
}
