/**
 * @module key-schedule
 * The part of the RFC 9420 §8 key schedule a new member runs: from `joiner_secret` and
 * `psk_secret` to `welcome_secret` (and the welcome key and nonce, §12.4.3.1), to `epoch_secret`
 * and the secrets derived from it, the confirmation tag MAC (§6.1) and the interim transcript hash
 * (§8.2).
 */
import { Writer } from "@mlskit/codec";
import { type CipherSuiteImpl, deriveSecret, expandWithLabel } from "@mlskit/crypto-provider";

/**
 * The labels of the epoch-derived secrets (RFC 9420 §8, "Epoch-Derived Secrets"), by the
 * camelCase name of the secret, and `init` for the next epoch's init secret.
 *
 * @example
 * ```ts
 * EpochSecretLabel.epochAuthenticator; // "authentication"
 * ```
 */
export const EpochSecretLabel = Object.freeze({
  senderDataSecret: "sender data",
  encryptionSecret: "encryption",
  exporterSecret: "exporter",
  externalSecret: "external",
  confirmationKey: "confirm",
  membershipKey: "membership",
  resumptionPsk: "resumption",
  epochAuthenticator: "authentication",
  initSecret: "init",
} as const);
/** The name of one epoch-derived secret. */
export type EpochSecretName = keyof typeof EpochSecretLabel;

/** Every epoch-derived secret of one epoch, by name. */
export type EpochSecrets = { readonly [K in EpochSecretName]: Uint8Array };

/**
 * The intermediate secret after `joiner_secret` and the PSKs: `KDF.Extract(joiner_secret,
 * psk_secret)` — the salt comes from the top of the §8 diagram, the IKM from the left.
 *
 * @param suite - the group's cipher suite
 * @param joinerSecret - from the GroupSecrets
 * @param pskSecret - §8.4 (all zeros without PSKs)
 * @returns the secret from which `welcome_secret` and `epoch_secret` are derived
 * @example
 * ```ts
 * const member = await memberSecret(suite, joinerSecret, pskSecret);
 * ```
 */
export function memberSecret(
  suite: CipherSuiteImpl,
  joinerSecret: Uint8Array,
  pskSecret: Uint8Array,
): Promise<Uint8Array> {
  return suite.kdf.extract(joinerSecret, pskSecret);
}

/**
 * `welcome_secret = DeriveSecret(member_secret, "welcome")` and from it (§12.4.3.1)
 * `welcome_key = ExpandWithLabel(welcome_secret, "key", "", AEAD.Nk)` and
 * `welcome_nonce = ExpandWithLabel(welcome_secret, "nonce", "", AEAD.Nn)`.
 *
 * @param suite - the group's cipher suite
 * @param member - {@link memberSecret}
 * @param aead - the AEAD's key and nonce sizes (from the suite registry)
 * @returns the welcome secret, key and nonce
 * @example
 * ```ts
 * const { key, nonce } = await welcomeKeyAndNonce(suite, member, { keySize: 16, nonceSize: 12 });
 * ```
 */
export async function welcomeKeyAndNonce(
  suite: CipherSuiteImpl,
  member: Uint8Array,
  aead: { readonly keySize: number; readonly nonceSize: number },
): Promise<{ welcomeSecret: Uint8Array; key: Uint8Array; nonce: Uint8Array }> {
  const welcomeSecret = await deriveSecret(suite, member, "welcome");
  const empty = new Uint8Array(0);
  const [key, nonce] = await Promise.all([
    expandWithLabel(suite, welcomeSecret, "key", empty, aead.keySize),
    expandWithLabel(suite, welcomeSecret, "nonce", empty, aead.nonceSize),
  ]);
  return { welcomeSecret, key, nonce };
}

/**
 * `epoch_secret = ExpandWithLabel(member_secret, "epoch", GroupContext, KDF.Nh)` (§8).
 *
 * @param suite - the group's cipher suite
 * @param member - {@link memberSecret}
 * @param groupContext - the encoded GroupContext of the epoch
 * @returns the epoch secret
 * @example
 * ```ts
 * const epoch = await epochSecret(suite, member, encodeGroupContext(gc));
 * ```
 */
export function epochSecret(
  suite: CipherSuiteImpl,
  member: Uint8Array,
  groupContext: Uint8Array,
): Promise<Uint8Array> {
  return expandWithLabel(suite, member, "epoch", groupContext, suite.kdf.size);
}

/**
 * Every epoch-derived secret: `DeriveSecret(epoch_secret, <label>)` for each label of
 * {@link EpochSecretLabel}.
 *
 * @param suite - the group's cipher suite
 * @param epoch - the epoch secret
 * @returns the derived secrets by name
 * @example
 * ```ts
 * const { confirmationKey, epochAuthenticator } = await deriveEpochSecrets(suite, epoch);
 * ```
 */
export async function deriveEpochSecrets(suite: CipherSuiteImpl, epoch: Uint8Array): Promise<EpochSecrets> {
  const names = Object.keys(EpochSecretLabel) as EpochSecretName[];
  const values = await Promise.all(names.map((n) => deriveSecret(suite, epoch, EpochSecretLabel[n])));
  return Object.fromEntries(names.map((n, i) => [n, values[i]!])) as unknown as EpochSecrets;
}

/**
 * `confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)` (RFC 9420 §6.1). Every
 * MLS cipher suite's MAC is HMAC with its hash (§17.1), and HKDF-Extract(salt, IKM) is
 * HMAC-Hash(salt, IKM) (RFC 5869 §2.2), so the suite's KDF computes it.
 *
 * @param suite - the group's cipher suite
 * @param confirmationKey - the epoch's confirmation key
 * @param confirmedTranscriptHash - from the GroupContext
 * @returns the MAC
 * @example
 * ```ts
 * const tag = await confirmationTag(suite, secrets.confirmationKey, gc.confirmedTranscriptHash);
 * ```
 */
export function confirmationTag(
  suite: CipherSuiteImpl,
  confirmationKey: Uint8Array,
  confirmedTranscriptHash: Uint8Array,
): Promise<Uint8Array> {
  return suite.kdf.extract(confirmationKey, confirmedTranscriptHash);
}

/**
 * `interim_transcript_hash = Hash(confirmed_transcript_hash ‖ InterimTranscriptHashInput)` with
 * `struct { MAC confirmation_tag; } InterimTranscriptHashInput` (RFC 9420 §8.2): what a new member
 * computes from the GroupInfo (§12.4.3.1) to process the next Commit.
 *
 * @param suite - the group's cipher suite
 * @param confirmedTranscriptHash - from the GroupContext
 * @param confirmationTag - from the GroupInfo
 * @returns the interim transcript hash
 * @example
 * ```ts
 * const interim = await interimTranscriptHash(suite, gc.confirmedTranscriptHash, gi.confirmationTag);
 * ```
 */
export function interimTranscriptHash(
  suite: CipherSuiteImpl,
  confirmedTranscriptHash: Uint8Array,
  confirmationTag: Uint8Array,
): Promise<Uint8Array> {
  const w = new Writer(confirmedTranscriptHash.length + confirmationTag.length + 4);
  w.bytes(confirmedTranscriptHash);
  w.withLength(() => w.bytes(confirmationTag));
  return suite.hash.digest(w.finish());
}
