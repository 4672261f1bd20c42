/**
 * The protocol's data and functions: paths built from the route table, every code's status and
 * category, ids and refs, and the batch framing (round trip, errors naming the element, and
 * arbitrary bytes giving elements or the one batch error, never anything else).
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { createKeyPackages, encodeKeyPackageMessage, type KeyPackage } from "@mlskit/key-packages";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DirectoryErrorCode,
  DirectoryRoute,
  directoryError,
  directoryErrorStatus,
  directoryPath,
  encodeKeyPackageBatch,
  isDirectoryErrorCode,
  isDirectoryId,
  KEY_PACKAGE_REF_HEX_PATTERN,
  splitKeyPackageBatch,
} from "../src/index.js";

/** What the batch tests frame: three suite-1 key packages of alice. */
let keyPackages: KeyPackage[];
beforeAll(async () => {
  const signatureKeyPair = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
  const credential = basicCredential("alice");
  const bundles = await createKeyPackages({
    provider,
    cipherSuite: 1,
    credential,
    signatureKeyPair,
    count: 3,
  });
  keyPackages = bundles.map((b) => b.keyPackage);
});

describe("routes", () => {
  it("fills path parameters (percent-encoded) and appends the query", () => {
    expect(directoryPath(DirectoryRoute.claimKeyPackages, { userId: "alice@example.com" })).toBe(
      "/v1/users/alice%40example.com/claim",
    );
    expect(directoryPath(DirectoryRoute.deleteKeyPackage, { ref: "00ff" })).toBe("/v1/key-packages/00ff");
    expect(directoryPath(DirectoryRoute.countKeyPackages, {}, { cipherSuite: 1 })).toBe(
      "/v1/key-packages/count?cipherSuite=1",
    );
    expect(directoryPath(DirectoryRoute.listKeyPackages, {}, { cipherSuite: undefined })).toBe(
      "/v1/key-packages",
    );
  });

  it("refuses a path whose parameter is missing", () => {
    expect(() => directoryPath(DirectoryRoute.claimKeyPackages)).toThrow(TypeError);
  });

  it("lists each (method, path) once", () => {
    const keys = Object.values(DirectoryRoute).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("error codes", () => {
  it("give every code a status and raise it in its category", () => {
    for (const code of Object.values(DirectoryErrorCode)) {
      expect(isDirectoryErrorCode(code)).toBe(true);
      const status = directoryErrorStatus(code);
      expect(status >= 400 && status < 600, code).toBe(true);
      const e = directoryError(code, "m", { index: 1 });
      expect(MlsError.is(e, code)).toBe(true);
      expect(e.details).toEqual({ index: 1 });
      if (status >= 500) expect(e.category).toBe("storage");
    }
    expect(directoryError(DirectoryErrorCode.malformedKeyPackage, "m").category).toBe("validation");
    expect(directoryError(DirectoryErrorCode.rateLimited, "m").category).toBe("usage");
    expect(directoryErrorStatus(DirectoryErrorCode.rateLimited)).toBe(429);
  });

  it("knows no other code", () => {
    expect(isDirectoryErrorCode("KEY_PACKAGE_EXPIRED")).toBe(false);
    expect(isDirectoryErrorCode("toString")).toBe(false);
  });
});

describe("ids and refs", () => {
  it("accepts 1-128 unreserved characters as an id", () => {
    expect(isDirectoryId("alice@example.com")).toBe(true);
    expect(isDirectoryId("a".repeat(128))).toBe(true);
    for (const bad of ["", "a b", "a/b", "a".repeat(129), 7, undefined])
      expect(isDirectoryId(bad)).toBe(false);
  });

  it("accepts refs of 16 to 64 bytes in hex", () => {
    expect(KEY_PACKAGE_REF_HEX_PATTERN.test("ab".repeat(32))).toBe(true);
    expect(KEY_PACKAGE_REF_HEX_PATTERN.test("ab".repeat(64))).toBe(true);
    expect(KEY_PACKAGE_REF_HEX_PATTERN.test("ab".repeat(65))).toBe(false);
    expect(KEY_PACKAGE_REF_HEX_PATTERN.test("abc")).toBe(false);
  });
});

describe("batches", () => {
  it("split back into their packages", () => {
    const batch = encodeKeyPackageBatch(keyPackages);
    expect(splitKeyPackageBatch(batch).map((e) => toHex(e.message))).toEqual(
      keyPackages.map((kp) => toHex(encodeKeyPackageMessage(kp))),
    );
    expect(splitKeyPackageBatch(new Uint8Array(0))).toEqual([]);
    // MLSMessage bytes are taken as they are.
    const mixed = encodeKeyPackageBatch([encodeKeyPackageMessage(keyPackages[0]!), keyPackages[1]!]);
    expect(splitKeyPackageBatch(mixed)).toHaveLength(2);
  });

  it("name the element and the offset that does not decode", () => {
    const batch = encodeKeyPackageBatch(keyPackages);
    const first = encodeKeyPackageMessage(keyPackages[0]!).length;
    let error: unknown;
    try {
      splitKeyPackageBatch(batch.subarray(0, first + 10));
    } catch (e) {
      error = e;
    }
    expect(MlsError.is(error, DirectoryErrorCode.malformedKeyPackage)).toBe(true);
    // The element's own path, its offset counted in the whole body.
    expect((error as MlsError).details).toMatchObject({
      index: 1,
      codecCode: "CODEC_LENGTH_EXCEEDS_INPUT",
      path: "MLSMessage.key_package.init_key",
      offset: first + 8,
    });
  });

  it("are decoded once, from one private copy of the body", () => {
    const batch = encodeKeyPackageBatch(keyPackages);
    const split = splitKeyPackageBatch(batch);
    const body = batch.slice();
    const again = splitKeyPackageBatch(body);
    body.fill(0);
    expect(again.map((e) => toHex(e.message))).toEqual(split.map((e) => toHex(e.message)));
    const last = again.length - 1;
    expect(toHex(encodeKeyPackageMessage(again[last]!.keyPackage))).toBe(toHex(split[last]!.message));
  });

  it("give elements or the batch error for any bytes", () => {
    const valid = encodeKeyPackageBatch([keyPackages[0]!]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (noise, prefixed) => {
        const body = prefixed ? new Uint8Array([...valid, ...noise]) : noise;
        try {
          const elements = splitKeyPackageBatch(body);
          expect(elements.reduce((n, e) => n + e.message.length, 0)).toBe(body.length);
        } catch (e) {
          expect(MlsError.is(e, DirectoryErrorCode.malformedKeyPackage)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
