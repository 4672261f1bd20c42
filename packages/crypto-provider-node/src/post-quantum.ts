/**
 * @module post-quantum
 * ML-DSA (FIPS 204) and ML-KEM (FIPS 203) in OpenSSL through `node:crypto`, where the running
 * Node has them (Node 24 does: `generateKeyPairSync("ml-dsa-65")`, `"raw-seed"` and
 * `"raw-public"` key formats; Node 20 does not), else the pure-JS modules
 * (`@noble/post-quantum`; `@hpke/ml-kem`, `@hpke/hybridkem-x-wing`). Whether Node has them is
 * probed once per process with a known answer through the very calls the provider makes: a
 * seed imported, its public key exported, a signature made and verified (ML-DSA); a key pair
 * generated and exported as seed and public key (ML-KEM).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from "node:crypto";
import type { KeyPair, SignatureName } from "@mlskit/crypto-provider";
import type { MlDsaLike } from "@mlskit/crypto-provider/kit";
import { plainBytes } from "./keys.js";

/** The ML-DSA signature schemes, by registry name. */
export type MlDsaName = Extract<SignatureName, `mldsa${string}`>;
/** Node's names of the ML-KEM parameter sets. */
export type MlKemType = "ml-kem-512" | "ml-kem-768" | "ml-kem-1024";

const DSA_TYPE: Readonly<Record<MlDsaName, string>> = {
  mldsa44: "ml-dsa-44",
  mldsa65: "ml-dsa-65",
  mldsa87: "ml-dsa-87",
};

// The key formats Node 24 added for seeds and raw public keys; @types/node 20 does not name them.
type RawKeyInput = { key: Uint8Array; format: "raw-seed" | "raw-public"; asymmetricKeyType: string };
type RawExport = { format: "raw-seed" | "raw-public" };
const importPrivate = createPrivateKey as unknown as (input: RawKeyInput) => KeyObject;
const importPublic = createPublicKey as unknown as (input: RawKeyInput | KeyObject) => KeyObject;
const exportRaw = (key: KeyObject, format: RawExport["format"]): Uint8Array =>
  plainBytes((key.export as unknown as (o: RawExport) => Buffer)({ format }));

/**
 * An ML-DSA parameter set on `node:crypto` in the shape `createMlDsaImpl` of
 * `@mlskit/crypto-provider/kit` takes: the secret key is Node's `KeyObject` of the seed.
 *
 * @param name - the scheme
 * @returns the native implementation
 * @example
 * ```ts
 * const signature = createMlDsaImpl(info, nodeMlDsa("mldsa65"));
 * ```
 * @internal
 */
export function nodeMlDsa(name: MlDsaName): MlDsaLike<KeyObject> {
  const asymmetricKeyType = DSA_TYPE[name];
  return {
    keygen(seed) {
      const secretKey = importPrivate({ key: seed, format: "raw-seed", asymmetricKeyType });
      return { publicKey: exportRaw(importPublic(secretKey), "raw-public"), secretKey };
    },
    // FIPS 204 pure ML-DSA with an empty context: Node's one-shot sign with no digest.
    sign: (message, secretKey) => plainBytes(nodeSign(null, message, secretKey)),
    verify: (signature, message, publicKey) =>
      nodeVerify(
        null,
        message,
        importPublic({ key: publicKey, format: "raw-public", asymmetricKeyType }),
        signature,
      ),
  };
}

/**
 * HPKE GenerateKeyPair of ML-KEM in OpenSSL (draft-ietf-hpke-pq: the private key is the 64-byte
 * seed d‖z of FIPS 203, the public key its encapsulation key).
 *
 * @param type - Node's name of the parameter set
 * @returns a fresh key pair in wire form
 * @internal
 */
export function nodeMlKemKeyPair(type: MlKemType): KeyPair {
  const { publicKey, privateKey } = (
    generateKeyPairSync as unknown as (t: string) => {
      publicKey: KeyObject;
      privateKey: KeyObject;
    }
  )(type);
  return { publicKey: exportRaw(publicKey, "raw-public"), privateKey: exportRaw(privateKey, "raw-seed") };
}

// Known answers: the public keys of the all-zero seed (FIPS 204 ML-DSA-44 KeyGen, FIPS 203
// ML-KEM-768 KeyGen), first and last 8 bytes, equal in Node 24's OpenSSL and @noble/post-quantum.
const DSA_KAT = { head: "ba71f9f64e11baeb", tail: "3830546b9dd8db0d" };
const KEM_KAT = { head: "254a797885c63b14", tail: "60ac1daa9ecb0e67" };

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

let mlDsa: boolean | undefined;
let mlKem: boolean | undefined;

/**
 * Whether this Node's `node:crypto` implements ML-DSA (probed once).
 * @returns true when the native path is used
 * @internal
 */
export function hasNativeMlDsa(): boolean {
  if (mlDsa === undefined) {
    try {
      const lib = nodeMlDsa("mldsa44");
      const { publicKey, secretKey } = lib.keygen(new Uint8Array(32)) as {
        publicKey: Uint8Array;
        secretKey: KeyObject;
      };
      const msg = new Uint8Array([1, 2, 3]);
      const sig = lib.sign(msg, secretKey) as Uint8Array;
      mlDsa =
        hex(publicKey.subarray(0, 8)) === DSA_KAT.head &&
        hex(publicKey.subarray(publicKey.length - 8)) === DSA_KAT.tail &&
        lib.verify(sig, msg, publicKey) === true;
    } catch {
      mlDsa = false;
    }
  }
  return mlDsa;
}

/**
 * Whether this Node's `node:crypto` generates ML-KEM keys as seeds (probed once).
 * @returns true when the native path is used
 * @internal
 */
export function hasNativeMlKem(): boolean {
  if (mlKem === undefined) {
    try {
      const fresh = nodeMlKemKeyPair("ml-kem-768");
      const known = exportRaw(
        importPublic(
          importPrivate({ key: new Uint8Array(64), format: "raw-seed", asymmetricKeyType: "ml-kem-768" }),
        ),
        "raw-public",
      );
      mlKem =
        fresh.publicKey.length === 1184 &&
        fresh.privateKey.length === 64 &&
        hex(known.subarray(0, 8)) === KEM_KAT.head &&
        hex(known.subarray(known.length - 8)) === KEM_KAT.tail;
    } catch {
      mlKem = false;
    }
  }
  return mlKem;
}
