/**
 * @module welcome
 * The RFC 9420 §12.4.3.1 `Welcome` and `EncryptedGroupSecrets`, their strict codecs, the
 * MLSMessage wrapper (§6, wire format `mls_welcome` = 3) and {@link welcomeKeyPackageRefs}, which
 * tells a client which key packages a Welcome is for without touching a secret.
 *
 * Decoders copy their input once: the byte fields of a decoded Welcome are views of that private
 * copy, so a caller reusing its buffer cannot change a Welcome being opened.
 */
import { type Codec, CodecErrorCode, opaque, Reader, uint16, vector, Writer } from "@mlskit/codec";
import { CodecError } from "@mlskit/errors";
import { ProtocolVersion, WireFormat } from "@mlskit/key-packages";
import { WelcomeErrorCode } from "./errors.js";
import { wireStruct } from "./wire-struct.js";

/**
 * `struct { opaque kem_output<V>; opaque ciphertext<V>; } HPKECiphertext;` (RFC 9420 §7.6)
 * @example
 * ```ts
 * const ct: HpkeCiphertextValue = await encryptWithLabel(suite, initKey, "Welcome", encryptedGroupInfo, groupSecrets);
 * ```
 */
export interface HpkeCiphertextValue {
  readonly kemOutput: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/**
 * ```tls
 * struct {
 *   KeyPackageRef new_member;
 *   HPKECiphertext encrypted_group_secrets;
 * } EncryptedGroupSecrets;
 * ```
 * @see RFC 9420 §12.4.3.1
 * @example
 * ```ts
 * const entry: EncryptedGroupSecrets = { newMember: bundle.ref, encryptedGroupSecrets: { kemOutput, ciphertext } };
 * ```
 */
export interface EncryptedGroupSecrets {
  /** The KeyPackageRef (RFC 9420 §5.2) of the new member's key package. */
  readonly newMember: Uint8Array;
  readonly encryptedGroupSecrets: HpkeCiphertextValue;
}

/**
 * ```tls
 * struct {
 *   CipherSuite cipher_suite;
 *   EncryptedGroupSecrets secrets<V>;
 *   opaque encrypted_group_info<V>;
 * } Welcome;
 * ```
 * @see RFC 9420 §12.4.3.1
 * @example
 * ```ts
 * const welcome: Welcome = decodeWelcomeMessage(bytes);
 * welcome.secrets.length; // one entry per new member
 * ```
 */
export interface Welcome {
  readonly cipherSuite: number;
  readonly secrets: readonly EncryptedGroupSecrets[];
  readonly encryptedGroupInfo: Uint8Array;
}

const hpkeCiphertextCodec = wireStruct<HpkeCiphertextValue>({
  kemOutput: ["kem_output", opaque],
  ciphertext: ["ciphertext", opaque],
});

/**
 * Strict codec of {@link EncryptedGroupSecrets}.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(encryptedGroupSecretsCodec, entry);
 * ```
 */
export const encryptedGroupSecretsCodec: Codec<EncryptedGroupSecrets> = wireStruct<EncryptedGroupSecrets>({
  newMember: ["new_member", opaque],
  encryptedGroupSecrets: ["encrypted_group_secrets", hpkeCiphertextCodec],
});

const welcomeFields = wireStruct<Welcome>({
  cipherSuite: ["cipher_suite", uint16],
  secrets: ["secrets", vector(encryptedGroupSecretsCodec)],
  encryptedGroupInfo: ["encrypted_group_info", opaque],
});

/**
 * Strict codec of the bare {@link Welcome} struct.
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const welcome = decode(welcomeCodec, bytes, "Welcome");
 * ```
 */
export const welcomeCodec: Codec<Welcome> = Object.freeze({
  encode(w: Writer, welcome: Welcome) {
    if (typeof welcome !== "object" || welcome === null) throw new TypeError(`"welcome" expected a Welcome`);
    welcomeFields.encode(w, welcome);
  },
  decode: welcomeFields.decode,
});

// The version of the MLSMessage a Welcome arrived in, kept for check W-11 (the group's version must
// equal it). A WeakMap: Welcomes are few and this keeps the decoded value a plain object.
const messageVersions = new WeakMap<Welcome, number>();

/**
 * The version of the MLSMessage a Welcome was decoded from, if it was.
 * @param welcome - a decoded Welcome
 * @returns the MLSMessage version, or undefined for a bare struct or a built value
 * @internal used by openWelcome (check W-11)
 */
export function welcomeMessageVersion(welcome: Welcome): number | undefined {
  return messageVersions.get(welcome);
}

function copyOf(bytes: Uint8Array, name: string): Uint8Array {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`"${name}" expected Uint8Array, got ${typeof bytes}`);
  return bytes.slice();
}

function decodeWelcomeFrom(r: Reader): Welcome {
  r.enter("Welcome");
  const welcome = welcomeCodec.decode(r);
  r.leave();
  if (r.remaining !== 0) r.fail(CodecErrorCode.trailingBytes, `${r.remaining} trailing bytes after Welcome`);
  return Object.freeze({ ...welcome, secrets: Object.freeze(welcome.secrets.map((s) => Object.freeze(s))) });
}

/**
 * Decode a bare Welcome struct. Canonical only: minimal varints, exact vector lengths, no
 * trailing bytes.
 *
 * @param bytes - the encoded Welcome (copied)
 * @returns the Welcome (frozen)
 * @throws CodecError naming the field path and byte offset of the first malformed field
 * @example
 * ```ts
 * const welcome = decodeWelcome(bytes);
 * welcomeKeyPackageRefs(welcome); // the new_member refs
 * ```
 */
export function decodeWelcome(bytes: Uint8Array): Welcome {
  return decodeWelcomeFrom(new Reader(copyOf(bytes, "bytes")));
}

/**
 * Decode an MLSMessage that carries a Welcome (RFC 9420 §6: version, wire_format = 3, welcome).
 * The message version is kept for `openWelcome`, which checks it against the group's (W-11).
 *
 * @param bytes - the encoded MLSMessage (copied)
 * @returns the Welcome (frozen)
 * @throws CodecError `WELCOME_MESSAGE_WRONG_WIRE_FORMAT` for another wire format, or any codec error
 * @example
 * ```ts
 * const welcome = decodeWelcomeMessage(await (await fetch(url)).bytes());
 * ```
 */
export function decodeWelcomeMessage(bytes: Uint8Array): Welcome {
  const r = new Reader(copyOf(bytes, "bytes"));
  r.enter("MLSMessage");
  r.enter("version");
  const version = r.uint16();
  r.leave();
  const at = r.offset;
  r.enter("wire_format");
  const wireFormat = r.uint16();
  if (wireFormat !== WireFormat.mls_welcome) {
    throw new CodecError(
      WelcomeErrorCode.wrongWireFormat,
      `MLSMessage wire_format ${wireFormat} is not mls_welcome (3) at MLSMessage.wire_format (offset ${at})`,
      { details: { path: "MLSMessage.wire_format", offset: at, wireFormat } },
    );
  }
  r.leave();
  const welcome = decodeWelcomeFrom(r);
  messageVersions.set(welcome, version);
  return welcome;
}

/**
 * Encode a Welcome as the bare struct.
 * @param welcome - the Welcome
 * @returns its encoding (a new array)
 * @example
 * ```ts
 * const bytes = encodeWelcome(welcome);
 * ```
 */
export function encodeWelcome(welcome: Welcome): Uint8Array {
  const w = new Writer(256);
  welcomeCodec.encode(w, welcome);
  return w.finish();
}

/**
 * Encode a Welcome inside an MLSMessage (wire format mls_welcome = 3): the form a Delivery Service
 * carries. The version is mls10, or the version of the MLSMessage a decoded Welcome came in, so
 * that a decoded message re-encodes to exactly its bytes.
 *
 * @param welcome - the Welcome
 * @returns the MLSMessage bytes
 * @example
 * ```ts
 * send(newMember, encodeWelcomeMessage(welcome));
 * ```
 */
export function encodeWelcomeMessage(welcome: Welcome): Uint8Array {
  const w = new Writer(260);
  w.uint16(messageVersions.get(welcome) ?? ProtocolVersion.mls10);
  w.uint16(WireFormat.mls_welcome);
  welcomeCodec.encode(w, welcome);
  return w.finish();
}

/**
 * The KeyPackageRefs a Welcome is addressed to (`secrets[i].new_member`, in order): ask a key
 * store which one is yours before opening anything.
 *
 * @param welcome - a decoded Welcome
 * @returns copies of the refs, in the order of `secrets`
 * @example
 * ```ts
 * for (const ref of welcomeKeyPackageRefs(welcome)) {
 *   if (await store.get(ref)) console.log("for us:", toHex(ref));
 * }
 * ```
 */
export function welcomeKeyPackageRefs(welcome: Welcome): Uint8Array[] {
  if (typeof welcome !== "object" || welcome === null || !Array.isArray(welcome.secrets)) {
    throw new TypeError(`"welcome" expected a decoded Welcome`);
  }
  return welcome.secrets.map((s) => s.newMember.slice());
}
