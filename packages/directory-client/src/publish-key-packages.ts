/**
 * @module publish-key-packages
 * `publishKeyPackages`: send a batch of this client's key packages to the directory. The batch
 * is their MLSMessages back to back (`application/mls-message`); the directory stores all or none.
 */
import { fromHex } from "@mlskit/codec";
import { DirectoryRoute, encodeKeyPackageBatch, type PublishResponse } from "@mlskit/directory-protocol";
import type { UnverifiedKeyPackage } from "@mlskit/key-packages";
import { type DirectoryConnection, expectJson, request } from "./connection.js";

/**
 * One package as the directory stored it.
 *
 * @example
 * ```ts
 * const [first]: readonly PublishedKeyPackage[] = (await publishKeyPackages(directory, [kp])).published;
 * ```
 */
export interface PublishedKeyPackage {
  /** Its KeyPackageRef. */
  readonly ref: Uint8Array;
  readonly cipherSuite: number;
  readonly lastResort: boolean;
  /** `lifetime.not_after`, seconds since the epoch. */
  readonly notAfter: number;
}

/**
 * The answer to a publish.
 *
 * @example
 * ```ts
 * const r: PublishResult = await publishKeyPackages(directory, bundles.map((b) => b.keyPackage));
 * ```
 */
export interface PublishResult {
  /** The packages stored, in batch order. */
  readonly published: readonly PublishedKeyPackage[];
  /** Refs of this client's earlier last-resort packages that the batch replaced. */
  readonly replacedLastResort: readonly Uint8Array[];
}

/**
 * Publish key packages (all or none).
 *
 * @param directory - URL and token
 * @param keyPackages - packages, or MLSMessage bytes (several may be concatenated)
 * @returns what was stored
 * @throws ValidationError with the directory's code (`KEY_PACKAGE_*` with `details.check` and
 *   `details.index`, `DIRECTORY_CREDENTIAL_MISMATCH`, `DIRECTORY_DUPLICATE_KEY_PACKAGE`, …),
 *   UsageError (`DIRECTORY_QUOTA_EXCEEDED`, `DIRECTORY_INVALID_TOKEN`, …), StorageError
 *   (`DIRECTORY_UNREACHABLE`, 5xx)
 * @example
 * ```ts
 * const bundles = await createKeyPackages({ provider, cipherSuite: 1, credential, signatureKeyPair, count: 20 });
 * await store.putMany(bundles);
 * await publishKeyPackages(directory, bundles.map((b) => b.keyPackage));
 * ```
 */
export async function publishKeyPackages(
  directory: DirectoryConnection,
  keyPackages: readonly (UnverifiedKeyPackage | Uint8Array)[],
): Promise<PublishResult> {
  if (!Array.isArray(keyPackages)) throw new TypeError(`"keyPackages" expected an array`);
  const answer = await request(directory, DirectoryRoute.publishKeyPackages, {
    bytes: encodeKeyPackageBatch(keyPackages),
  });
  const json = expectJson<PublishResponse>(
    answer,
    (v) =>
      Array.isArray((v as PublishResponse)?.published) &&
      Array.isArray((v as PublishResponse).replacedLastResort),
  );
  return {
    published: json.published.map((p) => ({
      ref: fromHex(p.ref),
      cipherSuite: p.cipherSuite,
      lastResort: p.lastResort,
      notAfter: p.notAfter,
    })),
    replacedLastResort: json.replacedLastResort.map((r) => fromHex(r)),
  };
}
