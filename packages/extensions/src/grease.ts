/**
 * @module grease
 * The GREASE values of RFC 9420 §13.5, local to this package until `@mlskit/crypto-provider`
 * exports the shared helpers (same names: `GREASE_VALUES`, `isGrease`). Not re-exported from the
 * package index; the public form is `isGreaseExtensionType`.
 */

/**
 * The 15 GREASE values registered in the CipherSuite, ExtensionType, ProposalType and
 * CredentialType registries: `0x0A0A + 0x1010 * i` for i = 0..14 (RFC 9420 §13.5). 0xFAFA is not
 * one of them (it is private use).
 *
 * @example
 * ```ts
 * GREASE_VALUES[0]; // 0x0a0a
 * GREASE_VALUES[14]; // 0xeaea
 * ```
 */
export const GREASE_VALUES: readonly number[] = Object.freeze(
  Array.from({ length: 15 }, (_, i) => 0x0a0a + 0x1010 * i),
);

/**
 * Whether `value` is one of the RFC 9420 §13.5 GREASE values.
 *
 * @param value - a uint16 registry value
 * @returns true for 0x0A0A, 0x1A1A, ..., 0xEAEA
 * @example
 * ```ts
 * isGrease(0x3a3a); // true
 * isGrease(0xfafa); // false
 * ```
 */
export function isGrease(value: number): boolean {
  // Both bytes equal, low nibble 0xA, high nibble 0x0..0xE.
  return (
    Number.isInteger(value) &&
    value >= 0x0a0a &&
    value <= 0xeaea &&
    (value & 0xff) === value >>> 8 &&
    (value & 0x0f) === 0x0a
  );
}
