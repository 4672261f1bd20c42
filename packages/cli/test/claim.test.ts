/**
 * `mlskit claim` against `mlskit directory serve` (in-process, on a temporary SQLite file): it
 * claims one package per client of a user, validates each, writes the ones that pass, prints the
 * claim as the directory's JSON with `--json`, names clients without packages, and fails a
 * package the directory misnames (against a scripted directory).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDirPerTest } from "./memory-io.js";
import { lines } from "./run-cli.js";
import { addClient, generateInto, withServedDirectory } from "./served-directory.js";

const dir = tempDirPerTest("mlskit-claim-");

const run = runMain;

describe("mlskit claim", () => {
  it("claims and validates one package per client; --json is the directory's form; --out keeps them", async () => {
    const env = {
      MLSKIT_DIRECTORY_STORE: join(dir(), "directory.db"),
      MLSKIT_STORE: join(dir(), "alice.db"),
    };
    const alice = await addClient(env, "alice", "phone");
    await addClient(env, "alice", "tablet"); // publishes nothing
    const bob = await addClient(env, "bob", "laptop");
    await withServedDirectory(env, [], async (url) => {
      const out = join(dir(), "published");
      const refs = await generateInto(env, "alice#phone", 2, out);
      const files = refs.map((r) => join(out, `${r}.mls`));
      expect(
        (await run(["publish", "--to", url, ...files], { ...env, MLSKIT_DIRECTORY_TOKEN: alice })).code,
      ).toBe(0);
      const asBob = { MLSKIT_DIRECTORY_TOKEN: bob };
      const claimed = join(dir(), "claimed");

      const first = await run(["claim", "--from", url, "--user", "alice", "--out", claimed], asBob);
      expect(first.code).toBe(0);
      // Which of the two comes first is the directory's choice.
      const [one, other] = first.stdout.includes(refs[0]!) ? [0, 1] : [1, 0];
      expect(lines(first.stdout)).toEqual([`ok ${refs[one]}  phone`]);
      expect(lines(first.stderr)).toEqual([
        'client "tablet" of "alice" has no key package of suite 1',
        `claimed 1 key package of "alice" (suite 1), the valid ones written to ${claimed}/`,
      ]);
      expect(readFileSync(join(claimed, `${refs[one]}.mls`))).toEqual(readFileSync(files[one]!));

      // The JSON is the directory's: ref in hex, the MLSMessage in base64; plus the result.
      const second = await run(["claim", "--from", url, "--user", "alice", "--json"], asBob);
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toEqual({
        userId: "alice",
        cipherSuite: 1,
        keyPackages: [
          {
            clientId: "phone",
            ref: refs[other],
            lastResort: false,
            keyPackage: readFileSync(files[other]!).toString("base64"),
            valid: true,
          },
        ],
        missingClients: ["tablet"],
      });

      // Nothing left: no package claimed is a failure.
      const none = await run(["claim", "--from", url, "--user", "alice"], asBob);
      expect([none.code, none.stdout]).toEqual([1, ""]);
      expect(none.stderr).toContain('claimed 0 key packages of "alice"');
    });
  });

  it("fails a package that does not validate, and one the directory names with another ref", async () => {
    const env = { MLSKIT_STORE: join(dir(), "alice.db") };
    const out = join(dir(), "published");
    const [ref] = lines((await run(["generate", "--identity", "alice#phone", "--out", out], env)).stdout);
    const message = readFileSync(join(out, `${ref}.mls`)).toString("base64");
    let named = ref!;
    // A scripted directory: answers every claim with the one package, under the ref `named`.
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          userId: "alice",
          cipherSuite: 1,
          keyPackages: [{ clientId: "phone", ref: named, lastResort: false, keyPackage: message }],
          missingClients: [],
        }),
      );
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const asBob = { MLSKIT_DIRECTORY_TOKEN: "mlsk_x" };
      expect((await run(["claim", "--from", url, "--user", "alice"], asBob)).code).toBe(0);
      const short = await run(["claim", "--from", url, "--user", "alice", "--max-lifetime", "1d"], asBob);
      expect([short.code, short.stdout]).toEqual([
        1,
        expect.stringMatching(
          /^FAIL phone KP-23 KEY_PACKAGE_LIFETIME_TOO_LONG: total lifetime 84 days 1 hour/,
        ),
      ]);
      named = "ab".repeat(32);
      const lied = await run(
        ["claim", "--from", url, "--user", "alice", "--out", join(dir(), "claimed")],
        asBob,
      );
      expect([lied.code, lied.stdout]).toEqual([
        1,
        `FAIL phone DIRECTORY_BAD_RESPONSE: the directory named it ${named}, but its ref is ${ref}\n`,
      ]);
      expect(lied.stderr).toContain("1 failed validation");
    } finally {
      server.close();
    }
  });

  it("needs --from, --user and a token", async () => {
    expect((await run(["claim", "--user", "alice"], { MLSKIT_DIRECTORY_TOKEN: "t" })).stderr).toBe(
      "mlskit claim: --from <url> is required\n",
    );
    expect(
      (await run(["claim", "--from", "http://127.0.0.1:9"], { MLSKIT_DIRECTORY_TOKEN: "t" })).stderr,
    ).toBe("mlskit claim: --user is required\n");
    expect((await run(["claim", "--from", "http://127.0.0.1:9", "--user", "a"])).code).toBe(2);
  });
});
