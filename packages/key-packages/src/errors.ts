/**
 * @module errors
 * The stable error codes of @mlskit/key-packages, declared once: the codes of the checks
 * `validateKeyPackage` performs and the others. Then the checks, in order, each with its id
 * (`KP-nn`), its code and the RFC 9420 clause that requires it. docs/validation-matrix.md is this
 * table with the tests that break each check.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Every error code of @mlskit/key-packages: one per validation check of
 * {@link KEY_PACKAGE_CHECKS} (thrown as `ValidationError` with `details.check`), then the others.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { KeyPackageErrorCode } from "@mlskit/key-packages";
 * if (MlsError.is(e, KeyPackageErrorCode.expired)) console.error("ask for a fresh key package");
 * ```
 */
export const KeyPackageErrorCode = defineErrorCodes("KEY_PACKAGE_", {
  /** Check KP-01 failed (see {@link KEY_PACKAGE_CHECKS}). */
  unsupportedVersion: "KEY_PACKAGE_UNSUPPORTED_VERSION",
  /** Check KP-02 failed (see {@link KEY_PACKAGE_CHECKS}). */
  messageVersionMismatch: "KEY_PACKAGE_MESSAGE_VERSION_MISMATCH",
  /** Check KP-03 failed (see {@link KEY_PACKAGE_CHECKS}). */
  unsupportedCipherSuite: "KEY_PACKAGE_UNSUPPORTED_CIPHER_SUITE",
  /** Check KP-04 failed (see {@link KEY_PACKAGE_CHECKS}). */
  cipherSuiteMismatch: "KEY_PACKAGE_CIPHER_SUITE_MISMATCH",
  /** Check KP-05 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidLeafNodeSource: "KEY_PACKAGE_INVALID_LEAF_NODE_SOURCE",
  /** Check KP-06 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidInitKey: "KEY_PACKAGE_INVALID_INIT_KEY",
  /** Check KP-07 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidEncryptionKey: "KEY_PACKAGE_INVALID_ENCRYPTION_KEY",
  /** Check KP-08 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidSignatureKey: "KEY_PACKAGE_INVALID_SIGNATURE_KEY",
  /** Check KP-09 failed (see {@link KEY_PACKAGE_CHECKS}). */
  initKeyEqualsEncryptionKey: "KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY",
  /** Check KP-10 failed (see {@link KEY_PACKAGE_CHECKS}). */
  duplicateExtension: "KEY_PACKAGE_DUPLICATE_EXTENSION",
  /** Check KP-11 failed (see {@link KEY_PACKAGE_CHECKS}). */
  duplicateLeafNodeExtension: "KEY_PACKAGE_DUPLICATE_LEAF_NODE_EXTENSION",
  /** Check KP-12 failed (see {@link KEY_PACKAGE_CHECKS}). */
  extensionNotAllowed: "KEY_PACKAGE_EXTENSION_NOT_ALLOWED",
  /** Check KP-13 failed (see {@link KEY_PACKAGE_CHECKS}). */
  leafNodeExtensionNotAllowed: "KEY_PACKAGE_LEAF_NODE_EXTENSION_NOT_ALLOWED",
  /** Check KP-14 failed (see {@link KEY_PACKAGE_CHECKS}). */
  extensionNotInCapabilities: "KEY_PACKAGE_EXTENSION_NOT_IN_CAPABILITIES",
  /** Check KP-15 failed (see {@link KEY_PACKAGE_CHECKS}). */
  leafNodeExtensionNotInCapabilities: "KEY_PACKAGE_LEAF_NODE_EXTENSION_NOT_IN_CAPABILITIES",
  /** Check KP-16 failed (see {@link KEY_PACKAGE_CHECKS}). */
  credentialTypeNotInCapabilities: "KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES",
  /** Check KP-17 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidLeafNodeSignature: "KEY_PACKAGE_INVALID_LEAF_NODE_SIGNATURE",
  /** Check KP-18 failed (see {@link KEY_PACKAGE_CHECKS}). */
  invalidSignature: "KEY_PACKAGE_INVALID_SIGNATURE",
  /** Check KP-19 failed (see {@link KEY_PACKAGE_CHECKS}). */
  credentialRejected: "KEY_PACKAGE_CREDENTIAL_REJECTED",
  /** Check KP-20 failed (see {@link KEY_PACKAGE_CHECKS}). */
  lifetimeInverted: "KEY_PACKAGE_LIFETIME_INVERTED",
  /** Check KP-21 failed (see {@link KEY_PACKAGE_CHECKS}). */
  notYetValid: "KEY_PACKAGE_NOT_YET_VALID",
  /** Check KP-22 failed (see {@link KEY_PACKAGE_CHECKS}). */
  expired: "KEY_PACKAGE_EXPIRED",
  /** Check KP-23 failed (see {@link KEY_PACKAGE_CHECKS}). */
  lifetimeTooLong: "KEY_PACKAGE_LIFETIME_TOO_LONG",
  /** The signature key pair given to createKeyPackage does not fit the cipher suite. */
  signatureKeyMismatch: "KEY_PACKAGE_SIGNATURE_KEY_MISMATCH",
  /** createKeyPackage was asked to advertise a (non-GREASE) cipher suite its provider does not support. */
  capabilitySuiteUnsupported: "KEY_PACKAGE_CAPABILITY_SUITE_UNSUPPORTED",
  /** The provider returned the same HPKE public key for init_key and encryption_key (a broken RNG). */
  keyCollision: "KEY_PACKAGE_KEY_COLLISION",
  /** A bundle's private key was read after dispose(). */
  bundleDisposed: "KEY_PACKAGE_BUNDLE_DISPOSED",
  /** An MLSMessage carried another wire format than mls_key_package. */
  wrongWireFormat: "KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT",
});
/** One of the values of {@link KeyPackageErrorCode}. */
export type KeyPackageErrorCode = ErrorCodeOf<typeof KeyPackageErrorCode>;

/** One validation check. */
export interface KeyPackageCheck {
  /** Stable check id, e.g. `KP-09`. */
  readonly id: string;
  /** Stable error code of the `ValidationError` thrown when it fails. */
  readonly code: KeyPackageErrorCode;
  /** The clause that requires it. */
  readonly rfc: string;
  /** What is checked. */
  readonly description: string;
}

/**
 * Every check of `validateKeyPackage`, in the order they run. Cheap structural checks come
 * first, signatures after, policy (credential, lifetime) last, so a malformed package never costs
 * a signature verification.
 *
 * @example
 * ```ts
 * KEY_PACKAGE_CHECKS.find((c) => c.id === "KP-09")?.code; // "KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY"
 * ```
 */
export const KEY_PACKAGE_CHECKS: readonly KeyPackageCheck[] = Object.freeze(
  (
    [
      ["KP-01", KeyPackageErrorCode.unsupportedVersion, "§10.1 (1), §6", "version is mls10"],
      [
        "KP-02",
        KeyPackageErrorCode.messageVersionMismatch,
        "§10",
        "the MLSMessage version equals the KeyPackage version",
      ],
      [
        "KP-03",
        KeyPackageErrorCode.unsupportedCipherSuite,
        "§10.1 (1), §10",
        "the cipher suite is supported by the provider",
      ],
      [
        "KP-04",
        KeyPackageErrorCode.cipherSuiteMismatch,
        "§10.1 (1)",
        "the cipher suite equals the expected (group) suite",
      ],
      [
        "KP-05",
        KeyPackageErrorCode.invalidLeafNodeSource,
        "§10, §7.3 (7)",
        "leaf_node.leaf_node_source is key_package",
      ],
      [
        "KP-06",
        KeyPackageErrorCode.invalidInitKey,
        "§10",
        "init_key is an HPKE public key of the suite's KEM",
      ],
      [
        "KP-07",
        KeyPackageErrorCode.invalidEncryptionKey,
        "§10, §7.2",
        "leaf_node.encryption_key is an HPKE public key of the suite's KEM",
      ],
      [
        "KP-08",
        KeyPackageErrorCode.invalidSignatureKey,
        "§10, §5.1.2",
        "leaf_node.signature_key is a public key of the suite's signature scheme",
      ],
      [
        "KP-09",
        KeyPackageErrorCode.initKeyEqualsEncryptionKey,
        "§10.1 (4)",
        "init_key differs from leaf_node.encryption_key",
      ],
      [
        "KP-10",
        KeyPackageErrorCode.duplicateExtension,
        "§13.4",
        "no extension type appears twice in extensions",
      ],
      [
        "KP-11",
        KeyPackageErrorCode.duplicateLeafNodeExtension,
        "§13.4",
        "no extension type appears twice in leaf_node.extensions",
      ],
      [
        "KP-12",
        KeyPackageErrorCode.extensionNotAllowed,
        "§17.3, §13.4",
        "every extension in extensions may appear in a KeyPackage",
      ],
      [
        "KP-13",
        KeyPackageErrorCode.leafNodeExtensionNotAllowed,
        "§17.3, §13.4",
        "every extension in leaf_node.extensions may appear in a LeafNode",
      ],
      [
        "KP-14",
        KeyPackageErrorCode.extensionNotInCapabilities,
        "§10",
        "every non-default type in extensions is listed in capabilities.extensions",
      ],
      [
        "KP-15",
        KeyPackageErrorCode.leafNodeExtensionNotInCapabilities,
        "§7.2, §7.3 (6)",
        "every non-default type in leaf_node.extensions is listed in capabilities.extensions",
      ],
      [
        "KP-16",
        KeyPackageErrorCode.credentialTypeNotInCapabilities,
        "§7.2",
        "the credential type is listed in capabilities.credentials",
      ],
      [
        "KP-17",
        KeyPackageErrorCode.invalidLeafNodeSignature,
        "§7.3 (2)",
        "the LeafNodeTBS signature verifies with leaf_node.signature_key",
      ],
      [
        "KP-18",
        KeyPackageErrorCode.invalidSignature,
        "§10.1 (3), §10",
        "the KeyPackageTBS signature verifies with leaf_node.signature_key",
      ],
      [
        "KP-19",
        KeyPackageErrorCode.credentialRejected,
        "§7.3 (1), §5.3.1",
        "the credentialValidator accepts the credential and signature key",
      ],
      [
        "KP-20",
        KeyPackageErrorCode.lifetimeInverted,
        "§7.2",
        "lifetime.not_after is not before lifetime.not_before",
      ],
      ["KP-21", KeyPackageErrorCode.notYetValid, "§7.3 (5), §7.2", "now ≥ lifetime.not_before − clock skew"],
      ["KP-22", KeyPackageErrorCode.expired, "§7.3 (5), §7.2", "now ≤ lifetime.not_after + clock skew"],
      [
        "KP-23",
        KeyPackageErrorCode.lifetimeTooLong,
        "§7.2",
        "not_after − not_before ≤ the maximum total lifetime (lifetimePolicy)",
      ],
    ] as const
  ).map(([id, code, rfc, description]) => Object.freeze({ id, code, rfc: `RFC 9420 ${rfc}`, description })),
);
