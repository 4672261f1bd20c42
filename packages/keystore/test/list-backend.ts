/**
 * A deliberately naive backend for the keystore's own tests: an array scanned linearly, without the
 * optional `countKeyPackages` (so the store's counting fallback runs), with a switch to make every
 * call fail (backend-failure wrapping).
 */
import { toHex } from "@mlskit/codec";
import {
  compareBytes,
  isLeaseLive,
  type KeyPackageLease,
  type KeyPackageRow,
  type KeyStoreBackend,
  keyPackageStatusOf,
  matchesKeyPackageQuery,
} from "../src/index.js";

export interface ListBackend extends KeyStoreBackend {
  rows: KeyPackageRow[];
  /** Leases by hex ref. */
  leases: Map<string, KeyPackageLease>;
  /** Tombstones: notAfter by hex ref. */
  tombstones: Map<string, bigint>;
  failing: boolean;
  closed: number;
}

export function createListBackend(): ListBackend {
  const sigs: { id: Uint8Array; record: Uint8Array }[] = [];
  const meta = new Map<string, Uint8Array>();
  const same = (a: Uint8Array, b: Uint8Array) => compareBytes(a, b) === 0;
  const b: ListBackend = {
    rows: [],
    leases: new Map(),
    tombstones: new Map(),
    failing: false,
    closed: 0,
    async getKeyPackage(ref, condition) {
      check();
      const r = b.rows.find((x) => same(x.ref, ref));
      if (r === undefined || leased(ref, condition?.unleasedAt)) return undefined;
      return { ...r, record: r.record.slice() };
    },
    async putKeyPackages(rows) {
      check();
      for (const row of rows) {
        const i = b.rows.findIndex((x) => same(x.ref, row.ref));
        if (i >= 0) b.rows[i] = row;
        else b.rows.push(row);
        b.tombstones.delete(toHex(row.ref));
      }
    },
    async deleteKeyPackage(ref, condition) {
      check();
      const i = b.rows.findIndex((x) => same(x.ref, ref));
      if (i < 0 || leased(ref, condition?.unleasedAt)) return false;
      const [row] = b.rows.splice(i, 1);
      b.leases.delete(toHex(ref));
      if (condition?.tombstone === true) b.tombstones.set(toHex(ref), row!.notAfter);
      return true;
    },
    async leaseKeyPackage(ref, lease, now) {
      check();
      const r = b.rows.find((x) => same(x.ref, ref));
      if (r === undefined || leased(ref, now)) return undefined;
      b.leases.set(toHex(ref), lease);
      return { ...r, record: r.record.slice() };
    },
    async endKeyPackageLease(ref, token, remove, tombstone) {
      check();
      const lease = b.leases.get(toHex(ref));
      const i = b.rows.findIndex((x) => same(x.ref, ref));
      if (i < 0 || lease === undefined || !same(lease.token, token)) return false;
      b.leases.delete(toHex(ref));
      if (remove) {
        const [row] = b.rows.splice(i, 1);
        if (tombstone === true) b.tombstones.set(toHex(ref), row!.notAfter);
      }
      return true;
    },
    async keyPackageStatus(ref, at) {
      check();
      const has = b.rows.some((x) => same(x.ref, ref));
      return keyPackageStatusOf(has, b.leases.get(toHex(ref)), b.tombstones.has(toHex(ref)), at);
    },
    async pruneTombstones(expiredAt) {
      check();
      let n = 0;
      for (const [k, notAfter] of b.tombstones) {
        if (notAfter < expiredAt) {
          b.tombstones.delete(k);
          n++;
        }
      }
      return n;
    },
    async scanKeyPackages(query, page) {
      check();
      return [...b.rows]
        .sort((x, y) => compareBytes(x.ref, y.ref))
        .filter((r) => page.after === undefined || compareBytes(r.ref, page.after) > 0)
        .filter((r) => matchesKeyPackageQuery(r, query, b.leases.get(toHex(r.ref))))
        .slice(0, page.limit);
    },
    async getSignatureKey(id) {
      check();
      return sigs.find((s) => same(s.id, id))?.record;
    },
    async putSignatureKey(id, record) {
      check();
      const s = sigs.find((x) => same(x.id, id));
      if (s) s.record = record;
      else sigs.push({ id, record });
    },
    async deleteSignatureKey(id) {
      check();
      const i = sigs.findIndex((x) => same(x.id, id));
      if (i < 0) return false;
      sigs.splice(i, 1);
      return true;
    },
    async listSignatureKeys() {
      check();
      return sigs.map((s) => ({ ...s }));
    },
    async getMeta(name) {
      check();
      return meta.get(name);
    },
    async initMeta(name, value) {
      check();
      if (!meta.has(name)) meta.set(name, value);
      return meta.get(name)!;
    },
    async rewrite(batch) {
      check();
      for (const { ref, record } of batch.keyPackages) {
        const i = b.rows.findIndex((x) => same(x.ref, ref));
        if (i >= 0) b.rows[i] = { ...b.rows[i]!, record };
      }
      for (const { id, record } of batch.signatureKeys) {
        const s = sigs.find((x) => same(x.id, id));
        if (s) s.record = record;
      }
      for (const { name, value } of batch.meta) {
        if (value === null) meta.delete(name);
        else meta.set(name, value);
      }
    },
    async close() {
      b.closed++;
    },
  };
  function leased(ref: Uint8Array, at: bigint | undefined): boolean {
    return at !== undefined && isLeaseLive(b.leases.get(toHex(ref)), at);
  }
  function check(): void {
    if (b.failing) throw new Error("disk on fire");
  }
  return b;
}
