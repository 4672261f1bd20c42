/**
 * @module bundle
 * `KeyPackageBundle`: a created key package with its reference and the two HPKE private keys the
 * client must keep until a Welcome names the package (RFC 9420 §12.4.3.1). The signature private
 * key is never part of a bundle. Private keys are redacted from `JSON.stringify` and
 * `util.inspect`, and `dispose()` zeroes them.
 */
import { toHex } from "@mlskit/codec";
import { UsageError } from "@mlskit/errors";
import { KeyPackageErrorCode } from "./errors.js";
import { decodeTrustedKeyPackage, encodeKeyPackage, type KeyPackage } from "./key-package.js";
import { isLastResortKeyPackage } from "./last-resort.js";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

// `[Symbol.dispose]()` below (for `using`) names `Symbol.dispose`, which TypeScript's ES2022 lib
// lacks: it is in `esnext.disposable` (and declared by @types/node). This declaration, published
// with the class, lets a consumer on `lib: ["es2022"]` without @types/node type-check these
// declarations; it merges with the lib's and @types/node's own (the same `unique symbol`), so
// `using` keeps working for a consumer who has them. Every other disposable type of mlskit
// (e.g. @mlskit/welcome's JoinedGroup) refers to KeyPackageBundle and so gets it too.
declare global {
  interface SymbolConstructor {
    /** The method `using` calls at the end of its scope (ECMAScript explicit resource management). */
    readonly dispose: unique symbol;
  }
}

/**
 * A key package and its private material.
 *
 * @example
 * ```ts
 * const bundle = await createKeyPackage({ provider, cipherSuite: 1, credential, signatureKeyPair });
 * publish(encodeKeyPackageMessage(bundle.keyPackage));
 * await store.put(bundle);
 * bundle.dispose(); // zero the private keys held by this object
 * ```
 */
export class KeyPackageBundle {
  /** The validated (self-created or restored) key package. */
  readonly keyPackage: KeyPackage;
  /** Its KeyPackageRef. */
  readonly ref: Uint8Array;
  #initPrivateKey: Uint8Array;
  #encryptionPrivateKey: Uint8Array;
  #disposed = false;

  /**
   * @param keyPackage - the package
   * @param ref - its KeyPackageRef
   * @param initPrivateKey - HPKE private key of `init_key` (taken over, not copied)
   * @param encryptionPrivateKey - HPKE private key of `leaf_node.encryption_key` (taken over)
   */
  constructor(
    keyPackage: KeyPackage,
    ref: Uint8Array,
    initPrivateKey: Uint8Array,
    encryptionPrivateKey: Uint8Array,
  ) {
    this.keyPackage = keyPackage;
    this.ref = ref;
    this.#initPrivateKey = initPrivateKey;
    this.#encryptionPrivateKey = encryptionPrivateKey;
  }

  /** HPKE private key for `init_key`: opens the Welcome. @throws UsageError after dispose() */
  get initPrivateKey(): Uint8Array {
    this.#check();
    return this.#initPrivateKey;
  }

  /** HPKE private key for `leaf_node.encryption_key`. @throws UsageError after dispose() */
  get encryptionPrivateKey(): Uint8Array {
    this.#check();
    return this.#encryptionPrivateKey;
  }

  /** Whether the package is marked last resort (extension 0x000A or the draft component form). */
  get lastResort(): boolean {
    return isLastResortKeyPackage(this.keyPackage);
  }

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  #check(): void {
    if (this.#disposed) {
      throw new UsageError(KeyPackageErrorCode.bundleDisposed, "this key package bundle was disposed");
    }
  }

  /** Zero both private keys; later reads throw. Idempotent. */
  dispose(): void {
    this.#initPrivateKey.fill(0);
    this.#encryptionPrivateKey.fill(0);
    this.#disposed = true;
  }

  /** `Symbol.dispose` for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** JSON without secrets: the ref, the cipher suite and the package in hex. */
  toJSON(): {
    ref: string;
    cipherSuite: number;
    keyPackage: string;
    initPrivateKey: string;
    encryptionPrivateKey: string;
  } {
    return {
      ref: toHex(this.ref),
      cipherSuite: this.keyPackage.cipherSuite,
      keyPackage: toHex(encodeKeyPackage(this.keyPackage)),
      initPrivateKey: REDACTED,
      encryptionPrivateKey: REDACTED,
    };
  }

  /** util.inspect / console.log form, without secrets. */
  [inspectCustom](): string {
    return `KeyPackageBundle { ref: ${toHex(this.ref)}, cipherSuite: ${this.keyPackage.cipherSuite}, initPrivateKey: ${REDACTED}, encryptionPrivateKey: ${REDACTED}${this.#disposed ? ", disposed" : ""} }`;
  }

  /** @returns a short description without secrets */
  toString(): string {
    return `KeyPackageBundle(${toHex(this.ref)})`;
  }
}

/**
 * Rebuild a bundle from stored parts (a key store's record). The package bytes are trusted: they
 * must be bytes this library created and stored, never bytes from a peer.
 *
 * @param parts - encoded KeyPackage, its ref and the two HPKE private keys (copied)
 * @returns the bundle
 * @throws CodecError when the stored package bytes do not decode
 * @example
 * ```ts
 * const bundle = restoreKeyPackageBundle({ keyPackage: row.kp, ref: row.ref, initPrivateKey: row.init, encryptionPrivateKey: row.enc });
 * ```
 */
export function restoreKeyPackageBundle(parts: {
  readonly keyPackage: Uint8Array;
  readonly ref: Uint8Array;
  readonly initPrivateKey: Uint8Array;
  readonly encryptionPrivateKey: Uint8Array;
}): KeyPackageBundle {
  for (const k of ["keyPackage", "ref", "initPrivateKey", "encryptionPrivateKey"] as const) {
    if (!(parts[k] instanceof Uint8Array)) throw new TypeError(`"${k}" expected Uint8Array`);
  }
  return new KeyPackageBundle(
    decodeTrustedKeyPackage(parts.keyPackage),
    parts.ref.slice(),
    parts.initPrivateKey.slice(),
    parts.encryptionPrivateKey.slice(),
  );
}
