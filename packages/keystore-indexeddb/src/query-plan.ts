/**
 * @module query-plan
 * How a `KeyPackageQuery` reads the `keyPackages` store: which index or the store itself, which
 * key range, in which order, and whether the range alone decides the query (then it can be
 * counted with `count(range)`, or read without filtering).
 */
import type { KeyPackageQuery } from "@mlskit/keystore";
import { KeyPackageIndex, MAX_U64, type StoredKeyPackage, u64 } from "./schema.js";

/** How a query reads `keyPackages`: which source, which key range, what is left to filter. @internal */
export interface Plan {
  /** The index to read, or `undefined` for the object store itself (keyed by ref). */
  readonly index: string | undefined;
  readonly lower: IDBValidKey | undefined;
  readonly lowerOpen: boolean;
  readonly upper: IDBValidKey | undefined;
  readonly upperOpen: boolean;
  /** The source key of a stored value (to resume a walk after it). */
  keyOf(v: StoredKeyPackage): IDBValidKey;
  /** Whether the range alone decides the query (nothing left to filter). */
  readonly exact: boolean;
}

/** A byte string as a key (IndexedDB compares binary keys as unsigned bytes). @internal */
export const key = (b: Uint8Array): IDBValidKey => b as Uint8Array<ArrayBuffer>;

/** Smallest array key above every `[x, binary]`: an array sorts after any binary key. */
const ABOVE_BINARY: IDBValidKey = [];
/** Rows read per `getAll` when a walk filters (and so may need more rows than it returns). @internal */
export const BATCH = 256;

/** How many fields of the query are set. */
function given(q: KeyPackageQuery): number {
  let n = 0;
  for (const k of [
    "validAt",
    "expiredAt",
    "cipherSuite",
    "lastResort",
    "signatureKey",
    "unleasedAt",
  ] as const) {
    if (q[k] !== undefined) n++;
  }
  return n;
}

/**
 * A plan over the `[field, ref]` index for `field = value`, starting after `after` (a ref): its
 * entries come in ascending ref order.
 */
function fieldPlan(
  index: string,
  value: IDBValidKey,
  keyOf: (v: StoredKeyPackage) => IDBValidKey,
  after: Uint8Array | undefined,
  exact: boolean,
): Plan {
  return {
    index,
    lower: after === undefined ? [value] : [value, key(after)],
    lowerOpen: after !== undefined,
    upper: [value, ABOVE_BINARY],
    upperOpen: false,
    keyOf,
    exact,
  };
}

/** A plan whose entries come in ascending ref order, starting after `after`. @internal */
export function orderedPlan(q: KeyPackageQuery, after: Uint8Array | undefined): Plan {
  const n = given(q);
  // An empty byte string is a valid key by the spec but not to every implementation
  // (fake-indexeddb takes it for a detached buffer): filter for it instead. Real keys are not empty.
  if (q.signatureKey !== undefined && q.signatureKey.length > 0) {
    return fieldPlan(
      KeyPackageIndex.signatureKey,
      key(q.signatureKey),
      (v) => [key(v.signatureKey), key(v.ref)],
      after,
      n === 1,
    );
  }
  if (q.cipherSuite !== undefined) {
    return fieldPlan(
      KeyPackageIndex.cipherSuite,
      q.cipherSuite,
      (v) => [v.cipherSuite, key(v.ref)],
      after,
      n === 1,
    );
  }
  return {
    index: undefined,
    lower: after === undefined ? undefined : key(after),
    lowerOpen: true,
    upper: undefined,
    upperOpen: false,
    keyOf: (v) => key(v.ref),
    exact: n === 0,
  };
}

const notAfterKey = (v: StoredKeyPackage): IDBValidKey => [key(v.notAfter), key(v.ref)];

/**
 * The plan of an expiry query (an `expiredAt` in range, no signature key or suite): the notAfter
 * index below the bound; `undefined` for any other query. Counting and pruning scans both take it.
 * @internal
 */
export function expiryPlan(q: KeyPackageQuery): Plan | undefined {
  if (q.signatureKey !== undefined || q.cipherSuite !== undefined) return undefined;
  if (q.expiredAt === undefined || q.expiredAt > MAX_U64) return undefined;
  // notAfter < expiredAt: every [notAfter, ref] below [expiredAt] (a shorter array sorts first).
  return {
    index: KeyPackageIndex.notAfter,
    lower: undefined,
    lowerOpen: false,
    upper: [key(u64(q.expiredAt))],
    upperOpen: true,
    keyOf: notAfterKey,
    exact: given(q) === 1,
  };
}

/** The narrowest plan for counting (any order). @internal */
export function countPlan(q: KeyPackageQuery): Plan {
  if (q.signatureKey !== undefined || q.cipherSuite !== undefined) return orderedPlan(q, undefined);
  const expiry = expiryPlan(q);
  if (expiry !== undefined) return expiry;
  // notAfter >= validAt (notBefore <= validAt is left to the filter).
  if (q.validAt !== undefined && q.validAt <= MAX_U64) {
    return {
      index: KeyPackageIndex.notAfter,
      lower: [key(u64(q.validAt))],
      lowerOpen: false,
      upper: undefined,
      upperOpen: false,
      keyOf: notAfterKey,
      exact: false,
    };
  }
  return orderedPlan(q, undefined);
}

/**
 * The key range of `plan`, from `lower` (default: the plan's own lower bound); `undefined` when
 * unbounded.
 * @internal
 */
export function planRange(
  KeyRange: typeof IDBKeyRange,
  plan: Plan,
  lower: IDBValidKey | undefined = plan.lower,
  lowerOpen: boolean = plan.lowerOpen,
): IDBKeyRange | undefined {
  const { upper, upperOpen } = plan;
  if (lower === undefined && upper === undefined) return undefined;
  if (upper === undefined) return KeyRange.lowerBound(lower, lowerOpen);
  if (lower === undefined) return KeyRange.upperBound(upper, upperOpen);
  return KeyRange.bound(lower, upper, lowerOpen, upperOpen);
}
