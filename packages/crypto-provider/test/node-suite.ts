/**
 * @module node-suite
 * Test helper: a minimal CipherSuiteImpl over node:crypto (hash and HKDF only) whose signature and
 * HPKE halves record what they were called with, so the labelled helpers can be checked without
 * any provider package.
 */
import { createHash, createHmac } from "node:crypto";
import { type CipherSuiteImpl, cipherSuiteInfo } from "../src/index.js";

/** Calls recorded by the stub signature/HPKE. */
export interface Recorded {
  signed: Uint8Array[];
  verified: Uint8Array[];
  sealed: { info: Uint8Array; aad: Uint8Array }[];
  opened: { info: Uint8Array; aad: Uint8Array }[];
}

/** A suite with real hash/HKDF (node:crypto) and recording stubs for the rest. */
export function nodeSuite(id: number): { suite: CipherSuiteImpl; calls: Recorded } {
  const info = cipherSuiteInfo(id)!;
  const alg = info.hashName.replace("-", "").toLowerCase();
  const hmac = (key: Uint8Array, data: Uint8Array) =>
    new Uint8Array(createHmac(alg, key).update(data).digest());
  const calls: Recorded = { signed: [], verified: [], sealed: [], opened: [] };
  const suite: CipherSuiteImpl = {
    id,
    hash: { size: info.hashSize, digest: async (d) => new Uint8Array(createHash(alg).update(d).digest()) },
    kdf: {
      size: info.hashSize,
      extract: async (salt, ikm) => hmac(salt.length ? salt : new Uint8Array(info.hashSize), ikm),
      async expand(prk, infoBytes, length) {
        const out = new Uint8Array(length);
        let t = new Uint8Array(0);
        for (let i = 1, at = 0; at < length; i++) {
          t = hmac(prk, new Uint8Array([...t, ...infoBytes, i]));
          out.set(t.subarray(0, Math.min(t.length, length - at)), at);
          at += t.length;
        }
        return out;
      },
    },
    hpke: {
      generateKeyPair: async () => ({ publicKey: new Uint8Array(1), privateKey: new Uint8Array(1) }),
      deriveKeyPair: async () => ({ publicKey: new Uint8Array(1), privateKey: new Uint8Array(1) }),
      async seal(_pk, infoBytes, aad, pt) {
        calls.sealed.push({ info: infoBytes, aad });
        return { kemOutput: new Uint8Array([1]), ciphertext: pt.slice() };
      },
      async open(_sk, _kem, infoBytes, aad, ct) {
        calls.opened.push({ info: infoBytes, aad });
        return ct.slice();
      },
    },
    signature: {
      generateKeyPair: async () => ({ publicKey: new Uint8Array(1), privateKey: new Uint8Array(1) }),
      async sign(_sk, message) {
        calls.signed.push(message);
        return new Uint8Array([7]);
      },
      async verify(_pk, message) {
        calls.verified.push(message);
        return true;
      },
    },
  };
  return { suite, calls };
}
