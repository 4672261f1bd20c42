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
  readonly fetch?: DirectoryFetch;
  /** Aborts every request made with this connection (an `AbortSignal`). */
  readonly signal?: DirectorySignal;
}

// The types below are written out structurally, not as `typeof fetch` / `AbortSignal` /
// `Response`: those come from the DOM lib or @types/node, and a consumer may have neither
// (`lib: ["es2022"]`). The runtime's own fetch, AbortSignal and Response are all of these.

/**
 * The `fetch` the client calls: the global `fetch` of browsers, Node, Deno and Bun is one, and
 * so is any function of this shape (a test's stub, a proxy, retries). The `init` object also
 * carries the connection's `signal`, when it has one, as `init.signal`.
 *
 * @example
 * ```ts
 * const logged: DirectoryFetch = (url, init) => {
 *   console.log(init.method, url);
 *   return fetch(url, init);
 * };
 * ```
 */
export type DirectoryFetch = (url: string, init: DirectoryRequestInit) => Promise<DirectoryResponse>;

/**
 * What the client passes to {@link DirectoryFetch}: a subset of `RequestInit`.
 *
 * @example
 * ```ts
 * const init: DirectoryRequestInit = { method: "GET", headers: { accept: "application/json" } };
 * ```
 */
export interface DirectoryRequestInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

/**
 * What the client reads of a `fetch` response: a subset of `Response`.
 *
 * @example
 * ```ts
 * const answer: DirectoryResponse = await fetch("https://ds.example.com/v1/key-packages/count");
 * ```
 */
export interface DirectoryResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
}

/**
 * An `AbortSignal` (what the client needs of one, to pass it on to `fetch`).
 *
 * @example
 * ```ts
 * const signal: DirectorySignal = AbortSignal.timeout(5_000);
 * ```
 */
export interface DirectorySignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** @internal */
export interface Answer {
  readonly status: number;
  readonly headers: DirectoryResponse["headers"];
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
  let payload: string | Uint8Array<ArrayBuffer> | undefined;
  if (parts.json !== undefined) {
    headers["content-type"] = JSON_MEDIA_TYPE;
    payload = JSON.stringify(parts.json);
  } else if (parts.bytes !== undefined) {
    headers["content-type"] = MLS_MESSAGE_MEDIA_TYPE;
    payload = parts.bytes as Uint8Array<ArrayBuffer>;
  }
  const url = c.url.replace(/\/+$/, "") + directoryPath(route, parts.params, parts.query);
  let response: DirectoryResponse;
  try {
    const init: DirectoryRequestInit & { signal?: AbortSignal } = {
      method: route.method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      ...(c.signal === undefined ? {} : { signal: c.signal as AbortSignal }),
    };
    response = await (c.fetch ?? fetch)(url, init);
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
