/**
 * @module @mlskit/directory-protocol
 * The wire protocol of the mlskit key-package directory, written once for both sides: the
 * endpoints ({@link DirectoryRoute}), the media types, the error codes with the HTTP status and
 * error category of each, the JSON bodies, the id and ref forms, and the batch framing of key
 * packages (MLSMessages back to back). `@mlskit/directory` serves it and
 * `@mlskit/directory-client` speaks it; neither depends on the other. No Node-only API: it runs
 * wherever the client does.
 *
 * @example
 * ```ts
 * import { DirectoryRoute, directoryPath, MLS_MESSAGE_MEDIA_TYPE, encodeKeyPackageBatch } from "@mlskit/directory-protocol";
 * await fetch(base + directoryPath(DirectoryRoute.publishKeyPackages), {
 *   method: DirectoryRoute.publishKeyPackages.method,
 *   headers: { authorization: `Bearer ${token}`, "content-type": MLS_MESSAGE_MEDIA_TYPE },
 *   body: encodeKeyPackageBatch(bundles.map((b) => b.keyPackage)),
 * });
 * ```
 */
export { type BatchElement, encodeKeyPackageBatch, splitKeyPackageBatch } from "./batch.js";
export {
  DirectoryErrorCode,
  directoryError,
  directoryErrorStatus,
  isDirectoryErrorCode,
} from "./errors.js";
export { DIRECTORY_ID_PATTERN, isDirectoryId, KEY_PACKAGE_REF_HEX_PATTERN } from "./ids.js";
export { JSON_MEDIA_TYPE, MLS_MESSAGE_MEDIA_TYPE } from "./media-types.js";
export type {
  ClaimedKeyPackageJson,
  ClaimRequest,
  ClaimResponse,
  CountResponse,
  ErrorResponse,
  HealthResponse,
  KeyPackageRouteResponse,
  ListedKeyPackageJson,
  ListResponse,
  MeResponse,
  PublishResponse,
} from "./messages.js";
export { DirectoryRoute, type DirectoryRouteName, type DirectoryRouteSpec, directoryPath } from "./routes.js";
