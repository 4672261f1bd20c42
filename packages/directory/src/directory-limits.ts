/**
 * @module directory-limits
 * The limits and policy of a directory server (body size, quota, claim rate, pruning), their
 * defaults, and the check of the limits a caller gives.
 */

/**
 * Limits and policy of a directory, with their defaults.
 *
 * @example
 * ```ts
 * const limits: Partial<DirectoryLimits> = { claimsPerWindow: 30, rateLimitWindowSeconds: 60 };
 * ```
 */
export interface DirectoryLimits {
  /**
   * Largest request body, bytes. Default 4 MiB: about 12,000 suite-1 key packages, or 270 of the
   * largest post-quantum ones (0x0906 / 0x0907, ML-KEM-1024 and ML-DSA-87: about 15 KB each), so
   * a directory client's default batch of 100 fits with room to spare.
   */
  readonly bodyLimitBytes: number;
  /** Most unexpired key packages one client may have stored. Default 1,000. */
  readonly quotaPerClient: number;
  /** Claims one client may make for one user per window. Default 60. */
  readonly claimsPerWindow: number;
  /** Rate-limit window, seconds. Default 60. */
  readonly rateLimitWindowSeconds: number;
  /** How often expired packages and old rate-limit windows are deleted, seconds; 0 disables. Default 300. */
  readonly pruneIntervalSeconds: number;
}

/**
 * The default {@link DirectoryLimits}.
 *
 * @example
 * ```ts
 * DEFAULT_DIRECTORY_LIMITS.quotaPerClient; // 1000
 * ```
 */
export const DEFAULT_DIRECTORY_LIMITS: DirectoryLimits = Object.freeze({
  bodyLimitBytes: 4 * 1024 * 1024,
  quotaPerClient: 1000,
  claimsPerWindow: 60,
  rateLimitWindowSeconds: 60,
  pruneIntervalSeconds: 300,
});

/**
 * The defaults with `given` over them, checked.
 * @param given - the caller's limits
 * @returns every limit
 * @throws RangeError naming a limit that is not an integer in range
 * @internal
 */
export function directoryLimits(given: Partial<DirectoryLimits> = {}): DirectoryLimits {
  const limits: DirectoryLimits = Object.freeze({ ...DEFAULT_DIRECTORY_LIMITS, ...given });
  checkLimit("bodyLimitBytes", limits.bodyLimitBytes, 1);
  checkLimit("quotaPerClient", limits.quotaPerClient, 1);
  checkLimit("claimsPerWindow", limits.claimsPerWindow, 1);
  checkLimit("rateLimitWindowSeconds", limits.rateLimitWindowSeconds, 1);
  checkLimit("pruneIntervalSeconds", limits.pruneIntervalSeconds, 0);
  return limits;
}

function checkLimit(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`"limits.${name}" expected an integer >= ${min}, got ${String(value)}`);
  }
}
