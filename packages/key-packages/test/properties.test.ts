import { CodecError, MlsError } from "@mlskit/errors";
import { expectCanonicalOrCodecError, fuzzMutations, fuzzRandomBytes } from "@mlskit/test-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  validateKeyPackage,
} from "../src/index.js";
import { fixture, NOW, provider } from "./helpers.js";

describe("key package properties", () => {
  for (const cs of [1, 2]) {
    it(`suite ${cs}: any single bit flip of a valid package is rejected by decode or validate`, async () => {
      const { bundle } = await fixture(cs, { lastResort: true });
      const bytes = encodeKeyPackage(bundle.keyPackage);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
          const flipped = bytes.slice();
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          let kp: ReturnType<typeof decodeKeyPackage>;
          try {
            kp = decodeKeyPackage(flipped);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
            return;
          }
          await expect(validateKeyPackage(kp, { provider, now: NOW })).rejects.toSatisfy(MlsError.is);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("random bytes never throw anything but CodecError", () => {
    fuzzRandomBytes(
      (b) => {
        for (const f of [decodeKeyPackage, decodeKeyPackageMessage]) expectCanonicalOrCodecError(b, f);
      },
      { maxLength: 400, numRuns: 3000 },
    );
  });

  it("random mutations of a valid package decode canonically or throw CodecError", async () => {
    const { bundle } = await fixture(1);
    const bytes = encodeKeyPackage(bundle.keyPackage);
    fuzzMutations(bytes, (m) => expectCanonicalOrCodecError(m, decodeKeyPackage, encodeKeyPackage), 2000);
  });
});
