/**
 * @module time-text
 * Times and lengths of time as the commands print them: ISO dates, "in 83 days", "400 days 1 hour",
 * and seconds in JSON.
 */

/**
 * A time in seconds as `inspect --json` shows it: a number where a JSON number holds it exactly
 * (up to 2^53 − 1), a decimal string beyond (the "eternal" 2^64 − 1).
 * @param t - seconds
 * @returns the number or string
 * @example
 * ```ts
 * jsonSeconds(1700000000n); // 1700000000
 * ```
 */
export function jsonSeconds(t: bigint): number | string {
  return t <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t) : String(t);
}

/**
 * Human description of a time relative to now: "in 83 days", "3 hours ago".
 * @param t - seconds since the epoch
 * @param now - seconds since the epoch
 * @returns the phrase
 * @example
 * ```ts
 * relative(100n + 86400n * 2n, 100n); // "in 2 days"
 * ```
 */
export function relative(t: bigint, now: bigint): string {
  const d = t - now;
  const phrase = duration(d < 0n ? -d : d);
  return d < 0n ? `${phrase} ago` : `in ${phrase}`;
}

const UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [365n * 86400n, "year"],
  [86400n, "day"],
  [3600n, "hour"],
  [60n, "minute"],
];

/**
 * A length of time in its largest unit: "2 days", "1 hour", "45 seconds".
 * @param seconds - the length, not negative
 * @returns the phrase
 * @example
 * ```ts
 * duration(172800n); // "2 days"
 * ```
 */
export function duration(seconds: bigint): string {
  for (const [size, name] of UNITS) {
    if (seconds >= size) {
      const n = seconds / size;
      return `${n} ${name}${n === 1n ? "" : "s"}`;
    }
  }
  return `${seconds} second${seconds === 1n ? "" : "s"}`;
}

/**
 * A length of time to the minute, in days and smaller units: "400 days 1 hour".
 * @param seconds - the length, not negative
 * @returns the phrase
 * @example
 * ```ts
 * exactDuration(365n * 86400n + 3600n); // "365 days 1 hour"
 * ```
 */
export function exactDuration(seconds: bigint): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of [
    [86400n, "day"],
    [3600n, "hour"],
    [60n, "minute"],
    [1n, "second"],
  ] as const) {
    const n = rest / size;
    rest -= n * size;
    if (n > 0n) parts.push(`${n} ${name}${n === 1n ? "" : "s"}`);
  }
  return parts.length === 0 ? "0 seconds" : parts.join(" ");
}

/**
 * A time as an ISO date, `2025-01-31T12:00:00Z` (beyond year 9999, the seconds).
 * @param t - seconds since the epoch
 * @returns the date
 * @example
 * ```ts
 * isoDate(0n); // "1970-01-01T00:00:00Z"
 * ```
 */
export function isoDate(t: bigint): string {
  // Beyond year 9999 (e.g. the "eternal" 2^64-1) a Date cannot represent the time.
  if (t > 253402300799n) return `${t} (beyond year 9999)`;
  return new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");
}
