/**
 * @module errors
 * The stable error codes of @mlskit/welcome, declared once: one per check `openWelcome` performs,
 * then the others. Then the checks, in the order they run, each with its id (`W-nn`), its code and
 * the RFC 9420 clause that requires it. docs/validation-matrix.md is this table with the tests
 * that break each check.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Every error code of @mlskit/welcome: one per check of {@link WELCOME_CHECKS} (thrown as
 * `ValidationError` with `details.check`), then the others.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { WelcomeErrorCode } from "@mlskit/welcome";
 * if (MlsError.is(e, WelcomeErrorCode.noMatchingKeyPackage)) console.error("this Welcome is not for us");
 * ```
 */
export const WelcomeErrorCode = defineErrorCodes("WELCOME_", {
  /** Check W-01 failed (see {@link WELCOME_CHECKS}). */
  noMatchingKeyPackage: "WELCOME_NO_MATCHING_KEY_PACKAGE",
  /** Check W-02 failed. */
  keyPackageUnavailable: "WELCOME_KEY_PACKAGE_UNAVAILABLE",
  /** Check W-03 failed. */
  cipherSuiteMismatch: "WELCOME_CIPHER_SUITE_MISMATCH",
  /** Check W-04 failed. */
  groupSecretsUndecryptable: "WELCOME_GROUP_SECRETS_UNDECRYPTABLE",
  /** Check W-05 failed. */
  groupSecretsMalformed: "WELCOME_GROUP_SECRETS_MALFORMED",
  /** Check W-06 failed. */
  invalidPskId: "WELCOME_INVALID_PSK_ID",
  /** Check W-07 failed. */
  multipleReinitBranchPsks: "WELCOME_MULTIPLE_REINIT_BRANCH_PSKS",
  /** Check W-08 failed. */
  pskMissing: "WELCOME_PSK_MISSING",
  /** Check W-09 failed. */
  groupInfoUndecryptable: "WELCOME_GROUP_INFO_UNDECRYPTABLE",
  /** Check W-10 failed. */
  groupInfoMalformed: "WELCOME_GROUP_INFO_MALFORMED",
  /** Check W-11 failed. */
  versionMismatch: "WELCOME_VERSION_MISMATCH",
  /** Check W-12 failed. */
  groupCipherSuiteMismatch: "WELCOME_GROUP_CIPHER_SUITE_MISMATCH",
  /** Check W-13 failed. */
  duplicateGroupExtension: "WELCOME_DUPLICATE_GROUP_EXTENSION",
  /** Check W-14 failed. */
  unsupportedGroupContextExtension: "WELCOME_UNSUPPORTED_GROUP_CONTEXT_EXTENSION",
  /** Check W-15 failed. */
  malformedGroupContextExtension: "WELCOME_MALFORMED_GROUP_CONTEXT_EXTENSION",
  /** Check W-16 failed. */
  confirmationTagMismatch: "WELCOME_CONFIRMATION_TAG_MISMATCH",
  /** Check W-17 failed. */
  reinitBranchEpochNotOne: "WELCOME_REINIT_BRANCH_EPOCH_NOT_ONE",
  /** Check W-18 failed. */
  ratchetTreeMissing: "WELCOME_RATCHET_TREE_MISSING",
  /** Check W-19 failed. */
  ratchetTreeMalformed: "WELCOME_RATCHET_TREE_MALFORMED",
  /** Check W-20 failed. */
  treeHashMismatch: "WELCOME_TREE_HASH_MISMATCH",
  /** Check W-21 failed. */
  invalidEncryptionKey: "WELCOME_INVALID_ENCRYPTION_KEY",
  /** Check W-22 failed. */
  invalidSignatureKey: "WELCOME_INVALID_SIGNATURE_KEY",
  /** Check W-23 failed. */
  duplicateLeafNodeExtension: "WELCOME_DUPLICATE_LEAF_NODE_EXTENSION",
  /** Check W-24 failed. */
  unsupportedLeafNodeExtension: "WELCOME_UNSUPPORTED_LEAF_NODE_EXTENSION",
  /** Check W-25 failed. */
  requiredCapabilitiesNotMet: "WELCOME_REQUIRED_CAPABILITIES_NOT_MET",
  /** Check W-26 failed. */
  credentialTypeNotSupported: "WELCOME_CREDENTIAL_TYPE_NOT_SUPPORTED",
  /** Check W-27 failed. */
  duplicateSignatureKey: "WELCOME_DUPLICATE_SIGNATURE_KEY",
  /** Check W-28 failed. */
  duplicateEncryptionKey: "WELCOME_DUPLICATE_ENCRYPTION_KEY",
  /** Check W-29 failed. */
  invalidUnmergedLeaves: "WELCOME_INVALID_UNMERGED_LEAVES",
  /** Check W-30 failed. */
  invalidParentHash: "WELCOME_INVALID_PARENT_HASH",
  /** Check W-31 failed. */
  invalidSigner: "WELCOME_INVALID_SIGNER",
  /** Check W-32 failed. */
  groupInfoSignatureInvalid: "WELCOME_GROUP_INFO_SIGNATURE_INVALID",
  /** Check W-33 failed. */
  invalidLeafNodeSignature: "WELCOME_INVALID_LEAF_NODE_SIGNATURE",
  /** Check W-34 failed. */
  leafNodeLifetimeInvalid: "WELCOME_LEAF_NODE_LIFETIME_INVALID",
  /** Check W-35 failed (unless the credentialValidator threw a ValidationError: its code is kept). */
  credentialRejected: "WELCOME_CREDENTIAL_REJECTED",
  /** Check W-36 failed. */
  ownLeafNotFound: "WELCOME_OWN_LEAF_NOT_FOUND",
  /** Check W-37 failed. */
  pathSecretMismatch: "WELCOME_PATH_SECRET_MISMATCH",
  /** An MLSMessage carried another wire format than mls_welcome (a `CodecError`). */
  wrongWireFormat: "WELCOME_MESSAGE_WRONG_WIRE_FORMAT",
  /** A JoinedGroup's secret was read after dispose() (a `UsageError`). */
  joinedGroupDisposed: "WELCOME_JOINED_GROUP_DISPOSED",
});
/** One of the values of {@link WelcomeErrorCode}. */
export type WelcomeErrorCode = ErrorCodeOf<typeof WelcomeErrorCode>;

/** One check of `openWelcome`. */
export interface WelcomeCheck {
  /** Stable check id, e.g. `W-16`. */
  readonly id: string;
  /** Stable error code of the `ValidationError` thrown when it fails. */
  readonly code: WelcomeErrorCode;
  /** The clause that requires it. */
  readonly rfc: string;
  /** What is checked. */
  readonly description: string;
}

const C = WelcomeErrorCode;

/**
 * Every check of `openWelcome`, in the order they run: finding and reserving the key package,
 * the secrets and the GroupInfo (cheap, and nothing else can be read before them), the ratchet
 * tree's hash and its structure (key formats first, so a malformed signer key is named as such),
 * the GroupInfo signature, then every signature in the tree, then policy (lifetimes,
 * credentials), then our own place in the tree.
 *
 * @example
 * ```ts
 * WELCOME_CHECKS.find((c) => c.id === "W-16")?.code; // "WELCOME_CONFIRMATION_TAG_MISMATCH"
 * ```
 */
export const WELCOME_CHECKS: readonly WelcomeCheck[] = Object.freeze(
  (
    [
      [
        "W-01",
        C.noMatchingKeyPackage,
        "§12.4.3.1",
        "an entry of secrets names a key package the store or bundle holds",
      ],
      [
        "W-02",
        C.keyPackageUnavailable,
        "§12.4.3.1, §16.8",
        "the named key package is still usable: not reserved by another open in progress nor consumed (store), not disposed (bundle)",
      ],
      ["W-03", C.cipherSuiteMismatch, "§12.4.3.1", "the Welcome's cipher_suite equals the key package's"],
      [
        "W-04",
        C.groupSecretsUndecryptable,
        "§12.4.3.1, §5.1.3",
        'encrypted_group_secrets opens with DecryptWithLabel(init_key_priv, "Welcome", encrypted_group_info, ...)',
      ],
      [
        "W-05",
        C.groupSecretsMalformed,
        "§12.4.3.1, §8",
        "GroupSecrets decodes canonically; joiner_secret and path_secret are KDF.Nh bytes",
      ],
      [
        "W-06",
        C.invalidPskId,
        "§8.4",
        "every PreSharedKeyID has a psk_nonce of KDF.Nh bytes and, for resumption, a known usage",
      ],
      [
        "W-07",
        C.multipleReinitBranchPsks,
        "§12.4.3.1",
        "at most one resumption PSK has usage reinit or branch",
      ],
      ["W-08", C.pskMissing, "§12.4.3.1, §8.4", "the psk callback supplies every PSK the GroupSecrets name"],
      [
        "W-09",
        C.groupInfoUndecryptable,
        "§12.4.3.1",
        "encrypted_group_info opens with the welcome_key and welcome_nonce",
      ],
      ["W-10", C.groupInfoMalformed, "§12.4.3", "the GroupInfo decodes canonically"],
      [
        "W-11",
        C.versionMismatch,
        "§12.4.3.1, §6",
        "GroupContext.version is mls10 and equals the key package's and the MLSMessage's version",
      ],
      [
        "W-12",
        C.groupCipherSuiteMismatch,
        "§12.4.3.1",
        "GroupContext.cipher_suite equals the key package's cipher suite",
      ],
      [
        "W-13",
        C.duplicateGroupExtension,
        "§13.4",
        "no extension type appears twice in GroupContext.extensions or GroupInfo.extensions",
      ],
      [
        "W-14",
        C.unsupportedGroupContextExtension,
        "§12.4.3, §17.3",
        "every GroupContext extension may appear there and is supported by our key package",
      ],
      ["W-15", C.malformedGroupContextExtension, "§11.1", "a required_capabilities extension decodes"],
      [
        "W-16",
        C.confirmationTagMismatch,
        "§12.4.3.1, §6.1, §8",
        "confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)",
      ],
      [
        "W-17",
        C.reinitBranchEpochNotOne,
        "§12.4.3.1",
        "with a reinit or branch resumption PSK, GroupContext.epoch is 1",
      ],
      [
        "W-18",
        C.ratchetTreeMissing,
        "§12.4.3, §12.4.3.3",
        "a ratchet tree comes with the GroupInfo (ratchet_tree extension) or the ratchetTree option",
      ],
      [
        "W-19",
        C.ratchetTreeMalformed,
        "§12.4.3.3",
        "the ratchet tree decodes: node types match positions, the last node is not blank",
      ],
      [
        "W-20",
        C.treeHashMismatch,
        "§12.4.3.1, §7.8",
        "the tree hash of the ratchet tree equals GroupContext.tree_hash",
      ],
      [
        "W-21",
        C.invalidEncryptionKey,
        "§7.2, §7.1, §5.1.1",
        "every node's encryption_key is an HPKE public key of the suite's KEM",
      ],
      [
        "W-22",
        C.invalidSignatureKey,
        "§7.2, §5.1.1",
        "every leaf's signature_key is a public key of the suite's signature scheme",
      ],
      [
        "W-23",
        C.duplicateLeafNodeExtension,
        "§13.4",
        "no extension type appears twice in a leaf's extensions",
      ],
      [
        "W-24",
        C.unsupportedLeafNodeExtension,
        "§7.3, §17.3",
        "every leaf extension may appear in a LeafNode and, unless default, is listed in its capabilities",
      ],
      [
        "W-25",
        C.requiredCapabilitiesNotMet,
        "§7.3, §11.1",
        "every leaf's capabilities list the required_capabilities",
      ],
      [
        "W-26",
        C.credentialTypeNotSupported,
        "§7.3, §7.2",
        "every leaf's capabilities list every credential type in use in the group",
      ],
      ["W-27", C.duplicateSignatureKey, "§7.3", "no two leaves share a signature_key"],
      ["W-28", C.duplicateEncryptionKey, "§7.3, §12.4.3.1", "no two nodes share an encryption_key"],
      [
        "W-29",
        C.invalidUnmergedLeaves,
        "§7.1, §12.4.3.1",
        "unmerged_leaves are increasing, non-blank descendant leaves, also listed by every non-blank node in between",
      ],
      ["W-30", C.invalidParentHash, "§12.4.3.1, §7.9.2", "every non-blank parent node is parent-hash valid"],
      ["W-31", C.invalidSigner, "§12.4.3.1", "GroupInfo.signer is a non-blank leaf of the tree"],
      [
        "W-32",
        C.groupInfoSignatureInvalid,
        "§12.4.3.1, §12.4.3",
        "the GroupInfoTBS signature verifies with the signer's signature_key",
      ],
      [
        "W-33",
        C.invalidLeafNodeSignature,
        "§7.3",
        "every leaf's LeafNodeTBS signature verifies (with group_id and leaf_index for update and commit leaves)",
      ],
      [
        "W-34",
        C.leafNodeLifetimeInvalid,
        "§7.3, §7.2",
        "every key_package leaf's lifetime contains now (within the clock skew)",
      ],
      [
        "W-35",
        C.credentialRejected,
        "§7.3, §5.3.1",
        "the credentialValidator accepts every leaf's credential",
      ],
      ["W-36", C.ownLeafNotFound, "§12.4.3.1", "a leaf equals our key package's leaf node"],
      [
        "W-37",
        C.pathSecretMismatch,
        "§12.4.3.1, §7.4",
        "keys derived from path_secret equal the public keys from the common ancestor with the signer to the root",
      ],
    ] as const
  ).map(([id, code, rfc, description]) => Object.freeze({ id, code, rfc: `RFC 9420 ${rfc}`, description })),
);
