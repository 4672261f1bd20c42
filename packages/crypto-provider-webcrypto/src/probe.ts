/**
 * @module probe
 * Which of the algorithms that not every SubtleCrypto has are native in this runtime. Each is
 * probed once per runtime with a known-answer test through the very calls the provider makes
 * (PKCS#8 import, sign / deriveBits / encrypt), and the answer is cached, so a provider decides
 * native-or-fallback once per suite, never per call. Everything else the provider uses (SHA-2,
 * HMAC, AES-GCM, ECDSA and ECDH on P-256/384/521) is in every SubtleCrypto and is not probed. The
 * post-quantum algorithms (ML-DSA, ML-KEM) are probed against the known public key of a seed.
 */
import { fromHex, toHex } from "@mlskit/codec";
import { base64UrlBytes, bufferSource, bytesEqual } from "./bytes.js";
import { okpPkcs8 } from "./keys.js";
import {
  type MlDsaAlgorithm,
  type MlKemAlgorithm,
  webCryptoMlDsa,
  webCryptoMlKemKeyPair,
} from "./post-quantum.js";
import { runtimeSubtle } from "./runtime-subtle.js";

/**
 * The algorithms the provider takes from SubtleCrypto when the runtime has them and from its
 * bundled pure-JS fallback otherwise.
 *
 * @example
 * ```ts
 * import { OPTIONAL_ALGORITHMS } from "@mlskit/crypto-provider-webcrypto";
 * OPTIONAL_ALGORITHMS; // ["Ed25519", "Ed448", "X25519", "X448", "ChaCha20-Poly1305", "ML-DSA-44", …]
 * ```
 */
export const OPTIONAL_ALGORITHMS = Object.freeze([
  "Ed25519",
  "Ed448",
  "X25519",
  "X448",
  "ChaCha20-Poly1305",
  "ML-DSA-44",
  "ML-DSA-65",
  "ML-DSA-87",
  "ML-KEM-512",
  "ML-KEM-768",
  "ML-KEM-1024",
] as const);
/**
 * One of {@link OPTIONAL_ALGORITHMS}.
 *
 * @example
 * ```ts
 * const quiet: OptionalAlgorithm[] = ["Ed448", "X448"];
 * createWebCryptoProvider({ forceFallback: quiet });
 * ```
 */
export type OptionalAlgorithm = (typeof OPTIONAL_ALGORITHMS)[number];

/** Known answers: RFC 8032 §7.1 TEST 1 and §7.4 "Blank", RFC 7748 §6.1 and §6.2 (Alice's public key). */
const KAT = {
  ed25519Seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
  ed25519Sig:
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  ed448Seed:
    "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
  ed448Sig:
    "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600",
  x25519Private: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
  x25519Public: "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
  x448Private:
    "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
  x448Public:
    "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
  // RFC 8439 AEAD with key 07×32, nonce 01×12, aad "aad", plaintext "mlskit probe" (from OpenSSL).
  chachaCiphertext: "1126f27cf99101bd51e6de88576d2d6ddd63c11f8ee83d1133f482c6",
} as const;

type Subtle = SubtleCrypto;

async function probeEdDsa(subtle: Subtle, alg: "Ed25519" | "Ed448", seed: string, sig: string) {
  const pkcs8 = okpPkcs8(alg, fromHex(seed));
  const key = await subtle.importKey("pkcs8", bufferSource(pkcs8), { name: alg }, false, ["sign"]);
  const out = new Uint8Array(await subtle.sign({ name: alg }, key, new Uint8Array(0)));
  return bytesEqual(out, fromHex(sig));
}

async function probeXdh(subtle: Subtle, alg: "X25519" | "X448", sk: string, pk: string) {
  const size = alg === "X25519" ? 32 : 56;
  const key = await subtle.importKey(
    "pkcs8",
    bufferSource(okpPkcs8(alg, fromHex(sk))),
    { name: alg },
    false,
    ["deriveBits"],
  );
  // The base point (u = 9 or u = 5) as the peer: the shared secret is our own public key.
  const base = new Uint8Array(size);
  base[0] = alg === "X25519" ? 9 : 5;
  const peer = await subtle.importKey("raw", base, { name: alg }, true, []);
  const out = new Uint8Array(await subtle.deriveBits({ name: alg, public: peer }, key, size * 8));
  return bytesEqual(out, fromHex(pk));
}

async function probeChaCha(subtle: Subtle) {
  const name = "ChaCha20-Poly1305";
  // WICG "Modern Algorithms in WebCrypto": ChaCha20-Poly1305 keys import as "raw-secret", not "raw".
  const key = await subtle.importKey("raw-secret" as "raw", new Uint8Array(32).fill(7), { name }, false, [
    "encrypt",
  ]);
  const params = { name, iv: new Uint8Array(12).fill(1), additionalData: new TextEncoder().encode("aad") };
  const out = await subtle.encrypt(params, key, new TextEncoder().encode("mlskit probe"));
  return bytesEqual(new Uint8Array(out), fromHex(KAT.chachaCiphertext));
}

// FIPS 204 / FIPS 203 KeyGen of the all-zero seed: first and last 8 bytes of the public key
// (equal in @noble/post-quantum and OpenSSL 3.5).
const PQ_KAT: Readonly<Record<MlDsaAlgorithm | MlKemAlgorithm, readonly [string, string]>> = {
  "ML-DSA-44": ["ba71f9f64e11baeb", "3830546b9dd8db0d"],
  "ML-DSA-65": ["424b2f267e58d5b3", "a7106fb325b526ea"],
  "ML-DSA-87": ["e45ffc8cc73db885", "57b763439686d4a3"],
  "ML-KEM-512": ["df17848677416e95", "821a0b5dba9ad3e7"],
  "ML-KEM-768": ["254a797885c63b14", "60ac1daa9ecb0e67"],
  "ML-KEM-1024": ["b1572c900b8b8202", "c47ea62dedcaa0ec"],
};

function matchesKat(pk: Uint8Array, [head, tail]: readonly [string, string]): boolean {
  return toHex(pk.subarray(0, 8)) === head && toHex(pk.subarray(pk.length - 8)) === tail;
}

/** ML-DSA: the known public key of the zero seed, and a signature that verifies. */
async function probeMlDsa(subtle: Subtle, alg: MlDsaAlgorithm) {
  const lib = webCryptoMlDsa(subtle, alg);
  const { publicKey, secretKey } = await lib.keygen(new Uint8Array(32));
  const msg = new Uint8Array([1, 2, 3]);
  return (
    matchesKat(publicKey, PQ_KAT[alg]) && (await lib.verify(await lib.sign(msg, secretKey), msg, publicKey))
  );
}

/** ML-KEM: the known public key of the zero seed, and a fresh key pair exported as seed. */
async function probeMlKem(subtle: Subtle, alg: MlKemAlgorithm) {
  const key = await subtle.importKey("raw-seed" as "raw", new Uint8Array(64), { name: alg }, true, [
    "decapsulateBits" as KeyUsage,
  ]);
  const { pub } = (await subtle.exportKey("jwk", key)) as { pub: string };
  const fresh = await webCryptoMlKemKeyPair(subtle, alg);
  return matchesKat(base64UrlBytes(pub), PQ_KAT[alg]) && fresh.privateKey.length === 64;
}

const PROBES: Readonly<Record<OptionalAlgorithm, (subtle: Subtle) => Promise<boolean>>> = {
  Ed25519: (s) => probeEdDsa(s, "Ed25519", KAT.ed25519Seed, KAT.ed25519Sig),
  Ed448: (s) => probeEdDsa(s, "Ed448", KAT.ed448Seed, KAT.ed448Sig),
  X25519: (s) => probeXdh(s, "X25519", KAT.x25519Private, KAT.x25519Public),
  X448: (s) => probeXdh(s, "X448", KAT.x448Private, KAT.x448Public),
  "ChaCha20-Poly1305": probeChaCha,
  "ML-DSA-44": (s) => probeMlDsa(s, "ML-DSA-44"),
  "ML-DSA-65": (s) => probeMlDsa(s, "ML-DSA-65"),
  "ML-DSA-87": (s) => probeMlDsa(s, "ML-DSA-87"),
  "ML-KEM-512": (s) => probeMlKem(s, "ML-KEM-512"),
  "ML-KEM-768": (s) => probeMlKem(s, "ML-KEM-768"),
  "ML-KEM-1024": (s) => probeMlKem(s, "ML-KEM-1024"),
};

/** One cached answer per algorithm for this runtime (module-wide: the runtime does not change). */
const answers = new Map<OptionalAlgorithm, Promise<boolean>>();

/**
 * Whether SubtleCrypto implements `alg` correctly here; probed on first call, then cached.
 *
 * @param alg - the algorithm
 * @returns true when native, false when the fallback must be used
 * @internal
 */
export function isNative(alg: OptionalAlgorithm): Promise<boolean> {
  let answer = answers.get(alg);
  if (answer === undefined) {
    const subtle = runtimeSubtle();
    // Any failure (NotSupportedError, a wrong answer, a missing API) means "not native".
    answer = subtle === undefined ? Promise.resolve(false) : PROBES[alg](subtle).catch(() => false);
    answers.set(alg, answer);
  }
  return answer;
}

/**
 * Probe every {@link OPTIONAL_ALGORITHMS} entry (once per runtime; later calls return the cached
 * answers) and report which this runtime's SubtleCrypto implements. On Node the first use of Ed448
 * or X448 prints Node's ExperimentalWarning.
 *
 * @returns algorithm name → true when native
 * @example
 * ```ts
 * import { detectNativeAlgorithms } from "@mlskit/crypto-provider-webcrypto";
 * const native = await detectNativeAlgorithms();
 * if (!native.Ed448) console.log("Ed448 will use the pure-JS fallback");
 * ```
 */
export async function detectNativeAlgorithms(): Promise<Readonly<Record<OptionalAlgorithm, boolean>>> {
  const entries = await Promise.all(OPTIONAL_ALGORITHMS.map(async (a) => [a, await isNative(a)] as const));
  return Object.freeze(Object.fromEntries(entries) as Record<OptionalAlgorithm, boolean>);
}
