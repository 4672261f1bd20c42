/**
 * @module hkdf.test
 * `createHkdf` over node:crypto's HMAC against the RFC 5869 appendix A test cases (SHA-256), with
 * its argument checks, and the keying contract: one keyed HMAC per Extract / Expand, told the
 * longest message it will get.
 */
import { createHmac } from "node:crypto";
import { fromHex, toHex } from "@mlskit/codec";
import { describe, expect, it } from "vitest";
import { createHkdf } from "../src/kit.js";

const calls: number[] = [];
const kdf = createHkdf(32, (key, maxMessageLength) => {
  calls.push(maxMessageLength);
  return (m) => new Uint8Array(createHmac("sha256", key).update(m).digest());
});

describe("createHkdf", () => {
  it("RFC 5869 A.1 and A.3", async () => {
    const prk1 = await kdf.extract(fromHex("000102030405060708090a0b0c"), fromHex("0b".repeat(22)));
    expect(toHex(prk1)).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    expect(toHex(await kdf.expand(prk1, fromHex("f0f1f2f3f4f5f6f7f8f9"), 42))).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );
    const prk3 = await kdf.extract(new Uint8Array(0), fromHex("0b".repeat(22)));
    expect(toHex(prk3)).toBe("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    expect(toHex(await kdf.expand(prk3, new Uint8Array(0), 42))).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    );
  });

  it("keys once per operation with the longest message length", async () => {
    calls.length = 0;
    await kdf.extract(new Uint8Array(3), new Uint8Array(100));
    await kdf.expand(new Uint8Array(32), new Uint8Array(7), 100);
    expect(calls).toEqual([100, 32 + 7 + 1]);
    expect((await kdf.expand(new Uint8Array(32), new Uint8Array(7), 0)).length).toBe(0);
    expect(calls.length).toBe(2);
  });

  it("checks its arguments", async () => {
    await expect(kdf.extract("x" as never, new Uint8Array(0))).rejects.toThrow(TypeError);
    await expect(kdf.expand(new Uint8Array(32), new Uint8Array(0), 255 * 32 + 1)).rejects.toThrow(RangeError);
    await expect(kdf.expand(new Uint8Array(31), new Uint8Array(0), 1)).rejects.toThrow(RangeError);
    expect(() => createHkdf(32, "no" as never)).toThrow(TypeError);
  });
});
