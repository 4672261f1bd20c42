/**
 * The client against a scripted `fetch`: requests it sends, answers it decodes, and how it maps
 * the directory's errors (status → category, code and Retry-After kept). The client against the
 * real service is tested in @mlskit/directory (one suite, both backends).
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { createKeyPackage, encodeKeyPackageMessage } from "@mlskit/key-packages";
import { describe, expect, it } from "vitest";
import {
  claimKeyPackages,
  countKeyPackages,
  DirectoryClientErrorCode,
  type DirectoryConnection,
  deleteKeyPackage,
  publishKeyPackages,
} from "../src/index.js";

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
}

function scripted(status: number, body: unknown, headers: Record<string, string> = {}) {
  const sent: Sent[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: init.body as Uint8Array | string | undefined,
    });
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers },
    });
  }) as unknown as typeof fetch;
  const directory: DirectoryConnection = { url: "http://127.0.0.1:9/", token: "mlsk_t", fetch: fetchImpl };
  return { sent, directory };
}

async function makePackage() {
  const suite = await nobleCryptoProvider.getCipherSuite(1);
  return createKeyPackage({
    provider: nobleCryptoProvider,
    cipherSuite: 1,
    credential: basicCredential("alice"),
    signatureKeyPair: await suite.signature.generateKeyPair(),
  });
}

describe("directory client", () => {
  it("publishes MLSMessages back to back with the bearer token", async () => {
    const [a, b] = [await makePackage(), await makePackage()];
    const { sent, directory } = scripted(201, {
      published: [a, b].map((x) => ({ ref: toHex(x.ref), cipherSuite: 1, lastResort: false, notAfter: 1 })),
      replacedLastResort: [],
    });
    const r = await publishKeyPackages(directory, [a.keyPackage, encodeKeyPackageMessage(b.keyPackage)]);
    expect(r.published.map((p) => p.ref)).toEqual([a.ref, b.ref]);
    expect(sent[0]).toMatchObject({ url: "http://127.0.0.1:9/v1/key-packages", method: "POST" });
    expect(sent[0]!.headers).toMatchObject({
      authorization: "Bearer mlsk_t",
      "content-type": "application/mls-message",
    });
    expect(toHex(sent[0]!.body as Uint8Array)).toBe(
      toHex(encodeKeyPackageMessage(a.keyPackage)) + toHex(encodeKeyPackageMessage(b.keyPackage)),
    );
  });

  it("decodes claimed packages, which JSON.stringify writes as the directory wrote them", async () => {
    const a = await makePackage();
    const answer = {
      userId: "alice",
      cipherSuite: 1,
      keyPackages: [
        {
          clientId: "phone",
          ref: toHex(a.ref),
          lastResort: false,
          keyPackage: Buffer.from(encodeKeyPackageMessage(a.keyPackage)).toString("base64"),
        },
      ],
      missingClients: ["laptop"],
    };
    const { sent, directory } = scripted(200, answer);
    const r = await claimKeyPackages(directory, "alice", { cipherSuite: 1 });
    expect(JSON.parse(sent[0]!.body as string)).toEqual({ cipherSuite: 1 });
    expect(sent[0]!.url).toBe("http://127.0.0.1:9/v1/users/alice/claim");
    expect(r.keyPackages[0]!.keyPackage.initKey).toEqual(a.keyPackage.initKey);
    expect(r.keyPackages[0]!.ref).toEqual(a.ref);
    expect(r.missingClients).toEqual(["laptop"]);
    // The ref in hex and the package in base64, as in the server's JSON, not byte arrays as objects.
    expect(JSON.parse(JSON.stringify(r))).toEqual(answer);
    expect(Object.keys(r.keyPackages[0]!)).toEqual([
      "clientId",
      "ref",
      "lastResort",
      "keyPackage",
      "message",
    ]);
  });

  it("maps error answers to categories, keeping the code, status and Retry-After", async () => {
    const cases: [number, string, string, Record<string, string>][] = [
      [429, "DIRECTORY_RATE_LIMITED", "usage", { "retry-after": "17" }],
      [401, "DIRECTORY_INVALID_TOKEN", "usage", {}],
      [422, "KEY_PACKAGE_EXPIRED", "validation", {}],
      [400, "DIRECTORY_MALFORMED_KEY_PACKAGE", "validation", {}],
      [503, "DIRECTORY_STORAGE_FAILURE", "storage", {}],
    ];
    for (const [status, code, category, headers] of cases) {
      const { directory } = scripted(
        status,
        { error: { code, message: "m", details: { check: "KP-22" } } },
        headers,
      );
      const e = await countKeyPackages(directory, { cipherSuite: 1 }).catch((x: unknown) => x);
      expect(MlsError.is(e, code)).toBe(true);
      const m = e as MlsError;
      expect([m.category, m.details.status, m.details.check]).toEqual([category, status, "KP-22"]);
      if (status === 429) expect(m.details.retryAfterSeconds).toBe(17);
    }
  });

  it("reports a non-directory answer and an unreachable directory", async () => {
    const { directory } = scripted(502, "<html>bad gateway</html>");
    const e = await countKeyPackages(directory, { cipherSuite: 1 }).catch((x: unknown) => x);
    expect(MlsError.is(e, DirectoryClientErrorCode.badResponse)).toBe(true);
    const down: DirectoryConnection = {
      url: "http://127.0.0.1:9",
      token: "t",
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch,
    };
    const e2 = await countKeyPackages(down, { cipherSuite: 1 }).catch((x: unknown) => x);
    expect(MlsError.is(e2, DirectoryClientErrorCode.unreachable)).toBe(true);
  });

  it("deleteKeyPackage is false for a package the client does not have", async () => {
    const { directory } = scripted(404, {
      error: { code: "DIRECTORY_KEY_PACKAGE_NOT_FOUND", message: "no" },
    });
    expect(await deleteKeyPackage(directory, new Uint8Array(32))).toBe(false);
    const ok = scripted(204, "");
    expect(await deleteKeyPackage(ok.directory, new Uint8Array(32))).toBe(true);
    expect(ok.sent[0]).toMatchObject({
      method: "DELETE",
      url: `http://127.0.0.1:9/v1/key-packages/${"00".repeat(32)}`,
    });
  });

  it("checks its arguments", async () => {
    const { directory } = scripted(200, {});
    await expect(countKeyPackages(directory, { cipherSuite: -1 })).rejects.toThrow(TypeError);
    await expect(claimKeyPackages(directory, "", { cipherSuite: 1 })).rejects.toThrow(TypeError);
    await expect(countKeyPackages({ url: "ftp://x", token: "t" }, { cipherSuite: 1 })).rejects.toThrow(
      TypeError,
    );
    await expect(publishKeyPackages(directory, "x" as never)).rejects.toThrow(TypeError);
  });
});
