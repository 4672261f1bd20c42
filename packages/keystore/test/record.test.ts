import { fromHex, toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { mlsErrorOf } from "@mlskit/test-kit";
import { describe, expect, it } from "vitest";
import { importRecordKey, verifyKeyCheck } from "../src/encryption.js";
import { createKeyPackageStore, KeyStoreErrorCode, RECORD_FORMAT_VERSION } from "../src/index.js";
import {
  decodeBundleRecord,
  decodeSignatureRecord,
  encodeBundleRecord,
  encodeSignatureRecord,
  openRecord,
  RecordType,
  sealRecord,
} from "../src/record.js";
import * as G from "./golden.js";
import { createListBackend } from "./list-backend.js";

const ref = fromHex(G.REF);
const sigId = G.SIGNATURE_ID;

describe("record format version 1 (golden bytes)", () => {
  it("is the version this library writes", () => {
    expect(RECORD_FORMAT_VERSION).toBe(1);
    expect(G.BUNDLE_RECORD_PLAIN.slice(0, 8)).toBe("00010100"); // version 1, key_package_bundle, none
    expect(G.BUNDLE_RECORD_AES_256_GCM.slice(0, 8)).toBe("00010101"); // version 1, key_package_bundle, aes_256_gcm
    expect(G.SIGNATURE_RECORD_PLAIN.slice(0, 8)).toBe("00010200");
    expect(G.SIGNATURE_RECORD_AES_256_GCM.slice(0, 8)).toBe("00010201");
  });

  it("an unencrypted key package bundle record decodes to its fields", async () => {
    const body = await openRecord(
      fromHex(G.BUNDLE_RECORD_PLAIN),
      RecordType.keyPackageBundle,
      ref,
      undefined,
      {
        ref: G.REF,
      },
    );
    const r = decodeBundleRecord(body);
    expect(toHex(r.ref)).toBe(G.REF);
    expect(toHex(r.keyPackage)).toBe(G.KEY_PACKAGE);
    expect(toHex(r.initPrivateKey)).toBe(G.INIT_PRIVATE_KEY);
    expect(toHex(r.encryptionPrivateKey)).toBe(G.ENCRYPTION_PRIVATE_KEY);
    expect(r.flags).toBe(1);
    expect(r.createdAt).toBe(G.BUNDLE_CREATED_AT);
    // and today's encoder writes the same bytes again (the unprotected form is deterministic)
    const again = await sealRecord(RecordType.keyPackageBundle, ref, encodeBundleRecord(r), undefined);
    expect(toHex(again)).toBe(G.BUNDLE_RECORD_PLAIN);
  });

  it("an AES-256-GCM key package bundle record decrypts with the golden key to the same body", async () => {
    const cipher = await importRecordKey(G.GOLDEN_KEY);
    const body = await openRecord(
      fromHex(G.BUNDLE_RECORD_AES_256_GCM),
      RecordType.keyPackageBundle,
      ref,
      cipher,
      { ref: G.REF },
    );
    const plain = await openRecord(
      fromHex(G.BUNDLE_RECORD_PLAIN),
      RecordType.keyPackageBundle,
      ref,
      undefined,
      {
        ref: G.REF,
      },
    );
    expect(toHex(body)).toBe(toHex(plain));
  });

  it("signature key pair records decode (unencrypted and encrypted)", async () => {
    const cipher = await importRecordKey(G.GOLDEN_KEY);
    for (const [hex, c] of [
      [G.SIGNATURE_RECORD_PLAIN, undefined],
      [G.SIGNATURE_RECORD_AES_256_GCM, cipher],
    ] as const) {
      const r = decodeSignatureRecord(
        await openRecord(fromHex(hex), RecordType.signatureKeyPair, sigId, c, {}),
      );
      expect(r.cipherSuite).toBe(1);
      expect(r.credential).toEqual(basicCredential("golden@example.com"));
      expect(toHex(r.publicKey)).toBe(G.SIGNATURE_PUBLIC_KEY);
      expect(toHex(r.privateKey)).toBe(G.SIGNATURE_PRIVATE_KEY);
      expect(r.createdAt).toBe(G.SIGNATURE_CREATED_AT);
      expect(toHex(encodeSignatureRecord(r))).toBe(
        toHex(
          await openRecord(
            fromHex(G.SIGNATURE_RECORD_PLAIN),
            RecordType.signatureKeyPair,
            sigId,
            undefined,
            {},
          ),
        ),
      );
    }
  });

  it("the golden key check accepts the golden key and refuses others", async () => {
    expect(await verifyKeyCheck(await importRecordKey(G.GOLDEN_KEY), fromHex(G.KEY_CHECK))).toBe(true);
    const other = G.GOLDEN_KEY.slice();
    other[0] = 0xff;
    expect(await verifyKeyCheck(await importRecordKey(other), fromHex(G.KEY_CHECK))).toBe(false);
  });

  it("a store holding the golden rows returns the golden bundle (unencrypted and encrypted)", async () => {
    for (const [hex, key, keyCheck] of [
      [G.BUNDLE_RECORD_PLAIN, undefined, undefined],
      [G.BUNDLE_RECORD_AES_256_GCM, G.GOLDEN_KEY, G.KEY_CHECK],
    ] as const) {
      const backend = createListBackend();
      if (keyCheck !== undefined) await backend.initMeta("key-check", fromHex(keyCheck));
      backend.rows.push({
        ref,
        cipherSuite: 1,
        notBefore: 1700000000n,
        notAfter: 1707257600n,
        lastResort: true,
        signatureKey: fromHex(G.SIGNATURE_PUBLIC_KEY),
        createdAt: G.BUNDLE_CREATED_AT,
        record: fromHex(hex),
      });
      await backend.putSignatureKey(
        sigId,
        fromHex(key === undefined ? G.SIGNATURE_RECORD_PLAIN : G.SIGNATURE_RECORD_AES_256_GCM),
      );
      const store = await createKeyPackageStore(backend, key === undefined ? {} : { encryptionKey: key });
      const b = await store.take(ref);
      expect(b?.lastResort).toBe(true);
      expect(toHex(b!.initPrivateKey)).toBe(G.INIT_PRIVATE_KEY);
      expect(toHex(b!.encryptionPrivateKey)).toBe(G.ENCRYPTION_PRIVATE_KEY);
      expect(b!.keyPackage.cipherSuite).toBe(1);
      await store.close();
    }
  });
});

describe("record integrity", () => {
  const bytes = fromHex(G.BUNDLE_RECORD_PLAIN);
  const open = (b: Uint8Array, c?: Awaited<ReturnType<typeof importRecordKey>>, key = ref) =>
    openRecord(b, RecordType.keyPackageBundle, key, c, { ref: toHex(key) });

  it("every single-bit flip of an unencrypted record is detected", async () => {
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i]! ^= 1 << (i % 8);
      const e = await mlsErrorOf(open(damaged));
      expect([KeyStoreErrorCode.corruptRecord, KeyStoreErrorCode.unsupportedRecordVersion]).toContain(e.code);
      expect(e.category).toBe("storage");
    }
  });

  it("every single-bit flip of an encrypted record is detected", async () => {
    const enc = fromHex(G.BUNDLE_RECORD_AES_256_GCM);
    const cipher = await importRecordKey(G.GOLDEN_KEY);
    for (let i = 0; i < enc.length; i++) {
      const damaged = enc.slice();
      damaged[i]! ^= 0x80 >> (i % 8);
      const e = await mlsErrorOf(open(damaged, cipher));
      expect([
        KeyStoreErrorCode.corruptRecord,
        KeyStoreErrorCode.unsupportedRecordVersion,
        KeyStoreErrorCode.wrongEncryptionKey,
        KeyStoreErrorCode.encryptionKeyRequired,
      ]).toContain(e.code);
    }
  });

  it("a record stored under another key (ref) is refused, encrypted or not", async () => {
    const other = ref.slice();
    other[0]! ^= 1;
    expect((await mlsErrorOf(open(bytes, undefined, other))).code).toBe(KeyStoreErrorCode.corruptRecord);
    const cipher = await importRecordKey(G.GOLDEN_KEY);
    expect((await mlsErrorOf(open(fromHex(G.BUNDLE_RECORD_AES_256_GCM), cipher, other))).code).toBe(
      KeyStoreErrorCode.corruptRecord,
    );
  });

  it("truncation, a later version, another type and the wrong protection are refused with clear codes", async () => {
    const cipher = await importRecordKey(G.GOLDEN_KEY);
    expect((await mlsErrorOf(open(bytes.slice(0, 3)))).code).toBe(KeyStoreErrorCode.corruptRecord);
    expect((await mlsErrorOf(open(bytes.slice(0, bytes.length - 1)))).code).toBe(
      KeyStoreErrorCode.corruptRecord,
    );
    const v2 = bytes.slice();
    v2[1] = 2;
    const e = await mlsErrorOf(open(v2));
    expect(e.code).toBe(KeyStoreErrorCode.unsupportedRecordVersion);
    expect(e.details.version).toBe(2);
    const sig = fromHex(G.SIGNATURE_RECORD_PLAIN);
    expect((await mlsErrorOf(open(sig))).code).toBe(KeyStoreErrorCode.corruptRecord);
    expect((await mlsErrorOf(open(bytes, cipher))).code).toBe(KeyStoreErrorCode.corruptRecord);
    expect((await mlsErrorOf(open(fromHex(G.BUNDLE_RECORD_AES_256_GCM)))).code).toBe(
      KeyStoreErrorCode.encryptionKeyRequired,
    );
    const wrong = await importRecordKey(new Uint8Array(32).fill(9));
    expect((await mlsErrorOf(open(fromHex(G.BUNDLE_RECORD_AES_256_GCM), wrong))).code).toBe(
      KeyStoreErrorCode.wrongEncryptionKey,
    );
  });

  it("error messages name the ref and never contain key bytes", async () => {
    const damaged = bytes.slice();
    damaged[bytes.length - 1]! ^= 1;
    const e = await mlsErrorOf(open(damaged));
    expect(e.message).toContain(G.REF);
    expect(e.details.ref).toBe(G.REF);
    const text = `${e.message} ${JSON.stringify(e.toJSON())}`;
    expect(text.includes(G.INIT_PRIVATE_KEY)).toBe(false);
    expect(text.includes(G.ENCRYPTION_PRIVATE_KEY)).toBe(false);
  });
});
