/**
 * @module @mlskit/welcome/testing
 * The committer's side of a Welcome, for tests and benchmarks: {@link buildWelcome} makes a group
 * of any size with a real history (Adds, Removes, Updates, UpdatePaths with parent hashes), adds
 * key packages to it and builds the Welcome, with hooks to tamper with any part and re-sign or
 * re-encrypt around it. It is published so that other packages' tests (the CLI, interop,
 * benchmarks) and applications' own tests can make Welcomes without an MLS group implementation.
 * Never use it to make Welcomes for real groups: it keeps every secret in memory and in the result.
 *
 * @example
 * ```ts
 * import { buildWelcome } from "@mlskit/welcome/testing";
 * const built = await buildWelcome({ provider, joiners: [bundle.keyPackage], members: 8, priorCommits: [3] });
 * const joined = await openWelcome({ welcome: built.welcomeBytes, provider, bundle });
 * ```
 */
export { type TestMember, TestTree, type TestTreeOptions } from "./test-tree.js";
export {
  type BuildWelcomeOptions,
  type BuiltWelcome,
  buildWelcome,
  type TreeEditContext,
} from "./welcome-builder.js";
