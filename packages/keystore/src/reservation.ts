/**
 * @module reservation
 * The {@link KeyPackageReservation} that `KeyPackageStore.reserve` hands out: the reserved bundle
 * and the two ways to end the reservation, each safe to repeat.
 *
 * The reservation holds a random token that only it knows; the backend ends a lease only when
 * the token matches (`endKeyPackageLease`). So a commit after the lease expired and someone else
 * reserved or took the package fails with `STORE_RESERVATION_LOST` instead of consuming another
 * caller's reservation, and a late `release()` never gives back a package someone else now holds.
 */
import { toHex } from "@mlskit/codec";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import { KeyStoreErrorCode, storageError } from "./errors.js";
import type { KeyPackageReservation } from "./key-package-store.js";

/** Size in bytes of a reservation token. @internal */
export const RESERVATION_TOKEN_SIZE = 16;

/**
 * What a reservation asks its store to do: end the lease (removing the package, or only the
 * lease), returning whether the lease was still ours. @internal
 */
export type EndLease = (remove: boolean) => Promise<boolean>;

type State = "held" | "committed" | "released" | "lost";

/**
 * A reservation of one key package. Its calls run one after the other, so concurrent `commit()`
 * and `release()` calls on one reservation cannot interleave.
 * @internal
 */
export class Reservation implements KeyPackageReservation {
  readonly #ref: Uint8Array;
  readonly #bundle: KeyPackageBundle;
  readonly #expiresAt: bigint;
  readonly #lastResort: boolean;
  readonly #end: EndLease;
  #state: State = "held";
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    ref: Uint8Array,
    bundle: KeyPackageBundle,
    expiresAt: bigint,
    lastResort: boolean,
    end: EndLease,
  ) {
    this.#ref = ref;
    this.#bundle = bundle;
    this.#expiresAt = expiresAt;
    this.#lastResort = lastResort;
    this.#end = end;
  }

  get ref(): Uint8Array {
    return this.#ref.slice();
  }

  get bundle(): KeyPackageBundle {
    return this.#bundle;
  }

  get expiresAt(): bigint {
    return this.#expiresAt;
  }

  #serial(fn: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  commit(): Promise<void> {
    return this.#serial(async () => {
      const ref = toHex(this.#ref);
      if (this.#state === "committed") return;
      if (this.#state === "released") {
        throw storageError(
          KeyStoreErrorCode.reservationReleased,
          `the reservation of ${ref} was released: the key package was given back, not consumed`,
          { ref },
        );
      }
      // RFC 9420 §16.8: a last-resort package is not consumed; committing only ends the lease.
      if (this.#state === "held" && (await this.#end(!this.#lastResort))) {
        this.#state = "committed";
        return;
      }
      this.#state = "lost";
      throw storageError(
        KeyStoreErrorCode.reservationLost,
        `the reservation of ${ref} no longer holds the key package: its lease expired and another caller took or reserved it, or it was deleted`,
        { ref },
      );
    });
  }

  release(): Promise<void> {
    return this.#serial(async () => {
      if (this.#state !== "held") return;
      // false: no longer ours (expired and taken by another, or deleted); nothing to give back.
      await this.#end(false);
      this.#state = "released";
    });
  }

  /** Nothing of the bundle or the token in logs: the bundle redacts itself, the token is private. */
  toJSON(): { ref: string; expiresAt: string; state: State } {
    return { ref: toHex(this.#ref), expiresAt: this.#expiresAt.toString(), state: this.#state };
  }
}
