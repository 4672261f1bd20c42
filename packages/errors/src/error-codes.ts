/**
 * @module error-codes
 * How a package declares the stable codes it owns: once, in one frozen `as const` registry made by
 * {@link defineErrorCodes} (in the package's `src/errors.ts`), with a same-named union type from
 * {@link ErrorCodeOf}. Every code of a registry starts with the package's prefix (`CODEC_`,
 * `KEY_PACKAGE_`, …); throw sites name registry entries, never literal strings. The registry is
 * marked, so tools (the error catalogue that keeps docs/error-codes.md complete) read codes as data.
 */

/** Marks an object made by {@link defineErrorCodes}; its value is the registry's prefix. */
const REGISTRY: unique symbol = Symbol.for("@mlskit/errors.codes") as never;

/** A stable code: SCREAMING_SNAKE with at least one underscore. */
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Declare a package's error codes: a frozen registry whose keys are camelCase names and whose
 * values are the codes, each starting with `prefix` (checked by the type and when the module loads).
 *
 * @param prefix - the package's prefix, e.g. `"CODEC_"`; every code must start with it
 * @param codes - `{ name: "PREFIX_CODE", … }`
 * @returns the same entries, frozen, with literal types
 * @throws TypeError if a value is not a SCREAMING_SNAKE code starting with `prefix`
 * @example
 * ```ts
 * import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";
 * export const WidgetErrorCode = defineErrorCodes("WIDGET_", {
 *   broken: "WIDGET_BROKEN", // the widget is broken
 * });
 * export type WidgetErrorCode = ErrorCodeOf<typeof WidgetErrorCode>;
 * ```
 */
export function defineErrorCodes<
  const P extends string,
  const T extends Readonly<Record<string, `${P}${string}`>>,
>(prefix: P, codes: T): T {
  const registry = { ...codes };
  for (const [name, code] of Object.entries(registry)) {
    if (!code.startsWith(prefix) || !CODE.test(code)) {
      throw new TypeError(
        `error code ${name}: ${code} is not a SCREAMING_SNAKE code starting with ${prefix}`,
      );
    }
  }
  Object.defineProperty(registry, REGISTRY, { value: prefix, enumerable: false });
  return Object.freeze(registry);
}

/**
 * The union of the codes of a registry made by {@link defineErrorCodes}.
 *
 * @example
 * ```ts
 * import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";
 * const WidgetErrorCode = defineErrorCodes("WIDGET_", { broken: "WIDGET_BROKEN" });
 * type WidgetErrorCode = ErrorCodeOf<typeof WidgetErrorCode>; // "WIDGET_BROKEN"
 * ```
 */
export type ErrorCodeOf<R extends Readonly<Record<string, string>>> = R[keyof R];

/**
 * The prefix of a registry made by {@link defineErrorCodes} (by any copy of this package), or
 * `undefined` for any other value. Tools use it to find registries among a module's exports.
 *
 * @param value - any value
 * @returns the registry's prefix, or `undefined`
 * @example
 * ```ts
 * import { CodecErrorCode } from "@mlskit/codec";
 * import { errorCodePrefix } from "@mlskit/errors";
 * errorCodePrefix(CodecErrorCode); // "CODEC_"
 * ```
 */
export function errorCodePrefix(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const prefix = (value as Record<symbol, unknown>)[REGISTRY];
  return typeof prefix === "string" ? prefix : undefined;
}
