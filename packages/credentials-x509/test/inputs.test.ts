import { x509Credential } from "@mlskit/credentials";
import { NOW } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { createX509Validator, signatureKeyFromCertificate } from "../src/index.js";
import { getWorld } from "./fixtures.js";

const notBytes: unknown[] = [undefined, null, 1, "x", [1, 2], {}, new ArrayBuffer(4)];

describe("createX509Validator: titled input checks", () => {
  it("refuses options that are not an object", () => {
    for (const bad of [undefined, null, 1, "x"])
      expect(() => createX509Validator(bad as never)).toThrow(TypeError);
  });

  it("refuses trust anchors that are missing, empty, not bytes or not certificates", async () => {
    const { root } = await getWorld();
    expect(() => createX509Validator({ trustAnchors: undefined as never })).toThrow(TypeError);
    expect(() => createX509Validator({ trustAnchors: [] })).toThrow(RangeError);
    for (const bad of notBytes)
      expect(() => createX509Validator({ trustAnchors: [root.der, bad as never] })).toThrow(
        /"trustAnchors\[1\]" expected Uint8Array/,
      );
    expect(() => createX509Validator({ trustAnchors: [new Uint8Array([0x30, 0x00])] })).toThrow(
      /"trustAnchors\[0\]" is not a DER X.509 certificate/,
    );
  });

  it("refuses bad identity, allowBasic and maxChainLength", async () => {
    const { root } = await getWorld();
    const trustAnchors = [root.der];
    expect(() => createX509Validator({ trustAnchors, identity: "x" as never })).toThrow(TypeError);
    expect(() => createX509Validator({ trustAnchors, allowBasic: 1 as never })).toThrow(TypeError);
    expect(() => createX509Validator({ trustAnchors, maxChainLength: 1.5 })).toThrow(TypeError);
    expect(() => createX509Validator({ trustAnchors, maxChainLength: 0 })).toThrow(RangeError);
    expect(() => createX509Validator({ trustAnchors, maxChainLength: 1000 })).toThrow(RangeError);
  });

  it("copies the trust anchors (later changes to the caller's bytes do not matter)", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const anchor = root.der.slice();
    const validator = createX509Validator({ trustAnchors: [anchor] });
    anchor.fill(0);
    await validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW });
  });
});

describe("validate: titled input checks", () => {
  it("refuses a bad credential, signature key or context with TypeError", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der] });
    const credential = x509Credential([leaf, intermediate.der]);
    for (const bad of [undefined, null, 1])
      await expect(validator.validate(bad as never, key.publicKey, { now: NOW })).rejects.toThrow(TypeError);
    for (const bad of notBytes)
      await expect(validator.validate(credential, bad as never, { now: NOW })).rejects.toThrow(
        /"signatureKey" expected Uint8Array/,
      );
    for (const bad of [undefined, null, {}, { now: 1 }, { now: "1" }])
      await expect(validator.validate(credential, key.publicKey, bad as never)).rejects.toThrow(/"ctx.now"/);
  });
});

describe("signatureKeyFromCertificate", () => {
  it("refuses non-bytes and returns a copy", async () => {
    const { leaf, key } = await getWorld();
    for (const bad of notBytes) expect(() => signatureKeyFromCertificate(bad as never)).toThrow(TypeError);
    const a = signatureKeyFromCertificate(leaf);
    expect(a).toEqual(key.publicKey);
    a.fill(0);
    expect(signatureKeyFromCertificate(leaf)).toEqual(key.publicKey);
  });
});
