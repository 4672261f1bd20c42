/**
 * @module @mlskit/test-vectors
 * The one place that reads the official mlswg interop vectors. The folder comes from
 * `MLS_VECTORS_DIR`, by default `../shared/vectors/mls` relative to the repository root. A missing
 * folder or file is a loud error that says how to get the files (`pnpm fetch-vectors`), never a
 * silently skipped test. Also the reader of the known-answer files kept in this repository under
 * `tools/vectors/kat` (primitives' published vectors, each file naming its source and licence).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in tools/vectors/src or tools/vectors/dist). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The vectors folder: `MLS_VECTORS_DIR` (absolute, or relative to the repository root) or
 * `../shared/vectors/mls`.
 * @returns absolute path
 */
export function vectorsDir(): string {
  const configured = process.env.MLS_VECTORS_DIR;
  const dir = configured && configured !== "" ? configured : "../shared/vectors/mls";
  return isAbsolute(dir) ? dir : resolve(repoRoot, dir);
}

const cache = new Map<string, unknown>();

/**
 * Read and parse one vector file, failing loudly when it is missing.
 * @param file - e.g. `"crypto-basics.json"`
 * @returns the parsed JSON
 * @example
 * ```ts
 * const cases = loadVectors<CryptoBasicsCase[]>("crypto-basics.json");
 * ```
 */
export function loadVectors<T>(file: string): T {
  const hit = cache.get(file);
  if (hit !== undefined) return hit as T;
  const dir = vectorsDir();
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new Error(
      `MLS test vector ${file} not found in ${dir}. Set MLS_VECTORS_DIR to the folder of the mlswg ` +
        `test vectors, or run "pnpm fetch-vectors" to download the pinned files into ../shared/vectors/mls.`,
    );
  }
  const value = JSON.parse(readFileSync(path, "utf8")) as T;
  cache.set(file, value);
  return value;
}

/**
 * Read and parse one known-answer file of `tools/vectors/kat` (kept in the repository).
 * @param file - e.g. `"aead.json"`
 * @returns the parsed JSON
 * @example
 * ```ts
 * const { cases } = loadKnownAnswers<{ cases: AeadKnownAnswer[] }>("aead.json");
 * ```
 */
export function loadKnownAnswers<T>(file: string): T {
  const key = `kat/${file}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  const value = JSON.parse(readFileSync(join(repoRoot, "tools/vectors/kat", file), "utf8")) as T;
  cache.set(key, value);
  return value;
}

/** One case of `tools/vectors/kat/aead.json` (hex strings; ciphertext includes the tag). */
export interface AeadKnownAnswer {
  aead_id: number;
  source: string;
  key: string;
  nonce: string;
  aad: string;
  plaintext: string;
  ciphertext: string;
}

/** One case of `tools/vectors/kat/hpke-pq.json` (draft-ietf-hpke-pq base mode, hex strings). */
export interface HpkeKnownAnswer {
  kem_id: number;
  kdf_id: number;
  aead_id: number;
  info: string;
  ikmR: string;
  skRm: string;
  pkRm: string;
  enc: string;
  aad: string;
  pt: string;
  ct: string;
}

/**
 * The vectors every provider's test hands `@mlskit/crypto-provider/testing`'s conformance kit:
 * crypto-basics.json, and the AEAD and post-quantum HPKE known answers of `tools/vectors/kat`.
 * @returns the kit's `vectors`, `aeadVectors` and `hpkeVectors` options
 * @example
 * ```ts
 * runCryptoProviderConformance(provider, { describe, it, expect }, providerConformanceVectors());
 * ```
 */
export function providerConformanceVectors(): {
  vectors: CryptoBasicsCase[];
  aeadVectors: AeadKnownAnswer[];
  hpkeVectors: HpkeKnownAnswer[];
} {
  return {
    vectors: loadVectors<CryptoBasicsCase[]>("crypto-basics.json"),
    aeadVectors: loadKnownAnswers<{ cases: AeadKnownAnswer[] }>("aead.json").cases,
    hpkeVectors: loadKnownAnswers<{ cases: HpkeKnownAnswer[] }>("hpke-pq.json").cases,
  };
}

/** Parse a hex string from a vector. @param hex - lower-case hex @returns bytes */
export function hex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** One case of crypto-basics.json (RFC 9420 labelled functions). */
export interface CryptoBasicsCase {
  cipher_suite: number;
  ref_hash: { label: string; value: string; out: string };
  expand_with_label: { secret: string; label: string; context: string; length: number; out: string };
  derive_secret: { secret: string; label: string; out: string };
  derive_tree_secret: { secret: string; label: string; generation: number; length: number; out: string };
  sign_with_label: { priv: string; pub: string; content: string; label: string; signature: string };
  encrypt_with_label: {
    priv: string;
    pub: string;
    label: string;
    context: string;
    plaintext: string;
    kem_output: string;
    ciphertext: string;
  };
}

/** One case of deserialization.json (varint headers). */
export interface DeserializationCase {
  vlbytes_header: string;
  length: number;
}

/** One case of messages.json; only the fields mlskit reads are typed. */
export interface MessagesCase {
  mls_key_package: string;
  add_proposal: string;
  [field: string]: string;
}

/** One case of welcome.json. */
export interface WelcomeCase {
  cipher_suite: number;
  init_priv: string;
  signer_pub: string;
  key_package: string;
  welcome: string;
}
