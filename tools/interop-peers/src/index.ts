/**
 * @module @mlskit/interop-peers
 * Other MLS implementations from npm as peers for mlskit's interop tests and benchmarks: a ts-mls
 * group and a core-crypto conversation that add a given key package and hand out the Welcome,
 * with what the joiner must agree on afterwards (epoch, members, its leaf, the epoch
 * authenticator or an exported secret). Everything crosses as bytes, as between two real
 * implementations; nothing here imports mlskit.
 */
export {
  CORE_CRYPTO_REQUIRED_CREDENTIALS,
  CORE_CRYPTO_SUITES,
  type CoreCryptoWelcome,
  type CoreCryptoWelcomeOptions,
  coreCryptoWelcome,
  loadCoreCrypto,
} from "./core-crypto-group.js";
export { MLS_VERSION, mlsMessageBody, WireFormat } from "./mls-message.js";
export {
  type ExternalPsk,
  type PeerWelcome,
  type ResumptionPsk,
  TS_MLS_COMPRESSED_KEY_SUITES,
  TS_MLS_SUITES,
  type TsMlsMember,
  type TsMlsWelcome,
  type TsMlsWelcomeOptions,
  tsMlsKeyPackage,
  tsMlsMember,
  tsMlsSuite,
  tsMlsSuiteName,
  tsMlsWelcome,
} from "./ts-mls-group.js";
