/**
 * @module errors
 * The HTTP status the directory answers any thrown error with: its own codes carry theirs (see
 * `DirectoryErrorCode` in `@mlskit/directory-protocol`), a MIMI request that breaks a rule of the
 * draft is 400 and one whose signature does not verify 403 (`MimiErrorCode` of `@mlskit/mimi`),
 * a `KEY_PACKAGE_*` validation failure is 422, a codec failure 400, anything else 500.
 */
import { directoryErrorStatus, isDirectoryErrorCode } from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import { MimiErrorCode } from "@mlskit/mimi";

/** The statuses of the `@mlskit/mimi` codes a KeyMaterialRequest can fail with. */
const MIMI_STATUS: ReadonlyMap<string, number> = new Map([
  [MimiErrorCode.emptyCipherSuites, 400],
  [MimiErrorCode.duplicateCipherSuite, 400],
  [MimiErrorCode.invalidSignature, 403],
  [MimiErrorCode.unsupportedSignatureScheme, 403],
]);

/**
 * The HTTP status the directory answers an error with: the status of a `DirectoryErrorCode`, 400
 * or 403 for a KeyMaterialRequest's `MIMI_*` code, 422
 * for a `ValidationError` of another package (a key package that fails `validateKeyPackage`), 400
 * for a `CodecError`, 500 otherwise.
 *
 * @param error - a thrown value
 * @returns the HTTP status
 * @example
 * ```ts
 * httpStatusOf(new UsageError(DirectoryErrorCode.rateLimited, "slow down")); // 429
 * ```
 */
export function httpStatusOf(error: unknown): number {
  if (!MlsError.is(error)) return 500;
  if (isDirectoryErrorCode(error.code)) return directoryErrorStatus(error.code);
  const mimi = MIMI_STATUS.get(error.code);
  if (mimi !== undefined) return mimi;
  if (error.category === "validation") return 422;
  if (error.category === "codec") return 400;
  return 500;
}
