/**
 * @module conformance/encryption-cases
 * The conformance cases of encryption at rest: reopening with the key, a wrong key refused
 * without changes, a missing key, an unencrypted store opened with a key, rekey to a new key and
 * back to none, tombstones (which hold no secret) across encryption, and the key's size.
 */
import { toHex } from "@mlskit/codec";
import type { SignatureKeyPair } from "@mlskit/credentials";
import { KeyStoreErrorCode } from "../errors.js";
import type { KeyPackageStore, SignatureKeyOwner } from "../key-package-store.js";
import { caught, randomKey } from "./fixtures.js";
import type { ConformanceCases, ConformanceKit } from "./kit.js";

/** The encryption-at-rest cases (each picks its own keys and locations). @internal */
export function encryptionCases(k: ConformanceKit): ConformanceCases {
  const { expect, expectSame, expectCode, opts } = k;
  /** `owner`'s stored private key is `signer`'s. */
  const expectPrivateKey = async (
    store: KeyPackageStore,
    owner: SignatureKeyOwner,
    signer: SignatureKeyPair,
  ) => {
    const pair = await store.getSignatureKeyPair(owner);
    expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(toHex(signer.privateKey));
  };
  /** Opening `location` without a key is refused: the store is encrypted. */
  const expectKeyRequired = async (location: string) =>
    expectCode(await caught(opts.open({ location })), KeyStoreErrorCode.encryptionKeyRequired);
  /** The fixtures, a fresh location and a fresh key. */
  const fresh = async (tag: string) => ({
    f: await k.fixtures(),
    key: randomKey(),
    location: k.newLocation(tag),
  });
  return {
    "an encrypted store reopens with its key and reads everything": async () => {
      const { f, key, location } = await fresh("enc-reopen");
      const ctx = { location, encryptionKey: key };
      const owner = { credential: f.credential, cipherSuite: k.suiteId };
      await k.withStore(ctx, async (store) => {
        await store.putMany(f.all);
        await store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer });
      });
      await k.withStore({ location: ctx.location, encryptionKey: key.slice() }, async (store) => {
        expect(store.encrypted).toBe(true);
        for (const b of f.all) expectSame(await store.get(b.ref), b);
        await expectPrivateKey(store, owner, f.signer);
      });
    },
    "a wrong key is refused with STORE_WRONG_ENCRYPTION_KEY and changes nothing; the right key still reads everything":
      async () => {
        const { f, key, location } = await fresh("enc-wrong");
        await k.withStore({ location, encryptionKey: key }, (store) => store.putMany(f.all));
        const flipped = key.slice();
        flipped[31]! ^= 1;
        for (const wrong of [randomKey(), randomKey(), randomKey(), flipped]) {
          expectCode(
            await caught(opts.open({ location, encryptionKey: wrong })),
            KeyStoreErrorCode.wrongEncryptionKey,
          );
        }
        await k.withStore({ location, encryptionKey: key }, async (store) => {
          expect(await store.count()).toBe(f.all.length);
          for (const b of f.all) expectSame(await store.get(b.ref), b);
        });
      },
    "an encrypted store opened without a key throws STORE_ENCRYPTION_KEY_REQUIRED": async () => {
      const { f, key, location } = await fresh("enc-nokey");
      await k.withStore({ location, encryptionKey: key }, (store) => store.put(f.ordinary[0]!));
      await expectKeyRequired(location);
      await k.withStore({ location, encryptionKey: key }, async (store) => {
        expectSame(await store.get(f.ordinary[0]!.ref), f.ordinary[0]!);
      });
    },
    "an unencrypted store with records opened with a key throws STORE_NOT_ENCRYPTED; rekey encrypts it":
      async () => {
        const { f, key, location } = await fresh("enc-upgrade");
        await k.withStore({ location }, (store) => store.putMany(f.all));
        expectCode(await caught(opts.open({ location, encryptionKey: key })), KeyStoreErrorCode.notEncrypted);
        await k.withStore({ location }, async (store) => {
          await store.rekey(key);
          expect(store.encrypted).toBe(true);
          expectSame(await store.get(f.ordinary[0]!.ref), f.ordinary[0]!);
        });
        await expectKeyRequired(location);
        await k.withStore({ location, encryptionKey: key }, async (store) => {
          for (const b of f.all) expectSame(await store.get(b.ref), b);
        });
      },
    "rekey re-encrypts everything: the old key is refused, the new key reads all; rekey(null) decrypts":
      async () => {
        const f = await k.fixtures();
        const oldKey = randomKey();
        const newKey = randomKey();
        const location = k.newLocation("enc-rekey");
        const owner = { credential: f.credential, cipherSuite: k.suiteId };
        const consumed = f.ordinary[0]!;
        const rest = f.all.filter((b) => b !== consumed);
        await k.withStore({ location, encryptionKey: oldKey }, async (store) => {
          await store.putMany(f.all);
          await store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer });
          expectSame(await store.take(consumed.ref), consumed);
          await Promise.all([store.rekey(newKey), store.get(f.all[1]!.ref), store.count()]);
          for (const b of rest) expectSame(await store.get(b.ref), b);
          expect(await store.status(consumed.ref)).toBe("consumed");
        });
        expectCode(
          await caught(opts.open({ location, encryptionKey: oldKey })),
          KeyStoreErrorCode.wrongEncryptionKey,
        );
        await k.withStore({ location, encryptionKey: newKey }, async (store) => {
          for (const b of rest) expectSame(await store.get(b.ref), b);
          await expectPrivateKey(store, owner, f.signer);
          await store.rekey(null);
          expect(store.encrypted).toBe(false);
        });
        await k.withStore({ location }, async (store) => {
          expect(store.encrypted).toBe(false);
          expect(await store.status(consumed.ref)).toBe("consumed");
          for (const b of rest) expectSame(await store.get(b.ref), b);
          await expectPrivateKey(store, owner, f.signer);
        });
      },
    "tombstones hold no secret: an unencrypted store left with only tombstones can be opened with a key, and keeps them":
      async () => {
        const { f, key, location } = await fresh("enc-tombstones");
        const a = f.ordinary[0]!;
        await k.withStore({ location }, async (store) => {
          await store.put(a);
          expectSame(await store.take(a.ref), a);
        });
        await k.withStore({ location, encryptionKey: key }, async (store) => {
          expect(store.encrypted).toBe(true);
          expect(await store.status(a.ref)).toBe("consumed");
          await store.put(a);
          expect(await store.status(a.ref)).toBe("available");
          expectSame(await store.take(a.ref), a);
        });
        await expectKeyRequired(location);
      },
    "a key that is not 32 bytes is a RangeError": async () => {
      for (const n of [0, 16, 31, 33, 64]) {
        const e = await caught(
          opts.open({ location: k.newLocation("enc-size"), encryptionKey: new Uint8Array(n) }),
        );
        expect(e instanceof RangeError).toBe(true);
      }
    },
  };
}
