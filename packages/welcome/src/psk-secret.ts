/**
 * @module psk-secret
 * `psk_secret` (RFC 9420 §8.4): the PSKs a Welcome names, chained into one secret for the key
 * schedule, in the order of the GroupSecrets' `psks`.
 */

import { Writer } from "@mlskit/codec";
import { type CipherSuiteImpl, expandWithLabel } from "@mlskit/crypto-provider";
import { type PreSharedKeyId, preSharedKeyIdCodec } from "./pre-shared-key-id.js";

/**
 * A PSK and its id.
 * @example
 * ```ts
 * const entry: ResolvedPsk = { id, psk: myPsks.get(toHex(id.pskId))! };
 * ```
 */
export interface ResolvedPsk {
  readonly id: PreSharedKeyId;
  readonly psk: Uint8Array;
}

/** `struct { PreSharedKeyID id; uint16 index; uint16 count; } PSKLabel;` */
function pskLabel(id: PreSharedKeyId, index: number, count: number): Uint8Array {
  const w = new Writer(128);
  preSharedKeyIdCodec.encode(w, id);
  w.uint16(index);
  w.uint16(count);
  return w.finish();
}

/**
 * ```
 * psk_extracted_[i] = KDF.Extract(0, psk_[i])
 * psk_input_[i]     = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
 * psk_secret_[0]    = 0
 * psk_secret_[i]    = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
 * ```
 * with `0` the all-zero string of `KDF.Nh` bytes (RFC 9420 §8.4).
 *
 * @param suite - the group's cipher suite
 * @param psks - the PSKs, in the order the GroupSecrets list them
 * @returns `psk_secret_[n]` (all zeros when `psks` is empty)
 * @example
 * ```ts
 * const secret = await pskSecret(suite, [{ id, psk }]);
 * ```
 */
export async function pskSecret(suite: CipherSuiteImpl, psks: readonly ResolvedPsk[]): Promise<Uint8Array> {
  const zero = new Uint8Array(suite.kdf.size);
  let secret: Uint8Array = new Uint8Array(suite.kdf.size);
  const count = psks.length;
  if (count > 0xffff) throw new RangeError(`"psks" has ${count} entries, PSKLabel.count is a uint16`);
  for (let i = 0; i < count; i++) {
    const { id, psk } = psks[i]!;
    const extracted = await suite.kdf.extract(zero, psk);
    const input = await expandWithLabel(
      suite,
      extracted,
      "derived psk",
      pskLabel(id, i, count),
      suite.kdf.size,
    );
    const next = await suite.kdf.extract(input, secret);
    extracted.fill(0);
    input.fill(0);
    secret.fill(0);
    secret = next;
  }
  return secret;
}
