/**
 * @module @mlskit/welcome
 * Joining an MLS (RFC 9420) group with a key package: the Welcome and its parts as strict codecs
 * (Welcome, GroupSecrets, PreSharedKeyID, GroupInfo, GroupContext, the ratchet tree), the refs a
 * Welcome names, and {@link openWelcome}, which performs every check of §12.4.3.1 and consumes the
 * key package through a store reservation only once the application commits.
 *
 * @example
 * ```ts
 * import { openWelcome, welcomeKeyPackageRefs, decodeWelcomeMessage } from "@mlskit/welcome";
 * const welcome = decodeWelcomeMessage(bytes);
 * const joined = await openWelcome({ welcome, provider, store });
 * await saveGroup(joined);
 * await joined.commit();
 * ```
 */
export { WELCOME_CHECKS, type WelcomeCheck, WelcomeErrorCode } from "./errors.js";
export { encodeGroupContext, type GroupContext, groupContextCodec } from "./group-context.js";
export {
  decodeGroupInfo,
  encodeGroupInfo,
  type GroupInfo,
  type GroupInfoTbs,
  groupInfoCodec,
  groupInfoTbsBytes,
} from "./group-info.js";
export { type GroupSecrets, groupSecretsCodec } from "./group-secrets.js";
export { JoinedGroup } from "./joined-group.js";
export {
  confirmationTag,
  deriveEpochSecrets,
  EpochSecretLabel,
  type EpochSecretName,
  type EpochSecrets,
  epochSecret,
  interimTranscriptHash,
  memberSecret,
  welcomeKeyAndNonce,
} from "./key-schedule.js";
export { type OpenWelcomeOptions, openWelcome } from "./open-welcome.js";
export { findInvalidParentHash, parentHash, resolution } from "./parent-hash.js";
export {
  type ExternalPskId,
  type PreSharedKeyId,
  PskType,
  preSharedKeyIdCodec,
  type ResumptionPskId,
  ResumptionPskUsage,
} from "./pre-shared-key-id.js";
export { pskSecret, type ResolvedPsk } from "./psk-secret.js";
export {
  decodeRatchetTree,
  encodeRatchetTree,
  type LeafTreeNode,
  leafAt,
  leafCount,
  NodeType,
  type ParentNode,
  type ParentTreeNode,
  parentAt,
  parentNodeCodec,
  type RatchetTree,
  ratchetTreeCodec,
  type TreeNode,
  treeNodeCodec,
} from "./ratchet-tree.js";
export { treeHashes, treeHashWithout } from "./tree-hash.js";
export {
  checkRatchetTreeLeaves,
  checkRatchetTreeStructure,
  leafNodeTbsInGroup,
  type TreeValidationInput,
  validateRatchetTree,
} from "./validate-tree.js";
export {
  decodeWelcome,
  decodeWelcomeMessage,
  type EncryptedGroupSecrets,
  encodeWelcome,
  encodeWelcomeMessage,
  encryptedGroupSecretsCodec,
  type HpkeCiphertextValue,
  type Welcome,
  welcomeCodec,
  welcomeKeyPackageRefs,
} from "./welcome.js";
export type { PskResolver } from "./welcome-secrets.js";
