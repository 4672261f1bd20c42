/**
 * @module ts-mls
 * The same five operations through ts-mls 1.6.4 (its default crypto provider), in the same
 * process and over the same pool of key packages as mlskit:
 * - generate: `generateKeyPackageWithKey` with a reused signature key (the body of
 *   `generateKeyPackage` without its signature key generation, as mlskit's generate reuses one);
 * - validate: its signature checks of a key package, both of them (`verifyKeyPackage` and
 *   `verifyLeafNodeSignatureKeyPackage`; ts-mls checks nothing else of a lone key package);
 * - decode / encode: `decodeMlsMessage` (through `tsMlsKeyPackage`, which checks that it read a
 *   whole key package) / `encodeMlsMessage`;
 * - ref: `makeKeyPackageRef`.
 */
import { tsMlsKeyPackage, tsMlsSuite } from "@mlskit/interop-peers";
import {
  type CiphersuiteImpl,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  type KeyPackage,
} from "ts-mls";
import { makeKeyPackageRef, verifyKeyPackage } from "ts-mls/keyPackage.js";
import { verifyLeafNodeSignatureKeyPackage } from "ts-mls/leafNode.js";
import type { OurOps } from "./ours.js";
import { cycle } from "./ours.js";

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
  const impl: CiphersuiteImpl = await tsMlsSuite(cipherSuite);
  const credential = {
    credentialType: "basic" as const,
    identity: new TextEncoder().encode("bench@example.com"),
  };
  const capabilities = defaultCapabilities();
  const keys = await impl.signature.keygen();
  const decoded = pool.map(tsMlsKeyPackage);
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
    decode: () => tsMlsKeyPackage(nextBytes()),
    encode: () =>
      encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: nextForEncode() }),
    ref: () => makeKeyPackageRef(nextForRef(), impl.hash),
  };
}
