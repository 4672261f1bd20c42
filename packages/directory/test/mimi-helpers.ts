/**
 * MIMI test helpers: requesting providers with their own root CA and X.509 requester credentials
 * (built with the X.509 package's test CA), and raw KeyMaterialRequest posting.
 */
import { type Credential, x509Credential } from "@mlskit/credentials";
import { MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE, type MimiDirectory } from "@mlskit/mimi";
import { type Ca, DAY, leafForKey, rootCa, san } from "@mlskit/test-kit/pki";
import { provider } from "./helpers.js";

const realNow = () => BigInt(Math.floor(Date.now() / 1000));

/** A requesting user of a peer provider, with an X.509 credential under the provider's root. */
export interface Requester {
  readonly provider: string;
  readonly requestingUser: string;
  readonly root: Ca;
  readonly credential: Credential;
  readonly signatureKeyPair: { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array };
}

/**
 * A requester `mimi://<provider>/u/<user>` whose Ed25519 (suite 1) key is certified by a fresh
 * root of the provider (or `root`), naming `uri` in its subjectAltName (default: the user's URI).
 */
export async function makeRequester(
  providerName: string,
  user: string,
  opts: {
    readonly root?: Ca;
    readonly uri?: string;
    /** The root's validity (default: from a day ago for a year). */
    readonly rootValidity?: { readonly notBefore: bigint; readonly notAfter: bigint };
    /** The end-entity certificate's validity (default: from a day ago for a year). */
    readonly validity?: { readonly notBefore: bigint; readonly notAfter: bigint };
  } = {},
): Promise<Requester> {
  const requestingUser = `mimi://${providerName}/u/${user}`;
  const root = opts.root ?? (await rootCa("Ed25519", `${providerName} root`, opts.rootValidity ?? window()));
  const signatureKeyPair = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
  const leaf = await leafForKey(root, "Ed25519", signatureKeyPair.publicKey, {
    ...(opts.validity ?? window()),
    altNames: [san.uri(opts.uri ?? requestingUser)],
  });
  return {
    provider: providerName,
    requestingUser,
    root,
    credential: x509Credential([leaf]),
    signatureKeyPair,
  };
}

function window() {
  const now = realNow();
  return { notBefore: now - DAY, notAfter: now + 365n * DAY };
}

/** POST raw bytes to the keyMaterial endpoint of `directory` for `targetUser`. */
export async function postKeyMaterial(
  base: string,
  targetUser: string,
  body: Uint8Array,
  type = MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
): Promise<{ status: number; type: string; bytes: Uint8Array; json: unknown }> {
  const directory = (await (
    await fetch(`${base}/.well-known/mimi-protocol-directory`)
  ).json()) as MimiDirectory;
  const url = directory.keyMaterial.replace("{targetUser}", encodeURIComponent(targetUser));
  const res = await fetch(url, { method: "POST", headers: { "content-type": type }, body: body as BodyInit });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const ct = res.headers.get("content-type") ?? "";
  let json: unknown;
  if (ct.startsWith("application/json")) json = JSON.parse(new TextDecoder().decode(bytes));
  return { status: res.status, type: ct, bytes, json };
}
