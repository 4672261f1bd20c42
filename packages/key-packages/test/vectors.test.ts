import { decode, opaque, struct, toHex, uint16, vector } from "@mlskit/codec";
import { type CipherSuiteImpl, decryptWithLabel } from "@mlskit/crypto-provider";
import { hex, loadVectors, type MessagesCase, type WelcomeCase } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import { provider } from "./helpers.js";

// Welcome (RFC 9420 §12.4.3.1), read here only to find new_member.
const welcomeCodec = struct({
  cipherSuite: uint16,
  secrets: vector(struct({ newMember: opaque, kemOutput: opaque, ciphertext: opaque })),
  encryptedGroupInfo: opaque,
});

const messages = loadVectors<MessagesCase[]>("messages.json");
const welcomes = loadVectors<WelcomeCase[]>("welcome.json");

describe("messages.json: all 300 mls_key_package", () => {
  // Their lifetimes lie in 2023-03-08 … 2023-05-31; judge them inside it.
  const now = 1_680_000_000n;
  it("has 300 cases", () => expect(messages.length).toBe(300));
  for (const [i, c] of messages.entries()) {
    it(`#${i}: decode → encode is byte-identical, and it validates`, async () => {
      const bytes = hex(c.mls_key_package);
      const kp = decodeKeyPackageMessage(bytes);
      expect(encodeKeyPackageMessage(kp)).toEqual(bytes);
      expect(encodeKeyPackage(kp)).toEqual(bytes.subarray(4));
      // The same package also decodes as a bare struct.
      expect(encodeKeyPackage(decodeKeyPackage(bytes.subarray(4)))).toEqual(bytes.subarray(4));
      await validateKeyPackage(kp, { provider, now });
    });
  }
  it("add_proposal KPs (bare structs) validate too", async () => {
    for (const c of messages) {
      const kp = decodeKeyPackage(hex(c.add_proposal));
      await validateKeyPackage(kp, { provider, now });
    }
  });
});

describe("welcome.json: suites 1-7", () => {
  for (const c of welcomes) {
    it(`suite ${c.cipher_suite}: decodes, validates, and its ref is the Welcome's new_member`, async () => {
      const kp = decodeKeyPackageMessage(hex(c.key_package));
      expect(kp.cipherSuite).toBe(c.cipher_suite);
      // These vectors carry the "eternal" lifetime (0, 2^64-1): only the maximum is turned off.
      await validateKeyPackage(kp, {
        provider,
        now: 1_700_000_000n,
        lifetimePolicy: false,
        expectedCipherSuite: c.cipher_suite,
      });
      const welcomeBytes = hex(c.welcome);
      // MLSMessage: version, wire_format = mls_welcome (3), Welcome
      expect(toHex(welcomeBytes.subarray(0, 4))).toBe("00010003");
      const welcome = decode(welcomeCodec, welcomeBytes.subarray(4));
      const ref = await keyPackageRef(kp, provider);
      const secret = welcome.secrets.find((s) => toHex(s.newMember) === toHex(ref));
      expect(secret).toBeDefined();
      // The init private key of the vector opens the group secrets addressed to that ref.
      const suite: CipherSuiteImpl = await provider.getCipherSuite(c.cipher_suite);
      const groupSecrets = await decryptWithLabel(
        suite,
        hex(c.init_priv),
        "Welcome",
        welcome.encryptedGroupInfo,
        secret!.kemOutput,
        secret!.ciphertext,
      );
      expect(groupSecrets.length).toBeGreaterThan(0);
    });
  }

  it("the default lifetime policy rejects their eternal lifetime", async () => {
    const kp = decodeKeyPackageMessage(hex(welcomes[0]!.key_package));
    await expect(validateKeyPackage(kp, { provider, now: 1_700_000_000n })).rejects.toMatchObject({
      code: "KEY_PACKAGE_LIFETIME_TOO_LONG",
    });
  });
});
