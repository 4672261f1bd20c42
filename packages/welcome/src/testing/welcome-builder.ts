/**
 * @module testing/welcome-builder
 * `buildWelcome`: the committer's side of RFC 9420 §12.4.3.1 for tests and benchmarks. It makes a
 * group of any size with a real history ({@link TestTree}), adds the given key packages, commits
 * with an UpdatePath, computes the key schedule, signs the GroupInfo, encrypts it under the
 * welcome key and HPKE-seals GroupSecrets to each key package's init key. Hooks change any part
 * before it is signed or encrypted, so a test can break exactly one check of `openWelcome` and
 * re-sign / re-encrypt everything around it.
 */
import { encode } from "@mlskit/codec";
import type { Credential } from "@mlskit/credentials";
import { type CryptoProvider, encryptWithLabel, signWithLabel } from "@mlskit/crypto-provider";
import { type Extension, ExtensionType } from "@mlskit/extensions";
import {
  type Capabilities,
  keyPackageRef,
  ProtocolVersion,
  type UnverifiedKeyPackage,
} from "@mlskit/key-packages";
import { encodeGroupContext, type GroupContext } from "../group-context.js";
import { encodeGroupInfo, type GroupInfo, groupInfoTbsBytes } from "../group-info.js";
import { type GroupSecrets, groupSecretsCodec } from "../group-secrets.js";
import {
  confirmationTag,
  deriveEpochSecrets,
  epochSecret,
  memberSecret,
  welcomeKeyAndNonce,
} from "../key-schedule.js";
import { pskSecret, type ResolvedPsk } from "../psk-secret.js";
import { encodeRatchetTree, type RatchetTree } from "../ratchet-tree.js";
import { treeHashes } from "../tree-hash.js";
import { commonAncestor, root } from "../tree-math.js";
import { encodeWelcomeMessage, type Welcome } from "../welcome.js";
import { type TestMember, TestTree } from "./test-tree.js";

/** What {@link BuildWelcomeOptions.editTree} may use to change the tree consistently. */
export interface TreeEditContext {
  /** The tree being built (edit it through `setNode`, re-sign leaves with `signLeaf`). */
  readonly tree: TestTree;
  /** The existing members and their private keys, by leaf index. */
  readonly members: ReadonlyMap<number, TestMember>;
  /** The leaf index of each joiner, in the order of `joiners`. */
  readonly joinerLeafIndices: readonly number[];
  /** The committer (GroupInfo signer). */
  readonly committer: number;
}

/** Options of {@link buildWelcome}. */
export interface BuildWelcomeOptions {
  /** Crypto provider. */
  readonly provider: CryptoProvider;
  /** The group's cipher suite (default: the first joiner's). */
  readonly cipherSuite?: number;
  /** The key packages of the new members, added in this order at the leftmost blank leaves. */
  readonly joiners: readonly UnverifiedKeyPackage[];
  /** Members before the Add (default 1: the committer alone). */
  readonly members?: number;
  /** Members (leaf indices) that committed with an UpdatePath before the Add, in order: parent nodes that list the joiners as unmerged. */
  readonly priorCommits?: readonly number[];
  /** Members (leaf indices) that sent an Update before the Add (update-source leaves). */
  readonly priorUpdates?: readonly number[];
  /** Members (leaf indices) removed before the Add: blank leaves the joiners may fill. */
  readonly removed?: readonly number[];
  /** The committer and GroupInfo signer (default: the first remaining member). */
  readonly committer?: number;
  /** Whether the Add's Commit carries an UpdatePath (default true): then the joiners get a path_secret. */
  readonly updatePath?: boolean;
  /** Default: 16 random bytes. */
  readonly groupId?: Uint8Array;
  /** The epoch the Welcome starts (default 1n). */
  readonly epoch?: bigint;
  /** GroupContext.extensions. */
  readonly groupContextExtensions?: readonly Extension[];
  /** GroupInfo.extensions besides the ratchet_tree extension. */
  readonly groupInfoExtensions?: readonly Extension[];
  /** Put the tree in a ratchet_tree GroupInfo extension (default true). */
  readonly ratchetTreeExtension?: boolean;
  /** PSKs injected by the Commit (ids and values). */
  readonly psks?: readonly ResolvedPsk[];
  /** Seconds since the epoch for the members' key_package lifetimes (default: now). */
  readonly now?: bigint;
  /** Capabilities of the existing members' leaves. */
  readonly memberCapabilities?: Partial<Capabilities>;
  /** Credential of existing member `i` (default `basicCredential("member-<i>")`). */
  readonly memberCredential?: (leafIndex: number) => Credential;
  /** Change the tree after the history is built, before its hash is taken. */
  readonly editTree?: (ctx: TreeEditContext) => void | Promise<void>;
  /** Change the GroupContext before the key schedule and the signature use it. */
  readonly editGroupContext?: (gc: GroupContext) => GroupContext;
  /** Change the GroupInfo before it is signed (it is then signed by the committer). */
  readonly editGroupInfo?: (gi: GroupInfo) => GroupInfo;
  /** Change the signed GroupInfo (nothing is re-signed). */
  readonly editSignedGroupInfo?: (gi: GroupInfo) => GroupInfo;
  /** Change the encoded GroupInfo before it is encrypted. */
  readonly editGroupInfoBytes?: (bytes: Uint8Array) => Uint8Array;
  /** Change encrypted_group_info before the GroupSecrets are sealed with it as context. */
  readonly editEncryptedGroupInfo?: (bytes: Uint8Array) => Uint8Array;
  /** Change a joiner's GroupSecrets (or replace their encoding) before they are sealed. */
  readonly editGroupSecrets?: (gs: GroupSecrets, joiner: number) => GroupSecrets | Uint8Array;
  /** Change the finished Welcome. */
  readonly editWelcome?: (w: Welcome) => Welcome;
}

/** What {@link buildWelcome} returns: the Welcome and what every party knows about it. */
export interface BuiltWelcome {
  readonly welcome: Welcome;
  /** The Welcome as an MLSMessage. */
  readonly welcomeBytes: Uint8Array;
  readonly groupInfo: GroupInfo;
  readonly groupContext: GroupContext;
  readonly ratchetTree: RatchetTree;
  /** The tree encoded as `optional<Node> ratchet_tree<V>`. */
  readonly ratchetTreeBytes: Uint8Array;
  /** The KeyPackageRef of each joiner. */
  readonly refs: readonly Uint8Array[];
  /** The leaf index of each joiner. */
  readonly joinerLeafIndices: readonly number[];
  readonly committer: number;
  readonly members: ReadonlyMap<number, TestMember>;
  readonly joinerSecret: Uint8Array;
  readonly pskSecret: Uint8Array;
  readonly epochSecret: Uint8Array;
  readonly epochAuthenticator: Uint8Array;
  /** The path secret each joiner received (undefined without an UpdatePath). */
  readonly pathSecrets: readonly (Uint8Array | undefined)[];
}

/**
 * Build a Welcome for `joiners` the way a committer does (RFC 9420 §12.4.3.1).
 *
 * @param opts - the provider, the joiners' key packages, the group's shape and any tampering
 * @returns the Welcome and the group's state and secrets as the committer knows them
 * @example
 * ```ts
 * const bundle = await createKeyPackage({ provider, cipherSuite: 1, credential, signatureKeyPair });
 * const built = await buildWelcome({ provider, joiners: [bundle.keyPackage], members: 3 });
 * const joined = await openWelcome({ welcome: built.welcomeBytes, provider, bundle });
 * // joined.epochAuthenticator equals built.epochAuthenticator
 * ```
 */
export async function buildWelcome(opts: BuildWelcomeOptions): Promise<BuiltWelcome> {
  const { provider, joiners } = opts;
  if (joiners.length === 0) throw new RangeError(`"joiners" needs at least one key package`);
  const cipherSuite = opts.cipherSuite ?? joiners[0]!.cipherSuite;
  const suite = await provider.getCipherSuite(cipherSuite);
  const aead = suite.aead;
  const groupId = opts.groupId ?? provider.randomBytes(16);
  const now = opts.now ?? BigInt(Math.floor(Date.now() / 1000));
  const tree = new TestTree({
    suite,
    groupId,
    now,
    ...(opts.memberCapabilities === undefined ? {} : { capabilities: opts.memberCapabilities }),
  });

  // The history before the Commit that adds the joiners.
  await tree.addMembers(opts.members ?? 1, opts.memberCredential);
  for (const l of opts.priorUpdates ?? []) await tree.update(l);
  for (const l of opts.priorCommits ?? []) await tree.commit(l);
  for (const l of opts.removed ?? []) tree.remove(l);
  const committer = opts.committer ?? [...tree.members.keys()][0]!;
  if (!tree.members.has(committer)) throw new RangeError(`committer ${committer} is not a member`);

  // The Commit: Adds first, then the committer's UpdatePath (RFC 9420 §12.4.2).
  const joinerLeafIndices = joiners.map((kp) => tree.addLeaf(kp.leafNode));
  const pathSecretsByNode = opts.updatePath === false ? undefined : await tree.commit(committer);
  await opts.editTree?.({ tree, members: tree.members, joinerLeafIndices, committer });
  const nodes = tree.nodes;

  const hashes = await treeHashes(suite, nodes);
  let gc: GroupContext = {
    version: ProtocolVersion.mls10,
    cipherSuite,
    groupId,
    epoch: opts.epoch ?? 1n,
    treeHash: hashes[root(hashes.length)]!,
    confirmedTranscriptHash: provider.randomBytes(suite.hash.size),
    extensions: opts.groupContextExtensions ?? [],
  };
  if (opts.editGroupContext) gc = opts.editGroupContext(gc);

  // Key schedule (RFC 9420 §8): a fresh joiner_secret stands for KDF.Extract(init, commit_secret).
  const joinerSecret = provider.randomBytes(suite.kdf.size);
  const psks = opts.psks ?? [];
  const psk = await pskSecret(suite, psks);
  const member = await memberSecret(suite, joinerSecret, psk);
  const epoch = await epochSecret(suite, member, encodeGroupContext(gc));
  const derived = await deriveEpochSecrets(suite, epoch);

  const ratchetTreeBytes = encodeRatchetTree(nodes);
  const extensions: Extension[] = [
    ...(opts.ratchetTreeExtension === false
      ? []
      : [{ extensionType: ExtensionType.ratchet_tree, extensionData: ratchetTreeBytes }]),
    ...(opts.groupInfoExtensions ?? []),
  ];
  let gi: GroupInfo = {
    groupContext: gc,
    extensions,
    confirmationTag: await confirmationTag(suite, derived.confirmationKey, gc.confirmedTranscriptHash),
    signer: committer,
    signature: new Uint8Array(0),
  };
  if (opts.editGroupInfo) gi = opts.editGroupInfo(gi);
  const signer = tree.members.get(committer)!.signatureKeyPair.privateKey;
  gi = { ...gi, signature: await signWithLabel(suite, signer, "GroupInfoTBS", groupInfoTbsBytes(gi)) };
  if (opts.editSignedGroupInfo) gi = opts.editSignedGroupInfo(gi);

  const { key, nonce } = await welcomeKeyAndNonce(suite, member, aead);
  let groupInfoBytes = encodeGroupInfo(gi);
  if (opts.editGroupInfoBytes) groupInfoBytes = opts.editGroupInfoBytes(groupInfoBytes);
  let encryptedGroupInfo = await aead.seal(key, nonce, new Uint8Array(0), groupInfoBytes);
  if (opts.editEncryptedGroupInfo) encryptedGroupInfo = opts.editEncryptedGroupInfo(encryptedGroupInfo);

  const refs = await Promise.all(joiners.map((kp) => keyPackageRef(kp, provider)));
  const pathSecrets = joinerLeafIndices.map((l) =>
    pathSecretsByNode?.get(commonAncestor(2 * l, 2 * committer)),
  );
  const secrets = await Promise.all(
    joiners.map(async (kp, i) => {
      const gs: GroupSecrets = { joinerSecret, pathSecret: pathSecrets[i], psks: psks.map((p) => p.id) };
      const edited = opts.editGroupSecrets ? opts.editGroupSecrets(gs, i) : gs;
      const plaintext = edited instanceof Uint8Array ? edited : encode(groupSecretsCodec, edited);
      const ct = await encryptWithLabel(suite, kp.initKey, "Welcome", encryptedGroupInfo, plaintext);
      return { newMember: refs[i]!, encryptedGroupSecrets: ct };
    }),
  );
  let welcome: Welcome = { cipherSuite, secrets, encryptedGroupInfo };
  if (opts.editWelcome) welcome = opts.editWelcome(welcome);

  return {
    welcome,
    welcomeBytes: encodeWelcomeMessage(welcome),
    groupInfo: gi,
    groupContext: gc,
    ratchetTree: nodes,
    ratchetTreeBytes,
    refs,
    joinerLeafIndices,
    committer,
    members: tree.members,
    joinerSecret,
    pskSecret: psk,
    epochSecret: epoch,
    epochAuthenticator: derived.epochAuthenticator,
    pathSecrets,
  };
}
