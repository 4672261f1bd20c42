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
  encodeKeyPackageMessage,
  keyPackageMessageCodec,
  type UnverifiedKeyPackage,
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
  // One private copy of the whole body: the packages' byte fields and their messages are views of
  // it, and nothing the caller does to `body` afterwards reaches them.
  const bytes = body.slice();
  const r = new Reader(bytes);
  const out: BatchElement[] = [];
  while (r.remaining > 0) {
    const index = out.length;
    const start = r.offset;
    try {
      // Each message decoded once; where it ends is where the next one starts.
      r.enter("MLSMessage");
      const keyPackage = keyPackageMessageCodec.decode(r);
      r.leave();
      out.push({ keyPackage, message: bytes.subarray(start, r.offset) });
    } catch (e) {
      if (!MlsError.is(e)) throw e;
      throw directoryError(
        DirectoryErrorCode.malformedKeyPackage,
        `key package ${index} of the batch (at byte ${start}) does not decode: ${e.message}`,
        {
          index,
          offset: typeof e.details.offset === "number" ? e.details.offset : start,
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
