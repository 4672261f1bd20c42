// The README example, verbatim after the marker (readme.browser.test.ts checks and runs it).
// --- README ---
import { basicCredential } from "@mlskit/credentials";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { createKeyPackages, encodeKeyPackageMessage } from "@mlskit/key-packages";
import { openIndexedDbKeyStore } from "@mlskit/keystore-indexeddb";

// A 32-byte key for encryption at rest, derived from the user's passphrase (never stored).
async function keyFromPassphrase(passphrase: string): Promise<Uint8Array> {
  let salt = localStorage.getItem("mlskit-salt"); // not secret, but must stay the same
  if (salt === null) {
    salt = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    localStorage.setItem("mlskit-salt", salt);
  }
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(passphrase),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      iterations: 600_000,
      salt: Uint8Array.from(atob(salt), (c) => c.charCodeAt(0)),
    },
    material,
    256,
  );
  return new Uint8Array(bits);
}

// Ask the browser not to evict this origin's data under storage pressure (it may say no).
await navigator.storage?.persist?.();

const provider = createWebCryptoProvider();
const credential = basicCredential("alice@example.com");
const store = await openIndexedDbKeyStore({
  name: "alice-keys",
  encryptionKey: await keyFromPassphrase("correct horse battery staple"),
});

// The signature key pair is made once and kept in the store with the key packages.
let signatureKeyPair = await store.getSignatureKeyPair({ credential, cipherSuite: 1 });
if (signatureKeyPair === undefined) {
  const suite = await provider.getCipherSuite(1);
  signatureKeyPair = await suite.signature.generateKeyPair();
  await store.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair });
}

// Keep 20 usable key packages: store the private halves, then publish the public ones.
const usable = await store.count({ validAt: new Date(), cipherSuite: 1, lastResort: false });
const bundles = await createKeyPackages({
  provider,
  cipherSuite: 1,
  credential,
  signatureKeyPair,
  count: Math.max(0, 20 - usable),
});
await store.putMany(bundles);
const toPublish = bundles.map((b) => encodeKeyPackageMessage(b.keyPackage)); // e.g. POST to a directory

// When a Welcome names one of them (by its KeyPackageRef), take it: it is gone for every tab,
// and another tab's take of the same ref gets undefined.
const [named] = bundles;
if (named !== undefined) {
  const bundle = await store.take(named.ref);
  console.log(toPublish.length, bundle?.initPrivateKey.length, await store.count()); // 20 32 19
}

await store.pruneExpired();
await store.close();
