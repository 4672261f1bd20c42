/**
 * @module interop-helpers
 * Shared by the interop tests: our key package as a peer receives it, the RFC 9420 §8.5 exporter
 * over a joined group's epoch secret, and the comparison of a joined group with what the peer's
 * committer reports (`@mlskit/interop-peers`).
 */
import { basicCredential } from "@mlskit/credentials";
import { deriveSecret, expandWithLabel } from "@mlskit/crypto-provider";
import type { PeerWelcome } from "@mlskit/interop-peers";
import { createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import { expect } from "vitest";
import { type JoinedGroup, leafAt, leafCount } from "../src/index.js";
import { provider, signatureKeyPairFor } from "./helpers.js";

/**
 * Our key package for a peer: made now (peers check lifetimes against their clocks), listing the
 * credential types basic and x509 (core-crypto adds no package without both).
 */
export function peerBundle(cipherSuite: number): Promise<KeyPackageBundle> {
  return signatureKeyPairFor(cipherSuite).then((signatureKeyPair) =>
    createKeyPackage({
      provider,
      cipherSuite,
      credential: basicCredential(`joiner-${cipherSuite}@mlskit.example`),
      signatureKeyPair,
      capabilities: { credentials: [1, 2] },
    }),
  );
}

/** Non-blank leaves of the joined tree. */
export function memberCount(joined: JoinedGroup): number {
  let n = 0;
  for (let i = 0; i < leafCount(joined.ratchetTree); i++)
    if (leafAt(joined.ratchetTree, i) !== undefined) n++;
  return n;
}

/**
 * RFC 9420 §8.5: MLS-Exporter(Label, Context, Length) =
 * ExpandWithLabel(DeriveSecret(exporter_secret, Label), "exported", Hash(Context), Length),
 * with exporter_secret = DeriveSecret(epoch_secret, "exporter") (§8).
 */
export async function mlsExporter(
  joined: JoinedGroup,
  label: string,
  context: Uint8Array,
  length: number,
): Promise<Uint8Array> {
  const suite = await provider.getCipherSuite(joined.cipherSuite);
  const exporterSecret = await deriveSecret(suite, joined.epochSecret, "exporter");
  const derived = await deriveSecret(suite, exporterSecret, label);
  return expandWithLabel(suite, derived, "exported", await suite.hash.digest(context), length);
}

/** The joined group is the group the peer's committer is in, at the same epoch, with us where the peer put us. */
export function expectSameGroup(joined: JoinedGroup, w: PeerWelcome, bundle: KeyPackageBundle): void {
  expect(joined.cipherSuite).toBe(w.cipherSuite);
  expect(joined.groupContext.groupId).toEqual(w.groupId);
  expect(joined.groupContext.epoch).toBe(w.epoch);
  expect(joined.groupInfo.signer).toBe(w.signerLeafIndex);
  expect(joined.ownLeafIndex).toBe(w.joinerLeafIndex);
  expect(memberCount(joined)).toBe(w.memberCount);
  expect(joined.keyPackageRef).toEqual(bundle.ref);
  if (w.hasPathSecret !== undefined) expect(joined.pathSecret !== undefined).toBe(w.hasPathSecret);
}
