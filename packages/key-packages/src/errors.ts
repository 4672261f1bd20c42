/**
 * @module errors
 * The checks `validateKeyPackage` performs, in order, each with its id (`KP-nn`), its stable
 * error code and the RFC 9420 clause that requires it. docs/validation-matrix.md is this table
 * with the tests that break each check.
 */

/** One validation check. */
export interface KeyPackageCheck {
  /** Stable check id, e.g. `KP-09`. */
  readonly id: string;
  /** Stable error code of the `ValidationError` thrown when it fails. */
  readonly code: string;
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
      ["KP-01", "KEY_PACKAGE_UNSUPPORTED_VERSION", "§10.1 (1), §6", "version is mls10"],
      [
        "KP-02",
        "KEY_PACKAGE_MESSAGE_VERSION_MISMATCH",
        "§10",
        "the MLSMessage version equals the KeyPackage version",
      ],
      [
        "KP-03",
        "KEY_PACKAGE_UNSUPPORTED_CIPHER_SUITE",
        "§10.1 (1), §10",
        "the cipher suite is supported by the provider",
      ],
      [
        "KP-04",
        "KEY_PACKAGE_CIPHER_SUITE_MISMATCH",
        "§10.1 (1)",
        "the cipher suite equals the expected (group) suite",
      ],
      [
        "KP-05",
        "KEY_PACKAGE_INVALID_LEAF_NODE_SOURCE",
        "§10, §7.3 (7)",
        "leaf_node.leaf_node_source is key_package",
      ],
      ["KP-06", "KEY_PACKAGE_INVALID_INIT_KEY", "§10", "init_key is an HPKE public key of the suite's KEM"],
      [
        "KP-07",
        "KEY_PACKAGE_INVALID_ENCRYPTION_KEY",
        "§10, §7.2",
        "leaf_node.encryption_key is an HPKE public key of the suite's KEM",
      ],
      [
        "KP-08",
        "KEY_PACKAGE_INVALID_SIGNATURE_KEY",
        "§10, §5.1.2",
        "leaf_node.signature_key is a public key of the suite's signature scheme",
      ],
      [
        "KP-09",
        "KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY",
        "§10.1 (4)",
        "init_key differs from leaf_node.encryption_key",
      ],
      ["KP-10", "KEY_PACKAGE_DUPLICATE_EXTENSION", "§13.4", "no extension type appears twice in extensions"],
      [
        "KP-11",
        "KEY_PACKAGE_DUPLICATE_LEAF_NODE_EXTENSION",
        "§13.4",
        "no extension type appears twice in leaf_node.extensions",
      ],
      [
        "KP-12",
        "KEY_PACKAGE_EXTENSION_NOT_ALLOWED",
        "§17.3, §13.4",
        "every extension in extensions may appear in a KeyPackage",
      ],
      [
        "KP-13",
        "KEY_PACKAGE_LEAF_NODE_EXTENSION_NOT_ALLOWED",
        "§17.3, §13.4",
        "every extension in leaf_node.extensions may appear in a LeafNode",
      ],
      [
        "KP-14",
        "KEY_PACKAGE_EXTENSION_NOT_IN_CAPABILITIES",
        "§10",
        "every non-default type in extensions is listed in capabilities.extensions",
      ],
      [
        "KP-15",
        "KEY_PACKAGE_LEAF_NODE_EXTENSION_NOT_IN_CAPABILITIES",
        "§7.2, §7.3 (6)",
        "every non-default type in leaf_node.extensions is listed in capabilities.extensions",
      ],
      [
        "KP-16",
        "KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES",
        "§7.2",
        "the credential type is listed in capabilities.credentials",
      ],
      [
        "KP-17",
        "KEY_PACKAGE_INVALID_LEAF_NODE_SIGNATURE",
        "§7.3 (2)",
        "the LeafNodeTBS signature verifies with leaf_node.signature_key",
      ],
      [
        "KP-18",
        "KEY_PACKAGE_INVALID_SIGNATURE",
        "§10.1 (3), §10",
        "the KeyPackageTBS signature verifies with leaf_node.signature_key",
      ],
      [
        "KP-19",
        "KEY_PACKAGE_CREDENTIAL_REJECTED",
        "§7.3 (1), §5.3.1",
        "the credentialValidator accepts the credential and signature key",
      ],
      [
        "KP-20",
        "KEY_PACKAGE_LIFETIME_INVERTED",
        "§7.2",
        "lifetime.not_after is not before lifetime.not_before",
      ],
      ["KP-21", "KEY_PACKAGE_NOT_YET_VALID", "§7.3 (5), §7.2", "now ≥ lifetime.not_before − clock skew"],
      ["KP-22", "KEY_PACKAGE_EXPIRED", "§7.3 (5), §7.2", "now ≤ lifetime.not_after + clock skew"],
      [
        "KP-23",
        "KEY_PACKAGE_LIFETIME_TOO_LONG",
        "§7.2",
        "not_after − not_before ≤ the maximum total lifetime (lifetimePolicy)",
      ],
    ] as const
  ).map(([id, code, rfc, description]) => Object.freeze({ id, code, rfc: `RFC 9420 ${rfc}`, description })),
);

/** Error codes of @mlskit/key-packages besides the validation checks above. */
export const KeyPackageErrorCode = Object.freeze({
  /** The signature key pair given to createKeyPackage does not fit the cipher suite. */
  signatureKeyMismatch: "KEY_PACKAGE_SIGNATURE_KEY_MISMATCH",
  /** The provider returned the same HPKE public key for init_key and encryption_key (a broken RNG). */
  keyCollision: "KEY_PACKAGE_KEY_COLLISION",
  /** A bundle's private key was read after dispose(). */
  bundleDisposed: "KEY_PACKAGE_BUNDLE_DISPOSED",
  /** An MLSMessage carried another wire format than mls_key_package. */
  wrongWireFormat: "KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT",
} as const);
/** One of the values of {@link KeyPackageErrorCode}. */
export type KeyPackageErrorCode = (typeof KeyPackageErrorCode)[keyof typeof KeyPackageErrorCode];
