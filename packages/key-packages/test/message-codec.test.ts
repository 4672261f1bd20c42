/**
 * @module message-codec.test
 * One decoder behind every entry point: `decodeKeyPackage`, `decodeKeyPackageMessage`,
 * `keyPackageCodec` and `keyPackageMessageCodec` over a Reader. Messages written one after another
 * split where each ends; inside a larger input the same bytes give the same value, or the same
 * error with its path below the Reader's and its offset counted in the larger input.
 */
import { CodecErrorCode, concatBytes, Reader, toHex } from "@mlskit/codec";
import { CodecError } from "@mlskit/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as keyPackages from "../src/index.js";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  KeyPackageErrorCode,
  keyPackageCodec,
  keyPackageMessageCodec,
  keyPackageTbsBytes,
  leafNodeTbsBytes,
  validateKeyPackage,
} from "../src/index.js";
import { fixture, NOW, provider } from "./helpers.js";

function outcome(f: () => unknown): { value?: unknown; error?: CodecError } {
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    return { error: e };
  }
}

describe("keyPackageMessageCodec", () => {
  it("splits MLSMessages written one after another, each re-encoding to its own bytes", async () => {
    const messages = await Promise.all(
      [1, 2, 3].map(async (cs) => encodeKeyPackageMessage((await fixture(cs)).bundle.keyPackage)),
    );
    const r = new Reader(concatBytes(...messages));
    const ends: number[] = [];
    const decoded = messages.map(() => {
      const kp = keyPackageMessageCodec.decode(r);
      ends.push(r.offset);
      return kp;
    });
    expect(r.remaining).toBe(0);
    let end = 0;
    expect(ends).toEqual(messages.map((m) => (end += m.length)));
    decoded.forEach((kp, i) => {
      expect(toHex(encodeKeyPackageMessage(kp))).toBe(toHex(messages[i]!));
      expect(Object.isFrozen(kp) && Object.isFrozen(kp.leafNode)).toBe(true);
    });
    await validateKeyPackage(decoded[1]!, { provider, now: NOW });
  });

  it("refuses another wire format with its own code, at MLSMessage.wire_format", async () => {
    const m = encodeKeyPackageMessage((await fixture(1)).bundle.keyPackage);
    m[3] = 1; // mls_public_message
    const { error } = outcome(() => decodeKeyPackageMessage(m));
    expect(error?.code).toBe(KeyPackageErrorCode.wrongWireFormat);
    expect(error?.details).toEqual({ path: "MLSMessage.wire_format", offset: 2, wireFormat: 1 });
    expect(error?.message).toBe(
      "MLSMessage wire_format 1 is not mls_key_package (5) at MLSMessage.wire_format (offset 2)",
    );
  });

  it("is the decoder of decodeKeyPackage: framed in a larger input, the same value or the same error", async () => {
    const bytes = encodeKeyPackage((await fixture(2, { lastResort: true })).bundle.keyPackage);
    const frame = (b: Uint8Array) => concatBytes(Uint8Array.of(9, 9, 9), b, Uint8Array.of(7, 7));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat({ max: 30 }),
        (edits, cut) => {
          const b = bytes.slice(0, bytes.length - cut);
          for (const [i, v] of edits) b[i % b.length] = v;
          const whole = outcome(() => decodeKeyPackage(b));
          const framed = outcome(() => {
            const r = new Reader(frame(b), 3, 3 + b.length);
            r.enter("Batch");
            const kp = keyPackageCodec.decode(r);
            if (r.remaining !== 0) r.fail(CodecErrorCode.trailingBytes, `${r.remaining} trailing bytes`);
            return kp;
          });
          if (whole.error !== undefined) {
            // The trailing-bytes check is the caller's; every other failure is the decoder's own.
            if (whole.error.code === CodecErrorCode.trailingBytes) return;
            expect(framed.error?.code).toBe(whole.error.code);
            expect(framed.error?.details.path).toBe(
              String(whole.error.details.path).replace(/^KeyPackage/, "Batch"),
            );
            expect(framed.error?.details.offset).toBe(Number(whole.error.details.offset) + 3);
            return;
          }
          const a = whole.value as keyPackages.UnverifiedKeyPackage;
          const c = framed.value as keyPackages.UnverifiedKeyPackage;
          expect(c).toEqual(a);
          for (const f of [encodeKeyPackage, keyPackageTbsBytes, leafNodeTbsBytes]) {
            expect(toHex(f(c))).toBe(toHex(f(a)));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("offers no way to brand bytes as validated from the package's entry", () => {
    expect("decodeTrustedKeyPackage" in keyPackages).toBe(false);
  });
});
