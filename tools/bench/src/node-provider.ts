/**
 * @module node-provider
 * A prototype {@link CryptoProvider} on `node:crypto`'s synchronous one-shot calls, for the
 * benchmark only (suites 1, 2 and 3): it answers "how close does mlskit itself get to the bound
 * when the crypto underneath is not SubtleCrypto?". Key generation, signing, verification and
 * hashing use `node:crypto` directly (imported keys cached like the webcrypto provider does);
 * HKDF and HPKE seal/open/derive — which key packages never use — are the webcrypto provider's.
 * Not a shipped provider: no conformance run, no fallback, no key wiping.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomFillSync,
  sign,
  verify,
} from "node:crypto";
import type { CipherSuiteImpl, CryptoProvider, KeyPair } from "@mlskit/crypto-provider";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));
/** DER prefixes: PKCS#8 of a raw Ed25519 seed / P-256 scalar, SPKI of a raw public key. */
const ED25519_PKCS8 = hex("302e020100300506032b657004220420");
const ED25519_SPKI = hex("302a300506032b6570032100");
const P256_PKCS8 = hex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420");
const P256_SPKI = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
const fromB64Url = (s: string | undefined) => Uint8Array.from(Buffer.from(s ?? "", "base64url"));
const copy = (b: Uint8Array) => new Uint8Array(b);

function fixed(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

interface Scheme {
  readonly ec: boolean;
  readonly pkcs8: Uint8Array;
  readonly spki: Uint8Array;
}

function signature(scheme: Scheme): CipherSuiteImpl["signature"] {
  const privateKeys = new WeakMap<Uint8Array, { bytes: Uint8Array; key: KeyObject }>();
  const publicKeys = new Map<string, KeyObject>();
  const digest = scheme.ec ? "sha256" : null;
  const privateKey = (raw: Uint8Array): KeyObject => {
    const hit = privateKeys.get(raw);
    if (hit !== undefined && Buffer.compare(hit.bytes, raw) === 0) return hit.key;
    const key = createPrivateKey({
      key: Buffer.from(concat(scheme.pkcs8, raw)),
      format: "der",
      type: "pkcs8",
    });
    privateKeys.set(raw, { bytes: copy(raw), key });
    return key;
  };
  const publicKey = (raw: Uint8Array): KeyObject => {
    const id = Buffer.from(raw).toString("hex");
    let key = publicKeys.get(id);
    if (key === undefined) {
      key = createPublicKey({ key: Buffer.from(concat(scheme.spki, raw)), format: "der", type: "spki" });
      if (publicKeys.size >= 256) publicKeys.delete(publicKeys.keys().next().value!);
      publicKeys.set(id, key);
    }
    return key;
  };
  return {
    async generateKeyPair(): Promise<KeyPair> {
      const pair = scheme.ec
        ? generateKeyPairSync("ec", { namedCurve: "P-256" })
        : generateKeyPairSync("ed25519");
      const jwk = pair.privateKey.export({ format: "jwk" });
      const publicKey = scheme.ec
        ? concat(new Uint8Array([4]), concat(fixed(fromB64Url(jwk.x), 32), fixed(fromB64Url(jwk.y), 32)))
        : fromB64Url(jwk.x);
      const raw = scheme.ec ? fixed(fromB64Url(jwk.d), 32) : fromB64Url(jwk.d);
      privateKeys.set(raw, { bytes: copy(raw), key: pair.privateKey });
      return { publicKey, privateKey: raw };
    },
    async sign(raw: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      const key = privateKey(raw);
      return copy(sign(digest, message, scheme.ec ? { key, dsaEncoding: "der" } : key));
    },
    async verify(raw: Uint8Array, message: Uint8Array, sig: Uint8Array): Promise<boolean> {
      try {
        const key = publicKey(raw);
        return verify(digest, message, scheme.ec ? { key, dsaEncoding: "der" } : key, sig);
      } catch {
        return false;
      }
    },
  };
}

function hpkeKeyGen(ec: boolean): () => Promise<KeyPair> {
  return async () => {
    const pair = ec ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("x25519");
    const jwk = pair.privateKey.export({ format: "jwk" });
    if (ec) {
      const publicKey = concat(
        new Uint8Array([4]),
        concat(fixed(fromB64Url(jwk.x), 32), fixed(fromB64Url(jwk.y), 32)),
      );
      return { publicKey, privateKey: fixed(fromB64Url(jwk.d), 32) };
    }
    // RFC 9180 §7.1.2: serialized X25519 private keys are clamped.
    const sk = fromB64Url(jwk.d);
    sk[0]! &= 248;
    sk[31]! &= 127;
    sk[31]! |= 64;
    return { publicKey: fromB64Url(jwk.x), privateKey: sk };
  };
}

/**
 * The prototype provider (suites 1, 2, 3).
 *
 * @returns a provider named "node (prototype)"
 * @example
 * ```ts
 * const provider = createNodeCryptoPrototype();
 * ```
 */
export function createNodeCryptoPrototype(): CryptoProvider {
  const web = createWebCryptoProvider();
  const suites = new Map<number, Promise<CipherSuiteImpl>>();
  const build = async (id: number): Promise<CipherSuiteImpl> => {
    const base = await web.getCipherSuite(id);
    const ec = id === 2;
    return Object.freeze({
      id,
      hash: {
        size: 32,
        digest: async (data: Uint8Array) => copy(createHash("sha256").update(data).digest()),
      },
      kdf: base.kdf,
      hpke: { ...base.hpke, generateKeyPair: hpkeKeyGen(ec) },
      signature: signature(
        ec
          ? { ec: true, pkcs8: P256_PKCS8, spki: P256_SPKI }
          : { ec: false, pkcs8: ED25519_PKCS8, spki: ED25519_SPKI },
      ),
    });
  };
  return Object.freeze({
    name: "node (prototype)",
    supportedCipherSuites: () => [1, 2, 3],
    getCipherSuite(id: number): Promise<CipherSuiteImpl> {
      if (id !== 1 && id !== 2 && id !== 3) return web.getCipherSuite(-1);
      let suite = suites.get(id);
      if (suite === undefined) {
        suite = build(id);
        suites.set(id, suite);
      }
      return suite;
    },
    randomBytes: (n: number) => randomFillSync(new Uint8Array(n)),
  });
}
