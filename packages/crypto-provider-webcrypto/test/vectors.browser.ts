/**
 * @module vectors.browser
 * The official vectors for the Chromium tests, without Node APIs: `mls-vectors` is a Vite alias
 * (root vitest.config.ts) for the folder `@mlskit/test-vectors` reads (`MLS_VECTORS_DIR`, default
 * `../shared/vectors/mls`), so both kinds of test read the same files through the same rule. The
 * known answers kept in the repository (`tools/vectors/kat`) are imported by relative path.
 */
import type { AeadVector, CryptoBasicsVector } from "@mlskit/crypto-provider/testing";
import cryptoBasics from "mls-vectors/crypto-basics.json" with { type: "json" };
import welcome from "mls-vectors/welcome.json" with { type: "json" };
import aead from "../../../tools/vectors/kat/aead.json" with { type: "json" };
import type { WelcomeVector } from "./cases.js";

/** crypto-basics.json: every labelled function for suites 1–7. */
export const cryptoBasicsVectors: readonly CryptoBasicsVector[] = cryptoBasics;
/** welcome.json: a key package per suite 1–7 and the Welcome addressed to it. */
export const welcomeVectors: readonly WelcomeVector[] = welcome;
/** tools/vectors/kat/aead.json: AES-GCM and ChaCha20-Poly1305 known answers. */
export const aeadVectors: readonly AeadVector[] = aead.cases;
