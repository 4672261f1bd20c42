/**
 * @module rows
 * Reading rows of either database: both drivers hand back `Buffer`s (Uint8Arrays) for BLOB/BYTEA,
 * numbers or numeric strings for integers, and SQLite 0/1 where PostgreSQL has booleans.
 * @internal
 */

import { DirectoryErrorCode, directoryError } from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import type { ClientRecord, RateLimitResult } from "./directory-store.js";

/** A database row as the drivers return it. @internal */
export type Row = Readonly<Record<string, unknown>>;

/** BLOB / BYTEA → bytes. @internal */
export const bytes = (v: unknown): Uint8Array => new Uint8Array(v as Buffer);
/** INTEGER / BIGINT (number or numeric string) → bigint. @internal */
export const big = (v: unknown): bigint => BigInt(v as string | number);
/** INTEGER → number. @internal */
export const num = (v: unknown): number => Number(v);
/** BOOLEAN (PostgreSQL) or 0/1 INTEGER (SQLite) → boolean. @internal */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === 1n;

/**
 * A `clients` row as a {@link ClientRecord}.
 * @param r - the row
 * @returns the record
 * @internal
 */
export function clientOf(r: Row): ClientRecord {
  return {
    id: num(r.id),
    userId: String(r.user_id),
    clientId: String(r.client_id),
    credential: bytes(r.credential),
    createdAt: big(r.created_at),
  };
}

/**
 * Rethrow a driver error as a directory storage failure naming the database.
 * @param database - "SQLite" or "PostgreSQL"
 * @param e - what the driver threw
 * @internal
 */
export function storageFailure(database: string, e: unknown): never {
  if (MlsError.is(e)) throw e;
  const message = e instanceof Error ? e.message : String(e);
  throw directoryError(DirectoryErrorCode.storageFailure, `${database}: ${message}`, {}, e);
}

/**
 * The decision for a claim once the database has counted it into its fixed window: the same
 * arithmetic for both backends.
 * @param hits - claims in the window, this one included
 * @param limit - claims allowed per window
 * @param windowEnd - end of the current window (seconds)
 * @param now - the time of the claim (seconds)
 * @returns whether it is allowed, what is left, and when to retry
 * @internal
 */
export function rateLimitResult(
  hits: number,
  limit: number,
  windowEnd: bigint,
  now: bigint,
): RateLimitResult {
  return {
    userFound: true,
    allowed: hits <= limit,
    remaining: Math.max(0, limit - hits),
    retryAfterSeconds: Math.max(1, Number(windowEnd - now)),
  };
}
