/**
 * @module lifetime
 * Key package lifetimes (RFC 9420 §7.2): the wire struct, the default a creator uses, and the
 * policy a validator applies — the window must contain "now", and the total lifetime must not
 * exceed a maximum, which §7.2 requires every application to define.
 */
import type { Codec, Reader, Writer } from "@mlskit/codec";

/**
 * ```tls
 * struct { uint64 not_before; uint64 not_after; } Lifetime;
 * ```
 * Seconds since the Unix epoch.
 * @see RFC 9420 §7.2
 */
export interface Lifetime {
  readonly notBefore: bigint;
  readonly notAfter: bigint;
}

/**
 * Codec of {@link Lifetime}.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(lifetimeCodec, { notBefore: 0n, notAfter: 1n });
 * ```
 */
export const lifetimeCodec: Codec<Lifetime> = Object.freeze({
  encode(w: Writer, l: Lifetime) {
    w.uint64(l.notBefore);
    w.uint64(l.notAfter);
  },
  // Field by field rather than `struct` (see capabilitiesCodec): every key package has one.
  decode(r: Reader): Lifetime {
    const notBefore = r.uint64("notBefore");
    const notAfter = r.uint64("notAfter");
    return Object.freeze({ notBefore, notAfter });
  },
});

/** 84 days: the default lifetime of a created key package (as OpenMLS and core-crypto). */
export const DEFAULT_LIFETIME_SECONDS = 84 * 24 * 3600;
/** Created key packages are back-dated by one hour so peers with a slow clock accept them. */
export const LIFETIME_BACKDATE_SECONDS = 3600;

/**
 * How a validator judges a lifetime.
 * @example
 * ```ts
 * const strict: LifetimePolicy = { maxTotalSeconds: 30 * 86400, clockSkewSeconds: 60 };
 * ```
 */
export interface LifetimePolicy {
  /** Longest acceptable `not_after − not_before` (RFC 9420 §7.2 "maximum total lifetime"). */
  readonly maxTotalSeconds: number;
  /** Tolerance applied to both ends of the window when comparing with "now". */
  readonly clockSkewSeconds: number;
}

/**
 * The default policy: a total lifetime up to 365 days + 1 hour, which accepts what OpenMLS and
 * core-crypto (84 days + 1 hour) and mls-rs (365 days) emit by default and rejects anything longer,
 * including the "eternal" `(0, 2^64−1)`; 5 minutes of clock skew.
 */
export const DEFAULT_LIFETIME_POLICY: LifetimePolicy = Object.freeze({
  maxTotalSeconds: 365 * 24 * 3600 + 3600,
  clockSkewSeconds: 300,
});

/**
 * Convert a `bigint` (seconds) or `Date` to seconds since the epoch; `undefined` means the current time.
 *
 * @param now - a time or nothing
 * @returns seconds since the Unix epoch
 * @example
 * ```ts
 * toEpochSeconds(new Date("2023-04-01T00:00:00Z")); // 1680307200n
 * ```
 */
export function toEpochSeconds(now?: bigint | Date): bigint {
  if (now === undefined) return BigInt(Math.floor(Date.now() / 1000));
  if (typeof now === "bigint") {
    if (now < 0n) throw new RangeError(`"now" expected a non-negative number of seconds`);
    return now;
  }
  if (now instanceof Date && !Number.isNaN(now.getTime())) return BigInt(Math.floor(now.getTime() / 1000));
  throw new TypeError(`"now" expected a bigint (seconds) or a valid Date`);
}

/**
 * Lifetime of a new key package: explicit bounds, or a duration from now back-dated one hour.
 *
 * @param spec - `{ notBefore, notAfter }`, `{ seconds }`, or undefined for 84 days
 * @param now - seconds since the epoch
 * @returns the lifetime
 * @example
 * ```ts
 * lifetimeFor({ seconds: 86400 }, 1_700_000_000n); // { notBefore: 1699996400n, notAfter: 1700086400n }
 * ```
 */
export function lifetimeFor(
  spec: { readonly notBefore: bigint; readonly notAfter: bigint } | { readonly seconds: number } | undefined,
  now: bigint,
): Lifetime {
  if (spec !== undefined && "notBefore" in spec) {
    if (typeof spec.notBefore !== "bigint" || typeof spec.notAfter !== "bigint") {
      throw new TypeError(`"lifetime" expected bigint notBefore and notAfter`);
    }
    if (spec.notAfter < spec.notBefore) throw new RangeError(`"lifetime" notAfter is before notBefore`);
    return { notBefore: spec.notBefore, notAfter: spec.notAfter };
  }
  const seconds = spec === undefined ? DEFAULT_LIFETIME_SECONDS : spec.seconds;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new RangeError(`"lifetime.seconds" expected a positive integer, got ${String(seconds)}`);
  }
  const backdate = BigInt(LIFETIME_BACKDATE_SECONDS);
  return { notBefore: now > backdate ? now - backdate : 0n, notAfter: now + BigInt(seconds) };
}
