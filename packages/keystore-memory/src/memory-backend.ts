/**
 * @module memory-backend
 * A `KeyStoreBackend` over plain `Map`s: the reference backend (every method a few lines, each
 * atomic because JavaScript runs it to completion), used by tests and by ephemeral clients.
 * Its data outlives a store's `close()`, so a new store over the same backend "reopens" it.
 * Leases live in a map of their own, so replacing a row (`putKeyPackages`) keeps its lease;
 * tombstones (a consumed package's `notAfter`) in a third map, keyed like the rows.
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import type {
  KeyPackageLease,
  KeyPackageQuery,
  KeyPackageRow,
  KeyStoreBackend,
  RewriteBatch,
  ScanPage,
} from "@mlskit/keystore";
import { isLeaseLive, keyPackageStatusOf, matchesKeyPackageQuery } from "@mlskit/keystore";

/**
 * Create an empty in-memory backend. Pass it to `createMemoryKeyStore({ backend })` — several
 * times, even concurrently, to share (or "reopen") the same data.
 *
 * @returns the backend
 * @example
 * ```ts
 * import { createMemoryKeyStore, createMemoryKeyStoreBackend } from "@mlskit/keystore-memory";
 * const backend = createMemoryKeyStoreBackend();
 * const a = await createMemoryKeyStore({ backend });
 * await a.put(bundle);
 * await a.close();
 * const b = await createMemoryKeyStore({ backend }); // still holds the bundle
 * ```
 */
export function createMemoryKeyStoreBackend(): KeyStoreBackend {
  // Keys are lower-case hex: its string order is the unsigned byte order the interface requires.
  const keyPackages = new Map<string, KeyPackageRow>();
  const signatureKeys = new Map<string, { id: Uint8Array; record: Uint8Array }>();
  const meta = new Map<string, Uint8Array>();
  const leases = new Map<string, KeyPackageLease>();
  const tombstones = new Map<string, bigint>();
  let sorted: string[] | undefined;
  const order = (): string[] => {
    sorted ??= [...keyPackages.keys()].sort();
    return sorted;
  };
  const copyRow = (row: KeyPackageRow): KeyPackageRow => ({
    ...row,
    ref: row.ref.slice(),
    signatureKey: row.signatureKey.slice(),
    record: row.record.slice(),
  });

  /** Whether the row under `key` holds a lease that is live at `condition.unleasedAt`. */
  const leased = (key: string, unleasedAt: bigint | undefined): boolean =>
    unleasedAt !== undefined && isLeaseLive(leases.get(key), unleasedAt);
  const remove = (key: string, tombstone = false): boolean => {
    leases.delete(key);
    const row = keyPackages.get(key);
    if (row === undefined) return false;
    keyPackages.delete(key);
    if (tombstone) tombstones.set(key, row.notAfter);
    sorted = undefined;
    return true;
  };

  return {
    async getKeyPackage(ref, condition) {
      const key = toHex(ref);
      const row = keyPackages.get(key);
      return row === undefined || leased(key, condition?.unleasedAt) ? undefined : copyRow(row);
    },
    async putKeyPackages(rows) {
      for (const row of rows) {
        const key = toHex(row.ref);
        keyPackages.set(key, copyRow(row));
        tombstones.delete(key);
      }
      sorted = undefined;
    },
    async deleteKeyPackage(ref, condition) {
      const key = toHex(ref);
      return leased(key, condition?.unleasedAt) ? false : remove(key, condition?.tombstone === true);
    },
    async leaseKeyPackage(ref, lease, now) {
      const key = toHex(ref);
      const row = keyPackages.get(key);
      if (row === undefined || leased(key, now)) return undefined;
      leases.set(key, { token: lease.token.slice(), expiresAt: lease.expiresAt });
      return copyRow(row);
    },
    async endKeyPackageLease(ref, token, removeRow, tombstone) {
      const key = toHex(ref);
      const lease = leases.get(key);
      if (lease === undefined || !bytesEqual(lease.token, token) || !keyPackages.has(key)) return false;
      if (removeRow) remove(key, tombstone === true);
      else leases.delete(key);
      return true;
    },
    async keyPackageStatus(ref, at) {
      const key = toHex(ref);
      return keyPackageStatusOf(keyPackages.has(key), leases.get(key), tombstones.has(key), at);
    },
    async pruneTombstones(expiredAt) {
      let n = 0;
      for (const [key, notAfter] of tombstones) {
        if (notAfter < expiredAt) {
          tombstones.delete(key);
          n++;
        }
      }
      return n;
    },
    async scanKeyPackages(query: KeyPackageQuery, page: ScanPage) {
      const keys = order();
      let i = 0;
      if (page.after !== undefined) {
        // binary search for the first key > after
        const after = toHex(page.after);
        let lo = 0;
        let hi = keys.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (keys[mid]! <= after) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
      }
      const out: KeyPackageRow[] = [];
      for (; i < keys.length && out.length < page.limit; i++) {
        const row = keyPackages.get(keys[i]!)!;
        if (matchesKeyPackageQuery(row, query, leases.get(keys[i]!))) out.push(copyRow(row));
      }
      return out;
    },
    async countKeyPackages(query) {
      let n = 0;
      for (const [key, row] of keyPackages) if (matchesKeyPackageQuery(row, query, leases.get(key))) n++;
      return n;
    },
    async getSignatureKey(id) {
      return signatureKeys.get(toHex(id))?.record.slice();
    },
    async putSignatureKey(id, record) {
      signatureKeys.set(toHex(id), { id: id.slice(), record: record.slice() });
    },
    async deleteSignatureKey(id) {
      return signatureKeys.delete(toHex(id));
    },
    async listSignatureKeys() {
      return [...signatureKeys.values()].map((e) => ({ id: e.id.slice(), record: e.record.slice() }));
    },
    async getMeta(name) {
      return meta.get(name)?.slice();
    },
    async initMeta(name, value) {
      if (!meta.has(name)) meta.set(name, value.slice());
      return meta.get(name)!.slice();
    },
    async rewrite(batch: RewriteBatch) {
      for (const { ref, record } of batch.keyPackages) {
        const key = toHex(ref);
        const row = keyPackages.get(key);
        if (row !== undefined) keyPackages.set(key, { ...row, record: record.slice() });
      }
      for (const { id, record } of batch.signatureKeys) {
        const entry = signatureKeys.get(toHex(id));
        if (entry !== undefined) entry.record = record.slice();
      }
      for (const { name, value } of batch.meta) {
        if (value === null) meta.delete(name);
        else meta.set(name, value.slice());
      }
    },
    async close() {
      // Nothing to release: the data stays for the next store over this backend.
    },
  };
}
