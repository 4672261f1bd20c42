/**
 * @module ts-mls-helpers
 * Glue for the interop tests against ts-mls 1.6.4 (npm `ts-mls`): suite lookup, moving key
 * packages between the two libraries as MLSMessage bytes (the only thing the two share), a ts-mls
 * group that commits an Add of a given key package, and a parser of the Welcome written with
 * `@mlskit/codec` so that our side reads it without ts-mls.
 */
import { bytesEqual, type Codec, decode, opaque, optional, struct, uint16, vector } from "@mlskit/codec";
import { type CryptoProvider, decryptWithLabel } from "@mlskit/crypto-provider";
import { tsMlsSuite as tsImpl, tsMlsKeyPackage as tsKeyPackageFromBytes } from "@mlskit/interop-peers";
import {
  type CiphersuiteImpl,
  type ClientState,
  type Credential,
  createCommit,
  createGroup,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  type KeyPackage as TsKeyPackage,
  type Welcome as TsWelcome,
} from "ts-mls";
import { expect } from "vitest";
import {
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  type KeyPackageBundle,
  type UnverifiedKeyPackage,
} from "../src/index.js";

// Suite lookup and reading key packages in ts-mls are the interop peers' (one place for both).
export {
  tsMlsKeyPackage as tsKeyPackageFromBytes,
  tsMlsSuite as tsImpl,
  tsMlsSuiteName as tsSuiteName,
} from "@mlskit/interop-peers";

/** The RFC 9420 suites (1–7) exercised against ts-mls. */
export const TS_MLS_SUITES = [1, 2, 3, 4, 5, 6, 7] as const;

/** Suites whose signature scheme is ECDSA (P-256, P-521, P-384). */
export const ECDSA_SUITES: readonly number[] = [2, 5, 7];

/**
 * A ts-mls basic credential.
 * @example
 * ```ts
 * tsBasicCredential("bob");
 * ```
 */
export function tsBasicCredential(identity: string): Credential {
  return { credentialType: "basic", identity: new TextEncoder().encode(identity) };
}

/**
 * ts-mls KeyPackage → MLSMessage bytes (wire format mls_key_package) as ts-mls writes them.
 * @example
 * ```ts
 * const bytes = tsKeyPackageToBytes(generated.publicPackage);
 * ```
 */
export function tsKeyPackageToBytes(kp: TsKeyPackage): Uint8Array {
  return encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: kp });
}

/**
 * Our package as ts-mls decodes it.
 * @example
 * ```ts
 * const tsKp = ourToTs(bundle.keyPackage);
 * ```
 */
export function ourToTs(kp: UnverifiedKeyPackage): TsKeyPackage {
  return tsKeyPackageFromBytes(encodeKeyPackageMessage(kp));
}

/**
 * A ts-mls package as we decode it.
 * @example
 * ```ts
 * const kp = tsToOur(generated.publicPackage);
 * ```
 */
export function tsToOur(kp: TsKeyPackage): UnverifiedKeyPackage {
  return decodeKeyPackageMessage(tsKeyPackageToBytes(kp));
}

/** A ts-mls group of one member (its own default key package) after it committed an Add. */
export interface TsGroupAfterAdd {
  readonly impl: CiphersuiteImpl;
  /** The committer's state after the commit (epoch 1). */
  readonly creator: ClientState;
  /** The Welcome object ts-mls returned. */
  readonly welcome: TsWelcome;
  /** The same Welcome as MLSMessage bytes (wire format mls_welcome = 3). */
  readonly welcomeBytes: Uint8Array;
}

/**
 * ts-mls creates a group with a default key package of its own and commits an Add of `kp`
 * (full ts-mls proposal validation: signatures, lifetime against the clock, uniqueness).
 * @example
 * ```ts
 * const { welcomeBytes } = await tsGroupAdding(1, ourToTs(bundle.keyPackage));
 * ```
 */
export async function tsGroupAdding(cs: number, kp: TsKeyPackage): Promise<TsGroupAfterAdd> {
  const impl = await tsImpl(cs);
  const alice = await generateKeyPackage(
    tsBasicCredential("alice"),
    defaultCapabilities(),
    defaultLifetime,
    [],
    impl,
  );
  const group = await createGroup(
    new TextEncoder().encode(`mlskit-interop-${cs}`),
    alice.publicPackage,
    alice.privatePackage,
    [],
    impl,
  );
  const result = await createCommit(
    { state: group, cipherSuite: impl },
    { extraProposals: [{ proposalType: "add", add: { keyPackage: kp } }] },
  );
  if (result.welcome === undefined) throw new Error("ts-mls produced no Welcome");
  const welcomeBytes = encodeMlsMessage({
    version: "mls10",
    wireformat: "mls_welcome",
    welcome: result.welcome,
  });
  return { impl, creator: result.newState, welcome: result.welcome, welcomeBytes };
}

/** RFC 9420 §12.4.3.1 Welcome inside an MLSMessage, as our codec reads it. */
export interface ParsedWelcomeMessage {
  readonly version: number;
  readonly wireFormat: number;
  readonly cipherSuite: number;
  readonly secrets: readonly {
    readonly newMember: Uint8Array;
    readonly encryptedGroupSecrets: { readonly kemOutput: Uint8Array; readonly ciphertext: Uint8Array };
  }[];
  readonly encryptedGroupInfo: Uint8Array;
}

/**
 * ```tls
 * struct { ProtocolVersion version; WireFormat wire_format; Welcome welcome; } MLSMessage;
 * struct { CipherSuite cipher_suite; EncryptedGroupSecrets secrets<V>; opaque encrypted_group_info<V>; } Welcome;
 * struct { opaque new_member<V>; HPKECiphertext encrypted_group_secrets; } EncryptedGroupSecrets;
 * struct { opaque kem_output<V>; opaque ciphertext<V>; } HPKECiphertext;
 * ```
 */
export const welcomeMessageCodec: Codec<ParsedWelcomeMessage> = struct({
  version: uint16,
  wireFormat: uint16,
  cipherSuite: uint16,
  secrets: vector(
    struct({
      newMember: opaque,
      encryptedGroupSecrets: struct({ kemOutput: opaque, ciphertext: opaque }),
    }),
  ),
  encryptedGroupInfo: opaque,
});

/**
 * ```tls
 * struct { opaque joiner_secret<V>; optional<PathSecret> path_secret; PreSharedKeyID psks<V>; } GroupSecrets;
 * struct { opaque path_secret<V>; } PathSecret;
 * ```
 * `psks` is kept as its raw vector body (a `<V>` vector and an `opaque<V>` share one wire form).
 */
export const groupSecretsCodec = struct({
  joinerSecret: opaque,
  pathSecret: optional(opaque),
  psks: opaque,
});

/**
 * Parse an MLSMessage carrying a Welcome with `@mlskit/codec` (strict: no trailing bytes).
 * @example
 * ```ts
 * const w = parseWelcomeMessage(welcomeBytes);
 * ```
 */
export function parseWelcomeMessage(bytes: Uint8Array): ParsedWelcomeMessage {
  return decode(welcomeMessageCodec, bytes);
}

/**
 * Open with our init private key the GroupSecrets that a Welcome holds for our key package
 * (DecryptWithLabel "Welcome"): the Welcome must have an entry for the bundle's ref, and the
 * joiner secret the suite's KDF size.
 * @example
 * ```ts
 * const secrets = await openOurGroupSecrets(provider, cs, parseWelcomeMessage(welcomeBytes), bundle);
 * ```
 */
export async function openOurGroupSecrets(
  provider: CryptoProvider,
  cipherSuite: number,
  welcome: ParsedWelcomeMessage,
  bundle: KeyPackageBundle,
) {
  const entry = welcome.secrets.find((s) => bytesEqual(s.newMember, bundle.ref));
  expect(entry).toBeDefined();
  const suite = await provider.getCipherSuite(cipherSuite);
  const plaintext = await decryptWithLabel(
    suite,
    bundle.initPrivateKey,
    "Welcome",
    welcome.encryptedGroupInfo,
    entry!.encryptedGroupSecrets.kemOutput,
    entry!.encryptedGroupSecrets.ciphertext,
  );
  const secrets = decode(groupSecretsCodec, plaintext);
  expect(secrets.joinerSecret.length).toBe(suite.kdf.size);
  return secrets;
}
