/**
 * @module fetch-key-material
 * `fetchKeyMaterial`: the requesting side of MIMI's "Fetch Key Material"
 * (draft-ietf-mimi-protocol): find the target provider's `keyMaterial` endpoint
 * (`/.well-known/mimi-protocol-directory`), send it a signed `KeyMaterialRequest` for one user,
 * and check everything that comes back — the response's structure and codes, and each returned
 * KeyPackage (`validateKeyPackage`, a suite the request accepts, capabilities that support the
 * required ones) — before handing out a typed result per client. The target provider is not
 * trusted (RFC 9420 §16.8): a package that fails a check is reported as `rejected`, the others
 * stay usable (they were handed out once and cannot be fetched again).
 */

import type { CredentialValidator } from "@mlskit/credentials";
import { MlsError, StorageError } from "@mlskit/errors";
import {
  type Capabilities,
  isLastResortKeyPackage,
  type KeyPackage,
  keyPackageRef,
  type LifetimePolicy,
  type UnverifiedKeyPackage,
  validateKeyPackage,
} from "@mlskit/key-packages";
import {
  type CreateKeyMaterialRequestOptions,
  checkKeyMaterialResponse,
  checkKeyPackageFitsRequest,
  createKeyMaterialRequest,
  decodeKeyMaterialResponse,
  encodeKeyMaterialRequest,
  KeyMaterialClientCode,
  type KeyMaterialRequest,
  keyMaterialUrl,
  MIMI_DIRECTORY_PATH,
  MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
  MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE,
  type MimiDirectory,
  parseMimiDirectory,
} from "@mlskit/mimi";
import type {
  DirectoryFetch,
  DirectoryRequestInit,
  DirectoryResponse,
  DirectorySignal,
} from "./connection.js";
import { DirectoryClientErrorCode, errorFromResponse } from "./errors.js";

/**
 * Options of {@link fetchKeyMaterial}: the request (as for `createKeyMaterialRequest`), where to
 * send it, and how to validate what comes back.
 *
 * @example
 * ```ts
 * const opts: FetchKeyMaterialOptions = {
 *   from: "https://b.example", provider, requestingUser: "mimi://a.example/u/alice",
 *   targetUser: "mimi://b.example/u/bob", acceptableCiphersuites: [1], credential, signatureKeyPair,
 * };
 * ```
 */
export interface FetchKeyMaterialOptions extends CreateKeyMaterialRequestOptions {
  /**
   * The target provider: its base URL (the directory document is fetched from
   * `/.well-known/mimi-protocol-directory`), or its directory document.
   */
  readonly from: string | MimiDirectory;
  /** The time to validate the packages at; default now. */
  readonly now?: bigint | Date;
  /** Lifetime policy for `validateKeyPackage`; default its own. */
  readonly lifetimePolicy?: LifetimePolicy | false;
  /** The Authentication Service hook for the returned packages' credentials. */
  readonly credentialValidator?: CredentialValidator;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: DirectoryFetch;
  /** Aborts the requests. */
  readonly signal?: DirectorySignal;
}

/**
 * The outcome for one client of the target user.
 *
 * @example
 * ```ts
 * const usable = result.clients.filter((c): c is Extract<KeyMaterialClientResult, { status: "success" }> => c.status === "success");
 * ```
 */
export type KeyMaterialClientResult =
  | {
      readonly status: "success";
      readonly clientUri: string;
      /** The validated KeyPackage. */
      readonly keyPackage: KeyPackage;
      /** Its KeyPackageRef, as a Welcome will name it. */
      readonly ref: Uint8Array;
      /** Whether it is the client's last-resort package (handed out again to others). */
      readonly lastResort: boolean;
    }
  | { readonly status: "keyMaterialExhausted"; readonly clientUri: string }
  | {
      readonly status: "nothingCompatible";
      readonly clientUri: string;
      /** The client's capabilities, when the target provider reveals them. */
      readonly capabilities?: Capabilities;
    }
  | {
      readonly status: "rejected";
      readonly clientUri: string;
      /** The package as received. */
      readonly keyPackage: UnverifiedKeyPackage;
      /** Why it was refused (`KEY_PACKAGE_*`, `MIMI_UNACCEPTABLE_CIPHER_SUITE`, …). */
      readonly error: MlsError;
    };

/**
 * The answer of the target provider, checked.
 *
 * @example
 * ```ts
 * const { userStatus, clients }: KeyMaterialResult = await fetchKeyMaterial(opts);
 * ```
 */
export interface KeyMaterialResult {
  /** The `KeyMaterialUserCode` (0 success, 1 partialSuccess, 3 noCompatibleMaterial, 4 userUnknown, 5 noConsent, …). */
  readonly userStatus: number;
  /** The target user. */
  readonly userUri: string;
  /** One entry per client the target provider listed. */
  readonly clients: readonly KeyMaterialClientResult[];
  /** The request that was sent. */
  readonly request: KeyMaterialRequest;
}

function badResponse(message: string, status: number, cause?: unknown): StorageError {
  return new StorageError(DirectoryClientErrorCode.badResponse, message, {
    details: { status },
    ...(cause === undefined ? {} : { cause }),
  });
}

async function send(
  opts: FetchKeyMaterialOptions,
  url: string,
  init: DirectoryRequestInit,
): Promise<DirectoryResponse> {
  try {
    const withSignal: DirectoryRequestInit & { signal?: AbortSignal } = {
      ...init,
      ...(opts.signal === undefined ? {} : { signal: opts.signal as AbortSignal }),
    };
    return await (opts.fetch ?? fetch)(url, withSignal);
  } catch (e) {
    throw new StorageError(
      DirectoryClientErrorCode.unreachable,
      `cannot reach the MIMI provider at ${url}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

async function failure(response: DirectoryResponse): Promise<MlsError> {
  const type = response.headers.get("content-type") ?? "";
  let json: unknown;
  if (type.startsWith("application/json")) json = await response.json().catch(() => undefined);
  else await response.arrayBuffer().catch(() => undefined);
  return errorFromResponse(response.status, json, response.headers.get("retry-after"));
}

async function discover(opts: FetchKeyMaterialOptions): Promise<MimiDirectory> {
  if (typeof opts.from !== "string") return parseMimiDirectory(opts.from);
  if (!/^https?:\/\//i.test(opts.from))
    throw new TypeError(`"from" expected an http(s) URL or a MIMI directory document`);
  const url = opts.from.replace(/\/+$/, "") + MIMI_DIRECTORY_PATH;
  const response = await send(opts, url, { method: "GET", headers: { accept: "application/json" } });
  if (!response.ok) throw await failure(response);
  let json: unknown;
  try {
    json = await response.json();
  } catch (e) {
    throw badResponse(`the MIMI directory document at ${url} is not JSON`, response.status, e);
  }
  return parseMimiDirectory(json);
}

/**
 * Fetch key material for every client of a user at another provider, as a MIMI requester.
 * Builds and signs the KeyMaterialRequest, finds the target's `keyMaterial` endpoint, sends the
 * request, decodes the response strictly, checks that it is consistent and answers this request,
 * and validates every returned KeyPackage.
 *
 * @param opts - the request, the target provider, validation options
 * @returns the user code and one checked result per client
 * @throws StorageError `DIRECTORY_UNREACHABLE` / `DIRECTORY_BAD_RESPONSE` (not the protocol, or a
 *   response that does not decode), the target's own error code for an HTTP error answer (e.g.
 *   `MIMI_INVALID_SIGNATURE`, `DIRECTORY_RATE_LIMITED` with `details.retryAfterSeconds`),
 *   ValidationError `MIMI_INCONSISTENT_RESPONSE`, UsageError `MIMI_BAD_DIRECTORY`, and what
 *   `createKeyMaterialRequest` throws for bad options
 * @example
 * ```ts
 * import { fetchKeyMaterial } from "@mlskit/directory-client";
 * const result = await fetchKeyMaterial({
 *   from: "https://b.example",
 *   provider: nobleCryptoProvider,
 *   requestingUser: "mimi://a.example/u/alice",
 *   targetUser: "mimi://b.example/u/bob",
 *   roomId: "mimi://a.example/r/clubhouse",
 *   acceptableCiphersuites: [1],
 *   credential: aliceX509Credential,
 *   signatureKeyPair,
 * });
 * for (const c of result.clients) if (c.status === "success") console.log(c.clientUri, c.lastResort);
 * ```
 */
export async function fetchKeyMaterial(opts: FetchKeyMaterialOptions): Promise<KeyMaterialResult> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const request = await createKeyMaterialRequest(opts);
  const url = keyMaterialUrl(await discover(opts), request.targetUser);
  const response = await send(opts, url, {
    method: "POST",
    headers: {
      "content-type": MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
      accept: MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE,
    },
    body: encodeKeyMaterialRequest(request) as Uint8Array<ArrayBuffer>,
  });
  if (!response.ok) throw await failure(response);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith(MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE)) {
    await response.arrayBuffer().catch(() => undefined);
    throw badResponse(
      `${url} answered ${type || "no content type"}, not a KeyMaterialResponse`,
      response.status,
    );
  }
  let decoded: ReturnType<typeof decodeKeyMaterialResponse>;
  try {
    decoded = decodeKeyMaterialResponse(new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    throw badResponse(`the KeyMaterialResponse of ${url} does not decode: ${e.message}`, response.status, e);
  }
  checkKeyMaterialResponse(decoded, request);
  const { provider } = opts;
  const clients = await Promise.all(
    decoded.clients.map(async (c): Promise<KeyMaterialClientResult> => {
      if (c.clientStatus === KeyMaterialClientCode.keyMaterialExhausted)
        return { status: "keyMaterialExhausted", clientUri: c.clientUri };
      if (c.clientStatus === KeyMaterialClientCode.nothingCompatible) {
        return c.clientCapabilities === undefined
          ? { status: "nothingCompatible", clientUri: c.clientUri }
          : { status: "nothingCompatible", clientUri: c.clientUri, capabilities: c.clientCapabilities };
      }
      try {
        checkKeyPackageFitsRequest(c.keyPackage, request);
        const keyPackage = await validateKeyPackage(c.keyPackage, {
          provider,
          ...(opts.now === undefined ? {} : { now: opts.now }),
          ...(opts.lifetimePolicy === undefined ? {} : { lifetimePolicy: opts.lifetimePolicy }),
          ...(opts.credentialValidator === undefined
            ? {}
            : { credentialValidator: opts.credentialValidator }),
        });
        return {
          status: "success",
          clientUri: c.clientUri,
          keyPackage,
          ref: await keyPackageRef(keyPackage, provider),
          lastResort: isLastResortKeyPackage(keyPackage),
        };
      } catch (e) {
        if (!MlsError.is(e)) throw e;
        return { status: "rejected", clientUri: c.clientUri, keyPackage: c.keyPackage, error: e };
      }
    }),
  );
  return { userStatus: decoded.userStatus, userUri: decoded.userUri, clients, request };
}
