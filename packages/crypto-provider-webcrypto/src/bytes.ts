/**
 * @module bytes
 * Small byte helpers (internal) that work the same in Node and browsers: base64url for JWK
 * members, constant-time comparison, and the `BufferSource` view SubtleCrypto's typings ask for.
 * Hex and concatenation are `@mlskit/codec`'s.
 */

/**
 * Decode an unpadded base64url string (RFC 7515 §2, as in JWK members).
 *
 * @param s - base64url text
 * @returns the bytes
 * @internal
 */
export function base64UrlBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Compare without an early exit, so a cache check does not leak where two keys differ.
 *
 * @param a - first array
 * @param b - second array
 * @returns whether they hold the same bytes
 * @internal
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * SubtleCrypto's typings want views on a plain `ArrayBuffer`; every array this package passes is one.
 *
 * @param bytes - a Uint8Array
 * @returns the same array, typed as a `BufferSource`
 * @internal
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
