/**
 * @module requests
 * Reading the parameters of a request strictly: each wrong value is a 400
 * `DIRECTORY_INVALID_REQUEST` naming its field.
 * @internal
 */
import { DirectoryErrorCode, directoryError, KEY_PACKAGE_REF_HEX_PATTERN } from "@mlskit/directory-protocol";
import { checkId } from "./admin.js";

function badSuite(value: unknown, where: string): never {
  throw directoryError(
    DirectoryErrorCode.invalidRequest,
    `${where} "cipherSuite" expected an integer 0-65535, got ${JSON.stringify(value) ?? "nothing"}`,
    { field: "cipherSuite" },
  );
}

/**
 * `?cipherSuite=n`: decimal digits (a query holds only strings).
 * @internal
 */
export function suiteFromQuery(value: unknown): number {
  if (typeof value !== "string" || !/^\d{1,5}$/.test(value) || Number(value) > 0xffff)
    return badSuite(value, "query");
  return Number(value);
}

/**
 * `{ "cipherSuite": n }`: a JSON number, not a string that looks like one.
 * @internal
 */
export function suiteFromBody(body: unknown): number {
  if (typeof body !== "object" || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw directoryError(DirectoryErrorCode.invalidRequest, 'claim takes a JSON body { "cipherSuite": n }', {
      field: "body",
    });
  }
  const value = (body as Record<string, unknown>).cipherSuite;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffff)
    return badSuite(value, "body");
  return value;
}

/**
 * A user id from the path.
 * @internal
 */
export function userIdFromPath(value: unknown): string {
  try {
    return checkId(value, "userId");
  } catch (e) {
    throw directoryError(DirectoryErrorCode.invalidRequest, (e as Error).message, { field: "userId" });
  }
}

/**
 * A ref from the path: 16 to 64 bytes in hex.
 * @internal
 */
export function refFromPath(value: unknown): string {
  if (typeof value !== "string" || !KEY_PACKAGE_REF_HEX_PATTERN.test(value)) {
    throw directoryError(DirectoryErrorCode.invalidRequest, "the ref must be 16-64 bytes in hex", {
      field: "ref",
    });
  }
  return value;
}
