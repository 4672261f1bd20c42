/**
 * The test CA now lives in `@mlskit/test-kit/pki`; the CLI's and the directory's tests still import
 * these names from here.
 */
export { type Ca, leafFor, rootCa, san, spkiFromMlsKey } from "@mlskit/test-kit/pki";
