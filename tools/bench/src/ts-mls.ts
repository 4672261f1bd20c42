/**
 * @module ts-mls
 * The same five operations through ts-mls 1.6.4 (its default crypto provider), in the same
 * process and over the same pool of key packages as mlskit:
 * - generate: `generateKeyPackageWithKey` with a reused signature key (the body of
 *   `generateKeyPackage` without its signature key generation, as mlskit's generate reuses one);
 * - validate: its signature checks of a key package, both of them (`verifyKeyPackage` and
 *   `verifyLeafNodeSignatureKeyPackage`; ts-mls checks nothing else of a lone key package);
 * - decode / encode: `decodeMlsMessage` / `encodeMlsMessage`;
 * - ref: `makeKeyPackageRef`.
 */
import {
  type CiphersuiteImpl,
  type CiphersuiteName,
  ciphersuites,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type KeyPackage,
} from "ts-mls";
import { makeKeyPackageRef, verifyKeyPackage } from "ts-mls/keyPackage.js";
import { verifyLeafNodeSignatureKeyPackage } from "ts-mls/leafNode.js";
import type { OurOps } from "./ours.js";
import { cycle } from "./ours.js";

function suiteName(cs: number): CiphersuiteName {
  const entry = Object.entries(ciphersuites).find(([, id]) => id === cs);
  if (entry === undefined) throw new Error(`ts-mls has no cipher suite ${cs}`);
  return entry[0] as CiphersuiteName;
}

/**
 * MLSMessage bytes → ts-mls KeyPackage (throws unless ts-mls reads all of it as a key package).
 *
 * @param bytes - MLSMessage bytes
 * @returns ts-mls's KeyPackage
 * @example
 * ```ts
 * const kp = tsDecode(pool[0]);
 * ```
 */
export function tsDecode(bytes: Uint8Array): KeyPackage {
  const decoded = decodeMlsMessage(bytes, 0);
  if (decoded === undefined) throw new Error("ts-mls could not decode the MLSMessage");
  const [message, length] = decoded;
  if (length !== bytes.length || message.wireformat !== "mls_key_package") {
    throw new Error("ts-mls did not read a whole key package");
  }
  return message.keyPackage;
}

/**
 * The ts-mls operations for a suite over a pool.
 *
 * @param cipherSuite - the suite
 * @param pool - MLSMessage bytes (made by mlskit; ts-mls reads them)
 * @returns the operations
 * @example
 * ```ts
 * const ops = await tsMlsOps(1, pool);
 * ```
 */
export async function tsMlsOps(cipherSuite: number, pool: readonly Uint8Array[]): Promise<OurOps> {
  const impl: CiphersuiteImpl = await getCiphersuiteImpl(getCiphersuiteFromName(suiteName(cipherSuite)));
  const credential = {
    credentialType: "basic" as const,
    identity: new TextEncoder().encode("bench@example.com"),
  };
  const capabilities = defaultCapabilities();
  const keys = await impl.signature.keygen();
  const decoded = pool.map(tsDecode);
  for (const kp of decoded.slice(0, 4)) {
    const ok =
      (await verifyKeyPackage(kp, impl.signature)) &&
      (await verifyLeafNodeSignatureKeyPackage(kp.leafNode, impl.signature));
    if (!ok) throw new Error(`ts-mls rejects a suite-${cipherSuite} key package of the pool`);
  }
  const nextBytes = cycle(pool);
  const nextForValidate = cycle(decoded);
  const nextForValidateWarm = cycle(decoded.slice(0, 16));
  const verify = async (kp: KeyPackage) => {
    const ok =
      (await verifyKeyPackage(kp, impl.signature)) &&
      (await verifyLeafNodeSignatureKeyPackage(kp.leafNode, impl.signature));
    if (!ok) throw new Error("ts-mls rejected a valid key package");
    return ok;
  };
  const nextForEncode = cycle(decoded);
  const nextForRef = cycle(decoded);
  return {
    generate: () => generateKeyPackageWithKey(credential, capabilities, defaultLifetime, [], keys, impl),
    validate: () => verify(nextForValidate()),
    validateWarm: () => verify(nextForValidateWarm()),
    decode: () => tsDecode(nextBytes()),
    encode: () =>
      encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: nextForEncode() }),
    ref: () => makeKeyPackageRef(nextForRef(), impl.hash),
  };
}
