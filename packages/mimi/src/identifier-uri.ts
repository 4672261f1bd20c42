/**
 * @module identifier-uri
 * `IdentifierUri`, the way MIMI names providers, users, clients and rooms on the wire
 * (draft-ietf-mimi-protocol: `struct { opaque uri<V>; } IdentifierUri;`), kept as a string.
 */
import { type Codec, CodecErrorCode, opaque, type Reader, type Writer } from "@mlskit/codec";

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is refused, not replaced; ignoreBOM: a leading U+FEFF is kept, so that
// decoding and re-encoding give back the very same bytes (canonical form).
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Codec of `IdentifierUri` as a JavaScript string: the `opaque uri<V>` must hold valid UTF-8 (a
 * URI is text), and the string is written back as exactly those bytes. The codec does not parse
 * the URI: an empty one is how a request says "no room".
 *
 * ```tls
 * struct { opaque uri<V>; } IdentifierUri;
 * ```
 *
 * @throws CodecError `CODEC_INVALID_VALUE` when the bytes are not UTF-8 (decode); TypeError when the
 *   value is not a string (encode)
 * @example
 * ```ts
 * import { encode, toHex } from "@mlskit/codec";
 * import { identifierUriCodec } from "@mlskit/mimi";
 * toHex(encode(identifierUriCodec, "mimi://b.example/u/bob")); // "16" + the 22 bytes of the URI
 * ```
 */
export const identifierUriCodec: Codec<string> = Object.freeze({
  encode(w: Writer, v: string) {
    if (typeof v !== "string") throw new TypeError(`IdentifierUri: expected a string, got ${typeof v}`);
    opaque.encode(w, encoder.encode(v));
  },
  decode(r: Reader): string {
    const at = r.offset;
    const bytes = r.opaque();
    try {
      return decoder.decode(bytes);
    } catch {
      return r.fail(CodecErrorCode.invalidValue, "uri is not valid UTF-8", at);
    }
  },
});

/**
 * The provider (the `host` of the authority) a MIMI URI belongs to, lower-cased, as the draft's
 * identifiers put it: `mimi://a.example/u/alice` belongs to provider `a.example`.
 *
 * @param uri - a MIMI URI
 * @returns the host, or `undefined` when `uri` is not a `mimi:` URI with a host
 * @example
 * ```ts
 * import { mimiUriProvider } from "@mlskit/mimi";
 * mimiUriProvider("mimi://a.example/u/alice"); // "a.example"
 * mimiUriProvider("https://a.example/"); // undefined
 * ```
 */
export function mimiUriProvider(uri: string): string | undefined {
  if (typeof uri !== "string") throw new TypeError(`"uri" expected a string, got ${typeof uri}`);
  if (!/^mimi:\/\//i.test(uri)) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  // A userinfo or a port has no place in a provider's name.
  if (url.username !== "" || url.password !== "" || url.port !== "" || url.hostname === "") return undefined;
  return url.hostname.toLowerCase();
}
