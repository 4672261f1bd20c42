/**
 * @module media-types
 * The two media types the directory speaks: key packages as MLS messages (RFC 9420 §17.10), and
 * JSON for everything else.
 */

/**
 * The media type of key packages and of batches of them (RFC 9420 §17.10): a batch is its
 * MLSMessages written back to back (see `splitKeyPackageBatch`).
 *
 * @example
 * ```ts
 * await fetch(url, { method: "POST", headers: { "content-type": MLS_MESSAGE_MEDIA_TYPE }, body });
 * ```
 */
export const MLS_MESSAGE_MEDIA_TYPE = "application/mls-message";

/**
 * The media type of every other request and answer body, errors included.
 *
 * @example
 * ```ts
 * await fetch(url, { method: "POST", headers: { "content-type": JSON_MEDIA_TYPE }, body: JSON.stringify({ cipherSuite: 1 }) });
 * ```
 */
export const JSON_MEDIA_TYPE = "application/json";
