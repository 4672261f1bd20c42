/**
 * @module pq
 * The post-quantum section: generate and validate for four provisional suites — 0x004D and 0x004F
 * (X-Wing, Ed25519), 0x0051 (ML-KEM-768, ML-DSA-65) and 0x0906 (ML-KEM-1024, ML-DSA-87) — with
 * each mlskit provider, beside ts-mls 2.0 (`ts-mls@2.0.0-rc.10`, installed as `ts-mls-2`) on its
 * nearest suite, and the primitive bound: 2 KEM key generations + 2 signatures (generate), 2
 * verifications (validate), with the primitives the node provider uses in this Node —
 * `node:crypto`'s ML-KEM / ML-DSA where this Node has them, else `@hpke/ml-kem`,
 * `@hpke/hybridkem-x-wing` and `@noble/post-quantum` (pure JS); Ed25519 always in `node:crypto`.
 *
 * ts-mls 2.0 has no suite of ours under our code points; its private 0xF007–0xF012 carry its own
 * definitions (rows of our registry too). Where the nearest ts-mls suite differs from ours, the
 * node provider is also measured on the ts-mls suite itself, so one ratio compares the same work.
 * ts-mls's operations are the ones the ts-mls 1.6.4 section measures: `generateKeyPackageWithKey`
 * (a reused signature key) and its two signature checks of a key package, `verifyKeyPackage` and
 * `verifyLeafNodeSignatureKeyPackage`.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { XWing } from "@hpke/hybridkem-x-wing";
import { MlKem512, MlKem768, MlKem1024 } from "@hpke/ml-kem";
import { cipherSuiteInfo, KemId, type SignatureName } from "@mlskit/crypto-provider";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import {
  type CiphersuiteName,
  ciphersuites,
  generateKeyPackageWithKey,
  getCiphersuiteImpl,
  mlsMessageDecoder,
  type Signature,
  type KeyPackage as TsKeyPackage,
  decode as tsDecode,
} from "ts-mls-2";
import type { BoundOps } from "./bound.js";
import { cycle, type OurOps } from "./ours.js";

/** One of our suites and the ts-mls 2.0 suite it is compared with. */
export interface PqPair {
  readonly ours: number;
  readonly tsMls: number;
  /** How the two differ. */
  readonly note: string;
}

/** The suites of the section, each with ts-mls 2.0's nearest. */
export const PQ_PAIRS: readonly PqPair[] = Object.freeze([
  { ours: 0x004d, tsMls: 0xf00e, note: "ts-mls: HKDF-SHA512, SHA-512" },
  { ours: 0x004f, tsMls: 0xf00d, note: "ts-mls: AES-256-GCM, HKDF-SHA512, SHA-512" },
  { ours: 0x0051, tsMls: 0xf00f, note: "ts-mls has no ML-DSA-65 suite: ML-KEM-1024, ML-DSA-87, SHA-512" },
  { ours: 0x0906, tsMls: 0xf00f, note: "the same definition" },
]);

/**
 * Whether two suites have the same definition (the same name: one name, one definition).
 *
 * @param a - a suite id
 * @param b - another
 * @returns true when the registry gives both the same name
 * @example
 * ```ts
 * sameDefinition(0x0906, 0xf00f); // true
 * ```
 */
export function sameDefinition(a: number, b: number): boolean {
  return cipherSuiteInfo(a)?.name === cipherSuiteInfo(b)?.name;
}

/**
 * How many key packages of a suite the pool holds. The node and webcrypto providers cache
 * imported Ed25519/ECDSA public keys (256), so those suites need more distinct keys than that for
 * "validate" to stay the cold path; no provider caches an ML-DSA public key (verification starts
 * from its bytes every time), and ML-DSA key generation costs milliseconds in pure JS.
 *
 * @param cipherSuite - the suite
 * @param poolSize - the pool size of the classic suites
 * @returns the pool size
 * @example
 * ```ts
 * pqPoolSize(0x0906, 320); // 32
 * ```
 */
export function pqPoolSize(cipherSuite: number, poolSize: number): number {
  return cipherSuiteInfo(cipherSuite)?.signatureEncoding === "mldsa" ? 32 : poolSize;
}

// ts-mls 2.0 exports only its package root, and its two key-package signature checks are not
// among the root's names: load them from the files beside the root (the code ts-mls runs when a
// group adds a key package).
interface TsMlsChecks {
  verifyKeyPackage(kp: TsKeyPackage, s: Signature): Promise<boolean>;
  verifyLeafNodeSignatureKeyPackage(leaf: TsKeyPackage["leafNode"], s: Signature): Promise<boolean>;
}
async function tsMlsChecks(): Promise<TsMlsChecks> {
  const root = import.meta.resolve("ts-mls-2");
  const kp = (await import(new URL("./keyPackage.js", root).href)) as Pick<TsMlsChecks, "verifyKeyPackage">;
  const leaf = (await import(new URL("./leafNode.js", root).href)) as Pick<
    TsMlsChecks,
    "verifyLeafNodeSignatureKeyPackage"
  >;
  return {
    verifyKeyPackage: kp.verifyKeyPackage,
    verifyLeafNodeSignatureKeyPackage: leaf.verifyLeafNodeSignatureKeyPackage,
  };
}

/**
 * ts-mls 2.0's generate and validate on one of its suites, over a pool of MLSMessage bytes of
 * that suite (made by mlskit; ts-mls reads them).
 *
 * @param cipherSuite - a ts-mls 2.0 suite id
 * @param pool - MLSMessage bytes of key packages of that suite
 * @returns the two operations
 * @example
 * ```ts
 * const ops = await tsMls2Ops(0xf00f, pool);
 * await ops.generate();
 * ```
 */
export async function tsMls2Ops(
  cipherSuite: number,
  pool: readonly Uint8Array[],
): Promise<Pick<OurOps, "generate" | "validate">> {
  const name = Object.entries(ciphersuites).find(([, id]) => id === cipherSuite)?.[0];
  if (name === undefined) throw new RangeError(`ts-mls 2.0 has no suite ${cipherSuite}`);
  const impl = await getCiphersuiteImpl(name as CiphersuiteName);
  const checks = await tsMlsChecks();
  const credential = { credentialType: 1, identity: new TextEncoder().encode("bench@example.com") } as never;
  const signatureKeyPair = await impl.signature.keygen();
  const decoded = pool.map((bytes) => {
    const m = tsDecode(mlsMessageDecoder, bytes) as
      | { wireformat: number; keyPackage: TsKeyPackage }
      | undefined;
    if (m?.wireformat !== 5) throw new Error("ts-mls 2.0 did not read a key package of the pool");
    return m.keyPackage;
  });
  const verify = async (kp: TsKeyPackage) => {
    const ok =
      (await checks.verifyKeyPackage(kp, impl.signature)) &&
      (await checks.verifyLeafNodeSignatureKeyPackage(kp.leafNode, impl.signature));
    if (!ok) throw new Error(`ts-mls 2.0 rejects a key package of suite ${cipherSuite}`);
    return ok;
  };
  for (const kp of decoded.slice(0, 4)) await verify(kp);
  const next = cycle(decoded);
  return {
    generate: () => generateKeyPackageWithKey({ credential, signatureKeyPair, cipherSuite: impl }),
    validate: () => verify(next()),
  };
}

// node:crypto's ML-KEM / ML-DSA (Node 24 has them, Node 20 not); @types/node 20 does not name
// their key types or the raw formats.
type RawFormat = "raw-seed" | "raw-public";
const nodeKeyPair = generateKeyPairSync as unknown as (type: string) => {
  publicKey: KeyObject;
  privateKey: KeyObject;
};
const exportRaw = (key: KeyObject, format: RawFormat): Uint8Array =>
  new Uint8Array((key.export as unknown as (o: { format: RawFormat }) => Uint8Array)({ format }));

function nativeHas(type: string): boolean {
  try {
    const { publicKey, privateKey } = nodeKeyPair(type);
    return exportRaw(publicKey, "raw-public").length > 0 && exportRaw(privateKey, "raw-seed").length > 0;
  } catch {
    return false;
  }
}

interface KemBound {
  readonly keygen: () => Promise<unknown>;
  readonly what: string;
}

/** One KEM key generation in wire form, as the node provider makes it. */
function kemBound(kemId: KemId): KemBound {
  const native: Partial<Record<KemId, string>> = {
    [KemId.ML_KEM_512]: "ml-kem-512",
    [KemId.ML_KEM_768]: "ml-kem-768",
    [KemId.ML_KEM_1024]: "ml-kem-1024",
  };
  const type = native[kemId];
  if (type !== undefined && nativeHas(type)) {
    return {
      keygen: async () => {
        const { publicKey, privateKey } = nodeKeyPair(type);
        return [exportRaw(publicKey, "raw-public"), exportRaw(privateKey, "raw-seed")];
      },
      what: `${type} node:crypto`,
    };
  }
  const libs: Partial<Record<KemId, [string, () => MlKem768 | XWing]>> = {
    [KemId.ML_KEM_512]: ["ML-KEM-512 @hpke/ml-kem", () => new MlKem512()],
    [KemId.ML_KEM_768]: ["ML-KEM-768 @hpke/ml-kem", () => new MlKem768()],
    [KemId.ML_KEM_1024]: ["ML-KEM-1024 @hpke/ml-kem", () => new MlKem1024()],
    [KemId.X_WING]: ["X-Wing @hpke/hybridkem-x-wing", () => new XWing()],
  };
  const lib = libs[kemId];
  if (lib === undefined) throw new RangeError(`no post-quantum bound for KEM ${kemId}`);
  const kem = lib[1]();
  return {
    keygen: async () => {
      const pair = await kem.generateKeyPair();
      return [await kem.serializePublicKey(pair.publicKey), await kem.serializePrivateKey(pair.privateKey)];
    },
    what: lib[0],
  };
}

interface SignatureBound {
  readonly sign: () => unknown;
  readonly verify: () => boolean;
  readonly what: string;
}

/** Signing and verifying `message` as the node provider does, keys prepared beforehand. */
function signatureBound(name: SignatureName, message: Uint8Array): SignatureBound {
  if (name === "ed25519") {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const signature = sign(null, message, privateKey);
    return {
      sign: () => sign(null, message, privateKey),
      verify: () => verify(null, message, publicKey, signature),
      what: "Ed25519 node:crypto",
    };
  }
  const levels = { mldsa44: ml_dsa44, mldsa65: ml_dsa65, mldsa87: ml_dsa87 } as const;
  if (!(name in levels)) throw new RangeError(`no post-quantum bound for ${name}`);
  const type = `ml-dsa-${name.slice(5)}`;
  if (nativeHas(type)) {
    const { privateKey, publicKey } = nodeKeyPair(type);
    const signature = sign(null, message, privateKey);
    // As the node provider verifies: the public key imported from its bytes for each verification.
    const raw = exportRaw(publicKey, "raw-public");
    const importPublic = createPublicKey as unknown as (o: object) => KeyObject;
    return {
      sign: () => sign(null, message, privateKey),
      verify: () =>
        verify(
          null,
          message,
          importPublic({ key: raw, format: "raw-public", asymmetricKeyType: type }),
          signature,
        ),
      what: `${type} node:crypto`,
    };
  }
  const lib = levels[name as keyof typeof levels];
  const { secretKey, publicKey } = lib.keygen(crypto.getRandomValues(new Uint8Array(32)));
  const signature = lib.sign(message, secretKey);
  return {
    sign: () => lib.sign(message, secretKey),
    verify: () => lib.verify(signature, message, publicKey),
    what: `${type.toUpperCase()} @noble/post-quantum`,
  };
}

/**
 * The primitive bound of a post-quantum suite: generate = 2 KEM key generations (wire form) + 2
 * signatures of `sample`; validate = 2 verifications; with the node provider's primitives.
 *
 * @param cipherSuite - a post-quantum suite with an Ed25519 or ML-DSA signature
 * @param sample - a key package's bytes (the message signed)
 * @returns the operations and the primitives they use
 * @example
 * ```ts
 * const { ops, primitives } = pqBound(0x0906, pool[0]);
 * await ops.generate();
 * ```
 */
export function pqBound(
  cipherSuite: number,
  sample: Uint8Array,
): { readonly ops: Pick<BoundOps, "generate" | "validate">; readonly primitives: string } {
  const info = cipherSuiteInfo(cipherSuite);
  if (info === undefined) throw new RangeError(`unknown suite ${cipherSuite}`);
  const kem = kemBound(info.kemId);
  const sig = signatureBound(info.signatureName, new Uint8Array(sample));
  return {
    ops: {
      generate: async () => {
        await kem.keygen();
        await kem.keygen();
        sig.sign();
        return sig.sign();
      },
      validate: () => {
        if (!sig.verify() || !sig.verify()) throw new Error("bound: verification failed");
      },
    },
    primitives: `${kem.what} ×2 + ${sig.what}`,
  };
}
