/**
 * @module cases
 * Test bodies shared by the Node and the Chromium tests (no Node APIs here): a key package made
 * with one provider and validated with another, and one official welcome.json case (decode,
 * validate, reference = the Welcome's new_member, the vector's init key opens its group secrets).
 */
import { decode, fromHex, opaque, struct, toHex, uint16, vector } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { type CryptoProvider, decryptWithLabel, encryptWithLabel } from "@mlskit/crypto-provider";
import {
  createKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "@mlskit/key-packages";

/** The assertion this module needs (vitest's `expect(...)` fits). */
type Expect = (actual: unknown) => { toBe(expected: unknown): void };

/** One case of welcome.json (hex strings as in the file). */
export interface WelcomeVector {
  readonly cipher_suite: number;
  readonly init_priv: string;
  readonly key_package: string;
  readonly welcome: string;
}

/**
 * Create a key package with `maker`, send it through MLSMessage bytes, validate it with `checker`;
 * both compute the creator's reference, and the creator's init private key opens what the
 * checker seals to the init key.
 */
export async function keyPackageAcross(
  maker: CryptoProvider,
  checker: CryptoProvider,
  cipherSuite: number,
  expect: Expect,
): Promise<void> {
  const suite = await maker.getCipherSuite(cipherSuite);
  const bundle = await createKeyPackage({
    provider: maker,
    cipherSuite,
    credential: basicCredential("alice@example.com"),
    signatureKeyPair: await suite.signature.generateKeyPair(),
  });
  const decoded = decodeKeyPackageMessage(encodeKeyPackageMessage(bundle.keyPackage));
  const valid = await validateKeyPackage(decoded, { provider: checker, expectedCipherSuite: cipherSuite });
  expect(toHex(await keyPackageRef(valid, checker))).toBe(toHex(bundle.ref));
  expect(toHex(await keyPackageRef(valid, maker))).toBe(toHex(bundle.ref));
  const pt = new TextEncoder().encode("welcome");
  const ctx = new Uint8Array(0);
  const sealed = await encryptWithLabel(
    await checker.getCipherSuite(cipherSuite),
    valid.initKey,
    "Welcome",
    ctx,
    pt,
  );
  const opened = await decryptWithLabel(
    suite,
    bundle.initPrivateKey,
    "Welcome",
    ctx,
    sealed.kemOutput,
    sealed.ciphertext,
  );
  expect(toHex(opened)).toBe(toHex(pt));
}

// Welcome (RFC 9420 §12.4.3.1), read here only to find new_member.
const welcomeCodec = struct({
  cipherSuite: uint16,
  secrets: vector(struct({ newMember: opaque, kemOutput: opaque, ciphertext: opaque })),
  encryptedGroupInfo: opaque,
});

/** Check one official welcome.json case with `provider`. */
export async function welcomeVector(
  provider: CryptoProvider,
  c: WelcomeVector,
  expect: Expect,
): Promise<void> {
  const kp = decodeKeyPackageMessage(fromHex(c.key_package));
  // These vectors carry the "eternal" lifetime (0, 2^64-1): only the maximum is turned off.
  await validateKeyPackage(kp, {
    provider,
    now: 1_700_000_000n,
    lifetimePolicy: false,
    expectedCipherSuite: c.cipher_suite,
  });
  const welcomeBytes = fromHex(c.welcome);
  // MLSMessage: version mls10 (1), wire_format mls_welcome (3), then the Welcome.
  expect(toHex(welcomeBytes.subarray(0, 4))).toBe("00010003");
  const welcome = decode(welcomeCodec, welcomeBytes.subarray(4));
  const ref = toHex(await keyPackageRef(kp, provider));
  const secret = welcome.secrets.find((s) => toHex(s.newMember) === ref);
  expect(secret === undefined ? "no secrets for this ref" : "found").toBe("found");
  const groupSecrets = await decryptWithLabel(
    await provider.getCipherSuite(c.cipher_suite),
    fromHex(c.init_priv),
    "Welcome",
    welcome.encryptedGroupInfo,
    secret!.kemOutput,
    secret!.ciphertext,
  );
  expect(groupSecrets.length > 0).toBe(true);
}
