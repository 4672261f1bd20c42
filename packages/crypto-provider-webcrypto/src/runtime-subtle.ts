/**
 * @module runtime-subtle
 * Where the provider's SubtleCrypto comes from: the runtime's `globalThis.crypto.subtle`.
 *
 * In a module of its own, imported only by implementation code: the published declarations a
 * consumer loads (the index and the modules it re-exports) must not name `SubtleCrypto`, a type
 * of the DOM lib that a Node project with `lib: ["es2022"]` does not have.
 */

/**
 * @returns the runtime's SubtleCrypto, or undefined (e.g. a browser page in an insecure context)
 * @internal
 */
export function runtimeSubtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}
