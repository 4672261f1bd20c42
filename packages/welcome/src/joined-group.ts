/**
 * @module joined-group
 * `JoinedGroup`: what `openWelcome` returns — the group's public state as of the Welcome, our
 * place in it, the first epoch's secrets, and the key package, still reserved in its store until
 * the application calls `commit()` (after saving its group state) or `release()`. Secrets are
 * redacted from `JSON.stringify` and `util.inspect`, and `dispose()` zeroes them, as a
 * `KeyPackageBundle` does.
 */
import { toHex } from "@mlskit/codec";
import { UsageError } from "@mlskit/errors";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import { WelcomeErrorCode } from "./errors.js";
import type { GroupContext } from "./group-context.js";
import type { GroupInfo } from "./group-info.js";
import type { RatchetTree } from "./ratchet-tree.js";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/**
 * What consuming the key package means: a store reservation's commit/release, or nothing for a
 * bundle given directly.
 * @internal
 */
export interface KeyPackageHold {
  commit(): Promise<void>;
  release(): Promise<void>;
}

/**
 * The secret and public parts of a join, as `openWelcome` hands them to {@link JoinedGroup}.
 * @internal
 */
export interface JoinedGroupParts {
  readonly keyPackageRef: Uint8Array;
  readonly bundle: KeyPackageBundle;
  readonly groupInfo: GroupInfo;
  readonly ratchetTree: RatchetTree;
  readonly ownLeafIndex: number;
  readonly joinerSecret: Uint8Array;
  readonly pathSecret: Uint8Array | undefined;
  readonly pskSecret: Uint8Array;
  readonly epochSecret: Uint8Array;
  readonly epochAuthenticator: Uint8Array;
  readonly interimTranscriptHash: Uint8Array;
  readonly hold: KeyPackageHold;
}

/**
 * A group joined through a Welcome (RFC 9420 §12.4.3.1).
 *
 * @example
 * ```ts
 * const joined = await openWelcome({ welcome: bytes, provider, store });
 * try {
 *   await saveGroupState(joined);   // first make the join durable ...
 *   await joined.commit();          // ... then consume the key package
 * } finally {
 *   await joined.release();         // no-op after commit; gives the package back after a failure
 *   joined.dispose();
 * }
 * ```
 */
export class JoinedGroup {
  /** The KeyPackageRef the Welcome named. */
  readonly keyPackageRef: Uint8Array;
  /** The GroupInfo as decrypted and verified. */
  readonly groupInfo: GroupInfo;
  /** The verified ratchet tree (as received: no trailing blank nodes). */
  readonly ratchetTree: RatchetTree;
  /** Our leaf index in the tree: the leaf equal to our key package's leaf node. */
  readonly ownLeafIndex: number;
  /**
   * The epoch authenticator (RFC 9420 §8.7): equal for every member that has the same view of the
   * group, so it can be compared out of band. Not a secret of the group's keys.
   */
  readonly epochAuthenticator: Uint8Array;
  /**
   * The interim transcript hash of the epoch joined (RFC 9420 §8.2), which the next Commit's
   * confirmed transcript hash builds on: `Hash(confirmed_transcript_hash ‖ InterimTranscriptHashInput)`
   * with the GroupInfo's confirmation tag.
   */
  readonly interimTranscriptHash: Uint8Array;
  readonly #bundle: KeyPackageBundle;
  readonly #joinerSecret: Uint8Array;
  readonly #pathSecret: Uint8Array | undefined;
  readonly #pskSecret: Uint8Array;
  readonly #epochSecret: Uint8Array;
  readonly #hold: KeyPackageHold;
  #disposed = false;

  /**
   * @param parts - the join's results (secrets are taken over, not copied)
   * @internal made by openWelcome
   */
  constructor(parts: JoinedGroupParts) {
    this.keyPackageRef = parts.keyPackageRef;
    this.groupInfo = parts.groupInfo;
    this.ratchetTree = parts.ratchetTree;
    this.ownLeafIndex = parts.ownLeafIndex;
    this.epochAuthenticator = parts.epochAuthenticator;
    this.interimTranscriptHash = parts.interimTranscriptHash;
    this.#bundle = parts.bundle;
    this.#joinerSecret = parts.joinerSecret;
    this.#pathSecret = parts.pathSecret;
    this.#pskSecret = parts.pskSecret;
    this.#epochSecret = parts.epochSecret;
    this.#hold = parts.hold;
  }

  /** The group's cipher suite. */
  get cipherSuite(): number {
    return this.groupInfo.groupContext.cipherSuite;
  }

  /** The GroupContext of the epoch joined: group id, epoch, tree hash, transcript hash, extensions. */
  get groupContext(): GroupContext {
    return this.groupInfo.groupContext;
  }

  /** The key package bundle the Welcome named (its private keys: the leaf's encryption key). @throws UsageError after dispose() */
  get bundle(): KeyPackageBundle {
    return this.#live(this.#bundle);
  }

  /** `joiner_secret` from the GroupSecrets. @throws UsageError after dispose() */
  get joinerSecret(): Uint8Array {
    return this.#live(this.#joinerSecret);
  }

  /** `path_secret` from the GroupSecrets, when the committer sent one. @throws UsageError after dispose() */
  get pathSecret(): Uint8Array | undefined {
    return this.#live(this.#pathSecret);
  }

  /** `psk_secret` (RFC 9420 §8.4; all zeros without PSKs). @throws UsageError after dispose() */
  get pskSecret(): Uint8Array {
    return this.#live(this.#pskSecret);
  }

  /** `epoch_secret` of the epoch joined (RFC 9420 §8): every epoch secret derives from it. @throws UsageError after dispose() */
  get epochSecret(): Uint8Array {
    return this.#live(this.#epochSecret);
  }

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Consume the key package: with a store, the reservation is committed (the package is deleted,
   * unless last resort). Call it once the group state is saved. Without a store it does nothing.
   * Safe to repeat.
   * @throws StorageError from the store (e.g. when the lease expired and the package was taken)
   */
  commit(): Promise<void> {
    return this.#hold.commit();
  }

  /**
   * Give the key package back untouched (with a store; nothing without one). Does nothing after
   * `commit()`, so it belongs in a `finally`.
   */
  release(): Promise<void> {
    return this.#hold.release();
  }

  /** `value`, unless the group was disposed. */
  #live<T>(value: T): T {
    if (this.#disposed) {
      throw new UsageError(WelcomeErrorCode.joinedGroupDisposed, "this joined group was disposed");
    }
    return value;
  }

  /** Zero every secret (and the bundle's private keys); later reads throw. Idempotent. */
  dispose(): void {
    this.#joinerSecret.fill(0);
    this.#pathSecret?.fill(0);
    this.#pskSecret.fill(0);
    this.#epochSecret.fill(0);
    this.#bundle.dispose();
    this.#disposed = true;
  }

  /**
   * `Symbol.dispose` for `using` declarations. (Its type comes with KeyPackageBundle's
   * declarations, which this class refers to, so a consumer needs no `esnext.disposable` lib.)
   */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** JSON without secrets. */
  toJSON(): Record<string, unknown> {
    const gc = this.groupInfo.groupContext;
    return {
      keyPackageRef: toHex(this.keyPackageRef),
      cipherSuite: gc.cipherSuite,
      groupId: toHex(gc.groupId),
      epoch: gc.epoch.toString(),
      members: this.ratchetTree.filter((n, i) => i % 2 === 0 && n !== undefined).length,
      ownLeafIndex: this.ownLeafIndex,
      epochAuthenticator: toHex(this.epochAuthenticator),
      joinerSecret: REDACTED,
      pathSecret: this.#pathSecret === undefined ? undefined : REDACTED,
      pskSecret: REDACTED,
      epochSecret: REDACTED,
      bundle: this.#disposed ? REDACTED : this.#bundle.toJSON(),
    };
  }

  /** util.inspect / console.log form, without secrets. */
  [inspectCustom](): string {
    const gc = this.groupInfo.groupContext;
    return `JoinedGroup { groupId: ${toHex(gc.groupId)}, epoch: ${gc.epoch}, cipherSuite: ${gc.cipherSuite}, ownLeafIndex: ${this.ownLeafIndex}, epochAuthenticator: ${toHex(this.epochAuthenticator)}, joinerSecret: ${REDACTED}, pskSecret: ${REDACTED}, epochSecret: ${REDACTED}${this.#disposed ? ", disposed" : ""} }`;
  }

  /** @returns a short description without secrets */
  toString(): string {
    return `JoinedGroup(${toHex(this.groupInfo.groupContext.groupId)}, epoch ${this.groupInfo.groupContext.epoch})`;
  }
}
