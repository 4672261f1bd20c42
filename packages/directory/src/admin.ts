/**
 * @module admin
 * Client registration, the directory's administrative side: an operator (or the
 * `mlskit directory add-client` command) registers a client of a user with the credential its key
 * packages will carry and receives the client's bearer token, shown this once. The binding is the
 * credential's exact TLS encoding: a published package is accepted only when its
 * `leaf_node.credential` is byte-for-byte that credential, and no two clients share one.
 */
import { encode } from "@mlskit/codec";
import { type Credential, credentialCodec } from "@mlskit/credentials";
import { DirectoryErrorCode, directoryError, isDirectoryId } from "@mlskit/directory-protocol";
import type { ClientRecord, DirectoryStore } from "./directory-store.js";
import { generateClientToken, hashClientToken } from "./token.js";

/**
 * Check a user or client id: 1–128 characters of `A–Z a–z 0–9 . _ ~ @ + -` (safe in a URL path).
 * @internal
 */
export function checkId(value: unknown, name: string): string {
  if (!isDirectoryId(value)) {
    const shown = JSON.stringify(value) ?? String(value);
    throw new TypeError(
      `"${name}" expected 1-128 characters of A-Z a-z 0-9 . _ ~ @ + -, got ${shown.length > 60 ? `${shown.slice(0, 40)}… (${typeof value === "string" ? value.length : shown.length} characters)` : shown}`,
    );
  }
  return value;
}

/**
 * The outcome of {@link registerClient} and {@link rotateClientToken}.
 *
 * @example
 * ```ts
 * const { client, token }: IssuedClient = await registerClient(store, { userId: "alice", clientId: "phone", credential });
 * ```
 */
export interface IssuedClient {
  /** The registered client. */
  readonly client: ClientRecord;
  /** Its bearer token. Only its hash is stored: hand it to the client now, it cannot be shown again. */
  readonly token: string;
}

/**
 * Register a client of a user, bound to a credential, and issue its token.
 *
 * @param store - the directory store
 * @param opts - user id, client id and the credential its key packages carry
 * @returns the client and its token
 * @throws UsageError DIRECTORY_CLIENT_EXISTS when the ids or the credential are taken, saying
 *   which (`details.conflict`: `"client"`, or `"credential"` with the client that holds it)
 * @throws TypeError for a malformed id
 * @example
 * ```ts
 * const { token } = await registerClient(store, {
 *   userId: "alice", clientId: "phone", credential: basicCredential("alice@example.com#phone"),
 * });
 * ```
 */
export async function registerClient(
  store: DirectoryStore,
  opts: {
    readonly userId: string;
    readonly clientId: string;
    readonly credential: Credential;
    readonly now?: bigint;
  },
): Promise<IssuedClient> {
  const userId = checkId(opts?.userId, "userId");
  const clientId = checkId(opts.clientId, "clientId");
  if (typeof opts.credential !== "object" || opts.credential === null)
    throw new TypeError(`"credential" expected a Credential`);
  const credential = encode(credentialCodec, opts.credential);
  const token = generateClientToken();
  const client = await store.addClient({
    userId,
    clientId,
    credential,
    tokenHash: hashClientToken(token),
    now: opts.now ?? BigInt(Math.floor(Date.now() / 1000)),
  });
  return { client, token };
}

/**
 * Issue a new token for a client; the old one stops working at once.
 *
 * @param store - the directory store
 * @param userId - the user
 * @param clientId - the client
 * @returns the new token
 * @throws UsageError DIRECTORY_CLIENT_NOT_FOUND
 * @example
 * ```ts
 * const token = await rotateClientToken(store, "alice", "phone");
 * ```
 */
export async function rotateClientToken(
  store: DirectoryStore,
  userId: string,
  clientId: string,
): Promise<string> {
  checkId(userId, "userId");
  checkId(clientId, "clientId");
  const token = generateClientToken();
  if (!(await store.setClientTokenHash(userId, clientId, hashClientToken(token)))) {
    throw directoryError(DirectoryErrorCode.clientNotFound, `no client "${clientId}" of user "${userId}"`, {
      userId,
      clientId,
    });
  }
  return token;
}

/**
 * Remove a client, its token and all its key packages.
 *
 * @param store - the directory store
 * @param userId - the user
 * @param clientId - the client
 * @returns whether the client existed
 * @example
 * ```ts
 * await removeClient(store, "alice", "old-laptop");
 * ```
 */
export async function removeClient(
  store: DirectoryStore,
  userId: string,
  clientId: string,
): Promise<boolean> {
  checkId(userId, "userId");
  checkId(clientId, "clientId");
  return store.removeClient(userId, clientId);
}
