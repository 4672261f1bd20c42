/**
 * @module demo
 * The page's logic, free of DOM code: create key packages with WebCrypto, check them as a peer
 * would, keep them in IndexedDB, and take one when a Welcome names it. Every function opens the
 * store and closes it again, so each step also shows that the data outlives a connection (and a
 * page reload).
 */
import { basicCredential } from "@mlskit/credentials";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import {
  createKeyPackages,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  keyPackageRef,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { openIndexedDbKeyStore } from "@mlskit/keystore-indexeddb";

/** The IndexedDB database of the demo. */
export const DATABASE = "mlskit-example-keys";
const CIPHER_SUITE = 1; // MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519
const credential = basicCredential("alice@example.com");
const provider = createWebCryptoProvider();

/** @returns a short hex form of a ref, for display */
export function shortRef(ref: Uint8Array): string {
  return `${Array.from(ref.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("")}…`;
}

/** The provider's name (shown on the page). */
export const providerName = provider.name;

/** What {@link generate} did. */
export interface GenerateResult {
  readonly created: number;
  readonly validated: number;
  readonly publishedBytes: number;
  /** Whether the signature key pair came from the store (an earlier visit) or was new. */
  readonly signatureKey: "stored" | "new";
  readonly stored: number;
}

/**
 * Create `count` key packages, publish them as MLSMessage bytes, validate those as a peer would
 * and keep the bundles in IndexedDB. The signature key pair is kept in the store too and reused.
 */
export async function generate(count: number): Promise<GenerateResult> {
  const store = await openIndexedDbKeyStore({ name: DATABASE });
  try {
    const owner = { credential, cipherSuite: CIPHER_SUITE };
    let signatureKeyPair = await store.getSignatureKeyPair(owner);
    const signatureKey = signatureKeyPair === undefined ? "new" : "stored";
    if (signatureKeyPair === undefined) {
      signatureKeyPair = await (await provider.getCipherSuite(CIPHER_SUITE)).signature.generateKeyPair();
      await store.putSignatureKeyPair({ ...owner, signatureKeyPair });
    }
    const bundles = await createKeyPackages({
      provider,
      cipherSuite: CIPHER_SUITE,
      credential,
      signatureKeyPair,
      count,
    });
    const published = bundles.map((b) => encodeKeyPackageMessage(b.keyPackage));
    let validated = 0;
    for (const [i, bytes] of published.entries()) {
      const kp = await validateKeyPackage(decodeKeyPackageMessage(bytes), {
        provider,
        expectedCipherSuite: CIPHER_SUITE,
      });
      const ref = await keyPackageRef(kp, provider);
      if (shortRef(ref) === shortRef(bundles[i]!.ref)) validated++;
    }
    await store.putMany(bundles);
    for (const b of bundles) b.dispose();
    return {
      created: bundles.length,
      validated,
      publishedBytes: published.reduce((n, m) => n + m.length, 0),
      signatureKey,
      stored: await store.count(),
    };
  } finally {
    await store.close();
  }
}

/** @returns how many key packages the store holds (0 when the database is new) */
export async function storedCount(): Promise<number> {
  const store = await openIndexedDbKeyStore({ name: DATABASE });
  try {
    return await store.count({ validAt: new Date() });
  } finally {
    await store.close();
  }
}

/** What {@link takeForWelcome} did. */
export interface TakeResult {
  /** The ref the Welcome named, short form; undefined when the store was empty. */
  readonly ref?: string;
  /** Length of the init private key that opens the Welcome (the first take). */
  readonly initPrivateKeyBytes?: number;
  /** Whether a second take of the same ref got anything (it must not). */
  readonly secondTake: "nothing" | "got it again";
  readonly left: number;
}

/**
 * A Welcome names one of our key packages: take it (atomic, once, across tabs), then show that a
 * second take of the same ref gets nothing.
 */
export async function takeForWelcome(): Promise<TakeResult> {
  const store = await openIndexedDbKeyStore({ name: DATABASE });
  try {
    let named: Uint8Array | undefined;
    for await (const summary of store.list()) {
      named = summary.ref;
      break;
    }
    if (named === undefined) return { secondTake: "nothing", left: 0 };
    const bundle = await store.take(named);
    const initPrivateKeyBytes = bundle?.initPrivateKey.length ?? 0;
    bundle?.dispose(); // the init key opens the Welcome; then it is gone for good
    const again = await store.take(named);
    return {
      ref: shortRef(named),
      initPrivateKeyBytes,
      secondTake: again === undefined ? "nothing" : "got it again",
      left: await store.count(),
    };
  } finally {
    await store.close();
  }
}

/** Delete the demo's database. */
export function reset(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DATABASE);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("the database is open in another tab"));
  });
}
