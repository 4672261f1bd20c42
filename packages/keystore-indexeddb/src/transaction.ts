/**
 * @module transaction
 * One IndexedDB transaction as a promise, written with request callbacks only.
 *
 * A transaction commits as soon as no request is pending when control returns to the event loop,
 * so nothing but IndexedDB requests may be waited for inside one: not a `fetch`, not
 * `crypto.subtle`, not even an already-resolved promise chain that some runtimes schedule late.
 * The body therefore chains requests through their `onsuccess` callbacks and never awaits; the
 * promise settles on the transaction's `complete` (so a resolved write is committed, durably with
 * `durability: "strict"`) or on its `abort`.
 */

/** What a transaction body gets: the transaction, a way to set its result, and request chaining. @internal */
export interface TxContext<T> {
  readonly tx: IDBTransaction;
  /** Set the value the transaction's promise resolves with (on commit). */
  result(value: T): void;
  /** Run `then(request.result)` when `request` succeeds; an exception in it aborts the transaction. */
  on<R>(request: IDBRequest<R>, then: (value: R) => void): void;
}

/**
 * The part of a {@link TxContext} that issues requests, whatever the transaction resolves with:
 * what the shared read helpers take, so any transaction's context can be handed to them.
 * @internal
 */
export type TxRequests = Pick<TxContext<unknown>, "tx" | "on">;

/** Transaction options of the backend. @internal */
export interface TxOptions {
  /** Durability of readwrite transactions. */
  readonly durability: IDBTransactionDurability;
}

/**
 * Run `body` in one transaction over `stores`; resolve with the value given to `result` once the
 * transaction has committed, reject with the first failure (the transaction is then aborted, so
 * none of its writes apply).
 *
 * @internal
 */
export function transact<T>(
  db: IDBDatabase,
  stores: string | readonly string[],
  mode: IDBTransactionMode,
  opts: TxOptions,
  initial: T,
  body: (ctx: TxContext<T>) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let value = initial;
    let failure: { error: unknown } | undefined;
    let tx: IDBTransaction;
    try {
      tx = db.transaction(
        stores as string | string[],
        mode,
        mode === "readwrite" ? { durability: opts.durability } : undefined,
      );
    } catch (e) {
      reject(e);
      return;
    }
    const fail = (error: unknown): void => {
      failure ??= { error };
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
    };
    tx.oncomplete = () => {
      if (failure === undefined) resolve(value);
      else reject(failure.error);
    };
    tx.onabort = () => {
      reject(failure?.error ?? tx.error ?? new Error("IndexedDB transaction aborted"));
    };
    const ctx: TxContext<T> = {
      tx,
      result(v) {
        value = v;
      },
      on(request, then) {
        request.onsuccess = () => {
          if (failure !== undefined) return;
          try {
            then(request.result);
          } catch (e) {
            fail(e);
          }
        };
        request.onerror = (event) => {
          // Keep the request's own error (e.g. QuotaExceededError) rather than a generic abort.
          event.preventDefault();
          fail(request.error ?? new Error("IndexedDB request failed"));
        };
      },
    };
    try {
      body(ctx);
    } catch (e) {
      fail(e);
    }
  });
}

/**
 * A request's result as a promise, for requests outside any transaction body (open, delete).
 * @internal
 */
export function requestResult<R>(request: IDBRequest<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      event.preventDefault();
      reject(request.error ?? new Error("IndexedDB request failed"));
    };
  });
}
