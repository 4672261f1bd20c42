/**
 * @module ts-mls-group
 * A ts-mls 1.6.4 group (npm `ts-mls`, default crypto provider) that adds a given key package and
 * hands out the Welcome, as a peer for interop tests and benchmarks.
 *
 * The group is built the way real groups grow: a creator makes it, adds the other ts-mls members
 * in one commit (they join from that Welcome), and then the last of them — a different committer,
 * so that the tree carries the update paths of two members — commits the Add of the given package.
 * Options add what a Welcome may carry: the ratchet tree in the GroupInfo or out of band, a
 * `path_secret` (the Add commit also removes a member, which requires an UpdatePath), external and
 * resumption PSKs.
 *
 * Facts about ts-mls 1.6.4 that matter here:
 * - its ECDSA key generation (suites 2, 5, 7) writes the signature public key compressed (SEC1
 *   0x02/0x03 prefix), which RFC 9420 §5.1.1 forbids (UncompressedPointRepresentation). With
 *   `signatureKeys: "ts-mls"` the tree therefore holds non-conformant leaves in those suites;
 *   `signatureKeys: "uncompressed"` hands ts-mls the same key pair with the public half
 *   re-encoded uncompressed (node:crypto), and ts-mls signs and verifies with it as before.
 * - it checks the lifetime of every added key package against its own clock.
 */
import { ECDH } from "node:crypto";
import {
  bytesToBase64,
  type CiphersuiteImpl,
  type CiphersuiteName,
  type ClientState,
  ciphersuites,
  createCommit,
  createGroup,
  decodeMlsMessage,
  defaultCapabilities,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  type KeyPackage,
  type Lifetime,
  makePskIndex,
  mlsExporter,
  type PreSharedKeyID,
  type PrivateKeyPackage,
  type Proposal,
  type PskIndex,
} from "ts-mls";
import { encodeRatchetTree } from "ts-mls/ratchetTree.js";

/** The RFC 9420 suites (1–7) ts-mls implements. */
export const TS_MLS_SUITES: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7]);

/** Suites whose signature scheme is ECDSA, where ts-mls 1.6.4 writes compressed public keys. */
export const TS_MLS_COMPRESSED_KEY_SUITES: readonly number[] = Object.freeze([2, 5, 7]);

/** node:crypto curve names of the ECDSA suites (P-256, P-521, P-384). */
const ECDSA_CURVE: Readonly<Record<number, string>> = Object.freeze({
  2: "prime256v1",
  5: "secp521r1",
  7: "secp384r1",
});

const DAY = 86_400n;

/** An external PSK the group uses in the Add commit (RFC 9420 §8.4, psktype external). */
export interface ExternalPsk {
  readonly id: Uint8Array;
  readonly secret: Uint8Array;
}

/** What {@link tsMlsWelcome} builds. */
export interface TsMlsWelcomeOptions {
  /** RFC 9420 cipher suite, 1–7. */
  readonly cipherSuite: number;
  /** The key package to add, as MLSMessage bytes (wire format mls_key_package = 5). */
  readonly keyPackage: Uint8Array;
  /** Members after the Add, the added one included (≥ 2). Default 2. */
  readonly groupSize?: number;
  /** Where the joiner finds the ratchet tree: the GroupInfo's `ratchet_tree` extension (default) or out of band. */
  readonly ratchetTree?: "extension" | "out-of-band";
  /** The ts-mls members' signature keys: as ts-mls makes them (default) or RFC-conformant uncompressed. */
  readonly signatureKeys?: "ts-mls" | "uncompressed";
  /** The Add commit also removes a member, so it carries an UpdatePath and the Welcome a `path_secret`. */
  readonly pathSecret?: boolean;
  /** External PSKs proposed in the Add commit (the joiner needs the same secrets). */
  readonly externalPsks?: readonly ExternalPsk[];
  /** The Add commit also uses the group's resumption PSK of the previous epoch (usage application). */
  readonly resumptionPsk?: boolean;
  /** Lifetime of the ts-mls members' key packages. Default: from 1 h ago to 84 days ahead (as OpenMLS). */
  readonly lifetime?: Lifetime;
}

/** A resumption PSK used by the Add commit: its PreSharedKeyID fields and the secret. */
export interface ResumptionPsk {
  readonly groupId: Uint8Array;
  readonly epoch: bigint;
  readonly secret: Uint8Array;
}

/** A Welcome from a peer, with what the joiner must agree on once it opened it. */
export interface PeerWelcome {
  /** `"ts-mls"` or `"core-crypto"`. */
  readonly peer: string;
  readonly cipherSuite: number;
  /** The Welcome as MLSMessage bytes (wire format mls_welcome = 3). */
  readonly welcome: Uint8Array;
  /**
   * The group's ratchet tree, TLS-encoded (`optional<Node> ratchet_tree<V>`, no trailing blanks),
   * when the peer hands it out; the only source of the tree when the GroupInfo carries none.
   */
  readonly ratchetTree?: Uint8Array;
  /** Whether the GroupInfo carries a `ratchet_tree` extension. */
  readonly ratchetTreeInGroupInfo: boolean;
  readonly groupId: Uint8Array;
  /** The epoch the Welcome joins. */
  readonly epoch: bigint;
  /** Non-blank leaves after the Add, the joiner included. */
  readonly memberCount: number;
  /** The joiner's leaf index in the new tree. */
  readonly joinerLeafIndex: number;
  /** The leaf index that signed the GroupInfo (the committer). */
  readonly signerLeafIndex: number;
  /** Whether the joiner's GroupSecrets carry a `path_secret`, when the peer lets us know. */
  readonly hasPathSecret?: boolean;
}

/** A Welcome from ts-mls, with the committer's own view of the new epoch. */
export interface TsMlsWelcome extends PeerWelcome {
  readonly ratchetTree: Uint8Array;
  readonly hasPathSecret: boolean;
  /** The committer's epoch authenticator of the new epoch (RFC 9420 §8.7). */
  readonly epochAuthenticator: Uint8Array;
  /** External PSKs the commit used (as given). */
  readonly externalPsks: readonly ExternalPsk[];
  /** The resumption PSK the commit used, when asked for. */
  readonly resumptionPsk?: ResumptionPsk;
  /** The committer's MLS-Exporter (RFC 9420 §8.5) in the new epoch. */
  exporter(label: string, context: Uint8Array, length: number): Promise<Uint8Array>;
}

/**
 * The ts-mls name of a cipher suite id.
 *
 * @param cipherSuite - 1–7
 * @returns the name ts-mls uses
 * @throws Error for a suite ts-mls does not know
 * @example
 * ```ts
 * tsMlsSuiteName(1); // "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
 * ```
 */
export function tsMlsSuiteName(cipherSuite: number): CiphersuiteName {
  const entry = Object.entries(ciphersuites).find(([, id]) => id === cipherSuite);
  if (entry === undefined) throw new Error(`ts-mls has no cipher suite ${cipherSuite}`);
  return entry[0] as CiphersuiteName;
}

const impls = new Map<number, Promise<CiphersuiteImpl>>();

/**
 * ts-mls's implementation of a suite (its default crypto provider), made once per suite.
 *
 * @param cipherSuite - 1–7
 * @returns ts-mls's CiphersuiteImpl
 * @example
 * ```ts
 * const impl = await tsMlsSuite(2);
 * ```
 */
export function tsMlsSuite(cipherSuite: number): Promise<CiphersuiteImpl> {
  let impl = impls.get(cipherSuite);
  if (impl === undefined) {
    impl = getCiphersuiteImpl(getCiphersuiteFromName(tsMlsSuiteName(cipherSuite)));
    impls.set(cipherSuite, impl);
  }
  return impl;
}

/**
 * MLSMessage bytes → ts-mls KeyPackage, as ts-mls reads them.
 *
 * @param bytes - MLSMessage (wire format mls_key_package)
 * @returns ts-mls's KeyPackage
 * @throws Error unless ts-mls reads all of the bytes as a key package
 * @example
 * ```ts
 * const kp = tsMlsKeyPackage(encodeKeyPackageMessage(bundle.keyPackage));
 * ```
 */
export function tsMlsKeyPackage(bytes: Uint8Array): KeyPackage {
  const decoded = decodeMlsMessage(bytes, 0);
  if (decoded === undefined) throw new Error("ts-mls could not decode the MLSMessage");
  const [message, length] = decoded;
  if (length !== bytes.length) throw new Error(`ts-mls read ${length} of ${bytes.length} bytes`);
  if (message.wireformat !== "mls_key_package") throw new Error(`ts-mls read a ${message.wireformat}`);
  return message.keyPackage;
}

/** A ts-mls client: its published key package and private keys. */
export interface TsMlsMember {
  readonly keyPackage: KeyPackage;
  readonly privateKeys: PrivateKeyPackage;
}

/**
 * A ts-mls member's key package (basic credential, ts-mls default capabilities).
 *
 * @param cipherSuite - 1–7
 * @param identity - the basic credential's identity
 * @param opts - signature key form and lifetime, as in {@link TsMlsWelcomeOptions}
 * @returns the key package and its private keys
 * @example
 * ```ts
 * const carol = await tsMlsMember(1, "carol");
 * ```
 */
export async function tsMlsMember(
  cipherSuite: number,
  identity: string,
  opts: Pick<TsMlsWelcomeOptions, "signatureKeys" | "lifetime"> = {},
): Promise<TsMlsMember> {
  const impl = await tsMlsSuite(cipherSuite);
  const keys = await impl.signature.keygen();
  const curve = ECDSA_CURVE[cipherSuite];
  const publicKey =
    opts.signatureKeys === "uncompressed" && curve !== undefined
      ? new Uint8Array(ECDH.convertKey(keys.publicKey, curve, undefined, undefined, "uncompressed") as Buffer)
      : keys.publicKey;
  const now = BigInt(Math.floor(Date.now() / 1000));
  const generated = await generateKeyPackageWithKey(
    { credentialType: "basic", identity: new TextEncoder().encode(identity) },
    defaultCapabilities(),
    opts.lifetime ?? { notBefore: now - 3600n, notAfter: now + 84n * DAY },
    [],
    { signKey: keys.signKey, publicKey },
    impl,
  );
  return { keyPackage: generated.publicPackage, privateKeys: generated.privatePackage };
}

function leafCount(state: ClientState): number {
  return state.ratchetTree.filter((node, i) => i % 2 === 0 && node !== undefined).length;
}

function leafIndexOf(state: ClientState, encryptionKey: Uint8Array): number {
  const i = state.ratchetTree.findIndex(
    (node, n) =>
      n % 2 === 0 &&
      node?.nodeType === "leaf" &&
      bytesToBase64(node.leaf.hpkePublicKey) === bytesToBase64(encryptionKey),
  );
  if (i < 0) throw new Error("the added leaf is not in the ts-mls tree");
  return i / 2;
}

/**
 * A ts-mls group adds `keyPackage` and returns the Welcome, the tree, and the committer's view of
 * the new epoch (epoch authenticator, exporter) for the joiner to compare with.
 *
 * @param opts - see {@link TsMlsWelcomeOptions}
 * @returns the Welcome and what the joiner must agree on
 * @throws Error when ts-mls refuses the key package (ts-mls validates it fully: signatures,
 *   lifetime against its clock, capabilities)
 * @example
 * ```ts
 * const w = await tsMlsWelcome({ cipherSuite: 1, keyPackage: encodeKeyPackageMessage(bundle.keyPackage), groupSize: 5 });
 * const joined = await openWelcome({ welcome: w.welcome, provider, bundle });
 * // joined.epochAuthenticator equals w.epochAuthenticator
 * ```
 */
export async function tsMlsWelcome(opts: TsMlsWelcomeOptions): Promise<TsMlsWelcome> {
  const cs = opts.cipherSuite;
  const groupSize = opts.groupSize ?? 2;
  if (!Number.isInteger(groupSize) || groupSize < 2)
    throw new RangeError(`groupSize must be ≥ 2, got ${groupSize}`);
  const impl = await tsMlsSuite(cs);
  const joiner = tsMlsKeyPackage(opts.keyPackage);
  const memberOpts = {
    ...(opts.signatureKeys ? { signatureKeys: opts.signatureKeys } : {}),
    ...(opts.lifetime ? { lifetime: opts.lifetime } : {}),
  };

  const creator = await tsMlsMember(cs, "creator", memberOpts);
  const groupId = new TextEncoder().encode(`interop-ts-mls-${cs}-${groupSize}-${Date.now()}`);
  let committer = await createGroup(groupId, creator.keyPackage, creator.privateKeys, [], impl);

  // Everyone but the creator and the joiner; one more when a Remove must force an UpdatePath.
  const extraCount = groupSize - 2 + (opts.pathSecret === true ? 1 : 0);
  const extras: TsMlsMember[] = [];
  for (let i = 0; i < extraCount; i++) extras.push(await tsMlsMember(cs, `member-${i + 1}`, memberOpts));
  if (extras.length > 0) {
    const added = await createCommit(
      { state: committer, cipherSuite: impl },
      {
        ratchetTreeExtension: true,
        extraProposals: extras.map((m) => ({ proposalType: "add", add: { keyPackage: m.keyPackage } })),
      },
    );
    if (added.welcome === undefined) throw new Error("ts-mls produced no Welcome for its own members");
    const last = extras.at(-1)!;
    // The last member added commits the joiner's Add, unless it is the one to remove (only extra).
    committer =
      extras.length >= 2 || opts.pathSecret !== true
        ? await joinGroup(added.welcome, last.keyPackage, last.privateKeys, emptyPskIndex, impl)
        : added.newState;
  }

  const proposals: Proposal[] = [{ proposalType: "add", add: { keyPackage: joiner } }];
  // RFC 9420 §12.4.2: a Remove makes the UpdatePath mandatory; leaf 1 is the first extra member.
  if (opts.pathSecret === true) proposals.push({ proposalType: "remove", remove: { removed: 1 } });
  const externalPsks = opts.externalPsks ?? [];
  const pskByBase64: Record<string, Uint8Array> = {};
  for (const psk of externalPsks) {
    pskByBase64[bytesToBase64(psk.id)] = psk.secret;
    proposals.push({ proposalType: "psk", psk: { preSharedKeyId: externalPskId(psk.id, impl) } });
  }
  let resumptionPsk: ResumptionPsk | undefined;
  if (opts.resumptionPsk === true) {
    const epoch = committer.groupContext.epoch;
    resumptionPsk = { groupId, epoch, secret: committer.keySchedule.resumptionPsk.slice() };
    const id: PreSharedKeyID = {
      psktype: "resumption",
      usage: "application",
      pskGroupId: groupId,
      pskEpoch: epoch,
      pskNonce: impl.rng.randomBytes(impl.kdf.size),
    };
    proposals.push({ proposalType: "psk", psk: { preSharedKeyId: id } });
  }
  const pskIndex: PskIndex = makePskIndex(committer, pskByBase64);
  const inGroupInfo = (opts.ratchetTree ?? "extension") === "extension";
  const result = await createCommit(
    { state: committer, cipherSuite: impl, pskIndex },
    { ratchetTreeExtension: inGroupInfo, extraProposals: proposals },
  );
  if (result.welcome === undefined) throw new Error("ts-mls produced no Welcome");
  const state = result.newState;
  const joinerLeafIndex = leafIndexOf(state, joiner.leafNode.hpkePublicKey);
  return {
    peer: "ts-mls",
    cipherSuite: cs,
    welcome: encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: result.welcome }),
    ratchetTree: encodeRatchetTree(state.ratchetTree),
    ratchetTreeInGroupInfo: inGroupInfo,
    groupId,
    epoch: state.groupContext.epoch,
    memberCount: leafCount(state),
    joinerLeafIndex,
    signerLeafIndex: state.privatePath.leafIndex,
    hasPathSecret: opts.pathSecret === true,
    epochAuthenticator: state.keySchedule.epochAuthenticator.slice(),
    externalPsks,
    ...(resumptionPsk ? { resumptionPsk } : {}),
    exporter: (label, context, length) =>
      mlsExporter(state.keySchedule.exporterSecret, label, context, length, impl),
  };
}

function externalPskId(id: Uint8Array, impl: CiphersuiteImpl): PreSharedKeyID {
  return { psktype: "external", pskId: id, pskNonce: impl.rng.randomBytes(impl.kdf.size) };
}
