/**
 * One accepted and one rejected Welcome per check of openWelcome (docs/validation-matrix.md). Each
 * rejected Welcome is built by the committer-side builder with one thing changed and everything
 * around it re-signed and re-encrypted, so that exactly the intended check fires.
 * (Over 400 lines: one positive and one negative case for each of the W-nn checks, in matrix order,
 * so that docs/validation-matrix.md can point at each.)
 */
import { encode, toHex } from "@mlskit/codec";
import type { CredentialValidator } from "@mlskit/credentials";
import { applicationIdExtension, ExtensionType, requiredCapabilitiesExtension } from "@mlskit/extensions";
import type { KeyPackageBundle, LeafNode } from "@mlskit/key-packages";
import { describeCheckTable } from "@mlskit/test-kit";
import { expect } from "vitest";
import {
  encodeRatchetTree,
  NodeType,
  type OpenWelcomeOptions,
  type PreSharedKeyId,
  PskType,
  preSharedKeyIdCodec,
  ResumptionPskUsage,
  WELCOME_CHECKS,
} from "../src/index.js";
import { type BuildWelcomeOptions, buildWelcome, type TreeEditContext } from "../src/testing/index.js";
import {
  type JoinerWelcome,
  joinerBundle,
  joinerWelcome,
  NOW,
  openJoinerWelcome,
  provider,
} from "./helpers.js";

interface Case extends JoinerWelcome {
  readonly extra?: Partial<OpenWelcomeOptions>;
}

interface Row {
  readonly id: string;
  /** A Welcome (and options) that just passes this check. */
  readonly accept: () => Promise<Case>;
  /** The same Welcome broken for this check only. */
  readonly reject: () => Promise<Case>;
}

const DAY = 86_400n;
const flip = (b: Uint8Array, i = b.length - 1) => {
  const c = b.slice();
  c[i]! ^= 1;
  return c;
};

async function make(
  opts: Partial<BuildWelcomeOptions> = {},
  extra: Partial<OpenWelcomeOptions> = {},
  cipherSuite = 1,
): Promise<Case> {
  return { ...(await joinerWelcome(opts, cipherSuite)), extra };
}

/** Our joiner and `other` added by one Welcome. */
async function withSecondJoiner(other: KeyPackageBundle): Promise<Case> {
  const bundle = await joinerBundle(1);
  return {
    bundle,
    built: await buildWelcome({ provider, joiners: [bundle.keyPackage, other.keyPackage], now: NOW }),
  };
}

/** A two-member group (no UpdatePath) whose other member's leaf is edited (and re-signed unless `resign` is false). */
const withMemberLeaf = (edit: (l: LeafNode) => LeafNode, resign = true) =>
  make({ members: 2, updatePath: false, editTree: (ctx) => editLeaf(ctx, 1, edit, resign) });

/** Change an existing member's leaf and have that member re-sign it. */
async function editLeaf(
  ctx: TreeEditContext,
  leafIndex: number,
  edit: (l: LeafNode) => LeafNode,
  resign = true,
) {
  const n = ctx.tree.node(2 * leafIndex);
  if (n?.nodeType !== NodeType.leaf) throw new Error("blank leaf");
  let leaf = edit(n.leafNode);
  if (resign)
    leaf = await ctx.tree.signLeaf(leaf, leafIndex, ctx.members.get(leafIndex)!.signatureKeyPair.privateKey);
  ctx.tree.setNode(2 * leafIndex, { nodeType: NodeType.leaf, leafNode: leaf });
}

const nonce = () => provider.randomBytes(32);
const externalPsk = (id: string, n = nonce()): PreSharedKeyId => ({
  pskType: PskType.external,
  pskId: new TextEncoder().encode(id),
  pskNonce: n,
});
const reinitPsk = (): PreSharedKeyId => ({
  pskType: PskType.resumption,
  usage: ResumptionPskUsage.reinit,
  pskGroupId: new Uint8Array([1, 2, 3]),
  pskEpoch: 7n,
  pskNonce: nonce(),
});
const withPsks = (ids: PreSharedKeyId[], supply = true) => {
  const psks = ids.map((id) => ({ id, psk: provider.randomBytes(32) }));
  const lookup = (id: PreSharedKeyId) =>
    supply ? psks.find((p) => encode2(p.id) === encode2(id))?.psk : undefined;
  return { psks, lookup };
};
const encode2 = (id: PreSharedKeyId) => toHex(encode(preSharedKeyIdCodec, id));

const rows: Row[] = [
  {
    id: "W-01",
    accept: () => make(),
    reject: async () => {
      const c = await make();
      return { ...c, bundle: await joinerBundle(1) };
    },
  },
  {
    id: "W-02",
    accept: () => make(),
    reject: async () => {
      const c = await make();
      c.bundle.dispose();
      return c;
    },
  },
  {
    id: "W-03",
    accept: () => make(),
    reject: () => make({ editWelcome: (w) => ({ ...w, cipherSuite: 3 }) }),
  },
  {
    id: "W-04",
    accept: () => make(),
    reject: () =>
      make({
        editWelcome: (w) => ({
          ...w,
          secrets: w.secrets.map((s) => ({
            ...s,
            encryptedGroupSecrets: {
              ...s.encryptedGroupSecrets,
              ciphertext: flip(s.encryptedGroupSecrets.ciphertext, 3),
            },
          })),
        }),
      }),
  },
  {
    id: "W-05",
    accept: () => make(),
    reject: () => make({ editGroupSecrets: (gs) => ({ ...gs, joinerSecret: gs.joinerSecret.subarray(1) }) }),
  },
  {
    id: "W-06",
    accept: async () => {
      const { psks, lookup } = withPsks([externalPsk("a")]);
      return make({ psks }, { psk: lookup });
    },
    reject: async () => {
      const { psks, lookup } = withPsks([externalPsk("a", provider.randomBytes(16))]);
      return make({ psks }, { psk: lookup });
    },
  },
  {
    id: "W-07",
    accept: async () => {
      const { psks, lookup } = withPsks([reinitPsk(), externalPsk("a")]);
      return make({ psks }, { psk: lookup });
    },
    reject: async () => {
      const { psks, lookup } = withPsks([reinitPsk(), { ...reinitPsk(), usage: ResumptionPskUsage.branch }]);
      return make({ psks }, { psk: lookup });
    },
  },
  {
    id: "W-08",
    accept: async () => {
      const { psks, lookup } = withPsks([externalPsk("a"), externalPsk("b")]);
      return make({ psks }, { psk: lookup });
    },
    reject: async () => {
      const { psks } = withPsks([externalPsk("a"), externalPsk("b")]);
      return make({ psks }, { psk: (id) => (id === psks[0]!.id ? psks[0]!.psk : undefined) });
    },
  },
  {
    id: "W-09",
    accept: () => make(),
    // GroupSecrets are sealed with the tampered bytes as their context, so only the AEAD fails.
    reject: () => make({ editEncryptedGroupInfo: (b) => flip(b) }),
  },
  {
    id: "W-10",
    accept: () => make(),
    reject: () => make({ editGroupInfoBytes: (b) => Uint8Array.from([...b, 0]) }),
  },
  {
    id: "W-11",
    accept: () => make(),
    reject: () => make({ editGroupContext: (gc) => ({ ...gc, version: 2 }) }),
  },
  {
    id: "W-12",
    accept: () => make(),
    reject: () => make({ editGroupContext: (gc) => ({ ...gc, cipherSuite: 3 }) }),
  },
  {
    id: "W-13",
    accept: () =>
      make({ groupInfoExtensions: [{ extensionType: 0xff00, extensionData: new Uint8Array([1]) }] }),
    reject: () =>
      make({
        groupInfoExtensions: [
          { extensionType: 0xff00, extensionData: new Uint8Array([1]) },
          { extensionType: 0xff00, extensionData: new Uint8Array([2]) },
        ],
      }),
  },
  {
    id: "W-14",
    // external_senders is a default type: every client supports it.
    accept: () =>
      make({
        groupContextExtensions: [
          { extensionType: ExtensionType.external_senders, extensionData: new Uint8Array([0]) },
        ],
      }),
    reject: () =>
      make({ groupContextExtensions: [{ extensionType: 0xff00, extensionData: new Uint8Array(0) }] }),
  },
  {
    id: "W-15",
    accept: () =>
      make({
        groupContextExtensions: [
          requiredCapabilitiesExtension({ extensionTypes: [], proposalTypes: [], credentialTypes: [1] }),
        ],
      }),
    reject: () =>
      make({
        groupContextExtensions: [
          { extensionType: ExtensionType.required_capabilities, extensionData: new Uint8Array([5]) },
        ],
      }),
  },
  {
    id: "W-16",
    accept: () => make(),
    reject: () => make({ editGroupInfo: (gi) => ({ ...gi, confirmationTag: flip(gi.confirmationTag) }) }),
  },
  {
    id: "W-17",
    accept: async () => {
      const { psks, lookup } = withPsks([reinitPsk()]);
      return make({ psks, epoch: 1n }, { psk: lookup });
    },
    reject: async () => {
      const { psks, lookup } = withPsks([reinitPsk()]);
      return make({ psks, epoch: 5n }, { psk: lookup });
    },
  },
  {
    id: "W-18",
    accept: async () => {
      const c = await make({ ratchetTreeExtension: false });
      return { ...c, extra: { ratchetTree: c.built.ratchetTreeBytes } };
    },
    reject: () => make({ ratchetTreeExtension: false }),
  },
  {
    id: "W-19",
    accept: async () => {
      const c = await make({ ratchetTreeExtension: false });
      return { ...c, extra: { ratchetTree: c.built.ratchetTreeBytes } };
    },
    reject: async () => {
      const c = await make({ ratchetTreeExtension: false });
      // RFC 9420 §12.4.3.3: the last node may not be blank.
      return {
        ...c,
        extra: { ratchetTree: encodeRatchetTree([...c.built.ratchetTree, undefined, undefined]) },
      };
    },
  },
  {
    id: "W-20",
    accept: () => make(),
    reject: () => make({ editGroupContext: (gc) => ({ ...gc, treeHash: flip(gc.treeHash) }) }),
  },
  {
    id: "W-21",
    accept: () => make({ members: 2 }),
    reject: () => withMemberLeaf((l) => ({ ...l, encryptionKey: l.encryptionKey.subarray(1) })),
  },
  {
    id: "W-22",
    accept: () => make({ members: 2 }),
    reject: () =>
      withMemberLeaf((l) => ({ ...l, signatureKey: Uint8Array.from([...l.signatureKey, 0]) }), false),
  },
  {
    id: "W-23",
    accept: () =>
      withMemberLeaf((l) => ({ ...l, extensions: [applicationIdExtension(new Uint8Array([1]))] })),
    reject: () =>
      withMemberLeaf((l) => ({
        ...l,
        extensions: [
          applicationIdExtension(new Uint8Array([1])),
          applicationIdExtension(new Uint8Array([2])),
        ],
      })),
  },
  {
    id: "W-24",
    accept: () =>
      withMemberLeaf((l) => ({
        ...l,
        capabilities: { ...l.capabilities, extensions: [0xff00] },
        extensions: [{ extensionType: 0xff00, extensionData: new Uint8Array(0) }],
      })),
    reject: () =>
      withMemberLeaf((l) => ({
        ...l,
        extensions: [{ extensionType: 0xff00, extensionData: new Uint8Array(0) }],
      })),
  },
  {
    id: "W-25",
    accept: () =>
      make({
        groupContextExtensions: [
          requiredCapabilitiesExtension({ extensionTypes: [3], proposalTypes: [1], credentialTypes: [1] }),
        ],
      }),
    reject: () =>
      make({
        groupContextExtensions: [
          requiredCapabilitiesExtension({ extensionTypes: [], proposalTypes: [0xff01], credentialTypes: [] }),
        ],
      }),
  },
  {
    id: "W-26",
    accept: () => make({ memberCapabilities: { credentials: [1, 2] } }),
    reject: () => withMemberLeaf((l) => ({ ...l, capabilities: { ...l.capabilities, credentials: [2] } })),
  },
  {
    id: "W-27",
    accept: async () =>
      withSecondJoiner(
        await joinerBundle(1, {
          signatureKeyPair: await (await provider.getCipherSuite(1)).signature.generateKeyPair(),
        }),
      ),
    // Two key packages signed with one signature key (joinerBundle reuses the suite's signer).
    reject: async () => withSecondJoiner(await joinerBundle(1)),
  },
  {
    id: "W-28",
    accept: () => make({ members: 2, updatePath: false }),
    reject: () =>
      make({
        members: 2,
        updatePath: false,
        editTree: async (ctx) => {
          const n0 = ctx.tree.node(0);
          if (n0?.nodeType !== NodeType.leaf) throw new Error("blank");
          await editLeaf(ctx, 1, (l) => ({ ...l, encryptionKey: n0.leafNode.encryptionKey }));
        },
      }),
  },
  {
    id: "W-29",
    accept: () => make({ members: 7, priorCommits: [4] }),
    reject: () =>
      make({
        members: 7,
        priorCommits: [4],
        editTree: (ctx) => {
          for (let x = 1; x < 16; x += 2) {
            const n = ctx.tree.node(x);
            if (n?.nodeType === NodeType.parent && n.parentNode.unmergedLeaves.length > 0) {
              const u = n.parentNode.unmergedLeaves;
              ctx.tree.setNode(x, {
                nodeType: NodeType.parent,
                parentNode: { ...n.parentNode, unmergedLeaves: [...u, u[0]!] },
              });
              return;
            }
          }
          throw new Error("no parent with unmerged leaves");
        },
      }),
  },
  {
    id: "W-30",
    accept: () => make({ members: 5, priorCommits: [3, 1] }),
    reject: () =>
      make({
        members: 5,
        priorCommits: [3, 1],
        editTree: (ctx) => {
          const n = ctx.tree.node(1);
          if (n?.nodeType !== NodeType.parent) throw new Error("blank");
          ctx.tree.setNode(1, {
            nodeType: NodeType.parent,
            parentNode: { ...n.parentNode, parentHash: flip(n.parentNode.parentHash) },
          });
        },
      }),
  },
  {
    id: "W-31",
    accept: () => make(),
    reject: () => make({ editGroupInfo: (gi) => ({ ...gi, signer: 3 }) }),
  },
  {
    id: "W-32",
    accept: () => make(),
    reject: () => make({ editSignedGroupInfo: (gi) => ({ ...gi, signature: flip(gi.signature, 5) }) }),
  },
  {
    id: "W-33",
    accept: () => make({ members: 3, priorUpdates: [2] }),
    reject: () =>
      make({
        members: 3,
        priorUpdates: [2],
        updatePath: false,
        editTree: (ctx) => editLeaf(ctx, 2, (l) => ({ ...l, signature: flip(l.signature, 2) }), false),
      }),
  },
  {
    id: "W-34",
    // The joiner's own key package was made at NOW, valid for 84 days (plus the 5-minute skew).
    accept: () => make({}, { now: NOW + 84n * DAY + 300n }),
    reject: () => make({}, { now: NOW + 84n * DAY + 301n }),
  },
  {
    id: "W-35",
    accept: () => make({ members: 3 }, { credentialValidator: { validate: async () => {} } }),
    reject: () => {
      const v: CredentialValidator = {
        async validate(c) {
          if (c.credentialType === 1 && new TextDecoder().decode(c.identity) === "member-2")
            throw new Error("unknown member");
        },
      };
      return make({ members: 3 }, { credentialValidator: v });
    },
  },
  {
    id: "W-36",
    accept: () => make(),
    reject: async () => {
      const other = await joinerBundle(1, {
        signatureKeyPair: await (await provider.getCipherSuite(1)).signature.generateKeyPair(),
      });
      return make({
        updatePath: false,
        editTree: (ctx) =>
          ctx.tree.setNode(2 * ctx.joinerLeafIndices[0]!, {
            nodeType: NodeType.leaf,
            leafNode: other.keyPackage.leafNode,
          }),
      });
    },
  },
  {
    id: "W-37",
    accept: () => make({ members: 6, priorCommits: [4], committer: 2 }),
    reject: () =>
      make({
        members: 6,
        priorCommits: [4],
        committer: 2,
        editGroupSecrets: (gs) => ({ ...gs, pathSecret: provider.randomBytes(32) }),
      }),
  },
];

function run(c: Case) {
  return openJoinerWelcome(c, c.extra);
}

describeCheckTable("openWelcome: one accepted and one rejected Welcome per check", WELCOME_CHECKS, rows, {
  accept: async (row) => {
    const joined = await run(await row.accept());
    expect(joined.ownLeafIndex).toBeGreaterThanOrEqual(0);
  },
  reject: async (row) => run(await row.reject()),
});
