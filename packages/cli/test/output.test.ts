/**
 * What the commands print: batches read by validate and inspect, times as ISO dates, a note when
 * only the clock-skew allowance let a lifetime pass, one `{ id, name }` shape for every registry
 * value in `inspect --json`, the progress line, and failures in one line — unknown options and
 * the operating system's errors included.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { concatBytes, toHex } from "@mlskit/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { formatProgress } from "../src/progress.js";
import { runMain, tempDirPerTest } from "./memory-io.js";
import { lines } from "./run-cli.js";

const dir = tempDirPerTest("mlskit-out-");
let env: Record<string, string>;
beforeEach(() => {
  env = { MLSKIT_STORE: join(dir(), "client.db") };
});

const run = (argv: string[], input?: Uint8Array) => runMain(argv, env, input === undefined ? {} : { input });

/** Generate `n` packages into `dir()/out` (the test's folder); returns their refs and the files' bytes. */
async function generated(n: number, extra: string[] = []) {
  const out = join(dir(), "out");
  const refs = lines(
    (await run(["generate", "--identity", "alice", "--count", String(n), "--out", out, ...extra])).stdout,
  );
  return { refs, files: refs.map((r) => new Uint8Array(readFileSync(join(out, `${r}.mls`)))) };
}

describe("batches of MLSMessages", () => {
  it("validate and inspect read a file of packages back to back, binary or hex", async () => {
    const { refs, files } = await generated(3);
    const batch = join(dir(), "batch.mls");
    writeFileSync(batch, concatBytes(...files));
    const v = await run(["validate", batch]);
    expect(v.code).toBe(0);
    expect(lines(v.stdout)).toEqual(refs.map((r, i) => `ok ${r}  ${batch}#${i + 1}`));
    const hexBatch = join(dir(), "batch.hex");
    writeFileSync(hexBatch, toHex(concatBytes(...files)));
    const j = await run(["inspect", "--json", hexBatch]);
    expect(JSON.parse(j.stdout).map((d: { ref: string }) => d.ref)).toEqual(refs);
    const t = await run(["inspect", "-"], concatBytes(...files));
    expect(t.stdout.match(/^stdin#\d$/gm)).toEqual(["stdin#1", "stdin#2", "stdin#3"]);
    // A damaged second element is named.
    const broken = join(dir(), "broken.mls");
    writeFileSync(broken, concatBytes(files[0]!, files[1]!.subarray(0, 40)));
    const b = await run(["validate", broken]);
    expect([b.code, b.stdout]).toEqual([
      1,
      expect.stringMatching(/^FAIL .*broken\.mls not a key package \(package 2 of the batch\)/),
    ]);
  });
});

describe("validate", () => {
  it("says when only the clock-skew allowance let an expired package pass", async () => {
    const { files } = await generated(1);
    const file = join(dir(), "kp.mls");
    writeFileSync(file, files[0]!);
    const d = JSON.parse((await run(["inspect", "--json", file])).stdout);
    const notAfter = d.leafNode.lifetime.notAfterSeconds as number;
    const late = await run(["validate", "--now", String(notAfter + 120), file]);
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(
      new RegExp(
        `^ok [0-9a-f]{64}  .*kp\\.mls  \\(expired at ${d.leafNode.lifetime.notAfter}, 2 minutes ago, accepted within the 5 minutes clock-skew allowance\\)\\n$`,
      ),
    );
    const tooLate = await run(["validate", "--now", String(notAfter + 600), file]);
    expect(tooLate.stdout).toContain(
      `KP-22 KEY_PACKAGE_EXPIRED: expired at ${d.leafNode.lifetime.notAfter} (10 minutes ago; now `,
    );
    expect((await run(["validate", file])).stdout).not.toContain("(");
  });
});

describe("inspect --json", () => {
  it("shows every registry value as { id, name } and times as numbers", async () => {
    const { files } = await generated(1, ["--last-resort"]);
    const file = join(dir(), "kp.mls");
    writeFileSync(file, files[0]!);
    const d = JSON.parse((await run(["inspect", "--json", file])).stdout);
    expect(d.version).toEqual({ id: 1, name: "mls10" });
    expect(d.cipherSuite).toEqual({ id: 1, name: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" });
    expect(d.leafNode.source).toEqual({ id: 1, name: "key_package" });
    expect(d.leafNode.credential.type).toEqual({ id: 1, name: "basic" });
    expect(d.extensions[0].type).toEqual({ id: 10, name: "last_resort" });
    for (const list of Object.values(d.leafNode.capabilities) as { id: unknown; name: unknown }[][]) {
      for (const v of list) expect([typeof v.id, typeof v.name]).toEqual(["number", "string"]);
    }
    expect(d.leafNode.capabilities.cipherSuites.some((v: { name: string }) => v.name === "GREASE")).toBe(
      true,
    );
    expect(typeof d.leafNode.lifetime.notBeforeSeconds).toBe("number");
    expect(typeof d.leafNode.lifetime.notAfterSeconds).toBe("number");
  });
});

describe("progress", () => {
  it("shows the rate and the time left", () => {
    expect(formatProgress("generating", 500, 1000, 2)).toBe(
      "generating [###############---------------] 500/1000  250/s  0:02 left",
    );
    expect(formatProgress("validating", 10, 7210, 4)).toBe(
      "validating [------------------------------] 10/7210  2.5/s  48:00 left",
    );
    expect(formatProgress("generating", 0, 100, 0)).toBe("generating [------------------------------] 0/100");
  });
});

describe("failures in one line", () => {
  it("an unknown option", async () => {
    const r = await run(["generate", "--identity", "a", "--frobnicate"]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/^mlskit generate: unknown option --frobnicate \(options: --identity, /),
    ]);
  });

  it("a path under a file (ENOTDIR) and a port in use (EADDRINUSE) are not 'unexpected'", async () => {
    const file = join(dir(), "a-file");
    writeFileSync(file, "x");
    const r = await run(["generate", "--identity", "a", "--out", join(file, "sub")]);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringMatching(
        /^mlskit generate: .*a-file.*: a part of the path is not a directory \(ENOTDIR\)\n$/,
      ),
    ]);

    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, "127.0.0.1", ok));
    const port = (busy.address() as { port: number }).port;
    try {
      const s = await run(["directory", "serve", "--store", join(dir(), "d.db"), "--port", String(port)]);
      expect([s.code, s.stderr]).toEqual([
        1,
        `mlskit directory serve: 127.0.0.1:${port}: the address is already in use (another server on that port?) (EADDRINUSE)\n`,
      ]);
    } finally {
      busy.close();
    }
  });
});
