/**
 * @module @mlskit/key-packages
 * Create, encode, decode, validate and reference MLS (RFC 9420) key packages.
 */
export { KeyPackageBundle, restoreKeyPackageBundle } from "./bundle.js";
export {
  type Capabilities,
  capabilitiesCodec,
  isDefaultProposalType,
  supportsRequiredCapabilities,
} from "./capabilities.js";
export { type CreateKeyPackageOptions, createKeyPackage, createKeyPackages } from "./create.js";
export {
  type CreateKeyPackagesForSuitesOptions,
  createKeyPackagesForSuites,
} from "./create-for-suites.js";
export { KEY_PACKAGE_CHECKS, type KeyPackageCheck, KeyPackageErrorCode } from "./errors.js";
export {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  type KeyPackage,
  type KeyPackageTbs,
  keyPackageCodec,
  keyPackageMessageCodec,
  keyPackageTbsBytes,
  leafNodeTbsBytes,
  ProtocolVersion,
  type UnverifiedKeyPackage,
  WireFormat,
} from "./key-package.js";
export { KEY_PACKAGE_REF_LABEL, keyPackageRef } from "./key-package-ref.js";
export { isLastResortKeyPackage } from "./last-resort.js";
export { type LeafNode, type LeafNodeContent, LeafNodeSource, leafNodeCodec } from "./leaf-node.js";
export {
  DEFAULT_LIFETIME_POLICY,
  DEFAULT_LIFETIME_SECONDS,
  LIFETIME_BACKDATE_SECONDS,
  type Lifetime,
  type LifetimePolicy,
  lifetimeCodec,
  lifetimeFor,
  toEpochSeconds,
} from "./lifetime.js";
export { type ValidateKeyPackageOptions, validateKeyPackage } from "./validate.js";
