/**
 * @module open-welcome
 * `openWelcome`: the new member's processing of a Welcome, every step of RFC 9420 §12.4.3.1, each
 * a check of {@link WELCOME_CHECKS}. The key package is reserved in its store before anything is
 * decrypted and released on any failure, so a failed Welcome never consumes a key package; on
 * success it stays reserved until the application calls `commit()` on the result.
 *
 * Not checked here, because only the application knows: that the group id is not one of a group
 * it is already in (§12.4.3.1), and, for reinit and branch PSKs, that the old group's last Commit
 * and membership match (§12.4.3.1, last bullet).
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import type { CredentialValidator } from "@mlskit/credentials";
import { type CryptoProvider, cipherSuiteInfo, verifyWithLabel } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import { KeyPackageBundle, toEpochSeconds } from "@mlskit/key-packages";
import type { KeyPackageStore } from "@mlskit/keystore";
import { checkSameCipherSuite, constantTimeEqual, fail } from "./check.js";
import { encodeGroupContext } from "./group-context.js";
import { groupInfoTbsBytes } from "./group-info.js";
import { checkGroupInfoFields, findOwnLeaf, ratchetTreeOf } from "./group-info-checks.js";
import { JoinedGroup, type KeyPackageHold } from "./joined-group.js";
import {
  confirmationTag,
  epochSecret as deriveEpochSecret,
  deriveEpochSecrets,
  interimTranscriptHash,
  memberSecret,
} from "./key-schedule.js";
import { checkPathSecret } from "./path-secret.js";
import { pskSecret } from "./psk-secret.js";
import { leafAt, leafCount } from "./ratchet-tree.js";
import { treeHashes } from "./tree-hash.js";
import { root } from "./tree-math.js";
import { checkRatchetTreeLeaves, checkRatchetTreeStructure } from "./validate-tree.js";
import {
  decodeWelcomeMessage,
  type EncryptedGroupSecrets,
  type Welcome,
  welcomeMessageVersion,
} from "./welcome.js";
import {
  isReinitOrBranch,
  openGroupInfo,
  openGroupSecrets,
  type PskResolver,
  resolvePsks,
} from "./welcome-secrets.js";

/** Options of {@link openWelcome}. Exactly one of `store` and `bundle` is given. */
export interface OpenWelcomeOptions {
  /** The Welcome, decoded or as the bytes of an MLSMessage (wire format mls_welcome). */
  readonly welcome: Welcome | Uint8Array;
  /** Crypto provider; it must support the Welcome's cipher suite. */
  readonly provider: CryptoProvider;
  /** The key store holding our key packages: the named one is reserved, then kept reserved on success. */
  readonly store?: KeyPackageStore;
  /** Or the one key package bundle the Welcome should name. */
  readonly bundle?: KeyPackageBundle;
  /**
   * The TLS-encoded `optional<Node> ratchet_tree<V>`, when the GroupInfo carries no ratchet_tree
   * extension (obtained out of band, e.g. from the Delivery Service). Ignored when it does carry
   * one: the tree in the GroupInfo is the one the committer signed.
   */
  readonly ratchetTree?: Uint8Array;
  /**
   * Resolves a PreSharedKeyID the GroupSecrets name to the PSK (external PSKs, and resumption PSKs
   * when the application keeps them). `undefined` means "not available" (check W-08).
   */
  readonly psk?: PskResolver;
  /** The time to judge leaf lifetimes at (seconds since the epoch, or a Date). Default: now. */
  readonly now?: bigint | Date;
  /** Authentication Service hook, called for every leaf's credential (check W-35). */
  readonly credentialValidator?: CredentialValidator;
  /** How long the store reservation holds the package if neither committed nor released (default: the store's, 300 s). */
  readonly leaseSeconds?: number;
}

const NO_HOLD: KeyPackageHold = Object.freeze({
  commit: async () => {},
  release: async () => {},
});

function checkOptions(opts: OpenWelcomeOptions): void {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  if (typeof opts.provider?.getCipherSuite !== "function") {
    throw new TypeError(`"provider" expected a CryptoProvider`);
  }
  if ((opts.store === undefined) === (opts.bundle === undefined)) {
    throw new TypeError(`exactly one of "store" and "bundle" is required`);
  }
  if (opts.bundle !== undefined && !(opts.bundle instanceof KeyPackageBundle)) {
    throw new TypeError(`"bundle" expected a KeyPackageBundle`);
  }
  if (opts.store !== undefined && typeof (opts.store as Partial<KeyPackageStore>).reserve !== "function") {
    throw new TypeError(`"store" expected a KeyPackageStore with reserve()`);
  }
  if (opts.ratchetTree !== undefined && !(opts.ratchetTree instanceof Uint8Array)) {
    throw new TypeError(`"ratchetTree" expected Uint8Array`);
  }
  if (opts.psk !== undefined && typeof opts.psk !== "function")
    throw new TypeError(`"psk" expected a function`);
  const w = opts.welcome;
  if (!(w instanceof Uint8Array) && (typeof w !== "object" || w === null || !Array.isArray(w.secrets))) {
    throw new TypeError(`"welcome" expected a Welcome or the bytes of an MLSMessage`);
  }
}

/** W-01, W-02: the entry of `secrets` for one of our key packages, reserved when from a store. */
async function findOurEntry(
  welcome: Welcome,
  opts: OpenWelcomeOptions,
): Promise<{ entry: EncryptedGroupSecrets; bundle: KeyPackageBundle; hold: KeyPackageHold }> {
  const refs = welcome.secrets.length;
  if (opts.bundle !== undefined) {
    const bundle = opts.bundle;
    const entry = welcome.secrets.find((s) => bytesEqual(s.newMember, bundle.ref));
    if (entry === undefined) {
      fail("W-01", `none of the Welcome's ${refs} new_member refs is the bundle's key package`, { refs });
    }
    // The bundle's private keys are gone: the package was consumed by an earlier join (or dropped).
    if (bundle.disposed) fail("W-02", "the key package bundle the Welcome names was disposed");
    return { entry, bundle, hold: NO_HOLD };
  }
  const store = opts.store as KeyPackageStore;
  const leaseOpts = opts.leaseSeconds === undefined ? undefined : { leaseSeconds: opts.leaseSeconds };
  for (const entry of welcome.secrets) {
    const reservation = await store.reserve(entry.newMember, leaseOpts);
    if (reservation !== undefined) return { entry, bundle: reservation.bundle, hold: reservation };
  }
  // None could be reserved: ours but reserved or consumed (W-02), or not ours at all (W-01). The
  // probe reads only the store's tombstones and leases; a store without `status` (one written
  // before it existed) cannot tell, and gets W-01.
  if (typeof store.status === "function") {
    for (const entry of welcome.secrets) {
      const status = await store.status(entry.newMember);
      if (status !== "reserved" && status !== "consumed") continue;
      const ref = toHex(entry.newMember);
      fail(
        "W-02",
        status === "reserved"
          ? `the key package ${ref} the Welcome names is reserved by another open in progress`
          : `the key package ${ref} the Welcome names was already consumed`,
        { ref, status },
      );
    }
  }
  return fail("W-01", `the store holds none of the Welcome's ${refs} new_member refs`, { refs });
}

/**
 * Open a Welcome and join its group, verifying everything RFC 9420 §12.4.3.1 asks of a new
 * member (checks W-01 … W-37 of docs/validation-matrix.md).
 *
 * With a `store`, the key package the Welcome names is reserved first (`KeyPackageStore.reserve`)
 * and released again if anything fails, so a broken or hostile Welcome never consumes it. On
 * success it stays reserved: call `commit()` on the result once the group state is saved (or
 * `release()`); a crash in between leaves a lease that expires. With a `bundle`, nothing is
 * stored or consumed.
 *
 * @param opts - the Welcome, the provider, the store or bundle, and optional tree, PSKs, clock,
 *   credential validator and lease
 * @returns the joined group, its key package still reserved
 * @throws ValidationError with the failing check's code and `details.check` (`W-nn`)
 * @throws CodecError when `welcome` is bytes that are not a Welcome MLSMessage
 * @throws CryptoError when the provider does not support the cipher suite, or fails itself
 * @throws StorageError from the store
 * @throws TypeError for malformed options
 * @example
 * ```ts
 * const joined = await openWelcome({ welcome: welcomeBytes, provider: nobleCryptoProvider, store });
 * console.log(joined.groupContext.epoch, joined.ownLeafIndex, toHex(joined.epochAuthenticator));
 * await saveGroup(joined);
 * await joined.commit();
 * ```
 */
export async function openWelcome(opts: OpenWelcomeOptions): Promise<JoinedGroup> {
  checkOptions(opts);
  const welcome = opts.welcome instanceof Uint8Array ? decodeWelcomeMessage(opts.welcome) : opts.welcome;
  const now = toEpochSeconds(opts.now);
  const { entry, bundle, hold } = await findOurEntry(welcome, opts);
  try {
    return await join(opts, welcome, entry, bundle, hold, now);
  } catch (e) {
    // A failed Welcome never consumes the key package. If the release itself fails (the store went
    // away), the reservation's lease expires and the package comes back then.
    await hold.release().catch(() => {});
    if (opts.store !== undefined) bundle.dispose();
    throw e;
  }
}

async function join(
  opts: OpenWelcomeOptions,
  welcome: Welcome,
  entry: EncryptedGroupSecrets,
  bundle: KeyPackageBundle,
  hold: KeyPackageHold,
  now: bigint,
): Promise<JoinedGroup> {
  const kp = bundle.keyPackage;
  // §12.4.3.1: "if the cipher suite indicated in the KeyPackage does not match the one in the Welcome message, return an error".
  checkSameCipherSuite("W-03", "the Welcome's", welcome.cipherSuite, kp.cipherSuite);
  const suite = await opts.provider.getCipherSuite(kp.cipherSuite);
  const { plaintext, groupSecrets } = await openGroupSecrets(suite, welcome, entry, bundle.initPrivateKey);
  const joinerSecret = groupSecrets.joinerSecret.slice();
  const pathSecret = groupSecrets.pathSecret?.slice();
  // The plaintext holds the PSK ids too (views of it): zeroed once they are used.
  const secrets: Uint8Array[] = [plaintext, joinerSecret, ...(pathSecret === undefined ? [] : [pathSecret])];
  try {
    const psks = await resolvePsks(suite, groupSecrets.psks, opts.psk);
    const psk = await pskSecret(suite, psks);
    for (const p of psks) p.psk.fill(0);
    plaintext.fill(0);
    secrets.push(psk);
    const member = await memberSecret(suite, joinerSecret, psk);
    secrets.push(member);
    const gi = await openGroupInfo(suite, member, welcome.encryptedGroupInfo);
    const gc = gi.groupContext;
    const requiredCapabilities = checkGroupInfoFields(gi, bundle, welcomeMessageVersion(welcome));

    const epoch = await deriveEpochSecret(suite, member, encodeGroupContext(gc));
    secrets.push(epoch);
    const derived = await deriveEpochSecrets(suite, epoch);
    const tag = await confirmationTag(suite, derived.confirmationKey, gc.confirmedTranscriptHash);
    const epochAuthenticator = derived.epochAuthenticator.slice();
    for (const s of Object.values(derived)) s.fill(0);
    if (!constantTimeEqual(tag, gi.confirmationTag)) {
      fail("W-16", "confirmation_tag is not MAC(confirmation_key, confirmed_transcript_hash)");
    }
    // §12.4.3.1: with a reinit or branch resumption PSK, the new group starts at epoch 1.
    if (groupSecrets.psks.some(isReinitOrBranch) && gc.epoch !== 1n) {
      fail("W-17", `a reinit or branch PSK is used but the epoch is ${gc.epoch}, not 1`, { epoch: gc.epoch });
    }

    const tree = ratchetTreeOf(gi, opts.ratchetTree);
    const hashes = await treeHashes(suite, tree);
    if (!bytesEqual(hashes[root(hashes.length)]!, gc.treeHash)) {
      fail("W-20", "the tree hash of the ratchet tree differs from GroupContext.tree_hash");
    }
    const treeInput = {
      suite,
      info: cipherSuiteInfo(kp.cipherSuite),
      tree,
      hashes,
      groupId: gc.groupId,
      requiredCapabilities,
      now,
      credentialValidator: opts.credentialValidator,
    };
    await checkRatchetTreeStructure(treeInput);
    const signerLeaf = gi.signer < leafCount(tree) ? leafAt(tree, gi.signer) : undefined;
    if (signerLeaf === undefined) {
      fail("W-31", `GroupInfo.signer ${gi.signer} is not a non-blank leaf of the tree`, {
        signer: gi.signer,
      });
    }
    const signed = await verifyWithLabel(
      suite,
      signerLeaf.signatureKey,
      "GroupInfoTBS",
      groupInfoTbsBytes(gi),
      gi.signature,
    ).catch((e: unknown) => {
      if (MlsError.is(e)) return false;
      throw e;
    });
    if (!signed)
      fail("W-32", `the GroupInfo signature does not verify with leaf ${gi.signer}'s key`, {
        signer: gi.signer,
      });

    await checkRatchetTreeLeaves(treeInput);
    const ownLeafIndex = findOwnLeaf(tree, bundle);
    if (pathSecret !== undefined) await checkPathSecret(suite, tree, ownLeafIndex, gi.signer, pathSecret);
    member.fill(0);
    return new JoinedGroup({
      keyPackageRef: entry.newMember.slice(),
      bundle,
      groupInfo: gi,
      ratchetTree: tree,
      ownLeafIndex,
      joinerSecret,
      pathSecret,
      pskSecret: psk,
      epochSecret: epoch,
      epochAuthenticator,
      interimTranscriptHash: await interimTranscriptHash(
        suite,
        gc.confirmedTranscriptHash,
        gi.confirmationTag,
      ),
      hold,
    });
  } catch (e) {
    for (const s of secrets) s.fill(0);
    throw e;
  }
}
