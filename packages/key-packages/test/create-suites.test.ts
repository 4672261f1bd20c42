/**
 * Which cipher suites a created package advertises: never one its provider lacks (GREASE aside),
 * every one the provider has on request, and one package per suite in one call.
 */
import { GREASE_VALUES } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import {
  createKeyPackage,
  createKeyPackages,
  createKeyPackagesForSuites,
  KeyPackageErrorCode,
  validateKeyPackage,
} from "../src/index.js";
import { fixture, NOW, provider, signatureKeyPairFor } from "./helpers.js";

/** The same provider, claiming fewer suites. */
function onlySuites(ids: readonly number[]): CryptoProvider {
  return { ...provider, name: `${provider.name} (${ids.join(",")})`, supportedCipherSuites: () => ids };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return MlsError.is(e) ? `${e.category}:${e.code}` : String(e);
}

describe("advertised cipher suites", () => {
  it("refuses a suite the provider does not support, in one package or a batch", async () => {
    const expected = `usage:${KeyPackageErrorCode.capabilitySuiteUnsupported}`;
    expect(await codeOf(fixture(1, { capabilities: { cipherSuites: [0x1234] } }))).toBe(expected);
    const { opts } = await fixture(1);
    expect(
      await codeOf(createKeyPackages({ ...opts, capabilities: { cipherSuites: [2, 0x1234] }, count: 2 })),
    ).toBe(expected);
    // A suite of the registry the provider at hand lacks is refused too.
    expect(await codeOf(fixture(1, { provider: onlySuites([1]), capabilities: { cipherSuites: [2] } }))).toBe(
      expected,
    );
  });

  it("lets GREASE values and supported suites through", async () => {
    const grease = GREASE_VALUES[3]!;
    const { bundle } = await fixture(1, { capabilities: { cipherSuites: [2, grease] }, grease: false });
    expect(bundle.keyPackage.leafNode.capabilities.cipherSuites).toEqual([1, 2, grease]);
  });

  it("advertises every suite of the provider on request", async () => {
    const { bundle } = await fixture(1, { advertiseAllCipherSuites: true, grease: false });
    expect([...bundle.keyPackage.leafNode.capabilities.cipherSuites].sort((a, b) => a - b)).toEqual(
      [...provider.supportedCipherSuites()].sort((a, b) => a - b),
    );
    const few = await fixture(1, {
      provider: onlySuites([1, 3]),
      advertiseAllCipherSuites: true,
      grease: false,
    });
    expect(few.bundle.keyPackage.leafNode.capabilities.cipherSuites).toEqual([1, 3]);
  });

  it("creates one package per suite in one call, each advertising them all", async () => {
    const bundles = await createKeyPackagesForSuites({
      provider,
      credential: basicCredential("alice@example.com"),
      cipherSuites: [1, 2, 3],
      signatureKeyPairFor,
      grease: false,
      now: NOW,
    });
    expect(bundles.map((b) => b.keyPackage.cipherSuite)).toEqual([1, 2, 3]);
    for (const b of bundles) {
      // Its own suite first, then the others.
      expect([...b.keyPackage.leafNode.capabilities.cipherSuites].sort()).toEqual([1, 2, 3]);
      expect(b.keyPackage.leafNode.capabilities.cipherSuites[0]).toBe(b.keyPackage.cipherSuite);
      await validateKeyPackage(b.keyPackage, {
        provider,
        now: NOW,
        expectedCipherSuite: b.keyPackage.cipherSuite,
      });
    }
    expect(
      await codeOf(
        createKeyPackagesForSuites({
          provider: onlySuites([1, 2]),
          credential: basicCredential("alice@example.com"),
          cipherSuites: [1, 3],
          signatureKeyPairFor,
        }),
      ),
    ).toBe(`usage:${KeyPackageErrorCode.capabilitySuiteUnsupported}`);
    await expect(
      createKeyPackagesForSuites({
        provider,
        credential: basicCredential("a"),
        cipherSuites: [],
        signatureKeyPairFor,
      }),
    ).rejects.toThrow(TypeError);
  });

  it("still creates with a plain createKeyPackage call", async () => {
    const b = await createKeyPackage({
      provider,
      cipherSuite: 1,
      credential: basicCredential("x"),
      signatureKeyPair: await signatureKeyPairFor(1),
    });
    expect(b.keyPackage.cipherSuite).toBe(1);
  });
});
