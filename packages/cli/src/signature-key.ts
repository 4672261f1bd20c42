/**
 * @module signature-key
 * An identity's signature key pair for a suite, kept in the store: made on first use, reused
 * afterwards (by `generate` and `publish --top-up`).
 */
import type { Credential, SignatureKeyPair } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import type { KeyPackageStore } from "@mlskit/keystore";
import type { Io } from "./io.js";

/**
 * The stored signature key pair of `credential` for `cipherSuite`, created and stored when missing
 * (saying so on stderr).
 * @param store - the key store
 * @param owner - credential, its identity (for the message) and the suite
 * @param provider - to create the key pair
 * @param io - for the message
 * @param where - the store's path, for the message
 * @returns the key pair
 * @example
 * ```ts
 * const keys = await ensureSignatureKeyPair(store, { credential, identity: "alice", cipherSuite: 1 }, provider, io, path);
 * ```
 */
export async function ensureSignatureKeyPair(
  store: KeyPackageStore,
  owner: { readonly credential: Credential; readonly identity: string; readonly cipherSuite: number },
  provider: CryptoProvider,
  io: Io,
  where: string,
): Promise<SignatureKeyPair> {
  const key = { credential: owner.credential, cipherSuite: owner.cipherSuite };
  const stored = await store.getSignatureKeyPair(key);
  if (stored !== undefined) return stored;
  const signatureKeyPair = await (
    await provider.getCipherSuite(owner.cipherSuite)
  ).signature.generateKeyPair();
  await store.putSignatureKeyPair({ ...key, signatureKeyPair });
  io.stderr.write(
    `created a signature key pair for "${owner.identity}" (suite ${owner.cipherSuite}) in ${where}\n`,
  );
  return signatureKeyPair;
}
