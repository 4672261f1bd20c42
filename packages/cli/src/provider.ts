/**
 * @module provider
 * The crypto provider the CLI uses: native WebCrypto with pure-JS fallbacks by default, or the
 * pure-JS noble provider with `MLSKIT_PROVIDER=noble`.
 */
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { CliError, type Io } from "./io.js";

let webcrypto: CryptoProvider | undefined;

/**
 * Pick the provider named by `MLSKIT_PROVIDER` (`webcrypto`, the default, or `noble`).
 * @param io - process surface
 * @returns the provider
 * @example
 * ```ts
 * const provider = cliProvider(io);
 * ```
 */
export function cliProvider(io: Io): CryptoProvider {
  const name = io.env.MLSKIT_PROVIDER ?? "webcrypto";
  if (name === "noble") return nobleCryptoProvider;
  if (name === "webcrypto") {
    webcrypto ??= createWebCryptoProvider();
    return webcrypto;
  }
  throw new CliError(`MLSKIT_PROVIDER: expected "webcrypto" or "noble", got "${name}"`, 2);
}
