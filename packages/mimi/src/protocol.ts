/**
 * @module protocol
 * The `Protocol` enum that opens every MIMI message (draft-ietf-mimi-protocol, "MIMI Endpoints
 * and Framing"): which end-to-end protocol the rest of the message is about.
 */

/**
 * MIMI `Protocol` values. Only `mls10` (MLS 1.0, RFC 9420) is defined; the value stays a
 * `number`, so a peer's unknown protocol can be named in an `incompatibleProtocol` answer.
 *
 * ```tls
 * enum { reserved(0), mls10(1), (255) } Protocol;
 * ```
 *
 * @example
 * ```ts
 * import { MimiProtocol } from "@mlskit/mimi";
 * if (bytes[0] !== MimiProtocol.mls10) console.log("not MLS 1.0");
 * ```
 */
export const MimiProtocol = Object.freeze({ reserved: 0, mls10: 1 } as const);
/** One of the values of {@link MimiProtocol}. */
export type MimiProtocol = (typeof MimiProtocol)[keyof typeof MimiProtocol];
