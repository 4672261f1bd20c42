/**
 * @module connection
 * `DirectoryConnection`: where the directory is and the client's bearer token, plus the one
 * request function every call goes through (global `fetch` by default, so the client runs in
 * browsers, Deno and Node alike).
 */
import {
  type DirectoryRouteSpec,
  directoryPath,
  JSON_MEDIA_TYPE,
  MLS_MESSAGE_MEDIA_TYPE,
} from "@mlskit/directory-protocol";
import { MlsError, StorageError } from "@mlskit/errors";
import { DirectoryClientErrorCode, errorFromResponse } from "./errors.js";

/**
 * How to reach a directory as one client.
 *
 * @example
 * ```ts
 * const directory: DirectoryConnection = { url: "https://ds.example.com", token: process.env.MLSKIT_DIRECTORY_TOKEN! };
 * ```
 */
export interface DirectoryConnection {
  /** Base URL, e.g. `https://ds.example.com` (the client adds `/v1/...`). */
  readonly url: string;
  /** The client's bearer token, as issued by `mlskit directory add-client`. */
  readonly token: string;
  /** A `fetch` to use instead of the global one (tests, proxies, retries). */
  readonly fetch?: typeof fetch;
  /** Aborts every request made with this connection. */
  readonly signal?: AbortSignal;
}

/** @internal */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
}

function checkConnection(c: DirectoryConnection): void {
  if (typeof c !== "object" || c === null) throw new TypeError(`"directory" expected a DirectoryConnection`);
  if (typeof c.url !== "string" || !/^https?:\/\//i.test(c.url))
    throw new TypeError(`"directory.url" expected an http(s) URL, got ${JSON.stringify(c.url)}`);
  if (typeof c.token !== "string" || c.token === "")
    throw new TypeError(`"directory.token" expected a string`);
}

/**
 * What to send to an endpoint: its path parameters and query, and a JSON or MLS-message body.
 * @internal
 */
export interface RequestParts {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
}

/**
 * Send one request to an endpoint of the protocol and return the answer, or throw the
 * directory's error.
 * @internal
 */
export async function request(
  c: DirectoryConnection,
  route: DirectoryRouteSpec,
  parts: RequestParts = {},
  accept = JSON_MEDIA_TYPE,
): Promise<Answer> {
  checkConnection(c);
  const headers: Record<string, string> = { authorization: `Bearer ${c.token}`, accept };
  let payload: BodyInit | undefined;
  if (parts.json !== undefined) {
    headers["content-type"] = JSON_MEDIA_TYPE;
    payload = JSON.stringify(parts.json);
  } else if (parts.bytes !== undefined) {
    headers["content-type"] = MLS_MESSAGE_MEDIA_TYPE;
    payload = parts.bytes as BodyInit;
  }
  const url = c.url.replace(/\/+$/, "") + directoryPath(route, parts.params, parts.query);
  let response: Response;
  try {
    response = await (c.fetch ?? fetch)(url, {
      method: route.method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      ...(c.signal === undefined ? {} : { signal: c.signal }),
    });
  } catch (e) {
    throw new StorageError(
      DirectoryClientErrorCode.unreachable,
      `cannot reach the directory at ${c.url}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const type = response.headers.get("content-type") ?? "";
  let json: unknown;
  let bytes: Uint8Array | undefined;
  try {
    if (type.startsWith(MLS_MESSAGE_MEDIA_TYPE)) bytes = new Uint8Array(await response.arrayBuffer());
    else if (type.startsWith(JSON_MEDIA_TYPE)) json = await response.json();
    else await response.arrayBuffer();
  } catch (e) {
    if (MlsError.is(e)) throw e;
    throw new StorageError(
      DirectoryClientErrorCode.badResponse,
      `unreadable answer from the directory: ${(e as Error).message}`,
      {
        details: { status: response.status },
        cause: e,
      },
    );
  }
  if (!response.ok) throw errorFromResponse(response.status, json, response.headers.get("retry-after"));
  return {
    status: response.status,
    headers: response.headers,
    ...(json === undefined ? {} : { json }),
    ...(bytes === undefined ? {} : { bytes }),
  };
}

/**
 * Check that a JSON answer has the expected shape.
 * @internal
 */
export function expectJson<T>(answer: Answer, check: (v: unknown) => boolean): T {
  if (!check(answer.json)) {
    throw new StorageError(
      DirectoryClientErrorCode.badResponse,
      "the directory's answer does not have the expected shape",
      {
        details: { status: answer.status },
      },
    );
  }
  return answer.json as T;
}
