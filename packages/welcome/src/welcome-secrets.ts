/**
 * @module welcome-secrets
 * The secret half of opening a Welcome (RFC 9420 §12.4.3.1), checks W-04 … W-10: GroupSecrets
 * decrypted with the key package's init key, the PSKs they name resolved through the
 * application's callback, and the GroupInfo decrypted with the welcome key and nonce.
 * @internal
 */
import { decode } from "@mlskit/codec";
import { type CipherSuiteImpl, decryptWithLabel } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import { fail } from "./check.js";
import { decodeGroupInfo, type GroupInfo } from "./group-info.js";
import { type GroupSecrets, groupSecretsCodec } from "./group-secrets.js";
import { welcomeKeyAndNonce } from "./key-schedule.js";
import { type PreSharedKeyId, PskType, ResumptionPskUsage } from "./pre-shared-key-id.js";
import type { ResolvedPsk } from "./psk-secret.js";
import type { EncryptedGroupSecrets, Welcome } from "./welcome.js";

/**
 * Resolves a PreSharedKeyID to its PSK (the `psk` option of `openWelcome`); `undefined` when the
 * application does not have it.
 *
 * @example
 * ```ts
 * const psk: PskResolver = (id) => (id.pskType === PskType.external ? myPsks.get(toHex(id.pskId)) : undefined);
 * ```
 */
export type PskResolver = (id: PreSharedKeyId) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** W-04, W-05: decrypt and decode our GroupSecrets (the plaintext is the caller's to zero). @internal */
export async function openGroupSecrets(
  suite: CipherSuiteImpl,
  welcome: Welcome,
  entry: EncryptedGroupSecrets,
  initPrivateKey: Uint8Array,
): Promise<{ plaintext: Uint8Array; groupSecrets: GroupSecrets }> {
  let plaintext: Uint8Array;
  try {
    // §12.4.3.1: DecryptWithLabel(init_key_priv, "Welcome", encrypted_group_info, kem_output, ciphertext)
    plaintext = await decryptWithLabel(
      suite,
      initPrivateKey,
      "Welcome",
      welcome.encryptedGroupInfo,
      entry.encryptedGroupSecrets.kemOutput,
      entry.encryptedGroupSecrets.ciphertext,
    );
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return fail("W-04", "encrypted_group_secrets does not open with the key package's init key", {}, e);
  }
  let groupSecrets: GroupSecrets;
  try {
    groupSecrets = decode(groupSecretsCodec, plaintext, "GroupSecrets");
  } catch (e) {
    plaintext.fill(0);
    if (!MlsError.is(e)) throw e;
    return fail("W-05", `GroupSecrets is malformed: ${e.message}`, { ...e.details }, e);
  }
  const nh = suite.kdf.size;
  // §8: joiner_secret and path secrets are KDF.Nh-byte secrets of the key schedule and tree.
  if (
    groupSecrets.joinerSecret.length !== nh ||
    (groupSecrets.pathSecret !== undefined && groupSecrets.pathSecret.length !== nh)
  ) {
    plaintext.fill(0);
    fail("W-05", `joiner_secret or path_secret is not KDF.Nh (${nh}) bytes`, {
      joinerSecretLength: groupSecrets.joinerSecret.length,
      pathSecretLength: groupSecrets.pathSecret?.length,
    });
  }
  return { plaintext, groupSecrets };
}

/** Whether a PSK is a resumption PSK with usage reinit or branch. @internal */
export const isReinitOrBranch = (id: PreSharedKeyId): boolean =>
  id.pskType === PskType.resumption &&
  (id.usage === ResumptionPskUsage.reinit || id.usage === ResumptionPskUsage.branch);

/** W-06 … W-08: every PSK the GroupSecrets name, resolved through the callback. */
export async function resolvePsks(
  suite: CipherSuiteImpl,
  psks: readonly PreSharedKeyId[],
  resolve: PskResolver | undefined,
): Promise<ResolvedPsk[]> {
  const nh = suite.kdf.size;
  psks.forEach((id, index) => {
    // §8.4: "the psk_nonce ... MUST be set to a fresh random value of length KDF.Nh".
    if (id.pskNonce.length !== nh) {
      fail("W-06", `psks[${index}].psk_nonce is ${id.pskNonce.length} bytes, not KDF.Nh (${nh})`, { index });
    }
    if (
      id.pskType === PskType.resumption &&
      !Object.values(ResumptionPskUsage).includes(id.usage as ResumptionPskUsage)
    ) {
      fail("W-06", `psks[${index}].usage ${id.usage} is not application, reinit or branch`, {
        index,
        usage: id.usage,
      });
    }
  });
  // §12.4.3.1: a resumption PSK with usage reinit or branch must be the only such PSK.
  if (psks.filter(isReinitOrBranch).length > 1) {
    fail("W-07", "more than one resumption PSK has usage reinit or branch");
  }
  const out: ResolvedPsk[] = [];
  for (const [index, id] of psks.entries()) {
    const psk = resolve === undefined ? undefined : await resolve(id);
    if (psk === undefined) {
      for (const r of out) r.psk.fill(0);
      fail(
        "W-08",
        `psks[${index}] (${id.pskType === PskType.external ? "external" : "resumption"}) is not available`,
        {
          index,
          pskType: id.pskType,
        },
      );
    }
    if (!(psk instanceof Uint8Array))
      throw new TypeError(`"psk" callback expected to return Uint8Array or undefined`);
    out.push({ id, psk: psk.slice() });
  }
  return out;
}

/** W-09, W-10: decrypt and decode the GroupInfo with the welcome key and nonce. @internal */
export async function openGroupInfo(
  suite: CipherSuiteImpl,
  member: Uint8Array,
  encryptedGroupInfo: Uint8Array,
): Promise<GroupInfo> {
  const aead = suite.aead;
  const { welcomeSecret, key, nonce } = await welcomeKeyAndNonce(suite, member, aead);
  welcomeSecret.fill(0);
  let plaintext: Uint8Array;
  try {
    plaintext = await aead.open(key, nonce, new Uint8Array(0), encryptedGroupInfo);
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return fail("W-09", "encrypted_group_info does not open with the welcome key and nonce", {}, e);
  } finally {
    key.fill(0);
    nonce.fill(0);
  }
  try {
    return decodeGroupInfo(plaintext);
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return fail("W-10", `GroupInfo is malformed: ${e.message}`, { ...e.details }, e);
  }
}
