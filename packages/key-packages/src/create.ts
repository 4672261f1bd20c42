/**
 * @module create
 * `createKeyPackage` and `createKeyPackages`: fresh init and encryption HPKE key pairs, a
 * key_package LeafNode signed with "LeafNodeTBS", the KeyPackage signed with "KeyPackageTBS"
 * (RFC 9420 §7.2, §10), capabilities that list every non-default type in use and GREASE (§13.5).
 */
import { bytesEqual, GREASE_VALUES, isGrease } from "@mlskit/codec";
import type { Credential } from "@mlskit/credentials";
import {
  type CipherSuiteImpl,
  type CryptoProvider,
  cipherSuiteInfo,
  refHash,
  signWithLabel,
} from "@mlskit/crypto-provider";
import { MlsError, UsageError } from "@mlskit/errors";
import {
  type Extension,
  isDefaultExtensionType,
  isLastResort,
  lastResortExtension,
} from "@mlskit/extensions";
import { KeyPackageBundle } from "./bundle.js";
import { type Capabilities, isDefaultProposalType } from "./capabilities.js";
import { KeyPackageErrorCode } from "./errors.js";
import {
  decodeTrustedKeyPackage,
  type KeyPackageTbs,
  keyPackageBytesFromTbs,
  keyPackageTbsBytesWithLeaf,
  leafNodeTbsBytes,
  ProtocolVersion,
} from "./key-package.js";
import { KEY_PACKAGE_REF_LABEL } from "./key-package-ref.js";
import type { LeafNodeContent } from "./leaf-node.js";
import { LeafNodeSource } from "./leaf-node.js";
import { lifetimeFor, toEpochSeconds } from "./lifetime.js";
import { checkKeyPackageStructure } from "./validate.js";

/** Options of {@link createKeyPackage}. */
export interface CreateKeyPackageOptions {
  /** Crypto provider supporting `cipherSuite`. */
  readonly provider: CryptoProvider;
  /** The suite (RFC 9420 §17.1 value), e.g. `CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519`. */
  readonly cipherSuite: number;
  /** The client's credential. */
  readonly credential: Credential;
  /** The client's signature key pair for the suite's scheme; only the public key enters the package. */
  readonly signatureKeyPair: { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array };
  /** Explicit bounds, or a duration from now (back-dated one hour). Default: 84 days. */
  readonly lifetime?:
    | { readonly notBefore: bigint; readonly notAfter: bigint }
    | { readonly seconds: number };
  /**
   * Further supported values; default types are dropped (§7.2), the used ones are added. Every
   * cipher suite listed must be one the provider supports (or a GREASE value): a client must not
   * advertise a suite it cannot use.
   */
  readonly capabilities?: Partial<Capabilities>;
  /** Advertise every cipher suite the provider supports (`provider.supportedCipherSuites()`). Default false. */
  readonly advertiseAllCipherSuites?: boolean;
  /** KeyPackage extensions (their non-default types are added to capabilities). */
  readonly extensions?: readonly Extension[];
  /** LeafNode extensions, e.g. `applicationIdExtension(...)`. */
  readonly leafNodeExtensions?: readonly Extension[];
  /** Mark the package last resort (extension 0x000A). */
  readonly lastResort?: boolean;
  /** Add random GREASE values to the capabilities (RFC 9420 §13.5). Default true. */
  readonly grease?: boolean;
  /** The creation time (seconds or Date) the lifetime is computed from. Default: now. */
  readonly now?: bigint | Date;
}

function unique(values: readonly number[]): number[] {
  return [...new Set(values)];
}

function checkU16List(value: unknown, name: string): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffff)) {
    throw new TypeError(`"${name}" expected an array of uint16 values`);
  }
  return value;
}

/** Pick a GREASE value not already in `list` (RFC 9420 §13.5: a random selection). */
function withGrease(list: number[], random: Uint8Array, index: number): number[] {
  // Usually the list holds no GREASE value yet: pick among all of them without building a list.
  const first = GREASE_VALUES[random[index]! % GREASE_VALUES.length]!;
  if (!list.includes(first)) return [...list, first];
  const free = GREASE_VALUES.filter((g) => !list.includes(g));
  if (free.length === 0) return list;
  return [...list, free[random[index]! % free.length]!];
}

function buildCapabilities(
  opts: CreateKeyPackageOptions,
  kpExtensions: readonly Extension[],
  random: Uint8Array,
): Capabilities {
  const c = opts.capabilities ?? {};
  const leafExtensions = opts.leafNodeExtensions ?? [];
  const versions = unique([ProtocolVersion.mls10, ...checkU16List(c.versions, "capabilities.versions")]);
  const cipherSuites = unique([
    opts.cipherSuite,
    ...checkU16List(c.cipherSuites, "capabilities.cipherSuites"),
    ...(opts.advertiseAllCipherSuites === true ? opts.provider.supportedCipherSuites() : []),
  ]);
  // §7.2: default extension and proposal types are implicit and MUST NOT be listed.
  let extensions = unique([
    ...checkU16List(c.extensions, "capabilities.extensions"),
    ...leafExtensions.map((e) => e.extensionType),
    ...kpExtensions.map((e) => e.extensionType),
  ]).filter((t) => !isDefaultExtensionType(t));
  let proposals = unique(checkU16List(c.proposals, "capabilities.proposals")).filter(
    (t) => !isDefaultProposalType(t),
  );
  // §7.2: credential types have no default; the one in use MUST be listed.
  let credentials = unique([
    opts.credential.credentialType,
    ...checkU16List(c.credentials, "capabilities.credentials"),
  ]);
  let suites = cipherSuites;
  if (opts.grease !== false) {
    suites = withGrease(suites, random, 0);
    extensions = withGrease(extensions, random, 1);
    proposals = withGrease(proposals, random, 2);
    credentials = withGrease(credentials, random, 3);
  }
  return { versions, cipherSuites: suites, extensions, proposals, credentials };
}

// Key pairs already proven to match (sign + verify once), by private key object.
const provenKeyPairs = new WeakMap<Uint8Array, { suite: number; publicKey: Uint8Array }>();

async function checkSignatureKeyPair(opts: CreateKeyPackageOptions, suite: CipherSuiteImpl): Promise<void> {
  const { publicKey, privateKey } = opts.signatureKeyPair ?? {};
  if (!(publicKey instanceof Uint8Array) || !(privateKey instanceof Uint8Array)) {
    throw new TypeError(`"signatureKeyPair" expected { publicKey: Uint8Array, privateKey: Uint8Array }`);
  }
  const mismatch = (why: string): never => {
    throw new UsageError(
      KeyPackageErrorCode.signatureKeyMismatch,
      `the signature key pair does not fit cipher suite ${opts.cipherSuite}: ${why}`,
      { details: { cipherSuite: opts.cipherSuite } },
    );
  };
  const info = cipherSuiteInfo(opts.cipherSuite);
  if (info !== undefined) {
    if (publicKey.length !== info.signaturePublicKeySize) {
      mismatch(
        `public key is ${publicKey.length} bytes, ${info.signatureName} needs ${info.signaturePublicKeySize}`,
      );
    }
    const okPrivate =
      info.signatureEncoding === "der"
        ? privateKey.length > 0 && privateKey.length <= info.signaturePrivateKeySize
        : privateKey.length === info.signaturePrivateKeySize;
    if (!okPrivate) mismatch(`private key is ${privateKey.length} bytes`);
  }
  const proven = provenKeyPairs.get(privateKey);
  if (proven !== undefined && proven.suite === suite.id && bytesEqual(proven.publicKey, publicKey)) return;
  // Prove once that the private key belongs to the public key: a package signed with a foreign
  // key would be rejected by every peer, long after it was published.
  const probe = new TextEncoder().encode("mlskit signature key pair check");
  let ok = false;
  try {
    ok = await suite.signature.verify(publicKey, probe, await suite.signature.sign(privateKey, probe));
  } catch (e) {
    if (!MlsError.is(e)) throw e;
  }
  if (!ok) mismatch("the private key does not belong to the public key");
  provenKeyPairs.set(privateKey, { suite: suite.id, publicKey: publicKey.slice() });
}

/**
 * "Clients MUST NOT advertise ciphersuites they do not support" (the capabilities of a leaf are
 * a promise to its group, RFC 9420 §7.2): refuse a listed suite the provider lacks. GREASE
 * values (§13.5) are meant to be unknown and pass.
 */
function checkAdvertisedSuites(opts: CreateKeyPackageOptions): void {
  const listed = checkU16List(opts.capabilities?.cipherSuites, "capabilities.cipherSuites");
  if (listed.length === 0) return;
  const supported = opts.provider.supportedCipherSuites();
  const missing = listed.filter((s) => !isGrease(s) && !supported.includes(s));
  if (missing.length > 0) {
    const hex = missing.map((s) => `0x${s.toString(16).padStart(4, "0")}`).join(", ");
    throw new UsageError(
      KeyPackageErrorCode.capabilitySuiteUnsupported,
      `capabilities.cipherSuites lists ${hex}, which the provider "${opts.provider.name}" does not support`,
      { details: { cipherSuite: missing[0]!, provider: opts.provider.name } },
    );
  }
}

function checkOptions(opts: CreateKeyPackageOptions): void {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  if (typeof opts.provider?.getCipherSuite !== "function")
    throw new TypeError(`"provider" expected a CryptoProvider`);
  if (!Number.isInteger(opts.cipherSuite) || opts.cipherSuite < 1 || opts.cipherSuite > 0xffff) {
    throw new TypeError(`"cipherSuite" expected a uint16 cipher suite id, got ${String(opts.cipherSuite)}`);
  }
  if (
    typeof opts.credential !== "object" ||
    opts.credential === null ||
    !Number.isInteger(opts.credential.credentialType)
  ) {
    throw new TypeError(`"credential" expected a Credential`);
  }
  for (const name of ["extensions", "leafNodeExtensions"] as const) {
    const list = opts[name];
    if (
      list !== undefined &&
      (!Array.isArray(list) || !list.every((e) => e?.extensionData instanceof Uint8Array))
    ) {
      throw new TypeError(`"${name}" expected an array of Extension`);
    }
  }
  checkAdvertisedSuites(opts);
}

async function createOne(
  opts: CreateKeyPackageOptions,
  suite: CipherSuiteImpl,
  now: bigint,
): Promise<KeyPackageBundle> {
  const [init, enc] = await Promise.all([suite.hpke.generateKeyPair(), suite.hpke.generateKeyPair()]);
  // §10.1 (4): init_key and encryption_key MUST differ (a collision means a broken RNG).
  if (bytesEqual(init.publicKey, enc.publicKey)) {
    throw new UsageError(KeyPackageErrorCode.keyCollision, "the provider generated the same HPKE key twice");
  }
  let extensions = [...(opts.extensions ?? [])];
  if (opts.lastResort === true && !isLastResort(extensions))
    extensions = [...extensions, lastResortExtension()];
  const leafContent: LeafNodeContent = {
    encryptionKey: enc.publicKey,
    signatureKey: opts.signatureKeyPair.publicKey,
    credential: opts.credential,
    capabilities: buildCapabilities(opts, extensions, opts.provider.randomBytes(4)),
    leafNodeSource: LeafNodeSource.key_package,
    lifetime: lifetimeFor(opts.lifetime, now),
    extensions: [...(opts.leafNodeExtensions ?? [])],
  };
  const privateKey = opts.signatureKeyPair.privateKey;
  // The leaf is encoded once: these bytes are signed, then copied into KeyPackageTBS, whose bytes
  // are signed and then become the package's bytes (§10: KeyPackage = KeyPackageTBS ‖ signature).
  const leafTbs = leafNodeTbsBytes({ leafNode: leafContent });
  const leafSignature = await signWithLabel(suite, privateKey, "LeafNodeTBS", leafTbs);
  const tbs: KeyPackageTbs = {
    version: ProtocolVersion.mls10,
    cipherSuite: opts.cipherSuite,
    initKey: init.publicKey,
    leafNode: { ...leafContent, signature: leafSignature },
    extensions,
  };
  try {
    checkKeyPackageStructure({ ...tbs, signature: new Uint8Array(0) }, [opts.cipherSuite]);
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    throw new UsageError(e.code, `createKeyPackage would produce an invalid key package: ${e.message}`, {
      details: e.details,
      cause: e,
    });
  }
  const tbsBytes = keyPackageTbsBytesWithLeaf(tbs, leafTbs);
  const signature = await signWithLabel(suite, privateKey, "KeyPackageTBS", tbsBytes);
  const bytes = keyPackageBytesFromTbs(tbsBytes, signature);
  // Re-read our own bytes so the package's fields are views of its encoding (cheap, no crypto).
  const keyPackage = decodeTrustedKeyPackage(bytes);
  const ref = await refHash(suite, KEY_PACKAGE_REF_LABEL, bytes);
  return new KeyPackageBundle(keyPackage, ref, init.privateKey, enc.privateKey);
}

/**
 * Create one key package and its private material.
 *
 * @param opts - provider, suite, credential, signature key pair and options
 * @returns the bundle: package, ref and the two HPKE private keys (never the signature key)
 * @throws UsageError KEY_PACKAGE_SIGNATURE_KEY_MISMATCH when the key pair does not fit the suite
 * @throws CryptoError UNSUPPORTED_CIPHER_SUITE when the provider lacks the suite
 * @example
 * ```ts
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { basicCredential } from "@mlskit/credentials";
 * const suite = await nobleCryptoProvider.getCipherSuite(1);
 * const signatureKeyPair = await suite.signature.generateKeyPair();
 * const bundle = await createKeyPackage({
 *   provider: nobleCryptoProvider,
 *   cipherSuite: 1,
 *   credential: basicCredential("alice@example.com"),
 *   signatureKeyPair,
 * });
 * ```
 */
export async function createKeyPackage(opts: CreateKeyPackageOptions): Promise<KeyPackageBundle> {
  checkOptions(opts);
  const suite = await opts.provider.getCipherSuite(opts.cipherSuite);
  await checkSignatureKeyPair(opts, suite);
  return createOne(opts, suite, toEpochSeconds(opts.now));
}

/**
 * How many creations of a batch are under way at once. Enough to keep an asynchronous (native)
 * provider's worker threads busy — Node runs SubtleCrypto on a pool of 4 threads by default —
 * while a large batch does not hold thousands of half-built packages (and their promises) alive
 * at the same time: starting them all together made the library's own work for each package of
 * a 1,000-package batch about twice that of a 32-package batch (measured with the crypto stubbed
 * out; the difference was garbage collection).
 */
const BATCH_IN_FLIGHT = 32;

/**
 * Create `count` key packages with the same options (a fresh HPKE key pair each), in order.
 *
 * Up to 32 creations run at once, so a provider whose crypto is asynchronous (SubtleCrypto,
 * which Node runs on libuv's thread pool) keeps several cores busy; memory stays bounded for any
 * `count`. The result is the same as `count` calls of {@link createKeyPackage}: bundle `i` is
 * the `i`-th created. The first failure rejects the batch and stops starting new creations.
 * A pure-JS provider computes on the calling thread: to spread its batches over cores, run them
 * in several worker threads.
 *
 * @param opts - as {@link createKeyPackage}, plus `count`
 * @returns `count` bundles
 * @example
 * ```ts
 * const bundles = await createKeyPackages({ ...opts, count: 100 });
 * ```
 */
export async function createKeyPackages(
  opts: CreateKeyPackageOptions & { readonly count: number },
): Promise<KeyPackageBundle[]> {
  if (!Number.isSafeInteger(opts.count) || opts.count < 0) {
    throw new RangeError(`"count" expected a non-negative integer, got ${String(opts.count)}`);
  }
  checkOptions(opts);
  const suite = await opts.provider.getCipherSuite(opts.cipherSuite);
  await checkSignatureKeyPair(opts, suite);
  const now = toEpochSeconds(opts.now);
  const count = opts.count;
  const bundles = new Array<KeyPackageBundle>(count);
  let next = 0;
  let failed = false;
  // Each lane creates one package at a time and takes the next free index: order is by index,
  // whichever lane finishes first.
  const lane = async (): Promise<void> => {
    while (!failed && next < count) {
      const i = next++;
      try {
        bundles[i] = await createOne(opts, suite, now);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, BATCH_IN_FLIGHT) }, lane));
  return bundles;
}
