/**
 * @module top-up
 * `topUp`: keep a target stock of this client's key packages on the directory (RFC 9750 §5.1:
 * "provision enough standard KPs so the last-resort KP is not used"). It asks the directory how
 * many valid packages are left, creates the missing ones, puts their private parts into the local
 * `KeyPackageStore` **before** publishing them (a Welcome can arrive as soon as they are public),
 * and publishes them. It also keeps one last-resort package published, and replaces it once it
 * has been handed out (RFC 9750: rotate the last-resort package as soon as possible after use).
 */
import type { Credential, SignatureKeyPair } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { UsageError } from "@mlskit/errors";
import {
  type CreateKeyPackageOptions,
  createKeyPackage,
  createKeyPackages,
  type KeyPackageBundle,
} from "@mlskit/key-packages";
import type { KeyPackageStore } from "@mlskit/keystore";
import type { DirectoryConnection } from "./connection.js";
import { DirectoryClientErrorCode } from "./errors.js";
import { countKeyPackages } from "./own-key-packages.js";
import { publishKeyPackages } from "./publish-key-packages.js";

/**
 * Options of {@link topUp}.
 *
 * @example
 * ```ts
 * const opts: TopUpOptions = { directory, store, provider: nobleCryptoProvider, cipherSuite: 1, credential, target: 50 };
 * ```
 */
export interface TopUpOptions {
  /** The directory and this client's token. */
  readonly directory: DirectoryConnection;
  /** Where the private parts of new packages go (before they are published). */
  readonly store: KeyPackageStore;
  /** Crypto provider for creating packages. */
  readonly provider: CryptoProvider;
  /** The cipher suite to top up. */
  readonly cipherSuite: number;
  /** The credential the client is registered with on the directory. */
  readonly credential: Credential;
  /** The signing key pair; default: the one `store` keeps for `credential` and `cipherSuite`. */
  readonly signatureKeyPair?: SignatureKeyPair;
  /** How many ordinary packages to keep published. */
  readonly target: number;
  /** Top up only when fewer than this many are left. Default `target` (always fill up). */
  readonly lowWater?: number;
  /** Keep a last-resort package published. Default true. */
  readonly lastResort?: boolean;
  /** Replace the last-resort package once it has been handed out. Default true. */
  readonly rotateUsedLastResort?: boolean;
  /** Lifetime of new packages (default of `createKeyPackage`: 84 days). */
  readonly lifetime?: CreateKeyPackageOptions["lifetime"];
  /** Most packages per publish request. Default 100. */
  readonly batchSize?: number;
}

/**
 * What {@link topUp} did.
 *
 * @example
 * ```ts
 * const { published, after }: TopUpResult = await topUp(opts);
 * ```
 */
export interface TopUpResult {
  /** Valid ordinary packages on the directory before. */
  readonly before: number;
  /** Ordinary packages published now. */
  readonly published: number;
  /** Whether a (new) last-resort package was published. */
  readonly lastResortPublished: boolean;
  /** Valid ordinary packages on the directory after (as far as this call knows). */
  readonly after: number;
}

/**
 * Bring this client's stock on the directory up to `target`.
 *
 * @param opts - directory, local store, provider, suite, credential, target
 * @returns counts before and after
 * @throws UsageError DIRECTORY_TOP_UP_NO_SIGNATURE_KEY when no key pair is given or stored; the
 *   directory's errors as `publishKeyPackages` (packages not published are removed from `store`)
 * @example
 * ```ts
 * const r = await topUp({ directory, store, provider: nobleCryptoProvider, cipherSuite: 1,
 *   credential: basicCredential("alice@example.com#phone"), target: 50, lowWater: 20 });
 * console.log(`published ${r.published}, now ${r.after}`);
 * ```
 */
export async function topUp(opts: TopUpOptions): Promise<TopUpResult> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const { target } = opts;
  if (!Number.isSafeInteger(target) || target < 0)
    throw new RangeError(`"target" expected a non-negative integer`);
  const lowWater = opts.lowWater ?? target;
  if (!Number.isSafeInteger(lowWater) || lowWater < 0)
    throw new RangeError(`"lowWater" expected a non-negative integer`);
  const batchSize = opts.batchSize ?? 100;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError(`"batchSize" expected a positive integer`);
  if (typeof opts.store?.putMany !== "function") throw new TypeError(`"store" expected a KeyPackageStore`);

  const stock = await countKeyPackages(opts.directory, { cipherSuite: opts.cipherSuite });
  const need = stock.count < lowWater ? Math.max(0, target - stock.count) : 0;
  const wantLastResort =
    opts.lastResort !== false &&
    (stock.lastResort === null || (opts.rotateUsedLastResort !== false && stock.lastResort.claims > 0));
  if (need === 0 && !wantLastResort)
    return { before: stock.count, published: 0, lastResortPublished: false, after: stock.count };

  const signatureKeyPair =
    opts.signatureKeyPair ??
    (await opts.store.getSignatureKeyPair({ credential: opts.credential, cipherSuite: opts.cipherSuite }));
  if (signatureKeyPair === undefined) {
    throw new UsageError(
      DirectoryClientErrorCode.noSignatureKey,
      `no signature key pair given or stored for this credential and cipher suite ${opts.cipherSuite}`,
      { details: { cipherSuite: opts.cipherSuite } },
    );
  }
  const create: CreateKeyPackageOptions = {
    provider: opts.provider,
    cipherSuite: opts.cipherSuite,
    credential: opts.credential,
    signatureKeyPair,
    ...(opts.lifetime === undefined ? {} : { lifetime: opts.lifetime }),
  };
  const bundles: KeyPackageBundle[] = [];
  if (wantLastResort) bundles.push(await createKeyPackage({ ...create, lastResort: true }));
  if (need > 0) bundles.push(...(await createKeyPackages({ ...create, count: need })));

  // Private parts first: a peer may claim a package and send a Welcome the moment it is public.
  await opts.store.putMany(bundles);
  let published = 0;
  try {
    for (let i = 0; i < bundles.length; i += batchSize) {
      const chunk = bundles.slice(i, i + batchSize);
      await publishKeyPackages(
        opts.directory,
        chunk.map((b) => b.keyPackage),
      );
      published = i + chunk.length;
    }
  } catch (e) {
    // Whatever the directory did not take can never be claimed: drop its private parts.
    for (const b of bundles.slice(published)) await opts.store.delete(b.ref).catch(() => false);
    throw e;
  } finally {
    for (const b of bundles) b.dispose();
  }
  const ordinary = need;
  return {
    before: stock.count,
    published: ordinary,
    lastResortPublished: wantLastResort,
    after: stock.count + ordinary,
  };
}
