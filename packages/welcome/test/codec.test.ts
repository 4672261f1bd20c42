import { encode, toHex } from "@mlskit/codec";
import { CodecError, MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import {
  decodeRatchetTree,
  decodeWelcome,
  decodeWelcomeMessage,
  encodeRatchetTree,
  encodeWelcome,
  encodeWelcomeMessage,
  NodeType,
  parentNodeCodec,
  type Welcome,
  WelcomeErrorCode,
  welcomeKeyPackageRefs,
} from "../src/index.js";
import { joinerWelcome } from "./helpers.js";

const small: Welcome = {
  cipherSuite: 1,
  secrets: [
    {
      newMember: new Uint8Array([1, 1]),
      encryptedGroupSecrets: { kemOutput: new Uint8Array([2]), ciphertext: new Uint8Array([3]) },
    },
    {
      newMember: new Uint8Array([4]),
      encryptedGroupSecrets: { kemOutput: new Uint8Array(0), ciphertext: new Uint8Array(0) },
    },
  ],
  encryptedGroupInfo: new Uint8Array([9, 9, 9]),
};

function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error("no error");
}

describe("Welcome codec", () => {
  it("encodes the RFC struct field by field", () => {
    // cipher_suite, secrets<V> (2 entries), encrypted_group_info<V>
    expect(toHex(encodeWelcome(small))).toBe(
      "0001" + "0b" + "020101" + "0102" + "0103" + "0104" + "00" + "00" + "03090909",
    );
    expect(toHex(encodeWelcomeMessage(small)).slice(0, 8)).toBe("00010003");
  });

  it("round-trips and lists the new_member refs in order, as copies", () => {
    const d = decodeWelcomeMessage(encodeWelcomeMessage(small));
    expect(d).toEqual(small);
    const refs = welcomeKeyPackageRefs(d);
    expect(refs.map(toHex)).toEqual(["0101", "04"]);
    refs[0]![0] = 7;
    expect(toHex(d.secrets[0]!.newMember)).toBe("0101");
  });

  it("copies its input: later writes to the caller's buffer do not reach the Welcome", () => {
    const bytes = encodeWelcome(small);
    const d = decodeWelcome(bytes);
    bytes.fill(0);
    expect(d).toEqual(small);
  });

  it("refuses another wire format with WELCOME_MESSAGE_WRONG_WIRE_FORMAT at MLSMessage.wire_format", () => {
    const bytes = encodeWelcomeMessage(small);
    bytes[3] = 5;
    const e = codecError(() => decodeWelcomeMessage(bytes));
    expect(e.code).toBe(WelcomeErrorCode.wrongWireFormat);
    expect(e.details).toMatchObject({ path: "MLSMessage.wire_format", offset: 2 });
  });

  it("names the field path and offset of a malformed field", () => {
    const bytes = encodeWelcome(small);
    bytes[2] = 0x0c; // secrets<V> claims one byte more than it holds
    const e = codecError(() => decodeWelcome(bytes));
    expect(e.details.path).toMatch(/^Welcome\.secrets/);
    const trailing = codecError(() => decodeWelcome(Uint8Array.from([...encodeWelcome(small), 0])));
    expect(trailing.code).toBe("CODEC_TRAILING_BYTES");
    const nonMinimal = encodeWelcome({ ...small, secrets: [] });
    // secrets<V> length 0 written as a two-byte varint 0x4000
    const e2 = codecError(() => decodeWelcome(Uint8Array.from([0, 1, 0x40, 0, ...nonMinimal.subarray(3)])));
    expect(e2.code).toBe("CODEC_NON_MINIMAL_VARINT");
  });

  it("bounds a length before allocating: a huge declared length fails at once", () => {
    const e = codecError(() => decodeWelcome(Uint8Array.from([0, 1, 0x80, 0xff, 0xff, 0xff])));
    expect(e.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
  });

  it("welcomeKeyPackageRefs refuses what is not a Welcome", () => {
    expect(() => welcomeKeyPackageRefs({} as Welcome)).toThrow(TypeError);
  });
});

describe("ratchet tree codec", () => {
  it("round-trips leaves of every source and parents with unmerged leaves", async () => {
    const { built } = await joinerWelcome({
      members: 7,
      priorCommits: [4],
      priorUpdates: [5],
    });
    const tree = decodeRatchetTree(built.ratchetTreeBytes);
    expect(encodeRatchetTree(tree)).toEqual(built.ratchetTreeBytes);
    const sources = new Set(
      tree.flatMap((n) => (n?.nodeType === NodeType.leaf ? [n.leafNode.leafNodeSource] : [])),
    );
    expect([...sources].sort()).toEqual([1, 2, 3]);
    expect(tree.some((n) => n?.nodeType === NodeType.parent && n.parentNode.unmergedLeaves.length > 0)).toBe(
      true,
    );
  });

  it("refuses an empty tree, a blank last node and a node type at the wrong position", async () => {
    expect(codecError(() => decodeRatchetTree(Uint8Array.of(0))).code).toBe("CODEC_INVALID_VALUE");
    expect(codecError(() => decodeRatchetTree(Uint8Array.of(1, 0))).details.path).toBe("ratchet_tree.[0]");
    const parent = encode(parentNodeCodec, {
      encryptionKey: new Uint8Array(32),
      parentHash: new Uint8Array(0),
      unmergedLeaves: [],
    });
    // A parent node at position 0, where leaf 0 belongs.
    const wrong = Uint8Array.from([parent.length + 2, 1, NodeType.parent, ...parent]);
    const e = codecError(() => decodeRatchetTree(wrong));
    expect(e.code).toBe("CODEC_INVALID_VALUE");
    expect(e.details.path).toBe("ratchet_tree.[0]");
    // node_type 3 does not exist.
    expect(codecError(() => decodeRatchetTree(Uint8Array.of(2, 1, 3))).details.path).toBe(
      "ratchet_tree.[0].node_type",
    );
  });

  it("keeps errors typed: random garbage is a CodecError, never another error", () => {
    for (const b of [Uint8Array.of(), Uint8Array.of(0x40), Uint8Array.of(3, 1, 1, 0)]) {
      expect(MlsError.is(codecError(() => decodeRatchetTree(b)))).toBe(true);
    }
  });
});
