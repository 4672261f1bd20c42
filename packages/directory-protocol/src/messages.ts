/**
 * @module messages
 * The JSON bodies of the directory's API, as the server writes them and the client reads them.
 * Conventions: refs are lowercase hex, a key package in JSON is its MLSMessage in base64, times
 * are seconds since the epoch as numbers (clamped to 2^53 − 1), ids are strings.
 */

/**
 * Every error answer: `{ "error": { "code", "message", "details" } }`.
 *
 * @example
 * ```ts
 * const body: ErrorResponse = { error: { code: "DIRECTORY_USER_NOT_FOUND", message: 'no user "carol"', details: {} } };
 * ```
 */
export interface ErrorResponse {
  readonly error: {
    /** A stable code: a `DirectoryErrorCode`, or a `KEY_PACKAGE_*` code of validation. */
    readonly code: string;
    /** One line for people. */
    readonly message: string;
    /** Structured context (`index`, `field`, `check`, `retryAfterSeconds`, …); `{}` when none. */
    readonly details: Readonly<Record<string, unknown>>;
  };
}

/**
 * `POST /v1/users/{userId}/claim` request.
 *
 * @example
 * ```ts
 * const body: ClaimRequest = { cipherSuite: 1 };
 * ```
 */
export interface ClaimRequest {
  /** The group's cipher suite, a number (0–65535). */
  readonly cipherSuite: number;
}

/**
 * `POST /v1/key-packages` answer (201).
 *
 * @example
 * ```ts
 * const { published, replacedLastResort }: PublishResponse = await res.json();
 * ```
 */
export interface PublishResponse {
  /** The packages stored, in batch order. */
  readonly published: readonly {
    readonly ref: string;
    readonly cipherSuite: number;
    readonly lastResort: boolean;
    readonly notAfter: number;
  }[];
  /** Refs of the client's earlier last-resort packages the batch replaced. */
  readonly replacedLastResort: readonly string[];
}

/**
 * One key package in a claim answer.
 *
 * @example
 * ```ts
 * const first: ClaimedKeyPackageJson | undefined = claim.keyPackages[0];
 * ```
 */
export interface ClaimedKeyPackageJson {
  /** The client of the user it belongs to. */
  readonly clientId: string;
  /** Its KeyPackageRef, hex. */
  readonly ref: string;
  /** Whether it is the client's last-resort package (none ordinary was left). */
  readonly lastResort: boolean;
  /** The MLSMessage, base64. */
  readonly keyPackage: string;
}

/**
 * `POST /v1/users/{userId}/claim` answer (200, JSON).
 *
 * @example
 * ```ts
 * const { keyPackages, missingClients }: ClaimResponse = await res.json();
 * ```
 */
export interface ClaimResponse {
  readonly userId: string;
  readonly cipherSuite: number;
  /** One per client that had a package, in client id order. */
  readonly keyPackages: readonly ClaimedKeyPackageJson[];
  /** Clients of the user with no package of the suite at all. */
  readonly missingClients: readonly string[];
}

/**
 * `GET /v1/key-packages/count` answer.
 *
 * @example
 * ```ts
 * const { count, lastResort }: CountResponse = await res.json();
 * ```
 */
export interface CountResponse {
  readonly cipherSuite: number;
  /** Ordinary packages valid now. */
  readonly count: number;
  /** The valid last-resort package, or `null`. */
  readonly lastResort: {
    readonly ref: string;
    readonly notAfter: number;
    readonly claims: number;
  } | null;
}

/**
 * One package of a `GET /v1/key-packages` answer.
 *
 * @example
 * ```ts
 * const [first]: readonly ListedKeyPackageJson[] = list.keyPackages;
 * ```
 */
export interface ListedKeyPackageJson {
  readonly ref: string;
  readonly cipherSuite: number;
  readonly lastResort: boolean;
  readonly notBefore: number;
  readonly notAfter: number;
  /** When it was published, seconds since the epoch. */
  readonly publishedAt: number;
  /** How often it was handed out (only a last-resort package more than once). */
  readonly claims: number;
}

/**
 * `GET /v1/key-packages` answer.
 *
 * @example
 * ```ts
 * const { keyPackages }: ListResponse = await res.json();
 * ```
 */
export interface ListResponse {
  readonly keyPackages: readonly ListedKeyPackageJson[];
}

/**
 * `GET /v1/me` answer.
 *
 * @example
 * ```ts
 * const { userId, clientId, cipherSuites }: MeResponse = await res.json();
 * ```
 */
export interface MeResponse {
  readonly userId: string;
  readonly clientId: string;
  /** The suites the directory accepts and serves. */
  readonly cipherSuites: readonly number[];
}

/**
 * `GET /v1/health` answer.
 *
 * @example
 * ```ts
 * const { status, store }: HealthResponse = await res.json();
 * ```
 */
export interface HealthResponse {
  readonly status: "ok";
  /** The kind of database behind the directory. */
  readonly store: "sqlite" | "postgres";
}

/**
 * `GET /v1/mimi/key-package-routes/{ref}` answer: the client a Welcome naming the ref goes to, and
 * every MIMI request the package was handed out for (a last-resort package may have several).
 *
 * @example
 * ```ts
 * const { userId, clientId, handedOut }: KeyPackageRouteResponse = await res.json();
 * ```
 */
export interface KeyPackageRouteResponse {
  /** The KeyPackageRef, lowercase hex. */
  readonly ref: string;
  readonly userId: string;
  readonly clientId: string;
  /** The client's MIMI URI. */
  readonly clientUri: string;
  readonly lastResort: boolean;
  /** `leaf_node.lifetime.not_after` of the package, seconds: the record goes after it. */
  readonly notAfter: number;
  /** To whom and for which room, oldest first. */
  readonly handedOut: readonly {
    /** The requesting provider. */
    readonly requester: string;
    /** The room of the request ("" for none). */
    readonly roomId: string;
    /** When, seconds since the epoch. */
    readonly at: number;
  }[];
}
