/**
 * @module conformance/run-key-store-conformance
 * A conformance kit for `KeyPackageStore` implementations. It registers tests through the
 * `describe` / `it` / `expect` it is given (vitest's, or any runner's with the same shape), so this
 * package never imports a test runner, and it makes its key packages with the `CryptoProvider` it
 * is given, so it never imports a crypto implementation.
 *
 * What it checks, with encryption off and on (one file of cases per concept beside this one):
 * the basic operations (`store-cases`), reservations (`reservation-cases`), the `status` probe
 * and its tombstones (`status-cases`), signature key pairs, the largest package, reopening,
 * closed-store and argument errors, a corrupted record and many records (`durability-cases`);
 * and encryption at rest (`encryption-cases`).
 */
import { durabilityCases } from "./durability-cases.js";
import { encryptionCases } from "./encryption-cases.js";
import { type ConformanceCases, conformanceKit, conformanceRun, MODES } from "./kit.js";
import type { KeyStoreConformanceOptions, KeyStoreConformanceTestApi } from "./options.js";
import { reservationCases } from "./reservation-cases.js";
import { statusCases } from "./status-cases.js";
import { storeCases } from "./store-cases.js";

/**
 * Register the key store conformance tests.
 *
 * @param api - the runner's `describe`, `it` and `expect`
 * @param opts - how to open the store under test, and the provider for key packages
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { runKeyStoreConformance } from "@mlskit/keystore/testing";
 * import { createMemoryKeyStore, createMemoryKeyStoreBackend } from "@mlskit/keystore-memory";
 *
 * const backends = new Map();
 * runKeyStoreConformance({ describe, it, expect }, {
 *   name: "memory",
 *   provider: nobleCryptoProvider,
 *   open: ({ location, ...opts }) => {
 *     if (!backends.has(location)) backends.set(location, createMemoryKeyStoreBackend());
 *     return createMemoryKeyStore({ ...opts, backend: backends.get(location) });
 *   },
 * });
 * ```
 */
export function runKeyStoreConformance(
  api: KeyStoreConformanceTestApi,
  opts: KeyStoreConformanceOptions,
): void {
  const { describe, it } = api;
  const timeout = opts.timeout ?? 120_000;
  const run = conformanceRun(opts);
  const register = (cases: ConformanceCases) => {
    for (const [name, body] of Object.entries(cases)) it(name, body, timeout);
  };
  describe(`KeyPackageStore conformance: ${opts.name}`, () => {
    for (const mode of MODES) {
      describe(mode.label, () => {
        const k = conformanceKit(api, opts, run, mode);
        register({ ...storeCases(k), ...reservationCases(k), ...statusCases(k), ...durabilityCases(k) });
      });
    }
    describe("encryption at rest", () =>
      register(encryptionCases(conformanceKit(api, opts, run, MODES[0]!))));
  });
}
