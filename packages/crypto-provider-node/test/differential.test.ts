/**
 * @module differential.test
 * Differential tests of the node:crypto provider against the pure-JS noble provider and the
 * webcrypto provider (DESIGN.md "Testing"): signatures verify across providers both ways with
 * keys from either side, HPKE ciphertexts open across providers both ways, hashes, HKDF and
 * DeriveKeyPair agree byte for byte, and key packages made with one provider validate with the
 * other with equal references. The test bodies for key packages are the webcrypto provider's
 * (shared, Node-and-browser-neutral).
 */
import { toHex } from "@mlskit/codec";
import {
  type CipherSuiteImpl,
  type CryptoProvider,
  cipherSuiteInfo,
  decryptWithLabel,
  encryptWithLabel,
  signWithLabel,
  verifyWithLabel,
} from "@mlskit/crypto-provider";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { describe, expect, it } from "vitest";
import { keyPackageAcross } from "../../crypto-provider-webcrypto/test/cases.js";
import { createNodeCryptoProvider } from "../src/index.js";

const node = createNodeCryptoProvider();
const others: readonly CryptoProvider[] = [nobleCryptoProvider, createWebCryptoProvider()];
const text = (s: string) => new TextEncoder().encode(s);

for (const other of others) {
  describe(`differential: node vs ${other.name}`, () => {
    for (const id of [1, 2, 3, 4, 5, 6, 7]) {
      describe(`cipher suite ${id} (${cipherSuiteInfo(id)!.name})`, () => {
        const pair = async (): Promise<[CipherSuiteImpl, CipherSuiteImpl]> => [
          await node.getCipherSuite(id),
          await other.getCipherSuite(id),
        ];

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
            // EdDSA is deterministic: both sides produce the same bytes.
            if (cipherSuiteInfo(id)!.signatureEncoding === "eddsa") expect(toHex(byOurs)).toBe(toHex(byRef));
          }
        });

        it("HPKE ciphertexts open across providers both ways, with keys from either side", async () => {
          const [ours, ref] = await pair();
          const ctx = text("context");
          const pt = text(`hpke differential ${id}`);
          for (const keyFrom of [ours, ref]) {
            const kp = await keyFrom.hpke.generateKeyPair();
            const toRef = await encryptWithLabel(ours, kp.publicKey, "Welcome", ctx, pt);
            const toOurs = await encryptWithLabel(ref, kp.publicKey, "Welcome", ctx, pt);
            const a = await decryptWithLabel(
              ref,
              kp.privateKey,
              "Welcome",
              ctx,
              toRef.kemOutput,
              toRef.ciphertext,
            );
            const b = await decryptWithLabel(
              ours,
              kp.privateKey,
              "Welcome",
              ctx,
              toOurs.kemOutput,
              toOurs.ciphertext,
            );
            expect(toHex(a)).toBe(toHex(pt));
            expect(toHex(b)).toBe(toHex(pt));
          }
        });

        it("hash, HKDF and DeriveKeyPair agree byte for byte", async () => {
          const [ours, ref] = await pair();
          for (const n of [0, 1, 55, 56, 64, 200]) {
            const data = nobleCryptoProvider.randomBytes(n);
            expect(toHex(await ours.hash.digest(data))).toBe(toHex(await ref.hash.digest(data)));
            const salt = data.subarray(0, n >> 1);
            const prk = await ours.kdf.extract(salt, data);
            expect(toHex(prk)).toBe(toHex(await ref.kdf.extract(salt, data)));
            for (const len of [0, 1, ours.kdf.size, ours.kdf.size + 1, 3 * ours.kdf.size - 1]) {
              expect(toHex(await ours.kdf.expand(prk, data, len))).toBe(
                toHex(await ref.kdf.expand(prk, data, len)),
              );
            }
            const ikm = nobleCryptoProvider.randomBytes(32 + n);
            const a = await ours.hpke.deriveKeyPair(ikm);
            const b = await ref.hpke.deriveKeyPair(ikm);
            expect(toHex(a.privateKey)).toBe(toHex(b.privateKey));
            expect(toHex(a.publicKey)).toBe(toHex(b.publicKey));
          }
        });

        it("key packages made with one provider validate with the other, with equal refs", async () => {
          await keyPackageAcross(node, other, id, expect);
          await keyPackageAcross(other, node, id, expect);
        });
      });
    }
  });
}
