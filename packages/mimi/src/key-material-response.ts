/**
 * @module key-material-response
 * `KeyMaterialResponse`, the answer to `POST /keyMaterial/{targetUser}` (draft-ietf-mimi-protocol,
 * "Fetch Key Material"): a status for the user and, when there is something to say about them,
 * one entry per client of the user with its own status and, on success, its KeyPackage. Strict
 * codecs, the status registries, and the consistency rules between the user and client codes.
 */
import {
  type Codec,
  CodecErrorCode,
  decode,
  encode,
  optional,
  Reader,
  vector,
  type Writer,
} from "@mlskit/codec";
import { ValidationError } from "@mlskit/errors";
import {
  type Capabilities,
  capabilitiesCodec,
  keyPackageCodec,
  type UnverifiedKeyPackage,
} from "@mlskit/key-packages";
import { MimiErrorCode } from "./errors.js";
import { identifierUriCodec } from "./identifier-uri.js";
import type { KeyMaterialRequestTbs } from "./key-material-request.js";
import { MimiProtocol } from "./protocol.js";

/**
 * `KeyMaterialUserCode`: the outcome for the target user. Values stay `number`s.
 *
 * ```tls
 * enum {
 *     success(0); partialSuccess(1); incompatibleProtocol(2); noCompatibleMaterial(3);
 *     userUnknown(4); noConsent(5); noConsentForThisRoom(6); userDeleted(7); (255)
 * } KeyMaterialUserCode;
 * ```
 *
 * @example
 * ```ts
 * import { KeyMaterialUserCode } from "@mlskit/mimi";
 * if (response.userStatus === KeyMaterialUserCode.partialSuccess) console.log("some clients missing");
 * ```
 */
export const KeyMaterialUserCode = Object.freeze({
  /** Key material for every client of the user. */
  success: 0,
  /** Key material for at least one client, not all. */
  partialSuccess: 1,
  /** The protocol of the request is not supported. */
  incompatibleProtocol: 2,
  /** No client could supply material compatible with the request. */
  noCompatibleMaterial: 3,
  /** The target provider does not know the user. */
  userUnknown: 4,
  /** The requester has no consent to fetch the user's key material (also a privacy catch-all). */
  noConsent: 5,
  /** Consent exists, but not for this room. */
  noConsentForThisRoom: 6,
  /** The user existed and was deleted. */
  userDeleted: 7,
} as const);
/** One of the values of {@link KeyMaterialUserCode}. */
export type KeyMaterialUserCode = (typeof KeyMaterialUserCode)[keyof typeof KeyMaterialUserCode];

/**
 * `KeyMaterialClientCode`: the outcome for one client.
 *
 * ```tls
 * enum { success(0); keyMaterialExhausted(1), nothingCompatible(2), (255) } KeyMaterialClientCode;
 * ```
 *
 * @example
 * ```ts
 * import { KeyMaterialClientCode } from "@mlskit/mimi";
 * const got = response.clients.filter((c) => c.clientStatus === KeyMaterialClientCode.success);
 * ```
 */
export const KeyMaterialClientCode = Object.freeze({
  /** A KeyPackage is included. */
  success: 0,
  /** The client has no key material left. */
  keyMaterialExhausted: 1,
  /** The client has key material, none compatible with the request. */
  nothingCompatible: 2,
} as const);
/** One of the values of {@link KeyMaterialClientCode}. */
export type KeyMaterialClientCode = (typeof KeyMaterialClientCode)[keyof typeof KeyMaterialClientCode];

/**
 * The entry of one client (for `mls10`).
 *
 * ```tls
 * struct {
 *     KeyMaterialClientCode clientStatus;
 *     IdentifierUri clientUri;
 *     select (protocol) {
 *         case mls10:
 *             select (clientStatus) {
 *                 case success: KeyPackage keyPackage;
 *                 case nothingCompatible: optional<Capabilities> clientCapabilities;
 *             };
 *     };
 * } ClientKeyMaterial;
 * ```
 *
 * @example
 * ```ts
 * import type { ClientKeyMaterial } from "@mlskit/mimi";
 * const exhausted: ClientKeyMaterial = { clientStatus: 1, clientUri: "mimi://b.example/d/bob/phone" };
 * ```
 */
export type ClientKeyMaterial =
  | {
      /** `success` (0) */
      readonly clientStatus: 0;
      readonly clientUri: string;
      /** The client's KeyPackage (the bare struct), not yet validated. */
      readonly keyPackage: UnverifiedKeyPackage;
    }
  | {
      /** `keyMaterialExhausted` (1) */
      readonly clientStatus: 1;
      readonly clientUri: string;
    }
  | {
      /** `nothingCompatible` (2) */
      readonly clientStatus: 2;
      readonly clientUri: string;
      /** The client's capabilities; absent when the provider keeps them private. */
      readonly clientCapabilities?: Capabilities;
    };

/**
 * A KeyMaterialResponse.
 *
 * ```tls
 * struct {
 *     Protocol protocol;
 *     KeyMaterialUserCode userStatus;
 *     IdentifierUri userUri;
 *     ClientKeyMaterial clients<V>;
 * } KeyMaterialResponse;
 * ```
 *
 * @example
 * ```ts
 * import { decodeKeyMaterialResponse, type KeyMaterialResponse } from "@mlskit/mimi";
 * const response: KeyMaterialResponse = decodeKeyMaterialResponse(body);
 * ```
 */
export interface KeyMaterialResponse {
  /** The protocol of the request (a value other than mls10 comes with no clients). */
  readonly protocol: number;
  /** A {@link KeyMaterialUserCode} (kept as a number: unknown codes decode too). */
  readonly userStatus: number;
  /** The target user. */
  readonly userUri: string;
  /** One entry per client (see {@link checkKeyMaterialResponse} for when there may be any). */
  readonly clients: readonly ClientKeyMaterial[];
}

const optionalCapabilities = optional(capabilitiesCodec);

/**
 * Codec of `ClientKeyMaterial` for `mls10`. A client code other than the three defined ones
 * cannot be decoded (its fields are unknown): `CODEC_INVALID_VALUE` at `clientStatus`.
 *
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * import { clientKeyMaterialCodec } from "@mlskit/mimi";
 * encode(clientKeyMaterialCodec, { clientStatus: 1, clientUri: "mimi://b.example/d/bob/phone" });
 * ```
 */
export const clientKeyMaterialCodec: Codec<ClientKeyMaterial> = Object.freeze({
  encode(w: Writer, v: ClientKeyMaterial) {
    if (typeof v !== "object" || v === null)
      throw new TypeError(`"client" expected an object, got ${v === null ? "null" : typeof v}`);
    switch (v.clientStatus) {
      case KeyMaterialClientCode.success:
        w.uint8(v.clientStatus);
        identifierUriCodec.encode(w, v.clientUri);
        keyPackageCodec.encode(w, v.keyPackage);
        return;
      case KeyMaterialClientCode.keyMaterialExhausted:
        w.uint8(v.clientStatus);
        identifierUriCodec.encode(w, v.clientUri);
        return;
      case KeyMaterialClientCode.nothingCompatible:
        w.uint8(v.clientStatus);
        identifierUriCodec.encode(w, v.clientUri);
        optionalCapabilities.encode(w, v.clientCapabilities);
        return;
      default:
        throw new RangeError(
          `"clientStatus" ${String((v as { clientStatus: unknown }).clientStatus)} is not 0, 1 or 2`,
        );
    }
  },
  decode(r: Reader): ClientKeyMaterial {
    r.enter("clientStatus");
    const at = r.offset;
    const clientStatus = r.uint8();
    if (clientStatus > KeyMaterialClientCode.nothingCompatible)
      r.fail(CodecErrorCode.invalidValue, `clientStatus ${clientStatus} is not defined`, at);
    r.leave();
    const clientUri = r.field("clientUri", () => identifierUriCodec.decode(r));
    if (clientStatus === KeyMaterialClientCode.success) {
      const keyPackage = r.field("keyPackage", () => keyPackageCodec.decode(r));
      return { clientStatus: KeyMaterialClientCode.success, clientUri, keyPackage };
    }
    if (clientStatus === KeyMaterialClientCode.keyMaterialExhausted)
      return { clientStatus: KeyMaterialClientCode.keyMaterialExhausted, clientUri };
    const clientCapabilities = r.field("clientCapabilities", () => optionalCapabilities.decode(r));
    return clientCapabilities === undefined
      ? { clientStatus: KeyMaterialClientCode.nothingCompatible, clientUri }
      : { clientStatus: KeyMaterialClientCode.nothingCompatible, clientUri, clientCapabilities };
  },
});

const mls10Clients = vector(clientKeyMaterialCodec);

/**
 * Strict codec of `KeyMaterialResponse`. For a protocol other than `mls10` the client entries
 * have no defined form, so only an empty `clients` list decodes.
 *
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * import { keyMaterialResponseCodec } from "@mlskit/mimi";
 * const response = decode(keyMaterialResponseCodec, body, "KeyMaterialResponse");
 * ```
 */
export const keyMaterialResponseCodec: Codec<KeyMaterialResponse> = Object.freeze({
  encode(w: Writer, v: KeyMaterialResponse) {
    if (typeof v !== "object" || v === null)
      throw new TypeError(`"response" expected an object, got ${v === null ? "null" : typeof v}`);
    if (v.protocol !== MimiProtocol.mls10 && v.clients.length > 0)
      throw new RangeError(`"clients" must be empty for protocol ${String(v.protocol)}`);
    w.uint8(v.protocol);
    w.uint8(v.userStatus);
    identifierUriCodec.encode(w, v.userUri);
    mls10Clients.encode(w, v.clients);
  },
  decode(r: Reader): KeyMaterialResponse {
    const protocol = r.field("protocol", () => r.uint8());
    const userStatus = r.field("userStatus", () => r.uint8());
    const userUri = r.field("userUri", () => identifierUriCodec.decode(r));
    r.enter("clients");
    let clients: readonly ClientKeyMaterial[];
    if (protocol === MimiProtocol.mls10) {
      clients = mls10Clients.decode(r);
    } else {
      const at = r.offset;
      if (r.opaque().length > 0)
        r.fail(CodecErrorCode.invalidValue, `clients of protocol ${protocol} have no defined form`, at);
      clients = [];
    }
    r.leave();
    return { protocol, userStatus, userUri, clients };
  },
});

/**
 * Encode a response.
 *
 * @param response - the response
 * @returns its TLS encoding
 * @throws RangeError / TypeError for a value that cannot be encoded
 * @example
 * ```ts
 * import { encodeKeyMaterialResponse, KeyMaterialUserCode } from "@mlskit/mimi";
 * encodeKeyMaterialResponse({ protocol: 1, userStatus: KeyMaterialUserCode.userUnknown, userUri, clients: [] });
 * ```
 */
export function encodeKeyMaterialResponse(response: KeyMaterialResponse): Uint8Array {
  return encode(keyMaterialResponseCodec, response);
}

/**
 * Decode a response strictly (canonical, no trailing bytes). Key packages are decoded, not
 * validated: the target provider is not trusted (RFC 9420 §16.8).
 *
 * @param bytes - the response body
 * @returns the response
 * @throws CodecError naming the field path (`KeyMaterialResponse.…`) and offset of the first fault
 * @example
 * ```ts
 * import { decodeKeyMaterialResponse } from "@mlskit/mimi";
 * const response = decodeKeyMaterialResponse(new Uint8Array(await res.arrayBuffer()));
 * ```
 */
export function decodeKeyMaterialResponse(bytes: Uint8Array): KeyMaterialResponse {
  // The Reader throws the TypeError for bytes that are not a Uint8Array (a Reader included).
  return decode(keyMaterialResponseCodec, new Reader(bytes), "KeyMaterialResponse");
}

/**
 * The user code that sums up the client codes of a known user: `success` when every client got
 * key material, `partialSuccess` when some did, `noCompatibleMaterial` when none did (the only
 * failure code after which the draft lets the clients be listed, so a requester still learns
 * which were exhausted and which incompatible).
 *
 * @param clientStatuses - one {@link KeyMaterialClientCode} per client (at least one)
 * @returns the user code
 * @throws RangeError for an empty list
 * @example
 * ```ts
 * import { keyMaterialUserStatus } from "@mlskit/mimi";
 * keyMaterialUserStatus([0, 1, 2]); // 1 (partialSuccess)
 * ```
 */
export function keyMaterialUserStatus(clientStatuses: readonly number[]): KeyMaterialUserCode {
  if (!Array.isArray(clientStatuses) || clientStatuses.length === 0)
    throw new RangeError(`"clientStatuses" expected at least one client code`);
  const successes = clientStatuses.filter((s) => s === KeyMaterialClientCode.success).length;
  if (successes === clientStatuses.length) return KeyMaterialUserCode.success;
  return successes > 0 ? KeyMaterialUserCode.partialSuccess : KeyMaterialUserCode.noCompatibleMaterial;
}

function inconsistent(message: string, details: Record<string, number | string> = {}): never {
  throw new ValidationError(MimiErrorCode.inconsistentResponse, message, { details });
}

/**
 * The rules between a response's user code and its client entries, as the draft states them:
 * `success` lists clients that all succeeded; `partialSuccess` lists at least one client that
 * succeeded and one that did not; `noCompatibleMaterial` may list clients, none successful; every
 * other user code lists none ("the provider MUST NOT populate the clients list"). No client URI
 * appears twice. Given the request, the response must also be about its protocol and target user.
 *
 * @param response - a decoded response
 * @param request - the request it answers (optional)
 * @throws ValidationError `MIMI_INCONSISTENT_RESPONSE`
 * @example
 * ```ts
 * import { checkKeyMaterialResponse, decodeKeyMaterialResponse } from "@mlskit/mimi";
 * checkKeyMaterialResponse(decodeKeyMaterialResponse(body), request);
 * ```
 */
export function checkKeyMaterialResponse(
  response: KeyMaterialResponse,
  request?: Pick<KeyMaterialRequestTbs, "protocol" | "targetUser">,
): void {
  const { userStatus, clients } = response;
  if (request !== undefined) {
    if (response.protocol !== request.protocol)
      inconsistent(`the response is for protocol ${response.protocol}, the request for ${request.protocol}`);
    if (response.userUri !== request.targetUser)
      inconsistent(`the response is about ${response.userUri}, the request about ${request.targetUser}`);
  }
  const uris = new Set<string>();
  clients.forEach((c, index) => {
    if (uris.has(c.clientUri)) inconsistent(`client ${c.clientUri} is listed twice`, { index });
    uris.add(c.clientUri);
  });
  const successes = clients.filter((c) => c.clientStatus === KeyMaterialClientCode.success).length;
  switch (userStatus) {
    case KeyMaterialUserCode.success:
      if (clients.length === 0 || successes !== clients.length)
        inconsistent(
          "userStatus success needs key material for every listed client, and at least one client",
          {
            userStatus,
          },
        );
      return;
    case KeyMaterialUserCode.partialSuccess:
      if (successes === 0 || successes === clients.length)
        inconsistent("userStatus partialSuccess needs some clients with key material and some without", {
          userStatus,
        });
      return;
    case KeyMaterialUserCode.noCompatibleMaterial:
      if (successes > 0) inconsistent("userStatus noCompatibleMaterial lists a client with key material");
      return;
    default:
      if (clients.length > 0)
        inconsistent(`userStatus ${userStatus} must come with no clients`, { userStatus });
  }
}
