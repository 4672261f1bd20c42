/**
 * @module credential-type
 * The "MLS Credential Types" registry of RFC 9420 §17.5 as a frozen object. Wire values stay plain
 * `number`s: GREASE (§13.5), private-use (0xF000–0xFFFF) and future types pass through untouched.
 */

/**
 * Registered credential types (RFC 9420 §5.3, §17.5).
 *
 * ```tls
 * uint16 CredentialType;
 * ```
 *
 * @example
 * ```ts
 * import { CredentialType } from "@mlskit/credentials";
 * CredentialType.basic; // 1
 * CredentialType.x509; // 2
 * ```
 */
export const CredentialType = Object.freeze({ basic: 1, x509: 2 } as const);
/**
 * One of the registered values of {@link CredentialType}. Fields that hold a credential type on
 * the wire are typed `number`, not this, so unknown values survive.
 *
 * @example
 * ```ts
 * import type { CredentialType } from "@mlskit/credentials";
 * const t: CredentialType = 1;
 * ```
 */
export type CredentialType = (typeof CredentialType)[keyof typeof CredentialType];
