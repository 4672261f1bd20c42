import { describe, expect, it } from "vitest";
import { type Capabilities, supportsRequiredCapabilities } from "../src/index.js";

const caps: Capabilities = {
  versions: [1],
  cipherSuites: [1],
  extensions: [0x000a, 0x3a3a],
  proposals: [0x0008],
  credentials: [1],
};
const none = { extensionTypes: [], proposalTypes: [], credentialTypes: [] };

describe("supportsRequiredCapabilities (RFC 9420 §11.1)", () => {
  it("nothing required is always supported", () => {
    expect(supportsRequiredCapabilities(caps, none)).toBe(true);
  });

  it("listed extension, proposal and credential types are supported", () => {
    expect(
      supportsRequiredCapabilities(caps, {
        extensionTypes: [0x000a],
        proposalTypes: [8],
        credentialTypes: [1],
      }),
    ).toBe(true);
  });

  it("default extension (0x0001-0x0005) and proposal (1-7) types are supported without being listed", () => {
    expect(
      supportsRequiredCapabilities(caps, {
        extensionTypes: [1, 2, 3, 4, 5],
        proposalTypes: [1, 2, 3, 4, 5, 6, 7],
        credentialTypes: [],
      }),
    ).toBe(true);
  });

  it("an unlisted non-default extension type is not supported", () => {
    expect(supportsRequiredCapabilities(caps, { ...none, extensionTypes: [0x0006] })).toBe(false);
  });

  it("an unlisted non-default proposal type is not supported", () => {
    expect(supportsRequiredCapabilities(caps, { ...none, proposalTypes: [0x0009] })).toBe(false);
  });

  it("credential types have no default exemption: x509 must be listed", () => {
    expect(supportsRequiredCapabilities(caps, { ...none, credentialTypes: [2] })).toBe(false);
    expect(
      supportsRequiredCapabilities({ ...caps, credentials: [] }, { ...none, credentialTypes: [1] }),
    ).toBe(false);
  });

  it("refuses non-objects with a TypeError", () => {
    expect(() => supportsRequiredCapabilities(null as unknown as Capabilities, none)).toThrow(TypeError);
    expect(() => supportsRequiredCapabilities(caps, undefined as never)).toThrow(TypeError);
  });
});
