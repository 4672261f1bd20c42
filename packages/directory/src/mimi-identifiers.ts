/**
 * @module mimi-identifiers
 * How the directory's users and clients are named in MIMI (draft-ietf-mimi-protocol: users and
 * clients are MIMI URIs of their provider, `mimi://a.example/u/alice`, `mimi://a.example/d/…`).
 * The default scheme maps a directory user id to `mimi://<domain>/u/<userId>` and a client to
 * `mimi://<domain>/d/<userId>/<clientId>` (a client id is unique only within its user); an
 * operator with another naming passes its own {@link MimiIdentifiers}.
 */
import { mimiUriProvider } from "@mlskit/mimi";
import { checkId } from "./admin.js";

/**
 * The mapping between MIMI URIs and the directory's user and client ids.
 *
 * @example
 * ```ts
 * const ids: MimiIdentifiers = mimiIdentifiers("b.example");
 * ids.userIdOf("mimi://b.example/u/bob"); // "bob"
 * ```
 */
export interface MimiIdentifiers {
  /** The local user id a target user URI names, or `undefined` when it names none of ours. */
  userIdOf(uri: string): string | undefined;
  /** The URI of a local user. */
  userUri(userId: string): string;
  /** The URI of a client of a local user. */
  clientUri(userId: string, clientId: string): string;
}

function isId(value: string): boolean {
  try {
    checkId(value, "id");
    return true;
  } catch {
    return false;
  }
}

/**
 * The default naming: users `mimi://<domain>/u/<userId>`, clients
 * `mimi://<domain>/d/<userId>/<clientId>` (ids are URL-safe as they are: `A–Z a–z 0–9 . _ ~ @ + -`).
 * A URI of another provider, of another shape, or with an id the directory cannot hold names no
 * local user.
 *
 * @param domain - the provider's domain, e.g. `b.example`
 * @returns the mapping
 * @throws RangeError for a domain that is not a bare host name
 * @example
 * ```ts
 * const ids = mimiIdentifiers("b.example");
 * ids.clientUri("bob", "phone"); // "mimi://b.example/d/bob/phone"
 * ids.userIdOf("mimi://c.example/u/bob"); // undefined
 * ```
 */
export function mimiIdentifiers(domain: string): MimiIdentifiers {
  const host = typeof domain === "string" ? mimiUriProvider(`mimi://${domain}`) : undefined;
  if (host === undefined || host !== domain.toLowerCase())
    throw new RangeError(`"domain" expected a host name such as b.example, got ${JSON.stringify(domain)}`);
  return Object.freeze({
    userIdOf(uri: string): string | undefined {
      if (typeof uri !== "string" || mimiUriProvider(uri) !== host) return undefined;
      const m = /^mimi:\/\/[^/]+\/u\/([^/?#]+)$/i.exec(uri);
      return m !== null && isId(m[1]!) ? m[1] : undefined;
    },
    userUri: (userId: string) => `mimi://${host}/u/${checkId(userId, "userId")}`,
    clientUri: (userId: string, clientId: string) =>
      `mimi://${host}/d/${checkId(userId, "userId")}/${checkId(clientId, "clientId")}`,
  });
}
