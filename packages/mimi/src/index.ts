/**
 * @module @mlskit/mimi
 * The key-material part of the MIMI protocol (draft-ietf-mimi-protocol, "Fetch Key Material"),
 * for target providers and requesters alike: strict codecs of `KeyMaterialRequest` and
 * `KeyMaterialResponse`, building and signing a request (`SignWithLabel`, "KeyMaterialRequestTBS"),
 * verifying one, the status registries and their consistency rules, the per-client selection
 * rules as pure functions, and discovery (`/.well-known/mimi-protocol-directory`). No transport
 * and no third-party dependency: `@mlskit/directory` serves it, `@mlskit/directory-client` asks.
 *
 * @example
 * ```ts
 * import { createKeyMaterialRequest, decodeKeyMaterialResponse, encodeKeyMaterialRequest } from "@mlskit/mimi";
 * const request = await createKeyMaterialRequest({ provider, requestingUser, targetUser, acceptableCiphersuites: [1], credential, signatureKeyPair });
 * const response = decodeKeyMaterialResponse(await post(url, encodeKeyMaterialRequest(request)));
 * ```
 */
export {
  keyMaterialUrl,
  MIMI_DIRECTORY_PATH,
  MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
  MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE,
  type MimiDirectory,
  parseMimiDirectory,
} from "./endpoints.js";
export { MimiErrorCode } from "./errors.js";
export { identifierUriCodec, mimiUriProvider } from "./identifier-uri.js";
export {
  checkKeyMaterialRequest,
  decodeKeyMaterialRequest,
  encodeKeyMaterialRequest,
  KEY_MATERIAL_REQUEST_SIGNATURE_LABEL,
  type KeyMaterialRequest,
  type KeyMaterialRequestTbs,
  keyMaterialRequestCodec,
  keyMaterialRequestTbsBytes,
  keyMaterialRequestTbsCodec,
} from "./key-material-request.js";
export {
  type ClientKeyMaterial,
  checkKeyMaterialResponse,
  clientKeyMaterialCodec,
  decodeKeyMaterialResponse,
  encodeKeyMaterialResponse,
  KeyMaterialClientCode,
  type KeyMaterialResponse,
  KeyMaterialUserCode,
  keyMaterialResponseCodec,
  keyMaterialUserStatus,
} from "./key-material-response.js";
export { MimiProtocol } from "./protocol.js";
export {
  checkKeyPackageFitsRequest,
  type KeyMaterialCriteria,
  type KeyMaterialOffer,
  offerFitsRequest,
  rankKeyMaterialOffers,
  unansweredClientStatus,
} from "./select-key-material.js";
export {
  type CreateKeyMaterialRequestOptions,
  createKeyMaterialRequest,
  verifyKeyMaterialRequest,
} from "./sign-key-material-request.js";
