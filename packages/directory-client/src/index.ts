/**
 * @module @mlskit/directory-client
 * A client for the mlskit key-package directory (`@mlskit/directory`): publish this client's key
 * packages, claim one per client of another user, count and manage one's own, and `topUp` to keep
 * a stock published from a local `KeyPackageStore`. Uses `fetch`, so it runs in browsers too
 * (`mlskit publish` of `@mlskit/cli` is its command line).
 *
 * @example
 * ```ts
 * import { claimKeyPackages } from "@mlskit/directory-client";
 * const directory = { url: "https://ds.example.com", token };
 * const { keyPackages } = await claimKeyPackages(directory, "bob", { cipherSuite: 1 });
 * ```
 */

// The protocol's media type, which this package has always exported, from its one definition.
export { MLS_MESSAGE_MEDIA_TYPE } from "@mlskit/directory-protocol";
export {
  type ClaimedKeyPackage,
  type ClaimKeyPackagesResult,
  claimKeyPackages,
} from "./claim-key-packages.js";
export type {
  DirectoryConnection,
  DirectoryFetch,
  DirectoryRequestInit,
  DirectoryResponse,
  DirectorySignal,
} from "./connection.js";
export { DirectoryClientErrorCode } from "./errors.js";
export {
  type FetchKeyMaterialOptions,
  fetchKeyMaterial,
  type KeyMaterialClientResult,
  type KeyMaterialResult,
} from "./fetch-key-material.js";
export {
  countKeyPackages,
  deleteKeyPackage,
  type KeyPackageStock,
  listKeyPackages,
  type PublishedKeyPackageSummary,
} from "./own-key-packages.js";
export {
  type PublishedKeyPackage,
  type PublishResult,
  publishKeyPackages,
} from "./publish-key-packages.js";
export { type TopUpOptions, type TopUpResult, topUp } from "./top-up.js";
