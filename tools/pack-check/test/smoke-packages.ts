/**
 * The packages the smoke test installs from their tarballs: what examples/node-basic and the
 * runtime smoke script need (both stores), and every dependency of those among @mlskit/* (npm
 * must resolve them all to the tarballs, never to the registry).
 */
export const SMOKE_PACKAGES = [
  "@mlskit/errors",
  "@mlskit/codec",
  "@mlskit/crypto-provider",
  "@mlskit/crypto-provider-webcrypto",
  "@mlskit/credentials",
  "@mlskit/extensions",
  "@mlskit/key-packages",
  "@mlskit/keystore",
  "@mlskit/keystore-memory",
  "@mlskit/sqlite",
  "@mlskit/keystore-sqlite",
] as const;
