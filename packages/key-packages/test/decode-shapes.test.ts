/**
 * @module decode-shapes.test
 * Fuzzing of the key package decoder over packages of every shape (both credential types and an
 * unknown one, every leaf node source, GREASE or none, empty capability lists, 1-, 2- and 4-byte
 * lengths, the official message vectors) and thousands of truncated, mutated, shifted and random
 * inputs. Each input either decodes to a deeply frozen value that re-encodes to exactly its bytes
 * (canonical), or fails with a `CodecError` whose path lies under the root and whose offset lies in
 * the input; `decodeKeyPackage` (a private copy read by a slab's Reader) and `decode` over a fresh
 * Reader of the same bytes give the same value or the same error (code, message, path and offset).
 */
import { CodecErrorCode, concatBytes, decode, toHex } from "@mlskit/codec";
import { type Credential, x509Credential } from "@mlskit/credentials";
import { CodecError } from "@mlskit/errors";
import { applicationIdExtension } from "@mlskit/extensions";
import { hex, loadVectors, type MessagesCase } from "@mlskit/test-vectors";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  keyPackageCodec,
  LeafNodeSource,
  type UnverifiedKeyPackage,
} from "../src/index.js";
import { fixture, type KpEdit } from "./helpers.js";

type Outcome = { value: UnverifiedKeyPackage; error?: undefined } | { value?: undefined; error: CodecError };

function outcome(f: () => UnverifiedKeyPackage): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    return { error: e };
  }
}

function expectDeeplyFrozen(kp: UnverifiedKeyPackage): void {
  const { leafNode } = kp;
  for (const o of [
    kp,
    kp.extensions,
    leafNode,
    leafNode.credential,
    leafNode.capabilities,
    leafNode.capabilities.cipherSuites,
    leafNode.capabilities.credentials,
    leafNode.extensions,
  ]) {
    expect(Object.isFrozen(o)).toBe(true);
  }
}

let checked = 0;

/** The invariants of one input, through both entry points; returns whether it decoded. */
function check(bytes: Uint8Array): boolean {
  checked++;
  const a = outcome(() => decodeKeyPackage(bytes));
  const b = outcome(() => decode(keyPackageCodec, bytes, "KeyPackage"));
  if (a.error !== undefined) {
    // Trailing bytes are found after the root is left; every other failure lies under it.
    if (a.error.code === CodecErrorCode.trailingBytes)
      expect(a.error.details.offset).toBeLessThan(bytes.length);
    else expect(String(a.error.details.path)).toMatch(/^KeyPackage/);
    expect(Number(a.error.details.offset)).toBeGreaterThanOrEqual(0);
    expect(Number(a.error.details.offset)).toBeLessThanOrEqual(bytes.length);
    expect([b.error?.code, b.error?.message, b.error?.details]).toEqual([
      a.error.code,
      a.error.message,
      a.error.details,
    ]);
    return false;
  }
  expect(b.error?.message).toBeUndefined();
  expect(toHex(encodeKeyPackage(a.value))).toBe(toHex(bytes));
  expect(toHex(encodeKeyPackage(b.value!))).toBe(toHex(bytes));
  expectDeeplyFrozen(a.value);
  return true;
}

/** Truncations, byte mutations, insertions and deletions of `bytes` at `positions`, and extensions. */
function* variants(bytes: Uint8Array, positions: Iterable<number>): Generator<Uint8Array> {
  yield bytes;
  yield concatBytes(bytes, Uint8Array.of(0));
  yield concatBytes(bytes, Uint8Array.of(0x40, 0x00));
  for (let n = Math.max(0, bytes.length - 8); n < bytes.length; n++) yield bytes.subarray(0, n);
  // Small values, the varint prefixes and the edges of each prefix, neighbours of the byte.
  const values = [0x00, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff];
  for (const i of positions) {
    yield bytes.subarray(0, i);
    const v0 = bytes[i]!;
    for (const v of new Set([...values, v0 ^ 1, (v0 + 1) & 0xff])) {
      if (v === v0) continue;
      const m = bytes.slice();
      m[i] = v;
      yield m;
    }
    yield concatBytes(bytes.subarray(0, i), Uint8Array.of(0x40), bytes.subarray(i));
    yield concatBytes(bytes.subarray(0, i), bytes.subarray(i + 1));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function edited(kp: UnverifiedKeyPackage, edit: (k: KpEdit) => void): Uint8Array {
  const k: KpEdit = { ...kp, extensions: [...kp.extensions], leafNode: { ...kp.leafNode } };
  edit(k);
  return encodeKeyPackage(k);
}

const samples = new Map<string, Uint8Array>();

beforeAll(async () => {
  const basic = (await fixture(1)).bundle.keyPackage;
  samples.set("suite 1, basic credential, GREASE", encodeKeyPackage(basic));
  const suite2 = await fixture(2, {
    lastResort: true,
    extensions: [{ extensionType: 0xff01, extensionData: Uint8Array.of(1, 2, 3) }],
    leafNodeExtensions: [applicationIdExtension(Uint8Array.of(5, 6))],
  });
  samples.set("suite 2, last resort, extensions in both lists", encodeKeyPackage(suite2.bundle.keyPackage));
  samples.set(
    "no GREASE, empty capability lists",
    edited((await fixture(1, { grease: false })).bundle.keyPackage, (k) => {
      k.leafNode.capabilities = {
        versions: [],
        cipherSuites: [],
        extensions: [],
        proposals: [],
        credentials: [],
      };
    }),
  );
  const x509: Credential = x509Credential([Uint8Array.of(0x30, 1, 2), new Uint8Array(70).fill(0x31)]);
  samples.set(
    "x509 credential",
    edited(basic, (k) => {
      k.leafNode.credential = x509;
    }),
  );
  samples.set(
    "unknown credential type",
    edited(basic, (k) => {
      k.leafNode.credential = { credentialType: 0x0a0a, data: Uint8Array.of(4, 5, 6) };
    }),
  );
  samples.set(
    "leaf source update",
    edited(basic, (k) => {
      k.leafNode.leafNodeSource = LeafNodeSource.update;
      delete k.leafNode.lifetime;
    }),
  );
  samples.set(
    "leaf source commit",
    edited(basic, (k) => {
      k.leafNode.leafNodeSource = LeafNodeSource.commit;
      delete k.leafNode.lifetime;
      k.leafNode.parentHash = new Uint8Array(32).fill(0x22);
    }),
  );
  samples.set(
    "2-byte lengths (long identity, long capability list)",
    edited(basic, (k) => {
      k.leafNode.credential = { credentialType: 1, identity: new Uint8Array(100).fill(0x61) };
      k.leafNode.capabilities = {
        ...k.leafNode.capabilities,
        extensions: Array.from({ length: 40 }, (_, i) => 0xf000 + i),
      };
    }),
  );
  samples.set(
    "4-byte length (20000-byte extension)",
    edited(basic, (k) => {
      k.extensions = [{ extensionType: 0xff02, extensionData: new Uint8Array(20000).fill(0x5a) }];
    }),
  );
  const messages = loadVectors<MessagesCase[]>("messages.json");
  for (const i of [0, 6]) samples.set(`messages.json #${i}`, hex(messages[i]!.mls_key_package).subarray(4));
});

describe("the key package decoder on packages of every shape", () => {
  it("decodes each sample canonically, as a package and as an MLSMessage", () => {
    for (const [name, bytes] of samples) {
      expect(check(bytes), name).toBe(true);
      const message = decodeKeyPackageMessage(concatBytes(Uint8Array.of(0, 1, 0, 5), bytes));
      expect(toHex(encodeKeyPackageMessage(message)).slice(8)).toBe(toHex(bytes));
    }
  });

  it("every truncation, byte mutation, insertion and deletion decodes canonically or fails in bounds", () => {
    checked = 0;
    let decoded = 0;
    for (const [name, bytes] of samples) {
      let positions: Iterable<number> = bytes.keys();
      if (name.startsWith("messages.json")) positions = range(0, 120);
      if (name.startsWith("4-byte")) {
        // Around the 4-byte length of the extensions vector (20006 = 0x80004e26), and the start.
        const at = toHex(bytes).indexOf("80004e26") / 2;
        positions = [...range(0, 24), ...range(at - 4, at + 12)];
      }
      for (const v of variants(bytes, positions)) if (check(v)) decoded++;
    }
    expect(checked).toBeGreaterThan(30_000);
    // Some edits keep a canonical encoding (a byte inside a key or a signature): both outcomes occur.
    expect(decoded).toBeGreaterThan(samples.size);
  });

  it("on random mutations of every sample and on random bytes", () => {
    const all = [...samples.values()].filter((b) => b.length < 2000);
    fc.assert(
      fc.property(
        fc.nat({ max: all.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 40 }),
        (which, edits, cut) => {
          const bytes = all[which]!.slice();
          for (const [i, v] of edits) bytes[i % bytes.length] = v;
          check(bytes.subarray(0, Math.max(0, bytes.length - cut)));
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        check(b);
      }),
      { numRuns: 3000 },
    );
  });
});
