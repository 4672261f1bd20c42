/**
 * @module create-store
 * {@link createKeyPackageStore}: the one implementation of the `KeyPackageStore` semantics over any
 * {@link KeyStoreBackend} — record format, encryption at rest and its key check, atomic take with
 * last resort, reservations, lifetime filters, pruning, signature key pairs and rekeying.
 * (Over 400 lines: the one class that holds every store semantic together; the pieces it needs —
 * records, encryption, reservations — live in their own modules.)
 *
 * Reservations: `reserve` gives the row a lease (a random token and an expiry by the store's
 * clock) with the backend's atomic `leaseKeyPackage`. Everything a reserved package must be
 * invisible to passes `unleasedAt: now` to the backend — `get`, `take` (its read and its
 * delete, so a reserve between the two makes the take fail rather than both win), `list`,
 * `count`, `pruneExpired` — while `delete` (an explicit removal) and `rekey` see every row.
 *
 * Tombstones: consuming a package — `take`, or `commit()` of a reservation, never of a last-resort
 * package — asks the backend to leave a tombstone (the ref and `notAfter`, nothing secret) in the
 * transaction that removes the row, so `status` can say `"consumed"` rather than `"unknown"`.
 * `delete` leaves none: the application withdrawing a package is not a join that used it.
 * `pruneExpired` drops tombstones past their `notAfter`; `put` of the ref drops its tombstone.
 *
 * What an encrypted store leaves in clear (index fields, so list/count/prune never decrypt):
 * each key package's ref, cipher suite, lifetime, last-resort flag, signature public key and
 * creation time; each signature key's 32-byte id (a hash of credential and suite); the record
 * headers (format version, type, key id) and lengths. Encrypted: the key package bytes, both HPKE
 * private keys, and the signature key pair with its credential.
 */
import { bytesEqual, encode, opaque, struct, toHex, uint16, utf8 } from "@mlskit/codec";
import { type Credential, credentialCodec, type SignatureKeyPair } from "@mlskit/credentials";
import { MlsError } from "@mlskit/errors";
import {
  encodeKeyPackage,
  KeyPackageBundle,
  restoreKeyPackageBundle,
  toEpochSeconds,
} from "@mlskit/key-packages";
import type { KeyPackageQuery, KeyPackageRow, KeyStoreBackend, RewriteBatch } from "./backend.js";
import {
  checkEncryptionKey,
  importRecordKey,
  KEY_CHECK_META,
  makeKeyCheck,
  type RecordCipher,
  randomBytes,
  subtle,
  verifyKeyCheck,
} from "./encryption.js";
import { KeyStoreErrorCode, storageError } from "./errors.js";
import type {
  KeyPackageFilter,
  KeyPackageReservation,
  KeyPackageStatus,
  KeyPackageStore,
  KeyPackageSummary,
  ReserveOptions,
  SignatureKeyOwner,
  StoredSignatureKeyPair,
} from "./key-package-store.js";
import {
  bundleFlags,
  decodeBundleRecord,
  decodeSignatureRecord,
  encodeBundleRecord,
  encodeSignatureRecord,
  flagsLastResort,
  openRecord,
  RecordType,
  sealRecord,
} from "./record.js";
import { RESERVATION_TOKEN_SIZE, Reservation } from "./reservation.js";

/**
 * Options of {@link createKeyPackageStore} (and of the concrete stores' open functions).
 *
 * @example
 * ```ts
 * const opts: KeyPackageStoreOptions = { encryptionKey: crypto.getRandomValues(new Uint8Array(32)) };
 * ```
 */
export interface KeyPackageStoreOptions {
  /**
   * 32-byte AES-256-GCM key for encryption at rest. A store created with a key stays encrypted;
   * opening it without the key, or with another, throws before anything is read or written.
   */
  readonly encryptionKey?: Uint8Array;
  /**
   * The clock for `createdAt`, for `pruneExpired()` without argument and for reservation leases
   * (tests inject one to expire a lease without waiting). Default: `Date.now()`.
   */
  readonly now?: () => bigint | Date;
}

const PAGE = 256;
/** Default lease of a reservation, in seconds. */
const DEFAULT_LEASE_SECONDS = 300;
const SIGNATURE_ID_LABEL = utf8("mlskit keystore signature key v1");
const signatureIdCodec = struct({ label: opaque, cipherSuite: uint16, credential: credentialCodec });

/** Shared/exclusive gate: operations run concurrently; rekey and close run alone. */
class Gate {
  #active = 0;
  #exclusive: Promise<void> | undefined;
  #idle: (() => void) | undefined;

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive !== undefined) await this.#exclusive;
    this.#active++;
    try {
      return await fn();
    } finally {
      this.#active--;
      if (this.#active === 0) this.#idle?.();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive !== undefined) await this.#exclusive;
    let release!: () => void;
    this.#exclusive = new Promise<void>((r) => {
      release = r;
    });
    try {
      while (this.#active > 0) {
        await new Promise<void>((r) => {
          this.#idle = r;
        });
      }
      this.#idle = undefined;
      return await fn();
    } finally {
      this.#exclusive = undefined;
      release();
    }
  }
}

function checkRef(ref: unknown, name = "ref"): asserts ref is Uint8Array {
  if (!(ref instanceof Uint8Array)) throw new TypeError(`"${name}" expected Uint8Array`);
  if (ref.length === 0) throw new RangeError(`"${name}" expected a non-empty Uint8Array`);
}

function checkBundle(bundle: unknown, name = "bundle"): asserts bundle is KeyPackageBundle {
  const b = bundle as KeyPackageBundle | null;
  if (
    !(bundle instanceof KeyPackageBundle) &&
    (typeof b !== "object" ||
      b === null ||
      !(b.ref instanceof Uint8Array) ||
      typeof b.keyPackage !== "object")
  ) {
    throw new TypeError(`"${name}" expected a KeyPackageBundle`);
  }
}

function checkOwner(owner: unknown): asserts owner is SignatureKeyOwner {
  const o = owner as SignatureKeyOwner | null;
  if (typeof o !== "object" || o === null)
    throw new TypeError(`"owner" expected { credential, cipherSuite }`);
  if (
    typeof o.credential !== "object" ||
    o.credential === null ||
    !Number.isInteger(o.credential.credentialType)
  ) {
    throw new TypeError(`"credential" expected a Credential`);
  }
  if (!Number.isInteger(o.cipherSuite) || o.cipherSuite < 0 || o.cipherSuite > 0xffff) {
    throw new TypeError(`"cipherSuite" expected a uint16, got ${String(o.cipherSuite)}`);
  }
}

function checkReserveOptions(opts: unknown): number {
  if (opts === undefined) return DEFAULT_LEASE_SECONDS;
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  const lease = (opts as ReserveOptions).leaseSeconds;
  if (lease === undefined) return DEFAULT_LEASE_SECONDS;
  if (typeof lease !== "number") throw new TypeError(`"leaseSeconds" expected a number`);
  if (!Number.isSafeInteger(lease) || lease < 1) {
    throw new RangeError(`"leaseSeconds" expected a positive whole number of seconds, got ${lease}`);
  }
  return lease;
}

/** The query of a `list`/`count` filter; reserved packages are left out (see the module note). */
function toQuery(filter: KeyPackageFilter | undefined): Omit<KeyPackageQuery, "unleasedAt"> {
  if (filter === undefined) return {};
  if (typeof filter !== "object" || filter === null) throw new TypeError(`"filter" expected an object`);
  const q: {
    validAt?: bigint;
    cipherSuite?: number;
    lastResort?: boolean;
    signatureKey?: Uint8Array;
  } = {};
  if (filter.validAt !== undefined) q.validAt = toEpochSeconds(filter.validAt);
  if (filter.cipherSuite !== undefined) {
    if (!Number.isInteger(filter.cipherSuite))
      throw new TypeError(`"filter.cipherSuite" expected an integer`);
    q.cipherSuite = filter.cipherSuite;
  }
  if (filter.lastResort !== undefined) {
    if (typeof filter.lastResort !== "boolean") throw new TypeError(`"filter.lastResort" expected a boolean`);
    q.lastResort = filter.lastResort;
  }
  if (filter.signatureKey !== undefined) {
    if (!(filter.signatureKey instanceof Uint8Array)) {
      throw new TypeError(`"filter.signatureKey" expected Uint8Array`);
    }
    q.signatureKey = filter.signatureKey.slice();
  }
  return q;
}

function summaryOf(e: KeyPackageSummary): KeyPackageSummary {
  return Object.freeze({
    ref: e.ref.slice(),
    cipherSuite: e.cipherSuite,
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    lastResort: e.lastResort,
    signatureKey: e.signatureKey.slice(),
    createdAt: e.createdAt,
  });
}

class Store implements KeyPackageStore {
  readonly #backend: KeyStoreBackend;
  #cipher: RecordCipher | undefined;
  readonly #now: () => bigint;
  readonly #gate = new Gate();
  #closed = false;

  constructor(backend: KeyStoreBackend, cipher: RecordCipher | undefined, now: () => bigint) {
    this.#backend = backend;
    this.#cipher = cipher;
    this.#now = now;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  /** Run `fn` under the shared gate, refusing a closed store and wrapping backend failures. */
  #op<T>(fn: () => Promise<T>): Promise<T> {
    return this.#gate.shared(async () => {
      if (this.#closed) throw storageError(KeyStoreErrorCode.closed, "the key store is closed");
      return fn();
    });
  }

  async #io<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (MlsError.is(e)) throw e;
      throw storageError(
        KeyStoreErrorCode.backendFailure,
        `key store backend failed: ${what}: ${backendReason(e)}`,
        {},
        e,
      );
    }
  }

  async #rowOf(bundle: KeyPackageBundle, createdAt: bigint): Promise<KeyPackageRow> {
    checkBundle(bundle);
    const kp = bundle.keyPackage;
    const lifetime = kp.leafNode?.lifetime;
    if (lifetime === undefined) throw new TypeError(`"bundle" key package has no lifetime`);
    const body = encodeBundleRecord({
      ref: bundle.ref,
      keyPackage: encodeKeyPackage(kp),
      initPrivateKey: bundle.initPrivateKey,
      encryptionPrivateKey: bundle.encryptionPrivateKey,
      flags: bundleFlags(bundle.lastResort),
      createdAt,
    });
    try {
      const record = await sealRecord(RecordType.keyPackageBundle, bundle.ref, body, this.#cipher);
      return {
        ref: bundle.ref.slice(),
        cipherSuite: kp.cipherSuite,
        notBefore: lifetime.notBefore,
        notAfter: lifetime.notAfter,
        lastResort: bundle.lastResort,
        signatureKey: kp.leafNode.signatureKey.slice(),
        createdAt,
        record,
      };
    } finally {
      body.fill(0);
    }
  }

  async #bundleOf(row: KeyPackageRow): Promise<KeyPackageBundle> {
    const ref = toHex(row.ref);
    const body = await openRecord(row.record, RecordType.keyPackageBundle, row.ref, this.#cipher, { ref });
    try {
      const r = decodeBundleRecord(body);
      if (!bytesEqual(r.ref, row.ref)) throw new RangeError("the record belongs to another ref");
      const lastResort = flagsLastResort(r.flags);
      const bundle = restoreKeyPackageBundle({
        keyPackage: r.keyPackage.slice(),
        ref: r.ref,
        initPrivateKey: r.initPrivateKey,
        encryptionPrivateKey: r.encryptionPrivateKey,
      });
      if (bundle.lastResort !== lastResort)
        throw new RangeError("last-resort flag disagrees with the package");
      return bundle;
    } catch (e) {
      throw storageError(KeyStoreErrorCode.corruptRecord, `record ${ref} is corrupt`, { ref }, e);
    } finally {
      body.fill(0);
    }
  }

  async put(bundle: KeyPackageBundle): Promise<void> {
    checkBundle(bundle);
    return this.putMany([bundle]);
  }

  async putMany(bundles: readonly KeyPackageBundle[]): Promise<void> {
    if (!Array.isArray(bundles)) throw new TypeError(`"bundles" expected an array of KeyPackageBundle`);
    for (const [i, b] of bundles.entries()) checkBundle(b, `bundles[${i}]`);
    return this.#op(async () => {
      const createdAt = this.#now();
      const rows = await Promise.all(bundles.map((b) => this.#rowOf(b, createdAt)));
      if (rows.length > 0) await this.#io("putKeyPackages", () => this.#backend.putKeyPackages(rows));
    });
  }

  async get(ref: Uint8Array): Promise<KeyPackageBundle | undefined> {
    checkRef(ref);
    return this.#op(async () => {
      const unleased = { unleasedAt: this.#now() };
      const row = await this.#io("getKeyPackage", () => this.#backend.getKeyPackage(ref, unleased));
      return row === undefined ? undefined : this.#bundleOf(row);
    });
  }

  async take(ref: Uint8Array): Promise<KeyPackageBundle | undefined> {
    checkRef(ref);
    return this.#op(async () => {
      const unleased = { unleasedAt: this.#now() };
      const row = await this.#io("getKeyPackage", () => this.#backend.getKeyPackage(ref, unleased));
      if (row === undefined) return undefined;
      // Decrypt and decode first: a record we cannot read is reported and left in place.
      const bundle = await this.#bundleOf(row);
      if (row.lastResort) return bundle; // RFC 9420 §16.8: a last-resort package MAY be reused.
      // The backend's delete is atomic and reports whether this call removed the row: of
      // concurrent takers (in any process) exactly one sees `true` and gets the bundle. It spares
      // a row reserved since our read, so a take and a reserve never both win.
      // The removal leaves a tombstone (ref and notAfter) in the same transaction: `status`
      // then tells "already consumed" from "never ours".
      const consume = { ...unleased, tombstone: true };
      const won = await this.#io("deleteKeyPackage", () => this.#backend.deleteKeyPackage(ref, consume));
      if (won) return bundle;
      bundle.dispose();
      return undefined;
    });
  }

  async reserve(ref: Uint8Array, opts?: ReserveOptions): Promise<KeyPackageReservation | undefined> {
    checkRef(ref);
    const leaseSeconds = checkReserveOptions(opts);
    const key = ref.slice();
    return this.#op(async () => {
      const now = this.#now();
      const lease = { token: randomBytes(RESERVATION_TOKEN_SIZE), expiresAt: now + BigInt(leaseSeconds) };
      const row = await this.#io("leaseKeyPackage", () => this.#backend.leaseKeyPackage(key, lease, now));
      if (row === undefined) return undefined;
      // A commit removes (and so consumes) only a non-last-resort package: it leaves a tombstone.
      const end = (remove: boolean): Promise<boolean> =>
        this.#op(() =>
          this.#io("endKeyPackageLease", () =>
            this.#backend.endKeyPackageLease(key, lease.token, remove, remove),
          ),
        );
      let bundle: KeyPackageBundle;
      try {
        bundle = await this.#bundleOf(row);
      } catch (e) {
        // An unreadable record stays where it was, unreserved, and is reported like get/take do.
        await this.#io("endKeyPackageLease", () =>
          this.#backend.endKeyPackageLease(key, lease.token, false),
        ).catch(() => {});
        throw e;
      }
      return new Reservation(key, bundle, lease.expiresAt, row.lastResort, end);
    });
  }

  async status(ref: Uint8Array): Promise<KeyPackageStatus> {
    checkRef(ref);
    return this.#op(() =>
      this.#io("keyPackageStatus", () => this.#backend.keyPackageStatus(ref, this.#now())),
    );
  }

  async delete(ref: Uint8Array): Promise<boolean> {
    checkRef(ref);
    return this.#op(() => this.#io("deleteKeyPackage", () => this.#backend.deleteKeyPackage(ref)));
  }

  list(filter?: KeyPackageFilter): AsyncIterable<KeyPackageSummary> {
    const query = toQuery(filter);
    const scan = (after: Uint8Array | undefined) =>
      this.#op(() =>
        this.#io("scanKeyPackages", () =>
          this.#backend.scanKeyPackages(
            { ...query, unleasedAt: this.#now() },
            after === undefined ? { limit: PAGE } : { after, limit: PAGE },
          ),
        ),
      );
    return {
      async *[Symbol.asyncIterator]() {
        let after: Uint8Array | undefined;
        for (;;) {
          const page = await scan(after);
          for (const e of page) yield summaryOf(e);
          if (page.length < PAGE) return;
          after = page[page.length - 1]!.ref.slice();
        }
      },
    };
  }

  async count(filter?: KeyPackageFilter): Promise<number> {
    const query = toQuery(filter);
    const backend = this.#backend;
    if (backend.countKeyPackages !== undefined) {
      return this.#op(() =>
        this.#io("countKeyPackages", () => backend.countKeyPackages!({ ...query, unleasedAt: this.#now() })),
      );
    }
    return (async () => {
      let n = 0;
      for await (const _ of this.list(filter)) n++;
      return n;
    })();
  }

  async pruneExpired(now?: bigint | Date): Promise<number> {
    const at = now === undefined ? undefined : toEpochSeconds(now);
    return this.#op(async () => {
      const clock = this.#now();
      // A reserved package is being used to open a Welcome: leave it until its lease ends.
      const unleased = { unleasedAt: clock };
      const query: KeyPackageQuery = { expiredAt: at ?? clock, ...unleased };
      const refs: Uint8Array[] = [];
      let after: Uint8Array | undefined;
      for (;;) {
        const page = await this.#io("scanKeyPackages", () =>
          this.#backend.scanKeyPackages(
            query,
            after === undefined ? { limit: PAGE } : { after, limit: PAGE },
          ),
        );
        for (const e of page) refs.push(e.ref.slice());
        if (page.length < PAGE) break;
        after = refs[refs.length - 1];
      }
      let removed = 0;
      for (const ref of refs) {
        if (await this.#io("deleteKeyPackage", () => this.#backend.deleteKeyPackage(ref, unleased))) {
          removed++;
        }
      }
      // Tombstones only answer "already consumed" for a Welcome that could still be opened.
      await this.#io("pruneTombstones", () => this.#backend.pruneTombstones(at ?? clock));
      return removed;
    });
  }

  async putSignatureKeyPair(entry: StoredSignatureKeyPair): Promise<void> {
    checkOwner(entry);
    const pair = entry.signatureKeyPair;
    if (!(pair?.publicKey instanceof Uint8Array) || !(pair.privateKey instanceof Uint8Array)) {
      throw new TypeError(`"signatureKeyPair" expected { publicKey: Uint8Array, privateKey: Uint8Array }`);
    }
    return this.#op(async () => {
      const id = await signatureKeyId(entry);
      const body = encodeSignatureRecord({
        cipherSuite: entry.cipherSuite,
        credential: entry.credential,
        publicKey: pair.publicKey,
        privateKey: pair.privateKey,
        createdAt: this.#now(),
      });
      try {
        const record = await sealRecord(RecordType.signatureKeyPair, id, body, this.#cipher);
        await this.#io("putSignatureKey", () => this.#backend.putSignatureKey(id, record));
      } finally {
        body.fill(0);
      }
    });
  }

  async getSignatureKeyPair(owner: SignatureKeyOwner): Promise<SignatureKeyPair | undefined> {
    checkOwner(owner);
    return this.#op(async () => {
      const id = await signatureKeyId(owner);
      const stored = await this.#io("getSignatureKey", () => this.#backend.getSignatureKey(id));
      if (stored === undefined) return undefined;
      return this.#signatureOf(id, stored, owner);
    });
  }

  async #signatureOf(
    id: Uint8Array,
    stored: Uint8Array,
    owner?: SignatureKeyOwner,
  ): Promise<SignatureKeyPair> {
    const sid = toHex(id);
    const body = await openRecord(stored, RecordType.signatureKeyPair, id, this.#cipher, {
      signatureKeyId: sid,
    });
    try {
      const r = decodeSignatureRecord(body);
      if (owner !== undefined) {
        const same =
          r.cipherSuite === owner.cipherSuite &&
          bytesEqual(encode(credentialCodec, r.credential), encode(credentialCodec, owner.credential));
        if (!same) throw new RangeError("the record belongs to another credential or suite");
      }
      return { publicKey: r.publicKey.slice(), privateKey: r.privateKey.slice() };
    } catch (e) {
      throw storageError(
        KeyStoreErrorCode.corruptRecord,
        `signature key record ${sid} is corrupt`,
        { signatureKeyId: sid },
        e,
      );
    } finally {
      body.fill(0);
    }
  }

  async deleteSignatureKeyPair(owner: SignatureKeyOwner): Promise<boolean> {
    checkOwner(owner);
    return this.#op(async () => {
      const id = await signatureKeyId(owner);
      return this.#io("deleteSignatureKey", () => this.#backend.deleteSignatureKey(id));
    });
  }

  async rekey(newKey: Uint8Array | null): Promise<void> {
    if (newKey !== null) checkEncryptionKey(newKey, "newKey");
    return this.#gate.exclusive(async () => {
      if (this.#closed) throw storageError(KeyStoreErrorCode.closed, "the key store is closed");
      const next = newKey === null ? undefined : await importRecordKey(newKey);
      const old = this.#cipher;
      // Read and re-seal everything first (any unreadable record aborts with nothing changed).
      const keyPackages: { ref: Uint8Array; record: Uint8Array }[] = [];
      let after: Uint8Array | undefined;
      for (;;) {
        const page = await this.#io("scanKeyPackages", () =>
          this.#backend.scanKeyPackages({}, after === undefined ? { limit: PAGE } : { after, limit: PAGE }),
        );
        for (const e of page) {
          const ref = e.ref.slice();
          const row = await this.#io("getKeyPackage", () => this.#backend.getKeyPackage(ref));
          if (row === undefined) continue;
          const hex = toHex(ref);
          const body = await openRecord(row.record, RecordType.keyPackageBundle, ref, old, { ref: hex });
          try {
            keyPackages.push({ ref, record: await sealRecord(RecordType.keyPackageBundle, ref, body, next) });
          } finally {
            body.fill(0);
          }
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.ref.slice();
      }
      const signatureKeys: { id: Uint8Array; record: Uint8Array }[] = [];
      for (const { id, record } of await this.#io("listSignatureKeys", () =>
        this.#backend.listSignatureKeys(),
      )) {
        const body = await openRecord(record, RecordType.signatureKeyPair, id, old, {
          signatureKeyId: toHex(id),
        });
        try {
          signatureKeys.push({ id, record: await sealRecord(RecordType.signatureKeyPair, id, body, next) });
        } finally {
          body.fill(0);
        }
      }
      const batch: RewriteBatch = {
        keyPackages,
        signatureKeys,
        meta: [{ name: KEY_CHECK_META, value: next === undefined ? null : await makeKeyCheck(next) }],
      };
      await this.#io("rewrite", () => this.#backend.rewrite(batch));
      this.#cipher = next;
    });
  }

  close(): Promise<void> {
    return this.#gate.exclusive(async () => {
      if (this.#closed) return;
      this.#closed = true;
      await this.#io("close", () => this.#backend.close());
    });
  }
}

async function signatureKeyId(owner: SignatureKeyOwner): Promise<Uint8Array> {
  const input = encode(signatureIdCodec, {
    label: SIGNATURE_ID_LABEL,
    cipherSuite: owner.cipherSuite,
    credential: owner.credential as Credential,
  });
  return new Uint8Array(await subtle().digest("SHA-256", input as Uint8Array<ArrayBuffer>));
}

async function isEmpty(backend: KeyStoreBackend): Promise<boolean> {
  const kps = await backend.scanKeyPackages({}, { limit: 1 });
  if (kps.length > 0) return false;
  return (await backend.listSignatureKeys()).length === 0;
}

/**
 * Turn a {@link KeyStoreBackend} into a `KeyPackageStore`. With `encryptionKey`, checks the key
 * against the store's key check (creating one for an empty store) before returning. Takes
 * ownership of the backend: closing the store closes it, and it is closed when opening fails.
 *
 * @param backend - an opened backend
 * @param opts - encryption key and clock
 * @returns the store
 * @throws StorageError STORE_WRONG_ENCRYPTION_KEY (another key), STORE_ENCRYPTION_KEY_REQUIRED
 *   (encrypted store, no key), STORE_NOT_ENCRYPTED (unencrypted records, a key given)
 * @throws RangeError when the key is not 32 bytes
 * @example
 * ```ts
 * import { createKeyPackageStore } from "@mlskit/keystore";
 * const store = await createKeyPackageStore(myBackend, { encryptionKey });
 * await store.put(bundle);
 * ```
 */
export async function createKeyPackageStore(
  backend: KeyStoreBackend,
  opts: KeyPackageStoreOptions = {},
): Promise<KeyPackageStore> {
  if (typeof backend?.getKeyPackage !== "function")
    throw new TypeError(`"backend" expected a KeyStoreBackend`);
  if (opts.encryptionKey !== undefined) checkEncryptionKey(opts.encryptionKey);
  if (opts.now !== undefined && typeof opts.now !== "function")
    throw new TypeError(`"now" expected a function`);
  const clock = opts.now;
  const now = clock === undefined ? () => toEpochSeconds() : () => toEpochSeconds(clock());
  try {
    const cipher = opts.encryptionKey === undefined ? undefined : await importRecordKey(opts.encryptionKey);
    const check = await backend.getMeta(KEY_CHECK_META);
    if (check !== undefined) {
      if (cipher === undefined) {
        throw storageError(
          KeyStoreErrorCode.encryptionKeyRequired,
          "the key store is encrypted: pass its encryptionKey",
        );
      }
      if (!(await verifyKeyCheck(cipher, check))) {
        throw storageError(
          KeyStoreErrorCode.wrongEncryptionKey,
          "the encryption key does not open this key store",
        );
      }
    } else if (cipher !== undefined) {
      if (!(await isEmpty(backend))) {
        throw storageError(
          KeyStoreErrorCode.notEncrypted,
          "the key store holds unencrypted records: open it without a key and call rekey(key) to encrypt it",
        );
      }
      const ours = await makeKeyCheck(cipher);
      const stored = await backend.initMeta(KEY_CHECK_META, ours);
      // Another opener may have initialised the store first, with its own key.
      if (!bytesEqual(stored, ours) && !(await verifyKeyCheck(cipher, stored))) {
        throw storageError(
          KeyStoreErrorCode.wrongEncryptionKey,
          "the encryption key does not open this key store",
        );
      }
    }
    return new Store(backend, cipher, now);
  } catch (e) {
    await backend.close().catch(() => {});
    if (MlsError.is(e) || e instanceof TypeError || e instanceof RangeError) throw e;
    throw storageError(
      KeyStoreErrorCode.backendFailure,
      `key store backend failed while opening: ${backendReason(e)}`,
      {},
      e,
    );
  }
}

/**
 * The first line of a backend's own error message (a driver's "database is locked", an
 * IndexedDB "QuotaExceededError"), so a user sees why without MLSKIT_DEBUG. Backends hold no key
 * material in their messages: they only ever see encrypted or opaque records.
 * @internal
 */
export function backendReason(e: unknown): string {
  const code =
    typeof (e as { code?: unknown })?.code === "string" ? ` (${(e as { code: string }).code})` : "";
  const message = e instanceof Error ? e.message : String(e);
  return `${message.split("\n")[0]!.slice(0, 200)}${code}`;
}
