/**
 * @module writer-recycling.test
 * Writers recycle their scratch buffers (codec/src/writer.ts): interleaved and abandoned writers
 * never see each other's bytes, `finish` hands out a copy the writer no longer touches, a
 * finished writer starts over empty.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex, Writer } from "../src/index.js";

describe("Writer buffer recycling", () => {
  it("interleaved, nested and abandoned writers each produce exactly their own bytes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.uint8Array({ maxLength: 700 })), { minLength: 1, maxLength: 40 }),
        (steps) => {
          const open: { w: Writer; expected: number[] }[] = [];
          for (const [action, bytes] of steps) {
            if (action === 0 || open.length === 0) {
              open.push({ w: new Writer(action * 100), expected: [] });
            }
            const target = open[bytes.length % open.length]!;
            target.w.bytes(bytes);
            target.expected.push(...bytes);
            if (action === 1) {
              const done = open.splice(open.indexOf(target), 1)[0]!;
              const out = done.w.finish();
              expect(toHex(out)).toBe(toHex(Uint8Array.from(done.expected)));
            } else if (action === 2) {
              open.splice(open.indexOf(target), 1); // abandoned: never finished
            }
          }
          for (const { w, expected } of open)
            expect(toHex(w.finish())).toBe(toHex(Uint8Array.from(expected)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("finish returns a copy; the writer then starts over empty and can be reused", () => {
    const w = new Writer();
    w.bytes(new Uint8Array([1, 2, 3]));
    const first = w.finish();
    expect(w.length).toBe(0);
    w.uint16(0x0405);
    w.withLength(() => w.uint8(6));
    expect(toHex(w.finish())).toBe("04050106");
    expect(toHex(first)).toBe("010203");
    expect(first.buffer.byteLength).toBe(3);
  });
});
