/**
 * @module key-material-request
 * `KeyMaterialRequest`, the body of `POST /keyMaterial/{targetUser}` (draft-ietf-mimi-protocol,
 * "Fetch Key Material"): who asks, for whom, for which room, which MLS cipher suites and
 * capabilities the room needs, and the requester's signature key, credential and signature over
 * everything before it. Strict codecs, the to-be-signed bytes, and the rules the draft states in
 * prose (a non-empty suite list).
 */
import {
  type Codec,
  CodecErrorCode,
  decode,
  encode,
  opaque,
  Reader,
  uint16,
  vector,
  type Writer,
} from "@mlskit/codec";
import { type Credential, credentialCodec } from "@mlskit/credentials";
import { ValidationError } from "@mlskit/errors";
import { type RequiredCapabilities, requiredCapabilitiesCodec } from "@mlskit/extensions";
import { MimiErrorCode } from "./errors.js";
import { identifierUriCodec } from "./identifier-uri.js";
import { MimiProtocol } from "./protocol.js";

/**
 * Everything a KeyMaterialRequest signs (the request without its signature).
 *
 * ```tls
 * struct {
 *     Protocol protocol;
 *     IdentifierUri requestingUser;
 *     IdentifierUri targetUser;
 *     IdentifierUri roomId;
 *     select (protocol) {
 *         case mls10:
 *             CipherSuite acceptableCiphersuites<V>;
 *             RequiredCapabilities requiredCapabilities;
 *             SignaturePublicKey requesterSignatureKey;
 *             Credential requesterCredential;
 *     };
 * } KeyMaterialRequestTBS;
 * ```
 *
 * @see draft-ietf-mimi-protocol, "Fetch Key Material"
 * @example
 * ```ts
 * import type { KeyMaterialRequestTbs } from "@mlskit/mimi";
 * const tbs: KeyMaterialRequestTbs = {
 *   protocol: 1,
 *   requestingUser: "mimi://a.example/u/alice",
 *   targetUser: "mimi://b.example/u/bob",
 *   roomId: "mimi://a.example/r/clubhouse",
 *   acceptableCiphersuites: [1, 3],
 *   requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [1] },
 *   requesterSignatureKey: pair.publicKey,
 *   requesterCredential: basicCredential("mimi://a.example/u/alice"),
 * };
 * ```
 */
export interface KeyMaterialRequestTbs {
  /** `mls10` (the only protocol with fields here; see {@link MimiProtocol}). */
  readonly protocol: number;
  /** The user on whose behalf key material is fetched, e.g. `mimi://a.example/u/alice`. */
  readonly requestingUser: string;
  /** The user whose clients' key material is wanted, e.g. `mimi://b.example/u/bob`. */
  readonly targetUser: string;
  /** The room the key material is for; empty when the request is not made for a room. */
  readonly roomId: string;
  /** The MLS cipher suites the requester accepts, most preferred first (non-empty). */
  readonly acceptableCiphersuites: readonly number[];
  /** Extension, proposal and credential types every returned key package must support. */
  readonly requiredCapabilities: RequiredCapabilities;
  /** The requester's `SignaturePublicKey`, which signs the request. */
  readonly requesterSignatureKey: Uint8Array;
  /** The requester's credential, binding an identity to `requesterSignatureKey`. */
  readonly requesterCredential: Credential;
}

/**
 * A signed KeyMaterialRequest: {@link KeyMaterialRequestTbs} plus
 * `key_material_request_signature = SignWithLabel(requesterSignatureKey, "KeyMaterialRequestTBS",
 * KeyMaterialRequestTBS)`. Build one with `createKeyMaterialRequest`, check one with
 * `verifyKeyMaterialRequest`.
 *
 * @example
 * ```ts
 * import { decodeKeyMaterialRequest, type KeyMaterialRequest } from "@mlskit/mimi";
 * const request: KeyMaterialRequest = decodeKeyMaterialRequest(body);
 * ```
 */
export interface KeyMaterialRequest extends KeyMaterialRequestTbs {
  /** `opaque key_material_request_signature<V>` */
  readonly keyMaterialRequestSignature: Uint8Array;
}

/** The label of the request's signature (RFC 9420 §5.1.2 prefixes "MLS 1.0 "). */
export const KEY_MATERIAL_REQUEST_SIGNATURE_LABEL = "KeyMaterialRequestTBS";

const cipherSuites = vector(uint16);

function writeTbs(w: Writer, v: KeyMaterialRequestTbs): void {
  if (typeof v !== "object" || v === null)
    throw new TypeError(`"request" expected an object, got ${v === null ? "null" : typeof v}`);
  if (v.protocol !== MimiProtocol.mls10)
    throw new RangeError(
      `"protocol" ${String(v.protocol)} has no defined fields: only mls10 (1) can be encoded`,
    );
  w.uint8(v.protocol);
  identifierUriCodec.encode(w, v.requestingUser);
  identifierUriCodec.encode(w, v.targetUser);
  identifierUriCodec.encode(w, v.roomId);
  cipherSuites.encode(w, v.acceptableCiphersuites);
  requiredCapabilitiesCodec.encode(w, v.requiredCapabilities);
  opaque.encode(w, v.requesterSignatureKey);
  credentialCodec.encode(w, v.requesterCredential);
}

function readTbs(r: Reader): KeyMaterialRequestTbs {
  r.enter("protocol");
  const at = r.offset;
  const protocol = r.uint8();
  // The select has no case but mls10: the rest of another protocol's request cannot be parsed.
  if (protocol !== MimiProtocol.mls10)
    r.fail(CodecErrorCode.invalidValue, `protocol ${protocol} is not mls10`, at);
  r.leave();
  const requestingUser = r.field("requestingUser", () => identifierUriCodec.decode(r));
  const targetUser = r.field("targetUser", () => identifierUriCodec.decode(r));
  const roomId = r.field("roomId", () => identifierUriCodec.decode(r));
  const acceptableCiphersuites = r.field("acceptableCiphersuites", () => cipherSuites.decode(r));
  const requiredCapabilities = r.field("requiredCapabilities", () => requiredCapabilitiesCodec.decode(r));
  const requesterSignatureKey = r.field("requesterSignatureKey", () => opaque.decode(r));
  const requesterCredential = r.field("requesterCredential", () => credentialCodec.decode(r));
  return {
    protocol,
    requestingUser,
    targetUser,
    roomId,
    acceptableCiphersuites,
    requiredCapabilities,
    requesterSignatureKey,
    requesterCredential,
  };
}

/**
 * Strict codec of `KeyMaterialRequestTBS`. Decoding refuses any protocol but `mls10`
 * (`CODEC_INVALID_VALUE` at `protocol`), since the fields of another protocol are not defined.
 *
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * import { keyMaterialRequestTbsCodec } from "@mlskit/mimi";
 * const tbs = encode(keyMaterialRequestTbsCodec, request);
 * ```
 */
export const keyMaterialRequestTbsCodec: Codec<KeyMaterialRequestTbs> = Object.freeze({
  encode: writeTbs,
  decode: readTbs,
});

/**
 * Strict codec of `KeyMaterialRequest` (the TBS fields, then the signature).
 *
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * import { keyMaterialRequestCodec } from "@mlskit/mimi";
 * const request = decode(keyMaterialRequestCodec, body, "KeyMaterialRequest");
 * ```
 */
export const keyMaterialRequestCodec: Codec<KeyMaterialRequest> = Object.freeze({
  encode(w: Writer, v: KeyMaterialRequest) {
    writeTbs(w, v);
    opaque.encode(w, v.keyMaterialRequestSignature);
  },
  decode(r: Reader): KeyMaterialRequest {
    const tbs = readTbs(r);
    const keyMaterialRequestSignature = r.field("key_material_request_signature", () => opaque.decode(r));
    return { ...tbs, keyMaterialRequestSignature };
  },
});

/**
 * Encode a signed request (the body of `POST /keyMaterial/{targetUser}`).
 *
 * @param request - the request
 * @returns its TLS encoding
 * @throws RangeError for a protocol other than mls10; TypeError for a malformed value
 * @example
 * ```ts
 * import { encodeKeyMaterialRequest } from "@mlskit/mimi";
 * await fetch(url, { method: "POST", body: encodeKeyMaterialRequest(request) });
 * ```
 */
export function encodeKeyMaterialRequest(request: KeyMaterialRequest): Uint8Array {
  return encode(keyMaterialRequestCodec, request);
}

/**
 * Decode a request strictly: canonical varints, valid UTF-8 URIs, protocol `mls10`, no trailing
 * bytes. Byte fields are views into `bytes`. The signature is not checked here: call
 * `verifyKeyMaterialRequest`.
 *
 * @param bytes - the request body
 * @returns the request
 * @throws CodecError naming the field path (`KeyMaterialRequest.…`) and offset of the first fault
 * @example
 * ```ts
 * import { decodeKeyMaterialRequest } from "@mlskit/mimi";
 * const request = decodeKeyMaterialRequest(new Uint8Array(await req.arrayBuffer()));
 * ```
 */
export function decodeKeyMaterialRequest(bytes: Uint8Array): KeyMaterialRequest {
  // The Reader throws the TypeError for bytes that are not a Uint8Array (a Reader included).
  return decode(keyMaterialRequestCodec, new Reader(bytes), "KeyMaterialRequest");
}

/**
 * The `KeyMaterialRequestTBS` bytes of a request: what its signature covers.
 *
 * @param request - a request, signed or not
 * @returns the encoding of its TBS fields
 * @example
 * ```ts
 * import { keyMaterialRequestTbsBytes } from "@mlskit/mimi";
 * const tbs = keyMaterialRequestTbsBytes(request);
 * ```
 */
export function keyMaterialRequestTbsBytes(request: KeyMaterialRequestTbs): Uint8Array {
  return encode(keyMaterialRequestTbsCodec, request);
}

/**
 * The rules of the draft that the codec cannot express: `acceptableCiphersuites` is non-empty
 * ("a non-empty list of acceptable MLS ciphersuites"), and — our strictness, since a repeated
 * suite says nothing — it lists no suite twice.
 *
 * @param request - a decoded request
 * @throws ValidationError `MIMI_EMPTY_CIPHER_SUITES` or `MIMI_DUPLICATE_CIPHER_SUITE`
 * @example
 * ```ts
 * import { checkKeyMaterialRequest, decodeKeyMaterialRequest } from "@mlskit/mimi";
 * checkKeyMaterialRequest(decodeKeyMaterialRequest(body));
 * ```
 */
export function checkKeyMaterialRequest(request: KeyMaterialRequestTbs): void {
  const suites = request.acceptableCiphersuites;
  if (suites.length === 0) {
    throw new ValidationError(MimiErrorCode.emptyCipherSuites, "acceptableCiphersuites is empty", {
      details: { field: "acceptableCiphersuites" },
    });
  }
  const seen = new Set<number>();
  suites.forEach((suite, index) => {
    if (seen.has(suite)) {
      throw new ValidationError(
        MimiErrorCode.duplicateCipherSuite,
        `acceptableCiphersuites lists cipher suite ${suite} twice`,
        { details: { field: "acceptableCiphersuites", index, cipherSuite: suite } },
      );
    }
    seen.add(suite);
  });
}
