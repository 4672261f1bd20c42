/**
 * @module conformance
 * A conformance kit for {@link CryptoProvider} implementations. It registers tests through the
 * `describe` / `it` / `expect` functions it is given (vitest's, or any runner's with the same
 * shape), so this package never imports a test runner, and it takes the official
 * `crypto-basics.json` cases as data, so it never reads files.
 *
 * What it checks, per supported registry suite (RFC 9420's and the provisional post-quantum ones;
 * the official vectors exist for suites 1–7 only): every crypto-basics function against the official
 * vector (one test each); the suite AEAD against published known answers (when given); sizes
 * against the registry; sign/verify, HPKE and AEAD round trips with fresh keys; rejection of wrong
 * keys, labels and tampered data; deriveKeyPair determinism; argument type checks. And once per
 * provider: unsupported suites (GREASE, private use) and randomBytes.
 * (Over 400 lines: one kit that provider authors run with one call; each block of cases is a
 * handful of lines per contract function, and splitting them would scatter one checklist.)
 */
import { fromHex, toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import { CIPHER_SUITES, cipherSuiteInfo } from "./cipher-suite.js";
import type { CipherSuiteImpl, CryptoProvider, HpkeCiphertext, KeyPair } from "./crypto-provider.js";
import { CryptoErrorCode } from "./errors.js";
import * as labels from "./labels.js";

/**
 * The assertions the kit uses; vitest's and jest's `expect(...)` results satisfy it.
 *
 * @example
 * ```ts
 * const a: ConformanceAssertion = expect(1);
 * a.toBe(1);
 * ```
 */
export interface ConformanceAssertion {
  /** Strict (`Object.is`) equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
}

/**
 * The test-runner functions the kit registers its tests with, typed structurally so any runner
 * with vitest's shape fits.
 *
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * const api: ConformanceTestApi = { describe, it, expect };
 * ```
 */
export interface ConformanceTestApi {
  /** Group tests. */
  describe(name: string, fn: () => void): unknown;
  /** Register one test. */
  it(name: string, fn: () => Promise<void>): unknown;
  /** Start an assertion. */
  expect(actual: unknown): ConformanceAssertion;
}

/**
 * One case of the official `crypto-basics.json` (hex strings as in the file).
 *
 * @example
 * ```ts
 * const vectors = loadVectors<CryptoBasicsVector[]>("crypto-basics.json");
 * ```
 */
export interface CryptoBasicsVector {
  readonly cipher_suite: number;
  readonly ref_hash: { readonly label: string; readonly value: string; readonly out: string };
  readonly expand_with_label: {
    readonly secret: string;
    readonly label: string;
    readonly context: string;
    readonly length: number;
    readonly out: string;
  };
  readonly derive_secret: { readonly secret: string; readonly label: string; readonly out: string };
  readonly derive_tree_secret: {
    readonly secret: string;
    readonly label: string;
    readonly generation: number;
    readonly length: number;
    readonly out: string;
  };
  readonly sign_with_label: {
    readonly priv: string;
    readonly pub: string;
    readonly content: string;
    readonly label: string;
    readonly signature: string;
  };
  readonly encrypt_with_label: {
    readonly priv: string;
    readonly pub: string;
    readonly label: string;
    readonly context: string;
    readonly plaintext: string;
    readonly kem_output: string;
    readonly ciphertext: string;
  };
}

/**
 * One known answer of an AEAD (hex strings; `ciphertext` is the encrypted plaintext followed by
 * the tag, RFC 5116 §2.1), e.g. RFC 8439 §2.8.2 for ChaCha20-Poly1305.
 *
 * @example
 * ```ts
 * const { cases } = loadKnownAnswers<{ cases: AeadVector[] }>("aead.json");
 * ```
 */
export interface AeadVector {
  /** The HPKE AEAD id (RFC 9180 §7.3): 1 AES-128-GCM, 2 AES-256-GCM, 3 ChaCha20Poly1305. */
  readonly aead_id: number;
  /** Where the vector comes from, shown in the test name. */
  readonly source: string;
  readonly key: string;
  readonly nonce: string;
  readonly aad: string;
  readonly plaintext: string;
  readonly ciphertext: string;
}

/**
 * One HPKE base-mode known answer (hex strings), e.g. from draft-ietf-hpke-pq's test vectors:
 * DeriveKeyPair(`ikmR`) = (`skRm`, `pkRm`), and Open(`skRm`, `enc`, `info`, `aad`, `ct`) = `pt`
 * for the first encryption (sequence number 0, what single-shot Open decrypts).
 *
 * @example
 * ```ts
 * const { cases } = loadKnownAnswers<{ cases: HpkeVector[] }>("hpke-pq.json");
 * ```
 */
export interface HpkeVector {
  /** HPKE KEM id (RFC 9180 §7.1). */
  readonly kem_id: number;
  /** HPKE KDF id (RFC 9180 §7.2). */
  readonly kdf_id: number;
  /** HPKE AEAD id (RFC 9180 §7.3). */
  readonly aead_id: number;
  readonly info: string;
  readonly ikmR: string;
  readonly skRm: string;
  readonly pkRm: string;
  readonly enc: string;
  readonly aad: string;
  readonly pt: string;
  readonly ct: string;
}

/**
 * Options of {@link runCryptoProviderConformance}.
 *
 * @example
 * ```ts
 * const opts: ConformanceOptions = { vectors: loadVectors("crypto-basics.json"), cipherSuites: [1, 2] };
 * ```
 */
export interface ConformanceOptions {
  /** The parsed `crypto-basics.json`; without it the six vector tests per suite are not registered. */
  readonly vectors?: readonly CryptoBasicsVector[];
  /** AEAD known answers; each suite runs those of its AEAD (one test per vector). */
  readonly aeadVectors?: readonly AeadVector[];
  /**
   * HPKE known answers; each suite checks DeriveKeyPair against those of its KEM, and Open against
   * those of its exact KEM, KDF and AEAD (one test per vector).
   */
  readonly hpkeVectors?: readonly HpkeVector[];
  /** Restrict the suites tested (default: every registry suite the provider lists as supported). */
  readonly cipherSuites?: readonly number[];
}

/** The crypto-basics functions, one vector test each per suite. */
const VECTOR_FUNCTIONS = [
  "ref_hash",
  "expand_with_label",
  "derive_secret",
  "derive_tree_secret",
  "sign_with_label",
  "encrypt_with_label",
] as const;

/**
 * Register the conformance tests of `provider` with the given test runner.
 *
 * @param provider - the provider under test
 * @param api - the runner's `describe`, `it` and `expect`
 * @param opts - vectors and suite selection
 * @example
 * ```ts
 * // test/conformance.test.ts
 * import { describe, expect, it } from "vitest";
 * import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
 * import { loadVectors } from "@mlskit/test-vectors";
 * import { myProvider } from "../src/index.js";
 *
 * runCryptoProviderConformance(myProvider, { describe, it, expect }, {
 *   vectors: loadVectors("crypto-basics.json"),
 * });
 * ```
 */
export function runCryptoProviderConformance(
  provider: CryptoProvider,
  api: ConformanceTestApi,
  opts: ConformanceOptions = {},
): void {
  const { describe, it, expect } = api;
  const supported = provider.supportedCipherSuites();
  const suites = (opts.cipherSuites ?? CIPHER_SUITES.map((s) => s.id)).filter((id) => supported.includes(id));

  /** Await `p` and assert it rejected with `Class:CODE` (the summary makes failures readable). */
  async function expectRejects(p: Promise<unknown>, expected: string): Promise<void> {
    let summary = "resolved";
    try {
      await p;
    } catch (e) {
      summary = MlsError.is(e) ? `${e.name}:${e.code}` : e instanceof Error ? e.name : typeof e;
    }
    expect(summary).toBe(expected);
  }

  describe(`CryptoProvider conformance: ${provider.name}`, () => {
    it("supportedCipherSuites lists known suites, ascending, without duplicates", async () => {
      const ids = [...supported];
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      for (const id of ids) expect(cipherSuiteInfo(id)?.id).toBe(id);
    });

    for (const id of [0x0000, 0x0a0a, 0xeaea, 0xf000, 0xffff]) {
      it(`getCipherSuite(0x${id.toString(16).padStart(4, "0")}) rejects with UNSUPPORTED_CIPHER_SUITE`, async () => {
        await expectRejects(
          provider.getCipherSuite(id),
          `CryptoError:${CryptoErrorCode.unsupportedCipherSuite}`,
        );
      });
    }

    it("randomBytes returns the requested length and is not constant", async () => {
      expect(provider.randomBytes(0).length).toBe(0);
      const a = provider.randomBytes(32);
      const b = provider.randomBytes(32);
      expect(a instanceof Uint8Array && a.length === 32).toBe(true);
      expect(toHex(a) === toHex(b)).toBe(false);
      expect(a.every((x) => x === 0)).toBe(false);
      expect(provider.randomBytes(1000).length).toBe(1000);
    });

    for (const id of suites) {
      const info = cipherSuiteInfo(id)!;
      describe(`cipher suite ${id} (${info.name})`, () => {
        const get = (): Promise<CipherSuiteImpl> => provider.getCipherSuite(id);

        if (opts.vectors !== undefined) {
          const vector = opts.vectors.find((v) => v.cipher_suite === id);
          // The official file covers RFC 9420's suites; a provisional suite has no case in it.
          for (const fn of info.provisional === undefined ? VECTOR_FUNCTIONS : []) {
            it(`crypto-basics ${fn}`, async () => {
              expect(vector === undefined ? `no crypto-basics case for suite ${id}` : "found").toBe("found");
              await VECTOR_TESTS[fn](await get(), vector!, expect);
            });
          }
        }

        for (const v of opts.aeadVectors?.filter((a) => a.aead_id === info.aeadId) ?? []) {
          it(`AEAD known answer: ${v.source}`, async () => {
            const { aead } = await get();
            const [key, nonce, aad] = [fromHex(v.key), fromHex(v.nonce), fromHex(v.aad)];
            expect(toHex(await aead.seal(key, nonce, aad, fromHex(v.plaintext)))).toBe(v.ciphertext);
            expect(toHex(await aead.open(key, nonce, aad, fromHex(v.ciphertext)))).toBe(v.plaintext);
          });
        }

        for (const v of opts.hpkeVectors?.filter((h) => h.kem_id === info.kemId) ?? []) {
          const full = v.kdf_id === info.kdfId && v.aead_id === info.aeadId;
          const what = `KEM 0x${v.kem_id.toString(16)}, KDF ${v.kdf_id}, AEAD ${v.aead_id}`;
          it(`HPKE known answer (${what}): DeriveKeyPair${full ? " and Open" : ""}`, async () => {
            const { hpke } = await get();
            const kp = await hpke.deriveKeyPair(fromHex(v.ikmR));
            expect(toHex(kp.privateKey)).toBe(v.skRm);
            expect(toHex(kp.publicKey)).toBe(v.pkRm);
            if (!full) return;
            const [info_, aad] = [fromHex(v.info), fromHex(v.aad)];
            expect(toHex(await hpke.open(fromHex(v.skRm), fromHex(v.enc), info_, aad, fromHex(v.ct)))).toBe(
              v.pt,
            );
            // And our own ciphertext to the vector's key opens with it.
            const ours = await hpke.seal(fromHex(v.pkRm), info_, aad, fromHex(v.pt));
            expect(toHex(await hpke.open(fromHex(v.skRm), ours.kemOutput, info_, aad, ours.ciphertext))).toBe(
              v.pt,
            );
          });
        }

        it("getCipherSuite resolves to an impl with this id and registry sizes", async () => {
          const suite = await get();
          expect(suite.id).toBe(id);
          expect(suite.hash.size).toBe(info.hashSize);
          expect(suite.kdf.size).toBe(info.kdfSize);
          expect((await suite.hash.digest(new Uint8Array(0))).length).toBe(info.hashSize);
          expect((await suite.kdf.extract(new Uint8Array(0), new Uint8Array(8))).length).toBe(info.kdfSize);
          expect((await suite.kdf.expand(new Uint8Array(info.kdfSize), new Uint8Array(0), 77)).length).toBe(
            77,
          );
        });

        it("signature key and signature sizes match the registry", async () => {
          const suite = await get();
          for (let i = 0; i < 3; i++) {
            const kp = await suite.signature.generateKeyPair();
            expect(kp.publicKey.length).toBe(info.signaturePublicKeySize);
            expect(kp.privateKey.length).toBe(info.signaturePrivateKeySize);
            const sig = await suite.signature.sign(kp.privateKey, new Uint8Array([i]));
            // EdDSA and ML-DSA signatures have one size; ECDSA's DER is at most the maximum.
            if (info.signatureEncoding !== "der") expect(sig.length).toBe(info.maxSignatureSize);
            else expect(sig.length <= info.maxSignatureSize && sig[0] === 0x30).toBe(true);
          }
        });

        it("HPKE key and kem output sizes match the registry", async () => {
          const suite = await get();
          const kp = await suite.hpke.generateKeyPair();
          expect(kp.publicKey.length).toBe(info.hpkePublicKeySize);
          expect(kp.privateKey.length).toBe(info.hpkePrivateKeySize);
          const ct = await suite.hpke.seal(
            kp.publicKey,
            new Uint8Array(0),
            new Uint8Array(0),
            new Uint8Array(5),
          );
          expect(ct.kemOutput.length).toBe(info.kemOutputSize);
          expect(ct.ciphertext.length).toBe(5 + 16);
        });

        it("sign/verify round trip; wrong key, label, content and tampered signature fail", async () => {
          const suite = await get();
          const kp = await suite.signature.generateKeyPair();
          const other = await suite.signature.generateKeyPair();
          const content = new TextEncoder().encode("conformance content");
          const sig = await labels.signWithLabel(suite, kp.privateKey, "KeyPackageTBS", content);
          expect(await labels.verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", content, sig)).toBe(true);
          expect(await labels.verifyWithLabel(suite, other.publicKey, "KeyPackageTBS", content, sig)).toBe(
            false,
          );
          expect(await labels.verifyWithLabel(suite, kp.publicKey, "LeafNodeTBS", content, sig)).toBe(false);
          expect(
            await labels.verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", content.subarray(1), sig),
          ).toBe(false);
          for (const at of [sig.length - 1, sig.length >> 1, 0, 1]) {
            const bad = sig.slice();
            bad[at]! ^= 0x01;
            expect(await suite.signature.verify(kp.publicKey, content, bad)).toBe(false);
          }
        });

        it("verify returns false, never throws, for malformed signatures and public keys", async () => {
          const suite = await get();
          const kp = await suite.signature.generateKeyPair();
          const msg = new Uint8Array([1, 2, 3]);
          const sig = await suite.signature.sign(kp.privateKey, msg);
          expect(await suite.signature.verify(kp.publicKey, msg, new Uint8Array(0))).toBe(false);
          expect(await suite.signature.verify(kp.publicKey, msg, sig.subarray(0, sig.length - 1))).toBe(
            false,
          );
          expect(await suite.signature.verify(kp.publicKey, msg, new Uint8Array([...sig, 0]))).toBe(false);
          expect(await suite.signature.verify(kp.publicKey, msg, new Uint8Array(sig.length).fill(0xff))).toBe(
            false,
          );
          expect(await suite.signature.verify(new Uint8Array(0), msg, sig)).toBe(false);
          expect(await suite.signature.verify(kp.publicKey.subarray(1), msg, sig)).toBe(false);
          const offCurve = new Uint8Array(kp.publicKey.length).fill(0xff);
          if (info.signatureEncoding === "der") offCurve[0] = 0x04;
          expect(await suite.signature.verify(offCurve, msg, sig)).toBe(false);
        });

        it("HPKE seal/open round trip; wrong key, info, aad and tampering throw HPKE_OPEN_FAILED", async () => {
          const suite = await get();
          const kp = await suite.hpke.generateKeyPair();
          const other = await suite.hpke.generateKeyPair();
          const info_ = new Uint8Array([1, 2]);
          const aad = new Uint8Array([3]);
          const pt = new TextEncoder().encode("hpke conformance");
          const { kemOutput, ciphertext } = await suite.hpke.seal(kp.publicKey, info_, aad, pt);
          expect(toHex(await suite.hpke.open(kp.privateKey, kemOutput, info_, aad, ciphertext))).toBe(
            toHex(pt),
          );
          const failed = `CryptoError:${CryptoErrorCode.hpkeOpenFailed}`;
          await expectRejects(suite.hpke.open(other.privateKey, kemOutput, info_, aad, ciphertext), failed);
          await expectRejects(suite.hpke.open(kp.privateKey, kemOutput, aad, aad, ciphertext), failed);
          await expectRejects(suite.hpke.open(kp.privateKey, kemOutput, info_, info_, ciphertext), failed);
          const badCt = ciphertext.slice();
          badCt[0]! ^= 0x80;
          await expectRejects(suite.hpke.open(kp.privateKey, kemOutput, info_, aad, badCt), failed);
          await expectRejects(
            suite.hpke.open(kp.privateKey, kemOutput, info_, aad, ciphertext.subarray(1)),
            failed,
          );
          const badKem = kemOutput.slice();
          badKem[badKem.length - 1]! ^= 0x01;
          await expectRejects(suite.hpke.open(kp.privateKey, badKem, info_, aad, ciphertext), failed);
          await expectRejects(
            suite.hpke.open(kp.privateKey, kemOutput.subarray(1), info_, aad, ciphertext),
            failed,
          );
        });

        it("AEAD sizes match the registry; seal/open round trip; wrong key, nonce, aad and tampering throw AEAD_OPEN_FAILED", async () => {
          const { aead } = await get();
          expect([aead.keySize, aead.nonceSize, aead.tagSize]).toEqual([
            info.aeadKeySize,
            info.aeadNonceSize,
            16,
          ]);
          const key = provider.randomBytes(aead.keySize);
          const nonce = provider.randomBytes(aead.nonceSize);
          const aad = new Uint8Array([1, 2, 3]);
          for (const n of [0, 1, 16, 65, 1000]) {
            const pt = provider.randomBytes(n);
            const ct = await aead.seal(key, nonce, aad, pt);
            expect(ct.length).toBe(n + aead.tagSize);
            expect(toHex(await aead.open(key, nonce, aad, ct))).toBe(toHex(pt));
          }
          const pt = new TextEncoder().encode("aead conformance");
          const ct = await aead.seal(key, nonce, aad, pt);
          const failed = `CryptoError:${CryptoErrorCode.aeadOpenFailed}`;
          const flip = (b: Uint8Array, at: number): Uint8Array => {
            const c = b.slice();
            c[at]! ^= 0x01;
            return c;
          };
          await expectRejects(aead.open(flip(key, 0), nonce, aad, ct), failed);
          await expectRejects(aead.open(key, flip(nonce, 11), aad, ct), failed);
          await expectRejects(aead.open(key, nonce, aad.subarray(1), ct), failed);
          await expectRejects(aead.open(key, nonce, aad, flip(ct, 0)), failed);
          await expectRejects(aead.open(key, nonce, aad, flip(ct, ct.length - 1)), failed);
          await expectRejects(aead.open(key, nonce, aad, ct.subarray(0, ct.length - 1)), failed);
          await expectRejects(aead.open(key, nonce, aad, ct.subarray(0, aead.tagSize - 1)), failed);
          await expectRejects(aead.open(key, nonce, aad, new Uint8Array(0)), failed);
        });

        it("AEAD keys and nonces of the wrong size are RangeErrors, non-bytes TypeErrors", async () => {
          const { aead } = await get();
          const key = new Uint8Array(aead.keySize);
          const nonce = new Uint8Array(aead.nonceSize);
          const none = new Uint8Array(0);
          const ct = await aead.seal(key, nonce, none, none);
          await expectRejects(aead.seal(key.subarray(1), nonce, none, none), "RangeError");
          await expectRejects(aead.seal(new Uint8Array(aead.keySize + 1), nonce, none, none), "RangeError");
          await expectRejects(aead.seal(key, nonce.subarray(1), none, none), "RangeError");
          await expectRejects(aead.open(key.subarray(1), nonce, none, ct), "RangeError");
          await expectRejects(aead.open(key, new Uint8Array(aead.nonceSize + 1), none, ct), "RangeError");
          const bad = "not bytes" as unknown as Uint8Array;
          await expectRejects(aead.seal(bad, nonce, none, none), "TypeError");
          await expectRejects(aead.seal(key, nonce, bad, none), "TypeError");
          await expectRejects(aead.seal(key, nonce, none, bad), "TypeError");
          await expectRejects(aead.open(key, bad, none, ct), "TypeError");
          await expectRejects(aead.open(key, nonce, none, bad), "TypeError");
        });

        it("encryptWithLabel/decryptWithLabel round trip; another label or context fails", async () => {
          const suite = await get();
          const kp = await suite.hpke.generateKeyPair();
          const ctx = new Uint8Array([9, 9]);
          const pt = new Uint8Array(100).fill(7);
          const { opened, ...ct } = await welcomeRoundTrip(suite, suite, kp, ctx, pt);
          expect(toHex(opened)).toBe(toHex(pt));
          const failed = `CryptoError:${CryptoErrorCode.hpkeOpenFailed}`;
          await expectRejects(
            labels.decryptWithLabel(suite, kp.privateKey, "UpdatePathNode", ctx, ct.kemOutput, ct.ciphertext),
            failed,
          );
          await expectRejects(
            labels.decryptWithLabel(
              suite,
              kp.privateKey,
              "Welcome",
              new Uint8Array(0),
              ct.kemOutput,
              ct.ciphertext,
            ),
            failed,
          );
        });

        it("invalid keys are CryptoErrors with a code", async () => {
          const suite = await get();
          const hpkeKp = await suite.hpke.generateKeyPair();
          const sigPriv = new Uint8Array(info.signaturePrivateKeySize + 2).fill(1);
          await expectRejects(
            suite.signature.sign(sigPriv, new Uint8Array(1)),
            `CryptoError:${CryptoErrorCode.invalidPrivateKey}`,
          );
          await expectRejects(
            suite.hpke.seal(
              new Uint8Array(info.hpkePublicKeySize + 1).fill(4),
              new Uint8Array(0),
              new Uint8Array(0),
              new Uint8Array(1),
            ),
            `CryptoError:${CryptoErrorCode.invalidPublicKey}`,
          );
          const ct = await suite.hpke.seal(
            hpkeKp.publicKey,
            new Uint8Array(0),
            new Uint8Array(0),
            new Uint8Array(1),
          );
          await expectRejects(
            suite.hpke.open(
              new Uint8Array(info.hpkePrivateKeySize + 2).fill(1),
              ct.kemOutput,
              new Uint8Array(0),
              new Uint8Array(0),
              ct.ciphertext,
            ),
            `CryptoError:${CryptoErrorCode.invalidPrivateKey}`,
          );
        });

        it("wrong argument types are TypeErrors", async () => {
          const suite = await get();
          const bad = "not bytes" as unknown as Uint8Array;
          const empty = new Uint8Array(0);
          await expectRejects(suite.hash.digest(bad), "TypeError");
          await expectRejects(suite.kdf.extract(bad, empty), "TypeError");
          await expectRejects(suite.kdf.expand(empty, bad, 1), "TypeError");
          await expectRejects(suite.signature.sign(bad, empty), "TypeError");
          await expectRejects(suite.signature.verify(bad, empty, empty), "TypeError");
          await expectRejects(suite.hpke.seal(bad, empty, empty, empty), "TypeError");
          await expectRejects(suite.hpke.open(bad, empty, empty, empty, empty), "TypeError");
          await expectRejects(suite.hpke.deriveKeyPair(bad), "TypeError");
        });

        it("deriveKeyPair is deterministic and depends on ikm", async () => {
          const suite = await get();
          const ikm = new Uint8Array(info.hpkePrivateKeySize).map((_, i) => i);
          const a = await suite.hpke.deriveKeyPair(ikm);
          const b = await suite.hpke.deriveKeyPair(ikm.slice());
          expect(toHex(a.publicKey)).toBe(toHex(b.publicKey));
          expect(toHex(a.privateKey)).toBe(toHex(b.privateKey));
          expect(a.publicKey.length).toBe(info.hpkePublicKeySize);
          const ikm2 = ikm.slice();
          ikm2[0]! ^= 1;
          const c = await suite.hpke.deriveKeyPair(ikm2);
          expect(toHex(c.publicKey) === toHex(a.publicKey)).toBe(false);
          const ct = await suite.hpke.seal(a.publicKey, empty(), empty(), new Uint8Array([42]));
          expect(
            toHex(await suite.hpke.open(b.privateKey, ct.kemOutput, empty(), empty(), ct.ciphertext)),
          ).toBe("2a");
        });

        it("generateKeyPair returns fresh keys each time", async () => {
          const suite = await get();
          const s1 = await suite.signature.generateKeyPair();
          const s2 = await suite.signature.generateKeyPair();
          expect(toHex(s1.privateKey) === toHex(s2.privateKey)).toBe(false);
          const h1 = await suite.hpke.generateKeyPair();
          const h2 = await suite.hpke.generateKeyPair();
          expect(toHex(h1.privateKey) === toHex(h2.privateKey)).toBe(false);
        });
      });
    }
  });
}

/**
 * EncryptWithLabel under the "Welcome" label by one suite, DecryptWithLabel by another (or the
 * same): what the conformance and differential kits check HPKE with.
 *
 * @param sealer - the suite that encrypts
 * @param opener - the suite that decrypts
 * @param keyPair - the recipient's HPKE key pair
 * @param context - the EncryptContext's context
 * @param plaintext - the plaintext
 * @returns the ciphertext and what `opener` decrypted
 * @example
 * ```ts
 * const { opened } = await welcomeRoundTrip(ours, ref, kp, ctx, pt);
 * ```
 * @internal
 */
export async function welcomeRoundTrip(
  sealer: CipherSuiteImpl,
  opener: CipherSuiteImpl,
  keyPair: KeyPair,
  context: Uint8Array,
  plaintext: Uint8Array,
): Promise<HpkeCiphertext & { opened: Uint8Array }> {
  const ct = await labels.encryptWithLabel(sealer, keyPair.publicKey, "Welcome", context, plaintext);
  const opened = await labels.decryptWithLabel(
    opener,
    keyPair.privateKey,
    "Welcome",
    context,
    ct.kemOutput,
    ct.ciphertext,
  );
  return { ...ct, opened };
}

function empty(): Uint8Array {
  return new Uint8Array(0);
}

type VectorTest = (
  suite: CipherSuiteImpl,
  v: CryptoBasicsVector,
  expect: ConformanceTestApi["expect"],
) => Promise<void>;

const VECTOR_TESTS: Record<(typeof VECTOR_FUNCTIONS)[number], VectorTest> = {
  async ref_hash(suite, { ref_hash: v }, expect) {
    expect(toHex(await labels.refHash(suite, v.label, fromHex(v.value)))).toBe(v.out);
  },
  async expand_with_label(suite, { expand_with_label: v }, expect) {
    const out = await labels.expandWithLabel(suite, fromHex(v.secret), v.label, fromHex(v.context), v.length);
    expect(toHex(out)).toBe(v.out);
  },
  async derive_secret(suite, { derive_secret: v }, expect) {
    expect(toHex(await labels.deriveSecret(suite, fromHex(v.secret), v.label))).toBe(v.out);
  },
  async derive_tree_secret(suite, { derive_tree_secret: v }, expect) {
    const out = await labels.deriveTreeSecret(suite, fromHex(v.secret), v.label, v.generation, v.length);
    expect(toHex(out)).toBe(v.out);
  },
  async sign_with_label(suite, { sign_with_label: v }, expect) {
    const pub = fromHex(v.pub);
    const content = fromHex(v.content);
    // The vector's own signature (possibly high-S ECDSA from another implementation) must verify.
    expect(await labels.verifyWithLabel(suite, pub, v.label, content, fromHex(v.signature))).toBe(true);
    const ours = await labels.signWithLabel(suite, fromHex(v.priv), v.label, content);
    expect(await labels.verifyWithLabel(suite, pub, v.label, content, ours)).toBe(true);
    expect(await labels.verifyWithLabel(suite, pub, v.label + "X", content, ours)).toBe(false);
  },
  async encrypt_with_label(suite, { encrypt_with_label: v }, expect) {
    const priv = fromHex(v.priv);
    const context = fromHex(v.context);
    const pt = await labels.decryptWithLabel(
      suite,
      priv,
      v.label,
      context,
      fromHex(v.kem_output),
      fromHex(v.ciphertext),
    );
    expect(toHex(pt)).toBe(v.plaintext);
    const ct = await labels.encryptWithLabel(suite, fromHex(v.pub), v.label, context, fromHex(v.plaintext));
    const back = await labels.decryptWithLabel(suite, priv, v.label, context, ct.kemOutput, ct.ciphertext);
    expect(toHex(back)).toBe(v.plaintext);
  },
};
