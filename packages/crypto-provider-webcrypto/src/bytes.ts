/**
 * @module bytes
 * Small byte helpers (internal) that work the same in Node and browsers: hex for constants,
 * base64url for JWK members, concatenation, comparison, and the `BufferSource` view SubtleCrypto's
 * typings ask for.
 */

/**
 * @param hex - lower-case hex, even length
 * @returns the bytes
 * @internal
 */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * @param bytes - any bytes
 * @returns lower-case hex (for cache keys of public values only, never of secrets)
 * @internal
 */
export function bytesHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

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
 * @param parts - arrays to join
 * @returns a new array holding them one after another
 * @internal
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
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
