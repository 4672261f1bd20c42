/**
 * @module differential
 * The provider differential kit: a provider under test against a reference provider, suite by
 * suite, on everything the two must agree on — signatures verify across providers both ways with
 * keys from either side (EdDSA signatures byte-equal, being deterministic), HPKE ciphertexts open
 * across providers both ways, AEAD ciphertexts are byte-equal (an AEAD is deterministic in key and
 * nonce) and open across providers, and hashes, HKDF and HPKE DeriveKeyPair agree byte for byte. It
 * complements {@link runCryptoProviderConformance}: conformance checks a provider against the
 * RFCs and the official vectors; this checks it against another implementation on fresh keys.
 */
import { toHex } from "@mlskit/codec";
import { KEMS } from "./algorithms.js";
import { CIPHER_SUITES, cipherSuiteInfo } from "./cipher-suite.js";
import { type ConformanceTestApi, welcomeRoundTrip } from "./conformance.js";
import type { CipherSuiteImpl, CryptoProvider } from "./crypto-provider.js";
import { signWithLabel, verifyWithLabel } from "./labels.js";

/**
 * Options of {@link runCryptoProviderDifferential}.
 *
 * @example
 * ```ts
 * const opts: DifferentialOptions = { cipherSuites: [1, 2] };
 * ```
 */
export interface DifferentialOptions {
  /** Suites to compare (default: every registry suite; those either provider lacks are skipped). */
  readonly cipherSuites?: readonly number[];
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * Register differential tests of `provider` against `reference` with the runner's
 * `describe` / `it` / `expect`.
 *
 * @param provider - the provider under test
 * @param reference - a trusted provider (e.g. `nobleCryptoProvider`)
 * @param api - the test runner's functions
 * @param opts - suites to compare
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { runCryptoProviderDifferential } from "@mlskit/crypto-provider/testing";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * runCryptoProviderDifferential(myProvider, nobleCryptoProvider, { describe, it, expect });
 * ```
 */
export function runCryptoProviderDifferential(
  provider: CryptoProvider,
  reference: CryptoProvider,
  api: ConformanceTestApi,
  opts: DifferentialOptions = {},
): void {
  const { describe, it, expect } = api;
  const both = (id: number) =>
    provider.supportedCipherSuites().includes(id) && reference.supportedCipherSuites().includes(id);
  const suites = (opts.cipherSuites ?? CIPHER_SUITES.map((s) => s.id)).filter(both);

  describe(`differential: ${provider.name} vs ${reference.name}`, () => {
    for (const id of suites) {
      const info = cipherSuiteInfo(id);
      const pair = async (): Promise<[CipherSuiteImpl, CipherSuiteImpl]> => [
        await provider.getCipherSuite(id),
        await reference.getCipherSuite(id),
      ];
      describe(`cipher suite ${id} (${info?.name ?? "unregistered"})`, () => {
        it("signatures cross-verify both ways, with keys from either side", async () => {
          const [ours, ref] = await pair();
          const msg = text(`differential ${id}`);
          for (const keyFrom of [ours, ref]) {
            const kp = await keyFrom.signature.generateKeyPair();
            const byOurs = await signWithLabel(ours, kp.privateKey, "KeyPackageTBS", msg);
            const byRef = await signWithLabel(ref, kp.privateKey, "KeyPackageTBS", msg);
            expect(await verifyWithLabel(ref, kp.publicKey, "KeyPackageTBS", msg, byOurs)).toBe(true);
            expect(await verifyWithLabel(ours, kp.publicKey, "KeyPackageTBS", msg, byRef)).toBe(true);
            expect(await verifyWithLabel(ref, kp.publicKey, "LeafNodeTBS", msg, byOurs)).toBe(false);
            expect(await verifyWithLabel(ours, kp.publicKey, "LeafNodeTBS", msg, byRef)).toBe(false);
            // EdDSA is deterministic (RFC 8032): both sides produce the same bytes.
            if (info?.signatureEncoding === "eddsa") expect(toHex(byOurs)).toBe(toHex(byRef));
          }
        });

        it("HPKE ciphertexts open across providers both ways, with keys from either side", async () => {
          const [ours, ref] = await pair();
          const ctx = text("context");
          const pt = text(`hpke differential ${id}`);
          for (const keyFrom of [ours, ref]) {
            const kp = await keyFrom.hpke.generateKeyPair();
            for (const [from, to] of [
              [ours, ref],
              [ref, ours],
            ] as const) {
              const { opened } = await welcomeRoundTrip(from, to, kp, ctx, pt);
              expect(toHex(opened)).toBe(toHex(pt));
            }
          }
        });

        it("AEAD ciphertexts are byte-equal and open across providers both ways", async () => {
          const [ours, ref] = await pair();
          for (const n of [0, 1, 17, 300]) {
            const key = reference.randomBytes(ours.aead.keySize);
            const nonce = reference.randomBytes(ours.aead.nonceSize);
            const aad = reference.randomBytes(n >> 1);
            const pt = reference.randomBytes(n);
            const byOurs = await ours.aead.seal(key, nonce, aad, pt);
            const byRef = await ref.aead.seal(key, nonce, aad, pt);
            expect(toHex(byOurs)).toBe(toHex(byRef));
            expect(toHex(await ref.aead.open(key, nonce, aad, byOurs))).toBe(toHex(pt));
            expect(toHex(await ours.aead.open(key, nonce, aad, byRef))).toBe(toHex(pt));
          }
        });

        it("hash, HKDF and DeriveKeyPair agree byte for byte", async () => {
          const [ours, ref] = await pair();
          for (const n of [0, 1, 55, 56, 64, 200]) {
            const data = reference.randomBytes(n);
            expect(toHex(await ours.hash.digest(data))).toBe(toHex(await ref.hash.digest(data)));
            const salt = data.subarray(0, n >> 1);
            const prk = await ours.kdf.extract(salt, data);
            expect(toHex(prk)).toBe(toHex(await ref.kdf.extract(salt, data)));
            for (const len of [0, 1, ours.kdf.size, ours.kdf.size + 1, 3 * ours.kdf.size - 1]) {
              expect(toHex(await ours.kdf.expand(prk, data, len))).toBe(
                toHex(await ref.kdf.expand(prk, data, len)),
              );
            }
            // The post-quantum KEMs' DeriveKeyPair takes Nsk bytes (@hpke/ml-kem refuses other
            // lengths of ML-KEM's 64-byte seed); the DHKEMs take any length.
            const pq = info !== undefined && KEMS[info.kemId].kind === "pq";
            const ikm = reference.randomBytes(pq ? info.hpkePrivateKeySize : 32 + n);
            const a = await ours.hpke.deriveKeyPair(ikm);
            const b = await ref.hpke.deriveKeyPair(ikm);
            expect(toHex(a.privateKey)).toBe(toHex(b.privateKey));
            expect(toHex(a.publicKey)).toBe(toHex(b.publicKey));
          }
        });
      });
    }
  });
}
