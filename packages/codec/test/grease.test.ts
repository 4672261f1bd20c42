/**
 * @module grease.test
 * The GREASE values of RFC 9420 §13.5: the list, and `isGrease` over the whole uint16 range.
 */
import { describe, expect, it } from "vitest";
import { GREASE_VALUES, isGrease } from "../src/index.js";

describe("GREASE (RFC 9420 §13.5)", () => {
  it("lists the 15 values 0x0A0A + 0x1010*i", () => {
    expect(GREASE_VALUES).toEqual([
      0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca,
      0xdada, 0xeaea,
    ]);
    expect(Object.isFrozen(GREASE_VALUES)).toBe(true);
  });
  it("isGrease holds exactly for those values over the whole uint16 range", () => {
    const set = new Set(GREASE_VALUES);
    const mismatches: number[] = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v) !== set.has(v)) mismatches.push(v);
    expect(mismatches).toEqual([]);
    expect(isGrease(0xfafa)).toBe(false);
    expect(isGrease(0x1a1a0)).toBe(false);
    expect(isGrease(2570.5)).toBe(false);
  });
});
