/**
 * @module grease
 * GREASE values of RFC 9420 §13.5: `0x0A0A + 0x1010 * i` for i = 0..14. They are registry data,
 * not crypto: registered in the CipherSuite, ExtensionType, ProposalType and CredentialType
 * registries (not WireFormat), all uint16 wire values, so they live with the wire format at the
 * bottom of the stack where every layer above finds them: to add them to what it sends, and to
 * never special-case them on receipt.
 */

/**
 * The 15 GREASE values of RFC 9420 §13.5, ascending: 0x0A0A, 0x1A1A, ..., 0xEAEA.
 *
 * @example
 * ```ts
 * import { GREASE_VALUES } from "@mlskit/codec";
 * GREASE_VALUES.length; // 15
 * GREASE_VALUES[0]; // 0x0a0a
 * ```
 */
export const GREASE_VALUES: readonly number[] = Object.freeze(
  // RFC 9420 §13.5: 0xFAFA would be next but lies in the private-use range, so i stops at 14.
  Array.from({ length: 15 }, (_, i) => 0x0a0a + 0x1010 * i),
);

/**
 * Whether `value` is one of the GREASE values of RFC 9420 §13.5.
 *
 * Receivers MUST NOT special-case GREASE (§13.5); use this only when choosing what to send or when
 * computing one's own capabilities.
 *
 * @param value - a uint16 registry value
 * @returns true for 0x0A0A, 0x1A1A, ..., 0xEAEA
 * @example
 * ```ts
 * import { isGrease } from "@mlskit/codec";
 * isGrease(0x3a3a); // true
 * isGrease(0x0001); // false
 * isGrease(0xfafa); // false (private use)
 * ```
 */
export function isGrease(value: number): boolean {
  // Both bytes equal, low nibble 0xA, high nibble 0x0..0xE.
  return (
    Number.isInteger(value) &&
    value >= 0x0a0a &&
    value <= 0xeaea &&
    (value & 0x0f0f) === 0x0a0a &&
    value >> 8 === (value & 0xff)
  );
}
