/**
 * The official mlswg vectors: welcome.json (GroupSecrets, GroupInfo, signature, confirmation tag
 * and openWelcome as far as a tree-less GroupInfo allows), key-schedule.json (from joiner_secret on),
 * psk_secret.json and tree-validation.json (resolutions, tree hashes, parent hashes, leaf signatures).
 */
import { bytesEqual, decode, encode, toHex } from "@mlskit/codec";
import { cipherSuiteInfo, decryptWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
import {
  decodeKeyPackageMessage,
  encodeKeyPackage,
  keyPackageRef,
  restoreKeyPackageBundle,
} from "@mlskit/key-packages";
import { hex, loadVectors, type WelcomeCase } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import {
  confirmationTag,
  decodeGroupInfo,
  decodeRatchetTree,
  decodeWelcomeMessage,
  deriveEpochSecrets,
  encodeRatchetTree,
  encodeWelcomeMessage,
  epochSecret,
  findInvalidParentHash,
  groupContextCodec,
  groupInfoTbsBytes,
  groupSecretsCodec,
  leafAt,
  leafNodeTbsInGroup,
  memberSecret,
  openWelcome,
  PskType,
  pskSecret,
  resolution,
  treeHashes,
  validateRatchetTree,
  welcomeKeyAndNonce,
  welcomeKeyPackageRefs,
} from "../src/index.js";
import { checkOf, provider } from "./helpers.js";

interface KeyScheduleCase {
  cipher_suite: number;
  group_id: string;
  initial_init_secret: string;
  epochs: {
    tree_hash: string;
    commit_secret: string;
    psk_secret: string;
    confirmed_transcript_hash: string;
    group_context: string;
    joiner_secret: string;
    welcome_secret: string;
    init_secret: string;
    sender_data_secret: string;
    encryption_secret: string;
    exporter_secret: string;
    epoch_authenticator: string;
    external_secret: string;
    confirmation_key: string;
    membership_key: string;
    resumption_psk: string;
  }[];
}
interface PskSecretCase {
  cipher_suite: number;
  psks: { psk_id: string; psk: string; psk_nonce: string }[];
  psk_secret: string;
}
interface TreeValidationCase {
  cipher_suite: number;
  tree: string;
  group_id: string;
  resolutions: number[][];
  tree_hashes: string[];
}

// tree-validation.json's key_package leaves are valid from 2023-02-20 to 2024-02-20.
const TREE_VECTOR_NOW = 1_700_000_000n;
// The leaves of welcome.json's key packages expired long ago (the vectors are fixed): judge them then.
const VECTOR_NOW = 1_700_000_000n;

describe("welcome.json", () => {
  const cases = loadVectors<WelcomeCase[]>("welcome.json");
  it("has all 7 suites", () => {
    expect(cases.map((c) => c.cipher_suite).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  for (const c of cases) {
    it(`suite ${c.cipher_suite}: decode/encode round trip, GroupSecrets and GroupInfo open, signature and confirmation tag verify`, async () => {
      const bytes = hex(c.welcome);
      const welcome = decodeWelcomeMessage(bytes);
      expect(encodeWelcomeMessage(welcome)).toEqual(bytes);
      const kp = decodeKeyPackageMessage(hex(c.key_package));
      const suite = await provider.getCipherSuite(c.cipher_suite);
      const ref = await keyPackageRef(kp, provider);
      const refs = welcomeKeyPackageRefs(welcome);
      const entry = welcome.secrets[refs.findIndex((r) => bytesEqual(r, ref))]!;
      expect(entry).toBeDefined();
      const plaintext = await decryptWithLabel(
        suite,
        hex(c.init_priv),
        "Welcome",
        welcome.encryptedGroupInfo,
        entry.encryptedGroupSecrets.kemOutput,
        entry.encryptedGroupSecrets.ciphertext,
      );
      const gs = decode(groupSecretsCodec, plaintext, "GroupSecrets");
      expect(encode(groupSecretsCodec, gs)).toEqual(plaintext);
      // The vector's verification: no PSKs.
      expect(gs.psks).toEqual([]);
      const member = await memberSecret(suite, gs.joinerSecret, await pskSecret(suite, []));
      const aead = (
        suite as unknown as {
          aead: { keySize: number; nonceSize: number; open: (...a: Uint8Array[]) => Promise<Uint8Array> };
        }
      ).aead;
      const { key, nonce } = await welcomeKeyAndNonce(suite, member, aead);
      const giBytes = await aead.open(key, nonce, new Uint8Array(0), welcome.encryptedGroupInfo);
      const gi = decodeGroupInfo(giBytes);
      expect(gi.groupContext.cipherSuite).toBe(c.cipher_suite);
      expect(
        await verifyWithLabel(suite, hex(c.signer_pub), "GroupInfoTBS", groupInfoTbsBytes(gi), gi.signature),
      ).toBe(true);
      const epoch = await epochSecret(suite, member, encode(groupContextCodec, gi.groupContext));
      const { confirmationKey } = await deriveEpochSecrets(suite, epoch);
      expect(
        toHex(await confirmationTag(suite, confirmationKey, gi.groupContext.confirmedTranscriptHash)),
      ).toBe(toHex(gi.confirmationTag));
    });

    it(`suite ${c.cipher_suite}: openWelcome passes every check up to the ratchet tree, which the vector does not carry (W-18)`, async () => {
      const kp = decodeKeyPackageMessage(hex(c.key_package));
      const bundle = restoreKeyPackageBundle({
        keyPackage: encodeKeyPackage(kp),
        ref: await keyPackageRef(kp, provider),
        initPrivateKey: hex(c.init_priv),
        encryptionPrivateKey: new Uint8Array(32),
      });
      expect(await checkOf(openWelcome({ welcome: hex(c.welcome), provider, bundle, now: VECTOR_NOW }))).toBe(
        "W-18",
      );
    });
  }
});

describe("key-schedule.json (from joiner_secret on)", () => {
  for (const c of loadVectors<KeyScheduleCase[]>("key-schedule.json")) {
    it(`suite ${c.cipher_suite}: welcome, epoch and every epoch-derived secret of ${c.epochs.length} epochs`, async () => {
      const suite = await provider.getCipherSuite(c.cipher_suite);
      for (const [i, e] of c.epochs.entries()) {
        const gc = decode(groupContextCodec, hex(e.group_context), "GroupContext");
        expect(encode(groupContextCodec, gc)).toEqual(hex(e.group_context));
        expect(toHex(gc.groupId)).toBe(c.group_id);
        expect(gc.epoch).toBe(BigInt(i));
        expect(toHex(gc.treeHash)).toBe(e.tree_hash);
        expect(toHex(gc.confirmedTranscriptHash)).toBe(e.confirmed_transcript_hash);
        const member = await memberSecret(suite, hex(e.joiner_secret), hex(e.psk_secret));
        const { welcomeSecret } = await welcomeKeyAndNonce(suite, member, { keySize: 16, nonceSize: 12 });
        expect(toHex(welcomeSecret)).toBe(e.welcome_secret);
        const s = await deriveEpochSecrets(suite, await epochSecret(suite, member, hex(e.group_context)));
        expect({
          init_secret: toHex(s.initSecret),
          sender_data_secret: toHex(s.senderDataSecret),
          encryption_secret: toHex(s.encryptionSecret),
          exporter_secret: toHex(s.exporterSecret),
          epoch_authenticator: toHex(s.epochAuthenticator),
          external_secret: toHex(s.externalSecret),
          confirmation_key: toHex(s.confirmationKey),
          membership_key: toHex(s.membershipKey),
          resumption_psk: toHex(s.resumptionPsk),
        }).toEqual({
          init_secret: e.init_secret,
          sender_data_secret: e.sender_data_secret,
          encryption_secret: e.encryption_secret,
          exporter_secret: e.exporter_secret,
          epoch_authenticator: e.epoch_authenticator,
          external_secret: e.external_secret,
          confirmation_key: e.confirmation_key,
          membership_key: e.membership_key,
          resumption_psk: e.resumption_psk,
        });
      }
    });
  }
});

describe("psk_secret.json", () => {
  const cases = loadVectors<PskSecretCase[]>("psk_secret.json");
  it(`all ${cases.length} cases match`, async () => {
    for (const c of cases) {
      const suite = await provider.getCipherSuite(c.cipher_suite);
      const psks = c.psks.map((p) => ({
        id: { pskType: PskType.external, pskId: hex(p.psk_id), pskNonce: hex(p.psk_nonce) } as const,
        psk: hex(p.psk),
      }));
      expect(toHex(await pskSecret(suite, psks))).toBe(c.psk_secret);
    }
  });
});

describe("tree-validation.json", () => {
  const cases = loadVectors<TreeValidationCase[]>("tree-validation.json");
  for (const cs of [1, 2, 3, 4, 5, 6, 7]) {
    const mine = cases.filter((c) => c.cipher_suite === cs);
    it(`suite ${cs}: ${mine.length} trees — round trip, resolutions, tree hashes, parent hashes, leaf signatures, validateRatchetTree`, async () => {
      expect(mine.length).toBeGreaterThan(0);
      const suite = await provider.getCipherSuite(cs);
      for (const c of mine) {
        const bytes = hex(c.tree);
        const tree = decodeRatchetTree(bytes);
        expect(encodeRatchetTree(tree)).toEqual(bytes);
        const hashes = await treeHashes(suite, tree);
        expect(hashes.map(toHex)).toEqual(c.tree_hashes);
        expect(c.resolutions.map((_, x) => resolution(tree, x))).toEqual(c.resolutions);
        expect(await findInvalidParentHash(suite, tree, hashes)).toBeUndefined();
        const groupId = hex(c.group_id);
        for (let l = 0; 2 * l < tree.length; l++) {
          const leaf = leafAt(tree, l);
          if (leaf === undefined) continue;
          const tbs = leafNodeTbsInGroup(leaf, groupId, l);
          expect(await verifyWithLabel(suite, leaf.signatureKey, "LeafNodeTBS", tbs, leaf.signature)).toBe(
            true,
          );
        }
        // And everything a joiner checks of a tree (W-21 … W-30, W-33 … W-35), at a time inside
        // the lifetimes the generator gave its key_package leaves.
        await expect(
          validateRatchetTree({
            suite,
            info: cipherSuiteInfo(cs),
            tree,
            hashes,
            groupId,
            requiredCapabilities: undefined,
            now: TREE_VECTOR_NOW,
            credentialValidator: undefined,
          }),
        ).resolves.toBeUndefined();
      }
    });
  }

  it("a changed parent node in an official tree is found: its parent hash chain breaks (W-30)", async () => {
    let tried = 0;
    for (const c of cases.filter((x) => x.cipher_suite === 1)) {
      const suite = await provider.getCipherSuite(1);
      const tree = [...decodeRatchetTree(hex(c.tree))];
      const x = tree.findIndex((n) => n?.nodeType === 2);
      if (x === -1) continue;
      const n = tree[x]!;
      if (n.nodeType !== 2) continue;
      const key = n.parentNode.encryptionKey.slice();
      key[0]! ^= 1;
      tree[x] = { nodeType: 2, parentNode: { ...n.parentNode, encryptionKey: key } };
      expect(await findInvalidParentHash(suite, tree, await treeHashes(suite, tree))).toBeDefined();
      tried++;
    }
    expect(tried).toBeGreaterThan(5);
  });
});
