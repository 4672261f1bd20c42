/**
 * @module directory-store
 * `DirectoryStore`: everything the directory keeps, behind one interface with two backends
 * (SQLite, PostgreSQL). The service itself keeps no state, so any number of processes can share
 * one database. Semantics every backend guarantees:
 * - `claim` hands each ordinary key package out at most once, across concurrent requests and
 *   processes; a client with none left gets its last-resort package, which stays;
 * - `publish` stores all packages of a batch or none (duplicate ref, quota), and a last-resort
 *   package replaces the client's previous one of the same cipher suite;
 * - `hitRateLimit` counts in the database, so every process sees the same counters;
 * - `claimKeyMaterial` (MIMI) hands out one package per client of a user with the same
 *   guarantees as `claim`, chosen by the request's suites and capabilities, and records a route
 *   for each in the same transaction.
 */
import type { Capabilities } from "@mlskit/key-packages";
import type { KeyMaterialCriteria } from "@mlskit/mimi";

/**
 * A registered client (device) of a user.
 *
 * @example
 * ```ts
 * const [client]: ClientRecord[] = await store.listClients("alice");
 * ```
 */
export interface ClientRecord {
  /** Internal numeric id (stable for the client's life, never shown to other clients). */
  readonly id: number;
  /** The user the client belongs to. */
  readonly userId: string;
  /** The client's id, unique within its user. */
  readonly clientId: string;
  /** The TLS encoding of the credential its key packages must carry. */
  readonly credential: Uint8Array;
  /** Registration time, seconds since the epoch. */
  readonly createdAt: bigint;
}

/**
 * A validated key package as the directory stores it.
 *
 * @example
 * ```ts
 * const row: StoredKeyPackageInput = { ref, cipherSuite: 1, lastResort: false, notBefore, notAfter, message, capabilities };
 * ```
 */
export interface StoredKeyPackageInput {
  /** Its KeyPackageRef. */
  readonly ref: Uint8Array;
  /** Its cipher suite. */
  readonly cipherSuite: number;
  /** Whether it is last resort. */
  readonly lastResort: boolean;
  /** `lifetime.not_before`, seconds. */
  readonly notBefore: bigint;
  /** `lifetime.not_after`, seconds (clamped to 2^53 − 1). */
  readonly notAfter: bigint;
  /** The MLSMessage bytes as published. */
  readonly message: Uint8Array;
  /** The TLS encoding of its `leaf_node.capabilities` (what MIMI requests are matched against). */
  readonly capabilities: Uint8Array;
}

/**
 * What `list` shows of a stored package.
 *
 * @example
 * ```ts
 * const [first]: StoredKeyPackageSummary[] = await store.list(client.id, 1);
 * ```
 */
export interface StoredKeyPackageSummary {
  readonly ref: Uint8Array;
  readonly cipherSuite: number;
  readonly lastResort: boolean;
  readonly notBefore: bigint;
  readonly notAfter: bigint;
  /** When it was published, seconds. */
  readonly createdAt: bigint;
  /** How often it was handed out (only a last-resort package is handed out more than once). */
  readonly claims: number;
}

/**
 * A key package handed out by `claim`.
 *
 * @example
 * ```ts
 * const first: ClaimedKeyPackage | undefined = (await claimKeyPackages(directory, "bob", { cipherSuite: 1 })).keyPackages[0];
 * ```
 */
export interface ClaimedKeyPackage {
  /** The client (of the claimed user) it belongs to. */
  readonly clientId: string;
  readonly ref: Uint8Array;
  /** True when it is the client's last-resort package (none ordinary was left). */
  readonly lastResort: boolean;
  /** The MLSMessage bytes as published. */
  readonly message: Uint8Array;
}

/**
 * The result of `claim`.
 *
 * @example
 * ```ts
 * const { keyPackages, missingClients }: ClaimResult = await store.claim("alice", 1, now);
 * ```
 */
export interface ClaimResult {
  /** Whether the user has at least one registered client. */
  readonly userFound: boolean;
  /** One package per client that had one, in client id order. */
  readonly keyPackages: readonly ClaimedKeyPackage[];
  /** The clients that had neither an ordinary nor a last-resort package of the suite. */
  readonly missingClients: readonly string[];
}

/**
 * A client's stock for one cipher suite.
 *
 * @example
 * ```ts
 * const { count, lastResort }: KeyPackageCount = await store.count(client.id, 1, now);
 * ```
 */
export interface KeyPackageCount {
  /** Ordinary (not last-resort) packages valid now. */
  readonly count: number;
  /** The valid last-resort package, if any. */
  readonly lastResort?: { readonly ref: Uint8Array; readonly notAfter: bigint; readonly claims: number };
}

/**
 * The outcome of one rate-limit hit.
 *
 * @example
 * ```ts
 * const { allowed, retryAfterSeconds }: RateLimitResult = await store.hitRateLimit({ claimer: 1, targetUser: "bob", now, windowSeconds: 60, limit: 60 });
 * ```
 */
export interface RateLimitResult {
  /** Whether the target user has a client. When not, nothing was counted (and nothing is to claim). */
  readonly userFound: boolean;
  /** Whether the request is within the limit. */
  readonly allowed: boolean;
  /** Hits left in the current window. */
  readonly remaining: number;
  /** Seconds until the window resets (at least 1). */
  readonly retryAfterSeconds: number;
}

/**
 * Options of `publish`.
 *
 * @example
 * ```ts
 * await store.publish(client.id, rows, { now, quota: 1000 } satisfies PublishOptions);
 * ```
 */
export interface PublishOptions {
  /** The time, seconds: packages expired at this time do not count towards the quota. */
  readonly now: bigint;
  /** Maximum number of unexpired packages the client may have stored after the publish. */
  readonly quota: number;
}

/**
 * What a MIMI claim asks the store for.
 *
 * @example
 * ```ts
 * const req: KeyMaterialClaimRequest = { userId: "bob", criteria: request, now, requester: "a.example", roomId: request.roomId };
 * ```
 */
export interface KeyMaterialClaimRequest {
  /** The target user's id in the directory. */
  readonly userId: string;
  /** Acceptable suites (requester's order) and required capabilities. */
  readonly criteria: KeyMaterialCriteria;
  /** The time, seconds: no package invalid at this time is handed out. */
  readonly now: bigint;
  /** The requesting provider, recorded in the routes. */
  readonly requester: string;
  /** The room of the request ("" for none), recorded in the routes. */
  readonly roomId: string;
}

/**
 * The outcome of a MIMI claim for one client: a `KeyMaterialClientCode` and what goes with it.
 *
 * @example
 * ```ts
 * const got = claim.clients.filter((c): c is Extract<ClaimedClientKeyMaterial, { status: 0 }> => c.status === 0);
 * ```
 */
export type ClaimedClientKeyMaterial =
  | {
      readonly clientId: string;
      /** `success` */
      readonly status: 0;
      readonly ref: Uint8Array;
      readonly lastResort: boolean;
      /** The MLSMessage bytes as published. */
      readonly message: Uint8Array;
      readonly notAfter: bigint;
    }
  | { readonly clientId: string /** `keyMaterialExhausted` */; readonly status: 1 }
  | {
      readonly clientId: string;
      /** `nothingCompatible` */
      readonly status: 2;
      /** The capabilities of one of its valid packages (the server decides whether to show them). */
      readonly capabilities: Capabilities;
    };

/**
 * The result of a MIMI claim.
 *
 * @example
 * ```ts
 * const { userFound, clients }: KeyMaterialClaim = await store.claimKeyMaterial(req);
 * ```
 */
export interface KeyMaterialClaim {
  /** Whether the user has at least one registered client. */
  readonly userFound: boolean;
  /** One entry per client, in client id order. */
  readonly clients: readonly ClaimedClientKeyMaterial[];
}

/**
 * A routing record: a package handed out through MIMI, to whom, for which room. The provider's
 * delivery side looks it up to route a Welcome that names the ref.
 *
 * @example
 * ```ts
 * const [route]: KeyPackageRoute[] = await store.findKeyPackageRoutes(ref, now);
 * ```
 */
export interface KeyPackageRoute {
  readonly ref: Uint8Array;
  readonly userId: string;
  readonly clientId: string;
  readonly requester: string;
  readonly roomId: string;
  readonly lastResort: boolean;
  readonly notAfter: bigint;
  readonly createdAt: bigint;
}

/**
 * The storage interface of the directory.
 *
 * @example
 * ```ts
 * const store = await openDirectoryStore("postgres://postgres@127.0.0.1:5432/mls");
 * const { keyPackages } = await store.claim("alice", 1, nowSeconds);
 * await store.close();
 * ```
 */
export interface DirectoryStore {
  /** `sqlite` or `postgres`. */
  readonly kind: "sqlite" | "postgres";
  /** Create or upgrade the schema (safe when several processes do it at once). @returns the version */
  migrate(): Promise<number>;
  /** Register a client. @throws UsageError DIRECTORY_CLIENT_EXISTS for a taken id or credential */
  addClient(client: {
    readonly userId: string;
    readonly clientId: string;
    readonly credential: Uint8Array;
    readonly tokenHash: Uint8Array;
    readonly now: bigint;
  }): Promise<ClientRecord>;
  /** Remove a client and its key packages. @returns whether it existed */
  removeClient(userId: string, clientId: string): Promise<boolean>;
  /** Replace a client's token hash. @returns whether the client exists */
  setClientTokenHash(userId: string, clientId: string, tokenHash: Uint8Array): Promise<boolean>;
  /** Registered clients, of one user or all, ordered by user then client id. */
  listClients(userId?: string): Promise<ClientRecord[]>;
  /** The client a token hash belongs to. */
  findClientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined>;
  /**
   * Store a batch for a client, all or nothing.
   * @returns the refs of the last-resort packages the batch replaced
   * @throws ValidationError DIRECTORY_DUPLICATE_KEY_PACKAGE, UsageError DIRECTORY_QUOTA_EXCEEDED
   */
  publish(
    client: number,
    packages: readonly StoredKeyPackageInput[],
    opts: PublishOptions,
  ): Promise<{ readonly replacedLastResort: readonly Uint8Array[] }>;
  /** Hand out one package of `cipherSuite` valid at `now` per client of `userId`. */
  claim(userId: string, cipherSuite: number, now: bigint): Promise<ClaimResult>;
  /** A client's stock of valid packages of a suite at `now`. */
  count(client: number, cipherSuite: number, now: bigint): Promise<KeyPackageCount>;
  /** A client's stored packages (of one suite), ordered by ref. */
  list(client: number, cipherSuite?: number): Promise<StoredKeyPackageSummary[]>;
  /** Delete a client's package. @returns whether it was there */
  delete(client: number, ref: Uint8Array): Promise<boolean>;
  /**
   * Count one claim of `claimer` for `targetUser` in a fixed window of `windowSeconds` — only when
   * the user has a client (`userFound`); a claim for an unknown user writes nothing.
   */
  hitRateLimit(hit: {
    readonly claimer: number;
    readonly targetUser: string;
    readonly now: bigint;
    readonly windowSeconds: number;
    readonly limit: number;
  }): Promise<RateLimitResult>;
  /**
   * Delete packages expired at `now`, routing records of packages expired at `now`, and
   * rate-limit windows ended before `now − windowSeconds`.
   * @returns how many of each were deleted
   */
  pruneExpired(
    now: bigint,
    rateLimitWindowSeconds: number,
  ): Promise<{
    readonly keyPackages: number;
    readonly rateLimits: number;
    readonly keyPackageRoutes: number;
  }>;
  /**
   * MIMI: hand out key material for every client of a user (draft-ietf-mimi-protocol, "Fetch Key
   * Material"): per client the best package the request accepts (`rankKeyMaterialOffers`),
   * each ordinary package at most once across concurrent claims, a route recorded for each.
   */
  claimKeyMaterial(req: KeyMaterialClaimRequest): Promise<KeyMaterialClaim>;
  /** MIMI: the routing records of a KeyPackageRef whose package is still valid at `now`. */
  findKeyPackageRoutes(ref: Uint8Array, now: bigint): Promise<KeyPackageRoute[]>;
  /** MIMI: delete the routing records of a ref (after its Welcome was routed). @returns whether any existed */
  deleteKeyPackageRoutes(ref: Uint8Array): Promise<boolean>;
  /** MIMI: count one request of a requesting provider for a target user in a fixed window. */
  hitRequesterRateLimit(hit: {
    readonly requester: string;
    readonly targetUser: string;
    readonly now: bigint;
    readonly windowSeconds: number;
    readonly limit: number;
  }): Promise<RateLimitResult>;
  /** Check that the database answers. @throws StorageError DIRECTORY_STORAGE_FAILURE */
  ping(): Promise<void>;
  /** Close the database connection(s). Idempotent. */
  close(): Promise<void>;
}

/**
 * The largest time the stores keep: 2^53 − 1 (fits a JS number, an SQLite INTEGER and a PostgreSQL BIGINT).
 *
 * @example
 * ```ts
 * const notAfter = lifetime.notAfter > MAX_STORED_TIME ? MAX_STORED_TIME : lifetime.notAfter;
 * ```
 */
export const MAX_STORED_TIME = BigInt(Number.MAX_SAFE_INTEGER);
