/**
 * `mlskit directory serve --mimi-…` and `mlskit directory key-material`, in-process through
 * `main`: a target provider b.example that trusts peer a.example's root, a requester with an
 * X.509 certificate under that root, key packages published by bob's phone, fetched once.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { leafForKey, rootCa, san } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { runMain, tempDirPerTest } from "./memory-io.js";
import { lines, words } from "./run-cli.js";
import { addClient, generateInto, withServedDirectory, writeBatch } from "./served-directory.js";

const dir = tempDirPerTest("mlskit-mimi-cmd-");

const run = runMain;

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;

describe("mlskit directory serve --mimi-domain + key-material", () => {
  it("fetches bob's key material as alice of a.example, writes it out, and hands it out once", async () => {
    const now = BigInt(Math.floor(Date.now() / 1000));
    const validity = { notBefore: now - 86_400n, notAfter: now + 86_400n };
    const root = await rootCa("Ed25519", "a.example root", validity);
    const alice = await (await nobleCryptoProvider.getCipherSuite(1)).signature.generateKeyPair();
    const cert = await leafForKey(root, "Ed25519", alice.publicKey, {
      ...validity,
      altNames: [san.uri("mimi://a.example/u/alice")],
    });
    const rootFile = join(dir(), "a-root.pem");
    const certFile = join(dir(), "alice.pem");
    const keyFile = join(dir(), "alice.key");
    writeFileSync(rootFile, pem(root.der));
    writeFileSync(certFile, pem(cert));
    writeFileSync(keyFile, toHex(alice.privateKey));

    const db = join(dir(), "directory.db");
    const env = { MLSKIT_DIRECTORY_STORE: db, MLSKIT_STORE: join(dir(), "client.db") };
    const token = await addClient(env, "bob", "phone");
    await withServedDirectory(
      env,
      ["--mimi-domain", "b.example", "--mimi-peer", `a.example=${rootFile}`],
      async (url) => {
        const out = join(dir(), "out");
        const refs = await generateInto(env, "bob#phone", 1, out);
        const batch = join(dir(), "batch.mls");
        writeBatch(out, refs, batch);
        expect(
          (await run(["publish", "--to", url, batch], { ...env, MLSKIT_DIRECTORY_TOKEN: token })).code,
        ).toBe(0);

        const fetched = join(dir(), "fetched");
        const args = words`directory key-material --from ${url} --user mimi://b.example/u/bob
          --as mimi://a.example/u/alice --certificate ${certFile} --key ${keyFile} --suites 1 --out ${fetched}`;
        const first = await run(args, env);
        expect([first.code, first.stderr]).toEqual([0, ""]);
        expect(lines(first.stdout)).toEqual([
          "mimi://b.example/u/bob\tsuccess",
          `mimi://b.example/d/bob/phone\tsuccess\t${refs[0]}\tsuite 1`,
        ]);
        expect(readFileSync(join(fetched, `${refs[0]}.mls`))).toEqual(
          readFileSync(join(out, `${refs[0]}.mls`)),
        );
        const second = await run(args, env);
        expect([second.code, lines(second.stdout)]).toEqual([
          1,
          [
            "mimi://b.example/u/bob\tnoCompatibleMaterial",
            "mimi://b.example/d/bob/phone\tkeyMaterialExhausted",
          ],
        ]);
        // A basic credential is no X.509 chain to a.example's root: the requester is refused. Its
        // key pair is made in a store of its own, which need not exist yet.
        const requester = join(dir(), "requester.db");
        const basic = await run(
          [...args.slice(0, 8), "--identity", "mimi://a.example/u/alice", "--store", requester],
          env,
        );
        expect([basic.code, basic.stderr]).toEqual([
          1,
          expect.stringMatching(
            /^created a signature key pair for "mimi:\/\/a\.example\/u\/alice" \(suite 1\) in .*requester\.db\nmlskit directory key-material: DIRECTORY_MIMI_REQUESTER_REJECTED: [^\n]+\n$/,
          ),
        ]);
      },
    );
  });

  it("refuses --mimi-* flags without --mimi-domain, and a malformed --mimi-peer", async () => {
    const db = join(dir(), "directory.db");
    const r = await run(["directory", "serve", "--store", db, "--mimi-peer", "a.example=x.pem"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      "mlskit directory serve: --mimi-peer needs --mimi-domain <host>\n",
    ]);
    const bad = await run(words`directory serve --store ${db} --mimi-domain b.example --mimi-peer nofile`);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'mlskit directory serve: --mimi-peer expects <provider>=<certificate file>, got "nofile"\n',
    ]);
  });
});
