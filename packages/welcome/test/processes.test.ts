/**
 * @module processes.test
 * Faults across real OS processes sharing one SQLite key store (child Node processes run the built
 * dist/ of the packages, built once in beforeAll): a process killed with SIGKILL while it opens a
 * Welcome — inside openWelcome, or after it returned but before commit — loses no key package
 * (once the reservation's lease is over, the package is there and the Welcome opens again), and
 * of two processes opening the same Welcome at once exactly one joins. Leases are short and their end is reached with the store's injected clock,
 * never by waiting; nothing here asserts on time.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { toHex } from "@mlskit/codec";
import { type TsMlsWelcome, tsMlsWelcome } from "@mlskit/interop-peers";
import { encodeKeyPackageMessage, type KeyPackageBundle } from "@mlskit/key-packages";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import { raceChildren, watchChild } from "@mlskit/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWelcome, WelcomeErrorCode } from "../src/index.js";
import { codeOf, provider } from "./helpers.js";
import { peerBundle } from "./interop-helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const dir = mkdtempSync(join(tmpdir(), "mlskit-welcome-processes-"));
const LEASE = 5;
/** How long a child may take to reach the point a test waits for. */
const LIMIT_MS = 120_000;
const psk = { id: new TextEncoder().encode("fault-psk"), secret: new Uint8Array(32).fill(0x5a) };
const pskArg = `${toHex(psk.id)}=${toHex(psk.secret)}`;
const pskCallback = () => psk.secret;

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(
    process.execPath,
    [tsc, "-b", "packages/welcome", "packages/keystore-sqlite", "packages/crypto-provider-noble"],
    { cwd: repo, stdio: "inherit" },
  );
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store file holding our package, and a ts-mls Welcome for it (with an external PSK) on disk. */
async function setup(
  tag: string,
): Promise<{ path: string; welcomeFile: string; bundle: KeyPackageBundle; w: TsMlsWelcome }> {
  const bundle = await peerBundle(1);
  const w = await tsMlsWelcome({
    cipherSuite: 1,
    keyPackage: encodeKeyPackageMessage(bundle.keyPackage),
    groupSize: 3,
    externalPsks: [psk],
  });
  const path = join(dir, `${tag}.db`);
  const store = await openSqliteKeyStore({ path });
  await store.put(bundle);
  await store.close();
  const welcomeFile = join(dir, `${tag}.welcome`);
  writeFileSync(welcomeFile, toHex(w.welcome));
  return { path, welcomeFile, bundle, w };
}

function child(path: string, welcomeFile: string, mode: string): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    [join(here, "fixtures", "open-welcome-worker.mjs"), path, welcomeFile, mode, String(LEASE), pskArg],
    { cwd: here },
  );
}

const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

/** After the crash: hidden while the lease holds; once it is over the package is intact and the Welcome opens again. */
async function expectNothingLost(path: string, bundle: KeyPackageBundle, w: TsMlsWelcome): Promise<void> {
  const now = nowSeconds();
  const during = await openSqliteKeyStore({ path, now: () => now });
  expect(await during.get(bundle.ref)).toBe(undefined);
  expect(await during.take(bundle.ref)).toBe(undefined);
  expect(
    await codeOf(openWelcome({ welcome: w.welcome, provider, store: during, psk: pskCallback })),
  ).not.toBe(undefined);
  await during.close();

  const later = await openSqliteKeyStore({ path, now: () => now + BigInt(LEASE) + 1n });
  const kept = await later.get(bundle.ref);
  expect(kept === undefined ? "lost" : toHex(kept.initPrivateKey)).toBe(toHex(bundle.initPrivateKey));
  const joined = await openWelcome({ welcome: w.welcome, provider, store: later, psk: pskCallback });
  expect(joined.epochAuthenticator).toEqual(w.epochAuthenticator);
  await joined.commit();
  expect(await later.count()).toBe(0);
  await later.close();
}

describe("openWelcome across processes with a SQLite key store", () => {
  /** Kill the child of `mode` with SIGKILL once `reached` is printed; `check` its output first. */
  async function killedWhen(
    tag: string,
    mode: string,
    reached: (line: string) => boolean,
    check: (lines: readonly string[], w: TsMlsWelcome, stderr: string) => void,
  ): Promise<void> {
    const { path, welcomeFile, bundle, w } = await setup(tag);
    const out = watchChild(child(path, welcomeFile, mode));
    await out.until((all) => all.some(reached), `the child's "${mode}" point`, LIMIT_MS);
    check(out.lines, w, out.stderr());
    expect(await out.kill()).toBe("SIGKILL");
    await expectNothingLost(path, bundle, w);
  }

  it("a process killed with SIGKILL inside openWelcome (the package reserved, its PSK being fetched) loses no key package", async () => {
    await killedWhen(
      "kill-inside",
      "hang-in-psk",
      (l) => l === "in psk",
      (lines, _w, stderr) => expect(lines, stderr).toContain("in psk"),
    );
  });

  it("a process killed with SIGKILL after openWelcome returned but before commit loses no key package", async () => {
    await killedWhen(
      "kill-before-commit",
      "hold",
      (l) => l.startsWith("{"),
      (lines, w, stderr) => {
        const opened = lines.find((l) => l.startsWith("{"));
        expect(opened === undefined ? stderr : JSON.parse(opened)).toEqual({
          opened: toHex(w.epochAuthenticator),
        });
      },
    );
  });

  it("two processes opening the same Welcome at once: exactly one joins and commits, the other is refused and consumes nothing", async () => {
    const { path, welcomeFile, bundle, w } = await setup("race");
    const race = await raceChildren(
      [child(path, welcomeFile, "race"), child(path, welcomeFile, "race")],
      LIMIT_MS,
    );
    expect(race.codes, race.stderr).toEqual([0, 0]);
    const results = race.results as (Record<string, unknown> | undefined)[];
    const winners = results.filter((r) => r?.ok === true);
    const losers = results.filter((r) => r?.ok === false);
    expect(winners).toEqual([{ ok: true, epochAuthenticator: toHex(w.epochAuthenticator) }]);
    // The loser's reserve found the package reserved by the winner, or already committed (a
    // tombstone): either way it is ours but unavailable — W-02, never W-01.
    expect(losers).toEqual([{ ok: false, code: WelcomeErrorCode.keyPackageUnavailable }]);
    // The winner committed: the package is consumed, and the Welcome cannot be opened again.
    const store = await openSqliteKeyStore({ path });
    expect(await store.get(bundle.ref)).toBe(undefined);
    expect(await store.count()).toBe(0);
    expect(await store.status(bundle.ref)).toBe("consumed");
    expect(await codeOf(openWelcome({ welcome: w.welcome, provider, store, psk: pskCallback }))).toBe(
      WelcomeErrorCode.keyPackageUnavailable,
    );
    await store.close();
  });
});
