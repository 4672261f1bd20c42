/**
 * @module commands/directory
 * `mlskit directory …` and `mlskit publish …`: the key-package directory service and its client
 * (see docs/directory.md), wired to the CLI's provider and SQLite key store.
 */
import { DIRECTORY_HELP, runDirectoryCommand } from "@mlskit/directory";
import { PUBLISH_HELP, runPublish } from "@mlskit/directory-client/command";
import type { Io } from "../io.js";
import { cliProvider } from "../provider.js";
import { openStore } from "../store.js";

export { DIRECTORY_HELP, PUBLISH_HELP };

/**
 * Run `mlskit directory <serve|add-client|…>`.
 * @param argv - arguments after `directory`
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await directoryCommand(["serve", "--store", "directory.db"], io);
 * ```
 */
export function directoryCommand(argv: string[], io: Io): Promise<number> {
  return runDirectoryCommand(argv, io);
}

/**
 * Run `mlskit publish --to <url> …` with the CLI's key store for `--top-up`.
 * @param argv - arguments after `publish`
 * @param io - process surface
 * @returns exit code
 * @example
 * ```ts
 * await publishCommand(["--to", "http://127.0.0.1:8080", "published/a.mls"], io);
 * ```
 */
export function publishCommand(argv: string[], io: Io): Promise<number> {
  return runPublish(argv, io, {
    provider: cliProvider(io),
    openStore: async (env) => (await openStore(undefined, env)).store,
  });
}
