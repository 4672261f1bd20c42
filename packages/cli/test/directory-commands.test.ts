/**
 * `mlskit directory …` and `mlskit publish`, run in-process through `main` on temporary SQLite
 * files: registration and its failures, each subcommand's own help, `serve` stopped by a signal,
 * and publishing files and topping up against it.
 */
import { join } from "node:path";
import { countKeyPackages } from "@mlskit/directory-client";
import { beforeEach, describe, expect, it } from "vitest";
import { runMain, tempDirPerTest } from "./memory-io.js";
import { lines, runCli, words } from "./run-cli.js";
import { addClient, generateInto, withServedDirectory, writeBatch } from "./served-directory.js";

const dir = tempDirPerTest("mlskit-dir-cmd-");
let db: string;
beforeEach(() => {
  db = join(dir(), "directory.db");
});

const run = runMain;

describe("mlskit directory", () => {
  it("add-client prints a token once; list, rotate, remove; failures are one line", async () => {
    const env = { MLSKIT_DIRECTORY_STORE: db };
    const added = await run(
      ["directory", "add-client", "--user", "alice", "--client", "phone", "--identity", "alice#phone"],
      env,
    );
    expect(added.code).toBe(0);
    const token = added.stdout.trim();
    expect(token).toMatch(/^mlsk_[A-Za-z0-9_-]{43}$/);
    const again = await run(
      ["directory", "add-client", "--user", "alice", "--client", "phone", "--identity", "x"],
      env,
    );
    expect([again.code, again.stderr]).toEqual([
      1,
      'mlskit directory add-client: DIRECTORY_CLIENT_EXISTS: client "phone" of user "alice" is already registered\n',
    ]);
    const shared = await run(
      ["directory", "add-client", "--user", "bob", "--client", "pc", "--identity", "alice#phone"],
      env,
    );
    expect([shared.code, shared.stderr]).toEqual([
      1,
      'mlskit directory add-client: DIRECTORY_CLIENT_EXISTS: the credential is already registered to client "phone" of user "alice"\n',
    ]);
    const list = await run(["directory", "list-clients", "--store", db]);
    expect(list.stdout).toMatch(/^alice\tphone\tbasic alice#phone\tregistered \d{4}-\d\d-\d\dT[\d:]+Z\n$/);
    const json = await run(["directory", "list-clients", "--json", "--store", db]);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        userId: "alice",
        clientId: "phone",
        credential: {
          type: { id: 1, name: "basic" },
          identity: "alice#phone",
          hex: expect.stringMatching(/^0001/),
        },
        createdAt: expect.any(Number),
      },
    ]);
    const rotated = await run(words`directory rotate-token --store ${db} --user alice --client phone`);
    expect([rotated.code, rotated.stdout.trim()]).toEqual([0, expect.not.stringMatching(token)]);
    const remove = words`directory remove-client --store ${db} --user alice --client phone`;
    expect((await run(remove)).code).toBe(0);
    const gone = await run(remove);
    expect([gone.code, gone.stderr]).toEqual([
      1,
      'mlskit directory remove-client: no client "phone" of user "alice"\n',
    ]);
    const badId = await run(
      words`directory add-client --store ${db} --user ${"a b"} --client c --identity i`,
    );
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/^mlskit directory add-client: "userId" expected 1-128 characters/);
    const unknown = await run(["directory", "frobnicate"]);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'mlskit directory: unknown command "frobnicate" (try "mlskit directory --help")\n',
    ]);
    expect((await run(["directory", "migrate", "--store", db])).stdout).toBe("schema version 2\n");
    expect((await run(["directory", "prune", "--store", db])).code).toBe(0);
  });

  it("prints each subcommand's own help", async () => {
    for (const sub of words`serve add-client rotate-token remove-client list-clients migrate prune key-material`) {
      const r = await run(["directory", sub, "--help"]);
      expect([sub, r.code, r.stdout.split("\n")[0]]).toEqual([
        sub,
        0,
        expect.stringMatching(`^Usage: mlskit directory ${sub}`),
      ]);
      expect((await run(["help", "directory", sub])).stdout).toBe(r.stdout);
    }
    const group = await run(["directory", "--help"]);
    expect(group.stdout).toMatch(/^Usage: mlskit directory <command>/);
    expect(group.stdout).toContain("list-clients");
  });

  it("is also mlskit-directory", async () => {
    const r = await runCli(["migrate", "--store", db], { bin: "mlskit-directory" });
    expect([r.code, r.stdout]).toEqual([0, "schema version 2\n"]);
  });
});

describe("mlskit directory serve + mlskit publish", () => {
  it("serves until its signal aborts; publish sends files, refuses duplicates, tops up", async () => {
    const client = join(dir(), "client.db");
    const env = { MLSKIT_DIRECTORY_STORE: db, MLSKIT_STORE: client };
    const token = await addClient(env, "alice", "phone");
    await withServedDirectory(env, ["--prune-interval", "1"], async (url) => {
      const out = join(dir(), "out");
      const refs = await generateInto(env, "alice#phone", 3, out);
      const batch = join(dir(), "batch.mls");
      writeBatch(out, refs, batch);
      const withToken = { ...env, MLSKIT_DIRECTORY_TOKEN: token };
      const p = await run(["publish", "--to", url, batch], withToken);
      expect(p.code).toBe(0);
      expect(lines(p.stdout).map((l) => l.split("\t")[0])).toEqual(refs);
      const dup = await run(["publish", "--to", url, batch], withToken);
      expect([dup.code, dup.stderr]).toEqual([1, expect.stringContaining("DIRECTORY_DUPLICATE_KEY_PACKAGE")]);
      expect((await run(["publish", "--to", url, batch], env)).code).toBe(2); // no token

      const t = await run(["publish", "--to", url, "--top-up", "5", "--identity", "alice#phone"], withToken);
      expect([t.code, t.stderr]).toEqual([0, ""]);
      expect(t.stdout).toContain("published 2 key packages and a last-resort package; 5 valid");
      expect((await countKeyPackages({ url, token }, { cipherSuite: 1 })).count).toBe(5);

      // A fresh local store: the identity's signature key pair is made there, as generate makes it.
      const bobToken = await addClient(env, "bob", "laptop");
      const fresh = { MLSKIT_STORE: join(dir(), "fresh.db"), MLSKIT_DIRECTORY_TOKEN: bobToken };
      const f = await run(["publish", "--to", url, "--top-up", "3", "--identity", "bob#laptop"], fresh);
      expect([f.code, f.stderr]).toEqual([
        0,
        `created a signature key pair for "bob#laptop" (suite 1) in ${fresh.MLSKIT_STORE}\n`,
      ]);
      expect(f.stdout).toContain("published 3 key packages and a last-resort package; 3 valid");
      expect((await run(["count"], fresh)).stdout).toBe("4\n");
    });
  });
});
