/**
 * A directory for the publish / claim / key-material tests: clients registered and packages
 * generated through `main`, and `mlskit directory serve` run in-process until the test is done.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { concatBytes } from "@mlskit/codec";
import { waitFor } from "@mlskit/test-kit";
import { expect } from "vitest";
import { main } from "../src/main.js";
import { memoryIo, runMain } from "./memory-io.js";
import { lines } from "./run-cli.js";

/** `mlskit directory add-client` of `user`/`client` with identity `user#client`: the token it printed. */
export async function addClient(env: Record<string, string>, user: string, client: string): Promise<string> {
  const args = [
    "directory",
    "add-client",
    "--user",
    user,
    "--client",
    client,
    "--identity",
    `${user}#${client}`,
  ];
  return (await runMain(args, env)).stdout.trim();
}

/** `mlskit generate` of `count` packages of `identity` into the folder `out`: their refs, in order. */
export async function generateInto(
  env: Record<string, string>,
  identity: string,
  count: number,
  out: string,
): Promise<string[]> {
  const args = ["generate", "--identity", identity, "--count", String(count), "--out", out];
  return lines((await runMain(args, env)).stdout);
}

/** The `<ref>.mls` files of `refs` in `out`, back to back in one file `batch`. */
export function writeBatch(out: string, refs: readonly string[], batch: string): void {
  writeFileSync(batch, concatBytes(...refs.map((r) => new Uint8Array(readFileSync(join(out, `${r}.mls`))))));
}

/**
 * Run `mlskit directory serve --port 0 …args` in this process while `body` runs with its URL,
 * then stop it with its signal and expect it to exit 0.
 */
export async function withServedDirectory(
  env: Record<string, string>,
  args: readonly string[],
  body: (url: string) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const s = memoryIo(env, { signal: stop.signal });
  const serving = main(["directory", "serve", "--port", "0", ...args], s.io);
  await waitFor(() => s.out.stdout.includes("listening on"), "the directory to listen");
  const url = /listening on (\S+)/.exec(s.out.stdout)![1]!;
  try {
    await body(url);
  } finally {
    stop.abort();
  }
  expect(await serving).toBe(0);
}
