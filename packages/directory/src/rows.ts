/**
 * @module rows
 * Row mapping shared by the SQLite and PostgreSQL directory stores: both drivers hand back
 * `Buffer`s for BLOB/BYTEA and numbers or numeric strings for integers.
 * @internal
 */
import { MlsError } from "@mlskit/errors";
import type { ClientRecord } from "./directory-store.js";
import { DirectoryErrorCode, directoryError } from "./errors.js";

/** A database row as the drivers return it. @internal */
export type Row = Record<string, unknown>;

/** BLOB / BYTEA → bytes. @internal */
export const bytes = (v: unknown): Uint8Array => new Uint8Array(v as Buffer);
/** INTEGER / BIGINT (number or numeric string) → bigint. @internal */
export const big = (v: unknown): bigint => BigInt(v as string | number);
/** INTEGER → number. @internal */
export const num = (v: unknown): number => Number(v);

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
