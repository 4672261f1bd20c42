/**
 * @module cipher-suite-cache.test
 * cacheCipherSuites: argument check, unsupported and unavailable suites, one build per suite,
 * and a failed build retried.
 */
import { CryptoError } from "@mlskit/errors";
import { expect, it } from "vitest";
import { cacheCipherSuites } from "../src/kit.js";

it("builds a suite once, rejects non-numbers, unknown and unavailable suites, and retries a failed build", async () => {
  let calls = 0;
  let fail = true;
  const get = cacheCipherSuites(
    (info) => {
      calls++;
      if (info.id === 2 && fail) throw new Error("module did not load");
      return { id: info.id };
    },
    (info) => (info.id === 3 ? "needs something this runtime lacks" : undefined),
  );
  expect(await get(1)).toBe(await get(1));
  expect(calls).toBe(1);
  await expect(get("1" as never)).rejects.toThrow(TypeError);
  for (const id of [0, 0x0a0a, 0xffff, -1, 1.5]) {
    await expect(get(id)).rejects.toSatisfy(
      (e) => e instanceof CryptoError && e.code === "UNSUPPORTED_CIPHER_SUITE",
    );
  }
  await expect(get(3)).rejects.toThrow("cipher suite 0x0003 needs something this runtime lacks");
  await expect(get(2)).rejects.toThrow("module did not load");
  fail = false;
  expect((await get(2)).id).toBe(2);
  expect(calls).toBe(3);
});
