/**
 * fast-check properties and fuzzing of every decoder of the package, and of openWelcome:
 * decode(encode(x)) = x; encode(decode(b)) = b whenever decode succeeds; random bytes and mutations
 * give a value or a CodecError, nothing else; any single bit flip of a valid Welcome or ratchet
 * tree is rejected.
 */
import { type Codec, decode, encode } from "@mlskit/codec";
import { decryptWithLabel } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import {
  expectCanonicalOrCodecError,
  expectRoundTrips,
  fuzzMutations,
  fuzzRandomBytes,
} from "@mlskit/test-kit";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeGroupInfo,
  decodeRatchetTree,
  decodeWelcome,
  decodeWelcomeMessage,
  encodeGroupInfo,
  encodeRatchetTree,
  encodeWelcome,
  encodeWelcomeMessage,
  type GroupContext,
  type GroupInfo,
  type GroupSecrets,
  groupContextCodec,
  groupInfoCodec,
  groupSecretsCodec,
  openWelcome,
  type PreSharedKeyId,
  parentNodeCodec,
  preSharedKeyIdCodec,
  type Welcome,
  welcomeCodec,
} from "../src/index.js";
import { type BuiltWelcome, buildWelcome } from "../src/testing/index.js";
import { joinerBundle, joinerWelcome, NOW, provider } from "./helpers.js";

const bytes = (max = 40) => fc.uint8Array({ maxLength: max });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const extensions = fc.array(fc.record({ extensionType: u16, extensionData: bytes(12) }), { maxLength: 3 });

const pskId: fc.Arbitrary<PreSharedKeyId> = fc.oneof(
  fc.record({ pskType: fc.constant(1 as const), pskId: bytes(), pskNonce: bytes(48) }),
  fc.record({
    pskType: fc.constant(2 as const),
    usage: fc.integer({ min: 0, max: 255 }),
    pskGroupId: bytes(),
    pskEpoch: u64,
    pskNonce: bytes(48),
  }),
);
const groupSecrets: fc.Arbitrary<GroupSecrets> = fc.record({
  joinerSecret: bytes(64),
  pathSecret: fc.option(bytes(64), { nil: undefined }),
  psks: fc.array(pskId, { maxLength: 3 }),
});
const groupContext: fc.Arbitrary<GroupContext> = fc.record({
  version: u16,
  cipherSuite: u16,
  groupId: bytes(),
  epoch: u64,
  treeHash: bytes(64),
  confirmedTranscriptHash: bytes(64),
  extensions,
});
const groupInfo: fc.Arbitrary<GroupInfo> = fc.record({
  groupContext,
  extensions,
  confirmationTag: bytes(64),
  signer: fc.integer({ min: 0, max: 0xffffffff }),
  signature: bytes(132),
});
const welcome: fc.Arbitrary<Welcome> = fc.record({
  cipherSuite: u16,
  secrets: fc.array(
    fc.record({
      newMember: bytes(64),
      encryptedGroupSecrets: fc.record({ kemOutput: bytes(133), ciphertext: bytes(120) }),
    }),
    { maxLength: 3 },
  ),
  encryptedGroupInfo: bytes(200),
});
const parentNode = fc.record({
  encryptionKey: bytes(65),
  parentHash: bytes(64),
  unmergedLeaves: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 4 }),
});

/** Every decoder, as (bytes) → value, with its encoder. */
const decoders: [string, (b: Uint8Array) => unknown, (v: never) => Uint8Array][] = [
  ["Welcome", decodeWelcome, encodeWelcome as (v: never) => Uint8Array],
  ["MLSMessage(Welcome)", decodeWelcomeMessage, encodeWelcomeMessage as (v: never) => Uint8Array],
  ["ratchet_tree", decodeRatchetTree, encodeRatchetTree as (v: never) => Uint8Array],
  ["GroupInfo", decodeGroupInfo, encodeGroupInfo as (v: never) => Uint8Array],
  ...(
    [
      ["GroupSecrets", groupSecretsCodec],
      ["PreSharedKeyID", preSharedKeyIdCodec],
      ["GroupContext", groupContextCodec],
      ["ParentNode", parentNodeCodec],
    ] as [string, Codec<unknown>][]
  ).map(
    ([n, c]) =>
      [n, (b: Uint8Array) => decode(c, b, n), (v: never) => encode(c, v)] as [
        string,
        (b: Uint8Array) => unknown,
        (v: never) => Uint8Array,
      ],
  ),
];

function roundTrips<T>(codec: Codec<T>, arb: fc.Arbitrary<T>) {
  expectRoundTrips(
    arb,
    (v) => encode(codec, v),
    (b) => decode(codec, b),
    300,
  );
}

describe("codec properties", () => {
  it("decode(encode(x)) = x for PreSharedKeyID, GroupSecrets, GroupContext, GroupInfo, Welcome, ParentNode", () => {
    roundTrips(preSharedKeyIdCodec, pskId);
    roundTrips(groupSecretsCodec, groupSecrets);
    roundTrips(groupContextCodec, groupContext);
    roundTrips(groupInfoCodec, groupInfo);
    roundTrips(welcomeCodec, welcome);
    roundTrips(parentNodeCodec, parentNode);
  });

  it("random bytes give a value or a CodecError, for every decoder", () => {
    // Whatever decodes re-encodes to exactly the input (canonical decoding).
    fuzzRandomBytes(
      (b) => {
        for (const [, dec, enc] of decoders)
          expectCanonicalOrCodecError(b, dec, enc as (v: unknown) => Uint8Array);
      },
      { maxLength: 300, numRuns: 3000 },
    );
  });
});

describe("mutations of real encodings", () => {
  let built: BuiltWelcome;
  let secretsPlaintext: Uint8Array;
  beforeAll(async () => {
    const bundle = await joinerBundle(1);
    built = await buildWelcome({
      provider,
      joiners: [bundle.keyPackage],
      members: 5,
      priorCommits: [3],
      priorUpdates: [2],
      now: NOW,
      psks: [
        {
          id: { pskType: 1, pskId: new Uint8Array([7]), pskNonce: provider.randomBytes(32) },
          psk: new Uint8Array(32),
        },
      ],
    });
    const suite = await provider.getCipherSuite(1);
    const e = built.welcome.secrets[0]!;
    secretsPlaintext = await decryptWithLabel(
      suite,
      bundle.initPrivateKey,
      "Welcome",
      built.welcome.encryptedGroupInfo,
      e.encryptedGroupSecrets.kemOutput,
      e.encryptedGroupSecrets.ciphertext,
    );
  });

  it("round trip byte for byte: the Welcome, its GroupInfo, GroupSecrets and ratchet tree", () => {
    expect(encodeWelcomeMessage(decodeWelcomeMessage(built.welcomeBytes))).toEqual(built.welcomeBytes);
    expect(encodeRatchetTree(decodeRatchetTree(built.ratchetTreeBytes))).toEqual(built.ratchetTreeBytes);
    const gi = encodeGroupInfo(built.groupInfo);
    expect(encodeGroupInfo(decodeGroupInfo(gi))).toEqual(gi);
    expect(encode(groupSecretsCodec, decode(groupSecretsCodec, secretsPlaintext))).toEqual(secretsPlaintext);
  });

  it("every mutated (changed byte, truncated) encoding decodes canonically or throws CodecError", () => {
    const inputs: [string, Uint8Array][] = [
      ["MLSMessage(Welcome)", built.welcomeBytes],
      ["ratchet_tree", built.ratchetTreeBytes],
      ["GroupInfo", encodeGroupInfo(built.groupInfo)],
      ["GroupSecrets", secretsPlaintext],
    ];
    for (const [name, original] of inputs) {
      const [, dec, enc] = decoders.find(([n]) => n === name)!;
      fuzzMutations(
        original,
        (m) => expectCanonicalOrCodecError(m, dec, enc as (v: unknown) => Uint8Array),
        1500,
      );
    }
  });
});

describe("openWelcome rejects every single bit flip", () => {
  it("of a valid Welcome MLSMessage (suite 1, a group of 4 with a path secret)", async () => {
    const { bundle, built } = await joinerWelcome({ members: 4 });
    const good = built.welcomeBytes;
    await expect(openWelcome({ welcome: good, provider, bundle, now: NOW })).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: good.length * 8 - 1 }), async (bit) => {
        const flipped = good.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        await expect(openWelcome({ welcome: flipped, provider, bundle, now: NOW })).rejects.toSatisfy(
          MlsError.is,
        );
      }),
      { numRuns: 150 },
    );
  });

  it("of a ratchet tree given out of band", async () => {
    const { bundle, built } = await joinerWelcome({
      members: 4,
      priorCommits: [2],
      ratchetTreeExtension: false,
    });
    const tree = built.ratchetTreeBytes;
    await expect(
      openWelcome({ welcome: built.welcomeBytes, provider, bundle, ratchetTree: tree, now: NOW }),
    ).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: tree.length * 8 - 1 }), async (bit) => {
        const flipped = tree.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        await expect(
          openWelcome({ welcome: built.welcomeBytes, provider, bundle, ratchetTree: flipped, now: NOW }),
        ).rejects.toSatisfy(MlsError.is);
      }),
      { numRuns: 150 },
    );
  });
});
