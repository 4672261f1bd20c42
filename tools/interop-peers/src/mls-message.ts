/**
 * @module mls-message
 * The few wire facts the peers share with each other and with mlskit: the MLSMessage header
 * (RFC 9420 §6) in front of a KeyPackage or a Welcome. Peers exchange bytes only, so that a test
 * compares what each implementation really writes and reads.
 */

/** RFC 9420 §17.2: `mls10`. */
export const MLS_VERSION = 1;

/** RFC 9420 §17.2 wire formats used here. */
export const WireFormat = Object.freeze({ mls_welcome: 3, mls_group_info: 4, mls_key_package: 5 } as const);

/**
 * The body of an MLSMessage of the given wire format (the bytes after its 4-byte header).
 *
 * ```tls
 * struct { ProtocolVersion version = mls10; WireFormat wire_format; select (wire_format) { ... } } MLSMessage;
 * ```
 * @param message - MLSMessage bytes
 * @param wireFormat - the expected wire format
 * @returns a view of the body
 * @throws Error when the header is not `mls10` with that wire format
 * @example
 * ```ts
 * const bareKeyPackage = mlsMessageBody(keyPackageMessage, WireFormat.mls_key_package);
 * ```
 */
export function mlsMessageBody(message: Uint8Array, wireFormat: number): Uint8Array {
  const version = message.length >= 4 ? (message[0]! << 8) | message[1]! : -1;
  const format = message.length >= 4 ? (message[2]! << 8) | message[3]! : -1;
  if (version !== MLS_VERSION || format !== wireFormat) {
    throw new Error(`expected an mls10 MLSMessage of wire format ${wireFormat}, got ${version}/${format}`);
  }
  return message.subarray(4);
}
