/**
 * @module hpke-impl.test
 * createHpkeImpl over a toy KEM and suite (not cryptography: enough structure to see which key
 * reaches which call). The real @hpke/core parts are exercised through the providers' conformance
 * kits; here: raw bytes in and out, normalisation, wiping, hooks, error codes with their cause,
 * and titled argument checks.
 */
import { bytesEqual, Reader, Writer } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import type {
  HpkeImplParts,
  HpkeKemLike,
  HpkeKeyPairLike,
  HpkeOpenParams,
  HpkeSealParams,
  HpkeSuiteLike,
} from "../src/hpke-impl.js";
import { cipherSuiteInfo } from "../src/index.js";
import { clampXKey, createHpkeImpl } from "../src/kit.js";

const info = cipherSuiteInfo(1)!; // X25519: Npk = Nsk = Nenc = 32

/** A toy key: a private or public "key object" holding its own copy of the bytes. */
interface ToyKey {
  readonly kind: "public" | "private";
  readonly bytes: Uint8Array;
}

// Like X25519, the public key depends on the clamped scalar only.
const toyPublic = (sk: Uint8Array): Uint8Array => clampXKey(sk, 32).map((b) => b ^ 0xa5);
/**
 * The toy's ciphertext: pt, pkR, enc, info and aad, each a `<V>` vector (RFC 9420 §2.1.2). Open
 * re-encodes it from its own inputs and compares, so unlike a short checksum it cannot collide: a
 * wrong key, enc, info or aad, or a flipped byte, fails to open every time.
 */
const toyCiphertext = (...parts: Uint8Array[]): Uint8Array => {
  const w = new Writer();
  for (const p of parts) w.withLength(() => w.bytes(p));
  return w.finish();
};
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

interface Log {
  deserializedPrivate: Uint8Array[];
  sealed: HpkeSealParams<ToyKey>[];
  opened: HpkeOpenParams<ToyKey>[];
}

/** A toy KEM and suite: enc = pkE; ct = toyCiphertext(pt, pkR, enc, info, aad). */
function toy(overrides: { kem?: Partial<HpkeKemLike<ToyKey>>; suite?: Partial<HpkeSuiteLike<ToyKey>> } = {}) {
  const log: Log = { deserializedPrivate: [], sealed: [], opened: [] };
  const pair = (sk: Uint8Array): HpkeKeyPairLike<ToyKey> => ({
    privateKey: { kind: "private", bytes: sk.slice() },
    publicKey: { kind: "public", bytes: toyPublic(sk) },
  });
  const kem: HpkeKemLike<ToyKey> = {
    serializePublicKey: async (k) => buffer(k.bytes),
    serializePrivateKey: async (k) => buffer(k.bytes),
    async deserializePublicKey(b) {
      if (b[0] === 0) throw new Error("toy: not a point");
      return { kind: "public", bytes: b.slice() };
    },
    async deserializePrivateKey(b) {
      log.deserializedPrivate.push(b); // the array itself, to see it wiped later
      return { kind: "private", bytes: b.slice() };
    },
    // Random but with every bit of the clamped positions set, so normalisation shows.
    generateKeyPair: async () => {
      const sk = crypto.getRandomValues(new Uint8Array(32));
      sk[0]! |= 7;
      sk[31]! |= 0x80;
      return pair(sk);
    },
    deriveKeyPair: async (ikm) => pair(new Uint8Array(32).map((_, i) => ikm[i % ikm.length]! ^ i)),
    ...overrides.kem,
  };
  const suite: HpkeSuiteLike<ToyKey> = {
    async seal(params, pt, aad) {
      log.sealed.push(params);
      const skE = params.ekm?.privateKey.bytes ?? new Uint8Array(32).fill(0x11);
      const enc = toyPublic(skE);
      const ct = toyCiphertext(pt, params.recipientPublicKey.bytes, enc, params.info, aad);
      return { enc: buffer(enc), ct: buffer(ct) };
    },
    async open(params, ct, aad) {
      log.opened.push(params);
      const rk = params.recipientKey;
      const pkR = "kind" in rk ? toyPublic(rk.bytes) : rk.publicKey.bytes;
      if (params.enc.length !== 32) throw new Error("toy: malformed");
      const pt = new Reader(ct).opaque(); // a CodecError if ct does not start with a vector
      if (!bytesEqual(ct, toyCiphertext(pt, pkR, params.enc, params.info, aad))) throw new Error("toy: tag");
      return buffer(pt);
    },
    ...overrides.suite,
  };
  return { kem, suite, log };
}

function partsOf(
  t: ReturnType<typeof toy>,
  extra: Partial<HpkeImplParts<ToyKey>> = {},
): HpkeImplParts<ToyKey> {
  // RFC 9180 §7.1.2: X25519 keys are clamped on the way in and out.
  return { info, kem: t.kem, suite: t.suite, normalizePrivateKey: (sk) => clampXKey(sk, 32), ...extra };
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const infoBytes = new TextEncoder().encode("info");
const aad = new TextEncoder().encode("aad");
const pt = new TextEncoder().encode("plaintext");

async function rejection(p: Promise<unknown>): Promise<MlsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(MlsError.is(e)).toBe(true);
  return e as MlsError;
}

describe("createHpkeImpl", () => {
  it("round-trips through the library with raw bytes only, and is frozen", async () => {
    const hpke = createHpkeImpl(partsOf(toy()));
    expect(Object.isFrozen(hpke)).toBe(true);
    const kp = await hpke.generateKeyPair();
    expect(kp.publicKey).toBeInstanceOf(Uint8Array);
    expect(kp.privateKey).toBeInstanceOf(Uint8Array);
    const { kemOutput, ciphertext } = await hpke.seal(kp.publicKey, infoBytes, aad, pt);
    expect(kemOutput).toBeInstanceOf(Uint8Array);
    expect(kemOutput.length).toBe(32);
    expect(await hpke.open(kp.privateKey, kemOutput, infoBytes, aad, ciphertext)).toEqual(pt);
  });

  it("normalises what generateKeyPair and deriveKeyPair return (RFC 9180 §7.1.2)", async () => {
    const hpke = createHpkeImpl(partsOf(toy()));
    const generated = await hpke.generateKeyPair();
    expect(generated.privateKey[0]! & 7).toBe(0);
    expect(generated.privateKey[31]! & 0xc0).toBe(0x40);
    const ikm = bytes(32, 0xff);
    const derived = await hpke.deriveKeyPair(ikm);
    expect(derived.privateKey[0]! & 7).toBe(0);
    expect(derived.privateKey[31]! & 0xc0).toBe(0x40);
    expect(await hpke.deriveKeyPair(ikm)).toEqual(derived);
  });

  it("open imports the normalised key, leaves the caller's key alone and wipes its copy", async () => {
    const t = toy();
    const hpke = createHpkeImpl(partsOf(t));
    const kp = await hpke.generateKeyPair();
    const { kemOutput, ciphertext } = await hpke.seal(kp.publicKey, infoBytes, aad, pt);
    const unclamped = kp.privateKey.slice();
    unclamped[0]! |= 7; // the same key before clamping: must open too
    const before = unclamped.slice();
    expect(await hpke.open(unclamped, kemOutput, infoBytes, aad, ciphertext)).toEqual(pt);
    expect(unclamped).toEqual(before);
    const imported = t.log.deserializedPrivate.at(-1)!;
    expect(imported).not.toBe(unclamped);
    expect(imported.every((b) => b === 0)).toBe(true);
  });

  it("uses the provider's generateKeyPair and importKeyPair hooks", async () => {
    const t = toy();
    let generated = 0;
    let imported = 0;
    const hpke = createHpkeImpl(
      partsOf(t, {
        async generateKeyPair() {
          generated++;
          const privateKey = clampXKey(bytes(32, 0x42), 32);
          return { publicKey: toyPublic(privateKey), privateKey };
        },
        async importKeyPair(sk) {
          imported++;
          return {
            privateKey: { kind: "private", bytes: sk.slice() },
            publicKey: { kind: "public", bytes: toyPublic(sk) },
          };
        },
      }),
    );
    const kp = await hpke.generateKeyPair();
    expect(generated).toBe(1);
    const { kemOutput, ciphertext } = await hpke.seal(kp.publicKey, infoBytes, aad, pt);
    expect(t.log.sealed.at(-1)!.ekm).toBeUndefined(); // no randomPrivateKey: the library's ephemeral
    expect(await hpke.open(kp.privateKey, kemOutput, infoBytes, aad, ciphertext)).toEqual(pt);
    expect(imported).toBe(1);
    expect(t.log.deserializedPrivate).toHaveLength(0);
    expect("publicKey" in t.log.opened.at(-1)!.recipientKey).toBe(true);
  });

  it("seals with the provider's ephemeral key (RFC 9180 §4.1 skE) and wipes it after", async () => {
    const t = toy();
    const drawn: Uint8Array[] = [];
    const hpke = createHpkeImpl(
      partsOf(t, {
        randomPrivateKey() {
          const sk = clampXKey(bytes(32, 0x33 + drawn.length), 32);
          drawn.push(sk);
          return sk;
        },
        async importKeyPair(sk) {
          return {
            privateKey: { kind: "private", bytes: sk.slice() },
            publicKey: { kind: "public", bytes: toyPublic(sk) },
          };
        },
      }),
    );
    const kp = await hpke.generateKeyPair();
    const { kemOutput } = await hpke.seal(kp.publicKey, infoBytes, aad, pt);
    expect(drawn).toHaveLength(1);
    expect(kemOutput).toEqual(toyPublic(clampXKey(bytes(32, 0x33), 32)));
    expect(t.log.sealed.at(-1)!.ekm).toBeDefined();
    expect(drawn[0]!.every((b) => b === 0)).toBe(true);
  });

  it("maps library failures to stable codes with the suite id and the cause", async () => {
    const boom = new Error("library failure");
    const fail = async (): Promise<never> => {
      throw boom;
    };
    const t = toy();
    const hpke = createHpkeImpl(partsOf(t));
    const kp = await hpke.generateKeyPair();
    const sealed = await hpke.seal(kp.publicKey, infoBytes, aad, pt);

    let e = await rejection(hpke.seal(bytes(31), infoBytes, aad, pt));
    expect(e.code).toBe("INVALID_PUBLIC_KEY");
    expect(e.details).toEqual({ cipherSuite: 1 });
    e = await rejection(hpke.seal(bytes(32, 0), infoBytes, aad, pt)); // the toy's "not a point"
    expect(e.code).toBe("INVALID_PUBLIC_KEY");
    expect((e.cause as Error).message).toBe("toy: not a point");

    e = await rejection(
      createHpkeImpl(partsOf(toy({ suite: { seal: fail } }))).seal(kp.publicKey, infoBytes, aad, pt),
    );
    expect(e.code).toBe("HPKE_SEAL_FAILED");
    expect(e.cause).toBe(boom);

    e = await rejection(
      createHpkeImpl(partsOf(toy({ kem: { deriveKeyPair: fail } }))).deriveKeyPair(bytes(32)),
    );
    expect(e.code).toBe("KEY_DERIVATION_FAILED");
    expect(e.cause).toBe(boom);

    e = await rejection(hpke.open(bytes(31), sealed.kemOutput, infoBytes, aad, sealed.ciphertext));
    expect(e.code).toBe("INVALID_PRIVATE_KEY"); // from normalizePrivateKey (clampXKey)

    const noImport = createHpkeImpl(partsOf(toy({ kem: { deserializePrivateKey: fail } })));
    e = await rejection(noImport.open(kp.privateKey, sealed.kemOutput, infoBytes, aad, sealed.ciphertext));
    expect(e.code).toBe("INVALID_PRIVATE_KEY");
    expect(e.cause).toBe(boom);

    // RFC 9180 §5.2: every open failure is one error, whatever was wrong.
    const other = await hpke.generateKeyPair();
    const flipped = sealed.ciphertext.slice();
    flipped[0]! ^= 1;
    for (const [sk, enc, inf, ad, ct] of [
      [other.privateKey, sealed.kemOutput, infoBytes, aad, sealed.ciphertext],
      [kp.privateKey, sealed.kemOutput, bytes(1), aad, sealed.ciphertext],
      [kp.privateKey, sealed.kemOutput, infoBytes, bytes(1), sealed.ciphertext],
      [kp.privateKey, sealed.kemOutput.subarray(1), infoBytes, aad, sealed.ciphertext],
      [kp.privateKey, sealed.kemOutput, infoBytes, aad, flipped],
    ] as const) {
      e = await rejection(hpke.open(sk, enc, inf, ad, ct));
      expect(e.code).toBe("HPKE_OPEN_FAILED");
      expect(e.details).toEqual({ cipherSuite: 1 });
      expect(e.cause).toBeInstanceOf(Error);
    }
  });

  it("throws a TypeError naming the argument for every wrong-typed input", async () => {
    const hpke = createHpkeImpl(partsOf(toy()));
    const b = bytes(32);
    for (const bad of [undefined, null, "00", 1, [1], new ArrayBuffer(32), new Uint16Array(16)]) {
      const x = bad as unknown as Uint8Array;
      await expect(hpke.deriveKeyPair(x)).rejects.toThrow(/"ikm"/);
      await expect(hpke.seal(x, b, b, b)).rejects.toThrow(/"publicKey"/);
      await expect(hpke.seal(b, x, b, b)).rejects.toThrow(/"info"/);
      await expect(hpke.seal(b, b, x, b)).rejects.toThrow(/"aad"/);
      await expect(hpke.seal(b, b, b, x)).rejects.toThrow(/"plaintext"/);
      await expect(hpke.open(x, b, b, b, b)).rejects.toThrow(/"privateKey"/);
      await expect(hpke.open(b, x, b, b, b)).rejects.toThrow(/"kemOutput"/);
      await expect(hpke.open(b, b, x, b, b)).rejects.toThrow(/"info"/);
      await expect(hpke.open(b, b, b, x, b)).rejects.toThrow(/"aad"/);
      await expect(hpke.open(b, b, b, b, x)).rejects.toThrow(/"ciphertext"/);
      await expect(hpke.open(b, b, b, b, x)).rejects.toThrow(TypeError);
    }
  });

  it("defaults the normalisation from the suite's KEM and derives post-quantum keys with shake256", async () => {
    const t = toy();
    const { normalizePrivateKey: _, ...parts } = partsOf(t);
    // X25519 (RFC 9180 §7.1.2): clamped without a hook.
    const generated = await createHpkeImpl(parts).generateKeyPair();
    expect(generated.privateKey[0]! & 7).toBe(0);
    expect(generated.privateKey[31]! & 0xc0).toBe(0x40);
    // A P-curve KEM has no default: its range check needs the curve.
    expect(() => createHpkeImpl({ ...parts, info: cipherSuiteInfo(2)! })).toThrow(
      /"parts.normalizePrivateKey"/,
    );
    // ML-KEM-768 (suite 0x0050): DeriveKeyPair through the given SHAKE256 (draft-ietf-hpke-pq), to
    // a 64-byte seed; the toy's 32-byte key is then refused as a private key of the wrong length.
    const lengths: number[] = [];
    const shake256 = (_data: Uint8Array, length: number) => {
      lengths.push(length);
      return new Uint8Array(length);
    };
    const pq = createHpkeImpl({ ...parts, info: cipherSuiteInfo(0x0050)!, shake256 });
    expect((await rejection(pq.deriveKeyPair(bytes(32)))).code).toBe("INVALID_PRIVATE_KEY");
    expect(lengths).toEqual([64]);
    // Other KEMs ignore it.
    await createHpkeImpl({ ...parts, shake256 }).deriveKeyPair(bytes(32));
    expect(lengths).toEqual([64]);
  });

  it("rejects malformed parts with a TypeError", () => {
    const t = toy();
    const good = partsOf(t);
    const cases: [unknown, RegExp][] = [
      [undefined, /"parts"/],
      [{ ...good, info: undefined }, /"parts.info"/],
      [{ ...good, info: {} }, /"parts.info"/],
      [{ ...good, kem: { ...t.kem, deriveKeyPair: undefined } }, /"parts.kem.deriveKeyPair"/],
      [{ ...good, suite: { seal: t.suite.seal } }, /"parts.suite.open"/],
      [{ ...good, normalizePrivateKey: "clamp" }, /"parts.normalizePrivateKey"/],
      [{ ...good, shake256: "shake" }, /"parts.shake256"/],
      [{ ...good, generateKeyPair: 1 }, /"parts.generateKeyPair"/],
      [
        { ...good, randomPrivateKey: () => bytes(32) },
        /"parts.randomPrivateKey" needs "parts.importKeyPair"/,
      ],
    ];
    for (const [parts, message] of cases) {
      expect(() => createHpkeImpl(parts as HpkeImplParts<ToyKey>)).toThrow(TypeError);
      expect(() => createHpkeImpl(parts as HpkeImplParts<ToyKey>)).toThrow(message);
    }
  });

  it("keeps the hooks it was given even if the parts object changes later", async () => {
    const t = toy();
    const parts = { ...partsOf(t) };
    const hpke = createHpkeImpl(parts);
    parts.normalizePrivateKey = () => {
      throw new Error("replaced");
    };
    await expect(hpke.generateKeyPair()).resolves.toBeDefined();
  });
});
