/**
 * @module check
 * How a failed check of {@link WELCOME_CHECKS} is thrown: a `ValidationError` whose code is the
 * check's and whose `details.check` is its id, with structured, secret-free details.
 * @internal
 */
import { type ErrorDetails, ValidationError } from "@mlskit/errors";
import { WELCOME_CHECKS, type WelcomeCheck } from "./errors.js";

const CHECK: ReadonlyMap<string, WelcomeCheck> = new Map(WELCOME_CHECKS.map((c) => [c.id, c]));

/**
 * Throw the `ValidationError` of check `id`.
 * @param id - a check id of {@link WELCOME_CHECKS}
 * @param message - what failed (no secret, no key bytes)
 * @param details - structured context
 * @param cause - the underlying error
 * @internal
 * @example
 * ```ts
 * fail("W-20", "the tree hash differs from GroupContext.tree_hash");
 * ```
 */
export function fail(id: string, message: string, details: ErrorDetails = {}, cause?: unknown): never {
  const check = CHECK.get(id);
  if (check === undefined) throw new Error(`unknown check ${id}`);
  throw new ValidationError(check.code, `${id}: ${message}`, {
    details: { check: id, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Compare two byte strings in time that depends only on their lengths (for MACs and keys).
 * @param a - bytes
 * @param b - bytes
 * @returns whether they are equal
 * @internal
 * @example
 * ```ts
 * if (!constantTimeEqual(tag, expected)) fail("W-16", "confirmation tag mismatch");
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Four hex digits of a uint16, for messages. @internal */
export const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, "0")}`;

/**
 * Fail check `id` unless `cipherSuite` (of `whose`: the Welcome, the group) is the key package's.
 * @param id - W-03 (the Welcome's suite) or W-12 (the GroupContext's)
 * @param whose - names the other suite in the message
 * @param cipherSuite - the other suite
 * @param keyPackageCipherSuite - the key package's suite
 * @internal
 * @example
 * ```ts
 * checkSameCipherSuite("W-03", "the Welcome's", welcome.cipherSuite, kp.cipherSuite);
 * ```
 */
export function checkSameCipherSuite(
  id: "W-03" | "W-12",
  whose: string,
  cipherSuite: number,
  keyPackageCipherSuite: number,
): void {
  if (cipherSuite === keyPackageCipherSuite) return;
  fail(
    id,
    `${whose} cipher suite ${hex4(cipherSuite)} is not the key package's ${hex4(keyPackageCipherSuite)}`,
    {
      cipherSuite,
      keyPackageCipherSuite,
    },
  );
}
