import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hex, loadVectors, type MessagesCase, type WelcomeCase } from "@mlskit/test-vectors";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const messages = loadVectors<MessagesCase[]>("messages.json");
const welcomes = loadVectors<WelcomeCase[]>("welcome.json");
let dir: string;
const file = (name: string, content: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlskit-cli-"));
});

describe("mlskit inspect", () => {
  it("prints a readable tree of an MLSMessage given as hex", async () => {
    const r = await runCli(["inspect", "--now", "2023-04-01", file("kp.hex", messages[0]!.mls_key_package)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("KeyPackage (MLSMessage, 295 bytes)");
    expect(r.stdout).toContain(
      "ref            d194bc459d3a5bdfb259c14dfa8be53914aeed1f57ad10fef51eff170d6de8f1",
    );
    expect(r.stdout).toContain("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (0x0001)");
    expect(r.stdout).toContain('identity="Alice"');
    expect(r.stdout).toMatch(/2023-03-08T12:48:36Z → 2023-05-31T13:48:36Z \(expires in \d+ days\)/);
  });

  it("reads a bare KeyPackage as binary, and base64 from stdin, and prints JSON", async () => {
    const bare = hex(messages[100]!.mls_key_package).subarray(4);
    const bin = await runCli(["inspect", file("bare.bin", bare)]);
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain("KeyPackage (KeyPackage,");
    const b64 = Buffer.from(bare).toString("base64");
    const json = await runCli(["inspect", "--json", "-"], { input: b64 });
    expect(json.code).toBe(0);
    const d = JSON.parse(json.stdout);
    expect(d.form).toBe("KeyPackage");
    expect(d.cipherSuite.name).toBe("MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519");
    expect(d.leafNode.credential.identity).toBe("Alice");
  });

  it("marks GREASE and names a suite-7 package that does not list its own suite", async () => {
    const r = await runCli(["inspect", "--json", file("w7.bin", hex(welcomes[6]!.key_package))]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.cipherSuite.id).toBe(7);
    expect(d.leafNode.lifetime.status).toBe("never expires");
  });

  const bad: Array<[string, () => string, RegExp]> = [
    [
      "random bytes",
      () =>
        file(
          "rnd.bin",
          Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff),
        ),
      /not a key package/,
    ],
    [
      "a truncated package",
      () => file("trunc.hex", messages[0]!.mls_key_package.slice(0, 200)),
      /not a key package.*CODEC_/,
    ],
    ["a missing file", () => join(dir, "missing.mls"), /no such file/],
    ["an empty file", () => file("empty", ""), /empty input/],
  ];
  for (const [what, path, message] of bad) {
    it(`rejects ${what} with one line on stderr and exit 1, no stack trace`, async () => {
      const r = await runCli(["inspect", path()]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("shows a stack trace only with MLSKIT_DEBUG=1", async () => {
    const r = await runCli(["inspect", join(dir, "missing.mls")], { env: { MLSKIT_DEBUG: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe("mlskit validate", () => {
  it("prints ok <ref> for valid packages and exits 0", async () => {
    const a = file("a.hex", messages[0]!.mls_key_package);
    const b = file("b.hex", messages[200]!.mls_key_package);
    const r = await runCli(["validate", "--now", "2023-04-01", a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok d194bc45[0-9a-f]{56} {2}.*a\.hex\nok [0-9a-f]{64} {2}.*b\.hex\n$/);
  });

  it("names the failing check, code and reason, and exits 1", async () => {
    const a = file("expired.hex", messages[0]!.mls_key_package);
    const r = await runCli(["validate", a]);
    expect(r.code).toBe(1);
    // Times as ISO dates, as inspect shows them.
    expect(r.stdout).toMatch(
      /^FAIL .*expired\.hex KP-22 KEY_PACKAGE_EXPIRED: expired at 2023-05-31T13:48:36Z \(\d+ \w+ ago; now \d{4}-/,
    );
  });

  it("applies --suite, --max-lifetime and none", async () => {
    const eternal = file("eternal.bin", hex(welcomes[0]!.key_package));
    const tooLong = await runCli(["validate", "--now", "2024-01-01", eternal]);
    expect(tooLong.stdout).toContain("KP-23 KEY_PACKAGE_LIFETIME_TOO_LONG");
    const none = await runCli(["validate", "--now", "2024-01-01", "--max-lifetime", "none", eternal]);
    expect(none.code).toBe(0);
    const suite = await runCli([
      "validate",
      "--now",
      "2024-01-01",
      "--max-lifetime",
      "none",
      "--suite",
      "2",
      eternal,
    ]);
    expect(suite.stdout).toContain("KP-04 KEY_PACKAGE_CIPHER_SUITE_MISMATCH");
  });

  it("refuses an unknown suite and unknown options as usage errors (exit 2)", async () => {
    const a = file("x.hex", messages[0]!.mls_key_package);
    const s = await runCli(["validate", "--suite", "MLS_999_NOPE", a]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown cipher suite/);
    const o = await runCli(["validate", "--frobnicate", a]);
    expect(o.code).toBe(2);
    expect(o.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("mlskit help", () => {
  it("has --help on every command, with examples", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) {
      const r = await runCli([c, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: mlskit /);
      expect(r.stdout).toContain("Examples:");
    }
  });

  it("rejects an unknown command", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
