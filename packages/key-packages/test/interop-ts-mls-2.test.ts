/**
 * @module interop-ts-mls-2.test
 * Interop with ts-mls 2.0 (npm `ts-mls@2.0.0-rc.10`, installed as `ts-mls-2`) on its post-quantum
 * suites, the private-use code points 0xF007–0xF012 (ML-KEM-512/768/1024 and X-Wing, Ed25519 or
 * ML-DSA-87; its own definitions, which our registry rows copy — every one runs HKDF-SHA512, and
 * 0xF007 AES-256-GCM). Both ways, in MLSMessage bytes, the only thing the two libraries share:
 *
 * - ts-mls's key packages decode and pass every check of `validateKeyPackage`, with the ref
 *   ts-mls computes;
 * - ours pass ts-mls's checks: a ts-mls group commits an Add of our package (ts-mls validates it
 *   as a proposal: signatures, keys, lifetime), and our init private key opens the Welcome's
 *   GroupSecrets (DecryptWithLabel "Welcome"), which exercises the HPKE KEM ids (X-Wing 0x647a,
 *   ML-KEM 0x0040–0x0042) and the suites' KDF and AEAD end to end.
 *
 * One ts-mls 2.0 observation: its ML-DSA secret key is FIPS 204's expanded key (4,896 bytes for
 * ML-DSA-87), ours the 32-byte seed; public keys and signatures are the same FIPS 204 encodings.
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { CIPHER_SUITES } from "@mlskit/crypto-provider";
import {
  type CiphersuiteName,
  ciphersuites,
  createCommit,
  createGroup,
  generateKeyPackage,
  getCiphersuiteImpl,
  makeKeyPackageRef,
  mlsMessageDecoder,
  mlsMessageEncoder,
  type KeyPackage as TsKeyPackage,
  decode as tsDecode,
  encode as tsEncode,
  unsafeTestingAuthenticationService,
} from "ts-mls-2";
import { describe, expect, it } from "vitest";
import {
  createKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import { provider, signatureKeyPairFor } from "./helpers.js";
import { openOurGroupSecrets, parseWelcomeMessage } from "./ts-mls-helpers.js";

/** ts-mls 2.0's post-quantum suites, as its `ciphersuites` table lists them. */
const TS_PQ = Object.entries(ciphersuites)
  .filter(([, id]) => id >= 0xf000)
  .map(([name, id]) => ({ name: name as CiphersuiteName, id }));

const toBytes = (kp: TsKeyPackage): Uint8Array =>
  tsEncode(mlsMessageEncoder, { version: 1, wireformat: 5, keyPackage: kp } as never);

function fromBytes(bytes: Uint8Array): TsKeyPackage {
  const m = tsDecode(mlsMessageDecoder, bytes) as
    | { wireformat: number; keyPackage: TsKeyPackage }
    | undefined;
  if (m === undefined || m.wireformat !== 5) throw new Error("ts-mls did not read a key package");
  return m.keyPackage;
}

describe("ts-mls 2.0 post-quantum suites", () => {
  it("lists 0xF007–0xF012, each a provisional row of ours with the same name", () => {
    expect(TS_PQ.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => 0xf007 + i));
    for (const { name, id } of TS_PQ) {
      const row = CIPHER_SUITES.find((s) => s.id === id);
      expect(row?.name).toBe(name);
      expect(row?.provisional?.source).toContain("ts-mls");
    }
  });

  for (const { name, id } of TS_PQ) {
    const hex = `0x${id.toString(16)}`;
    it(`${hex} ${name}: ts-mls's key package validates here, with ts-mls's ref`, async () => {
      const impl = await getCiphersuiteImpl(name);
      const generated = await generateKeyPackage({
        credential: { credentialType: 1, identity: new TextEncoder().encode("ts-alice") } as never,
        cipherSuite: impl,
      });
      const kp = decodeKeyPackageMessage(toBytes(generated.publicPackage));
      const validated = await validateKeyPackage(kp, { provider, expectedCipherSuite: id });
      expect(validated.cipherSuite).toBe(id);
      const tsRef = await makeKeyPackageRef(generated.publicPackage, impl.hash);
      expect(toHex(await keyPackageRef(validated, provider))).toBe(toHex(tsRef));
    });

    it(`${hex} ${name}: ts-mls adds our key package; our init key opens its Welcome`, async () => {
      const bundle = await createKeyPackage({
        provider,
        cipherSuite: id,
        credential: basicCredential("mlskit-bob"),
        signatureKeyPair: await signatureKeyPairFor(id),
      });
      const ours = fromBytes(encodeKeyPackageMessage(bundle.keyPackage));
      const impl = await getCiphersuiteImpl(name);
      const context = { cipherSuite: impl, authService: unsafeTestingAuthenticationService };
      const alice = await generateKeyPackage({
        credential: { credentialType: 1, identity: new TextEncoder().encode("ts-alice") } as never,
        cipherSuite: impl,
      });
      const group = await createGroup({
        context,
        groupId: new TextEncoder().encode(`mlskit-pq-${hex}`),
        keyPackage: alice.publicPackage,
        privateKeyPackage: alice.privatePackage,
      });
      // ts-mls validates the Add proposal's key package here (signatures, keys, lifetime).
      const result = await createCommit({
        context,
        state: group,
        extraProposals: [{ proposalType: 1, add: { keyPackage: ours } } as never],
      });
      expect(result.welcome).toBeDefined();
      const welcomeBytes = tsEncode(mlsMessageEncoder, result.welcome!);
      const welcome = parseWelcomeMessage(welcomeBytes);
      expect(welcome.cipherSuite).toBe(id);
      await openOurGroupSecrets(provider, id, welcome, bundle);
    });
  }
});
