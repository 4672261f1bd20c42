/**
 * @module endpoints
 * How a MIMI provider's key-material endpoint is found and spoken to
 * (draft-ietf-mimi-protocol, "Directory", "Fetch Key Material"): the well-known discovery path,
 * the directory document, the URL of a target user's key material, and the media types.
 *
 * The draft names no media type for KeyMaterialRequest and KeyMaterialResponse. We use
 * `application/mimi-key-material-request` and `application/mimi-key-material-response`, in the
 * style of the `application/mimi-content` type of the MIMI content format.
 */
import { UsageError } from "@mlskit/errors";
import { MimiErrorCode } from "./errors.js";

/**
 * The well-known path of the MIMI directory document (like ACME's, RFC 8555 §7.1.1).
 *
 * @example
 * ```ts
 * import { MIMI_DIRECTORY_PATH } from "@mlskit/mimi";
 * const directory = await (await fetch(new URL(MIMI_DIRECTORY_PATH, "https://b.example"))).json();
 * ```
 */
export const MIMI_DIRECTORY_PATH = "/.well-known/mimi-protocol-directory";

/**
 * The media type of a KeyMaterialRequest body (our choice: the draft names none).
 *
 * @example
 * ```ts
 * import { MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE } from "@mlskit/mimi";
 * const headers = { "content-type": MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE };
 * ```
 */
export const MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE = "application/mimi-key-material-request";

/**
 * The media type of a KeyMaterialResponse body (our choice: the draft names none).
 *
 * @example
 * ```ts
 * import { MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE } from "@mlskit/mimi";
 * const headers = { accept: MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE };
 * ```
 */
export const MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE = "application/mimi-key-material-response";

/** The placeholder of the target user in the `keyMaterial` URL template. */
const TARGET_USER = "{targetUser}";

/**
 * The part of the MIMI directory document key material needs. Other endpoints (`update`,
 * `notify`, …) may be present in a provider's document; they are ignored.
 *
 * @example
 * ```ts
 * import type { MimiDirectory } from "@mlskit/mimi";
 * const doc: MimiDirectory = { keyMaterial: "https://mimi.b.example/keyMaterial/{targetUser}" };
 * ```
 */
export interface MimiDirectory {
  /** URL template of `POST /keyMaterial/{targetUser}`. */
  readonly keyMaterial: string;
}

/**
 * Read a directory document strictly: `keyMaterial` must be an http(s) URL template holding
 * `{targetUser}` exactly once.
 *
 * @param json - the parsed JSON of the document
 * @returns the key-material part
 * @throws UsageError `MIMI_BAD_DIRECTORY` when the document does not fit
 * @example
 * ```ts
 * import { parseMimiDirectory } from "@mlskit/mimi";
 * const { keyMaterial } = parseMimiDirectory(await response.json());
 * ```
 */
export function parseMimiDirectory(json: unknown): MimiDirectory {
  const keyMaterial = (json as { keyMaterial?: unknown } | null)?.keyMaterial;
  if (
    typeof keyMaterial !== "string" ||
    !/^https?:\/\//i.test(keyMaterial) ||
    keyMaterial.split(TARGET_USER).length !== 2
  ) {
    throw new UsageError(
      MimiErrorCode.badDirectory,
      `the MIMI directory document has no usable "keyMaterial" URL template (an http(s) URL with ${TARGET_USER} once)`,
    );
  }
  return { keyMaterial };
}

/**
 * The URL to POST a KeyMaterialRequest for `targetUser` to: the template with the user's URI
 * percent-encoded in place of `{targetUser}` (the draft: "with any necessary percent-encoding").
 *
 * @param directory - the provider's directory document
 * @param targetUser - the target user's URI
 * @returns the URL
 * @example
 * ```ts
 * import { keyMaterialUrl } from "@mlskit/mimi";
 * keyMaterialUrl({ keyMaterial: "https://b.example/keyMaterial/{targetUser}" }, "mimi://b.example/u/bob");
 * // "https://b.example/keyMaterial/mimi%3A%2F%2Fb.example%2Fu%2Fbob"
 * ```
 */
export function keyMaterialUrl(directory: MimiDirectory, targetUser: string): string {
  if (typeof targetUser !== "string" || targetUser === "")
    throw new TypeError(`"targetUser" expected a non-empty string`);
  return parseMimiDirectory(directory).keyMaterial.replace(TARGET_USER, encodeURIComponent(targetUser));
}
