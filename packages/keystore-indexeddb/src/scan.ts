/**
 * @module scan
 * Reading many rows of `keyPackages` in one transaction: walking a plan's range in `getAll`
 * batches, the pruning scan (refs under the expiry bound, sorted, then their rows), and the
 * leases live at a time, which a scan with `unleasedAt` filters out.
 */
import {
  compareBytes,
  isLeaseLive,
  type KeyPackageLease,
  type KeyPackageQuery,
  type KeyPackageSummary,
  type ScanPage,
} from "@mlskit/keystore";
import { key, type Plan, planRange } from "./query-plan.js";
import { leaseOf, type StoredKeyPackage, type StoredLease, Stores, summaryOf } from "./schema.js";
import type { TxRequests } from "./transaction.js";

/** A ref as a Map key (one char per byte). @internal */
export function refKey(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** The live leases of a scan, by {@link refKey}; `undefined` when none is live. @internal */
export type LiveLeases = ReadonlyMap<string, KeyPackageLease> | undefined;

/** The query without its lease condition (when no lease is live, it decides nothing). @internal */
export function withoutLeases(q: KeyPackageQuery): KeyPackageQuery {
  const { unleasedAt: _, ...rest } = q;
  return rest;
}

/** The bytes of a binary key. */
function bytesOfKey(k: IDBValidKey): Uint8Array {
  if (k instanceof ArrayBuffer) return new Uint8Array(k);
  if (ArrayBuffer.isView(k)) return new Uint8Array(k.buffer.slice(k.byteOffset, k.byteOffset + k.byteLength));
  throw new TypeError("a stored ref is not a binary key");
}

/**
 * Walk a plan's range in `getAll` batches of `batch` rows, calling `visit` for each row until it
 * returns `false` or the range ends, then `done`.
 */
export function walk(
  c: TxRequests,
  KeyRange: typeof IDBKeyRange,
  plan: Plan,
  batch: number,
  visit: (v: StoredKeyPackage) => boolean,
  done: () => void,
): void {
  const store = c.tx.objectStore(Stores.keyPackages);
  const source = plan.index === undefined ? store : store.index(plan.index);
  const step = (lower: IDBValidKey | undefined, lowerOpen: boolean): void => {
    const r = planRange(KeyRange, plan, lower, lowerOpen);
    c.on(source.getAll(r, batch) as IDBRequest<StoredKeyPackage[]>, (values) => {
      for (const v of values) {
        if (!visit(v)) return done();
      }
      if (values.length < batch) return done();
      step(plan.keyOf(values[values.length - 1]!), true);
    });
  };
  step(plan.lower, plan.lowerOpen);
}

/** Pruning: refs under the expiry bound (`plan`, from expiryPlan), sorted, then their rows. @internal */
export function scanExpired(
  c: TxRequests,
  KeyRange: typeof IDBKeyRange,
  plan: Plan,
  match: (s: KeyPackageSummary) => boolean,
  page: ScanPage,
  out: KeyPackageSummary[],
): void {
  const store = c.tx.objectStore(Stores.keyPackages);
  const r = planRange(KeyRange, plan);
  c.on(store.index(plan.index!).getAllKeys(r), (keys) => {
    const after = page.after;
    const refs = keys
      .map(bytesOfKey)
      .filter((k) => after === undefined || compareBytes(k, after) > 0)
      .sort(compareBytes);
    let next = 0;
    // Read in chunks of what is still missing, so a filtered-out row never shortens the page.
    const more = (): void => {
      const chunk = refs.slice(next, next + (page.limit - out.length));
      next += chunk.length;
      chunk.forEach((ref, i) => {
        c.on(store.get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>, (v) => {
          if (v !== undefined) {
            const s = summaryOf(v);
            if (match(s)) out.push(s);
          }
          if (i === chunk.length - 1 && out.length < page.limit && next < refs.length) more();
        });
      });
    };
    more();
  });
}

/**
 * With `unleasedAt`, read the leases live then (in the transaction `c`, which must cover the
 * `leases` store) and hand them to `then` (`undefined` when none is live, or without the
 * condition).
 * @internal
 */
export function withLiveLeases(
  c: TxRequests,
  unleasedAt: bigint | undefined,
  then: (live: LiveLeases) => void,
): void {
  if (unleasedAt === undefined) {
    then(undefined);
    return;
  }
  c.on(c.tx.objectStore(Stores.leases).getAll() as IDBRequest<StoredLease[]>, (values) => {
    const live = new Map<string, KeyPackageLease>();
    for (const v of values) {
      const lease = leaseOf(v);
      if (isLeaseLive(lease, unleasedAt)) live.set(refKey(v.ref), lease);
    }
    then(live.size === 0 ? undefined : live);
  });
}
