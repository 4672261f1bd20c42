/**
 * @module mls-error
 * The base error class of mlskit and its category subclasses. Every failure mlskit raises on
 * purpose is an {@link MlsError} carrying a stable SCREAMING_SNAKE `code`; the category class says
 * what kind of failure it is (malformed bytes, crypto, a broken validation rule, misuse, storage).
 */

/** Marker shared by every copy of this package, so {@link MlsError.is} works across duplicate installs. */
const MARKER: unique symbol = Symbol.for("@mlskit/errors.MlsError") as never;

/** The categories of {@link MlsError}, one per subclass. */
export const ErrorCategory = Object.freeze({
  codec: "codec",
  crypto: "crypto",
  validation: "validation",
  usage: "usage",
  storage: "storage",
} as const);
/** One of the values of {@link ErrorCategory}. */
export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

/**
 * Structured, non-secret context attached to an error: a field path, a byte offset, a check id,
 * a reference. Never key material.
 */
export type ErrorDetails = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

/** Options accepted by every {@link MlsError} constructor. */
export interface MlsErrorOptions<D extends ErrorDetails = ErrorDetails> {
  /** Structured context; must not contain secrets. */
  readonly details?: D;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error mlskit throws on purpose.
 *
 * @example
 * ```ts
 * import { MlsError, ValidationError } from "@mlskit/errors";
 * try {
 *   throw new ValidationError("KEY_PACKAGE_EXPIRED", "key package expired", { details: { check: "KP-22" } });
 * } catch (e) {
 *   if (MlsError.is(e)) console.error(e.code); // "KEY_PACKAGE_EXPIRED"
 * }
 * ```
 */
export class MlsError<D extends ErrorDetails = ErrorDetails> extends Error {
  /** Stable machine-readable code, e.g. `CODEC_NON_MINIMAL_VARINT`. */
  readonly code: string;
  /** Structured, non-secret context. */
  readonly details: D;
  /** The category of this error. */
  readonly category: ErrorCategory;
  /** @internal marker for {@link MlsError.is}. */
  readonly [MARKER] = true;

  /**
   * @param code - stable SCREAMING_SNAKE code
   * @param message - human-readable message (never contains key bytes)
   * @param options - details and cause
   * @param category - set by subclasses
   */
  constructor(
    code: string,
    message: string,
    options: MlsErrorOptions<D> = {},
    category: ErrorCategory = "usage",
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) }) as D;
    this.category = category;
    // Named explicitly, never from `new.target.name`: minifiers rename classes. Subclasses set theirs.
    this.name = "MlsError";
  }

  /**
   * True when `e` is an mlskit error, even one thrown by another copy of this package.
   *
   * @param e - any thrown value
   * @param code - when given, also require this code
   * @returns whether `e` is an {@link MlsError} (with that code)
   * @example
   * ```ts
   * if (MlsError.is(err, "CODEC_TRAILING_BYTES")) { ... }
   * ```
   */
  static is<C extends string = string>(e: unknown, code?: C): e is MlsError & { readonly code: C } {
    if (typeof e !== "object" || e === null) return false;
    if ((e as Record<symbol, unknown>)[MARKER] !== true) return false;
    return code === undefined || (e as MlsError).code === code;
  }

  /** A plain JSON form (code, category, message, details; bigints as strings). */
  toJSON(): {
    name: string;
    code: string;
    category: ErrorCategory;
    message: string;
    details: Record<string, unknown>;
  } {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.details)) details[k] = typeof v === "bigint" ? v.toString() : v;
    return { name: this.name, code: this.code, category: this.category, message: this.message, details };
  }
}

/**
 * Bytes that do not decode: malformed, non-canonical, truncated or with trailing data.
 * `details.path` names the field and `details.offset` the byte offset.
 *
 * @example
 * ```ts
 * throw new CodecError("CODEC_TRAILING_BYTES", "2 trailing bytes", { details: { path: "KeyPackage", offset: 295 } });
 * ```
 */
export class CodecError<D extends ErrorDetails = ErrorDetails> extends MlsError<D> {
  /** @see MlsError */
  constructor(code: string, message: string, options: MlsErrorOptions<D> = {}) {
    super(code, message, options, "codec");
    this.name = "CodecError";
  }
}

/**
 * A cryptographic operation failed or is unavailable (unsupported suite, bad key, failed decryption).
 *
 * @example
 * ```ts
 * throw new CryptoError("UNSUPPORTED_CIPHER_SUITE", "cipher suite 0x0a0a is not supported", { details: { cipherSuite: 0x0a0a } });
 * ```
 */
export class CryptoError<D extends ErrorDetails = ErrorDetails> extends MlsError<D> {
  /** @see MlsError */
  constructor(code: string, message: string, options: MlsErrorOptions<D> = {}) {
    super(code, message, options, "crypto");
    this.name = "CryptoError";
  }
}

/**
 * A well-formed object broke a protocol rule (bad signature, expired lifetime, ...).
 * `details.check` names the check id (for key packages, `KP-nn`).
 *
 * @example
 * ```ts
 * throw new ValidationError("KEY_PACKAGE_INVALID_SIGNATURE", "key package signature does not verify", { details: { check: "KP-18" } });
 * ```
 */
export class ValidationError<D extends ErrorDetails = ErrorDetails> extends MlsError<D> {
  /** @see MlsError */
  constructor(code: string, message: string, options: MlsErrorOptions<D> = {}) {
    super(code, message, options, "validation");
    this.name = "ValidationError";
  }
}

/**
 * The caller used an API wrongly in a way a type check cannot catch (a key pair of the wrong suite,
 * an option combination that makes no sense).
 *
 * @example
 * ```ts
 * throw new UsageError("KEY_PACKAGE_SIGNATURE_KEY_MISMATCH", "signature key does not fit cipher suite 1");
 * ```
 */
export class UsageError<D extends ErrorDetails = ErrorDetails> extends MlsError<D> {
  /** @see MlsError */
  constructor(code: string, message: string, options: MlsErrorOptions<D> = {}) {
    super(code, message, options, "usage");
    this.name = "UsageError";
  }
}

/**
 * A key store failed: corrupted record, wrong encryption key, locked or closed store.
 *
 * @example
 * ```ts
 * throw new StorageError("STORE_WRONG_ENCRYPTION_KEY", "the encryption key does not open this store");
 * ```
 */
export class StorageError<D extends ErrorDetails = ErrorDetails> extends MlsError<D> {
  /** @see MlsError */
  constructor(code: string, message: string, options: MlsErrorOptions<D> = {}) {
    super(code, message, options, "storage");
    this.name = "StorageError";
  }
}
