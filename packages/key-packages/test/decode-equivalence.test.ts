/**
 * @module decode-equivalence.test
 * The key package decoders against a reference decoder written with the generic codecs of
 * `@mlskit/codec` (`Reader`, `opaque`), `leafNodeCodec`, `credentialCodec` (through it) and
 * `extensionsCodec`: on valid packages of every shape and on thousands of truncated, mutated,
 * shifted and random inputs, both give the same value (same keys in the same order, deeply
 * frozen) or the same `CodecError` (code, message, field path and byte offset).
 */
import { bytesEqual, CodecErrorCode, concatBytes, decode, Reader, toHex } from "@mlskit/codec";
import { type Credential, x509Credential } from "@mlskit/credentials";
import { CodecError } from "@mlskit/errors";
import { applicationIdExtension, extensionsCodec } from "@mlskit/extensions";
import { hex, loadVectors, type MessagesCase } from "@mlskit/test-vectors";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  keyPackageCodec,
  keyPackageTbsBytes,
  LeafNodeSource,
  leafNodeCodec,
  leafNodeTbsBytes,
  type UnverifiedKeyPackage,
} from "../src/index.js";
import { fixture, type KpEdit } from "./helpers.js";

// --- the reference: the KeyPackage (RFC 9420 §10) and MLSMessage (§6) structs, field by field.

function refKeyPackage(r: Reader): UnverifiedKeyPackage {
  const version = r.field("version", () => r.uint16());
  const cipherSuite = r.field("cipher_suite", () => r.uint16());
  const initKey = r.field("init_key", () => r.opaque());
  const leafNode = r.field("leaf_node", () => leafNodeCodec.decode(r));
  const extensions = r.field("extensions", () => extensionsCodec.decode(r));
  const signature = r.field("signature", () => r.opaque());
  return { version, cipherSuite, initKey, leafNode, extensions, signature };
}

function refStrict<T>(bytes: Uint8Array, root: string, body: (r: Reader) => T): T {
  const r = new Reader(bytes.slice());
  const value = r.field(root, () => body(r));
  if (r.remaining !== 0) r.fail(CodecErrorCode.trailingBytes, `${r.remaining} trailing bytes after ${root}`);
  return value;
}

const refDecodeKeyPackage = (bytes: Uint8Array) => refStrict(bytes, "KeyPackage", refKeyPackage);

function refDecodeKeyPackageMessage(bytes: Uint8Array): UnverifiedKeyPackage {
  return refStrict(bytes, "MLSMessage", (r) => {
    r.field("version", () => r.uint16());
    const at = r.offset;
    const wireFormat = r.field("wire_format", () => r.uint16());
    if (wireFormat !== 5) {
      throw new CodecError(
        "KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT",
        `MLSMessage wire_format ${wireFormat} is not mls_key_package (5) at MLSMessage.wire_format (offset ${at})`,
        { details: { path: "MLSMessage.wire_format", offset: at, wireFormat } },
      );
    }
    return r.field("key_package", () => refKeyPackage(r));
  });
}

// --- comparison

/** A structure that shows values, key order and byte-array types; bytes as hex. */
function shape(v: unknown): unknown {
  if (v instanceof Uint8Array) return `${v.constructor.name}:${v.length}:${digest(v)}`;
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return v.map(shape);
  if (typeof v === "object" && v !== null) {
    if (Object.getPrototypeOf(v) !== Object.prototype) throw new Error("not a plain object");
    return Reflect.ownKeys(v).map((k) => [String(k), shape((v as Record<string | symbol, unknown>)[k])]);
  }
  return v;
}

function expectDeepFrozen(v: unknown): void {
  if (typeof v !== "object" || v === null || v instanceof Uint8Array) return;
  if (!Object.isFrozen(v)) throw new Error(`not frozen: ${Object.keys(v).join()}`);
  for (const x of Object.values(v)) expectDeepFrozen(x);
}

/** The bytes in hex when short, else an FNV-1a hash of them (cheap enough for many thousands). */
function digest(b: Uint8Array): string {
  if (b.length <= 64) return toHex(b);
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193);
  return (h >>> 0).toString(16);
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The value's {@link shape} or the error's class, code, message and details, as JSON. */
function run<T>(f: () => T): { outcome: string; value?: T } {
  let outcome: Outcome;
  let value: T | undefined;
  try {
    value = f();
    outcome = { ok: true, value: shape(value) };
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    const { name, code, message, details, cause } = e;
    outcome = { ok: false, error: { name, code, message, details, cause } };
  }
  return { outcome: JSON.stringify(outcome), value };
}

let compared = 0;

/** Decode `kpBytes` (a bare KeyPackage, maybe malformed) every way, with both decoders. */
function compareAll(kpBytes: Uint8Array): void {
  compareOne(kpBytes, decodeKeyPackage, refDecodeKeyPackage);
  const message = concatBytes(Uint8Array.of(0, 1, 0, 5), kpBytes);
  compareOne(message, decodeKeyPackageMessage, refDecodeKeyPackageMessage);
  // The codec inside a bigger input, in a window, with and without a root name.
  const framed = concatBytes(Uint8Array.of(9, 9, 9), kpBytes, Uint8Array.of(7, 7));
  for (const name of ["", "Batch"]) {
    const withReader = (fn: (r: Reader) => unknown) => () => {
      const r = new Reader(framed, 3, framed.length - 2);
      const value = name === "" ? fn(r) : r.field(name, () => fn(r));
      return { value, offset: r.offset };
    };
    const a = run(withReader((r) => keyPackageCodec.decode(r)));
    const b = run(withReader(refKeyPackage));
    if (a.outcome !== b.outcome) expect(a.outcome).toBe(b.outcome);
  }
}

function compareOne(
  bytes: Uint8Array,
  ours: (b: Uint8Array) => UnverifiedKeyPackage,
  ref: (b: Uint8Array) => UnverifiedKeyPackage,
): void {
  compared++;
  const a = run(() => ours(bytes));
  const b = run(() => ref(bytes));
  if (a.outcome !== b.outcome) {
    expect(a.outcome, `input ${toHex(bytes)}`).toBe(b.outcome);
  }
  if (a.value !== undefined) {
    const kp = a.value;
    expectDeepFrozen(kp);
    // The kept bytes are the input's; the to-be-signed parts are what re-encoding the fields gives.
    const plain = b.value!;
    for (const f of [encodeKeyPackage, keyPackageTbsBytes, leafNodeTbsBytes]) {
      if (!bytesEqual(f(kp), f(plain))) expect(toHex(f(kp)), f.name).toBe(toHex(f(plain)));
    }
  }
}

function range(from: number, to: number): IterableIterator<number> {
  return Array.from({ length: to - from }, (_, i) => from + i).values();
}

/** Truncations, byte mutations, insertions and deletions of `bytes` at `positions`, and extensions. */
function* variants(bytes: Uint8Array, positions: readonly number[]): Generator<Uint8Array> {
  yield bytes;
  for (const n of positions) yield bytes.subarray(0, n);
  for (let n = Math.max(0, bytes.length - 8); n < bytes.length; n++) yield bytes.subarray(0, n);
  yield concatBytes(bytes, Uint8Array.of(0));
  yield concatBytes(bytes, Uint8Array.of(0x40, 0x00));
  // Small values, the varint prefixes and the edges of each prefix, neighbours of the byte.
  const values = [0x00, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff];
  for (const i of positions) {
    const b = bytes[i]!;
    for (const v of new Set([...values, b ^ 1, (b + 1) & 0xff])) {
      if (v === b) continue;
      const m = bytes.slice();
      m[i] = v;
      yield m;
    }
    yield concatBytes(bytes.subarray(0, i), Uint8Array.of(0x40), bytes.subarray(i));
    yield concatBytes(bytes.subarray(0, i), bytes.subarray(i + 1));
  }
}

// --- inputs

function edited(kp: UnverifiedKeyPackage, edit: (k: KpEdit) => void): Uint8Array {
  const k: KpEdit = { ...kp, extensions: [...kp.extensions], leafNode: { ...kp.leafNode } };
  edit(k);
  return encodeKeyPackage(k);
}

const samples = new Map<string, Uint8Array>();

beforeAll(async () => {
  const basic = (await fixture(1)).bundle.keyPackage;
  samples.set("suite 1, basic credential, GREASE", encodeKeyPackage(basic));
  samples.set(
    "suite 2, last resort, extensions in both lists",
    encodeKeyPackage(
      (
        await fixture(2, {
          lastResort: true,
          extensions: [{ extensionType: 0xff01, extensionData: Uint8Array.of(1, 2, 3) }],
          leafNodeExtensions: [applicationIdExtension(Uint8Array.of(5, 6))],
        })
      ).bundle.keyPackage,
    ),
  );
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

describe("the key package decoders agree with the reference decoder", () => {
  it("on valid packages of every shape", () => {
    for (const bytes of samples.values()) {
      compareAll(bytes);
      compareOne(bytes, (b) => decode(keyPackageCodec, b, "KeyPackage"), refDecodeKeyPackage);
    }
  });

  it("on every truncation, byte mutation, insertion and deletion", () => {
    compared = 0;
    for (const [name, bytes] of samples) {
      let positions = bytes.keys();
      if (name.startsWith("messages.json")) positions = range(0, 120);
      if (name.startsWith("4-byte")) {
        // Around the 4-byte length of the extensions vector (20006 = 0x80004e26), and the start.
        const at = toHex(bytes).indexOf("80004e26") / 2;
        positions = [...range(0, 24), ...range(at - 4, at + 12)].values();
      }
      for (const v of variants(bytes, [...positions])) compareAll(v);
    }
    expect(compared).toBeGreaterThan(50_000);
  });

  it("on MLSMessage headers", () => {
    const kp = samples.values().next().value!;
    for (const header of [
      [],
      [0],
      [0, 1],
      [0, 1, 0],
      [0, 2, 0, 5],
      [0, 1, 0, 1],
      [0, 1, 1, 5],
      [0, 1, 0, 6],
    ]) {
      const bytes = concatBytes(Uint8Array.from(header), kp);
      compareOne(bytes, decodeKeyPackageMessage, refDecodeKeyPackageMessage);
      compareOne(bytes.subarray(0, header.length), decodeKeyPackageMessage, refDecodeKeyPackageMessage);
    }
    // The version of the message is kept, whatever it is, for validation to judge.
    const m = encodeKeyPackageMessage(decodeKeyPackage(kp));
    m[1] = 7;
    expect(decodeKeyPackageMessage(m).version).toBe(1);
  });

  it("on random mutations and random bytes", () => {
    const all = [...samples.values()].filter((b) => b.length < 2000);
    fc.assert(
      fc.property(
        fc.nat({ max: all.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 40 }),
        (which, edits, cut) => {
          const bytes = all[which]!.slice();
          for (const [i, v] of edits) bytes[i % bytes.length] = v;
          compareAll(bytes.subarray(0, Math.max(0, bytes.length - cut)));
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        compareAll(b);
        compareOne(b, decodeKeyPackageMessage, refDecodeKeyPackageMessage);
      }),
      { numRuns: 3000 },
    );
  });
});
