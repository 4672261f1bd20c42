import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { x509Credential } from "@mlskit/credentials";
import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
import { createKeyPackage, encodeKeyPackageMessage } from "@mlskit/key-packages";
// The X.509 package's own test PKI (real certificates made with pkijs over WebCrypto).
import { leafForKey, rootCa } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("mlskit inspect: X.509 credentials", () => {
  it("shows the subject and issuer of every certificate in the chain", async () => {
    const signatureKeyPair = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
    const root = await rootCa("Ed25519", "Example Root CA");
    const leaf = await leafForKey(root, "Ed25519", signatureKeyPair.publicKey);
    const { keyPackage } = await createKeyPackage({
      provider,
      cipherSuite: 1,
      credential: x509Credential([leaf, root.der]),
      signatureKeyPair,
    });
    const file = join(mkdtempSync(join(tmpdir(), "mlskit-x509-")), "kp.mls");
    writeFileSync(file, encodeKeyPackageMessage(keyPackage));

    const r = await runCli(["inspect", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('credential      x509 (0x0002) subject="CN=alice,O=mlskit tests"');
    expect(r.stdout).toMatch(
      /certificate\[0\] {2}subject="CN=alice,O=mlskit tests" issuer="CN=Example Root CA,O=mlskit tests" until \d{4}-/,
    );
    expect(r.stdout).toMatch(
      /certificate\[1\] {2}subject="CN=Example Root CA,O=mlskit tests" issuer="CN=Example Root CA,O=mlskit tests"/,
    );
    const json = JSON.parse((await runCli(["inspect", "--json", file])).stdout);
    expect(json.leafNode.credential.subject).toBe("CN=alice,O=mlskit tests");
  });
});
