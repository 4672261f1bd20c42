/**
 * @module bytes
 * Small byte helpers every layer needs: hex, equality, concatenation, UTF-8.
 */

/**
 * Lower-case hex of `bytes`.
 * @param bytes - input
 * @returns hex string
 * @example
 * ```ts
 * toHex(Uint8Array.of(0xde, 0xad)); // "dead"
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Parse hex (upper or lower case, even length).
 * @param hex - hex string
 * @returns the bytes
 * @throws TypeError on odd length or non-hex characters
 * @example
 * ```ts
 * fromHex("dead"); // Uint8Array [0xde, 0xad]
 * ```
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError(`"hex" expected an even-length hex string`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Byte-wise equality (not constant-time; use only on public values).
 * @param a - first
 * @param b - second
 * @returns whether they are equal
 * @example
 * ```ts
 * bytesEqual(Uint8Array.of(1), Uint8Array.of(1)); // true
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Concatenate byte arrays.
 * @param parts - arrays
 * @returns a new array
 * @example
 * ```ts
 * concatBytes(Uint8Array.of(1), Uint8Array.of(2)); // Uint8Array [1, 2]
 * ```
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * UTF-8 encode.
 * @param s - string
 * @returns bytes
 * @example
 * ```ts
 * utf8("Alice"); // Uint8Array [0x41, 0x6c, 0x69, 0x63, 0x65]
 * ```
 */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * UTF-8 decode (invalid sequences become U+FFFD).
 * @param b - bytes
 * @returns string
 * @example
 * ```ts
 * fromUtf8(utf8("Alice")); // "Alice"
 * ```
 */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
