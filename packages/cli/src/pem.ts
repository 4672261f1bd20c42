/**
 * @module pem
 * Reading X.509 certificates from a file as people keep them: PEM (one or more
 * `-----BEGIN CERTIFICATE-----` blocks, RFC 7468) or a single DER certificate.
 */
import { CliError } from "./io.js";

/**
 * The DER certificates of a PEM file (in file order), or the file itself when it is DER.
 *
 * @param data - the file's bytes
 * @param name - the file, for messages
 * @returns one or more DER certificates
 * @throws CliError when a PEM file holds no certificate or a block is not base64
 * @example
 * ```ts
 * const chain = certificatesFrom(await readInput("alice.pem", io), "alice.pem");
 * ```
 */
export function certificatesFrom(data: Uint8Array, name: string): Uint8Array[] {
  // DER starts with a SEQUENCE tag; anything else is read as PEM text.
  if (data[0] === 0x30) return [data];
  const text = new TextDecoder().decode(data);
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new CliError(`${name} holds no certificate (PEM or DER)`, 2);
  return blocks.map((m, i) => {
    const b64 = m[1]!.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
      throw new CliError(`${name}: certificate ${i + 1} is not base64`, 2);
    return new Uint8Array(Buffer.from(b64, "base64"));
  });
}
