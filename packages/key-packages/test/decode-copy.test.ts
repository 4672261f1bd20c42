/**
 * @module decode-copy.test
 * The private copy a decoder keeps (small inputs share slabs) and the raw bytes attached to a
 * decoded package: independent of the caller's buffer and of every other decoded package, not
 * visible as a property, not carried by a copy of the object.
 */
import { toHex } from "@mlskit/codec";
import { CodecError } from "@mlskit/errors";
import { applicationIdExtension } from "@mlskit/extensions";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  keyPackageTbsBytes,
  type UnverifiedKeyPackage,
  validateKeyPackage,
} from "../src/index.js";
import { fixture, NOW, provider } from "./helpers.js";

describe("decoding keeps a private copy", () => {
  it("many packages in a row (across slabs) each re-encode to their own input", async () => {
    const { bundle } = await fixture(1);
    const message = encodeKeyPackageMessage(bundle.keyPackage);
    const inputs = Array.from({ length: 120 }, (_, i) => {
      // Distinct inputs of one length: a different GREASE-free byte in the signature each time
      // is enough to tell the copies apart (they need not verify here).
      const b = message.slice();
      b[b.length - 1] = i;
      return b;
    });
    const decoded = inputs.map((b) => decodeKeyPackageMessage(b));
    decoded.forEach((kp, i) => {
      expect(toHex(encodeKeyPackageMessage(kp))).toBe(toHex(inputs[i]!));
    });
  });

  it("a malformed input between good ones (one slab, one reader) fails at its own offsets and path", async () => {
    const { bundle } = await fixture(1);
    const message = encodeKeyPackageMessage(bundle.keyPackage);
    // MLSMessage header 4, version 2, suite 2, init_key 33, encryption_key 33: signature_key's
    // length prefix at 74 (suite 1); cut inside its bytes.
    const cut = message.subarray(0, 90);
    for (let i = 0; i < 30; i++) {
      expect(toHex(encodeKeyPackageMessage(decodeKeyPackageMessage(message)))).toBe(toHex(message));
      let error: unknown;
      try {
        decodeKeyPackageMessage(cut);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CodecError);
      const { details } = error as CodecError;
      expect(details).toMatchObject({ path: "MLSMessage.key_package.leaf_node.signature_key", offset: 74 });
    }
  });

  it("writes to the input after decoding change nothing; writes into one package leave the next alone", async () => {
    const { bundle } = await fixture(1);
    const bytes = encodeKeyPackageMessage(bundle.keyPackage);
    const input = bytes.slice();
    const a = decodeKeyPackageMessage(input);
    const b = decodeKeyPackageMessage(input);
    input.fill(0xff);
    expect(toHex(encodeKeyPackageMessage(a))).toBe(toHex(bytes));
    a.initKey.fill(0); // a caller scribbling into a view of its own package
    expect(toHex(encodeKeyPackageMessage(b))).toBe(toHex(bytes));
    await validateKeyPackage(b, { provider, now: NOW });
  });

  it("the raw bytes are no property of the package and do not follow a copy of it", async () => {
    // A private-use extension type (RFC 9420 §17.3: 0xF000-0xFFFF) in the KeyPackage extensions.
    const { bundle } = await fixture(1, {
      extensions: [{ extensionType: 0xff01, extensionData: new Uint8Array([7]) }],
    });
    const kp = decodeKeyPackageMessage(encodeKeyPackageMessage(bundle.keyPackage));
    expect(Object.isFrozen(kp)).toBe(true);
    expect(Reflect.ownKeys(kp).sort()).toEqual(
      ["cipherSuite", "extensions", "initKey", "leafNode", "signature", "version"].sort(),
    );
    const copy: UnverifiedKeyPackage = { ...kp, extensions: [] };
    expect(toHex(encodeKeyPackage(copy))).not.toBe(toHex(encodeKeyPackage(kp)));
    expect(keyPackageTbsBytes(copy).length).toBeLessThan(keyPackageTbsBytes(kp).length);
    // The copy, encoded from its fields, decodes to what it says.
    expect(decodeKeyPackage(encodeKeyPackage(copy)).extensions).toEqual([]);
  });

  it("an input over 1 KiB decodes and re-encodes exactly", async () => {
    const big = applicationIdExtension(new Uint8Array(3000).fill(0x5a));
    const { bundle } = await fixture(1, { leafNodeExtensions: [big] });
    const bytes = encodeKeyPackageMessage(bundle.keyPackage);
    expect(bytes.length).toBeGreaterThan(1024);
    const kp = decodeKeyPackageMessage(bytes);
    expect(toHex(encodeKeyPackageMessage(kp))).toBe(toHex(bytes));
    await validateKeyPackage(kp, { provider, now: NOW });
  });

  it("a Node Buffer input (whose slice() shares memory) is copied too, small or over 1 KiB", async () => {
    const big = applicationIdExtension(new Uint8Array(3000).fill(0x5a));
    for (const extra of [{}, { leafNodeExtensions: [big] }]) {
      const { bundle } = await fixture(1, extra);
      const bytes = encodeKeyPackageMessage(bundle.keyPackage);
      const input = Buffer.from(bytes);
      const kp = decodeKeyPackageMessage(input);
      input.fill(0xff);
      expect(toHex(encodeKeyPackageMessage(kp))).toBe(toHex(bytes));
      expect(Object.getPrototypeOf(kp.initKey)).toBe(Uint8Array.prototype);
      await validateKeyPackage(kp, { provider, now: NOW });
    }
  });
});
