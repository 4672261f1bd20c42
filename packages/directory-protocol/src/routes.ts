/**
 * @module routes
 * Every endpoint of the directory's HTTP API (`/v1`), as data: the server registers exactly these,
 * the client calls them through {@link directoryPath}, so a path is spelled once. Path parameters
 * are written `:name` (the router's syntax).
 */

/**
 * One endpoint: its method and its path template.
 *
 * @example
 * ```ts
 * const { method, path }: DirectoryRouteSpec = DirectoryRoute.claimKeyPackages; // POST /v1/users/:userId/claim
 * ```
 */
export interface DirectoryRouteSpec {
  /** The HTTP method. */
  readonly method: "GET" | "POST" | "DELETE";
  /** The path, with `:name` for each parameter. */
  readonly path: string;
}

/**
 * The endpoints of the directory, version 1 (see docs/directory.md for bodies and answers).
 *
 * @example
 * ```ts
 * app.route({ method: DirectoryRoute.me.method, url: DirectoryRoute.me.path, handler });
 * ```
 */
export const DirectoryRoute = Object.freeze({
  /** Liveness and database check; the only endpoint without a token. */
  health: Object.freeze({ method: "GET", path: "/v1/health" }),
  /** Who the token belongs to, and the suites served. */
  me: Object.freeze({ method: "GET", path: "/v1/me" }),
  /** Publish a batch of the client's own key packages. */
  publishKeyPackages: Object.freeze({ method: "POST", path: "/v1/key-packages" }),
  /** List the client's own stored key packages (`?cipherSuite=n`). */
  listKeyPackages: Object.freeze({ method: "GET", path: "/v1/key-packages" }),
  /** Count the client's own valid key packages of a suite (`?cipherSuite=n`). */
  countKeyPackages: Object.freeze({ method: "GET", path: "/v1/key-packages/count" }),
  /** Delete one of the client's own key packages by its ref (hex). */
  deleteKeyPackage: Object.freeze({ method: "DELETE", path: "/v1/key-packages/:ref" }),
  /** Claim one key package per client of a user. */
  claimKeyPackages: Object.freeze({ method: "POST", path: "/v1/users/:userId/claim" }),
  /**
   * MIMI `POST /keyMaterial/{targetUser}` (draft-ietf-mimi-protocol): a signed KeyMaterialRequest
   * of a peer provider, answered with a KeyMaterialResponse; the target user's URI percent-encoded.
   * Found through `/.well-known/mimi-protocol-directory`; no token.
   */
  mimiKeyMaterial: Object.freeze({ method: "POST", path: "/v1/mimi/keyMaterial/:targetUser" }),
  /** MIMI routing: where a Welcome naming this KeyPackageRef (hex) goes. Delivery token. */
  findKeyPackageRoute: Object.freeze({ method: "GET", path: "/v1/mimi/key-package-routes/:ref" }),
  /** MIMI routing: forget a ref's routing records once its Welcome was routed. Delivery token. */
  deleteKeyPackageRoute: Object.freeze({ method: "DELETE", path: "/v1/mimi/key-package-routes/:ref" }),
} as const satisfies Readonly<Record<string, DirectoryRouteSpec>>);

/** The name of one endpoint of {@link DirectoryRoute}. */
export type DirectoryRouteName = keyof typeof DirectoryRoute;

/**
 * The concrete path of an endpoint: each `:name` replaced by its parameter, percent-encoded, and
 * the query appended (its values as given, percent-encoded too).
 *
 * @param route - an entry of {@link DirectoryRoute}
 * @param params - a value for every `:name` of the path
 * @param query - query parameters; `undefined` values are left out
 * @returns the path, e.g. `/v1/users/alice/claim`
 * @throws TypeError when a parameter of the path is missing
 * @example
 * ```ts
 * directoryPath(DirectoryRoute.claimKeyPackages, { userId: "alice" }); // "/v1/users/alice/claim"
 * directoryPath(DirectoryRoute.countKeyPackages, {}, { cipherSuite: 1 }); // "/v1/key-packages/count?cipherSuite=1"
 * ```
 */
export function directoryPath(
  route: DirectoryRouteSpec,
  params: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== "string") throw new TypeError(`"${name}" expected a string for ${route.path}`);
    return encodeURIComponent(value);
  });
  const pairs = Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined);
  if (pairs.length === 0) return path;
  return `${path}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&")}`;
}
