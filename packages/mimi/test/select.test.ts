import type { RequiredCapabilities } from "@mlskit/extensions";
import type { Capabilities } from "@mlskit/key-packages";
import { describe, expect, it } from "vitest";
import {
  checkKeyPackageFitsRequest,
  KeyMaterialClientCode,
  type KeyMaterialOffer,
  MimiErrorCode,
  offerFitsRequest,
  rankKeyMaterialOffers,
  unansweredClientStatus,
} from "../src/index.js";
import { codeOf, keyPackage } from "./helpers.js";

const caps = (extensions: number[] = [], credentials: number[] = [1]): Capabilities => ({
  versions: [1],
  cipherSuites: [1, 3],
  extensions,
  proposals: [],
  credentials,
});
const none: RequiredCapabilities = { extensionTypes: [], proposalTypes: [], credentialTypes: [] };
const offer = (
  cipherSuite: number,
  lastResort = false,
  capabilities = caps(),
  name = "",
): KeyMaterialOffer & {
  name: string;
} => ({ cipherSuite, lastResort, capabilities, name });

describe("offerFitsRequest", () => {
  it("needs an acceptable suite", () => {
    expect(offerFitsRequest(offer(1), { acceptableCiphersuites: [1], requiredCapabilities: none })).toBe(
      true,
    );
    expect(offerFitsRequest(offer(2), { acceptableCiphersuites: [1, 3], requiredCapabilities: none })).toBe(
      false,
    );
  });

  it("needs the required capabilities (credential types listed, default types implied)", () => {
    const criteria = {
      acceptableCiphersuites: [1],
      requiredCapabilities: { extensionTypes: [2, 0x000a], proposalTypes: [1], credentialTypes: [1] },
    };
    expect(offerFitsRequest(offer(1, false, caps([0x000a])), criteria)).toBe(true);
    expect(offerFitsRequest(offer(1, false, caps([])), criteria)).toBe(false);
    expect(offerFitsRequest(offer(1, false, caps([0x000a], [2])), criteria)).toBe(false);
  });
});

describe("rankKeyMaterialOffers", () => {
  it("ordinary before last resort, each in the requester's suite order; misfits dropped", () => {
    const offers = [
      offer(1, true, caps(), "lr1"),
      offer(1, false, caps(), "kp1"),
      offer(2, false, caps(), "kp2"),
      offer(3, true, caps(), "lr3"),
      offer(3, false, caps(), "kp3"),
    ];
    const ranked = rankKeyMaterialOffers(offers, {
      acceptableCiphersuites: [3, 1],
      requiredCapabilities: none,
    });
    expect(ranked.map((o) => o.name)).toEqual(["kp3", "kp1", "lr3", "lr1"]);
  });

  it("an ordinary package of a less preferred suite beats the last resort of the preferred one", () => {
    const ranked = rankKeyMaterialOffers([offer(3, true, caps(), "lr3"), offer(1, false, caps(), "kp1")], {
      acceptableCiphersuites: [3, 1],
      requiredCapabilities: none,
    });
    expect(ranked.map((o) => o.name)).toEqual(["kp1", "lr3"]);
  });

  it("keeps the given order within one rank (the store's expiry order)", () => {
    const ranked = rankKeyMaterialOffers(
      [offer(1, false, caps([0x000a]), "a"), offer(1, false, caps(), "b"), offer(1, false, caps([7]), "c")],
      { acceptableCiphersuites: [1], requiredCapabilities: none },
    );
    expect(ranked.map((o) => o.name)).toEqual(["a", "b", "c"]);
  });

  it("drops an offer whose capabilities miss a required type, keeping the last resort that has it", () => {
    const criteria = {
      acceptableCiphersuites: [1],
      requiredCapabilities: { ...none, extensionTypes: [0x000a] },
    };
    const ranked = rankKeyMaterialOffers(
      [offer(1, false, caps(), "old"), offer(1, true, caps([0x000a]), "lr")],
      criteria,
    );
    expect(ranked.map((o) => o.name)).toEqual(["lr"]);
  });

  it("refuses a non-array", () => {
    expect(() =>
      rankKeyMaterialOffers(null as never, { acceptableCiphersuites: [1], requiredCapabilities: none }),
    ).toThrow(TypeError);
  });
});

describe("unansweredClientStatus", () => {
  const criteria = { acceptableCiphersuites: [1], requiredCapabilities: none };
  it("no valid key material at all: keyMaterialExhausted", () => {
    expect(unansweredClientStatus([], criteria)).toBe(KeyMaterialClientCode.keyMaterialExhausted);
  });
  it("key material of other suites only: nothingCompatible", () => {
    expect(unansweredClientStatus([offer(2), offer(5, true)], criteria)).toBe(
      KeyMaterialClientCode.nothingCompatible,
    );
  });
  it("fitting key material that was taken meanwhile: keyMaterialExhausted", () => {
    expect(unansweredClientStatus([offer(1)], criteria)).toBe(KeyMaterialClientCode.keyMaterialExhausted);
  });
});

describe("checkKeyPackageFitsRequest", () => {
  it("accepts a package of an acceptable suite with the required capabilities", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    expect(
      codeOf(() =>
        checkKeyPackageFitsRequest(kp, { acceptableCiphersuites: [3, 1], requiredCapabilities: none }),
      ),
    ).toBeUndefined();
  });

  it("refuses a package of a suite the request did not accept", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    expect(
      codeOf(() =>
        checkKeyPackageFitsRequest(kp, { acceptableCiphersuites: [3], requiredCapabilities: none }),
      ),
    ).toBe(MimiErrorCode.unacceptableCipherSuite);
  });

  it("refuses a package whose capabilities miss a required type", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    expect(
      codeOf(() =>
        checkKeyPackageFitsRequest(kp, {
          acceptableCiphersuites: [1],
          requiredCapabilities: { ...none, credentialTypes: [2] },
        }),
      ),
    ).toBe(MimiErrorCode.missingRequiredCapabilities);
  });
});
