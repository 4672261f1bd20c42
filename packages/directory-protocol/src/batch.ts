/**
 * @module batch
 * The wire form of a batch of key packages, as published and as claimed with
 * `application/mls-message`: MLSMessages (RFC 9420 §6, wire format `mls_key_package`) written one
 * after the other, with no framing. Each message carries its own length information, so a
 * batch splits unambiguously, and `cat a.mls b.mls` is a valid batch.
 */
import { concatBytes, Reader } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import {
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageCodec,
  type UnverifiedKeyPackage,
  WireFormat,
} from "@mlskit/key-packages";
import { DirectoryErrorCode, directoryError } from "./errors.js";

/**
 * One decoded element of a batch.
 *
 * @example
 * ```ts
 * for (const { keyPackage, message }: BatchElement of splitKeyPackageBatch(body)) console.log(keyPackage.cipherSuite, message.length);
 * ```
 */
export interface BatchElement {
  /** The decoded, not yet validated, key package. */
  readonly keyPackage: UnverifiedKeyPackage;
  /** Its MLSMessage bytes, exactly as received. */
  readonly message: Uint8Array;
}

/**
 * Split a batch into its key packages. Strict: each element must be an `mls_key_package`
 * MLSMessage that decodes canonically, and nothing may follow the last one.
 *
 * @param body - the concatenated MLSMessages
 * @returns the elements in order (empty for an empty body)
 * @throws ValidationError `DIRECTORY_MALFORMED_KEY_PACKAGE` with `details.index` (0-based element),
 *   `details.offset` (byte offset in `body`) and the codec's `details.codecCode` and `details.path`
 * @example
 * ```ts
 * const elements = splitKeyPackageBatch(await request.bytes());
 * elements[0]?.keyPackage.cipherSuite; // 1
 * ```
 */
export function splitKeyPackageBatch(body: Uint8Array): BatchElement[] {
  if (!(body instanceof Uint8Array)) throw new TypeError(`"body" expected Uint8Array, got ${typeof body}`);
  const out: BatchElement[] = [];
  let start = 0;
  while (start < body.length) {
    const index = out.length;
    // Offsets of the first pass are in `body`; those of decodeKeyPackageMessage in the element.
    let base = 0;
    try {
      // Wrong wire formats get the decoder's own precise error, not a misparse of the body.
      const wireFormat = body.length >= start + 4 ? (body[start + 2]! << 8) | body[start + 3]! : undefined;
      let end = body.length;
      if (wireFormat === WireFormat.mls_key_package) {
        const r = new Reader(body, start);
        r.uint16();
        r.uint16();
        keyPackageCodec.decode(r);
        end = r.offset;
      }
      base = start;
      const message = body.slice(start, end);
      out.push({ keyPackage: decodeKeyPackageMessage(message), message });
      start = end;
    } catch (e) {
      if (!MlsError.is(e)) throw e;
      const offset = typeof e.details.offset === "number" ? e.details.offset : undefined;
      throw directoryError(
        DirectoryErrorCode.malformedKeyPackage,
        `key package ${index} of the batch (at byte ${start}) does not decode: ${e.message}`,
        {
          index,
          offset: offset === undefined ? start : base + offset,
          codecCode: e.code,
          path: typeof e.details.path === "string" ? e.details.path : undefined,
        },
        e,
      );
    }
  }
  return out;
}

/**
 * Encode key packages as a batch: their MLSMessages, concatenated.
 *
 * @param keyPackages - packages (encoded with `encodeKeyPackageMessage`) or MLSMessage bytes (as is)
 * @returns the batch
 * @example
 * ```ts
 * const body = encodeKeyPackageBatch(bundles.map((b) => b.keyPackage));
 * ```
 */
export function encodeKeyPackageBatch(
  keyPackages: readonly (UnverifiedKeyPackage | Uint8Array)[],
): Uint8Array {
  if (!Array.isArray(keyPackages)) throw new TypeError(`"keyPackages" expected an array`);
  return concatBytes(
    ...keyPackages.map((kp) => (kp instanceof Uint8Array ? kp : encodeKeyPackageMessage(kp))),
  );
}
