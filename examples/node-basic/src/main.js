#!/usr/bin/env node
// @ts-check
/**
 * @module main
 * The life of MLS key packages in one Node process, on the published (built) packages:
 *
 * 1. Alice creates key packages (and one last-resort package) with the WebCrypto provider.
 * 2. She publishes them as bytes: MLSMessage, wire format mls_key_package (5).
 * 3. A peer decodes and validates each one as it would after downloading it, and computes its
 *    KeyPackageRef; a tampered copy is rejected with a stable error code.
 * 4. Alice keeps the bundles (private keys) in a store: SQLite (default) or memory.
 * 5. A Welcome names one of her packages by ref: she takes it from the store, exactly once; a
 *    second take gets nothing. A last-resort package is returned and kept.
 *
 * Usage: node src/main.js [--store sqlite|memory] [--db FILE] [--count N] [--identity ID]
 * (`--db` keeps the SQLite file; by default it lives in a temporary folder removed at the end).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { basicCredential } from "@mlskit/credentials";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import {
  createKeyPackage,
  createKeyPackages,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "@mlskit/key-packages";

const { values: args } = parseArgs({
  options: {
    store: { type: "string", default: "sqlite" },
    db: { type: "string" },
    count: { type: "string", default: "5" },
    identity: { type: "string", default: "alice@example.com" },
  },
});
const count = Number(args.count);
if (!Number.isInteger(count) || count < 1 || count > 1000) throw new RangeError("--count expects 1..1000");
if (args.store !== "sqlite" && args.store !== "memory")
  throw new RangeError("--store expects sqlite or memory");

/** @param {Uint8Array} bytes @returns {string} */
const hex = (bytes) => Buffer.from(bytes).toString("hex");
/** @param {Uint8Array} ref @returns {string} a short form of a ref for the log */
const short = (ref) => `${hex(ref).slice(0, 16)}…`;

const cipherSuite = 1; // MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519
const provider = createWebCryptoProvider();
console.log(`provider: ${provider.name}, cipher suite ${cipherSuite}`);

// 1. Create. The signature key pair is the client's long-term identity key: it signs the
//    packages but is never part of a bundle (keep it in the store's signature key slot, or elsewhere).
const credential = basicCredential(args.identity);
const signatureKeyPair = await (await provider.getCipherSuite(cipherSuite)).signature.generateKeyPair();
const bundles = await createKeyPackages({ provider, cipherSuite, credential, signatureKeyPair, count });
const lastResort = await createKeyPackage({
  provider,
  cipherSuite,
  credential,
  signatureKeyPair,
  lastResort: true,
});
console.log(`created: ${bundles.length} key packages + 1 last resort for ${args.identity}`);

// 2. Publish: these bytes are what goes to the directory / Delivery Service.
const published = [...bundles, lastResort].map((b) => encodeKeyPackageMessage(b.keyPackage));
const sizes = published.map((m) => m.length);
console.log(`published: ${published.length} MLSMessages, ${Math.min(...sizes)}-${Math.max(...sizes)} bytes`);

// 3. A peer downloads, decodes and validates them (signatures, lifetime, capabilities, keys...).
let valid = 0;
for (const [i, bytes] of published.entries()) {
  const kp = await validateKeyPackage(decodeKeyPackageMessage(bytes), {
    provider,
    expectedCipherSuite: cipherSuite,
  });
  const ref = await keyPackageRef(kp, provider);
  const mine = i < bundles.length ? bundles[i] : lastResort;
  if (mine === undefined || hex(ref) !== hex(mine.ref)) throw new Error(`ref mismatch for package ${i}`);
  valid++;
}
console.log(`validated: ${valid}/${published.length} by the peer, refs match`);

const tampered = Uint8Array.from(published[0] ?? []);
tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0x01; // a bit of the signature
try {
  await validateKeyPackage(decodeKeyPackageMessage(tampered), { provider });
  throw new Error("a tampered key package validated");
} catch (e) {
  const err = /** @type {{ name?: string, code?: string }} */ (e);
  if (err.code === undefined) throw e;
  console.log(`tampered: rejected with ${err.name} ${err.code}`);
}

// 4. Keep the private keys. SQLite for a real Node app; memory for tests and ephemeral clients.
const tmp = args.store === "sqlite" && args.db === undefined ? mkdtempSync(join(tmpdir(), "mlskit-")) : "";
let store;
if (args.store === "sqlite") {
  const { openSqliteKeyStore } = await import("@mlskit/keystore-sqlite");
  const path = args.db ?? join(tmp, "alice.db");
  store = await openSqliteKeyStore({ path });
  console.log(`store: sqlite (${args.db === undefined ? "temporary file" : path})`);
} else {
  const { createMemoryKeyStore } = await import("@mlskit/keystore-memory");
  store = await createMemoryKeyStore();
  console.log("store: memory");
}
try {
  await store.putMany([...bundles, lastResort]);
  await store.putSignatureKeyPair({ credential, cipherSuite, signatureKeyPair });
  for (const b of [...bundles, lastResort]) b.dispose(); // the store has its own copies
  console.log(
    `stored: ${await store.count()} bundles, ${await store.count({ validAt: new Date() })} valid now`,
  );

  // 5. A Welcome arrives naming one of our packages (its KeyPackageRef in new_member).
  const named = bundles[0]?.ref ?? lastResort.ref;
  const taken = await store.take(named);
  if (taken === undefined) throw new Error("the named package was not in the store");
  console.log(
    `welcome: took ${short(named)} (init private key ${taken.initPrivateKey.length} bytes), ${await store.count()} left`,
  );
  taken.dispose(); // use initPrivateKey to open the Welcome, then forget it
  const again = await store.take(named);
  console.log(`second take: ${again === undefined ? "nothing (taken once)" : "GOT IT AGAIN"}`);

  const lr1 = await store.take(lastResort.ref);
  const lr2 = await store.take(lastResort.ref);
  console.log(
    `last resort: taken twice, ${lr1 !== undefined && lr2 !== undefined ? "kept" : "LOST"}, ${await store.count()} left`,
  );
} finally {
  await store.close();
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
}
console.log("done");
