import { x509Credential } from "@mlskit/credentials";
import { MlsError, ValidationError } from "@mlskit/errors";
import { C, CN, type leafFor, leafForKey, NOW, name, O, san } from "@mlskit/test-kit/pki";
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import {
  createX509Validator,
  describeCertificate,
  X509ErrorCode,
  type X509IdentityInfo,
} from "../src/index.js";
import { getWorld, rejection } from "./fixtures.js";

async function infoFor(extra: Parameters<typeof leafFor>[2]): Promise<X509IdentityInfo> {
  const { root, intermediate, key } = await getWorld();
  const leaf = await leafForKey(intermediate, "P-256", key.publicKey, extra);
  let info: X509IdentityInfo | undefined;
  const validator = createX509Validator({
    trustAnchors: [root.der],
    identity: (i) => {
      info = i;
    },
  });
  await validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW });
  if (info === undefined) throw new Error("identity hook not called");
  return info;
}

describe("identity hook", () => {
  it("receives the subject, issuer, SANs, validity and the validated path", async () => {
    const { root, intermediate, key } = await getWorld();
    // OtherName ::= [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT ANY } (a Microsoft UPN).
    const otherName = new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 0 },
      value: [
        new asn1js.ObjectIdentifier({ value: "1.3.6.1.4.1.311.20.2.3" }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Utf8String({ value: "alice@corp" })],
        }),
      ],
    });
    const info = await infoFor({
      subject: name([C, "FR"], [O, "Example, Inc."], [CN, "alice"]),
      altNames: [
        san.dns("alice.example.com"),
        san.email("alice@example.com"),
        san.uri("im:alice@example.com/device-1"),
        san.ip([192, 0, 2, 1]),
        san.ip([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        otherName,
      ],
    });
    expect(info.subject).toBe("CN=alice,O=Example\\, Inc.,C=FR");
    expect(info.issuer).toBe("CN=mlskit intermediate,O=mlskit tests");
    expect(info.subjectAltNames.slice(0, 5)).toEqual([
      { type: "dns", value: "alice.example.com" },
      { type: "email", value: "alice@example.com" },
      { type: "uri", value: "im:alice@example.com/device-1" },
      { type: "ip", value: "192.0.2.1" },
      { type: "ip", value: "2001:db8::1" },
    ]);
    const upn = info.subjectAltNames[5];
    expect(upn).toMatchObject({ type: "otherName", value: "1.3.6.1.4.1.311.20.2.3" });
    if (upn?.type !== "otherName") throw new Error("expected otherName");
    const inner = asn1js.fromBER(upn.data).result;
    expect(inner instanceof asn1js.Utf8String && inner.getValue()).toBe("alice@corp");
    expect(info.notBefore < NOW && NOW < info.notAfter).toBe(true);
    expect(info.path).toHaveLength(3);
    expect(info.path[1]).toEqual(intermediate.der);
    expect(info.path[2]).toEqual(root.der);
    expect(info.signatureKey).toEqual(key.publicKey);
    expect(info.serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(info.extendedKeyUsage).toBeUndefined();
    expect(Object.isFrozen(info)).toBe(true);
  });

  it("formats RFC 4514 strings: escapes, multi-valued RDNs, OIDs without short names", async () => {
    const info = await infoFor({
      subject: name(
        [
          [O, "A+B"],
          ["2.5.4.11", " padded "],
        ],
        ["1.2.840.113549.1.9.1", "a@b"],
        [CN, "#hash;<x>"],
      ),
    });
    expect(info.subject).toBe(
      "CN=\\#hash\\;\\<x\\>,1.2.840.113549.1.9.1=#0c03614062,O=A\\+B+OU=\\ padded\\ ",
    );
  });

  it("has no SANs when the extension is absent", async () => {
    const info = await infoFor({});
    expect(info.subjectAltNames).toEqual([]);
    expect(info.subject).toBe("CN=alice,O=mlskit tests");
  });

  it("is not called when the chain fails", async () => {
    const { root, key } = await getWorld();
    let called = false;
    const validator = createX509Validator({
      trustAnchors: [root.der],
      identity: () => {
        called = true;
      },
    });
    const { intermediate } = await getWorld();
    const expired = await leafForKey(intermediate, "P-256", key.publicKey, {
      notAfter: NOW - 1n,
    });
    await rejection(
      validator.validate(x509Credential([expired, intermediate.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.certificateExpired,
    );
    expect(called).toBe(false);
  });

  it("rejects with X509_IDENTITY_REJECTED when the hook throws, keeping the cause", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const boom = new Error("not the expected device");
    const validator = createX509Validator({
      trustAnchors: [root.der],
      identity: ({ subject }) => {
        if (subject !== "CN=bob,O=mlskit tests") throw boom;
      },
    });
    const e = await rejection(
      validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.identityRejected,
    );
    expect(e.cause).toBe(boom);
    expect(e.message).toMatch(/not the expected device/);
  });

  it("rejects when an async hook rejects, and records an MlsError's code as hookCode", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({
      trustAnchors: [root.der],
      identity: async () => {
        throw new ValidationError("MY_AS_UNKNOWN_DEVICE", "device not enrolled");
      },
    });
    const e = await rejection(
      validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.identityRejected,
    );
    expect(e.details.hookCode).toBe("MY_AS_UNKNOWN_DEVICE");
    expect(MlsError.is(e.cause, "MY_AS_UNKNOWN_DEVICE")).toBe(true);
  });

  it("accepts when an async hook resolves", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der], identity: async () => {} });
    await validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW });
  });
});

describe("describeCertificate", () => {
  it("summarises a certificate without validating it, and refuses bytes that are not one", async () => {
    const { intermediate, key } = await getWorld();
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      subject: name([O, "Example"], [CN, "alice"]),
      altNames: [san.email("alice@example.com")],
    });
    const d = describeCertificate(leaf);
    expect(d.subject).toBe("CN=alice,O=Example");
    expect(d.issuer).toContain("CN=");
    expect(d.subjectAltNames).toContainEqual({ type: "email", value: "alice@example.com" });
    expect(d.notAfter).toBeGreaterThan(d.notBefore);
    let e: unknown;
    try {
      describeCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3]));
    } catch (x) {
      e = x;
    }
    expect(MlsError.is(e, X509ErrorCode.malformedCertificate)).toBe(true);
    expect(() => describeCertificate("x" as never)).toThrow(TypeError);
  });
});
