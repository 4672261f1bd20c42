/**
 * The default MIMI authoriser on its own: an accepted requester chain is remembered, and the
 * memory never outlives what the validation proved — past a certificate's or an anchor's
 * notAfter, before the time it was validated at, for another signature key, or after
 * `credentialCacheSeconds` the chain is validated again; the identity binding and consent run
 * on every request.
 */
import { MlsError } from "@mlskit/errors";
import { createKeyMaterialRequest, type KeyMaterialRequest } from "@mlskit/mimi";
import { describe, expect, it, vi } from "vitest";
import { createPeerProviderAuthorizer, type MimiAuthorizer } from "../src/index.js";
import { provider } from "./helpers.js";
import { makeRequester, type Requester } from "./mimi-helpers.js";

const T = BigInt(Math.floor(Date.now() / 1000));

function requestOf(r: Requester, signatureKeyPair = r.signatureKeyPair): Promise<KeyMaterialRequest> {
  return createKeyMaterialRequest({
    provider,
    requestingUser: r.requestingUser,
    targetUser: "mimi://b.example/u/bob",
    acceptableCiphersuites: [1],
    credential: r.credential,
    signatureKeyPair,
  });
}

/** Alice of a.example (`opts` as makeRequester's), an authorizer that trusts her root, and her request. */
async function trustedAlice(opts: Parameters<typeof makeRequester>[2] = {}) {
  const alice = await makeRequester("a.example", "alice", opts);
  const authorize = createPeerProviderAuthorizer({
    peers: [{ provider: "a.example", trustAnchors: [alice.root.der] }],
  });
  return { alice, authorize, request: await requestOf(alice) };
}

/** "allowed", or the error code (and X.509 reason) of a refusal. */
async function outcome(authorize: MimiAuthorizer, request: KeyMaterialRequest, now: bigint): Promise<string> {
  try {
    const a = await authorize({ request, targetUserId: "bob", now });
    return a.allowed ? "allowed" : `refused ${a.userStatus}`;
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return `${e.code} ${String(e.details.reason)}`;
  }
}

describe("createPeerProviderAuthorizer: remembered chains", () => {
  it("does not accept a remembered chain past its end entity's notAfter", async () => {
    const { authorize, request } = await trustedAlice({
      validity: { notBefore: T - 100n, notAfter: T + 100n },
    });
    expect(await outcome(authorize, request, T)).toBe("allowed");
    expect(await outcome(authorize, request, T + 100n)).toBe("allowed");
    expect(await outcome(authorize, request, T + 101n)).toBe(
      "DIRECTORY_MIMI_REQUESTER_REJECTED X509_CERTIFICATE_EXPIRED",
    );
  });

  it("does not accept a remembered chain past the anchor's notAfter", async () => {
    const { authorize, request } = await trustedAlice({
      rootValidity: { notBefore: T - 100n, notAfter: T + 50n },
    });
    expect(await outcome(authorize, request, T)).toBe("allowed");
    expect(await outcome(authorize, request, T + 51n)).toMatch(/^DIRECTORY_MIMI_REQUESTER_REJECTED X509_/);
  });

  it("does not accept a remembered chain at a time before it was validated (a clock set back)", async () => {
    const { authorize, request } = await trustedAlice({
      validity: { notBefore: T, notAfter: T + 1000n },
    });
    expect(await outcome(authorize, request, T + 10n)).toBe("allowed");
    expect(await outcome(authorize, request, T - 5n)).toBe(
      "DIRECTORY_MIMI_REQUESTER_REJECTED X509_CERTIFICATE_NOT_YET_VALID",
    );
  });

  it("does not accept a remembered chain for another signature key", async () => {
    const { alice, authorize, request } = await trustedAlice();
    expect(await outcome(authorize, request, T)).toBe("allowed");
    const otherKey = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
    expect(await outcome(authorize, await requestOf(alice, otherKey), T)).toBe(
      "DIRECTORY_MIMI_REQUESTER_REJECTED X509_KEY_MISMATCH",
    );
  });

  it("validates a chain once within credentialCacheSeconds, again after it, and every time with 0", async () => {
    // The chain's certificate signatures are verified with SubtleCrypto: counting those calls
    // shows when the chain was validated.
    const alice = await makeRequester("a.example", "alice");
    const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
    try {
      const validations = async (authorize: MimiAuthorizer, times: readonly bigint[]) => {
        const request = await requestOf(alice);
        const out: number[] = [];
        for (const t of times) {
          verify.mockClear();
          expect(await outcome(authorize, request, t)).toBe("allowed");
          out.push(verify.mock.calls.length);
        }
        return out;
      };
      const peers = [{ provider: "a.example", trustAnchors: [alice.root.der] }];
      const cached = await validations(createPeerProviderAuthorizer({ peers, credentialCacheSeconds: 10 }), [
        T,
        T + 5n,
        T + 10n,
        T + 11n,
        T + 12n,
      ]);
      expect(cached[0]).toBeGreaterThan(0);
      expect(cached.map((n) => n > 0)).toEqual([true, false, false, true, false]);
      const never = await validations(createPeerProviderAuthorizer({ peers, credentialCacheSeconds: 0 }), [
        T,
        T,
        T + 1n,
      ]);
      expect(never.map((n) => n > 0)).toEqual([true, true, true]);
    } finally {
      verify.mockRestore();
    }
    expect(() =>
      createPeerProviderAuthorizer({
        peers: [{ provider: "a.example", trustAnchors: [alice.root.der] }],
        credentialCacheSeconds: -1,
      }),
    ).toThrow(RangeError);
  });

  it("binds the identity and asks for consent on every request, remembered chain or not", async () => {
    const alice = await makeRequester("a.example", "alice");
    let identityCalls = 0;
    let consent: boolean | 6 = true;
    const authorize = createPeerProviderAuthorizer({
      peers: [
        {
          provider: "a.example",
          trustAnchors: [alice.root.der],
          identity: (info, request) => {
            identityCalls++;
            if (!info.subjectAltNames.some((n) => n.value === request.requestingUser))
              throw new Error("not named");
            if (identityCalls > 2) throw new Error("revoked by the operator");
          },
          consent: () => consent,
        },
      ],
    });
    const request = await requestOf(alice);
    expect(await outcome(authorize, request, T)).toBe("allowed");
    consent = 6;
    expect(await outcome(authorize, request, T)).toBe("refused 6");
    expect(await outcome(authorize, request, T)).toBe("DIRECTORY_MIMI_REQUESTER_REJECTED identity");
    expect(identityCalls).toBe(3);
  });
});
