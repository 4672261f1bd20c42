/**
 * @module @mlskit/directory
 * An MLS key-package directory (the key-package side of a Delivery Service, RFC 9420 §10, §16.8;
 * RFC 9750 §5.1): clients publish key packages, and anyone authenticated claims one per client of
 * a user, each ordinary package handed out once and a client's last-resort package when none is
 * left. HTTP API under `/v1` (Fastify), storage in SQLite (embedded) or PostgreSQL (scale-out).
 * Optionally a MIMI target provider (draft-ietf-mimi-protocol): peer providers fetch key material
 * for all clients of a user with a signed KeyMaterialRequest (`mimi` option of the server).
 *
 * @example
 * ```ts
 * import { createDirectoryServer, openDirectoryStore, registerClient } from "@mlskit/directory";
 * import { basicCredential } from "@mlskit/credentials";
 * const store = await openDirectoryStore("directory.db");
 * const { token } = await registerClient(store, { userId: "alice", clientId: "phone", credential: basicCredential("alice") });
 * const server = createDirectoryServer({ store });
 * console.log(await server.listen({ port: 8080 }), token);
 * ```
 */

// The protocol's names that this package has always exported, from their one definition.
export {
  type BatchElement,
  DirectoryErrorCode,
  encodeKeyPackageBatch,
  MLS_MESSAGE_MEDIA_TYPE,
  splitKeyPackageBatch,
} from "@mlskit/directory-protocol";
export { type IssuedClient, registerClient, removeClient, rotateClientToken } from "./admin.js";
export { DEFAULT_DIRECTORY_LIMITS, type DirectoryLimits } from "./directory-limits.js";
export {
  type ClaimedClientKeyMaterial,
  type ClaimedKeyPackage,
  type ClaimResult,
  type ClientRecord,
  type DirectoryStore,
  type KeyMaterialClaim,
  type KeyMaterialClaimRequest,
  type KeyPackageCount,
  type KeyPackageRoute,
  MAX_STORED_TIME,
  type PublishOptions,
  type RateLimitResult,
  type StoredKeyPackageInput,
  type StoredKeyPackageSummary,
} from "./directory-store.js";
export { httpStatusOf } from "./errors.js";
export { type Migration, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./migrations.js";
export {
  createPeerProviderAuthorizer,
  type MimiAuthorization,
  type MimiAuthorizationContext,
  type MimiAuthorizer,
  type MimiPeerProvider,
} from "./mimi-authorizer.js";
export { type MimiIdentifiers, mimiIdentifiers } from "./mimi-identifiers.js";
export type { MimiServerOptions } from "./mimi-server.js";
export { openDirectoryStore } from "./open-directory-store.js";
export {
  openPostgresDirectoryStore,
  type PostgresDirectoryStoreOptions,
} from "./postgres-directory-store.js";
export { createDirectoryServer, type DirectoryServer, type DirectoryServerOptions } from "./server.js";
export { openSqliteDirectoryStore, type SqliteDirectoryStoreOptions } from "./sqlite-directory-store.js";
export { CLIENT_TOKEN_PREFIX, generateClientToken, hashClientToken } from "./token.js";
