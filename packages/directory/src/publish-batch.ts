/**
 * @module publish-batch
 * What a published batch must satisfy before anything is stored, cheap checks before costly ones:
 * it splits into key packages; there are some, and no more than the quota; each carries the
 * publishing client's own credential; each passes `validateKeyPackage` (signatures, RFC 9420
 * §10.1 and §7.3, the lifetime policy, a served suite); no ref appears twice and no suite has two
 * last-resort packages; and none has already expired by the directory's clock. The store then
 * applies the rules that need the database (stored duplicates, quota, last-resort replacement).
 * @internal
 */
import { bytesEqual, encode, toHex } from "@mlskit/codec";
import { credentialCodec } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { DirectoryErrorCode, directoryError, splitKeyPackageBatch } from "@mlskit/directory-protocol";
import { MlsError, ValidationError } from "@mlskit/errors";
import {
  capabilitiesCodec,
  isLastResortKeyPackage,
  keyPackageRef,
  type LifetimePolicy,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { MAX_STORED_TIME, type StoredKeyPackageInput } from "./directory-store.js";

const timeOut = (t: bigint): number => Number(t > MAX_STORED_TIME ? MAX_STORED_TIME : t);

/**
 * Check a publish body and turn it into the rows to store.
 * @param body - the request body (MLSMessages back to back)
 * @param opts - the publishing client's credential and id, the provider of the served suites,
 *   the lifetime policy, the time and the quota
 * @returns the rows, in batch order
 * @throws the directory's codes (`DIRECTORY_MALFORMED_KEY_PACKAGE`, `DIRECTORY_EMPTY_BATCH`,
 *   `DIRECTORY_QUOTA_EXCEEDED`, `DIRECTORY_CREDENTIAL_MISMATCH`, `DIRECTORY_DUPLICATE_KEY_PACKAGE`,
 *   `DIRECTORY_MULTIPLE_LAST_RESORT`, `DIRECTORY_KEY_PACKAGE_EXPIRED`) or a `KEY_PACKAGE_*`
 *   validation code, each with `details.index`
 * @internal
 */
export async function checkPublishBatch(
  body: Uint8Array,
  opts: {
    readonly credential: Uint8Array;
    readonly clientId: string;
    readonly provider: CryptoProvider;
    readonly lifetimePolicy: LifetimePolicy;
    readonly now: bigint;
    readonly quota: number;
  },
): Promise<StoredKeyPackageInput[]> {
  const elements = splitKeyPackageBatch(body);
  if (elements.length === 0)
    throw directoryError(DirectoryErrorCode.emptyBatch, "the batch holds no key package");
  if (elements.length > opts.quota) {
    throw directoryError(
      DirectoryErrorCode.quotaExceeded,
      `the batch holds ${elements.length} key packages; the quota is ${opts.quota}`,
      { batch: elements.length, quota: opts.quota },
    );
  }
  // Cheap before costly: ownership first, then signatures and policy.
  elements.forEach(({ keyPackage }, index) => {
    if (!bytesEqual(encode(credentialCodec, keyPackage.leafNode.credential), opts.credential)) {
      throw directoryError(
        DirectoryErrorCode.credentialMismatch,
        `key package ${index} carries a credential other than the one client "${opts.clientId}" is registered with`,
        { index },
      );
    }
  });
  const outcomes = await Promise.allSettled(
    elements.map(async ({ keyPackage }) => {
      await validateKeyPackage(keyPackage, {
        provider: opts.provider,
        now: opts.now,
        lifetimePolicy: opts.lifetimePolicy,
      });
      return keyPackageRef(keyPackage, opts.provider);
    }),
  );
  const refs: Uint8Array[] = [];
  outcomes.forEach((o, index) => {
    if (o.status === "fulfilled") {
      refs.push(o.value);
      return;
    }
    const e = o.reason;
    if (!MlsError.is(e)) throw e;
    throw new ValidationError(e.code, `key package ${index} of the batch is invalid: ${e.message}`, {
      details: { ...e.details, index },
      cause: e,
    });
  });
  const seenRefs = new Set<string>();
  const lastResortSuites = new Set<number>();
  const rows: StoredKeyPackageInput[] = elements.map(({ keyPackage, message }, index) => {
    const ref = refs[index]!;
    const hex = toHex(ref);
    if (seenRefs.has(hex)) {
      throw directoryError(
        DirectoryErrorCode.duplicateKeyPackage,
        `key package ${index} appears twice in the batch`,
        {
          index,
          ref: hex,
        },
      );
    }
    seenRefs.add(hex);
    const lastResort = isLastResortKeyPackage(keyPackage);
    if (lastResort) {
      if (lastResortSuites.has(keyPackage.cipherSuite)) {
        throw directoryError(
          DirectoryErrorCode.multipleLastResort,
          `key package ${index} is a second last-resort package of cipher suite ${keyPackage.cipherSuite}`,
          { index, cipherSuite: keyPackage.cipherSuite },
        );
      }
      lastResortSuites.add(keyPackage.cipherSuite);
    }
    const lifetime = keyPackage.leafNode.lifetime!;
    // validateKeyPackage allows for clock skew; a package already expired by this clock could
    // never be claimed (claims take only packages valid now), so it is not stored.
    if (lifetime.notAfter < opts.now) {
      throw directoryError(
        DirectoryErrorCode.keyPackageExpired,
        `key package ${index} of the batch expired ${opts.now - lifetime.notAfter} s ago`,
        { index, notAfter: timeOut(lifetime.notAfter), now: timeOut(opts.now) },
      );
    }
    const clamp = (t: bigint) => (t > MAX_STORED_TIME ? MAX_STORED_TIME : t);
    return {
      ref,
      cipherSuite: keyPackage.cipherSuite,
      lastResort,
      notBefore: clamp(lifetime.notBefore),
      notAfter: clamp(lifetime.notAfter),
      message,
      // What MIMI requests are matched against (RFC 9420 §11.1: the leaf's capabilities).
      capabilities: encode(capabilitiesCodec, keyPackage.leafNode.capabilities),
    };
  });
  return rows;
}
