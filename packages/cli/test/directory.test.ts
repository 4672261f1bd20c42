import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
import { claimKeyPackages } from "@mlskit/directory-client";
import { keyPackageRef, validateKeyPackage } from "@mlskit/key-packages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "./run-cli.js";

let dir: string;
let server: ChildProcess | undefined;
let url = "";
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mlskit-dir-"));
  env = { MLSKIT_DIRECTORY_STORE: join(dir, "directory.db"), MLSKIT_STORE: join(dir, "client.db") };
  server = spawn(process.execPath, [BIN, "directory", "serve", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((done, fail) => {
    let out = "";
    server!.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    server!.on("exit", (code) => fail(new Error(`serve exited with ${code}`)));
  });
});

afterAll(() => {
  server?.kill("SIGTERM");
});

describe("mlskit directory serve + mlskit publish", () => {
  it("registers clients, publishes generated packages, and a peer claims one of them", async () => {
    const added = await runCli(
      ["directory", "add-client", "--user", "alice", "--client", "phone", "--identity", "alice@example.com"],
      {
        env,
      },
    );
    expect(added.code).toBe(0);
    const aliceToken = added.stdout.trim();
    const bob = await runCli(
      ["directory", "add-client", "--user", "bob", "--client", "laptop", "--identity", "bob@example.com"],
      { env },
    );
    const bobToken = bob.stdout.trim();

    const out = join(dir, "published");
    const refs = (
      await runCli(["generate", "--identity", "alice@example.com", "--count", "3", "--out", out], { env })
    ).stdout
      .trim()
      .split("\n");
    const files = refs.map((r) => join(out, `${r}.mls`));
    const pub = await runCli(["publish", "--to", url, ...files], {
      env: { ...env, MLSKIT_DIRECTORY_TOKEN: aliceToken },
    });
    expect(pub.code).toBe(0);
    expect(pub.stderr).toContain("published 3 key packages");

    const claim = await claimKeyPackages({ url, token: bobToken }, "alice", { cipherSuite: 1 });
    expect(claim.keyPackages).toHaveLength(1);
    const kp = await validateKeyPackage(claim.keyPackages[0]!.keyPackage, { provider });
    const ref = toHex(await keyPackageRef(kp, provider));
    expect(refs).toContain(ref);

    // The claimed package's private keys are in alice's local store, once.
    const taken = await runCli(["take", ref], { env });
    expect(taken.code).toBe(0);
  });

  it("refuses to publish without a token, in one line", async () => {
    const r = await runCli(["publish", "--to", url, join(dir, "nothing.mls")], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("shows the directory's own help for its subcommands", async () => {
    const r = await runCli(["directory", "serve", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mlskit directory serve/);
  });
});
