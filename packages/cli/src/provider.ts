/**
 * @module provider
 * The crypto provider the CLI uses, named by `MLSKIT_PROVIDER`: `node` (the default: Node's own
 * OpenSSL through `node:crypto`, the fastest), `webcrypto` (SubtleCrypto with pure-JS fallbacks)
 * or `noble` (pure JS). All three pass the same conformance kit; they differ only in speed.
 */
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { CliError, type Io } from "./io.js";

/** The provider names `MLSKIT_PROVIDER` accepts, each with how to make it. */
const PROVIDERS: Readonly<Record<string, () => CryptoProvider>> = Object.freeze({
  node: createNodeCryptoProvider,
  webcrypto: createWebCryptoProvider,
  noble: () => nobleCryptoProvider,
});

/** The default of `MLSKIT_PROVIDER`. */
export const DEFAULT_PROVIDER = "node";

const made = new Map<string, CryptoProvider>();

/**
 * The provider name `MLSKIT_PROVIDER` asks for (`node`, the default, `webcrypto` or `noble`).
 * @param io - process surface
 * @returns the name
 * @throws CliError (exit code 2) for any other value
 * @example
 * ```ts
 * cliProviderName(io); // "node"
 * ```
 */
export function cliProviderName(io: Io): string {
  const name = io.env.MLSKIT_PROVIDER ?? DEFAULT_PROVIDER;
  if (!Object.hasOwn(PROVIDERS, name)) {
    throw new CliError(
      `MLSKIT_PROVIDER: expected one of ${Object.keys(PROVIDERS).join(", ")}, got "${name}"`,
      2,
    );
  }
  return name;
}

/**
 * Pick the provider named by `MLSKIT_PROVIDER` (made once per process).
 * @param io - process surface
 * @returns the provider
 * @throws CliError (exit code 2) for an unknown name
 * @example
 * ```ts
 * const provider = cliProvider(io);
 * ```
 */
export function cliProvider(io: Io): CryptoProvider {
  const name = cliProviderName(io);
  let provider = made.get(name);
  if (provider === undefined) {
    provider = PROVIDERS[name]!();
    made.set(name, provider);
  }
  return provider;
}
