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
  type JsonWebKey,
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
const copy = (b: Uint8Array) => new Uint8Array(b);
const fromB64Url = (s: string | undefined) => Uint8Array.from(Buffer.from(s ?? "", "base64url"));

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
      return freshKeyPair(scheme.ec ? "p256" : "ed25519");
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

/**
 * A fresh key pair as raw bytes, encoded as JWK by the key generation job itself. (Node 20 can
 * deadlock when a `generateKeyPairSync` key is exported as JWK afterwards: a garbage collection
 * during the export destroys the finished key generation job, whose destructor takes the lock the
 * export holds. Asked for up front, the encoding happens while the job is still alive; DER would
 * be safe too but costs four times as much in OpenSSL 3.)
 */
function freshKeyPair(kind: "x25519" | "ed25519" | "p256"): {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
} {
  // (@types/node 20 lacks the encoding overloads of "x25519"; the runtime has them.)
  const generate = generateKeyPairSync as unknown as (
    type: string,
    options: object,
  ) => { publicKey: JsonWebKey; privateKey: JsonWebKey };
  const { privateKey: jwk } = generate(kind === "p256" ? "ec" : kind, {
    ...(kind === "p256" ? { namedCurve: "P-256" } : {}),
    publicKeyEncoding: { format: "jwk" },
    privateKeyEncoding: { format: "jwk" },
  });
  if (kind !== "p256") return { publicKey: fromB64Url(jwk.x), privateKey: fromB64Url(jwk.d) };
  const publicKey = new Uint8Array(65);
  publicKey[0] = 0x04;
  publicKey.set(fixed(fromB64Url(jwk.x), 32), 1);
  publicKey.set(fixed(fromB64Url(jwk.y), 32), 33);
  return { publicKey, privateKey: fixed(fromB64Url(jwk.d), 32) };
}

function hpkeKeyGen(ec: boolean): () => Promise<KeyPair> {
  return async () => {
    const { publicKey, privateKey } = freshKeyPair(ec ? "p256" : "x25519");
    if (!ec) {
      // RFC 9180 §7.1.2: serialized X25519 private keys are clamped.
      privateKey[0]! &= 248;
      privateKey[31]! &= 127;
      privateKey[31]! |= 64;
    }
    return { publicKey, privateKey };
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
